// [MS-XCA] §2.5 LZNT1 (COMPRESSION_FORMAT_LZNT1 = 2): a sequence of chunks, each decompressing to at
// most 4096 bytes. Chunk header u16: bits 0-11 = chunk data size − 1, bit 15 = compressed. Compressed
// data: flag bytes (LSB first) choose a literal or a u16 back-reference whose split between
// displacement and length bits depends on the position inside the current 4096-byte chunk
// (4 displacement bits at positions 1-16, one more each time the position doubles). A zero header ends
// the stream. Bounded like xpress.ts: never writes past output.length, throws BinaryParseError on
// corrupt input.
import { BinaryParseError } from '../../binary/byte-reader';
import { copyMatch } from './xpress';

const CHUNK_SIZE = 4096;

function fail(at: number, message: string): never {
  throw new BinaryParseError('DECOMPRESS', at, 'LZNT1', message);
}

/** Decompresses `input` into `output`; returns the number of bytes written (stops when output is full). */
export function decompressLznt1(input: Uint8Array, output: Uint8Array): number {
  const inLen = input.length;
  const outLen = output.length;
  let inPos = 0;
  let outPos = 0;
  while (outPos < outLen && inPos + 2 <= inLen) {
    const header = input[inPos]! | (input[inPos + 1]! << 8);
    if (header === 0) break;
    const dataSize = (header & 0x0fff) + 1;
    const chunkStart = inPos + 2;
    const chunkEnd = chunkStart + dataSize;
    if (chunkEnd > inLen) fail(inPos, `chunk of ${dataSize} bytes runs past the input`);
    if ((header & 0x8000) === 0) {
      const n = Math.min(dataSize, outLen - outPos);
      output.set(input.subarray(chunkStart, chunkStart + n), outPos);
      outPos += n;
    } else {
      outPos = decompressChunk(input, chunkStart, chunkEnd, output, outPos);
    }
    inPos = chunkEnd;
  }
  return outPos;
}

function decompressChunk(
  input: Uint8Array,
  inPos: number,
  inEnd: number,
  output: Uint8Array,
  outPos: number,
): number {
  const outStart = outPos;
  const outEnd = Math.min(output.length, outStart + CHUNK_SIZE);
  while (inPos < inEnd && outPos < outEnd) {
    const flags = input[inPos++]!;
    for (let bit = 0; bit < 8 && inPos < inEnd && outPos < outEnd; bit++) {
      if ((flags & (1 << bit)) === 0) {
        output[outPos++] = input[inPos++]!;
        continue;
      }
      if (inPos + 2 > inEnd) fail(inPos, 'back-reference past the chunk end');
      const token = input[inPos]! | (input[inPos + 1]! << 8);
      inPos += 2;
      let displacementBits = 4;
      for (let p = outPos - outStart - 1; p >= 0x10; p >>= 1) displacementBits++;
      const lengthBits = 16 - displacementBits;
      const length = (token & ((1 << lengthBits) - 1)) + 3;
      const offset = (token >>> lengthBits) + 1;
      if (offset > outPos - outStart) fail(inPos - 2, `back-reference ${offset} before the chunk start`);
      if (outPos + length > outEnd) fail(inPos - 2, `back-reference of ${length} bytes overruns the chunk`);
      copyMatch(output, outPos, offset, length);
      outPos += length;
    }
  }
  return outPos;
}
