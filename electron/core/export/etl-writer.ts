// EtlFileWriter: writes a valid, uncompressed .etl (layouts: shared/docs/etw-formats.md §1-§3).
// The file is a chain of WMI_BUFFER_HEADER buffers: buffer 0 (BufferType 4 HEADER) holds the
// TRACE_LOGFILE_HEADER event; data buffers (BufferSize 64 KB by default) hold records of one CPU in
// the order given, each 8-aligned, the unused tail filled with 0xFF, Offset = SavedOffset = bytes
// used, ProcessorIndex = the CPU (BufferFlag PROC_INDEX, as Windows 10 writes it) and a
// SequenceNumber that grows with each buffer written.
// Memory: one open buffer per CPU (reused) plus about a megabyte of finished buffers waiting for
// the sink.
// The header buffer is written first with placeholders and rewritten at the end (writeAt) with
// BuffersWritten and EndTime, once they are known. A record bigger than a buffer gets a buffer of
// its own, sized to fit.
import { BufferHeaderOffset as O, BufferType, BUFFER_HEADER_SIZE, PROCESSOR_INDEX_MASK } from '../etl/layout';
import { logfileHeaderRecord, MAX_RECORD_SIZE, type EtlFileHeader } from './etl-records';
import type { ByteSink } from './sink';

export const DEFAULT_BUFFER_SIZE = 64 * 1024;
/** ETW_BUFFER_STATE as observed in every fixture (header and data buffers, compressed or not). */
const BUFFER_STATE = 3;
const FLUSH_MARKER = 0x1;
/** ETW_BUFFER_FLAG_PROC_INDEX: ClientContext holds a ProcessorIndex (as Windows 10 writes it). */
const PROC_INDEX = 0x20;
const FILL = 0xff;
const PENDING_BYTES = 1 << 20;
const LOGGER_ID = 1;

class OpenBuffer {
  bytes: Uint8Array;
  used = BUFFER_HEADER_SIZE;
  lastTimestamp = 0n;

  constructor(
    readonly cpu: number,
    size: number,
  ) {
    this.bytes = new Uint8Array(size);
  }

  fits(n: number): boolean {
    return this.used + n <= this.bytes.length;
  }
}

export class EtlFileWriter {
  private readonly open = new Map<number, OpenBuffer>();
  /** Finished buffers waiting for the sink, back to back. */
  private staging = new Uint8Array(PENDING_BYTES * 2);
  private staged = 0;
  private sequence = 0;
  private buffers = 0;
  private started = false;
  private maxCpu = -1;
  /** Records written (the header event not counted). */
  records = 0;

  constructor(
    private readonly sink: ByteSink,
    private readonly header: EtlFileHeader,
    readonly bufferSize = DEFAULT_BUFFER_SIZE,
  ) {
    if (bufferSize < 0x1000 || bufferSize % 8 !== 0)
      throw new RangeError(`bad ETL buffer size ${bufferSize}`);
  }

  /** Writes the header buffer (rewritten by end()). */
  begin(): void {
    this.started = true;
    this.sink.write(this.headerBuffer(0, this.header.startTime));
    this.sequence = 1;
    this.buffers = 1;
  }

  /**
   * Appends one record to `cpu`'s stream. `timestamp` is the record's raw time (the buffer's flush
   * time is its last record's). The bytes are copied; the caller may reuse them.
   */
  writeRecord(cpu: number, timestamp: bigint, record: Uint8Array): void {
    if (!this.started) throw new Error('EtlFileWriter.begin() was not called');
    if (record.length === 0 || record.length > MAX_RECORD_SIZE) {
      throw new RangeError(`record of ${record.length} bytes cannot be written`);
    }
    const c = cpu & PROCESSOR_INDEX_MASK;
    if (c > this.maxCpu) this.maxCpu = c;
    const aligned = (record.length + 7) & ~7;
    let buf = this.open.get(c);
    if (buf && !buf.fits(aligned)) this.finish(buf);
    if (!buf) {
      buf = new OpenBuffer(c, this.bufferSize);
      this.open.set(c, buf);
    }
    if (!buf.fits(aligned)) buf.bytes = new Uint8Array((BUFFER_HEADER_SIZE + aligned + 0xfff) & ~0xfff);
    buf.bytes.set(record, buf.used);
    buf.bytes.fill(0, buf.used + record.length, buf.used + aligned); // alignment padding
    buf.used += aligned;
    buf.lastTimestamp = timestamp;
    this.records++;
  }

