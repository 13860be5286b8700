// Builds large ETL inputs for benchmarks from a real uncompressed capture: its header buffer, then
// its data buffers repeated until the target size. The copy keeps every record byte as captured;
// it patches TRACE_LOGFILE_HEADER.BuffersWritten and gives each repetition higher SequenceNumbers
// (so per-CPU buffer order follows the file). Record timestamps repeat per copy: time order across
// copies is not meaningful, throughput is. Used by etl-bench.ts and the decoder's benchmark.
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';

const BUFFER_SIZE_AT = 0x00;
const SEQUENCE_AT = 0x18;
const BUFFER_FLAG_AT = 0x34;
const COMPRESSED = 0x40;
/** BuffersWritten inside the header record: buffer header 0x48 + SYSTEM header 0x20 + field 0x24. */
const BUFFERS_WRITTEN_AT = 0x48 + 0x20 + 0x24;

function buffersOf(file: Uint8Array): Uint8Array[] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: Uint8Array[] = [];
  for (let off = 0; off + 0x48 <= file.length;) {
    const size = v.getUint32(off + BUFFER_SIZE_AT, true);
    if (size < 0x48 || off + size > file.length) throw new Error(`bad buffer at 0x${off.toString(16)}`);
    if (v.getUint16(off + BUFFER_FLAG_AT, true) & COMPRESSED) throw new Error('source must be uncompressed');
    out.push(file.subarray(off, off + size));
    off += size;
  }
  return out;
}

/**
 * Writes `outPath` of at least `targetBytes` (whole buffers) from `srcPath` and returns its size.
 * Skips the work when `outPath` already has the size this build would produce.
 */
export function buildBigEtl(srcPath: string, outPath: string, targetBytes: number): number {
  const [header, ...data] = buffersOf(readFileSync(srcPath));
  if (!header || data.length === 0) throw new Error(`${srcPath}: needs a header buffer and data buffers`);
  const copyBytes = data.reduce((a, b) => a + b.length, 0);
  const copies = Math.max(1, Math.ceil((targetBytes - header.length) / copyBytes));
  const total = header.length + copies * copyBytes;
  try {
    if (statSync(outPath).size === total) return total;
  } catch {
    // not built yet
  }
  const maxSequence = Math.max(
    ...data.map((b) => Number(new DataView(b.buffer, b.byteOffset).getBigUint64(SEQUENCE_AT, true))),
  );
  const head = header.slice();
  new DataView(head.buffer).setUint32(BUFFERS_WRITTEN_AT, 1 + copies * data.length, true);
  const fd = openSync(outPath, 'w');
  try {
    writeSync(fd, head);
    const chunk = new Uint8Array(copyBytes);
    for (let c = 0; c < copies; c++) {
      let at = 0;
      for (const b of data) {
        chunk.set(b, at);
        const v = new DataView(chunk.buffer, at, b.length);
        v.setBigUint64(SEQUENCE_AT, v.getBigUint64(SEQUENCE_AT, true) + BigInt(c * (maxSequence + 1)), true);
        at += b.length;
      }
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return total;
}
