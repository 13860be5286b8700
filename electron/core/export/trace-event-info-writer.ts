// Builds TRACE_EVENT_INFO and EVENT_MAP_INFO blobs (tdh.h) from our schema model: the inverse of
// decode/trace-event-info.ts (parseTraceEventInfo / parseEventMapInfo), whose header comment has the
// byte layouts. The .etl writer stores them as KernelTraceControl MetaData events (type 32
// EventInfo, type 33 EventMapInfo) so a capture decodes without its providers' manifests, in this
// app and in Windows tools, as xperf/PerfView merges do.
// Properties are laid out as TDH does: the top-level fields first (indices 0..TopLevelPropertyCount-1),
// then the members of each struct, appended breadth-first; count and length references are
// property indices (resolved by name: sibling first, then top level). Fixed-size types carry their
// size in Length, as TDH reports it. Strings follow the property array as UTF-16Z.
import type { EventSchema, FieldSchema, MapSchema } from '../../common/model/schema';
import { InType, inTypeValue, outTypeValue } from '../../common/model/tdh';
import { ZERO_GUID } from '../binary/guid';
import { ByteBuilder } from './byte-builder';

export const DecodingSource = { XmlFile: 0, Wbem: 1 } as const;

export interface TraceEventInfoNames {
  /** TRACE_EVENT_INFO.EventGuid: the MOF class GUID for classic (WBEM) events; zero otherwise. */
  eventGuid?: string;
  /** 0 XML manifest (default), 1 WBEM (classic). */
  decodingSource?: number;
  levelName?: string;
  channelName?: string;
  keywordNames?: readonly string[];
  taskName?: string;
  opcodeName?: string;
  providerMessage?: string;
}

const HEADER_SIZE = 0x70;
const PROPERTY_SIZE = 0x18;
const MAX_PROPERTIES = 0xffff;

const PropertyFlag = {
  Struct: 0x1,
  ParamLength: 0x2,
  ParamCount: 0x4,
  ParamFixedLength: 0x10,
  ParamFixedCount: 0x20,
} as const;

/** Sizes TDH reports in Length for fixed-size in-types (0 = variable or pointer-sized). */
const FIXED_SIZE: Readonly<Record<number, number>> = {
  [InType.Int8]: 1,
  [InType.UInt8]: 1,
  [InType.Int16]: 2,
  [InType.UInt16]: 2,
  [InType.Int32]: 4,
  [InType.UInt32]: 4,
  [InType.Int64]: 8,
  [InType.UInt64]: 8,
  [InType.Float]: 4,
  [InType.Double]: 8,
  [InType.Boolean]: 4,
  [InType.GUID]: 16,
  [InType.FILETIME]: 8,
  [InType.SYSTEMTIME]: 16,
  [InType.HexInt32]: 4,
  [InType.HexInt64]: 8,
  [InType.UnicodeChar]: 2,
  [InType.AnsiChar]: 1,
};

/** Numeric in-type of a schema type name ("UInt32", "InType300"); throws on an unknown name. */
function inTypeNumber(name: string): number {
  const v = inTypeValue(name);
  if (v === undefined) throw new Error(`unknown in-type '${name}'`);
  return v;
}

/** Numeric out-type of a schema out-type name ("HexInt32", "OutType40"); throws on an unknown name. */
function outTypeNumber(name: string): number {
  const v = outTypeValue(name);
  if (v === undefined) throw new Error(`unknown out-type '${name}'`);
  return v;
}

/** Collects UTF-16Z strings after a fixed part; offsets are from the blob start. */
class StringTable {
  private readonly b = new ByteBuilder(512);
  private readonly seen = new Map<string, number>();

  constructor(private readonly base: number) {}

  offset(s: string | undefined): number {
    if (s === undefined || s === '') return 0;
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    const at = this.base + this.b.length;
    this.b.utf16z(s);
    this.seen.set(s, at);
    return at;
  }

  /** A list of strings ending with an empty one (KeywordsName); 0 when the list is empty. */
  list(items: readonly string[]): number {
    if (items.length === 0) return 0;
    const at = this.base + this.b.length;
    for (const s of items) this.b.utf16z(s);
    this.b.u16(0);
    return at;
  }

  bytes(): Uint8Array {
    return this.b.done();
  }
}

interface FlatProperty {
  field: FieldSchema;
  /** Fields of the list this property belongs to (for sibling references). */
  siblings: readonly FieldSchema[];
  /** Index of the first member, for structs. */
  structStart: number;
}

/** Flattens fields into TDH property order: each list's fields together, struct members after. */
function flatten(top: readonly FieldSchema[]): FlatProperty[] {
  const out: FlatProperty[] = top.map((field) => ({ field, siblings: top, structStart: 0 }));
  for (let i = 0; i < out.length; i++) {
    const p = out[i] as FlatProperty;
    const members = p.field.fields;
    if (p.field.inType !== 'Struct' || !members) continue;
    p.structStart = out.length;
    for (const m of members) out.push({ field: m, siblings: members, structStart: 0 });
    if (out.length > MAX_PROPERTIES) throw new RangeError(`more than ${MAX_PROPERTIES} properties`);
  }
  return out;
}

