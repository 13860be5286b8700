// parseBatch: one live batch from the native consumer (layout: batch-layout.ts, native/README.md) →
// the same RawEvent the .etl reader yields, so decode/filter/store code is shared. Payloads and
// extended items are views into `bytes` (no copies). Every size is checked before use; a bad header or
// record becomes a diagnostic {offset, code, message} and parsing keeps every record it can: a record
// whose inner sizes overflow is skipped (its recordSize still leads to the next one); a bad recordSize
// ends the batch. Never throws on corrupt input.
//
// Time: ticks = (TimeStamp - t0) * 10^7 / frequency with the clock from the batch header (the consumer
// anchors its session clock, QPC for our sessions, to UTC when it opens); `clock` is a TraceClock, so
// `clock.startFileTime + BigInt(ticks)` is the event's UTC FILETIME, exactly as for .etl files.

import type { GuidInterner } from '../binary/guid';
import { RecordKind, type ExtItem, type RawEvent, type TraceClock } from '../events/raw-event';
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

export interface BatchDiagnostic {
  /** Byte offset in the batch. */
  offset: number;
  code:
    | 'TRUNCATED_HEADER'
    | 'BAD_MAGIC'
    | 'BAD_VERSION'
    | 'BAD_HEADER_SIZE'
    | 'SIZE_MISMATCH'
    | 'BAD_CLOCK'
    | 'BAD_RECORD_SIZE'
    | 'RECORD_OVERFLOW'
    | 'COUNT_MISMATCH';
  message: string;
}

export interface ParsedBatch {
  /** Batch number from the header (a gap means whole batches were dropped); -1 if the header is unreadable. */
  sequence: number;
  /** Records the addon dropped since the previous delivered batch. */
  dropped: number;
  /** The consumer's final batch: ProcessTrace has returned with `endStatus`. */
  last: boolean;
  endStatus: number;
  clock: TraceClock;
  events: RawEvent[];
  diagnostics: BatchDiagnostic[];
}

const ZERO_GUID_PARTS = 4;
const TICKS_PER_SECOND = 10_000_000;
const TWO_32 = 0x1_0000_0000;
/** A u64 read as a double is exact while its high word is below 2^21. */
const EXACT_HIGH_LIMIT = 0x20_0000;
const NO_ID = 0xffffffff;

