// Turns one buffer's stored bytes into walkable BufferData: uncompressed buffers are used in place
// (a view, bounded by Offset and by what the file holds); compressed ones (BufferFlag 0x40) have
// [0x48, BufferSize) decompressed to Offset − 0x48 bytes after a copy of their header
// (etw-formats §1.3). Failures are diagnostics; the caller skips the buffer.
import { BinaryParseError } from '../binary/byte-reader';
import type { EtlBufferInfo } from './buffer-header';
import { compressionName, decompressorFor } from './compression/decompress';
import type { DiagnosticLog } from './diagnostics';
import { BUFFER_HEADER_SIZE } from './layout';
import type { BufferData } from './records';

/**
 * Reusable memory for one reader of buffers (a CPU cursor): the stored bytes and the decompressed
 * bytes of its current buffer. Taking memory again overwrites what the previous buffer's views see.
 */
export class BufferScratch {
  private raw = new Uint8Array(0);
  private out = new Uint8Array(0);

  rawBytes(n: number): Uint8Array {
    if (this.raw.length < n) this.raw = new Uint8Array(n);
    return this.raw.subarray(0, n);
  }

  outBytes(n: number): Uint8Array {
    if (this.out.length < n) this.out = new Uint8Array(n);
    return this.out.subarray(0, n);
  }
}

export function loadBuffer(
  info: EtlBufferInfo,
  raw: Uint8Array,
  at: number,
  compressionFormat: number,
  diagnostics: DiagnosticLog,
  scratch?: BufferScratch,
): BufferData | undefined {
  const available = Math.min(raw.length - at, info.bufferSize);
  if (!info.compressed) {
    if (info.dataEnd > available) {
      diagnostics.add(
        info.fileOffset,
        'TRUNCATED_BUFFER',
        `buffer ${info.index}: data ends at 0x${info.dataEnd.toString(16)} but the file holds only 0x${available.toString(16)} bytes of it`,
      );
    }
    const end = Math.min(info.dataEnd, available);
    const bytes = raw.subarray(at, at + end);
    return { info, bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), end };
  }
  const decompress = decompressorFor(compressionFormat);
  if (!decompress) {
    diagnostics.add(
      info.fileOffset,
      'UNSUPPORTED_COMPRESSION',
      `buffer ${info.index} is compressed with format ${compressionName(compressionFormat)}`,
    );
    return undefined;
  }
  if (available < info.bufferSize) {
    diagnostics.add(
      info.fileOffset,
      'TRUNCATED_BUFFER',
      `compressed buffer ${info.index} is cut by the end of the file`,
    );
    return undefined;
  }
  const out = scratch ? scratch.outBytes(info.dataEnd) : new Uint8Array(info.dataEnd);
  out.set(raw.subarray(at, at + BUFFER_HEADER_SIZE));
  let produced: number;
  try {
    produced = decompress(
      raw.subarray(at + BUFFER_HEADER_SIZE, at + info.bufferSize),
      out.subarray(BUFFER_HEADER_SIZE),
    );
  } catch (e) {
    const why = e instanceof BinaryParseError ? e.message : String(e);
    diagnostics.add(info.fileOffset, 'DECOMPRESS_FAILED', `buffer ${info.index}: ${why}`);
    return undefined;
  }
  const expected = info.dataEnd - BUFFER_HEADER_SIZE;
  if (produced !== expected) {
    diagnostics.add(
      info.fileOffset,
      'DECOMPRESS_SIZE',
      `buffer ${info.index} decompressed to ${produced} bytes, expected ${expected}`,
    );
  }
  const end = BUFFER_HEADER_SIZE + produced;
  return { info, bytes: out, view: new DataView(out.buffer, out.byteOffset, end), end };
}
