// BatchWriter: the TypeScript twin of the addon's C++ batch writer (native/src/win/batch_writer.cc,
// layout in native/README.md "Batch layout" and batch-layout.ts). Replay sessions write the RawEvents
// of a capture into batches exactly as the native consumer writes EVENT_RECORDs, so that they reach
// the app through the same parseBatch path as live events.
//
// What a record carries is what ETW's EVENT_RECORD carries. Fields of a RawEvent that an EVENT_RECORD
// has no room for are folded the way ETW folds them for real-time consumers:
//   - classic and kernel records (SYSTEM/COMPACT/PERFINFO/FULL/INSTANCE headers) get
//     EVENT_HEADER_FLAG_CLASSIC_HEADER, their class GUID as ProviderId and their type as Opcode, so
//     parseBatch reads them back as RecordKind.Full with group -1;
//   - every record gets EVENT_HEADER_FLAG_32_BIT_HEADER or _64_BIT_HEADER from its pointer size;
//   - WPP records get EVENT_HEADER_FLAG_TRACE_MESSAGE;
//   - a CPU above 255 is written as a ProcessorIndex (EVENT_HEADER_FLAG_PROCESSOR_INDEX).
// The raw TRACE_HEADER_TYPE byte goes into EVENT_HEADER.HeaderType (reserved by the docs, copied
// verbatim by the native writer), so `headerType` survives the trip.
//
// Time: batches carry a 10 MHz clock whose t0 is TICKS_ORIGIN, so TimeStamp = TICKS_ORIGIN + ticks is
// exact and parseBatch gives back the very same ticks; startFileTime is the source's, so absolute
// times are unchanged.

import { guidToBytes } from '../binary/guid';
import { RecordKind, type RawEvent, type TraceClock } from '../events/raw-event';
import {
  BATCH_FLAG_LAST,
  BATCH_HEADER_SIZE,
  BATCH_MAGIC,
  BATCH_VERSION,
  BatchHeader,
  EXT_ITEM_HEADER_SIZE,
  EventHeader,
  EventHeaderFlag,
  RECORD_HEADER_SIZE,
  RecordHeader,
} from './batch-layout';

/** Raw timestamp of ticks = 0: 2^48 leaves room for ~325 days before the start and stays below 2^53. */
export const TICKS_ORIGIN = 2n ** 48n;
export const BATCH_CLOCK_FREQUENCY = 10_000_000;

const NO_ID = 0xffffffff;
const MAX_CPU = 0xffff;
const U64_LIMIT = 2n ** 64n;

/** The clock a batch header states for a source clock (see "Time" above). */
export function batchClockOf(source: TraceClock): TraceClock {
  return {
    startFileTime: source.startFileTime,
    clockType: source.clockType,
    frequency: BATCH_CLOCK_FREQUENCY,
    t0: TICKS_ORIGIN,
  };
}

/** Bytes one RawEvent takes as a batch record (header, extended items, user data, padding). */
export function recordSizeOf(raw: RawEvent): number {
  let size = RECORD_HEADER_SIZE;
  for (const item of raw.ext) size += EXT_ITEM_HEADER_SIZE + align8(item.data.length);
  return size + align8(raw.payload.length);
}

export interface BatchEnd {
  sequence: number;
  /** Records dropped since the previous delivered batch. */
  dropped: number;
  /** The consumer's final batch. */
  last?: boolean;
  /** ProcessTrace's status (LAST only). */
  endStatus?: number;
}

/** Problems a writer met (a record it could not represent exactly); the record is still written. */
export interface WriterNote {
  code: 'TICKS_ROUNDED' | 'TICKS_OUT_OF_RANGE' | 'CPU_CLIPPED' | 'BAD_GUID';
  message: string;
}

/**
 * Accumulates records into one batch. `add` returns false when the record would push the batch past
 * its capacity (start a new batch); an empty batch always accepts one record, however large, so no
 * record is ever refused outright. `finish` returns the batch's bytes (a fresh buffer each time:
 * parsed payload views into it stay valid) and resets the writer.
 */
