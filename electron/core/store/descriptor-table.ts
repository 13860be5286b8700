// Interned event descriptors for the event store. Everything in a RawEvent header that repeats across
// events of one type — provider, EVENT_DESCRIPTOR (id, version, channel, level, opcode, task,
// keywords), header kind/type/pointer size/flags and kernel group — is stored once per distinct
// combination; each stored row keeps only a 4-byte descriptor index. Real traces have hundreds to a
// few thousand descriptors, so ~26 bytes of header per event become 4, and filters on these fields
// read one small, cache-resident table.
//
// Layout: 8 Uint32 words per descriptor (struct of arrays in one buffer), open-addressing hash on top.
// Fields are kept at their ETW widths (id/task 16 bits, version/channel/level/opcode 8 bits, flags
// 16 bits, header type 8 bits); wider values are masked.

export const DESCRIPTOR_STRIDE = 8;
const W_PROVIDER = 0;
const W_ID_TASK = 1; // id | task << 16
const W_SMALL = 2; // version | channel << 8 | level << 16 | opcode << 24
const W_KW_LO = 3;
const W_KW_HI = 4;
const W_HEADER = 5; // flags | headerType << 16 | kind << 24 (4 bits) | (pointerSize 8 ? 1 : 0) << 28
const W_GROUP = 6; // group + 1 (0 = no kernel group)
const W_HASH = 7;

/** The header fields that make up a descriptor, as RawEvent carries them. */
export interface DescriptorFields {
  id: number;
  version: number;
  channel: number;
  level: number;
  opcode: number;
  task: number;
  flags: number;
  headerType: number;
  kind: number;
  pointerSize: 4 | 8;
  group: number;
}

function mix(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x85ebca6b);
  return (h ^ (h >>> 15)) | 0;
}

export class DescriptorTable {
  /** DESCRIPTOR_STRIDE words per descriptor; reallocated (doubling) as descriptors are added. */
  words = new Uint32Array(64 * DESCRIPTOR_STRIDE);
  private keywordValues: bigint[] = [];
  private slots = new Int32Array(128).fill(-1);
  count = 0;

  /** Index of the descriptor (providerIndex, fields, keywords), added if new. */
  intern(providerIndex: number, f: DescriptorFields, kwLo: number, kwHi: number): number {
    const w0 = providerIndex >>> 0;
    const w1 = ((f.id & 0xffff) | ((f.task & 0xffff) << 16)) >>> 0;
    const w2 =
      ((f.version & 0xff) |
        ((f.channel & 0xff) << 8) |
        ((f.level & 0xff) << 16) |
        ((f.opcode & 0xff) << 24)) >>>
      0;
    const w5 =
      ((f.flags & 0xffff) |
        ((f.headerType & 0xff) << 16) |
        ((f.kind & 0xf) << 24) |
        ((f.pointerSize === 8 ? 1 : 0) << 28)) >>>
      0;
    const w6 = (f.group + 1) >>> 0;
    let h = mix(mix(mix(mix(mix(mix(mix(0x9e3779b9, w0), w1), w2), kwLo), kwHi), w5), w6);
    h = h >>> 0;
    const words = this.words;
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const d = this.slots[slot] as number;
      if (d < 0) break;
      const b = d * DESCRIPTOR_STRIDE;
      if (
        words[b + W_HASH] === h &&
        words[b + W_PROVIDER] === w0 &&
        words[b + W_ID_TASK] === w1 &&
        words[b + W_SMALL] === w2 &&
        words[b + W_KW_LO] === kwLo &&
        words[b + W_KW_HI] === kwHi &&
        words[b + W_HEADER] === w5 &&
        words[b + W_GROUP] === w6
      ) {
        return d;
      }
    }
    return this.add(h, w0, w1, w2, kwLo, kwHi, w5, w6);
  }

  private add(h: number, w0: number, w1: number, w2: number, lo: number, hi: number, w5: number, w6: number) {
    const d = this.count++;
    if ((d + 1) * DESCRIPTOR_STRIDE > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const b = d * DESCRIPTOR_STRIDE;
    this.words.set([w0, w1, w2, lo, hi, w5, w6, h], b);
    this.keywordValues.push((BigInt(hi) << 32n) | BigInt(lo));
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(d, h);
    return d;
  }

  private place(d: number, h: number): void {
    const mask = this.slots.length - 1;
    let slot = h & mask;
    while ((this.slots[slot] as number) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = d;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    for (let d = 0; d < this.count; d++) this.place(d, this.words[d * DESCRIPTOR_STRIDE + W_HASH] as number);
  }

  providerIndex(d: number): number {
    return this.words[d * DESCRIPTOR_STRIDE + W_PROVIDER] as number;
  }
  id(d: number): number {
    return (this.words[d * DESCRIPTOR_STRIDE + W_ID_TASK] as number) & 0xffff;
  }
  task(d: number): number {
    return (this.words[d * DESCRIPTOR_STRIDE + W_ID_TASK] as number) >>> 16;
  }
  version(d: number): number {
    return (this.words[d * DESCRIPTOR_STRIDE + W_SMALL] as number) & 0xff;
  }
  channel(d: number): number {
    return ((this.words[d * DESCRIPTOR_STRIDE + W_SMALL] as number) >>> 8) & 0xff;
  }
  level(d: number): number {
    return ((this.words[d * DESCRIPTOR_STRIDE + W_SMALL] as number) >>> 16) & 0xff;
  }
  opcode(d: number): number {
    return (this.words[d * DESCRIPTOR_STRIDE + W_SMALL] as number) >>> 24;
  }
  keywordsLow(d: number): number {
    return this.words[d * DESCRIPTOR_STRIDE + W_KW_LO] as number;
  }
  keywordsHigh(d: number): number {
    return this.words[d * DESCRIPTOR_STRIDE + W_KW_HI] as number;
  }
  keywords(d: number): bigint {
    return this.keywordValues[d] ?? 0n;
  }
  flags(d: number): number {
    return (this.words[d * DESCRIPTOR_STRIDE + W_HEADER] as number) & 0xffff;
  }
  headerType(d: number): number {
    return ((this.words[d * DESCRIPTOR_STRIDE + W_HEADER] as number) >>> 16) & 0xff;
  }
  kind(d: number): number {
    return ((this.words[d * DESCRIPTOR_STRIDE + W_HEADER] as number) >>> 24) & 0xf;
  }
  pointerSize(d: number): 4 | 8 {
    return ((this.words[d * DESCRIPTOR_STRIDE + W_HEADER] as number) >>> 28) & 1 ? 8 : 4;
  }
  group(d: number): number {
    return (this.words[d * DESCRIPTOR_STRIDE + W_GROUP] as number) - 1;
  }

  /** Typed-array bytes plus an estimate for the keyword bigints. */
  get byteSize(): number {
    return this.words.byteLength + this.slots.byteLength + this.count * 24;
  }
}
