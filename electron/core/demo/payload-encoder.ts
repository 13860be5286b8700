// Encodes event field values into user data the way a provider writes them, for the fields the
// demo schemas use (the inverse of the decoder for these types): integers little-endian, FILETIME
// and pointers as 64-bit, UTF-16Z / 8-bit strings, and the network shapes as Windows stores them
// (IPv4 out-type: the address bytes in dotted order; Port: big-endian).
import type { FieldSchema } from '../../common/model/schema';
import { ByteBuilder } from '../export/byte-builder';

export type FieldValue = number | bigint | string;
export type FieldValues = Readonly<Record<string, FieldValue>>;

function ipv4Bytes(text: string): number[] {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${text}`);
  }
  return parts;
}

function num(v: FieldValue | undefined, field: string): number {
  if (typeof v !== 'number') throw new Error(`field ${field} needs a number, got ${String(v)}`);
  return v;
}

function big(v: FieldValue | undefined, field: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  throw new Error(`field ${field} needs a 64-bit integer, got ${String(v)}`);
}

function text(v: FieldValue | undefined, field: string): string {
  if (typeof v !== 'string') throw new Error(`field ${field} needs text, got ${String(v)}`);
  return v;
}

/** User data for `fields` (top-level scalars only) from `values`; a missing or mistyped value throws. */
export function encodePayload(
  fields: readonly FieldSchema[],
  values: FieldValues,
  pointerSize: 4 | 8,
): Uint8Array {
  const b = new ByteBuilder(128);
  for (const f of fields) {
    const v = values[f.name];
    switch (f.inType) {
      case 'UInt32':
      case 'HexInt32':
        if (f.outType === 'IPv4') b.bytes(ipv4Bytes(text(v, f.name)));
        else b.u32(num(v, f.name));
        break;
      case 'Int32':
        b.i32(num(v, f.name));
        break;
      case 'UInt16': {
        const n = num(v, f.name);
        if (f.outType === 'Port') b.u8(n >>> 8).u8(n & 0xff);
        else b.u16(n);
        break;
      }
      case 'UInt64':
      case 'HexInt64':
      case 'FILETIME':
        b.u64(big(v, f.name));
        break;
      case 'Pointer':
        if (pointerSize === 8) b.u64(big(v, f.name));
        else b.u32(Number(big(v, f.name) & 0xffffffffn));
        break;
      case 'UnicodeString':
        b.utf16z(text(v, f.name));
        break;
      case 'AnsiString':
        b.ansiz(text(v, f.name));
        break;
      default:
        throw new Error(`field ${f.name}: in-type ${f.inType} is not supported by the demo encoder`);
    }
  }
  return b.done();
}
