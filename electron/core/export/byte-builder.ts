// ByteBuilder: a growable little-endian byte writer, the counterpart of binary/ByteReader. The ETL
// writer builds records and metadata blobs with it; the demo generator builds event payloads.
// Strings are written as Windows writes them: UTF-16LE or 8-bit (Latin-1), each with a NUL.
import { guidToBytes } from '../binary/guid';

export class ByteBuilder {
  private buf: Uint8Array;
  private view: DataView;
  /** Bytes written (also the position of the next write). */
  length = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): number {
    const at = this.length;
    if (at + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, at + n));
      next.set(this.buf.subarray(0, at));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.length = at + n;
    return at;
  }

  u8(v: number): this {
    const at = this.room(1);
    this.buf[at] = v & 0xff;
    return this;
  }
  u16(v: number): this {
    const at = this.room(2);
    this.view.setUint16(at, v & 0xffff, true);
    return this;
  }
  i32(v: number): this {
    const at = this.room(4);
    this.view.setInt32(at, v, true);
    return this;
  }
  u32(v: number): this {
    const at = this.room(4);
    this.view.setUint32(at, v >>> 0, true);
    return this;
  }
  u64(v: bigint): this {
    const at = this.room(8);
    this.view.setBigUint64(at, BigInt.asUintN(64, v), true);
    return this;
  }
  bytes(b: ArrayLike<number>): this {
    const at = this.room(b.length);
    this.buf.set(b, at);
    return this;
  }
  zeros(n: number): this {
    const at = this.room(n);
    this.buf.fill(0, at, this.length);
    return this;
  }
  guid(g: string): this {
    return this.bytes(guidToBytes(g));
  }
  /** UTF-16LE code units of `s`, without a terminator. */
  utf16(s: string): this {
    const at = this.room(s.length * 2);
    for (let i = 0; i < s.length; i++) this.view.setUint16(at + i * 2, s.charCodeAt(i), true);
    return this;
  }
  utf16z(s: string): this {
    return this.utf16(s).u16(0);
  }
  /** 8-bit characters (code units above 0xFF become '?'), then NUL. */
  ansiz(s: string): this {
    const at = this.room(s.length + 1);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.buf[at + i] = c > 0xff ? 0x3f : c;
    }
    this.buf[at + s.length] = 0;
    return this;
  }
  setU16(at: number, v: number): void {
    this.view.setUint16(at, v & 0xffff, true);
  }
  /** A copy of the bytes written. */
  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
