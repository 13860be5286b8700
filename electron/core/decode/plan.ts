// Decode plans: an EventSchema compiled once into flat, monomorphic FieldPlan objects the payload
// decoder walks without looking anything up. Compiling resolves type names to numeric read ops,
// count/length references (by field name) to numbered slots, map names to lookup tables, and
// out-types to display ops. A schema the decoder cannot follow (unknown in-type, a count field that
// does not exist, nesting deeper than MAX_DEPTH) compiles up to the bad field, which carries
// `compileError`: the decoder stops there with that message and keeps what came before.

import type { EventSchema, FieldSchema, MapSchema } from '../../common/model/schema';
import {
  InType,
  inTypeValue,
  OutType,
  outTypeValue,
  parseInType,
  parseOutType,
} from '../../common/model/tdh';
import { KERNEL_REST_OF_PAYLOAD } from './kernel/field-spec';
import { ArrayKind, Display, LengthKind, Read, Shape } from './ops';
import { buildPrefixReader, type PrefixReader } from './prefix-reader';

export { ArrayKind, Display, LengthKind, Read, Shape } from './ops';

/**
 * A FieldSchema as the decoder accepts it. `prefixedCount` marks a TraceLogging variable-count
 * array (the payload holds a u16 element count right before the elements); manifests never set it.
 */
export interface DecodeFieldSchema extends FieldSchema {
  prefixedCount?: boolean;
  fields?: DecodeFieldSchema[];
}

export class CompiledMap {
  constructor(
    readonly name: string,
    readonly isBitmap: boolean,
    readonly byValue: Map<number, string>,
    /** Bitmap entries in manifest order (value, text). */
    readonly bits: readonly { value: number; text: string }[],
  ) {}

  static from(map: MapSchema): CompiledMap {
    const byValue = new Map<number, string>();
    const bits: { value: number; text: string }[] = [];
    for (const e of map.entries) {
      const text = e.message.trim();
      if (!byValue.has(e.value)) byValue.set(e.value, text);
      bits.push({ value: e.value, text });
    }
    return new CompiledMap(map.name, map.kind === 'bitmap', byValue, bits);
  }

  /** Value maps: the entry's text, or the number. Bitmaps: the set entries joined with '|'. */
  render(value: number): string {
    if (!this.isBitmap) return this.byValue.get(value) ?? String(value);
    let rest = value >>> 0;
    let out = '';
    for (const b of this.bits) {
      if (b.value === 0) continue;
      if ((rest & b.value) >>> 0 === b.value >>> 0) {
        out = out ? out + '|' + b.text : b.text;
        rest = (rest & ~b.value) >>> 0;
      }
    }
    if (rest !== 0) out = out ? out + '|0x' + rest.toString(16) : '0x' + rest.toString(16);
    if (!out) return this.byValue.get(0) ?? '0';
    return out;
  }
}

export class FieldPlan {
  read: number = Read.Null;
  display: number = Display.None;
  shape: number = Shape.Plain;
  arrayKind: number = ArrayKind.Scalar;
  count = 0;
  countSlot = -1;
  lengthKind: number = LengthKind.None;
  length = 0;
  lengthSlot = -1;
  /** Slot this field's integer value is stored in, when another field refers to it; else -1. */
  slot = -1;
  map: CompiledMap | null = null;
  members: FieldPlan[] | null = null;
  /** Set when the schema asks for something the decoder cannot follow; decoding stops here. */
  compileError: string | null = null;
  /**
   * Fast path: a scalar fixed-size number with no shape, display or slot (the common case); the
   * decoder reads it inline. 0 = not fast, else its byte width.
   */
  fastWidth = 0;
  /** Object to clone for this struct's value (keys of `members` in order, all undefined). */
  membersTemplate: object | null = null;

  constructor(
    readonly name: string,
    readonly inType: number,
    readonly outType: number,
  ) {}
}

export class EventPlan {
  /** Object to clone for the props (keys of `fields` in order, all undefined). */
  readonly template: object;
  /** Generated reader of the leading fixed-layout fields, when there are any. */
  readonly prefix: PrefixReader | null;

