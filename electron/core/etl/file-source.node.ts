// Node adapter: a ByteSource over a file (fs.openSync/readSync positional reads into fresh buffers,
// or into the caller's window for scans),
// or over the .etl entry of a zip archive (detected by its magic, not its extension) inflated into
// memory within MAX_ZIPPED_ETL_BYTES. Errors say which file and what is wrong with it.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { bytesSource, type ByteSource } from './byte-source';
import { isZip, MAX_ZIPPED_ETL_BYTES, unzipEtlEntry, ZipEtlError } from './zip-entry';

export class FileSourceError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'IO_ERROR' | 'NOT_A_FILE',
    message: string,
  ) {
    super(message);
    this.name = 'FileSourceError';
  }
}

function fileError(path: string, e: unknown): FileSourceError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FileSourceError('NOT_FOUND', `${path}: no such file`);
  if (code === 'EISDIR') return new FileSourceError('NOT_A_FILE', `${path}: is a directory`);
  return new FileSourceError('IO_ERROR', `${path}: ${e instanceof Error ? e.message : String(e)}`);
}

/** Fills `target` from `offset` until full or end of file; returns the bytes read. */
function fill(fd: number, offset: number, target: Uint8Array): number {
  let got = 0;
  while (got < target.length) {
    const n = readSync(fd, target, got, target.length - got, offset + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Reads until `length` bytes or end of file, into fresh memory. */
function readAt(fd: number, offset: number, length: number): Uint8Array {
  const out = Buffer.allocUnsafe(length);
  const got = fill(fd, offset, out);
  return got === length ? out : out.subarray(0, got);
}

/**
 * Opens `path` for reading. A zip archive yields its first .etl entry (inflated in memory); anything
 * else is read in place. Throws FileSourceError (missing file, unreadable) or ZipEtlError.
 */
export function openFileSource(path: string): ByteSource {
  let fd: number;
  let size: number;
  try {
    fd = openSync(path, 'r');
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      throw new FileSourceError('NOT_A_FILE', `${path}: not a regular file`);
    }
    size = st.size;
  } catch (e) {
    if (e instanceof FileSourceError) throw e;
    throw fileError(path, e);
  }
  try {
    if (isZip(readAt(fd, 0, Math.min(4, size)))) {
      if (size > MAX_ZIPPED_ETL_BYTES) {
        throw new ZipEtlError(
          'TOO_LARGE',
          `${path}: zip archive of ${size} bytes is over the ${MAX_ZIPPED_ETL_BYTES}-byte limit; unzip it first`,
        );
      }
      const { entry, bytes } = unzipEtlEntry(readAt(fd, 0, size), path);
      closeSync(fd);
      return bytesSource(`${path}!${entry}`, bytes);
    }
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  let open = true;
  return {
    name: path,
    size,
    read(offset, length) {
      if (!open) throw new FileSourceError('IO_ERROR', `${path}: read after close`);
      const start = Math.max(0, Math.min(offset, size));
      const n = Math.max(0, Math.min(length, size - start));
      try {
        return readAt(fd, start, n);
      } catch (e) {
        throw fileError(path, e);
      }
    },
    readInto(offset, target) {
      if (!open) throw new FileSourceError('IO_ERROR', `${path}: read after close`);
      const start = Math.max(0, Math.min(offset, size));
      try {
        return fill(fd, start, target.subarray(0, Math.max(0, Math.min(target.length, size - start))));
      } catch (e) {
        throw fileError(path, e);
      }
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
