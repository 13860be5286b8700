// [MS-XCA] §2.3-2.4 "Plain LZ77" (XPRESS, COMPRESSION_FORMAT_XPRESS = 3): the format of every
// compressed ETL buffer seen in public samples. 32-bit flag words (MSB first) select a literal byte or
// a 16-bit match token (offset = tok>>3 + 1, length = tok&7 with nibble/byte/u16/u32 extensions, + 3).
// Bounded: writes at most output.length bytes; a match before the output start or a read past the
// input throws BinaryParseError (code DECOMPRESS), so corrupt input never overruns or loops.
import { BinaryParseError } from '../../binary/byte-reader';

function fail(at: number, message: string): never {
  throw new BinaryParseError('DECOMPRESS', at, 'XPRESS', message);
}

/** Decompresses `input` into `output`; returns the number of bytes written (stops when output is full). */
export function decompressXpress(input: Uint8Array, output: Uint8Array): number {
  const inLen = input.length;
  const outLen = output.length;
  let inPos = 0;
  let outPos = 0;
  let flags = 0;
  let flagCount = 0;
  let halfByteAt = -1;
  while (outPos < outLen) {
    if (flagCount === 0) {
      if (inPos + 4 > inLen) break;
      flags =
        (input[inPos]! | (input[inPos + 1]! << 8) | (input[inPos + 2]! << 16) | (input[inPos + 3]! << 24)) >>>
        0;
      inPos += 4;
      flagCount = 32;
    }
    flagCount--;
    if ((flags & (1 << flagCount)) === 0) {
      if (inPos >= inLen) break;
      output[outPos++] = input[inPos++]!;
      continue;
    }
    if (inPos + 2 > inLen) break;
    const token = input[inPos]! | (input[inPos + 1]! << 8);
    inPos += 2;
    let length = token & 7;
    const offset = (token >>> 3) + 1;
    if (length === 7) {
      if (halfByteAt < 0) {
        if (inPos >= inLen) fail(inPos, 'match length nibble past the input');
        halfByteAt = inPos;
        length = input[inPos++]! & 0x0f;
      } else {
        length = input[halfByteAt]! >>> 4;
        halfByteAt = -1;
      }
      if (length === 15) {
        if (inPos >= inLen) fail(inPos, 'match length byte past the input');
        length = input[inPos++]!;
        if (length === 255) {
          if (inPos + 2 > inLen) fail(inPos, 'match length u16 past the input');
          length = input[inPos]! | (input[inPos + 1]! << 8);
          inPos += 2;
          if (length === 0) {
            if (inPos + 4 > inLen) fail(inPos, 'match length u32 past the input');
            length =
              (input[inPos]! |
                (input[inPos + 1]! << 8) |
                (input[inPos + 2]! << 16) |
                (input[inPos + 3]! << 24)) >>>
              0;
            inPos += 4;
          }
          if (length < 15 + 7) fail(inPos, `match length ${length} below 22`);
          length -= 15 + 7;
        }
        length += 15;
      }
      length += 7;
    }
    length += 3;
    if (offset > outPos) fail(inPos - 2, `match offset ${offset} before the output start (at ${outPos})`);
    if (outPos + length > outLen)
      fail(inPos - 2, `match of ${length} bytes overruns the ${outLen}-byte output`);
    copyMatch(output, outPos, offset, length);
    outPos += length;
  }
  return outPos;
}

/** Byte-wise LZ copy (overlapping matches repeat the pattern), with a fast path for distant sources. */
export function copyMatch(output: Uint8Array, outPos: number, offset: number, length: number): void {
  const src = outPos - offset;
  if (offset >= length && length > 32) {
    output.copyWithin(outPos, src, src + length);
    return;
  }
  for (let i = 0; i < length; i++) output[outPos + i] = output[src + i]!;
}
