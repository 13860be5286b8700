// Node adapter: a ByteSink over a file that appears only when complete. Bytes go to a partial file
// (`<path>.partial` unless told otherwise) with positional writes; commit() closes it and renames it
// over `path`, discard() closes and deletes it, so a cancelled or failed export leaves nothing
// half-written behind. (Import as './file-sink.node.js': tsx takes a bare './x.node' for an addon.)
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { ByteSink } from './sink';

export interface FileSink extends ByteSink {
  readonly path: string;
  readonly partialPath: string;
  /** Closes the partial file and renames it to `path`. */
  commit(): void;
  /** Closes and deletes the partial file (safe to call more than once, and after commit: then a no-op). */
  discard(): void;
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

export function createFileSink(path: string, partialPath = `${path}.partial`): FileSink {
  const fd = openSync(partialPath, 'w');
  let size = 0;
  let state: 'open' | 'committed' | 'discarded' = 'open';
  const needOpen = () => {
    if (state !== 'open') throw new Error(`${partialPath}: write after the file was ${state}`);
  };
  return {
    path,
    partialPath,
    get size() {
      return size;
    },
    write(bytes) {
      needOpen();
      writeAll(fd, bytes, size);
      size += bytes.length;
    },
    writeAt(offset, bytes) {
      needOpen();
      if (offset < 0 || offset + bytes.length > size) {
        throw new RangeError(
          `${partialPath}: writeAt ${offset}+${bytes.length} is outside the ${size} bytes written`,
        );
      }
      writeAll(fd, bytes, offset);
    },
    commit() {
      needOpen();
      closeSync(fd);
      state = 'committed';
      renameSync(partialPath, path);
    },
    discard() {
      if (state !== 'open') return;
      state = 'discarded';
      closeSync(fd);
      rmSync(partialPath, { force: true });
    },
  };
}
