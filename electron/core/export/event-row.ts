// The tabular shape of a decoded event, shared by every row format (CSV, Parquet) and by `etwx dump
// --format csv`: the header columns in a fixed order, chosen property columns, and the text of a
// value in a cell. JSON Lines uses EventJson itself (eventJsonOf in decode/decoder.ts). CSV quoting
// follows RFC 4180: a field holding a comma, a quote, CR or LF is quoted, quotes are doubled, rows
// end with CRLF.
import { EXPORT_HEADER_COLUMNS } from '../../common/ipc/export-messages';
import type { EventJson, PropValue } from '../../common/model/event';
import { propAt } from '../filter/subject';

/** Header columns of every row, in order (the contract's list: the export dialog shows the same). */
export const HEADER_COLUMNS = EXPORT_HEADER_COLUMNS;

/** Columns after the header and property columns: decoded props as JSON, ext items, undecoded bytes. */
export const TRAILING_COLUMNS = ['props', 'ext', 'raw', 'decodeError'] as const;

/** A property column: `Size`, `Header.Size`, `props.Items.0` (a leading `props.` is dropped). */
export interface PropColumn {
  /** Column name in the output: the path without `props.` (kept when it would clash). */
  name: string;
  path: string[];
}

/** Parses column specs; a name that equals a header or trailing column is written `props.<name>`. */
export function propColumns(specs: readonly string[]): PropColumn[] {
  const taken = new Set<string>([...HEADER_COLUMNS, ...TRAILING_COLUMNS]);
  const out: PropColumn[] = [];
  for (const spec of specs) {
    const path = spec.trim().replace(/^props\./, '');
    if (path === '') continue;
    const name = taken.has(path) ? `props.${path}` : path;
    if (taken.has(name)) continue;
    taken.add(name);
    out.push({ name, path: path.split('.') });
  }
  return out;
}

/** The header row's column names for the given options. */
export function rowColumnNames(props: readonly PropColumn[], propsJson: boolean): string[] {
  const trailing = propsJson ? TRAILING_COLUMNS : TRAILING_COLUMNS.filter((c) => c !== 'props');
  return [...HEADER_COLUMNS, ...props.map((p) => p.name), ...trailing];
}

/** Text of a value in a cell: strings as they are, numbers and booleans printed, objects as JSON. */
export function cellText(v: PropValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** One RFC 4180 field. */
export function csvField(v: string): string {
  return NEEDS_QUOTES.test(v) ? `"${v.replace(QUOTE, '""')}"` : v;
}

/** One CSV row (without the line end) of an event. */
export function csvRow(j: EventJson, props: readonly PropColumn[], propsJson: boolean): string {
  let line =
    csvField(j.ts) +
    ',' +
    csvField(j.provider.name) +
    ',' +
    j.provider.guid +
    ',' +
    csvField(j.event.name) +
    ',' +
    j.event.id +
    ',' +
    j.event.version +
    ',' +
    j.event.opcode +
    ',' +
    j.event.task +
    ',' +
    j.event.level +
    ',' +
    j.event.keywords +
    ',' +
    j.event.channel +
    ',' +
    j.pid +
    ',' +
    j.tid +
    ',' +
    j.cpu +
    ',' +
    j.classic;
  for (const p of props) line += ',' + csvField(cellText(propAt(j.props, p.path)));
  if (propsJson) line += ',' + csvField(JSON.stringify(j.props));
  line += ',' + (j.ext ? csvField(JSON.stringify(j.ext)) : '');
  line += ',' + (j.raw ?? '');
  line += ',' + (j.decodeError !== undefined ? csvField(j.decodeError) : '');
  return line;
}
