// [MS-XCA] §2.1-2.2 LZ77+Huffman (XPRESS_HUFF, COMPRESSION_FORMAT_XPRESS_HUFF = 4). The stream is a
// series of blocks, each producing up to 65536 output bytes: a 256-byte table of 512 4-bit code
// lengths (symbol 2i in the low nibble of byte i), then a bit stream read as little-endian u16 words
// MSB first, with extra match-length bytes interleaved at the current word position. Symbols < 256
// are literals; 256 + (offsetBits << 4 | lengthNibble) are matches. Codes are canonical (shorter first,
// then by symbol), decoded through a 2^15-entry table. Bounded: never writes past output.length,
// throws BinaryParseError on a bad table or a bad match; reading past the input yields zero bits, and
// each decoded symbol produces at least one byte, so the loop always ends.
import { BinaryParseError } from '../../binary/byte-reader';
import { copyMatch } from './xpress';

const TABLE_BYTES = 256;
const SYMBOLS = 512;
const MAX_CODE_BITS = 15;
const TABLE_ENTRIES = 1 << MAX_CODE_BITS;
const BLOCK_OUTPUT = 65536;

function fail(at: number, message: string): never {
  throw new BinaryParseError('DECOMPRESS', at, 'XPRESS_HUFF', message);
}

/** Builds the 15-bit lookup: entry → symbol, and each symbol's code length. */
function buildTable(input: Uint8Array, at: number, symbols: Uint16Array, lengths: Uint8Array): void {
  if (at + TABLE_BYTES > input.length) fail(at, 'Huffman table runs past the input');
  for (let i = 0; i < TABLE_BYTES; i++) {
    const b = input[at + i]!;
    lengths[2 * i] = b & 0x0f;
    lengths[2 * i + 1] = b >>> 4;
  }
  let entry = 0;
  for (let bits = 1; bits <= MAX_CODE_BITS; bits++) {
    const span = 1 << (MAX_CODE_BITS - bits);
    for (let s = 0; s < SYMBOLS; s++) {
      if (lengths[s] !== bits) continue;
      if (entry + span > TABLE_ENTRIES) fail(at, 'Huffman code lengths oversubscribe the code space');
      symbols.fill(s, entry, entry + span);
      entry += span;
    }
  }
  if (entry !== TABLE_ENTRIES) fail(at, 'Huffman code lengths do not fill the code space');
}

/** Decompresses `input` into `output`; returns the number of bytes written (stops when output is full). */
export function decompressXpressHuffman(input: Uint8Array, output: Uint8Array): number {
  const inLen = input.length;
  const outLen = output.length;
  const symbols = new Uint16Array(TABLE_ENTRIES);
  const lengths = new Uint8Array(SYMBOLS);
  const word = (at: number): number =>
    at + 1 < inLen ? input[at]! | (input[at + 1]! << 8) : at < inLen ? input[at]! : 0;
  let inPos = 0;
  let outPos = 0;
  while (outPos < outLen) {
    buildTable(input, inPos, symbols, lengths);
    inPos += TABLE_BYTES;
    // 32-bit window: `bits` holds 16 + extra valid bits, MSB-aligned.
    let bits = ((word(inPos) << 16) | word(inPos + 2)) >>> 0;
    inPos += 4;
    let extra = 16;
    const blockEnd = Math.min(outLen, outPos + BLOCK_OUTPUT);
    const consume = (n: number): void => {
      bits = (bits << n) >>> 0;
      extra -= n;
      if (extra < 0) {
        bits = (bits | (word(inPos) << -extra)) >>> 0;
        inPos += 2;
        extra += 16;
      }
    };
    while (outPos < blockEnd) {
      const symbol = symbols[bits >>> (32 - MAX_CODE_BITS)]!;
      consume(lengths[symbol]!);
      if (symbol < 256) {
        output[outPos++] = symbol;
        continue;
      }
      const code = symbol - 256;
      let length = code & 0x0f;
      const offsetBits = code >>> 4;
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
          if (length < 15) fail(inPos, `match length ${length} below 15`);
          length -= 15;
        }
        length += 15;
      }
      length += 3;
      let offset = 1;
      if (offsetBits > 0) {
        offset = (bits >>> (32 - offsetBits)) + (1 << offsetBits);
        consume(offsetBits);
      }
      if (offset > outPos) fail(inPos, `match offset ${offset} before the output start (at ${outPos})`);
      if (outPos + length > outLen)
        fail(inPos, `match of ${length} bytes overruns the ${outLen}-byte output`);
      copyMatch(output, outPos, offset, length);
      outPos += length;
    }
  }
  return outPos;
}
