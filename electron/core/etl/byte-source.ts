// ByteSource: the ETL reader's only view of its input — synchronous positional reads, so the same
// reader runs over a file (file-source.node.ts), an inflated .etl.zip entry, or bytes in memory
// (tests, the browser). The reader reads whole ETL buffers (or larger windows) per call.

export interface ByteSource {
  /** For messages: a file path or a label. */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Up to `length` bytes from `offset`; fewer only at the end of the source. The caller owns the
   * result and may keep it (sources return fresh memory or views of immutable memory), and must not
   * write to it.
   */
  read(offset: number, length: number): Uint8Array;
  /**
   * Optional fast path for sequential scans: fills `target` from `offset` and returns the number of
   * bytes read (fewer only at the end), so a scan can reuse one window instead of allocating.
   */
  readInto?(offset: number, target: Uint8Array): number;
  close?(): void;
}

/** A ByteSource over bytes already in memory (views, no copies). */
export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    read(offset, length) {
      const start = Math.max(0, Math.min(offset, bytes.length));
      return bytes.subarray(start, Math.min(bytes.length, start + Math.max(0, length)));
    },
  };
}

/** readInto for any source: through readInto when it has one, else a copy of read(). */
export function readIntoFrom(source: ByteSource, offset: number, target: Uint8Array): number {
  if (source.readInto) return source.readInto(offset, target);
  const got = source.read(offset, target.length);
  target.set(got);
  return got.length;
}
