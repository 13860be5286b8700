// openEtl: the ETL container reader. Reads buffer 0's TRACE_LOGFILE_HEADER at open, then offers the
// buffer index, the records in file order, the time-ordered stream merged across CPUs, and a fast
// header-only scan. Memory stays flat in the file size: the file is read buffer by buffer (or in
// 4 MB windows for file-order walks), and the merge holds at most one buffer per CPU.
//
// Payload lifetime: RawEvent.payload and ext[].data are views into the buffer the event came from.
// They are valid until the next event is pulled from the same iterator (events() reuses one buffer
// of memory per CPU; a later pull may overwrite it); copy (`.slice()`) to keep them. Every other
// RawEvent field is a plain value and stays valid.
import { BinaryParseError } from '../binary/byte-reader';
import { GuidInterner } from '../binary/guid';
import type { RawEvent, TraceClock } from '../events/raw-event';
import { readIntoFrom, type ByteSource } from './byte-source';
import { BufferChain, type ChainMode } from './buffer-chain';
import { bufferProblem, parseBufferHeader, type EtlBufferInfo } from './buffer-header';
import { BufferScratch, loadBuffer } from './buffer-loader';
import { clockFrequency, TickConverter } from './clock';
import { DiagnosticLog, type EtlDiagnostic } from './diagnostics';
import { BUFFER_HEADER_SIZE, HeaderType, MARKER_FLAGS_TYPED, SYSTEM_HEADER_SIZE } from './layout';
import { parseLogfileHeader, type EtlHeader } from './logfile-header';
import { cpuStreams, MergedEvents } from './merge';
import { BufferRecords, type RecordContext } from './records';
import { scanEtl, type EtlScanSummary } from './scan';

export type { EtlHeader } from './logfile-header';
export type { EtlBufferInfo } from './buffer-header';
export type { EtlDiagnostic } from './diagnostics';
export type { EtlScanSummary, EtlProviderCount } from './scan';

/** Why a source could not be opened as an ETL file at all. */
export class EtlOpenError extends Error {
  constructor(
    readonly code: 'NOT_ETL',
    readonly offset: number,
    message: string,
  ) {
    super(message);
    this.name = 'EtlOpenError';
  }
}

export interface EtlReader {
  readonly source: ByteSource;
  readonly header: EtlHeader;
  readonly clock: TraceClock;
  /** Problems met so far by any pass (open, buffers, events, scan), deduplicated, capped at 1000. */
  readonly diagnostics: readonly EtlDiagnostic[];
  /** Ticks (100 ns since the start) for a raw timestamp of this trace. */
  ticksFromRaw(raw: bigint): number;
  /** UTC FILETIME for ticks. */
  absoluteFileTime(ticks: number): bigint;
  /** Every buffer header in file order (read once, then cached). */
  buffers(): readonly EtlBufferInfo[];
  /** Records as stored: buffer by buffer in file order. */
  eventsInFileOrder(): IterableIterator<RawEvent>;
  /** Records in time order across CPUs (non-decreasing ticks per CPU stream merge). */
  events(): IterableIterator<RawEvent>;
  /** Counts by header type, provider and buffer without building events. */
  scan(): EtlScanSummary;
  close(): void;
}

const TICKS_PER_SECOND = 10_000_000;

export function openEtl(source: ByteSource): EtlReader {
  return new Reader(source);
}

class Reader implements EtlReader {
  readonly header: EtlHeader;
  readonly clock: TraceClock;
  private readonly log = new DiagnosticLog();
  private readonly converter: TickConverter;
  private readonly ctx: RecordContext;
  private index: EtlBufferInfo[] | undefined;

  constructor(readonly source: ByteSource) {
    this.header = readHeader(source);
    const h = this.header;
    let frequency = clockFrequency(h.clockType, h.perfFreq, h.cpuSpeedMHz);
    if (frequency === undefined) {
      this.log.add(
        BUFFER_HEADER_SIZE,
        'BAD_CLOCK',
        `clock type ${h.clockType} with PerfFreq ${h.perfFreq} and ${h.cpuSpeedMHz} MHz gives no frequency; using 10 MHz`,
      );
      frequency = TICKS_PER_SECOND;
    }
    this.clock = { startFileTime: h.startTime, clockType: h.clockType, frequency, t0: h.headerTimestamp };
    this.converter = new TickConverter(this.clock);
    this.ctx = {
      ticks: this.converter,
      guids: new GuidInterner(),
      pointerSize: h.pointerSize,
      diagnostics: this.log,
    };
  }

  get diagnostics(): readonly EtlDiagnostic[] {
    return this.log.entries;
  }

  ticksFromRaw(raw: bigint): number {
    return this.converter.fromRaw(raw);
  }

  absoluteFileTime(ticks: number): bigint {
    return this.converter.absoluteFileTime(ticks);
  }

