// Utf8Out: builds UTF-8 text straight into a reusable byte buffer and hands it to a sink a megabyte
// at a time. Text exports write millions of small pieces; concatenating them into strings and
// encoding those costs more than the rest of the export (V8 flattens and re-encodes the ropes), so
// fixed parts are written as cached bytes, integers digit by digit, and only whole strings (one
// JSON.stringify per event) go through the encoder, into the buffer itself.
import type { ByteSink } from './sink';

const encoder = new TextEncoder();
/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;

export class Utf8Out {
  private buf: Uint8Array;
  private pos = 0;

  constructor(
    private readonly sink: ByteSink,
    private readonly chunk = 1 << 20,
  ) {
    this.buf = new Uint8Array(chunk * 2);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n + this.chunk);
  }

  /** Hands what was written to the sink once a chunk is full. Call between records. */
  maybeFlush(): void {
    if (this.pos >= this.chunk) this.flush();
  }

  flush(): void {
    if (this.pos === 0) return;
    this.sink.write(this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** Characters known to be ASCII (digits, hex, ISO times). */
  ascii(s: string): void {
    this.room(s.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any string, UTF-8 encoded (lone surrogates become U+FFFD, as TextEncoder does). */
  text(s: string): void {
    this.room(s.length * MAX_BYTES_PER_UNIT);
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** An integer as JSON writes it. */
  int(n: number): void {
    if (!Number.isInteger(n) || n > 0x7fffffff || n < -0x7fffffff) {
      this.ascii(String(n));
      return;
    }
    this.room(11);
    const buf = this.buf;
    if (n < 0) {
      buf[this.pos++] = 0x2d;
      n = -n;
    }
    if (n < 10) {
      buf[this.pos++] = 0x30 + n;
      return;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    do {
      const q = Math.floor(n / 10);
      buf[--p] = 0x30 + (n - q * 10);
      n = q;
    } while (n > 0);
  }
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}
