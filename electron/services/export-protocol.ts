// The messages between the export service and an export worker (export.worker.ts): the host can
// only cancel; the worker reports progress and, once, how the export ended.
import type { ExportJobOutcome, ExportJobProgress } from './export-job';

export type ExportHostMessage = { type: 'cancel' };

export type ExportWorkerMessage =
  { type: 'progress'; progress: ExportJobProgress } | { type: 'finished'; outcome: ExportJobOutcome };
