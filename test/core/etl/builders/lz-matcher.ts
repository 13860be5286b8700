// Test-only: a greedy LZ77 tokenizer shared by the test compressors. For each position it tries the
// most recent earlier occurrence of the next 3 bytes (within maxOffset and the allowed window start)
// and takes the longest match up to maxLength; otherwise a literal.

export type LzToken = { literal: number } | { offset: number; length: number };

export interface MatchLimits {
  /** Matches may not reach back before this position. */
  windowStart: number;
  /** Largest offset / length allowed at position `pos` (LZNT1 varies them with the position). */
  maxOffset: (pos: number) => number;
  maxLength: (pos: number) => number;
}

export function tokenize(data: Uint8Array, start: number, end: number, limits: MatchLimits): LzToken[] {
  const tokens: LzToken[] = [];
  const last = new Map<number, number>();
  const key = (i: number) => data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16);
  let pos = start;
  while (pos < end) {
    let best = 0;
    let bestOffset = 0;
    if (pos + 3 <= end) {
      const k = key(pos);
      const cand = last.get(k);
      if (cand !== undefined && cand >= limits.windowStart) {
        const offset = pos - cand;
        if (offset <= limits.maxOffset(pos)) {
          const maxLen = Math.min(limits.maxLength(pos), end - pos);
          let len = 0;
          while (len < maxLen && data[cand + len] === data[pos + len]) len++;
          if (len >= 3) {
            best = len;
            bestOffset = offset;
          }
        }
      }
      last.set(k, pos);
    }
    if (best >= 3) {
      tokens.push({ offset: bestOffset, length: best });
      for (let i = pos + 1; i < pos + best && i + 3 <= end; i++) last.set(key(i), i);
      pos += best;
    } else {
      tokens.push({ literal: data[pos]! });
      pos++;
    }
  }
  return tokens;
}

/** Growable byte output for the compressors. */
export class ByteOut {
  private buf = new Uint8Array(256);
  length = 0;

  reserve(n: number): number {
    while (this.length + n > this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    const at = this.length;
    this.length += n;
    return at;
  }
  u8(v: number): void {
    const at = this.reserve(1);
    this.buf[at] = v;
  }
  u16(v: number, at = this.reserve(2)): void {
    this.buf[at] = v & 0xff;
    this.buf[at + 1] = (v >>> 8) & 0xff;
  }
  u32(v: number, at = this.reserve(4)): void {
    this.u16(v & 0xffff, at);
    this.u16(v >>> 16, at + 2);
  }
  set(at: number, v: number): void {
    this.buf[at] = v;
  }
  get(at: number): number {
    return this.buf[at]!;
  }
  bytes(from = 0, to = this.length): Uint8Array {
    return this.buf.slice(from, to);
  }
  append(b: Uint8Array): void {
    const at = this.reserve(b.length);
    this.buf.set(b, at);
  }
}