  buffers(): readonly EtlBufferInfo[] {
    if (!this.index) {
      const all: EtlBufferInfo[] = [];
      const chain = this.chain('headers');
      for (let item = chain.next(); item; item = chain.next()) all.push(item.info);
      this.index = all;
      this.checkBufferCount(chain.walked);
    }
    return this.index;
  }

  *eventsInFileOrder(): IterableIterator<RawEvent> {
    const chain = this.chain('full');
    let lastTicks = 0;
    for (let item = chain.next(); item; item = chain.next()) {
      if (!item.usable || !item.bytes) continue;
      const data = loadBuffer(item.info, item.bytes, item.at, this.header.compressionFormat, this.log);
      if (!data) continue;
      const records = new BufferRecords(data, this.ctx, lastTicks);
      for (let e = records.next(); e; e = records.next()) yield e;
      lastTicks = records.lastTicks;
    }
  }

  events(): IterableIterator<RawEvent> {
    const fileSize = this.source.size;
    const usable = this.buffers().filter((b) => !bufferProblem(b, fileSize));
    const load = (info: EtlBufferInfo, scratch: BufferScratch) => {
      const raw = scratch.rawBytes(Math.min(info.bufferSize, fileSize - info.fileOffset));
      const got = readIntoFrom(this.source, info.fileOffset, raw);
      return loadBuffer(info, raw.subarray(0, got), 0, this.header.compressionFormat, this.log, scratch);
    };
    return new MergedEvents(cpuStreams(usable), load, this.ctx);
  }

  scan(): EtlScanSummary {
    const chain = this.chain('scan');
    const summary = scanEtl(chain, this.header.compressionFormat, this.log, this.ctx.guids, this.source.size);
    this.checkBufferCount(chain.walked);
    return summary;
  }

  /** A finished file holds BuffersWritten buffers; fewer means it was cut (0 = still being written). */
  private checkBufferCount(found: number): void {
    const written = this.header.buffersWritten;
    if (written > 0 && found < written) {
      this.log.add(
        this.source.size,
        'MISSING_BUFFERS',
        `the file holds ${found} buffers but its header says ${written} were written (cut short?)`,
      );
    }
  }

  close(): void {
    this.source.close?.();
  }

  private chain(mode: ChainMode): BufferChain {
    const uniform = this.header.compressionFormat === 0 ? this.header.bufferSize : 0;
    return new BufferChain(this.source, this.log, mode, uniform);
  }
}

/** Reads and checks buffer 0 and its first record, the TRACE_LOGFILE_HEADER (etw-formats §10 step 1). */
function readHeader(source: ByteSource): EtlHeader {
  const notEtl = (offset: number, why: string): never => {
    throw new EtlOpenError('NOT_ETL', offset, `${source.name} is not an ETL file: ${why}`);
  };
  if (source.size < BUFFER_HEADER_SIZE + SYSTEM_HEADER_SIZE) notEtl(0, `${source.size} bytes is too short`);
  const head = source.read(0, BUFFER_HEADER_SIZE);
  const b0 = parseBufferHeader(head, 0, 0, 0);
  const problem = bufferProblem(b0, source.size);
  if (problem) notEtl(0, `first buffer header: ${problem.message}`);
  if (b0.compressed) notEtl(0, 'the header buffer is marked compressed');
  const bytes = source.read(0, Math.min(b0.bufferSize, source.size));
  const end = Math.min(b0.dataEnd, bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = BUFFER_HEADER_SIZE;
  if (at + SYSTEM_HEADER_SIZE > end) notEtl(at, 'the header buffer holds no record');
  const marker = view.getUint32(at, true);
  const headerType = (marker >>> 16) & 0xff;
  const flags = marker >>> 24;
  if (
    flags !== MARKER_FLAGS_TYPED ||
    (headerType !== HeaderType.System32 && headerType !== HeaderType.System64)
  ) {
    notEtl(at, `first record marker 0x${marker.toString(16).padStart(8, '0')} is not a SYSTEM header`);
  }
  const size = view.getUint16(at + 4, true);
  const type = view.getUint8(at + 6);
  const group = view.getUint8(at + 7);
  if (group !== 0 || type !== 0)
    notEtl(
      at,
      `first record is hook 0x${((group << 8) | type).toString(16)}, not the logfile header (0x0000)`,
    );
  if (size < SYSTEM_HEADER_SIZE || at + size > end)
    notEtl(at, `logfile header record size ${size} does not fit the buffer`);
  const timestamp = view.getBigUint64(at + 0x10, true);
  try {
    return parseLogfileHeader(
      bytes.subarray(at + SYSTEM_HEADER_SIZE, at + size),
      at + SYSTEM_HEADER_SIZE,
      headerType === HeaderType.System32 ? 4 : 8,
      timestamp,
      b0.state,
    );
  } catch (e) {
    if (e instanceof BinaryParseError) return notEtl(e.offset, e.message);
    throw e;
  }
}
