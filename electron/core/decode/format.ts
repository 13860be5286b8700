// Text renderings of decoded values, the way analysts read them: SIDs (S-1-5-18), IPv4/IPv6 and
// socket addresses (sockaddr_in / sockaddr_in6), FILETIME and SYSTEMTIME as ISO 8601, hex for
// pointers and HexInt fields, hex dumps of binary data, and 64-bit integers as JSON-safe values
// (a number up to 2^53, a decimal string beyond). The payload decoder and the ext-data decoder use
// these; every function reads only inside the bounds it is given.

import { fileTimeToIso } from '../../common/time';

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of bytes[start, end), no separators. */
export function bytesToHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX_BYTE[bytes[i] as number];
  return s;
}

const TWO_POW_32 = 0x100000000;
const TWO_POW_53_HIGH = 0x200000; // hi word of 2^53

/** An unsigned 64-bit value given as two 32-bit halves: a number when exact, else a decimal string. */
export function u64Json(lo: number, hi: number): number | string {
  if (hi < TWO_POW_53_HIGH) return hi * TWO_POW_32 + lo;
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** A signed 64-bit value (hi is the signed upper word): a number when exact, else a decimal string. */
export function i64Json(lo: number, hi: number): number | string {
  if (hi < TWO_POW_53_HIGH && hi >= -TWO_POW_53_HIGH) return hi * TWO_POW_32 + lo;
  return ((BigInt(hi) << 32n) + BigInt(lo)).toString();
}

/** "0x1b0f1000028": hex of an unsigned 64-bit value given as halves, no leading zeros. */
export function u64Hex(lo: number, hi: number): string {
  if (hi === 0) return '0x' + lo.toString(16);
  return '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/** "0x1f": hex of an unsigned 32-bit value. */
export function u32Hex(value: number): string {
  return '0x' + (value >>> 0).toString(16);
}

/** Dotted quad from four bytes in memory (network) order. */
export function ipv4ToString(bytes: Uint8Array, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

/** RFC 5952 text of a 16-byte IPv6 address: lowercase, the longest run of 2+ zero groups as "::". */
export function ipv6ToString(bytes: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++)
    groups.push(((bytes[at + 2 * i] as number) << 8) | (bytes[at + 2 * i + 1] as number));
  // IPv4-mapped (::ffff:a.b.c.d) keeps the dotted tail, as Windows prints it.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${ipv4ToString(bytes, at + 12)}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

const AF_INET = 2;
const AF_INET6 = 23;

/**
 * A SOCKADDR: sockaddr_in (family 2: "a.b.c.d:port") or sockaddr_in6 (family 23: "[v6]:port");
 * other families or short data render as hex.
 */
export function socketAddressToString(bytes: Uint8Array, at: number, length: number): string {
  if (length >= 2) {
    const family = (bytes[at] as number) | ((bytes[at + 1] as number) << 8);
    const port = length >= 4 ? ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number) : 0;
    if (family === AF_INET && length >= 8) return `${ipv4ToString(bytes, at + 4)}:${port}`;
    if (family === AF_INET6 && length >= 24) return `[${ipv6ToString(bytes, at + 8)}]:${port}`;
  }
  return bytesToHex(bytes, at, at + length);
}

/** S-R-A-S1-S2...: revision, 48-bit big-endian authority (hex when >= 2^32), sub-authorities. */
export function sidToString(bytes: Uint8Array, view: DataView, at: number, subCount: number): string {
  let authority = 0;
  for (let i = 0; i < 6; i++) authority = authority * 256 + (bytes[at + 2 + i] as number);
  let s = `S-${bytes[at]}-${authority < TWO_POW_32 ? authority : '0x' + authority.toString(16)}`;
  for (let i = 0; i < subCount; i++) s += '-' + view.getUint32(at + 8 + 4 * i, true);
  return s;
}

/** FILETIME (two halves) as ISO 8601 UTC with 7 fractional digits. */
export function fileTimeHalvesToIso(lo: number, hi: number): string {
  const ft = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  // Beyond year 30827 Date cannot render it; show the raw number then.
  if (ft > 0x7fffffffffffffffn) return ft.toString();
  return fileTimeToIso(ft);
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/**
 * SYSTEMTIME (8 × u16: year, month, day-of-week, day, hour, minute, second, ms) as ISO 8601 without
 * a zone (SYSTEMTIME does not say which one), 7 fractional digits like every other time here.
 */
export function systemTimeToIso(view: DataView, at: number): string {
  const year = view.getUint16(at, true);
  const month = view.getUint16(at + 2, true);
  const day = view.getUint16(at + 6, true);
  const hour = view.getUint16(at + 8, true);
  const minute = view.getUint16(at + 10, true);
  const second = view.getUint16(at + 12, true);
  const ms = view.getUint16(at + 14, true);
  return (
    `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:` +
    `${pad2(second)}.${String(ms).padStart(3, '0')}0000`
  );
}
