// TraceLogging self-describing metadata (extended data items 12 PROV_TRAITS and 11 EVENT_SCHEMA_TL)
// → provider name and EventSchema. Grammar per microsoft/tracelogging TraceLoggingDynamic.h
// (shared/docs/etw-formats.md §4):
//   provider: u16 size, UTF-8Z name, traits {u16 size, u8 type, data}... up to size
//   event:    u16 size, tag bytes (7 bits each, a byte with the high bit clear ends them), UTF-8Z name,
//             fields up to size: UTF-8Z name, u8 inMeta [u8 outMeta if inMeta&0x80]
//             [tag bytes if outMeta&0x80] [u16 fixed count if inMeta&0x60 == 0x20]
//             [u16 size + schema if inMeta&0x60 == 0x60 (custom)]; inMeta&0x60 == 0x40 = variable
//             count (u16 count before the elements in the payload). In-type 24 (struct): outMeta&0x7F
//             = how many of the following fields are its members.
// TraceLogging out-types are their own enumeration; they are mapped to the TDH out-type names the
// decoder uses (Hex → HexInt8..64 by size, FileTime → DateTime...).

import type { SchemaDiagnostic } from '../../common/model/schema';
import { InType } from '../../common/model/tdh';
import type { DecodeFieldSchema } from './plan';

const utf8 = new TextDecoder('utf-8');
const MAX_STRUCT_DEPTH = 32;

const TL = {
  InMetaChain: 0x80,
  OutMetaChain: 0x80,
  CountMask: 0x60,
  Ccount: 0x20,
  Vcount: 0x40,
  Custom: 0x60,
  TypeMask: 0x1f,
  OutMask: 0x7f,
} as const;

/** TraceLogging in-type → TDH in-type name (14 Binary is u16-length-prefixed on the wire). */
const TL_IN_TYPES: Record<number, string> = {
  [InType.Null]: 'Null',
  [InType.UnicodeString]: 'UnicodeString',
  [InType.AnsiString]: 'AnsiString',
  [InType.Int8]: 'Int8',
  [InType.UInt8]: 'UInt8',
  [InType.Int16]: 'Int16',
  [InType.UInt16]: 'UInt16',
  [InType.Int32]: 'Int32',
  [InType.UInt32]: 'UInt32',
  [InType.Int64]: 'Int64',
  [InType.UInt64]: 'UInt64',
  [InType.Float]: 'Float',
  [InType.Double]: 'Double',
  [InType.Boolean]: 'Boolean',
  [InType.Binary]: 'CountedBinary',
  [InType.GUID]: 'GUID',
  [InType.Pointer]: 'Pointer',
  [InType.FILETIME]: 'FILETIME',
  [InType.SYSTEMTIME]: 'SYSTEMTIME',
  [InType.SID]: 'SID',
  [InType.HexInt32]: 'HexInt32',
  [InType.HexInt64]: 'HexInt64',
  [InType.CountedString]: 'CountedString',
  [InType.CountedAnsiString]: 'CountedAnsiString',
  [InType.Struct]: 'Struct',
  [InType.CountedBinary]: 'CountedBinary',
};

const HEX_BY_SIZE: Record<number, string> = {
  [InType.Int8]: 'HexInt8',
  [InType.UInt8]: 'HexInt8',
  [InType.Int16]: 'HexInt16',
  [InType.UInt16]: 'HexInt16',
  [InType.Int32]: 'HexInt32',
  [InType.UInt32]: 'HexInt32',
  [InType.Int64]: 'HexInt64',
  [InType.UInt64]: 'HexInt64',
  [InType.Pointer]: 'HexInt64',
};

const TL_OUT_SIGNED = 0x11;
const TL_OUT_UNSIGNED = 0x12;
const TO_SIGNED: Record<number, string> = {
  [InType.UInt8]: 'Int8',
  [InType.UInt16]: 'Int16',
  [InType.UInt32]: 'Int32',
  [InType.UInt64]: 'Int64',
};
const TO_UNSIGNED: Record<number, string> = {
  [InType.Int8]: 'UInt8',
  [InType.Int16]: 'UInt16',
  [InType.Int32]: 'UInt32',
  [InType.Int64]: 'UInt64',
};

/** TraceLogging out-type → TDH out-type name; undefined = default formatting. */
function tdhOutType(tlOut: number, inType: number): string | undefined {
  switch (tlOut) {
    case 2:
      return 'String';
    case 3:
      return 'Boolean';
    case 4:
      return inType === InType.Binary || inType === InType.CountedBinary ? 'HexBinary' : HEX_BY_SIZE[inType];
    case 5:
      return 'PID';
    case 6:
      return 'TID';
    case 7:
      return 'Port';
    case 8:
      return 'IPv4';
    case 9:
      return 'IPv6';
    case 10:
      return 'SocketAddress';
    case 11:
      return 'Xml';
    case 12:
      return 'Json';
    case 13:
      return 'Win32Error';
    case 14:
      return 'NTSTATUS';
    case 15:
      return 'HResult';
    case 16:
      return 'DateTime';
    case 0x21:
      return 'CultureInsensitiveDateTime';
    case 0x23:
      return 'Utf8';
    case 0x24:
      return 'Pkcs7WithTypeInfo';
    case 0x25:
      return 'CodePointer';
    case 0x26:
      return 'DateTimeUtc';
    default:
      return undefined; // 0 default, 1 NoPrint, 0x11 Signed, 0x12 Unsigned
  }
}

export interface TraceLoggingEvent {
  name: string;
  /** Event tags (28 bits). */
  tags: number;
  fields: DecodeFieldSchema[];
}

/** One raw field before structs are nested. */
interface FlatField {
  name: string;
  inType: number;
  outType: number;
  /** Element count of a fixed-size array, or -1 when the field is not one. */
  fixedCount: number;
  variableCount: boolean;
  custom: boolean;
}

