// The messages of the two places an export runs. A file export runs in its own export worker
// (export.worker.ts): the host can only cancel; the worker reports progress and, once, how the export
// ended. A store export runs inside a capture's engine worker (capture-engine.worker.ts, beside the
// engine protocol of core/pipeline/engine-protocol.ts): the host starts and cancels exports by id,
// and the engine reports each one's progress and outcome under that id (engine-host.ts).
import type { EngineExportSpec } from './export-engine-job';
import type { ExportJobOutcome, ExportJobProgress } from './export-job';

export type ExportHostMessage = { type: 'cancel' };

export type ExportWorkerMessage =
  { type: 'progress'; progress: ExportJobProgress } | { type: 'finished'; outcome: ExportJobOutcome };

/** Host → engine worker. */
export type EngineExportHostMessage =
  | { type: 'export.start'; exportId: string; spec: EngineExportSpec }
  | { type: 'export.cancel'; exportId: string };

/** Engine worker → host. */
export type EngineExportMessage =
  | { type: 'export.progress'; exportId: string; progress: ExportJobProgress }
  | { type: 'export.finished'; exportId: string; outcome: ExportJobOutcome };

/** True for the export messages among those a capture's engine worker receives. */
export function isEngineExportHostMessage(message: { type: string }): message is EngineExportHostMessage {
  return message.type === 'export.start' || message.type === 'export.cancel';
}

/** True for the export messages among those a capture's engine worker posts. */
export function isEngineExportMessage(message: { type: string }): message is EngineExportMessage {
  return message.type === 'export.progress' || message.type === 'export.finished';
}
