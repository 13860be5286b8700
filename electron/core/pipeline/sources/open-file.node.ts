// Node adapter: opens an .etl (or .etl.zip) on disk as a pipeline source — read as fast as possible,
// or replayed at a speed — turning every way it can fail (missing, not a file, not an ETL, bad zip)
// into an error value that names the file and says why. (Import as './open-file.node.js'.)
import { fileNameOf } from '../../../common/ipc/file-kinds';
import { err, ok, type Result } from '../../../common/result';
import { FileSourceError, openFileSource } from '../../etl/file-source.node.js';
import { EtlOpenError, openEtl } from '../../etl/reader';
import { ZipEtlError } from '../../etl/zip-entry';
import { EtlFileSource } from './etl-file-source';
import type { EventSource, FileSourceSpec } from './event-source';
import { ReplaySource } from './replay-source';

export function openFileEventSource(spec: FileSourceSpec): Result<EventSource> {
  const kind = spec.kind ?? 'capture';
  try {
    const reader = openEtl(openFileSource(spec.path));
    const label = spec.label ?? fileNameOf(spec.path);
    const file = new EtlFileSource(reader, {
      kind: kind === 'replay' ? 'capture' : kind,
      label,
      path: spec.path,
    });
    if (kind !== 'replay') return ok(file);
    return ok(new ReplaySource(file, { speed: spec.speed ?? 1 }));
  } catch (e) {
    if (e instanceof FileSourceError) {
      return err(e.code === 'NOT_FOUND' ? 'NOT_FOUND' : 'IO_ERROR', e.message, { detail: spec.path });
    }
    if (e instanceof EtlOpenError)
      return err('PARSE_ERROR', e.message, { offset: e.offset, detail: spec.path });
    if (e instanceof ZipEtlError) return err('PARSE_ERROR', e.message, { detail: spec.path });
    return err('IO_ERROR', `${spec.path}: ${e instanceof Error ? e.message : String(e)}`, {
      detail: spec.path,
    });
  }
}
