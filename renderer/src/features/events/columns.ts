// The event table's columns: built-in header columns and property columns (`props.Name`) the user
// adds. Each column says how to show a row's value, which sort it maps to (if any; a property column
// sorts by its decoded value, `prop:Name`), and how to turn a cell into a filter clause for
// "include / exclude this value".
import { PROPERTY_SORT_PREFIX, type EventRow, type ViewSort } from '@common/ipc/messages';
import type { PropValue } from '@common/model/event';
import { literal, quote, secondsLiteral } from './filter-text';

export type TimeMode = 'absolute' | 'relative';

export interface ColumnDef {
  id: string;
  label: string;
  /** Initial width in pixels. */
  width: number;
  align?: 'right';
  mono?: boolean;
  sort?: ViewSort['column'];
  text(row: EventRow, time: TimeMode): string;
  /** The filter clause meaning "this cell's value", or undefined when the column cannot filter. */
  clause?(row: EventRow): string | undefined;
}

const LEVELS = ['Always', 'Critical', 'Error', 'Warning', 'Info', 'Verbose'];

export function levelText(level: number): string {
  return LEVELS[level] ?? String(level);
}

/** `HH:MM:SS.fffffff` (UTC) from the row's ISO time. */
export function clockTime(iso: string): string {
  const t = iso.indexOf('T');
  return t >= 0 ? iso.slice(t + 1, iso.length - (iso.endsWith('Z') ? 1 : 0)) : iso;
}

export function relativeTime(ticks: number): string {
  return (ticks / 1e7).toFixed(7);
}

const providerLabel = (row: EventRow) => row.provider.name || row.provider.guid;

export const BUILTIN_COLUMNS: ColumnDef[] = [
  {
    id: 'time',
    label: 'Time',
    width: 136,
    mono: true,
    sort: 'time',
    text: (row, mode) => (mode === 'absolute' ? clockTime(row.ts) : relativeTime(row.ticks)),
  },
  {
    id: 'provider',
    label: 'Provider',
    width: 230,
    sort: 'provider',
    text: providerLabel,
    clause: (row) => `provider == ${quote(row.provider.name || row.provider.guid)}`,
  },
  {
    id: 'event',
    label: 'Event',
    width: 200,
    sort: 'event',
    text: (row) => row.event.name,
    clause: (row) => `event == ${quote(row.event.name)}`,
  },
  {
    id: 'id',
    label: 'Id',
    width: 52,
    align: 'right',
    sort: 'id',
    text: (row) => String(row.event.id),
    clause: (row) => `id == ${row.event.id}`,
  },
  {
    id: 'opcode',
    label: 'Opcode',
    width: 62,
    align: 'right',
    sort: 'opcode',
    text: (row) => String(row.event.opcode),
    clause: (row) => `opcode == ${row.event.opcode}`,
  },
  {
    id: 'level',
    label: 'Level',
    width: 68,
    sort: 'level',
    text: (row) => levelText(row.event.level),
    clause: (row) => `level == ${row.event.level}`,
  },
  {
    id: 'pid',
    label: 'PID',
    width: 64,
    align: 'right',
    sort: 'pid',
    text: (row) => (row.pid < 0 ? '' : String(row.pid)),
    clause: (row) => `pid == ${row.pid}`,
  },
  {
    id: 'process',
    label: 'Process',
    width: 140,
    sort: 'process',
    text: (row) => row.processName ?? '',
    clause: (row) => (row.processName ? `process.name == ${quote(row.processName)}` : undefined),
  },
  {
    id: 'tid',
    label: 'TID',
    width: 64,
    align: 'right',
    sort: 'tid',
    text: (row) => (row.tid < 0 ? '' : String(row.tid)),
    clause: (row) => `tid == ${row.tid}`,
  },
  {
    id: 'cpu',
    label: 'CPU',
    width: 44,
    align: 'right',
    sort: 'cpu',
    text: (row) => String(row.cpu),
    clause: (row) => `cpu == ${row.cpu}`,
  },
  {
    id: 'summary',
    label: 'Properties',
    width: 600,
    mono: true,
    text: (row) => row.summary,
  },
];

/** Columns shown until the user picks others. */
export const DEFAULT_COLUMNS = [
  'time',
  'provider',
  'event',
  'id',
  'level',
  'pid',
  'process',
  'tid',
  'cpu',
  'summary',
];

export const PROP_PREFIX = 'props.';

/** A property column: shows `props.<path>` (dotted struct members) of each row. */
export function propertyColumn(id: string): ColumnDef {
  const path = id.slice(PROP_PREFIX.length).split('.');
  const valueOf = (row: EventRow): PropValue | undefined => {
    let v: PropValue | undefined = row.props;
    for (const p of path) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
      v = v[p];
    }
    return v;
  };
  return {
    id,
    label: path.join('.'),
    width: 140,
    mono: true,
    sort: `${PROPERTY_SORT_PREFIX}${path.join('.')}`,
    text: (row) => {
      const display = path.length === 1 ? row.display?.[path[0] as string] : undefined;
      if (display !== undefined) return display;
      const v = valueOf(row);
      return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    },
    clause: (row) => {
      const v = valueOf(row);
      return v === undefined || (typeof v === 'object' && v !== null) ? undefined : `${id} == ${literal(v)}`;
    },
  };
}

/** True when one of the columns `ids` sorts by `column` (a removed property column's sort does not). */
export function sortHasColumn(column: ViewSort['column'], ids: readonly string[]): boolean {
  return ids.some((id) => columnById(id)?.sort === column);
}

export function columnById(id: string): ColumnDef | undefined {
  if (id.startsWith(PROP_PREFIX)) return propertyColumn(id);
  return BUILTIN_COLUMNS.find((c) => c.id === id);
}

/** "From this time" / "until this time" clauses for the time column. */
export const timeClauses = (row: EventRow) => ({
  from: `time >= ${secondsLiteral(row.ticks)}`,
  until: `time <= ${secondsLiteral(row.ticks)}`,
});
