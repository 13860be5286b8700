// Walks the chain of buffers in file order: buffer N+1 starts at buffer N's offset + BufferSize.
// Either reads only each 0x48-byte header (to index a file), or reads the file in large windows and
// hands out each whole buffer as a view: 'full' allocates each window (views stay valid), 'scan'
// refills one window (a view is valid only until the next call: for passes that keep nothing). A buffer whose size cannot be trusted is a
// diagnostic; the walk then steps by the session's fixed buffer size (uncompressed files) to the
// next sound buffer, reporting what it skipped, and otherwise stops, saying where.
import { readIntoFrom, type ByteSource } from './byte-source';
import { bufferProblem, parseBufferHeader, type EtlBufferInfo } from './buffer-header';
import type { DiagnosticLog } from './diagnostics';
import { BUFFER_HEADER_SIZE, MAX_BUFFER_SIZE } from './layout';

export interface ChainItem {
  info: EtlBufferInfo;
  /** Full mode: bytes holding the buffer from `at` (as much of it as the file has); headers mode: undefined. */
  bytes: Uint8Array | undefined;
  at: number;
  /** False when the buffer's sizes are bad: only its header is meaningful. */
  usable: boolean;
}

export const SCAN_WINDOW = 1024 * 1024;

export type ChainMode = 'headers' | 'full' | 'scan';

export class BufferChain {
  private offset = 0;
  private index = 0;
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;
  private finished = false;
  private scratch: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly source: ByteSource,
    private readonly diagnostics: DiagnosticLog,
    private readonly mode: ChainMode,
    /** Session buffer size from TRACE_LOGFILE_HEADER (resync stride); 0 when unknown or variable. */
    private readonly resyncStride: number,
  ) {}

  /** Buffer positions walked so far, skipped damaged ones included (what BuffersWritten counts). */
  get walked(): number {
    return this.index;
  }

  next(): ChainItem | undefined {
    if (this.finished) return undefined;
    const size = this.source.size;
    const off = this.offset;
    if (off + BUFFER_HEADER_SIZE > size) {
      this.finished = true;
      if (off < size) this.trailing(off);
      return undefined;
    }
    const head = this.fetch(off, BUFFER_HEADER_SIZE);
    const info = parseBufferHeader(head.bytes, head.at, off, this.index++);
    const problem = bufferProblem(info, size);
    if (problem) {
      this.diagnostics.add(off, problem.code, `buffer ${info.index}: ${problem.message}`);
      this.advanceAfterBadBuffer(info);
      return { info, bytes: undefined, at: 0, usable: false };
    }
    this.offset = off + info.bufferSize;
    if (this.offset > size) {
      this.diagnostics.add(
        off,
        'TRUNCATED_BUFFER',
        `buffer ${info.index} is cut by the end of the file: ${size - off} of its ${info.bufferSize} bytes are present`,
      );
    }
    if (this.mode === 'headers') return { info, bytes: undefined, at: 0, usable: true };
    const want = Math.min(info.bufferSize, size - off);
    const body = this.fetch(off, want);
    return { info, bytes: body.bytes, at: body.at, usable: true };
  }

  /** Bytes [off, off+len) as (array, index); len must fit the source. */
  private fetch(off: number, len: number): { bytes: Uint8Array; at: number } {
    const w = this.window;
    if (off >= this.windowStart && off + len <= this.windowStart + w.length) {
      return { bytes: w, at: off - this.windowStart };
    }
    if (this.mode === 'headers') return { bytes: this.source.read(off, len), at: 0 };
    const want = Math.min(this.source.size - off, Math.max(len, SCAN_WINDOW));
    let chunk: Uint8Array;
    if (this.mode === 'scan') {
      if (this.scratch.length < want) this.scratch = new Uint8Array(Math.max(want, SCAN_WINDOW));
      chunk = this.scratch.subarray(0, readIntoFrom(this.source, off, this.scratch.subarray(0, want)));
    } else {
      chunk = this.source.read(off, want);
    }
    this.window = chunk;
    this.windowStart = off;
    return { bytes: chunk, at: 0 };
  }

  /**
   * After a buffer whose size cannot be trusted: step by the session's buffer size to the next
   * buffer with a sound header (damaged ones in between are skipped and reported once), so one bad
   * region costs only the buffers in it. Without a fixed size (compressed files) the walk stops.
   */
  private advanceAfterBadBuffer(bad: EtlBufferInfo): void {
    const stride = this.resyncStride;
    const size = this.source.size;
    if (stride >= BUFFER_HEADER_SIZE && stride <= MAX_BUFFER_SIZE) {
      let skipped = 0;
      for (
        let candidate = bad.fileOffset + stride;
        candidate + BUFFER_HEADER_SIZE <= size;
        candidate += stride
      ) {
        const head = this.fetch(candidate, BUFFER_HEADER_SIZE);
        const next = parseBufferHeader(head.bytes, head.at, candidate, bad.index + 1 + skipped);
        if (!bufferProblem(next, size)) {
          if (skipped > 0) {
            const from = bad.fileOffset + stride;
            this.diagnostics.add(
              from,
              'SKIPPED_BUFFERS',
              `${skipped === 1 ? `buffer ${bad.index + 1}` : `buffers ${bad.index + 1}–${bad.index + skipped}`} (0x${from.toString(16)}–0x${candidate.toString(16)}) ${skipped === 1 ? 'has' : 'have'} no sound header and ${skipped === 1 ? 'is' : 'are'} skipped; reading goes on at buffer ${bad.index + 1 + skipped}`,
            );
          }
          this.offset = candidate;
          this.index = bad.index + 1 + skipped;
          return;
        }
        skipped++;
      }
    }
    this.finished = true;
    if (bad.fileOffset + BUFFER_HEADER_SIZE < size) {
      this.diagnostics.add(
        bad.fileOffset,
        'LOST_SYNC',
        `cannot locate the buffer after offset 0x${bad.fileOffset.toString(16)}; the rest of the file is not read`,
      );
    }
  }

  /** Fewer than 0x48 bytes left: fine when they are fill (0x00/0xFF), else a cut buffer. */
  private trailing(off: number): void {
    const tail = this.source.read(off, this.source.size - off);
    if (tail.every((b) => b === 0 || b === 0xff)) return;
    this.diagnostics.add(
      off,
      'TRUNCATED_BUFFER',
      `${tail.length} bytes after the last buffer are too few for a buffer header`,
    );
  }
}
