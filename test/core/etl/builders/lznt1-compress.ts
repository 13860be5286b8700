// Test-only [MS-XCA] §2.5 LZNT1 compressor: 4096-byte chunks, flag bytes LSB first, back-references
// whose displacement/length split follows the position in the chunk; a chunk that does not shrink is
// stored uncompressed (header bit 15 clear), as RtlCompressBuffer does. Ends with a zero header.
import { ByteOut, tokenize } from './lz-matcher';

const CHUNK = 4096;

function displacementBits(posInChunk: number): number {
  let bits = 4;
  for (let p = posInChunk - 1; p >= 0x10; p >>= 1) bits++;
  return bits;
}

export function compressLznt1(data: Uint8Array, { forceStored = false } = {}): Uint8Array {
  const out = new ByteOut();
  for (let start = 0; start < data.length; start += CHUNK) {
    const end = Math.min(data.length, start + CHUNK);
    const tokens = tokenize(data, start, end, {
      windowStart: start,
      maxOffset: (pos) => 1 << displacementBits(pos - start),
      maxLength: (pos) => (1 << (16 - displacementBits(pos - start))) - 1 + 3,
    });
    const chunk = new ByteOut();
    let pos = start;
    for (let i = 0; i < tokens.length; i += 8) {
      const flagAt = chunk.reserve(1);
      let flags = 0;
      tokens.slice(i, i + 8).forEach((t, bit) => {
        if ('literal' in t) {
          chunk.u8(t.literal);
          pos++;
          return;
        }
        flags |= 1 << bit;
        const lengthBits = 16 - displacementBits(pos - start);
        chunk.u16(((t.offset - 1) << lengthBits) | (t.length - 3));
        pos += t.length;
      });
      chunk.set(flagAt, flags);
    }
    if (forceStored || chunk.length >= end - start) {
      out.u16(0x3000 | (end - start - 1));
      out.append(data.subarray(start, end));
    } else {
      out.u16(0xb000 | (chunk.length - 1));
      out.append(chunk.bytes());
    }
  }
  out.u16(0);
  return out.bytes();
}
