// ByteSink: where an export writer puts its bytes. Writers produce output in large chunks (a text
// chunk, a Parquet row group, a run of ETL buffers) and hand each to the sink as it is produced,
// so memory stays flat in the capture size. The Node adapter (file-sink.node.ts) writes to a
// `.partial` file and renames it when done; memorySink keeps everything (tests, the browser).
// `writeAt` rewrites bytes already written: the ETL writer patches its header buffer at the end.

export interface ByteSink {
  /** Appends bytes. The sink writes or copies them before returning: callers reuse the memory. */
  write(bytes: Uint8Array): void;
  /** Overwrites bytes already written at `offset` (offset + length <= bytes written so far); same rule. */
  writeAt(offset: number, bytes: Uint8Array): void;
  /** Bytes written so far. */
  readonly size: number;
}

/** A sink that keeps the output in memory; `bytes()` joins it. */
export interface MemorySink extends ByteSink {
  bytes(): Uint8Array;
}

export function memorySink(): MemorySink {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const join = (): Uint8Array => {
    if (chunks.length === 1) return chunks[0] as Uint8Array;
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    chunks.length = 0;
    chunks.push(out);
    return out;
  };
  return {
    get size() {
      return size;
    },
    write(bytes) {
      chunks.push(bytes.slice());
      size += bytes.length;
    },
    writeAt(offset, bytes) {
      if (offset < 0 || offset + bytes.length > size) {
        throw new RangeError(`writeAt ${offset}+${bytes.length} is outside the ${size} bytes written`);
      }
      join().set(bytes, offset);
    },
    bytes: join,
  };
}