export class BatchWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private at = BATCH_HEADER_SIZE;
  private count = 0;
  private readonly clock: TraceClock;
  private readonly guidBytes = new Map<string, Uint8Array>();
  readonly notes: WriterNote[] = [];

  constructor(
    source: TraceClock,
    readonly capacity = 1 << 20,
  ) {
    this.clock = batchClockOf(source);
    this.buffer = new Uint8Array(Math.max(BATCH_HEADER_SIZE, capacity));
    this.view = new DataView(this.buffer.buffer);
  }

  get records(): number {
    return this.count;
  }

  get bytes(): number {
    return this.at;
  }

  add(raw: RawEvent): boolean {
    const size = recordSizeOf(raw);
    if (this.count > 0 && this.at + size > this.capacity) return false;
    this.reserve(this.at + size);
    this.writeRecord(raw, this.at, size);
    this.at += size;
    this.count++;
    return true;
  }

  /** The batch so far with its header filled in; the writer starts over empty. */
  finish(end: BatchEnd): Uint8Array {
    const out = this.buffer.slice(0, this.at);
    const v = new DataView(out.buffer);
    v.setUint32(BatchHeader.magic, BATCH_MAGIC, true);
    v.setUint16(BatchHeader.version, BATCH_VERSION, true);
    v.setUint16(BatchHeader.headerSize, BATCH_HEADER_SIZE, true);
    v.setUint32(BatchHeader.totalSize, out.length, true);
    v.setUint32(BatchHeader.sequence, end.sequence >>> 0, true);
    v.setUint32(BatchHeader.count, this.count, true);
    v.setUint32(BatchHeader.dropped, Math.min(end.dropped, NO_ID), true);
    v.setUint32(BatchHeader.flags, end.last ? BATCH_FLAG_LAST : 0, true);
    v.setUint32(BatchHeader.endStatus, end.last ? (end.endStatus ?? 0) >>> 0 : 0, true);
    v.setUint32(BatchHeader.clockType, this.clock.clockType, true);
    v.setBigUint64(BatchHeader.frequency, BigInt(this.clock.frequency), true);
    v.setBigUint64(BatchHeader.t0, this.clock.t0, true);
    v.setBigUint64(BatchHeader.startFileTime, this.clock.startFileTime, true);
    this.buffer.fill(0, 0, this.at);
    this.at = BATCH_HEADER_SIZE;
    this.count = 0;
    return out;
  }

  /** Forgets the records written so far (a batch dropped for lack of room); returns how many. */
  discard(): number {
    const records = this.count;
    this.buffer.fill(0, 0, this.at);
    this.at = BATCH_HEADER_SIZE;
    this.count = 0;
    return records;
  }

  private reserve(size: number): void {
    if (size <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(size, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.at));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  private writeRecord(raw: RawEvent, at: number, size: number): void {
    const v = this.view;
    const out = this.buffer;
    let flags = raw.kind === RecordKind.EventHeader ? raw.flags & 0xffff : 0;
    flags &= ~(EventHeaderFlag.Header32 | EventHeaderFlag.Header64);
    flags |= raw.pointerSize === 4 ? EventHeaderFlag.Header32 : EventHeaderFlag.Header64;
    if (raw.kind === RecordKind.Message) flags |= EventHeaderFlag.TraceMessage;
    else if (raw.kind !== RecordKind.EventHeader) flags |= EventHeaderFlag.ClassicHeader;
    if (raw.ext.length > 0) flags |= EventHeaderFlag.ExtendedInfo;
    let cpu = raw.cpu;
    if (cpu < 0 || cpu > MAX_CPU || !Number.isInteger(cpu)) {
      this.note('CPU_CLIPPED', `cpu ${cpu} does not fit ETW_BUFFER_CONTEXT; written as 0`);
      cpu = 0;
    }
    if (cpu > 0xff) flags |= EventHeaderFlag.ProcessorIndex;

    v.setUint32(at + RecordHeader.size, size, true);
    v.setUint16(at + RecordHeader.extCount, raw.ext.length, true);
    v.setUint32(at + RecordHeader.userDataLength, raw.payload.length, true);
    if (flags & EventHeaderFlag.ProcessorIndex) v.setUint16(at + RecordHeader.processorIndex, cpu, true);
    else v.setUint8(at + RecordHeader.processorNumber, cpu);

    const h = at + RecordHeader.eventHeader;
    v.setUint16(h, RECORD_HEADER_SIZE - RecordHeader.eventHeader, true); // EVENT_HEADER.Size
    v.setUint16(h + EventHeader.headerType, raw.headerType & 0xff, true);
    v.setUint16(h + EventHeader.flags, flags, true);
    v.setUint32(h + EventHeader.threadId, raw.tid < 0 ? NO_ID : raw.tid >>> 0, true);
    v.setUint32(h + EventHeader.processId, raw.pid < 0 ? NO_ID : raw.pid >>> 0, true);
    v.setBigUint64(h + EventHeader.timeStamp, this.timeStampOf(raw.ticks), true);
    out.set(this.guid(raw.providerId), h + EventHeader.providerId);
    v.setUint16(h + EventHeader.id, raw.id, true);
    v.setUint8(h + EventHeader.version, raw.version);
    v.setUint8(h + EventHeader.channel, raw.channel);
    v.setUint8(h + EventHeader.level, raw.level);
    v.setUint8(h + EventHeader.opcode, raw.opcode);
    v.setUint16(h + EventHeader.task, raw.task, true);
    v.setBigUint64(h + EventHeader.keyword, BigInt.asUintN(64, raw.keywords), true);
    if (raw.activityId) out.set(this.guid(raw.activityId), h + EventHeader.activityId);

    let pos = at + RECORD_HEADER_SIZE;
    for (const item of raw.ext) {
      v.setUint16(pos, item.type, true);
      v.setUint32(pos + 4, item.data.length, true);
      out.set(item.data, pos + EXT_ITEM_HEADER_SIZE);
      pos += EXT_ITEM_HEADER_SIZE + align8(item.data.length);
    }
    out.set(raw.payload, pos);
  }

  private timeStampOf(ticks: number): bigint {
    let whole = ticks;
    if (!Number.isInteger(whole)) {
      whole = Math.round(whole);
      if (!Number.isFinite(whole)) whole = 0;
      this.note('TICKS_ROUNDED', `ticks ${ticks} are not whole 100-ns units; rounded to ${whole}`);
    }
    const stamp = TICKS_ORIGIN + BigInt(whole);
    if (stamp < 0n || stamp >= U64_LIMIT) {
      this.note('TICKS_OUT_OF_RANGE', `ticks ${ticks} fall outside the batch clock; written as 0`);
      return TICKS_ORIGIN;
    }
    return stamp;
  }

  private guid(text: string): Uint8Array {
    let bytes = this.guidBytes.get(text);
    if (!bytes) {
      try {
        bytes = guidToBytes(text);
      } catch {
        this.note('BAD_GUID', `'${text.slice(0, 60)}' is not a GUID; written as zeros`);
        bytes = new Uint8Array(16);
      }
      this.guidBytes.set(text, bytes);
    }
    return bytes;
  }

  private note(code: WriterNote['code'], message: string): void {
    if (this.notes.length < 100) this.notes.push({ code, message });
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
