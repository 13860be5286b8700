// TRACE_EVENT_INFO and EVENT_MAP_INFO (tdh.h), parsed from raw bytes. One module for every place
// these blobs come from: KernelTraceControl MetaData events in merged .etl files (EventInfo /
// EventMapInfo), TdhGetEventInformation output copied by the live addon, and manifest inspection
// on Windows. Layouts (all offsets from the start of the blob, little-endian):
//   TRACE_EVENT_INFO (0x70 + 0x18 × PropertyCount): ProviderGuid @0, EventGuid @10, EVENT_DESCRIPTOR
//   @20 {Id u16, Version u8, Channel u8, Level u8, Opcode u8, Task u16, Keyword u64}, DecodingSource
//   @30, then u32 offsets ProviderName @34, LevelName @38, ChannelName @3C, KeywordsName @40 (a list of
//   UTF-16Z strings ending with an empty one), TaskName @44, OpcodeName @48, EventMessage @4C,
//   ProviderMessage @50, BinaryXml @54 / size @58, EventName (ActivityIDName before Win10) @5C,
//   EventAttributes (RelatedActivityIDName) @60, PropertyCount @64, TopLevelPropertyCount @68,
//   Flags @6C, EVENT_PROPERTY_INFO[] @70.
//   EVENT_PROPERTY_INFO (0x18): Flags u32 (1 Struct, 2 ParamLength, 4 ParamCount, 8 WbemXmlFragment,
//   0x10 ParamFixedLength, 0x20 ParamFixedCount), NameOffset u32, InType|StructStartIndex u16,
//   OutType|NumOfStructMembers u16, MapNameOffset u32, Count|CountPropertyIndex u16,
//   Length|LengthPropertyIndex u16, Reserved/Tags u32.
//   EVENT_MAP_INFO (0x10 + 8 × EntryCount): NameOffset, Flag (1 ValueMap, 2 Bitmap, 4 PatternMap,
//   8 WbemValueMap, 0x10 WbemBitmap, 0x20 WbemFlag, 0x40 WbemNoMap), EntryCount, ValueType
//   (0 ULONG, 1 string), EVENT_MAP_ENTRY {OutputOffset u32, Value|InputOffset u32}[].
// Sources: MS docs (tdh.h structs), TraceEvent RegisteredTraceEventParser.cs (TdhEventParser).
// Every offset and count read from a blob is bounded by the blob; problems become diagnostics.

import type { EventSchema, FieldSchema, MapSchema, SchemaDiagnostic } from '../../common/model/schema';
import { InType, inTypeName, outTypeName } from '../../common/model/tdh';
import { guidToString } from '../binary/guid';

export const DecodingSource = { XmlFile: 0, Wbem: 1, Wpp: 2, Tlg: 3 } as const;

export interface TraceEventInfo {
  providerGuid: string;
  /** MOF class GUID for classic (WBEM) events; the task GUID otherwise (often zero). */
  eventGuid: string;
  providerName?: string;
  /** Fields with count/length references resolved to field names. */
  event: EventSchema;
  levelName?: string;
  taskName?: string;
  opcodeName?: string;
  channelName?: string;
  keywordNames: string[];
  message?: string;
  providerMessage?: string;
  /** 0 XML manifest, 1 WBEM (MOF, classic), 2 WPP, 3 TraceLogging. */
  decodingSource: number;
}

export interface TraceEventInfoResult {
  info: TraceEventInfo | null;
  diagnostics: SchemaDiagnostic[];
}

const HEADER_SIZE = 0x70;
const PROPERTY_SIZE = 0x18;
const MAX_DEPTH = 32;

const PropertyFlag = {
  Struct: 0x1,
  ParamLength: 0x2,
  ParamCount: 0x4,
  ParamFixedLength: 0x10,
  ParamFixedCount: 0x20,
} as const;

class BlobStrings {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly diagnostics: SchemaDiagnostic[],
    private readonly what: string,
  ) {}

  /** The UTF-16Z string at `offset` (0 = absent). Out of bounds or unterminated → diagnostic. */
  at(offset: number, field: string): string | undefined {
    if (offset === 0) return undefined;
    const b = this.bytes;
    if (offset < 0 || offset + 2 > b.length) {
      this.diagnostics.push({
        offset,
        code: 'BAD_OFFSET',
        message: `${this.what}: ${field} offset 0x${offset.toString(16)} is outside the ${b.length}-byte blob`,
      });
      return undefined;
    }
    let end = offset;
    while (end + 1 < b.length && (b[end] !== 0 || b[end + 1] !== 0)) end += 2;
    if (end + 1 >= b.length) {
      this.diagnostics.push({
        offset,
        code: 'UNTERMINATED_STRING',
        message: `${this.what}: ${field} at 0x${offset.toString(16)} has no terminator inside the blob`,
      });
      return undefined;
    }
    return utf16.decode(b.subarray(offset, end));
  }

  /** A list of UTF-16Z strings ending with an empty one (keyword names). */
  list(offset: number, field: string): string[] {
    const out: string[] = [];
    let at = offset;
    while (at !== 0 && at + 2 <= this.bytes.length && out.length < 64) {
      const s = this.at(at, field);
      if (s === undefined || s === '') break;
      out.push(s);
      at += (s.length + 1) * 2;
    }
    return out;
  }
}

