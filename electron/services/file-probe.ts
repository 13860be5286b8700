// Checks a path before a service reads it, so a missing file, a directory or an unreadable file
// becomes a precise error value (NOT_FOUND / IO_ERROR with the path) instead of a throw later on.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { err, ok, type Result } from '../common/result';

export interface ProbedFile {
  path: string;
  fileName: string;
  size: number;
}

export type FileProbe = (path: string) => Promise<Result<ProbedFile>>;

export const probeFile: FileProbe = async (path) => {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return err('IO_ERROR', `${path} is a folder, not a file`, { detail: path });
    if (!info.isFile()) return err('IO_ERROR', `${path} is not a regular file`, { detail: path });
    await access(path, constants.R_OK);
    return ok({ path, fileName: basename(path), size: info.size });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return err('NOT_FOUND', `no such file: ${path}`, { detail: path });
    if (code === 'EACCES' || code === 'EPERM')
      return err('IO_ERROR', `permission denied reading ${path}`, { detail: path });
    return err('IO_ERROR', `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      detail: path,
    });
  }
};
