// Test-only synthetic ETL writer: a header buffer with a TRACE_LOGFILE_HEADER (ptr4 or ptr8 layout,
// etw-formats §3) and data buffers holding records of every header kind (§2), optionally compressed
// with any [MS-XCA] format through the test compressors. Lets tests cover layouts no public capture
// has (INSTANCE, ERROR, MESSAGE, COMPACT, PMC items, LZNT1/Huffman buffers, other clocks).
import { guidToBytes } from '../../../../electron/core/binary/guid';
import { compressLznt1 } from './lznt1-compress';
import { compressXpress } from './xpress-compress';
import { compressXpressHuffman } from './xpress-huffman-compress';

class Writer {
  private bytes: number[] = [];
  get length(): number {
    return this.bytes.length;
  }
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  u64(v: bigint): this {
    return this.u32(Number(v & 0xffffffffn)).u32(Number((v >> 32n) & 0xffffffffn));
  }
  raw(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.u8(b[i]!);
    return this;
  }
  guid(g: string): this {
    return this.raw(guidToBytes(g));
  }
  utf16z(s: string): this {
    for (const c of s) this.u16(c.charCodeAt(0));
    return this.u16(0);
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.u8(0);
    return this;
  }
  patchU16(at: number, v: number): void {
    this.bytes[at] = v & 0xff;
    this.bytes[at + 1] = (v >>> 8) & 0xff;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export interface KernelRecordSpec {
  headerType: 0x01 | 0x02 | 0x03 | 0x04 | 0x10 | 0x11;
  group: number;
  type: number;
  version?: number;
  /** Extra bits for the Version word: 0x8000 PEBS, (n << 8) PMC count. */
  ext?: { pebs?: bigint; pmc?: bigint[] };
  tid?: number;
  pid?: number;
  time: bigint;
  payload?: number[];
}

export interface EventHeaderRecordSpec {
  headerType: 0x12 | 0x13;
  provider: string;
  id: number;
  version?: number;
  channel?: number;
  level?: number;
  opcode?: number;
  task?: number;
  keywords?: bigint;
  flags?: number;
  activity?: string;
  tid?: number;
  pid?: number;
  time: bigint;
  ext?: { type: number; data: number[] }[];
  payload?: number[];
}

export interface ClassicRecordSpec {
  headerType: 0x0a | 0x14 | 0x0b | 0x15;
  guid: string;
  type: number;
  level?: number;
  version?: number;
  tid?: number;
  pid?: number;
  time: bigint;
  instance?: { id: number; parentId: number; parentGuid: string };
  payload?: number[];
}

export interface MessageRecordSpec {
  message: true;
  number: number;
  options: number;
  sequence?: number;
  guid?: string;
  componentId?: number;
  time?: bigint;
  tid?: number;
  pid?: number;
  payload?: number[];
}

export interface ErrorRecordSpec {
  error: true;
  payload: number[];
}

export type RecordSpec =
  KernelRecordSpec | EventHeaderRecordSpec | ClassicRecordSpec | MessageRecordSpec | ErrorRecordSpec;

export function recordBytes(r: RecordSpec): Uint8Array {
  const w = new Writer();
  if ('error' in r) {
    w.u16(4 + r.payload.length)
      .u8(0x0d)
      .u8(0xc0)
      .raw(r.payload);
    return w.done();
  }
  if ('message' in r) {
    w.u16(0).u8(0).u8(0x90).u16(r.number).u16(r.options);
    if (r.sequence !== undefined) w.u32(r.sequence);
    if (r.guid) w.guid(r.guid);
    if (r.componentId !== undefined) w.u32(r.componentId);
    if (r.time !== undefined) w.u64(r.time);
    if (r.tid !== undefined) w.u32(r.tid).u32(r.pid ?? 0);
    w.raw(r.payload ?? []);
    w.patchU16(0, w.length);
    return w.done();
  }
  const payload = r.payload ?? [];
  if ('group' in r) {
    const pebs = r.ext?.pebs;
    const pmc = r.ext?.pmc ?? [];
    const version = (r.version ?? 2) | (pebs !== undefined ? 0x8000 : 0) | (pmc.length << 8);
    w.u16(version).u8(r.headerType).u8(0xc0).u16(0).u8(r.type).u8(r.group);
    const perfInfo = r.headerType >= 0x10;
    if (!perfInfo) w.u32(r.tid ?? 0).u32(r.pid ?? 0);
    w.u64(r.time);
    if (r.headerType <= 0x02) w.u32(0).u32(0);
    if (pebs !== undefined) w.u64(pebs);
    for (const c of pmc) w.u64(c);
    w.raw(payload);
    w.patchU16(4, w.length);
    return w.done();
  }
  if ('provider' in r) {
    const hasExt = (r.ext?.length ?? 0) > 0;
    w.u16(0)
      .u8(r.headerType)
      .u8(0xc0)
      .u16((r.flags ?? 0) | (hasExt ? 1 : 0))
      .u16(0);
    w.u32(r.tid ?? 0)
      .u32(r.pid ?? 0)
      .u64(r.time)
      .guid(r.provider);
    w.u16(r.id)
      .u8(r.version ?? 0)
      .u8(r.channel ?? 0)
      .u8(r.level ?? 0)
      .u8(r.opcode ?? 0)
      .u16(r.task ?? 0);
    w.u64(r.keywords ?? 0n).u64(0n);
    if (r.activity) w.guid(r.activity);
    else w.zeros(16);
    (r.ext ?? []).forEach((item, i, all) => {
      const size = 8 + ((item.data.length + 7) & ~7);
      w.u16(size)
        .u16(item.type)
        .u16(i < all.length - 1 ? 1 : 0)
        .u16(item.data.length)
        .raw(item.data);
      w.zeros(size - 8 - item.data.length);
    });
    w.raw(payload);
    w.patchU16(0, w.length);
    return w.done();
  }
  w.u16(0)
    .u8(r.headerType)
    .u8(0xc0)
    .u8(r.type)
    .u8(r.level ?? 0)
    .u16(r.version ?? 0);
  w.u32(r.tid ?? 0)
    .u32(r.pid ?? 0)
    .u64(r.time)
    .guid(r.guid)
    .u64(0n);
  if (r.instance) w.u32(r.instance.id).u32(r.instance.parentId).guid(r.instance.parentGuid);
  w.raw(payload);
  w.patchU16(0, w.length);
  return w.done();
}

export interface BufferSpec {
  cpu: number;
  sequence: number;
  records: RecordSpec[];
  /** Extra raw bytes appended after the records (before the 0xFF fill), for corruption tests. */
  trailer?: number[];
}

export interface EtlSpec {
  pointerSize?: 4 | 8;
  bufferSize?: number;
  /** 2 LZNT1, 3 XPRESS, 4 XPRESS Huffman: data buffers are compressed with it. */
  compression?: 2 | 3 | 4;
  clockType?: number;
  perfFreq?: number;
  cpuSpeedMHz?: number;
  startTime?: bigint;
  /** Raw timestamp of the header record. */
  t0?: bigint;
  loggerName?: string;
  buffers: BufferSpec[];
}

const FILL = 0xff;

function bufferHeader(
  w: Writer,
  o: { size: number; offset: number; seq: number; cpu: number; state: number; flags: number; type: number },
): void {
  w.u32(o.size).u32(o.offset).u32(0).u32(0).u64(0n).u64(BigInt(o.seq)).u64(0n);
  w.u16(o.cpu).u16(1).u32(o.state).u32(o.offset).u16(o.flags).u16(o.type).zeros(16);
}

function logfileHeaderRecord(spec: EtlSpec, buffersWritten: number): Uint8Array {
  const ptr = spec.pointerSize ?? 8;
  const logFileMode = spec.compression ? 0x04000001 : 0x00000001;
  const w = new Writer();
  w.u16(2)
    .u8(ptr === 8 ? 0x02 : 0x01)
    .u8(0xc0)
    .u16(0)
    .u8(0)
    .u8(0)
    .u32(100)
    .u32(200)
    .u64(spec.t0 ?? 1000n)
    .u32(0)
    .u32(0);
  w.u32(spec.bufferSize ?? 0x10000)
    .raw([10, 0, 1, 5])
    .u32(19041)
    .u32(4)
    .u64(133000000000000000n);
  w.u32(156250)
    .u32(0)
    .u32(logFileMode)
    .u32(buffersWritten)
    .u32(1)
    .u32(ptr)
    .u32(7)
    .u32(spec.cpuSpeedMHz ?? 3000);
  w.zeros(ptr * 2); // LoggerName, LogFileName pointers
  w.u32(480 >>> 0); // TimeZone.Bias
  w.utf16z('Pacific Standard Time').zeros(64 - 44);
  w.zeros(16 + 4);
  w.utf16z('Pacific Daylight Time').zeros(64 - 44);
  w.zeros(16 + 4 + 4); // DaylightDate, DaylightBias, pad to 176
  w.u64(132999999999999999n)
    .u64(BigInt(spec.perfFreq ?? 10_000_000))
    .u64(spec.startTime ?? 132900000000000000n);
  w.u32(spec.clockType ?? 1).u32(0);
  w.utf16z(spec.loggerName ?? 'Synthetic Logger').utf16z('C:\\synthetic.etl');
  const bytes = w.done();
  bytes[4] = bytes.length & 0xff;
  bytes[5] = bytes.length >>> 8;
  return bytes;
}

function pack(records: Uint8Array[], trailer: number[] = []): Uint8Array {
  const w = new Writer();
  for (const r of records) {
    w.raw(r);
    w.zeros(((r.length + 7) & ~7) - r.length);
  }
  w.raw(trailer);
  return w.done();
}

function compress(format: 2 | 3 | 4, data: Uint8Array): Uint8Array {
  if (format === 2) return compressLznt1(data);
  if (format === 3) return compressXpress(data);
  return compressXpressHuffman(data);
}

export function buildEtl(spec: EtlSpec): Uint8Array {
  const bufferSize = spec.bufferSize ?? 0x10000;
  const out = new Writer();
  const headerBody = pack([logfileHeaderRecord(spec, spec.buffers.length + 1)]);
  bufferHeader(out, {
    size: bufferSize,
    offset: 0x48 + headerBody.length,
    seq: 0,
    cpu: 0,
    state: spec.compression ?? 3,
    flags: 1,
    type: 4,
  });
  out.raw(headerBody);
  for (let i = 0x48 + headerBody.length; i < bufferSize; i++) out.u8(FILL);
  for (const b of spec.buffers) {
    const body = pack(b.records.map(recordBytes), b.trailer);
    const used = 0x48 + body.length;
    if (used > bufferSize) throw new Error(`buffer of ${used} bytes exceeds ${bufferSize}`);
    if (spec.compression) {
      const z = compress(spec.compression, body);
      bufferHeader(out, {
        size: 0x48 + z.length,
        offset: used,
        seq: b.sequence,
        cpu: b.cpu,
        state: 0,
        flags: 0x40,
        type: 0,
      });
      out.raw(z);
    } else {
      bufferHeader(out, {
        size: bufferSize,
        offset: used,
        seq: b.sequence,
        cpu: b.cpu,
        state: 0,
        flags: 0,
        type: 0,
      });
      out.raw(body);
      for (let i = used; i < bufferSize; i++) out.u8(FILL);
    }
  }
  return out.done();
}