const utf16 = new TextDecoder('utf-16le');

/** Parses a TRACE_EVENT_INFO blob. `info` is null when the fixed part is unusable. */
export function parseTraceEventInfo(bytes: Uint8Array): TraceEventInfoResult {
  const diagnostics: SchemaDiagnostic[] = [];
  if (bytes.length < HEADER_SIZE) {
    diagnostics.push({
      offset: 0,
      code: 'TRUNCATED',
      message: `TRACE_EVENT_INFO needs ${HEADER_SIZE} bytes, the blob has ${bytes.length}`,
    });
    return { info: null, diagnostics };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  const strings = new BlobStrings(bytes, diagnostics, 'TRACE_EVENT_INFO');

  const propertyCount = u32(0x64);
  const topLevelCount = u32(0x68);
  const room = Math.floor((bytes.length - HEADER_SIZE) / PROPERTY_SIZE);
  if (propertyCount > room || topLevelCount > propertyCount) {
    diagnostics.push({
      offset: 0x64,
      code: 'BAD_COUNT',
      message:
        `TRACE_EVENT_INFO: PropertyCount ${propertyCount} / TopLevelPropertyCount ${topLevelCount} ` +
        `do not fit the ${bytes.length}-byte blob (room for ${room} properties)`,
    });
    return { info: null, diagnostics };
  }

  const decodingSource = u32(0x30);
  const providerGuid = guidToString(bytes, 0);
  const eventGuid = guidToString(bytes, 0x10);
  const taskName = strings.at(u32(0x44), 'TaskName');
  const opcodeName = strings.at(u32(0x48), 'OpcodeName');
  const eventName = decodingSource === DecodingSource.Wbem ? undefined : strings.at(u32(0x5c), 'EventName');
  const message = strings.at(u32(0x4c), 'EventMessage');

  const props = new PropertyReader(bytes, view, strings, diagnostics, propertyCount);
  const fields = props.fields(0, topLevelCount, 0) ?? [];

  const keywords = view.getBigUint64(0x28, true);
  const event: EventSchema = {
    id: view.getUint16(0x20, true),
    version: bytes[0x22] as number,
    channel: bytes[0x23] as number,
    level: bytes[0x24] as number,
    opcode: bytes[0x25] as number,
    task: view.getUint16(0x26, true),
    keywords: '0x' + keywords.toString(16),
    fields,
  };
  if (eventName) event.name = eventName;
  if (message) event.message = message;

  const info: TraceEventInfo = {
    providerGuid,
    eventGuid,
    event,
    keywordNames: strings.list(u32(0x40), 'KeywordsName'),
    decodingSource,
  };
  const providerName = strings.at(u32(0x34), 'ProviderName');
  if (providerName) info.providerName = providerName;
  const levelName = strings.at(u32(0x38), 'LevelName');
  if (levelName) info.levelName = levelName.trim();
  const channelName = strings.at(u32(0x3c), 'ChannelName');
  if (channelName) info.channelName = channelName.trim();
  if (taskName) info.taskName = taskName.trim();
  if (opcodeName) info.opcodeName = opcodeName.trim();
  if (message) info.message = message;
  const providerMessage = strings.at(u32(0x50), 'ProviderMessage');
  if (providerMessage) info.providerMessage = providerMessage;
  return { info, diagnostics };
}

class PropertyReader {
  /** Bounds the total work: well-formed blobs visit each property once. */
  private visited = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly view: DataView,
    private readonly strings: BlobStrings,
    private readonly diagnostics: SchemaDiagnostic[],
    private readonly count: number,
  ) {}

  private at(index: number): number {
    return HEADER_SIZE + index * PROPERTY_SIZE;
  }

  private nameOf(index: number): string {
    return (
      this.strings.at(this.view.getUint32(this.at(index) + 4, true), `property ${index} name`) ??
      `Property${index}`
    );
  }

  private problem(index: number, code: string, message: string): void {
    this.diagnostics.push({
      offset: this.at(index),
      code,
      message: `TRACE_EVENT_INFO property ${index}: ${message}`,
    });
  }

  /** Fields for properties [start, start+n); null when the range is bad (a diagnostic says why). */
  fields(start: number, n: number, depth: number): FieldSchema[] | null {
    if (depth > MAX_DEPTH) {
      this.problem(start, 'TOO_DEEP', `structs nest deeper than ${MAX_DEPTH}`);
      return null;
    }
    if (start < 0 || n < 0 || start + n > this.count) {
      this.problem(
        start,
        'BAD_RANGE',
        `struct members ${start}..${start + n - 1} are outside the ${this.count} properties`,
      );
      return null;
    }
    const out: FieldSchema[] = [];
    for (let i = start; i < start + n; i++) {
      if (++this.visited > this.count) {
        this.problem(i, 'CYCLE', 'struct member ranges overlap (more properties visited than exist)');
        return null;
      }
      const field = this.field(i, depth);
      if (!field) return out; // later fields have unknown offsets
      out.push(field);
    }
    return out;
  }

  private field(index: number, depth: number): FieldSchema | null {
    const v = this.view;
    const at = this.at(index);
    const flags = v.getUint32(at, true);
    const name = this.nameOf(index);
    const a = v.getUint16(at + 8, true);
    const b = v.getUint16(at + 10, true);
    const mapNameOffset = v.getUint32(at + 12, true);
    const countOrIndex = v.getUint16(at + 16, true);
    const lengthOrIndex = v.getUint16(at + 18, true);

    const field: FieldSchema = { name, inType: '' };
    if (flags & PropertyFlag.Struct) {
      field.inType = 'Struct';
      const members = this.fields(a, b, depth + 1);
      if (!members) return null;
      field.fields = members;
    } else {
      field.inType = inTypeName(a);
      if (b !== 0) field.outType = outTypeName(b);
      if (mapNameOffset !== 0) {
        const map = this.strings.at(mapNameOffset, `property ${index} map name`);
        if (map) field.map = map;
      }
      const hasLength =
        a === InType.UnicodeString || a === InType.AnsiString || a === InType.Binary || a === InType.SID;
      if (flags & PropertyFlag.ParamLength) {
        const ref = this.reference(index, lengthOrIndex, 'length');
        if (ref === null) return null;
        field.length = ref;
      } else if (hasLength && lengthOrIndex > 0 && a !== InType.SID) {
        field.length = lengthOrIndex;
      }
    }
    if (flags & PropertyFlag.ParamCount) {
      const ref = this.reference(index, countOrIndex, 'count');
      if (ref === null) return null;
      field.count = ref;
    } else if (countOrIndex > 1 || (flags & PropertyFlag.ParamFixedCount && countOrIndex !== 1)) {
      field.count = countOrIndex;
    }
    return field;
  }

  private reference(index: number, target: number, what: string): string | null {
    if (target >= this.count) {
      this.problem(
        index,
        'BAD_REFERENCE',
        `${what} refers to property ${target}, beyond the ${this.count} properties`,
      );
      return null;
    }
    return this.nameOf(target);
  }
}

