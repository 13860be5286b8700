// Test-only [MS-XCA] §2.3 plain LZ77 (XPRESS) compressor: 32-bit flag words (MSB first), literals, and
// match tokens with the nibble/byte/u16/u32 length extensions, so round trips exercise every path
// of electron/core/etl/compression/xpress.ts.
import { ByteOut, tokenize } from './lz-matcher';

export function compressXpress(data: Uint8Array, maxLength = 0x10000 + 100): Uint8Array {
  const out = new ByteOut();
  const tokens = tokenize(data, 0, data.length, {
    windowStart: 0,
    maxOffset: () => 8192,
    maxLength: () => maxLength,
  });
  let flagAt = out.reserve(4);
  let flags = 0;
  let count = 0;
  let halfAt = -1;
  for (const t of tokens) {
    if (count === 32) {
      out.u32(flags >>> 0, flagAt);
      flagAt = out.reserve(4);
      flags = 0;
      count = 0;
    }
    count++;
    if ('literal' in t) {
      flags = (flags << 1) >>> 0;
      out.u8(t.literal);
      continue;
    }
    flags = ((flags << 1) | 1) >>> 0;
    const m = t.length - 3;
    const off = (t.offset - 1) << 3;
    if (m < 7) {
      out.u16(off | m);
      continue;
    }
    out.u16(off | 7);
    const m2 = m - 7;
    const nibble = Math.min(m2, 15);
    if (halfAt < 0) {
      halfAt = out.reserve(1);
      out.set(halfAt, nibble);
    } else {
      out.set(halfAt, out.get(halfAt) | (nibble << 4));
      halfAt = -1;
    }
    if (m2 < 15) continue;
    const m3 = m2 - 15;
    if (m3 < 255) {
      out.u8(m3);
      continue;
    }
    out.u8(255);
    if (m <= 0xffff) out.u16(m);
    else {
      out.u16(0);
      out.u32(m);
    }
  }
  // Unused flag bits are 1s: the decoder sees a match with no input left and stops.
  const unused = 32 - count;
  const tail = unused === 32 ? 0xffffffff : ((flags << unused) | ((1 << unused) - 1)) >>> 0;
  out.u32(unused === 0 ? flags >>> 0 : tail, flagAt);
  return out.bytes();
}
