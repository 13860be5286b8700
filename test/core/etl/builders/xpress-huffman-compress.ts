// Test-only [MS-XCA] §2.1 LZ77+Huffman compressor: per 64 KB of input, LZ77 tokens, symbol counts,
// length-limited (<= 15 bits) canonical Huffman codes written as a 256-byte nibble table, then the
// bit stream in u16 words with the spec's two reserved word slots, so extra length bytes interleave
// exactly where the decoder reads them. The last block ends with the EOF symbol 256.
import { ByteOut, tokenize, type LzToken } from './lz-matcher';

const BLOCK = 65536;
const MAX_BITS = 15;

/** Huffman code lengths for `freq` (0 = unused), limited to 15 bits by flattening the counts. */
function codeLengths(freq: number[]): number[] {
  let f = freq.slice();
  for (;;) {
    const lengths = huffman(f);
    if (Math.max(...lengths) <= MAX_BITS) return lengths;
    f = f.map((x) => (x === 0 ? 0 : Math.max(1, x >> 1)));
  }
}

function huffman(freq: number[]): number[] {
  type Node = { w: number; sym?: number; kids?: [Node, Node] };
  let nodes: Node[] = freq.flatMap((w, sym) => (w > 0 ? [{ w, sym }] : []));
  while (nodes.length > 1) {
    nodes.sort((a, b) => a.w - b.w);
    const [a, b] = nodes as [Node, Node];
    nodes = [{ w: a.w + b.w, kids: [a, b] }, ...nodes.slice(2)];
  }
  const lengths = freq.map(() => 0);
  const walk = (n: Node, depth: number) => {
    if (n.kids) {
      walk(n.kids[0], depth + 1);
      walk(n.kids[1], depth + 1);
    } else lengths[n.sym!] = Math.max(1, depth);
  };
  if (nodes[0]) walk(nodes[0], 0);
  return lengths;
}

function canonicalCodes(lengths: number[]): number[] {
  const codes = lengths.map(() => 0);
  let code = 0;
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    for (let s = 0; s < lengths.length; s++) if (lengths[s] === bits) codes[s] = code++;
    code <<= 1;
  }
  return codes;
}

class BitWriter {
  private bits = 0;
  private free = 16;
  private slot1: number;
  private slot2: number;

  constructor(private readonly out: ByteOut) {
    this.slot1 = out.reserve(2);
    this.slot2 = out.reserve(2);
  }

  write(n: number, value: number): void {
    if (n === 0) return;
    if (this.free >= n) {
      this.bits = (this.bits << n) | value;
      this.free -= n;
      return;
    }
    const over = n - this.free;
    this.out.u16(((this.bits << this.free) | (value >>> over)) & 0xffff, this.slot1);
    this.slot1 = this.slot2;
    this.slot2 = this.out.reserve(2);
    this.bits = value & ((1 << over) - 1);
    this.free = 16 - over;
  }

  finish(): void {
    this.out.u16((this.bits << this.free) & 0xffff, this.slot1);
    this.out.u16(0, this.slot2);
  }
}

function symbolOf(t: LzToken): number {
  if ('literal' in t) return t.literal;
  const offsetBits = 31 - Math.clz32(t.offset);
  return 256 + (offsetBits << 4) + Math.min(t.length - 3, 15);
}

export function compressXpressHuffman(data: Uint8Array): Uint8Array {
  const out = new ByteOut();
  for (let start = 0; start < data.length || start === 0; start += BLOCK) {
    const end = Math.min(data.length, start + BLOCK);
    const last = end >= data.length;
    const tokens = tokenize(data, start, end, {
      windowStart: Math.max(0, start - 65535),
      maxOffset: () => 65535,
      maxLength: () => 0x10000 + 50,
    });
    const freq = new Array<number>(512).fill(0);
    for (const t of tokens) freq[symbolOf(t)]!++;
    freq[256]!++; // EOF (and guarantees two symbols, so the code is complete)
    const lengths = codeLengths(freq);
    const codes = canonicalCodes(lengths);
    const tableAt = out.reserve(256);
    for (let i = 0; i < 256; i++) out.set(tableAt + i, lengths[2 * i]! | (lengths[2 * i + 1]! << 4));
    const w = new BitWriter(out);
    const emit = (sym: number) => w.write(lengths[sym]!, codes[sym]!);
    for (const t of tokens) {
      const sym = symbolOf(t);
      emit(sym);
      if ('literal' in t) continue;
      const m = t.length - 3;
      if (m >= 15) {
        if (m - 15 < 255) out.u8(m - 15);
        else {
          out.u8(255);
          if (m <= 0xffff) out.u16(m);
          else {
            out.u16(0);
            out.u32(m);
          }
        }
      }
      const offsetBits = 31 - Math.clz32(t.offset);
      w.write(offsetBits, t.offset - (1 << offsetBits));
    }
    if (last) emit(256);
    w.finish();
    if (last) break;
  }
  return out.bytes();
}
