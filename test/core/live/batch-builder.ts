// Test builder for live batches, written from the layout table in native/README.md with literal
// offsets (deliberately not importing electron/core/live/batch-layout.ts, so a wrong constant there
// cannot hide behind the same mistake here). Mirrors what native/src/win/batch_writer.cc writes.

import { guidToBytes } from '../../../electron/core/binary/guid';

export interface ExtSpec {
  type: number;
  data: Uint8Array;
}

export interface RecordSpec {
  headerType?: number;
  flags?: number;
  eventProperty?: number;
  threadId?: number;
  processId?: number;
  timeStamp?: bigint;
  providerId?: string;
  id?: number;
  version?: number;
  channel?: number;
  level?: number;
  opcode?: number;
  task?: number;
  keyword?: bigint;
  processorTime?: bigint;
  activityId?: string;
  /** ETW_BUFFER_CONTEXT: u8 ProcessorNumber + u8 Alignment, or u16 ProcessorIndex. */
  processorNumber?: number;
  processorIndex?: number;
  loggerId?: number;
  ext?: ExtSpec[];
  userData?: Uint8Array;
}

export interface ClockSpec {
  clockType: number;
  frequency: bigint;
  t0: bigint;
  startFileTime: bigint;
}

export interface BatchSpec {
  sequence?: number;
  dropped?: number;
  last?: boolean;
  endStatus?: number;
  clock?: ClockSpec;
  records: RecordSpec[];
  /** Overrides for corruption tests. */
  count?: number;
  totalSize?: number;
  magic?: number;
  version?: number;
  headerSize?: number;
}

export const QPC_CLOCK: ClockSpec = {
  clockType: 1,
  frequency: 10_000_000n,
  t0: 5_000_000_000n,
  startFileTime: 133_000_000_000_000_000n, // 2022-06-15
};

const align8 = (n: number) => (n + 7) & ~7;

/** One record in the batch layout (README "Record"). */
export function buildRecord(r: RecordSpec): Uint8Array {
  const ext = r.ext ?? [];
  const userData = r.userData ?? new Uint8Array();
  const size = 0x60 + ext.reduce((n, e) => n + 8 + align8(e.data.length), 0) + align8(userData.length);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0x00, size, true);
  v.setUint16(0x04, ext.length, true);
  v.setUint32(0x08, userData.length, true);
  if (r.processorIndex !== undefined) v.setUint16(0x0c, r.processorIndex, true);
  else v.setUint8(0x0c, r.processorNumber ?? 0);
  v.setUint16(0x0e, r.loggerId ?? 0, true);
  const h = 0x10; // EVENT_HEADER
  v.setUint16(h + 0x00, 0, true); // Size: ignored
  v.setUint16(h + 0x02, r.headerType ?? 0, true);
  v.setUint16(h + 0x04, r.flags ?? 0x40, true);
  v.setUint16(h + 0x06, r.eventProperty ?? 0, true);
  v.setUint32(h + 0x08, r.threadId ?? 0, true);
  v.setUint32(h + 0x0c, r.processId ?? 0, true);
  v.setBigUint64(h + 0x10, r.timeStamp ?? 0n, true);
  out.set(guidToBytes(r.providerId ?? '00000000-0000-0000-0000-000000000000'), h + 0x18);
  v.setUint16(h + 0x28, r.id ?? 0, true);
  v.setUint8(h + 0x2a, r.version ?? 0);
  v.setUint8(h + 0x2b, r.channel ?? 0);
  v.setUint8(h + 0x2c, r.level ?? 0);
  v.setUint8(h + 0x2d, r.opcode ?? 0);
  v.setUint16(h + 0x2e, r.task ?? 0, true);
  v.setBigUint64(h + 0x30, r.keyword ?? 0n, true);
  v.setBigUint64(h + 0x38, r.processorTime ?? 0n, true);
  out.set(guidToBytes(r.activityId ?? '00000000-0000-0000-0000-000000000000'), h + 0x40);
  let at = 0x60;
  for (const e of ext) {
    v.setUint16(at, e.type, true);
    v.setUint32(at + 4, e.data.length, true);
    out.set(e.data, at + 8);
    at += 8 + align8(e.data.length);
  }
  out.set(userData, at);
  return out;
}

/** A whole batch (README "Batch header" + records). */
export function buildBatch(spec: BatchSpec): Uint8Array {
  const records = spec.records.map(buildRecord);
  const total = 64 + records.reduce((n, r) => n + r.length, 0);
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  const clock = spec.clock ?? QPC_CLOCK;
  v.setUint32(0x00, spec.magic ?? 0x42585745, true);
  v.setUint16(0x04, spec.version ?? 1, true);
  v.setUint16(0x06, spec.headerSize ?? 64, true);
  v.setUint32(0x08, spec.totalSize ?? total, true);
  v.setUint32(0x0c, spec.sequence ?? 0, true);
  v.setUint32(0x10, spec.count ?? records.length, true);
  v.setUint32(0x14, spec.dropped ?? 0, true);
  v.setUint32(0x18, spec.last ? 1 : 0, true);
  v.setUint32(0x1c, spec.endStatus ?? 0, true);
  v.setUint32(0x20, clock.clockType, true);
  v.setBigUint64(0x28, clock.frequency, true);
  v.setBigUint64(0x30, clock.t0, true);
  v.setBigUint64(0x38, clock.startFileTime, true);
  let at = 64;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

/** Offsets of each record in a batch built from `spec`. */
export function recordOffsets(spec: BatchSpec): number[] {
  const offsets: number[] = [];
  let at = 64;
  for (const r of spec.records) {
    offsets.push(at);
    at += buildRecord(r).length;
  }
  return offsets;
}