export function parseBatch(bytes: Uint8Array, interner: GuidInterner): ParsedBatch {
  const diagnostics: BatchDiagnostic[] = [];
  const clock: TraceClock = { startFileTime: 0n, clockType: 1, frequency: TICKS_PER_SECOND, t0: 0n };
  const result: ParsedBatch = {
    sequence: -1,
    dropped: 0,
    last: false,
    endStatus: 0,
    clock,
    events: [],
    diagnostics,
  };
  const fail = (offset: number, code: BatchDiagnostic['code'], message: string) =>
    diagnostics.push({ offset, code, message });

  if (bytes.length < BATCH_HEADER_SIZE) {
    fail(
      0,
      'TRUNCATED_HEADER',
      `batch of ${bytes.length} bytes is shorter than its ${BATCH_HEADER_SIZE}-byte header`,
    );
    return result;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(BatchHeader.magic, true);
  if (magic !== BATCH_MAGIC) {
    fail(
      BatchHeader.magic,
      'BAD_MAGIC',
      `magic 0x${magic.toString(16)} is not 0x${BATCH_MAGIC.toString(16)} ("EWXB")`,
    );
    return result;
  }
  const version = view.getUint16(BatchHeader.version, true);
  if (version !== BATCH_VERSION) {
    fail(
      BatchHeader.version,
      'BAD_VERSION',
      `batch format version ${version}, this reader knows ${BATCH_VERSION}`,
    );
    return result;
  }
  const headerSize = view.getUint16(BatchHeader.headerSize, true);
  if (headerSize !== BATCH_HEADER_SIZE) {
    fail(
      BatchHeader.headerSize,
      'BAD_HEADER_SIZE',
      `header size ${headerSize}, expected ${BATCH_HEADER_SIZE}`,
    );
    return result;
  }

  result.sequence = view.getUint32(BatchHeader.sequence, true);
  result.dropped = view.getUint32(BatchHeader.dropped, true);
  result.last = (view.getUint32(BatchHeader.flags, true) & BATCH_FLAG_LAST) !== 0;
  result.endStatus = result.last ? view.getUint32(BatchHeader.endStatus, true) : 0;
  const count = view.getUint32(BatchHeader.count, true);
  const totalSize = view.getUint32(BatchHeader.totalSize, true);
  let end = bytes.length;
  if (totalSize !== bytes.length) {
    fail(
      BatchHeader.totalSize,
      'SIZE_MISMATCH',
      `header says ${totalSize} bytes, the batch has ${bytes.length}`,
    );
    end = Math.max(BATCH_HEADER_SIZE, Math.min(totalSize, bytes.length));
  }

  clock.clockType = view.getUint32(BatchHeader.clockType, true);
  clock.t0 = view.getBigUint64(BatchHeader.t0, true);
  clock.startFileTime = view.getBigUint64(BatchHeader.startFileTime, true);
  const frequency = view.getBigUint64(BatchHeader.frequency, true);
  if (frequency === 0n || frequency > BigInt(Number.MAX_SAFE_INTEGER)) {
    fail(
      BatchHeader.frequency,
      'BAD_CLOCK',
      `clock frequency ${frequency} is unusable; ticks are raw timestamp differences`,
    );
  } else {
    clock.frequency = Number(frequency);
  }
  const ticksOf = makeTickConverter(clock);

  let at = BATCH_HEADER_SIZE;
  let seen = 0;
  // Each record is at least RECORD_HEADER_SIZE bytes, so the loop runs at most (end - 64) / 96 times.
  while (at < end) {
    const recordSize = at + 4 <= end ? view.getUint32(at + RecordHeader.size, true) : 0;
    if (recordSize < RECORD_HEADER_SIZE || recordSize % 8 !== 0 || at + recordSize > end) {
      fail(
        at,
        'BAD_RECORD_SIZE',
        `record ${seen} at 0x${at.toString(16)}: size ${recordSize} is not a multiple of 8 of at least ${RECORD_HEADER_SIZE} within the ${end - at} bytes left; rest of the batch skipped`,
      );
      break;
    }
    const event = parseRecord(bytes, view, at, recordSize, interner, ticksOf, fail, seen);
    if (event) result.events.push(event);
    seen++;
    at += recordSize;
  }
  if (seen !== count)
    fail(BatchHeader.count, 'COUNT_MISMATCH', `header says ${count} records, found ${seen}`);
  return result;
}

/** Raw timestamp (as its two u32 halves) → 100-ns ticks since clock.t0; exact (BigInt when needed). */
function makeTickConverter(clock: TraceClock): (view: DataView, at: number) => number {
  const t0 = clock.t0;
  const t0Exact = t0 < BigInt(EXACT_HIGH_LIMIT) * BigInt(TWO_32);
  const t0Number = Number(t0);
  const frequency = clock.frequency;
  const bigFrequency = BigInt(frequency);
  return (view, at) => {
    const lo = view.getUint32(at, true);
    const hi = view.getUint32(at + 4, true);
    if (frequency === TICKS_PER_SECOND && t0Exact && hi < EXACT_HIGH_LIMIT)
      return lo + hi * TWO_32 - t0Number;
    const diff = view.getBigUint64(at, true) - t0;
    // BigInt division truncates toward zero, as the .etl reader's conversion does.
    return Number((diff * BigInt(TICKS_PER_SECOND)) / bigFrequency);
  };
}

function parseRecord(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  recordSize: number,
  interner: GuidInterner,
  ticksOf: (view: DataView, at: number) => number,
  fail: (offset: number, code: BatchDiagnostic['code'], message: string) => void,
  index: number,
): RawEvent | undefined {
  const recordEnd = at + recordSize;
  const extCount = view.getUint16(at + RecordHeader.extCount, true);
  const userDataLength = view.getUint32(at + RecordHeader.userDataLength, true);
  const ext: ExtItem[] = [];
  let pos = at + RECORD_HEADER_SIZE;
  for (let i = 0; i < extCount; i++) {
    if (pos + EXT_ITEM_HEADER_SIZE > recordEnd) {
      fail(
        at + RecordHeader.extCount,
        'RECORD_OVERFLOW',
        `record ${index}: ${extCount} extended items do not fit the record (item ${i} starts at its end); record skipped`,
      );
      return undefined;
    }
    const type = view.getUint16(pos, true);
    const size = view.getUint32(pos + 4, true);
    const dataAt = pos + EXT_ITEM_HEADER_SIZE;
    if (size > recordEnd - dataAt) {
      fail(
        pos,
        'RECORD_OVERFLOW',
        `record ${index}: extended item ${i} (type ${type}) has ${size} bytes, ${recordEnd - dataAt} left; record skipped`,
      );
      return undefined;
    }
    ext.push({ type, data: bytes.subarray(dataAt, dataAt + size) });
    pos = dataAt + ((size + 7) & ~7);
  }
  if (pos > recordEnd || userDataLength > recordEnd - pos) {
    fail(
      at + RecordHeader.userDataLength,
      'RECORD_OVERFLOW',
      `record ${index}: ${userDataLength} bytes of user data do not fit the record; record skipped`,
    );
    return undefined;
  }

  const h = at + RecordHeader.eventHeader;
  const flags = view.getUint16(h + EventHeader.flags, true);
  const pid = view.getUint32(h + EventHeader.processId, true);
  const tid = view.getUint32(h + EventHeader.threadId, true);
  return {
    kind:
      flags & EventHeaderFlag.TraceMessage
        ? RecordKind.Message
        : flags & EventHeaderFlag.ClassicHeader
          ? RecordKind.Full
          : RecordKind.EventHeader,
    headerType: view.getUint16(h + EventHeader.headerType, true) & 0xff,
    pointerSize: flags & EventHeaderFlag.Header32 ? 4 : 8,
    ticks: ticksOf(view, h + EventHeader.timeStamp),
    cpu:
      flags & EventHeaderFlag.ProcessorIndex
        ? view.getUint16(at + RecordHeader.processorIndex, true)
        : view.getUint8(at + RecordHeader.processorNumber),
    pid: pid === NO_ID ? -1 : pid,
    tid: tid === NO_ID ? -1 : tid,
    providerId: interner.get(view, h + EventHeader.providerId),
    id: view.getUint16(h + EventHeader.id, true),
    version: view.getUint8(h + EventHeader.version),
    channel: view.getUint8(h + EventHeader.channel),
    level: view.getUint8(h + EventHeader.level),
    opcode: view.getUint8(h + EventHeader.opcode),
    task: view.getUint16(h + EventHeader.task, true),
    keywords: view.getBigUint64(h + EventHeader.keyword, true),
    flags,
    group: -1,
    activityId: isZeroGuid(view, h + EventHeader.activityId)
      ? ''
      : interner.get(view, h + EventHeader.activityId),
    ext,
    payload: bytes.subarray(pos, pos + userDataLength),
    bufferOffset: 0,
    recordOffset: at,
  };
}

function isZeroGuid(view: DataView, at: number): boolean {
  for (let i = 0; i < ZERO_GUID_PARTS; i++) if (view.getUint32(at + i * 4, true) !== 0) return false;
  return true;
}

/** The bytes of one record of a batch (e.g. for EtwAddon.eventInformation), or undefined if out of bounds. */
export function recordBytes(
  batch: Uint8Array,
  event: Pick<RawEvent, 'recordOffset'>,
): Uint8Array | undefined {
  const at = event.recordOffset;
  if (at < BATCH_HEADER_SIZE || at + RECORD_HEADER_SIZE > batch.length) return undefined;
  const size = new DataView(batch.buffer, batch.byteOffset, batch.byteLength).getUint32(at, true);
  if (size < RECORD_HEADER_SIZE || at + size > batch.length) return undefined;
  return batch.subarray(at, at + size);
}
