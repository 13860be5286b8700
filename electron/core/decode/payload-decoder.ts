// The payload decoder: walks an EventPlan over an event's user data and builds the PropValue tree
// plus display strings. One instance per decoding thread; it keeps one DataView per underlying
// ArrayBuffer (payloads are views into the reader's buffers), so decoding an event allocates only
// its values. Nothing here throws in normal flow: running past the payload or meeting an
// undecodable field sets `error` ("field 'X' at payload offset 12 needs 4 bytes, 2 left") and the
// props decoded so far are kept.

import type { PropValue } from '../../common/model/event';
import { guidToString } from '../binary/guid';
import {
  bytesToHex,
  fileTimeHalvesToIso,
  i64Json,
  ipv4ToString,
  ipv6ToString,
  sidToString,
  socketAddressToString,
  systemTimeToIso,
  u32Hex,
  u64Hex,
  u64Json,
} from './format';
import { ArrayKind, Display, LengthKind, Read, Shape, type EventPlan, type FieldPlan } from './plan';
import { hresultName, ntStatusName, win32ErrorName } from './status-codes';

export type Props = { [name: string]: PropValue };

const utf16Decoder = new TextDecoder('utf-16le');
const ansiDecoder = new TextDecoder('latin1');
const utf8Decoder = new TextDecoder('utf-8');
const EMPTY = new Uint8Array(0);
/** Arrays may hold zero-size elements; beyond this many more elements than bytes, the count is bad. */
const ZERO_SIZE_ELEMENT_ALLOWANCE = 4096;
const MAX_SID_SUBAUTHORITIES = 15;

export class PayloadDecoder {
  private buffer: ArrayBufferLike | null = null;
  private bytes: Uint8Array = EMPTY;
  private view: DataView = new DataView(new ArrayBuffer(0));
  private base = 0;
  private pos = 0;
  private end = 0;
  private pointerSize = 8;
  private slots = new Float64Array(16);
  /** Why decoding stopped early, or null. */
  error: string | null = null;
  /** Display strings of the last decode (null when no field needed one). */
  display: { [path: string]: string } | null = null;

  /** Bytes of the payload the last decode consumed. */
  get consumed(): number {
    return this.pos - this.base;
  }

  decode(plan: EventPlan, payload: Uint8Array, pointerSize: number): Props {
    if (payload.buffer !== this.buffer) {
      this.buffer = payload.buffer;
      this.bytes = new Uint8Array(payload.buffer);
      this.view = new DataView(payload.buffer);
    }
    this.base = payload.byteOffset;
    this.pos = this.base;
    this.end = this.base + payload.byteLength;
    this.pointerSize = pointerSize;
    this.error = null;
    this.display = null;
    if (plan.slotCount > this.slots.length) this.slots = new Float64Array(plan.slotCount * 2);
    const fields = plan.fields;
    const prefix = plan.prefix;
    let props: Props;
    let from = 0;
    if (prefix !== null && this.pos + prefix.width <= this.end) {
      props = prefix.read(this.view, this.pos) as Props;
      this.pos += prefix.width;
      from = prefix.count;
      if (from === fields.length) return props;
    } else {
      props = { ...plan.template } as Props;
    }
    return this.decodeList(fields, props, '', from) === fields.length ? props : withoutUnset(props);
  }

  private fail(f: FieldPlan, need: number, at: number): undefined {
    this.error =
      `field '${f.name}' at payload offset ${at - this.base} needs ${need} bytes, ` +
      `${Math.max(0, this.end - at)} left`;
    return undefined;
  }

  /** Display text for field f under `prefix` (element `index` of an array, or -1). */
  private setDisplay(prefix: string, f: FieldPlan, index: number, text: string): void {
    if (this.display === null) this.display = {};
    const name = index < 0 ? f.name : `${f.name}[${index}]`;
    this.display[prefix === '' ? name : prefix + '.' + name] = text;
  }

