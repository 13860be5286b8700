// ByteReader: bounded little-endian reads over a Uint8Array with one cached DataView.
// Every read checks its bounds and throws BinaryParseError (never a RangeError) so parsers can turn
// a bad structure into a diagnostic {offset, code, message} and go on. `sub()` makes views, no copies.

export class BinaryParseError extends Error {
  constructor(
    readonly code: string,
    readonly offset: number,
    readonly structure: string,
    message: string,
  ) {
    super(`${structure} at 0x${offset.toString(16)}: ${message}`);
    this.name = 'BinaryParseError';
  }
}

const utf16 = new TextDecoder('utf-16le');
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

export class ByteReader {
  readonly view: DataView;
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    /** Offset of bytes[0] in the enclosing file, for error messages. */
    readonly base = 0,
    readonly structure = 'data',
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  fail(code: string, message: string, at = this.pos): never {
    throw new BinaryParseError(code, this.base + at, this.structure, message);
  }

  need(n: number, at = this.pos): void {
    if (n < 0 || at < 0 || at + n > this.bytes.length) {
      this.fail('TRUNCATED', `needs ${n} bytes, ${Math.max(0, this.bytes.length - at)} left`, at);
    }
  }

  u8(at = this.pos): number {
    this.need(1, at);
    if (at === this.pos) this.pos += 1;
    return this.bytes[at] as number;
  }
  u16(at = this.pos): number {
    this.need(2, at);
    if (at === this.pos) this.pos += 2;
    return this.view.getUint16(at, true);
  }
  i16(at = this.pos): number {
    this.need(2, at);
    if (at === this.pos) this.pos += 2;
    return this.view.getInt16(at, true);
  }
  u32(at = this.pos): number {
    this.need(4, at);
    if (at === this.pos) this.pos += 4;
    return this.view.getUint32(at, true);
  }
  i32(at = this.pos): number {
    this.need(4, at);
    if (at === this.pos) this.pos += 4;
    return this.view.getInt32(at, true);
  }
  u64(at = this.pos): bigint {
    this.need(8, at);
    if (at === this.pos) this.pos += 8;
    return this.view.getBigUint64(at, true);
  }
  i64(at = this.pos): bigint {
    this.need(8, at);
    if (at === this.pos) this.pos += 8;
    return this.view.getBigInt64(at, true);
  }
  /** u64 as a double: exact below 2^53. */
  u64n(at = this.pos): number {
    this.need(8, at);
    if (at === this.pos) this.pos += 8;
    return this.view.getUint32(at, true) + this.view.getUint32(at + 4, true) * 0x100000000;
  }
  f32(at = this.pos): number {
    this.need(4, at);
    if (at === this.pos) this.pos += 4;
    return this.view.getFloat32(at, true);
  }
  f64(at = this.pos): number {
    this.need(8, at);
    if (at === this.pos) this.pos += 8;
    return this.view.getFloat64(at, true);
  }

  /** A view of n bytes from `at` (default: the cursor, which advances). */
  sub(n: number, at = this.pos): Uint8Array {
    this.need(n, at);
    if (at === this.pos) this.pos += n;
    return this.bytes.subarray(at, at + n);
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** UTF-16LE string of n code units (no terminator expected). */
  utf16(chars: number, at = this.pos): string {
    const b = this.sub(chars * 2, at);
    return utf16.decode(b);
  }

  /** NUL-terminated UTF-16LE; an unterminated string runs to the end (as TDH does). */
  utf16z(at = this.pos): string {
    let end = at;
    const b = this.bytes;
    while (end + 1 < b.length && (b[end] !== 0 || b[end + 1] !== 0)) end += 2;
    const s = utf16.decode(b.subarray(at, end));
    const next = Math.min(b.length, end + 2);
    if (at === this.pos) this.pos = next;
    return s;
  }

  /** NUL-terminated 8-bit string (Latin-1, or UTF-8 when asked); unterminated runs to the end. */
  ansiz(at = this.pos, asUtf8 = false): string {
    const b = this.bytes;
    let end = at;
    while (end < b.length && b[end] !== 0) end++;
    const s = (asUtf8 ? utf8 : latin1).decode(b.subarray(at, end));
    if (at === this.pos) this.pos = Math.min(b.length, end + 1);
    return s;
  }
}

export function align8(n: number): number {
  return (n + 7) & ~7;
}

export const textDecoders = { utf16, latin1, utf8 };