export interface EventMapInfoResult {
  map: MapSchema | null;
  diagnostics: SchemaDiagnostic[];
}

const MapFlag = {
  ManifestValueMap: 0x1,
  ManifestBitmap: 0x2,
  ManifestPatternMap: 0x4,
  WbemValueMap: 0x8,
  WbemBitmap: 0x10,
  WbemFlag: 0x20,
} as const;
const MAP_HEADER = 16;
const MAP_ENTRY = 8;

/** Parses an EVENT_MAP_INFO blob into a value map or bitmap. */
export function parseEventMapInfo(bytes: Uint8Array): EventMapInfoResult {
  const diagnostics: SchemaDiagnostic[] = [];
  if (bytes.length < MAP_HEADER) {
    diagnostics.push({
      offset: 0,
      code: 'TRUNCATED',
      message: `EVENT_MAP_INFO needs ${MAP_HEADER} bytes, the blob has ${bytes.length}`,
    });
    return { map: null, diagnostics };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const strings = new BlobStrings(bytes, diagnostics, 'EVENT_MAP_INFO');
  const name = strings.at(view.getUint32(0, true), 'Name');
  const flag = view.getUint32(4, true);
  const entryCount = view.getUint32(8, true);
  const valueType = view.getUint32(12, true);
  if (!name) {
    diagnostics.push({ offset: 0, code: 'NO_NAME', message: 'EVENT_MAP_INFO has no map name' });
    return { map: null, diagnostics };
  }
  if (entryCount > Math.floor((bytes.length - MAP_HEADER) / MAP_ENTRY)) {
    diagnostics.push({
      offset: 8,
      code: 'BAD_COUNT',
      message: `EVENT_MAP_INFO '${name}': ${entryCount} entries do not fit the ${bytes.length}-byte blob`,
    });
    return { map: null, diagnostics };
  }
  const isBitmap = (flag & (MapFlag.ManifestBitmap | MapFlag.WbemBitmap | MapFlag.WbemFlag)) !== 0;
  const isValueMap = (flag & (MapFlag.ManifestValueMap | MapFlag.WbemValueMap)) !== 0;
  if ((!isBitmap && !isValueMap) || flag & MapFlag.ManifestPatternMap || valueType !== 0) {
    diagnostics.push({
      offset: 4,
      code: 'UNSUPPORTED_MAP',
      message: `EVENT_MAP_INFO '${name}': flag 0x${flag.toString(16)} / value type ${valueType} is not a numeric value map or bitmap`,
    });
    return { map: null, diagnostics };
  }
  const entries: MapSchema['entries'] = [];
  for (let i = 0; i < entryCount; i++) {
    const at = MAP_HEADER + i * MAP_ENTRY;
    const text = strings.at(view.getUint32(at, true), `entry ${i}`);
    if (text === undefined) continue;
    entries.push({ value: view.getUint32(at + 4, true), message: text.trim() });
  }
  return { map: { name, kind: isBitmap ? 'bitmap' : 'value', entries }, diagnostics };
}