  /**
   * Decodes fields into `target` (a clone of the list's template) and returns how many it decoded:
   * fields.length, or the index where it stopped (`error` says why). A payload that ends exactly where
   * a top-level field would start lacks that field and the rest (older builds of a class or an event
   * version, which grow at the end): they are absent, not an error.
   */
  private decodeList(fields: FieldPlan[], target: Props, prefix: string, from = 0): number {
    const view = this.view;
    for (let i = from; i < fields.length; i++) {
      const f = fields[i] as FieldPlan;
      const at = this.pos;
      const width = f.fastWidth;
      if (width !== 0) {
        if (at + width <= this.end) {
          this.pos = at + width;
          switch (f.read) {
            case Read.UInt32:
              target[f.name] = view.getUint32(at, true);
              continue;
            case Read.UInt16:
              target[f.name] = view.getUint16(at, true);
              continue;
            case Read.UInt8:
              target[f.name] = this.bytes[at] as number;
              continue;
            case Read.Int32:
              target[f.name] = view.getInt32(at, true);
              continue;
            case Read.Int16:
              target[f.name] = view.getInt16(at, true);
              continue;
            default:
              target[f.name] = view.getInt8(at);
              continue;
          }
        }
        if (at === this.end && prefix === '') return i;
        this.fail(f, width, at);
        return i;
      }
      if (at === this.end && prefix === '' && f.read !== Read.Null) return i;
      if (f.compileError !== null) {
        this.error = f.compileError;
        return i;
      }
      if (f.arrayKind !== ArrayKind.Scalar) {
        if (!this.readArray(f, prefix, target)) return i;
      } else if (f.read === Read.Struct) {
        if (!this.readStruct(f, prefix === '' ? f.name : prefix + '.' + f.name, target, f.name)) return i;
      } else {
        const v = this.readValue(f, prefix, -1);
        if (v === undefined) return i;
        target[f.name] = v;
      }
    }
    return fields.length;
  }

  /**
   * Decodes a struct value into target[key] (an object or array slot). Stored before its members
   * decode, so a struct cut short still shows what it had; false when decoding must stop.
   */
  private readStruct(f: FieldPlan, path: string, target: Props | PropValue[], key: string | number): boolean {
    const members = f.members ?? [];
    const obj = { ...f.membersTemplate } as Props;
    (target as Record<string | number, PropValue>)[key] = obj;
    if (this.decodeList(members, obj, path) === members.length) return true;
    (target as Record<string | number, PropValue>)[key] = withoutUnset(obj);
    return false;
  }

  private arrayCount(f: FieldPlan): number {
    switch (f.arrayKind) {
      case ArrayKind.Fixed:
        return f.count;
      case ArrayKind.FromSlot:
        return this.slots[f.countSlot] ?? 0;
      default: {
        if (this.pos + 2 > this.end) return -1;
        const n = this.view.getUint16(this.pos, true);
        this.pos += 2;
        return n;
      }
    }
  }

  private readArray(f: FieldPlan, prefix: string, target: Props): boolean {
    if (f.arrayKind === ArrayKind.Rest) return this.readRestArray(f, prefix, target);
    const at = this.pos;
    const count = this.arrayCount(f);
    if (count < 0) return this.fail(f, 2, at) ?? false;
    if (!Number.isInteger(count) || count > this.end - this.pos + ZERO_SIZE_ELEMENT_ALLOWANCE) {
      this.error = `field '${f.name}' at payload offset ${at - this.base} has element count ${count}, more than the payload can hold`;
      return false;
    }
    if (f.shape === Shape.String) {
      const s = this.readCharArray(f, count);
      if (s === undefined) return false;
      target[f.name] = s;
      return true;
    }
    const values: PropValue[] = [];
    target[f.name] = values;
    for (let i = 0; i < count; i++) if (!this.readElement(f, prefix, i, values)) return false;
    return true;
  }

  /** Appends element i of array field f (a struct or a value); false when decoding must stop. */
  private readElement(f: FieldPlan, prefix: string, i: number, values: PropValue[]): boolean {
    if (f.read === Read.Struct) {
      const name = `${f.name}[${i}]`;
      return this.readStruct(f, prefix === '' ? name : prefix + '.' + name, values, values.length);
    }
    const v = this.readValue(f, prefix, i);
    if (v === undefined) return false;
    values.push(v);
    return true;
  }

  /** Elements until the payload ends (kernel StackWalk frames and the like). */
  private readRestArray(f: FieldPlan, prefix: string, target: Props): boolean {
    const values: PropValue[] = [];
    target[f.name] = values;
    for (let i = 0; this.pos < this.end; i++) {
      const before = this.pos;
      if (!this.readElement(f, prefix, i, values)) return false;
      if (this.pos === before) {
        this.error = `field '${f.name}' has elements of zero size and no count`;
        return false;
      }
    }
    return true;
  }

