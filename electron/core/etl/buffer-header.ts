// WMI_BUFFER_HEADER parsing and validation (layout.ts, etw-formats §1.1). A buffer whose sizes do
// not fit the file or each other is reported as a diagnostic instead of being trusted.
import {
  BUFFER_HEADER_SIZE,
  BufferFlag,
  BufferHeaderOffset as O,
  MAX_BUFFER_SIZE,
  PROCESSOR_INDEX_MASK,
} from './layout';

export interface EtlBufferInfo {
  /** 0-based position in file order. */
  index: number;
  fileOffset: number;
  /** Bytes the buffer occupies in the file (next buffer at fileOffset + bufferSize). */
  bufferSize: number;
  savedOffset: number;
  /** End of valid data incl. the 0x48 header (the header's Offset, or SavedOffset when Offset is 0). */
  dataEnd: number;
  /** Flush time, raw session clock. */
  timeStamp: bigint;
  /** Per-logger buffer sequence (exact below 2^53). */
  sequence: number;
  /** ProcessorIndex & 0x7FF. */
  cpu: number;
  loggerId: number;
  state: number;
  /** BufferFlag bits (layout.ts BufferFlag). */
  flags: number;
  /** BufferType (layout.ts BufferType). */
  type: number;
  compressed: boolean;
}

/** Reads the 0x48-byte header at `at` in `bytes` (caller checked that 0x48 bytes are there). */
export function parseBufferHeader(
  bytes: Uint8Array,
  at: number,
  fileOffset: number,
  index: number,
): EtlBufferInfo {
  const v = new DataView(bytes.buffer, bytes.byteOffset + at, BUFFER_HEADER_SIZE);
  const savedOffset = v.getUint32(O.SavedOffset, true);
  const offset = v.getUint32(O.Offset, true);
  const flags = v.getUint16(O.BufferFlag, true);
  return {
    index,
    fileOffset,
    bufferSize: v.getUint32(O.BufferSize, true),
    savedOffset,
    dataEnd: offset !== 0 ? offset : savedOffset,
    timeStamp: v.getBigUint64(O.TimeStamp, true),
    sequence: v.getUint32(O.SequenceNumber, true) + v.getUint32(O.SequenceNumber + 4, true) * 0x100000000,
    cpu: v.getUint16(O.ProcessorIndex, true) & PROCESSOR_INDEX_MASK,
    loggerId: v.getUint16(O.LoggerId, true),
    state: v.getUint32(O.State, true),
    flags,
    type: v.getUint16(O.BufferType, true),
    compressed: (flags & BufferFlag.Compressed) !== 0,
  };
}

/**
 * Why this buffer cannot be walked as stored, or undefined when it can. `fileSize` bounds the
 * buffer; a buffer cut by the end of the file is still walkable up to the cut (see walkableEnd).
 */
export function bufferProblem(
  b: EtlBufferInfo,
  fileSize: number,
): { code: string; message: string } | undefined {
  if (b.bufferSize < BUFFER_HEADER_SIZE || b.bufferSize > MAX_BUFFER_SIZE) {
    return {
      code: 'BAD_BUFFER_SIZE',
      message: `BufferSize ${b.bufferSize} outside [0x48, ${MAX_BUFFER_SIZE}]`,
    };
  }
  if (b.dataEnd < BUFFER_HEADER_SIZE || b.dataEnd > MAX_BUFFER_SIZE) {
    return { code: 'BAD_BUFFER_OFFSET', message: `Offset ${b.dataEnd} outside [0x48, ${MAX_BUFFER_SIZE}]` };
  }
  if (!b.compressed && b.dataEnd > b.bufferSize) {
    return { code: 'BAD_BUFFER_OFFSET', message: `Offset ${b.dataEnd} beyond BufferSize ${b.bufferSize}` };
  }
  if (b.compressed && b.fileOffset + b.bufferSize > fileSize) {
    return {
      code: 'TRUNCATED_BUFFER',
      message: `compressed buffer cut by the end of the file at ${fileSize}`,
    };
  }
  return undefined;
}