  /** Flushes every open buffer and rewrites the header buffer. `endTime`: FILETIME of the last event. */
  end(endTime: bigint): void {
    const cpus = [...this.open.keys()].sort((a, b) => a - b);
    for (const c of cpus) {
      const buf = this.open.get(c) as OpenBuffer;
      if (buf.used > BUFFER_HEADER_SIZE) this.finish(buf);
    }
    this.open.clear();
    this.drain();
    this.sink.writeAt(0, this.headerBuffer(this.buffers, endTime));
  }

  /** Buffers written so far, the header buffer included. */
  get buffersWritten(): number {
    return this.buffers;
  }

  private headerBuffer(buffersWritten: number, endTime: bigint): Uint8Array {
    const h = {
      ...this.header,
      numberOfProcessors: Math.max(this.header.numberOfProcessors, this.maxCpu + 1),
    };
    const record = logfileHeaderRecord(h, this.bufferSize, buffersWritten, endTime);
    const size = Math.max(this.bufferSize, (BUFFER_HEADER_SIZE + record.length + 0xfff) & ~0xfff);
    const bytes = new Uint8Array(size);
    bytes.set(record, BUFFER_HEADER_SIZE);
    const used = BUFFER_HEADER_SIZE + ((record.length + 7) & ~7);
    this.stampHeader(bytes, used, 0, 0, 0n, FLUSH_MARKER | PROC_INDEX, BufferType.Header);
    return bytes;
  }

  private stampHeader(
    bytes: Uint8Array,
    used: number,
    cpu: number,
    sequence: number,
    timestamp: bigint,
    flags: number,
    type: number,
  ): void {
    bytes.fill(FILL, used);
    const v = new DataView(bytes.buffer, bytes.byteOffset, BUFFER_HEADER_SIZE);
    v.setUint32(O.BufferSize, bytes.length, true);
    v.setUint32(O.SavedOffset, used, true);
    v.setUint32(0x08, used, true); // CurrentOffset
    v.setBigUint64(O.TimeStamp, timestamp, true);
    v.setBigUint64(O.SequenceNumber, BigInt(sequence), true);
    v.setUint16(O.ProcessorIndex, cpu, true);
    v.setUint16(O.LoggerId, LOGGER_ID, true);
    v.setUint32(O.State, BUFFER_STATE, true);
    v.setUint32(O.Offset, used, true);
    v.setUint16(O.BufferFlag, flags, true);
    v.setUint16(O.BufferType, type, true);
  }

  /** Seals `buf` (header, 0xFF fill), stages it for the sink and empties it for the next records. */
  private finish(buf: OpenBuffer): void {
    this.stampHeader(
      buf.bytes,
      buf.used,
      buf.cpu,
      this.sequence++,
      buf.lastTimestamp,
      PROC_INDEX,
      BufferType.Generic,
    );
    this.buffers++;
    const size = buf.bytes.length;
    if (this.staged + size > this.staging.length) this.drain();
    if (size > this.staging.length) this.staging = new Uint8Array(size);
    this.staging.set(buf.bytes, this.staged);
    this.staged += size;
    if (this.staged >= PENDING_BYTES) this.drain();
    if (size !== this.bufferSize) buf.bytes = new Uint8Array(this.bufferSize);
    buf.used = BUFFER_HEADER_SIZE;
  }

  private drain(): void {
    if (this.staged === 0) return;
    this.sink.write(this.staging.subarray(0, this.staged));
    this.staged = 0;
  }
}