  /** 8- or 16-bit integer/char arrays shown as text (TraceLogging strings, MOF char arrays). */
  private readCharArray(f: FieldPlan, count: number): string | undefined {
    const wide = f.read === Read.UInt16 || f.read === Read.Int16 || f.read === Read.Char16;
    const n = wide ? count * 2 : count;
    if (this.pos + n > this.end) return this.fail(f, n, this.pos);
    const start = this.pos;
    this.pos += n;
    let stop = start + n;
    if (wide) {
      for (let i = start; i + 1 < stop; i += 2) {
        if (this.bytes[i] === 0 && this.bytes[i + 1] === 0) {
          stop = i;
          break;
        }
      }
      return this.utf16(start, stop);
    }
    const z = this.bytes.indexOf(0, start);
    if (z >= 0 && z < stop) stop = z;
    return this.ansi(start, stop, f.shape === Shape.Utf8);
  }

  private utf16(start: number, stop: number): string {
    const b = this.bytes;
    if (stop - start <= 48) {
      let s = '';
      for (let i = start; i + 1 < stop; i += 2)
        s += String.fromCharCode((b[i] as number) | ((b[i + 1] as number) << 8));
      return s;
    }
    return utf16Decoder.decode(b.subarray(start, stop - ((stop - start) & 1)));
  }

  private ansi(start: number, stop: number, asUtf8: boolean): string {
    const b = this.bytes;
    if (stop - start <= 32) {
      let s = '';
      let i = start;
      for (; i < stop; i++) {
        const c = b[i] as number;
        if (c >= 0x80) break;
        s += String.fromCharCode(c);
      }
      if (i === stop) return s;
    }
    return (asUtf8 ? utf8Decoder : ansiDecoder).decode(b.subarray(start, stop));
  }

  private lengthOf(f: FieldPlan): number {
    return f.lengthKind === LengthKind.Fixed ? f.length : (this.slots[f.lengthSlot] ?? 0);
  }

