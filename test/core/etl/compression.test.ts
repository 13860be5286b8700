// [MS-XCA] decompressors: the spec's worked example, round trips through the test-only compressors
// (literals, short and long matches, overlapping runs, every length extension), and corrupt input:
// a BinaryParseError or a short result, never another exception or a write past the output.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BinaryParseError } from '../../../electron/core/binary/byte-reader';
import { decompressLznt1 } from '../../../electron/core/etl/compression/lznt1';
import { decompressXpress } from '../../../electron/core/etl/compression/xpress';
import { decompressXpressHuffman } from '../../../electron/core/etl/compression/xpress-huffman';
import { compressLznt1 } from './builders/lznt1-compress';
import { compressXpress } from './builders/xpress-compress';
import { compressXpressHuffman } from './builders/xpress-huffman-compress';
import { fixture } from './fixture-paths';

const codecs = [
  { name: 'XPRESS', compress: compressXpress, decompress: decompressXpress },
  { name: 'LZNT1', compress: (d: Uint8Array) => compressLznt1(d), decompress: decompressLznt1 },
  { name: 'XPRESS Huffman', compress: compressXpressHuffman, decompress: decompressXpressHuffman },
];

/** Deterministic pseudo-random bytes (xorshift). */
function noise(n: number, seed: number, alphabet = 256): Uint8Array {
  let x = seed >>> 0 || 1;
  return Uint8Array.from({ length: n }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % alphabet;
  });
}

const kernelBytes = readFileSync(fixture('etl/airbus/ShutdownPerfDiagLogger.etl')).subarray(
  0x10000,
  0x10000 + 150_000,
);
const inputs: [string, Uint8Array][] = [
  ['empty', new Uint8Array(0)],
  ['one byte', Uint8Array.of(0x61)],
  ['abc × 100', new TextEncoder().encode('abc'.repeat(100))],
  ['200 000 zeros (u16/u32 lengths, overlapping copies)', new Uint8Array(200_000)],
  ['kernel buffer bytes (150 KB, crosses 64 KB Huffman blocks)', kernelBytes],
  ['incompressible noise', noise(20_000, 7)],
  ['low-entropy noise', noise(70_000, 9, 4)],
];

describe('[MS-XCA] worked example', () => {
  it('plain LZ77: "abc" × 100 from 13 bytes', () => {
    const z = Uint8Array.of(0xff, 0xff, 0xff, 0x1f, 0x61, 0x62, 0x63, 0x17, 0x00, 0x0f, 0xff, 0x26, 0x01);
    const out = new Uint8Array(300);
    expect(decompressXpress(z, out)).toBe(300);
    expect(new TextDecoder().decode(out)).toBe('abc'.repeat(100));
    expect([...compressXpress(new TextEncoder().encode('abc'.repeat(100)))]).toEqual([...z]);
  });
});

for (const codec of codecs) {
  describe(`${codec.name} round trips`, () => {
    for (const [label, data] of inputs) {
      it(label, () => {
        const z = codec.compress(data);
        const out = new Uint8Array(data.length);
        expect(codec.decompress(z, out)).toBe(data.length);
        expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
      });
    }
    it('rejects a stream that would write past the output, leaving the bytes after it alone', () => {
      const data = new TextEncoder().encode('hello hello hello hello world');
      const backing = new Uint8Array(20).fill(0xee);
      expect(() => codec.decompress(codec.compress(data), backing.subarray(0, 10))).toThrow(BinaryParseError);
      expect(new TextDecoder().decode(backing.subarray(0, 6))).toBe('hello ');
      expect([...backing.subarray(10)]).toEqual(new Array(10).fill(0xee));
    });
  });

  describe(`${codec.name} on corrupt input`, () => {
    const data = kernelBytes.subarray(0, 20_000);
    const z = codec.compress(data);
    const attempt = (input: Uint8Array) => {
      const out = new Uint8Array(data.length);
      try {
        const n = codec.decompress(input, out);
        expect(n).toBeLessThanOrEqual(out.length);
      } catch (e) {
        expect(e).toBeInstanceOf(BinaryParseError);
      }
    };
    it('truncated at many lengths', () => {
      for (let len = 0; len < z.length; len += Math.max(1, Math.floor(z.length / 200)))
        attempt(z.subarray(0, len));
    });
    it('single bytes flipped', () => {
      for (let i = 0; i < z.length; i += Math.max(1, Math.floor(z.length / 300))) {
        const bad = z.slice();
        bad[i] = bad[i]! ^ 0xff;
        attempt(bad);
      }
    });
    it('pure noise', () => {
      for (let seed = 1; seed <= 20; seed++) attempt(noise(5000, seed));
    });
  });
}

describe('format-specific checks', () => {
  it('LZNT1 stored (uncompressed) chunks', () => {
    const data = noise(10_000, 3);
    const z = compressLznt1(data, { forceStored: true });
    expect(((z[1]! << 8) | z[0]!) & 0x8000).toBe(0);
    const out = new Uint8Array(data.length);
    expect(decompressLznt1(z, out)).toBe(data.length);
    expect(Buffer.from(out).equals(Buffer.from(data))).toBe(true);
  });
  it('XPRESS Huffman rejects a table whose code lengths do not fill the code space', () => {
    const table = new Uint8Array(260);
    table[0] = 0x01; // only symbol 0 with a 1-bit code: incomplete
    expect(() => decompressXpressHuffman(table, new Uint8Array(4))).toThrow(BinaryParseError);
  });
  it('XPRESS rejects a match before the output start', () => {
    const z = Uint8Array.of(0x00, 0x00, 0x00, 0x80, 0x08, 0x00); // first token: match offset 2
    expect(() => decompressXpress(z, new Uint8Array(8))).toThrow(/before the output start/);
  });
});