function referenceIndex(
  props: readonly FlatProperty[],
  from: FlatProperty,
  name: string,
  what: string,
): number {
  const own = props.findIndex((p) => p.siblings === from.siblings && p.field.name === name);
  if (own >= 0) return own;
  const top = props.findIndex((p) => p.siblings === props[0]?.siblings && p.field.name === name);
  if (top >= 0) return top;
  throw new Error(`field '${from.field.name}': ${what} refers to '${name}', which is not a field`);
}

/**
 * TRACE_EVENT_INFO for one event. Throws (with the field and reason) when the schema cannot be
 * expressed: an unknown type name, or a count/length that names no field.
 */
export function buildTraceEventInfo(
  providerGuid: string,
  providerName: string,
  event: EventSchema,
  names: TraceEventInfoNames = {},
): Uint8Array {
  const props = flatten(event.fields);
  const fixed = HEADER_SIZE + props.length * PROPERTY_SIZE;
  const strings = new StringTable(fixed);
  const b = new ByteBuilder(fixed + 512);
  b.guid(providerGuid).guid(names.eventGuid ?? ZERO_GUID);
  b.u16(event.id)
    .u8(event.version)
    .u8(event.channel ?? 0)
    .u8(event.level)
    .u8(event.opcode)
    .u16(event.task)
    .u64(BigInt(event.keywords));
  b.u32(names.decodingSource ?? DecodingSource.XmlFile);
  b.u32(strings.offset(providerName))
    .u32(strings.offset(names.levelName))
    .u32(strings.offset(names.channelName))
    .u32(strings.list(names.keywordNames ?? []))
    .u32(strings.offset(names.taskName))
    .u32(strings.offset(names.opcodeName))
    .u32(strings.offset(event.message))
    .u32(strings.offset(names.providerMessage))
    .u32(0) // BinaryXmlOffset
    .u32(0) // BinaryXmlSize
    .u32(strings.offset(event.name)) // EventNameOffset
    .u32(0) // EventAttributesOffset
    .u32(props.length)
    .u32(event.fields.length)
    .u32(0); // Flags
  for (const p of props) {
    const f = p.field;
    let flags = 0;
    let a: number;
    let bField: number;
    let count = 1;
    let length = 0;
    if (f.inType === 'Struct') {
      flags |= PropertyFlag.Struct;
      a = p.structStart;
      bField = f.fields?.length ?? 0;
    } else {
      a = inTypeNumber(f.inType);
      bField = f.outType !== undefined ? outTypeNumber(f.outType) : 0;
      if (typeof f.length === 'string') {
        flags |= PropertyFlag.ParamLength;
        length = referenceIndex(props, p, f.length, 'length');
      } else if (typeof f.length === 'number') {
        flags |= PropertyFlag.ParamFixedLength;
        length = f.length;
      } else length = FIXED_SIZE[a] ?? 0;
    }
    if (typeof f.count === 'string') {
      flags |= PropertyFlag.ParamCount;
      count = referenceIndex(props, p, f.count, 'count');
    } else if (typeof f.count === 'number') {
      flags |= PropertyFlag.ParamFixedCount;
      count = f.count;
    }
    if (count > 0xffff || length > 0xffff) {
      throw new RangeError(`field '${f.name}': count ${count} / length ${length} do not fit 16 bits`);
    }
    b.u32(flags)
      .u32(strings.offset(f.name))
      .u16(a)
      .u16(bField)
      .u32(f.map !== undefined && f.inType !== 'Struct' ? strings.offset(f.map) : 0)
      .u16(count)
      .u16(length)
      .u32(0);
  }
  b.bytes(strings.bytes());
  return b.done();
}

const MapFlag = { ValueMap: 0x1, Bitmap: 0x2 } as const;
const MAP_HEADER = 16;
const MAP_ENTRY = 8;

/** EVENT_MAP_INFO for a value map or bitmap (numeric values, ValueType ULONG). */
export function buildEventMapInfo(map: MapSchema): Uint8Array {
  const fixed = MAP_HEADER + map.entries.length * MAP_ENTRY;
  const strings = new StringTable(fixed);
  const b = new ByteBuilder(fixed + 256);
  b.u32(strings.offset(map.name))
    .u32(map.kind === 'bitmap' ? MapFlag.Bitmap : MapFlag.ValueMap)
    .u32(map.entries.length)
    .u32(0);
  for (const e of map.entries) b.u32(strings.offset(e.message)).u32(e.value);
  b.bytes(strings.bytes());
  return b.done();
}