  /** Reads one value (an array element or a scalar); undefined when decoding must stop. */
  private readValue(f: FieldPlan, prefix: string, index: number): PropValue | undefined {
    const view = this.view;
    const at = this.pos;
    const left = this.end - at;
    switch (f.read) {
      case Read.UInt8:
        if (left < 1) return this.fail(f, 1, at);
        this.pos = at + 1;
        return this.integer(f, prefix, index, this.bytes[at] as number, at);
      case Read.Int8:
        if (left < 1) return this.fail(f, 1, at);
        this.pos = at + 1;
        return this.integer(f, prefix, index, view.getInt8(at), at);
      case Read.UInt16:
        if (left < 2) return this.fail(f, 2, at);
        this.pos = at + 2;
        return this.integer(f, prefix, index, view.getUint16(at, true), at);
      case Read.Int16:
        if (left < 2) return this.fail(f, 2, at);
        this.pos = at + 2;
        return this.integer(f, prefix, index, view.getInt16(at, true), at);
      case Read.UInt32:
        if (left < 4) return this.fail(f, 4, at);
        this.pos = at + 4;
        return this.integer(f, prefix, index, view.getUint32(at, true), at);
      case Read.Int32:
        if (left < 4) return this.fail(f, 4, at);
        this.pos = at + 4;
        return this.integer(f, prefix, index, view.getInt32(at, true), at);
      case Read.Bool32:
        if (left < 4) return this.fail(f, 4, at);
        this.pos = at + 4;
        if (f.slot >= 0) this.slots[f.slot] = view.getInt32(at, true);
        return view.getInt32(at, true) !== 0;
      case Read.UInt64:
        if (left < 8) return this.fail(f, 8, at);
        this.pos = at + 8;
        return this.integer64(
          f,
          prefix,
          index,
          view.getUint32(at, true),
          view.getUint32(at + 4, true),
          false,
        );
      case Read.Int64:
        if (left < 8) return this.fail(f, 8, at);
        this.pos = at + 8;
        return this.integer64(f, prefix, index, view.getUint32(at, true), view.getInt32(at + 4, true), true);
      case Read.Pointer:
      case Read.SizeT:
        if (this.pointerSize === 4) {
          if (left < 4) return this.fail(f, 4, at);
          this.pos = at + 4;
          return this.integer(f, prefix, index, view.getUint32(at, true), at);
        }
        if (left < 8) return this.fail(f, 8, at);
        this.pos = at + 8;
        return this.integer64(
          f,
          prefix,
          index,
          view.getUint32(at, true),
          view.getUint32(at + 4, true),
          false,
        );
      case Read.Float:
        if (left < 4) return this.fail(f, 4, at);
        this.pos = at + 4;
        return jsonNumber(view.getFloat32(at, true));
      case Read.Double:
        if (left < 8) return this.fail(f, 8, at);
        this.pos = at + 8;
        return jsonNumber(view.getFloat64(at, true));
      case Read.Guid:
        if (left < 16) return this.fail(f, 16, at);
        this.pos = at + 16;
        return guidToString(this.bytes, at);
      case Read.FileTime:
        if (left < 8) return this.fail(f, 8, at);
        this.pos = at + 8;
        return fileTimeHalvesToIso(view.getUint32(at, true), view.getUint32(at + 4, true));
      case Read.SystemTime:
        if (left < 16) return this.fail(f, 16, at);
        this.pos = at + 16;
        return systemTimeToIso(view, at);
      case Read.Sid:
        return this.readSid(f, at);
      case Read.WbemSid: {
        if (left < 4) return this.fail(f, 4, at);
        const skip = 2 * this.pointerSize;
        // TOKEN_USER {Sid pointer, Attributes} then the SID. A zero first u32 usually means "no SID"
        // (4 bytes), but some writers (syzygy's Win7 captures) zero the pointer and still append a
        // well-formed SID: accept it when revision 1 and 1..15 sub-authorities sit right there.
        if (view.getUint32(at, true) === 0 && !this.sidFollows(at + skip)) {
          this.pos = at + 4;
          return null;
        }
        if (left < skip) return this.fail(f, skip, at);
        return this.readSid(f, at + skip);
      }
      case Read.Utf16Z: {
        if (left < 1) return this.fail(f, 2, at);
        const b = this.bytes;
        let i = at;
        while (i + 1 < this.end && (b[i] !== 0 || b[i + 1] !== 0)) i += 2;
        const s = this.utf16(at, Math.min(i, this.end));
        this.pos = Math.min(this.end, i + 2);
        return s;
      }
      case Read.AnsiZ: {
        if (left < 1) return this.fail(f, 1, at);
        let i = this.bytes.indexOf(0, at);
        if (i < 0 || i >= this.end) i = this.end;
        const s = this.ansi(at, i, f.shape === Shape.Utf8);
        this.pos = Math.min(this.end, i + 1);
        return s;
      }
      case Read.Utf16Fixed: {
        const n = this.lengthOf(f) * 2;
        if (left < n) return this.fail(f, n, at);
        this.pos = at + n;
        return this.utf16(at, terminatedAt16(this.bytes, at, at + n));
      }
      case Read.AnsiFixed: {
        const n = this.lengthOf(f);
        if (left < n) return this.fail(f, n, at);
        this.pos = at + n;
        const z = this.bytes.indexOf(0, at);
        return this.ansi(at, z >= 0 && z < at + n ? z : at + n, f.shape === Shape.Utf8);
      }
      case Read.Utf16Counted:
      case Read.Utf16CountedBE: {
        if (left < 2) return this.fail(f, 2, at);
        const n = view.getUint16(at, f.read === Read.Utf16Counted);
        if (left < 2 + n) return this.fail(f, 2 + n, at);
        this.pos = at + 2 + n;
        return this.utf16(at + 2, terminatedAt16(this.bytes, at + 2, at + 2 + n));
      }
      case Read.AnsiCounted:
      case Read.AnsiCountedBE: {
        if (left < 2) return this.fail(f, 2, at);
        const n = view.getUint16(at, f.read === Read.AnsiCounted);
        if (left < 2 + n) return this.fail(f, 2 + n, at);
        this.pos = at + 2 + n;
        const z = this.bytes.indexOf(0, at + 2);
        return this.ansi(at + 2, z >= 0 && z < at + 2 + n ? z : at + 2 + n, f.shape === Shape.Utf8);
      }
      case Read.Utf16Rest:
        this.pos = this.end;
        return this.utf16(at, terminatedAt16(this.bytes, at, this.end));
      case Read.AnsiRest: {
        this.pos = this.end;
        const z = this.bytes.indexOf(0, at);
        return this.ansi(at, z >= 0 && z < this.end ? z : this.end, f.shape === Shape.Utf8);
      }
      case Read.Char16:
        if (left < 2) return this.fail(f, 2, at);
        this.pos = at + 2;
        return String.fromCharCode(view.getUint16(at, true));
      case Read.Char8:
        if (left < 1) return this.fail(f, 1, at);
        this.pos = at + 1;
        return String.fromCharCode(this.bytes[at] as number);
      case Read.BinaryFixed:
        return this.binary(f, at, 0, this.lengthOf(f));
      case Read.BinaryCounted:
        if (left < 2) return this.fail(f, 2, at);
        return this.binary(f, at, 2, view.getUint16(at, true));
      case Read.BinaryRest:
        return this.binary(f, at, 0, left);
      case Read.HexDump:
        if (left < 4) return this.fail(f, 4, at);
        return this.binary(f, at, 4, view.getUint32(at, true));
      case Read.Null:
        return null;
      default:
        this.error = `field '${f.name}' has an unknown read op ${f.read}`;
        return undefined;
    }
  }