class MetaCursor {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  get more(): boolean {
    return this.pos < this.end;
  }
  u8(): number | undefined {
    return this.pos < this.end ? (this.bytes[this.pos++] as number) : undefined;
  }
  u16(): number | undefined {
    if (this.pos + 2 > this.end) return undefined;
    const v = (this.bytes[this.pos] as number) | ((this.bytes[this.pos + 1] as number) << 8);
    this.pos += 2;
    return v;
  }
  /** UTF-8Z; undefined when unterminated. */
  str(): string | undefined {
    const z = this.bytes.indexOf(0, this.pos);
    if (z < 0 || z >= this.end) return undefined;
    const s = utf8.decode(this.bytes.subarray(this.pos, z));
    this.pos = z + 1;
    return s;
  }
  /** Tag bytes: 7 bits each, the last has the high bit clear. */
  tags(): number | undefined {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.u8();
      if (b === undefined) return undefined;
      v = v * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) return v;
    }
    return v;
  }
}

/** Provider name from a PROV_TRAITS blob. */
export function parseProviderTraits(bytes: Uint8Array): string | undefined {
  if (bytes.length < 3) return undefined;
  const size = Math.min(bytes.length, (bytes[0] as number) | ((bytes[1] as number) << 8));
  return new MetaCursor(bytes, 2, size).str();
}

export type TraceLoggingResult =
  { ok: true; event: TraceLoggingEvent } | { ok: false; diagnostic: SchemaDiagnostic };

/** Parses an EVENT_SCHEMA_TL blob. Bad metadata gives a diagnostic naming the offset. */
export function parseEventMetadata(bytes: Uint8Array): TraceLoggingResult {
  const bad = (offset: number, message: string): TraceLoggingResult => ({
    ok: false,
    diagnostic: {
      offset,
      code: 'BAD_TRACELOGGING_METADATA',
      message: `TraceLogging event metadata at ${offset}: ${message}`,
    },
  });
  if (bytes.length < 3) return bad(0, `blob has ${bytes.length} bytes`);
  const declared = (bytes[0] as number) | ((bytes[1] as number) << 8);
  if (declared > bytes.length || declared < 3)
    return bad(0, `size ${declared} does not fit the ${bytes.length}-byte item`);
  const c = new MetaCursor(bytes, 2, declared);
  const tags = c.tags();
  if (tags === undefined) return bad(c.pos, 'tags run past the end');
  const name = c.str();
  if (name === undefined) return bad(c.pos, 'event name is not terminated');

  const flat: FlatField[] = [];
  while (c.more) {
    const at = c.pos;
    const fieldName = c.str();
    if (fieldName === undefined) return bad(at, 'field name is not terminated');
    const inMeta = c.u8();
    if (inMeta === undefined) return bad(c.pos, `field '${fieldName}' has no type`);
    let outType = 0;
    if (inMeta & TL.InMetaChain) {
      const outMeta = c.u8();
      if (outMeta === undefined) return bad(c.pos, `field '${fieldName}' has no out-type`);
      outType = outMeta & TL.OutMask;
      if (outMeta & TL.OutMetaChain && c.tags() === undefined)
        return bad(c.pos, `field '${fieldName}' tags run past the end`);
    }
    const countBits = inMeta & TL.CountMask;
    let fixedCount = -1;
    if (countBits === TL.Ccount) {
      const n = c.u16();
      if (n === undefined) return bad(c.pos, `field '${fieldName}' has no element count`);
      fixedCount = n;
    } else if (countBits === TL.Custom) {
      const n = c.u16();
      if (n === undefined || c.pos + n > c.end)
        return bad(c.pos, `field '${fieldName}' custom schema runs past the end`);
      c.pos += n;
    }
    flat.push({
      name: fieldName,
      inType: inMeta & TL.TypeMask,
      outType,
      fixedCount,
      variableCount: countBits === TL.Vcount,
      custom: countBits === TL.Custom,
    });
  }

  const fields: DecodeFieldSchema[] = [];
  let next = 0;
  const build = (depth: number): DecodeFieldSchema | string => {
    const f = flat[next++] as FlatField;
    const field: DecodeFieldSchema = { name: f.name, inType: TL_IN_TYPES[f.inType] ?? `InType${f.inType}` };
    if (f.custom) field.inType = 'Custom'; // the decoder stops here: custom schemas are not decoded
    if (f.fixedCount >= 0) field.count = f.fixedCount;
    if (f.variableCount) field.prefixedCount = true;
    if (f.inType === InType.Struct) {
      if (depth >= MAX_STRUCT_DEPTH) return `struct '${f.name}' nests deeper than ${MAX_STRUCT_DEPTH}`;
      field.inType = 'Struct';
      field.fields = [];
      const members = f.outType; // member count rides in the out-type byte
      for (let i = 0; i < members && next < flat.length; i++) {
        const m = build(depth + 1);
        if (typeof m === 'string') return m;
        field.fields.push(m);
      }
      return field;
    }
    const out = tdhOutType(f.outType, f.inType);
    if (out) field.outType = out;
    // Signed / Unsigned out-types re-type an integer (EventSource writes long as UInt64 + Signed).
    const retyped =
      f.outType === TL_OUT_SIGNED
        ? TO_SIGNED[f.inType]
        : f.outType === TL_OUT_UNSIGNED
          ? TO_UNSIGNED[f.inType]
          : undefined;
    if (retyped) field.inType = retyped;
    return field;
  };
  while (next < flat.length) {
    const f = build(0);
    if (typeof f === 'string') return bad(0, f);
    fields.push(f);
  }
  return { ok: true, event: { name, tags, fields } };
}
