// Test helper: walks a kernel table layout (FieldSchema[]) over a real payload, the way the MOF rules
// lay it out (shared/docs/etw-formats.md §7.2), and returns the values and the bytes consumed. It is
// deliberately independent of the production decoder, so the kernel tables can be checked against
// real captures on their own: a wrong size, a missing field or a wrong string kind shows up as an
// overrun, a missing terminator or leftover bytes.

import type { FieldSchema } from '../../../../electron/common/model/schema';
import { KERNEL_REST_OF_PAYLOAD } from '../../../../electron/core/decode/kernel';

export type WalkValue = number | bigint | string | null | WalkValue[];

export interface WalkResult {
  values: Record<string, WalkValue>;
  consumed: number;
  /** Set when the layout cannot be followed over these bytes (overrun, unterminated string...). */
  error?: string;
  /** First field that was absent because the payload ended exactly before it. */
  absentFrom?: string;
}

const FIXED: Record<string, number> = {
  Int8: 1,
  UInt8: 1,
  Int16: 2,
  UInt16: 2,
  Int32: 4,
  UInt32: 4,
  Int64: 8,
  UInt64: 8,
  Float: 4,
  Double: 8,
  Boolean: 4,
  GUID: 16,
  FILETIME: 8,
  UnicodeChar: 2,
  HexInt32: 4,
  HexInt64: 8,
};

class OutOfBytes extends Error {}

