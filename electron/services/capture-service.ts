// Opening and closing .etl captures. Today it checks the file (missing, folder, unreadable all get
// precise errors) and owns the registry of open captures; reading the file is the ETL reader's job
// and answers "not implemented yet" until that reader is wired in here.
import { err, type Result } from '../common/result';
import type { OpenedCapture } from '../common/ipc/messages';
import { probeFile, type FileProbe } from './file-probe';
import { notImplemented } from './not-implemented';

export interface CaptureService {
  open(path: string): Promise<Result<OpenedCapture>>;
  close(captureId: string): Result<{ closed: true }>;
  has(captureId: string): boolean;
}

export function createCaptureService(deps: { probe?: FileProbe } = {}): CaptureService {
  const probe = deps.probe ?? probeFile;
  const open = new Map<string, OpenedCapture>();
  return {
    async open(path) {
      const file = await probe(path);
      if (!file.ok) return file;
      return notImplemented(`reading captures (${file.value.fileName})`);
    },
    close(captureId) {
      if (!open.delete(captureId)) return err('NOT_FOUND', `no open capture with id '${captureId}'`);
      return { ok: true, value: { closed: true } };
    },
    has: (captureId) => open.has(captureId),
  };
}