  /** A well-formed SID header (revision 1, 1..15 sub-authorities, fully inside the payload) at `at`. */
  private sidFollows(at: number): boolean {
    if (this.end - at < 8) return false;
    const subCount = this.bytes[at + 1] as number;
    return this.bytes[at] === 1 && subCount >= 1 && subCount <= 15 && this.end - at >= 8 + 4 * subCount;
  }

  private readSid(f: FieldPlan, at: number): PropValue | undefined {
    const left = this.end - at;
    if (left < 8) return this.fail(f, 8, at);
    const subCount = this.bytes[at + 1] as number;
    if (subCount > MAX_SID_SUBAUTHORITIES) {
      this.error = `field '${f.name}' at payload offset ${at - this.base} is not a SID (${subCount} sub-authorities)`;
      return undefined;
    }
    const n = 8 + 4 * subCount;
    if (left < n) return this.fail(f, n, at);
    this.pos = at + n;
    return sidToString(this.bytes, this.view, at, subCount);
  }

  private binary(f: FieldPlan, at: number, prefix: number, n: number): PropValue | undefined {
    if (this.end - at < prefix + n) return this.fail(f, prefix + n, at);
    const start = at + prefix;
    this.pos = start + n;
    if (f.shape === Shape.IPv6 && n === 16) return ipv6ToString(this.bytes, start);
    if (f.shape === Shape.SocketAddress) return socketAddressToString(this.bytes, start, n);
    return bytesToHex(this.bytes, start, start + n);
  }

  /** A value of at most 32 bits: slot, shape and display. */
  private integer(f: FieldPlan, prefix: string, index: number, v: number, at: number): PropValue {
    if (f.slot >= 0) this.slots[f.slot] = v;
    if (f.display !== Display.None) this.displayInteger(f, prefix, index, v);
    switch (f.shape) {
      case Shape.Plain:
        return v;
      case Shape.Boolean:
        return v !== 0;
      case Shape.Port:
        return ((v & 0xff) << 8) | ((v >> 8) & 0xff);
      case Shape.IPv4:
        return ipv4ToString(this.bytes, at);
      default:
        return v;
    }
  }

  private displayInteger(f: FieldPlan, prefix: string, index: number, v: number): void {
    switch (f.display) {
      case Display.Hex:
        this.setDisplay(prefix, f, index, v < 0 ? u32Hex(v) : '0x' + v.toString(16));
        return;
      case Display.ValueMap:
      case Display.BitMap:
        if (f.map) this.setDisplay(prefix, f, index, f.map.render(v));
        return;
      case Display.Win32Error:
        this.setDisplay(prefix, f, index, win32ErrorName(v));
        return;
      case Display.NtStatus:
        this.setDisplay(prefix, f, index, ntStatusName(v));
        return;
      case Display.HResult:
        this.setDisplay(prefix, f, index, hresultName(v));
        return;
    }
  }

  private integer64(
    f: FieldPlan,
    prefix: string,
    index: number,
    lo: number,
    hi: number,
    signed: boolean,
  ): PropValue {
    const value = signed ? i64Json(lo, hi) : u64Json(lo, hi);
    if (f.slot >= 0) this.slots[f.slot] = typeof value === 'number' ? value : Number(value);
    if (f.display !== Display.None) {
      if (f.display === Display.Hex) this.setDisplay(prefix, f, index, u64Hex(lo, hi >>> 0));
      else this.displayInteger(f, prefix, index, lo);
    }
    if (f.shape === Shape.FileTime) return fileTimeHalvesToIso(lo, hi >>> 0);
    if (f.shape === Shape.Boolean) return lo !== 0 || hi !== 0;
    return value;
  }
}

/** A copy of a props object without the template keys that were never decoded. */
function withoutUnset(obj: Props): Props {
  const out: Props = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v !== undefined)
      Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

/** End of a UTF-16 string inside [start, stop): the first NUL code unit, or stop. */
function terminatedAt16(b: Uint8Array, start: number, stop: number): number {
  for (let i = start; i + 1 < stop; i += 2) if (b[i] === 0 && b[i + 1] === 0) return i;
  return stop;
}

/** NaN and infinities are not JSON numbers; they become strings. */
function jsonNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}