  constructor(
    readonly fields: FieldPlan[],
    readonly slotCount: number,
  ) {
    this.template = propsTemplate(fields);
    this.prefix = buildPrefixReader(fields);
  }
}

/**
 * An object with the fields' names as keys (values undefined), in schema order. Cloning it gives
 * every event of a schema the same hidden class and turns property creation into plain stores,
 * which is most of what decoding costs. Own-property definition keeps names like "__proto__" data.
 */
export function propsTemplate(fields: readonly FieldPlan[]): object {
  const t = {};
  for (const f of fields)
    Object.defineProperty(t, f.name, {
      value: undefined,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  return t;
}

const FAST_WIDTH: Record<number, number> = {
  [Read.Int8]: 1,
  [Read.UInt8]: 1,
  [Read.Int16]: 2,
  [Read.UInt16]: 2,
  [Read.Int32]: 4,
  [Read.UInt32]: 4,
};

/** Marks fields the decoder can read inline (after compile has set shape, display and slots). */
function markFast(fields: readonly FieldPlan[]): void {
  for (const f of fields) {
    if (f.members) markFast(f.members);
    const width = FAST_WIDTH[f.read];
    f.fastWidth =
      width !== undefined &&
      f.arrayKind === ArrayKind.Scalar &&
      f.shape === Shape.Plain &&
      f.display === Display.None &&
      f.slot < 0 &&
      f.compileError === null
        ? width
        : 0;
  }
}

export const MAX_DEPTH = 32;

/** Resolves map names of the event's provider. */
export type MapLookup = (name: string) => MapSchema | undefined;

function inTypeOf(name: string): number | undefined {
  return parseInType(name) ?? inTypeValue(name.replace(/^win:/, ''));
}

function outTypeOf(name: string | undefined): number {
  if (!name) return OutType.Null;
  return parseOutType(name) ?? outTypeValue(name.replace(/^win:/, '')) ?? OutType.Null;
}

const SCALAR_READ: Record<number, number> = {
  [InType.Null]: Read.Null,
  [InType.UnicodeString]: Read.Utf16Z,
  [InType.AnsiString]: Read.AnsiZ,
  [InType.Int8]: Read.Int8,
  [InType.UInt8]: Read.UInt8,
  [InType.Int16]: Read.Int16,
  [InType.UInt16]: Read.UInt16,
  [InType.Int32]: Read.Int32,
  [InType.UInt32]: Read.UInt32,
  [InType.Int64]: Read.Int64,
  [InType.UInt64]: Read.UInt64,
  [InType.Float]: Read.Float,
  [InType.Double]: Read.Double,
  [InType.Boolean]: Read.Bool32,
  [InType.Binary]: Read.BinaryRest,
  [InType.GUID]: Read.Guid,
  [InType.Pointer]: Read.Pointer,
  [InType.FILETIME]: Read.FileTime,
  [InType.SYSTEMTIME]: Read.SystemTime,
  [InType.SID]: Read.Sid,
  [InType.HexInt32]: Read.UInt32,
  [InType.HexInt64]: Read.UInt64,
  [InType.CountedString]: Read.Utf16Counted,
  [InType.CountedAnsiString]: Read.AnsiCounted,
  [InType.Struct]: Read.Struct,
  [InType.CountedBinary]: Read.BinaryCounted,
  [InType.WbemCountedString]: Read.Utf16Counted,
  [InType.WbemCountedAnsiString]: Read.AnsiCounted,
  [InType.ReversedCountedString]: Read.Utf16CountedBE,
  [InType.ReversedCountedAnsiString]: Read.AnsiCountedBE,
  [InType.NonNullTerminatedString]: Read.Utf16Rest,
  [InType.NonNullTerminatedAnsiString]: Read.AnsiRest,
  [InType.UnicodeChar]: Read.Char16,
  [InType.AnsiChar]: Read.Char8,
  [InType.SizeT]: Read.SizeT,
  [InType.HexDump]: Read.HexDump,
  [InType.WbemSID]: Read.WbemSid,
};

const INTEGER_READS = new Set<number>([
  Read.Int8,
  Read.UInt8,
  Read.Int16,
  Read.UInt16,
  Read.Int32,
  Read.UInt32,
  Read.Int64,
  Read.UInt64,
  Read.Pointer,
  Read.SizeT,
  Read.Bool32,
]);

/** True when decoding cannot go past this field (it, or a struct member inside it, is undecodable). */
export function stopsDecoding(plan: FieldPlan): boolean {
  if (plan.compileError) return true;
  if (plan.members) for (const m of plan.members) if (stopsDecoding(m)) return true;
  return false;
}

interface Scope {
  fields: { schema: DecodeFieldSchema; plan: FieldPlan }[];
  parent: Scope | null;
}

class Compiler {
  slotCount = 0;

  constructor(private readonly maps: MapLookup) {}

  compileList(list: readonly DecodeFieldSchema[], parent: Scope | null, depth: number): FieldPlan[] {
    const scope: Scope = { fields: [], parent };
    const out: FieldPlan[] = [];
    for (const f of list) {
      const plan = this.compileField(f, scope, depth);
      scope.fields.push({ schema: f, plan });
      out.push(plan);
      if (stopsDecoding(plan)) break; // nothing after an undecodable field has a known offset
    }
    return out;
  }

  private resolveRef(name: string, scope: Scope): FieldPlan | undefined {
    for (let s: Scope | null = scope; s; s = s.parent) {
      for (let i = s.fields.length - 1; i >= 0; i--) {
        const e = s.fields[i];
        if (e && e.schema.name === name) return e.plan;
      }
    }
    return undefined;
  }

  private refSlot(name: string, scope: Scope): number | string {
    const target = this.resolveRef(name, scope);
    if (!target) return `refers to field '${name}', which does not come before it`;
    if (!INTEGER_READS.has(target.read) || target.arrayKind !== ArrayKind.Scalar) {
      return `refers to field '${name}', which is not an integer`;
    }
    if (target.slot < 0) target.slot = this.slotCount++;
    return target.slot;
  }

  private compileField(f: DecodeFieldSchema, scope: Scope, depth: number): FieldPlan {
    const isStruct = f.inType === 'Struct' || (f.fields !== undefined && f.fields.length > 0);
    const inType = isStruct ? InType.Struct : inTypeOf(f.inType);
    const outType = outTypeOf(f.outType);
    const plan = new FieldPlan(f.name, inType ?? -1, outType);
    if (inType === undefined) {
      plan.compileError = `field '${f.name}' has in-type '${f.inType}', which the decoder does not know`;
      return plan;
    }
    plan.read = SCALAR_READ[inType] ?? 0;
    if (plan.read === 0) {
      plan.compileError = `field '${f.name}' has in-type ${inType}, which the decoder does not know`;
      return plan;
    }

    // Arrays: fixed count, count from another field, or a TraceLogging u16 prefix.
    if (f.prefixedCount) {
      plan.arrayKind = ArrayKind.Prefixed;
    } else if (typeof f.count === 'number') {
      // A count of 1 is a scalar in manifests (TDH does the same unless ParamFixedCount).
      if (f.count !== 1) {
        plan.arrayKind = ArrayKind.Fixed;
        plan.count = Math.max(0, f.count);
      }
    } else if (f.count === KERNEL_REST_OF_PAYLOAD) {
      plan.arrayKind = ArrayKind.Rest;
    } else if (typeof f.count === 'string' && f.count !== '') {
      const slot = this.refSlot(f.count, scope);
      if (typeof slot === 'string') {
        plan.compileError = `count of field '${f.name}' ${slot}`;
        return plan;
      }
      plan.arrayKind = ArrayKind.FromSlot;
      plan.countSlot = slot;
    }

    // Lengths: strings (chars) and binary (bytes), fixed or from another field.
    if (typeof f.length === 'number' && f.length > 0) {
      plan.lengthKind = LengthKind.Fixed;
      plan.length = f.length;
    } else if (typeof f.length === 'string' && f.length !== '') {
      const slot = this.refSlot(f.length, scope);
      if (typeof slot === 'string') {
        plan.compileError = `length of field '${f.name}' ${slot}`;
        return plan;
      }
      plan.lengthKind = LengthKind.FromSlot;
      plan.lengthSlot = slot;
    }
    if (plan.lengthKind !== LengthKind.None) {
      if (plan.read === Read.Utf16Z || plan.read === Read.Utf16Rest) plan.read = Read.Utf16Fixed;
      else if (plan.read === Read.AnsiZ || plan.read === Read.AnsiRest) plan.read = Read.AnsiFixed;
      else if (plan.read === Read.BinaryRest) plan.read = Read.BinaryFixed;
    }

    if (plan.read === Read.Struct) {
      if (depth >= MAX_DEPTH) {
        plan.compileError = `field '${f.name}' nests structs deeper than ${MAX_DEPTH}`;
        return plan;
      }
      plan.members = this.compileList(f.fields ?? [], scope, depth + 1);
      plan.membersTemplate = propsTemplate(plan.members);
      return plan;
    }

    this.applyOutType(plan, inType, outType);
    if (f.map) {
      const map = this.maps(f.map);
      if (map) {
        plan.map = CompiledMap.from(map);
        plan.display = map.kind === 'bitmap' ? Display.BitMap : Display.ValueMap;
      }
    }
    return plan;
  }

  private applyOutType(plan: FieldPlan, inType: number, outType: number): void {
    const r = plan.read;
    if (inType === InType.HexInt32 || inType === InType.HexInt64 || r === Read.Pointer)
      plan.display = Display.Hex;
    switch (outType) {
      case OutType.HexInt8:
      case OutType.HexInt16:
      case OutType.HexInt32:
      case OutType.HexInt64:
      case OutType.CodePointer:
        if (INTEGER_READS.has(r)) plan.display = Display.Hex;
        break;
      case OutType.Boolean:
        if (INTEGER_READS.has(r)) plan.shape = Shape.Boolean;
        break;
      case OutType.Port:
        if (r === Read.UInt16 || r === Read.Int16) plan.shape = Shape.Port;
        break;
      case OutType.IPv4:
        if (r === Read.UInt32 || r === Read.Int32) plan.shape = Shape.IPv4;
        break;
      case OutType.IPv6:
        if (r === Read.BinaryFixed || r === Read.BinaryCounted || r === Read.BinaryRest)
          plan.shape = Shape.IPv6;
        break;
      case OutType.SocketAddress:
        if (r === Read.BinaryFixed || r === Read.BinaryCounted || r === Read.BinaryRest)
          plan.shape = Shape.SocketAddress;
        break;
      case OutType.Utf8:
        plan.shape = Shape.Utf8;
        break;
      case OutType.String:
        if (
          plan.arrayKind !== ArrayKind.Scalar &&
          (r === Read.UInt8 ||
            r === Read.Int8 ||
            r === Read.UInt16 ||
            r === Read.Int16 ||
            r === Read.Char16 ||
            r === Read.Char8)
        ) {
          plan.shape = Shape.String;
        }
        break;
      case OutType.Win32Error:
        if (INTEGER_READS.has(r)) plan.display = Display.Win32Error;
        break;
      case OutType.NTSTATUS:
        if (INTEGER_READS.has(r)) plan.display = Display.NtStatus;
        break;
      case OutType.HResult:
        if (INTEGER_READS.has(r)) plan.display = Display.HResult;
        break;
      case OutType.DateTime:
      case OutType.DateTimeUtc:
      case OutType.CultureInsensitiveDateTime:
        if (r === Read.Int64 || r === Read.UInt64) plan.shape = Shape.FileTime;
        break;
    }
    // Character arrays read as text even without an out-type.
    if (plan.arrayKind !== ArrayKind.Scalar && (r === Read.Char16 || r === Read.Char8))
      plan.shape = Shape.String;
  }
}

/** Compiles an event's fields; `maps` resolves the provider's value and bit maps by name. */
export function compileEvent(event: Pick<EventSchema, 'fields'>, maps: MapLookup): EventPlan {
  const c = new Compiler(maps);
  const fields = c.compileList(event.fields as DecodeFieldSchema[], null, 0);
  markFast(fields);
  return new EventPlan(fields, c.slotCount);
}
