// What the events view shows of a stored event: the table row (the `etwx dump` object without the raw
// bytes, plus its view index, seq, relative ticks, process name and a one-line summary of the
// properties) and the detail pane (every property with its schema type, value and display text;
// extended data; the call stack — from extended data or attached kernel StackWalk records, frames as
// module + offset (call-stack.ts); process; the payload in hex). Both decode the stored raw record on
// demand: nothing is decoded for rows nobody looks at.
import type { DetailProperty, EventDetail, EventRow } from '../../common/ipc/messages';
import { RAW_HEX_LIMIT } from '../../common/ipc/messages';
import type { PropValue } from '../../common/model/event';
import type { FieldSchema } from '../../common/model/schema';
import { eventJsonOf, type DecodedEvent } from '../decode/index';
import type { RawEvent, TraceClock } from '../events/raw-event';
import type { StoredEventView } from '../store/index';
import type { CallStacks } from './call-stack';
import type { RowContext } from './row-filter';

/** Longest summary line (characters): the table shows one line of it. */
export const SUMMARY_LIMIT = 400;
const VALUE_LIMIT = 160;
const ARRAY_PREVIEW = 6;

export function eventRow(
  cursor: StoredEventView,
  index: number,
  clock: TraceClock,
  ctx: RowContext,
): EventRow {
  const raw = cursor.raw();
  const decoded = ctx.decoder.decodeKnown(raw);
  const json = eventJsonOf(raw, clock, decoded);
  delete json.raw;
  const row: EventRow = { ...json, index, seq: cursor.seq, ticks: raw.ticks, summary: summaryLine(decoded) };
  const processName = ctx.enricher.processName(cursor, decoded);
  if (processName !== undefined) row.processName = processName;
  return row;
}

export function eventDetail(
  captureId: string,
  cursor: StoredEventView,
  clock: TraceClock,
  ctx: RowContext,
  stacks: CallStacks,
): EventDetail {
  const raw = cursor.raw();
  const decoded = ctx.decoder.decodeKnown(raw);
  const event = eventJsonOf(raw, clock, decoded);
  delete event.raw;
  const payload = raw.payload;
  const detail: EventDetail = {
    captureId,
    seq: cursor.seq,
    event,
    ticks: raw.ticks,
    properties: detailProperties(decoded),
    names: schemaNames(raw, decoded, ctx),
    rawHex: hex(payload.subarray(0, RAW_HEX_LIMIT)),
    payloadLength: payload.length,
  };
  const process = ctx.enricher.processDetail(cursor, decoded);
  if (process) detail.process = process;
  const callStack = stacks.of(cursor.seq, raw, event.ext);
  if (callStack !== undefined) {
    detail.callStack = callStack;
    detail.stack = callStack.frames.map((frame) => frame.address);
  }
  if (decoded.error !== null) detail.decodeError = decoded.error;
  return detail;
}

function schemaNames(raw: RawEvent, decoded: DecodedEvent, ctx: RowContext): EventDetail['names'] {
  const entry = decoded.entry;
  const names: EventDetail['names'] = {};
  if (!entry) return names;
  if (entry.taskName) names.task = entry.taskName;
  if (entry.opcodeName) names.opcode = entry.opcodeName;
  const level = ctx.decoder.registry.levelName(entry, raw.level);
  if (level) names.level = level;
  const kinds = [...new Set(entry.provider.sources.map((s) => s.source.kind))];
  if (kinds.length > 0) names.schemaSource = kinds.join(', ');
  return names;
}

function detailProperties(decoded: DecodedEvent): DetailProperty[] {
  const fields = new Map<string, FieldSchema>();
  for (const f of decoded.entry?.schema.fields ?? []) fields.set(f.name, f);
  const display = decoded.display;
  const out: DetailProperty[] = [];
  for (const [name, value] of Object.entries(decoded.props)) {
    const f = fields.get(name);
    const property: DetailProperty = { name, type: f ? typeName(f) : jsonType(value), value };
    const text = display?.[name];
    if (text !== undefined) property.display = text;
    out.push(property);
  }
  return out;
}

function typeName(f: FieldSchema): string {
  const base = f.outType ? `${f.inType}/${f.outType}` : f.inType;
  return f.count !== undefined ? `${base}[]` : base;
}

function jsonType(value: PropValue): string {
  if (Array.isArray(value)) return 'array';
  return value === null ? 'null' : typeof value;
}

/** `Name=value Name2=value2`, display strings first, values clipped, the line clipped at SUMMARY_LIMIT. */
export function summaryLine(decoded: DecodedEvent): string {
  const display = decoded.display;
  let line = '';
  for (const [name, value] of Object.entries(decoded.props)) {
    const text = display?.[name] ?? valueText(value);
    line += `${line === '' ? '' : '  '}${name}=${clip(text, VALUE_LIMIT)}`;
    if (line.length >= SUMMARY_LIMIT) return clip(line, SUMMARY_LIMIT);
  }
  if (line === '' && decoded.error !== null) return `(${decoded.error})`;
  return line;
}

function valueText(value: PropValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) {
    const shown = value.slice(0, ARRAY_PREVIEW).map(valueText).join(', ');
    return `[${shown}${value.length > ARRAY_PREVIEW ? `, … ${value.length} items` : ''}]`;
  }
  if (typeof value === 'object') {
    const parts = Object.entries(value)
      .slice(0, ARRAY_PREVIEW)
      .map(([k, v]) => `${k}=${valueText(v)}`);
    return `{${parts.join(' ')}${Object.keys(value).length > ARRAY_PREVIEW ? ' …' : ''}}`;
  }
  return String(value);
}

function clip(text: string, limit: number): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number] as string;
  return out;
}