export function walkLayout(
  fields: readonly FieldSchema[],
  payload: Uint8Array,
  pointerSize: 4 | 8,
): WalkResult {
  const dv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const values: Record<string, WalkValue> = {};
  let at = 0;
  const need = (n: number) => {
    if (n < 0 || at + n > payload.length)
      throw new OutOfBytes(`needs ${n} bytes at ${at}, payload is ${payload.length}`);
  };
  const intValue = (name: string): number => {
    const v = values[name];
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    throw new Error(`count/length field ${name} is not an integer`);
  };
  const readScalar = (f: FieldSchema): WalkValue => {
    const ptr = f.inType === 'Pointer' || f.inType === 'SizeT';
    const size = ptr ? pointerSize : FIXED[f.inType];
    if (size !== undefined) {
      need(size);
      const o = at;
      at += size;
      switch (f.inType) {
        case 'Int8':
          return dv.getInt8(o);
        case 'UInt8':
          return dv.getUint8(o);
        case 'Int16':
          return dv.getInt16(o, true);
        case 'UInt16':
          return f.outType === 'Port' ? dv.getUint16(o, false) : dv.getUint16(o, true);
        case 'Int32':
          return dv.getInt32(o, true);
        case 'UInt32':
        case 'HexInt32':
        case 'Boolean':
          if (f.outType === 'IPv4') return [0, 1, 2, 3].map((i) => payload[o + i]).join('.');
          return dv.getUint32(o, true);
        case 'Int64':
          return dv.getBigInt64(o, true);
        case 'Float':
          return dv.getFloat32(o, true);
        case 'Double':
          return dv.getFloat64(o, true);
        case 'GUID':
          return guidText(payload, o);
        case 'UnicodeChar':
          return String.fromCharCode(dv.getUint16(o, true));
        default:
          return size === 4 ? dv.getUint32(o, true) : dv.getBigUint64(o, true);
      }
    }
    switch (f.inType) {
      case 'UnicodeString': {
        if (typeof f.length === 'number' || typeof f.length === 'string') {
          const chars = typeof f.length === 'number' ? f.length : intValue(f.length);
          need(chars * 2);
          const s = utf16(payload, at, chars);
          at += chars * 2;
          return s.replace(/\0.*$/s, '');
        }
        let end = at;
        while (true) {
          if (end + 2 > payload.length) throw new OutOfBytes(`UTF-16 string at ${at} has no terminator`);
          if (payload[end] === 0 && payload[end + 1] === 0) break;
          end += 2;
        }
        const s = utf16(payload, at, (end - at) / 2);
        at = end + 2;
        return s;
      }
      case 'AnsiString': {
        if (typeof f.length === 'number' || typeof f.length === 'string') {
          const chars = typeof f.length === 'number' ? f.length : intValue(f.length);
          need(chars);
          const s = latin1(payload, at, chars);
          at += chars;
          return s.replace(/\0.*$/s, '');
        }
        const end = payload.indexOf(0, at);
        if (end < 0) throw new OutOfBytes(`8-bit string at ${at} has no terminator`);
        const s = latin1(payload, at, end - at);
        at = end + 1;
        return s;
      }
      case 'Binary': {
        const len =
          f.length === undefined
            ? payload.length - at
            : typeof f.length === 'number'
              ? f.length
              : intValue(f.length);
        need(len);
        const bytes = payload.subarray(at, at + len);
        at += len;
        if (f.outType === 'IPv6' && len === 16) {
          return Array.from({ length: 8 }, (_, i) =>
            ((bytes[i * 2] ?? 0) * 256 + (bytes[i * 2 + 1] ?? 0)).toString(16),
          ).join(':');
        }
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      }
      case 'WbemSID': {
        need(4);
        // A zero first u32 is a null SID (4 bytes; TraceEvent SkipSID), except when a well-formed SID
        // follows the TOKEN_USER slot anyway: the syzygy fixtures write TOKEN_USER with a zero pointer.
        if (dv.getUint32(at, true) === 0 && !sidFollows(payload, at + 2 * pointerSize)) {
          at += 4;
          return null;
        }
        const sid = at + 2 * pointerSize; // TOKEN_USER { PSID; DWORD Attributes } padded to 2 pointers
        at = sid;
        need(8);
        const subCount = payload[sid + 1] ?? 0;
        need(8 + 4 * subCount);
        let authority = 0;
        for (let i = 2; i < 8; i++) authority = authority * 256 + (payload[sid + i] ?? 0);
        const subs = Array.from({ length: subCount }, (_, i) => dv.getUint32(sid + 8 + 4 * i, true));
        at = sid + 8 + 4 * subCount;
        return `S-${payload[sid]}-${authority}${subs.map((s) => `-${s}`).join('')}`;
      }
      default:
        throw new Error(`walker does not know in-type ${f.inType}`);
    }
  };

  for (const f of fields) {
    try {
      if (f.count === undefined) {
        if (at === payload.length) return { values, consumed: at, absentFrom: f.name };
        values[f.name] = readScalar(f);
        continue;
      }
      const elementSize = f.inType === 'Pointer' ? pointerSize : FIXED[f.inType];
      const n =
        f.count === KERNEL_REST_OF_PAYLOAD
          ? Math.floor((payload.length - at) / (elementSize ?? 1))
          : typeof f.count === 'number'
            ? f.count
            : intValue(f.count);
      // An empty array takes no bytes, so it is present even at the very end of the payload.
      if (n > 0 && at === payload.length && f.count !== KERNEL_REST_OF_PAYLOAD) {
        return { values, consumed: at, absentFrom: f.name };
      }
      const items: WalkValue[] = [];
      for (let i = 0; i < n; i++) items.push(readScalar(f));
      values[f.name] = items;
    } catch (e) {
      if (e instanceof OutOfBytes) return { values, consumed: at, error: `${f.name}: ${e.message}` };
      throw e;
    }
  }
  return { values, consumed: at };
}

/** Revision 1, 1-15 sub-authorities, authority high bytes 0, and it fits: a SID starts at `sid`. */
function sidFollows(b: Uint8Array, sid: number): boolean {
  const count = b[sid + 1] ?? 0;
  return (
    b[sid] === 1 &&
    count >= 1 &&
    count <= 15 &&
    b[sid + 2] === 0 &&
    b[sid + 3] === 0 &&
    sid + 8 + 4 * count <= b.length
  );
}

function utf16(b: Uint8Array, at: number, chars: number): string {
  let s = '';
  for (let i = 0; i < chars; i++)
    s += String.fromCharCode((b[at + 2 * i] ?? 0) | ((b[at + 2 * i + 1] ?? 0) << 8));
  return s;
}

function latin1(b: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[at + i] ?? 0);
  return s;
}

function guidText(b: Uint8Array, at: number): string {
  const h = (i: number) => (b[at + i] ?? 0).toString(16).padStart(2, '0');
  return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}
