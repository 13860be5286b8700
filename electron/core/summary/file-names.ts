// File object → file name. Kernel file I/O events name the file once (classic FileIO Name, FileCreate,
// FileRundown, Create; Microsoft-Windows-Kernel-File Create, CreateNewFile, NameCreate) and afterwards
// carry only the FILE_OBJECT pointer or the FileKey; this table remembers the names so any later event
// can be shown with its file. Bounded: past MAX_FILES the oldest names are forgotten first.

import { FILEIO_CREATE_OPCODE, FileIoNameOpcode, KernelFileEvent } from './known';
import { propKey, propStr, propStrOf, type Props } from './props';

const MAX_FILES = 1_048_576;

export class FileNameTable {
  private readonly names = new Map<string, string>();
  evicted = 0;

  /** The file name for a FileObject or FileKey value (as decoded: "0xfffffa83..." or a number). */
  nameOf(objectOrKey: string | number): string | undefined {
    const key = typeof objectOrKey === 'number' ? '0x' + objectOrKey.toString(16) : objectOrKey.toLowerCase();
    return this.names.get(key);
  }

  get size(): number {
    return this.names.size;
  }

  private set(key: string, name: string): void {
    if (key === '' || key === '0x0' || name === '') return;
    if (this.names.has(key)) this.names.delete(key);
    else if (this.names.size >= MAX_FILES) {
      const oldest = this.names.keys().next().value;
      if (oldest !== undefined) this.names.delete(oldest);
      this.evicted++;
    }
    this.names.set(key, name);
  }

  /** A classic FileIO event (decoded by the kernel tables). */
  observeClassic(opcode: number, props: Props): void {
    switch (opcode) {
      case FileIoNameOpcode.Name:
      case FileIoNameOpcode.FileCreate:
      case FileIoNameOpcode.FileRundown:
        this.set(propKey(props, 'FileObject'), propStr(props, 'FileName'));
        return;
      case FileIoNameOpcode.FileDelete:
        this.names.delete(propKey(props, 'FileObject'));
        return;
      case FILEIO_CREATE_OPCODE:
        this.set(propKey(props, 'FileObject'), propStr(props, 'OpenPath'));
        return;
    }
  }

  /** A Microsoft-Windows-Kernel-File event. */
  observeKernelFile(id: number, props: Props): void {
    switch (id) {
      case KernelFileEvent.Create:
      case KernelFileEvent.CreateNewFile: {
        const name = propStrOf(props, ['FileName', 'OpenPath']);
        this.set(propKey(props, 'FileObject'), name);
        this.set(propKey(props, 'FileKey'), name);
        return;
      }
      case KernelFileEvent.NameCreate:
        this.set(propKey(props, 'FileKey'), propStr(props, 'FileName'));
        return;
      case KernelFileEvent.NameDelete:
        this.names.delete(propKey(props, 'FileKey'));
        return;
    }
  }
}
