// Builds little-endian payloads for decoder tests, and decodes them with a schema (compile + decode),
// so each test states its bytes and its expected props side by side.
import type { MapSchema } from '../../../electron/common/model/schema';
import { guidToBytes } from '../../../electron/core/binary/guid';
import { compileEvent, type DecodeFieldSchema } from '../../../electron/core/decode/plan';
import { PayloadDecoder } from '../../../electron/core/decode/payload-decoder';

export class PayloadBuilder {
  private readonly parts: number[] = [];

  get length(): number {
    return this.parts.length;
  }
  u8(...v: number[]): this {
    for (const x of v) this.parts.push(x & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v, v >> 8);
  }
  u16be(v: number): this {
    return this.u8(v >> 8, v);
  }
  u32(v: number): this {
    return this.u8(v, v >> 8, v >> 16, v >>> 24);
  }
  u64(v: bigint): this {
    const b = BigInt.asUintN(64, v);
    for (let i = 0n; i < 8n; i++) this.u8(Number((b >> (8n * i)) & 0xffn));
    return this;
  }
  f32(v: number): this {
    const d = new DataView(new ArrayBuffer(4));
    d.setFloat32(0, v, true);
    return this.u8(...new Uint8Array(d.buffer));
  }
  f64(v: number): this {
    const d = new DataView(new ArrayBuffer(8));
    d.setFloat64(0, v, true);
    return this.u8(...new Uint8Array(d.buffer));
  }
  /** UTF-16LE code units, without terminator. */
  utf16(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this;
  }
  utf16z(s: string): this {
    return this.utf16(s).u16(0);
  }
  ansi(s: string): this {
    for (let i = 0; i < s.length; i++) this.u8(s.charCodeAt(i));
    return this;
  }
  ansiz(s: string): this {
    return this.ansi(s).u8(0);
  }
  utf8z(s: string): this {
    return this.u8(...new TextEncoder().encode(s), 0);
  }
  guid(g: string): this {
    return this.u8(...guidToBytes(g));
  }
  /** A SID: revision 1, 48-bit authority, sub-authorities. */
  sid(authority: number, ...subs: number[]): this {
    this.u8(1, subs.length, 0, 0, 0, 0, 0, authority);
    for (const s of subs) this.u32(s);
    return this;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export const bytes = () => new PayloadBuilder();

/** Decodes `payload` with `fields` (as a standalone event), at a non-zero offset of a larger buffer. */
export function decodeWith(
  fields: DecodeFieldSchema[],
  payload: Uint8Array,
  options: { maps?: MapSchema[]; pointerSize?: 4 | 8 } = {},
) {
  const plan = compileEvent({ fields }, (name) => options.maps?.find((m) => m.name === name));
  // Payloads are views into bigger buffers in real use: decode from one too.
  const host = new Uint8Array(payload.length + 16).fill(0xcc);
  host.set(payload, 8);
  const decoder = new PayloadDecoder();
  const props = decoder.decode(plan, host.subarray(8, 8 + payload.length), options.pointerSize ?? 8);
  return { props, display: decoder.display, error: decoder.error, consumed: decoder.consumed, plan };
}
