// How the event table's sortable columns map onto store view orders. Header columns use the store's
// built-in numeric keys (time, id, pid, ...). Provider, event and process sort by *name*, which the
// store does not know: they use a custom key, the rank of the row's name among the names present,
// computed once per sort. Ranks go stale when new names appear (a live capture meets a new provider,
// the decoder learns a schema, a process starts); `epoch` tells the engine when to rebuild the view.
// Property columns (`prop:Header.Size`) sort by the decoded value: property-sort.ts.
import {
  PROPERTY_SORT_PREFIX,
  type PropertySortColumn,
  type SortColumn,
  type ViewSort,
} from '../../common/ipc/messages';
import type { RawEvent, RecordKind } from '../events/raw-event';
import type { EventStore, SortKey, ViewOptions } from '../store/index';
import { propertyOrder } from './property-sort';
import type { RowContext } from './row-filter';

const BUILTIN: Partial<Record<SortColumn, SortKey>> = {
  time: 'time',
  id: 'id',
  version: 'version',
  opcode: 'opcode',
  task: 'task',
  level: 'level',
  pid: 'pid',
  tid: 'tid',
  cpu: 'cpu',
  size: 'size',
};

export interface ViewOrder {
  options: Pick<ViewOptions, 'sortKey' | 'key' | 'batchKey' | 'descending'>;
  /** A number that changes when the order must be rebuilt (name ranks changed); constant for built-ins. */
  epoch(): number;
}

export const DEFAULT_SORT: ViewSort = { column: 'time', descending: false };

/** True for a property column's sort (`prop:` and a path). */
function isPropertySort(column: ViewSort['column']): column is PropertySortColumn {
  return column.startsWith(PROPERTY_SORT_PREFIX);
}

/** The property path of a property sort: `prop:Header.Size` → ['Header', 'Size']. */
function propertySortPath(column: PropertySortColumn): string[] {
  return column.slice(PROPERTY_SORT_PREFIX.length).split('.');
}

export function viewOrder(sort: ViewSort, store: EventStore, ctx: RowContext): ViewOrder {
  const descending = sort.descending;
  if (isPropertySort(sort.column)) {
    const { epoch, ...options } = propertyOrder(propertySortPath(sort.column), ctx, descending);
    return { options, epoch };
  }
  const sortKey = BUILTIN[sort.column];
  if (sortKey) return { options: { sortKey, descending }, epoch: () => 0 };
  switch (sort.column) {
    case 'provider': {
      const ranks = rankNames(
        Array.from({ length: store.providers.count }, (_, p) => {
          const id = store.providers.id(p);
          return ctx.names.providerName(id) || id;
        }),
      );
      return {
        options: { key: (row) => ranks[row.providerIndex] ?? Infinity, descending },
        epoch: () => store.providers.count * 1e6 + ctx.names.generation,
      };
    }
    case 'event': {
      const ranks = rankNames(
        Array.from({ length: store.descriptors.count }, (_, d) => {
          const names = ctx.names.forRaw(descriptorRaw(store, d));
          return `${names.eventName}\u0000${names.providerName}`;
        }),
      );
      return {
        options: { key: (row) => ranks[row.descriptorIndex] ?? Infinity, descending },
        epoch: () => store.descriptors.count * 1e6 + ctx.names.generation,
      };
    }
    case 'process': {
      const names = ctx.enricher.processNames().sort(compareText);
      const rank = new Map(names.map((n, i) => [n, i]));
      return {
        options: {
          key: (row) => rank.get(ctx.enricher.processName(row) ?? '') ?? Infinity,
          descending,
        },
        epoch: () => ctx.enricher.generation,
      };
    }
    default:
      return { options: { sortKey: 'time', descending }, epoch: () => 0 };
  }
}

/** rank[i] of each name in case-insensitive order (equal names share a rank). */
function rankNames(names: string[]): Float64Array {
  const order = names.map((_, i) => i).sort((a, b) => compareText(names[a] as string, names[b] as string));
  const ranks = new Float64Array(names.length);
  let rank = 0;
  order.forEach((i, k) => {
    if (k > 0 && compareText(names[order[k - 1] as number] as string, names[i] as string) !== 0) rank++;
    ranks[i] = rank;
  });
  return ranks;
}

function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

const NO_BYTES = new Uint8Array(0);

/** A header-only RawEvent for descriptor `d` (enough for a schema lookup; TraceLogging names need the row). */
export function descriptorRaw(store: EventStore, d: number): RawEvent {
  const t = store.descriptors;
  return {
    kind: t.kind(d) as RecordKind,
    headerType: t.headerType(d),
    pointerSize: t.pointerSize(d),
    ticks: 0,
    cpu: 0,
    pid: -1,
    tid: -1,
    providerId: store.providers.id(t.providerIndex(d)),
    id: t.id(d),
    version: t.version(d),
    channel: t.channel(d),
    level: t.level(d),
    opcode: t.opcode(d),
    task: t.task(d),
    keywords: t.keywords(d),
    flags: t.flags(d),
    group: t.group(d),
    activityId: '',
    ext: [],
    payload: NO_BYTES,
    bufferOffset: -1,
    recordOffset: -1,
  };
}
