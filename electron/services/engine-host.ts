// Where a capture's engine runs, seen from the services: an EngineHost answers the engine's queries
// asynchronously and reports its updates. `startWorkerEngine` runs the engine in its own worker
// thread (files and replays: reading, decoding, filtering and sorting never block the process that
// serves the UI; only the rows asked for cross back); `inProcessEngine` runs one in this thread
// (live sessions, whose batches arrive here, and tests). A worker that dies fails its pending calls
// with an error value and reports the capture as failed.
// Store exports (export-engine-job.ts) run where the engine runs: `startExport` hands one to the
// engine and reports its progress and outcome to a listener; closing the capture ends the exports
// it runs with an error value (their partial files are the export service's to delete).
import { Worker } from 'node:worker_threads';
import type { CaptureSummary } from '../common/ipc/messages';
import { err, type Result } from '../common/result';
import type { CaptureEngine, EngineUpdate } from '../core/pipeline/capture-engine';
import {
  callEngine,
  type EngineAnswer,
  type EngineApi,
  type EngineInit,
  type EngineMessage,
  type EngineMethod,
  type HostMessage,
} from '../core/pipeline/engine-protocol';
import type { IngestOutcome } from '../core/pipeline/ingest';
import type { SourceKind } from '../core/pipeline/sources/event-source';
import { CAPTURE_CLOSED, runEngineExport, type EngineExportSpec } from './export-engine-job';
import type { ExportJobOutcome, ExportJobProgress } from './export-job';
import {
  isEngineExportMessage,
  type EngineExportHostMessage,
  type EngineExportMessage,
} from './export-protocol';

export interface EngineEvents {
  onUpdate(update: EngineUpdate): void;
  onFinished(outcome: IngestOutcome, summary: CaptureSummary): void;
}

/** Hears one store export: progress a few times a second, then its outcome once. */
export interface EngineExportListener {
  onProgress(progress: ExportJobProgress): void;
  onFinished(outcome: ExportJobOutcome): void;
}

export interface EngineHost {
  /** What the engine reads: a file ('capture', 'demo'), a file replayed as live, or a live session. */
  readonly sourceKind: SourceKind;
  call<K extends EngineMethod>(method: K, ...args: Parameters<EngineApi[K]>): Promise<EngineAnswer<K>>;
  /** Stops reading (the engine keeps what it read and keeps answering). */
  cancel(): void;
  /** Stops the engine and frees everything it holds (running exports end as failed). */
  close(): Promise<void>;
  /** Starts a store export in the engine under `exportId`. */
  startExport(exportId: string, spec: EngineExportSpec, listener: EngineExportListener): void;
  /** Asks a store export to stop (its listener then hears `cancelled`). */
  cancelExport(exportId: string): void;
}

const closedDuringExport = (why: string): ExportJobOutcome => ({
  state: 'failed',
  error: { code: 'CANCELLED', message: `${why} during the export: nothing was written` },
});

export interface WorkerScript {
  /** The bundled worker (dist/workers/capture-engine.worker.cjs), or the .ts file with tsx in execArgv. */
  script: string;
  execArgv?: string[];
}

/** Starts an engine in a worker; resolves once the file is open (or with why it could not be). */
export function startWorkerEngine(
  worker: WorkerScript,
  init: EngineInit,
  events: EngineEvents,
): Promise<Result<{ host: EngineHost; summary: CaptureSummary }>> {
  return new Promise((resolveOpen) => {
    let thread: Worker;
    try {
      thread = new Worker(worker.script, {
        workerData: init,
        execArgv: worker.execArgv,
        name: `capture ${init.captureId}`,
      });
    } catch (e) {
      resolveOpen(
        err('INTERNAL', `cannot start the capture worker: ${e instanceof Error ? e.message : String(e)}`),
      );
      return;
    }
    const pending = new Map<number, (result: Result<unknown>) => void>();
    const exports = new Map<string, EngineExportListener>();
    let nextId = 1;
    let opened = false;
    let exited = false;
    let closing = false;
    let lastError = '';
    const post = (message: HostMessage | EngineExportHostMessage) => {
      if (!exited) thread.postMessage(message);
    };
    const onExportMessage = (message: EngineExportMessage) => {
      const listener = exports.get(message.exportId);
      if (!listener) return;
      if (message.type === 'export.progress') listener.onProgress(message.progress);
      else {
        exports.delete(message.exportId);
        listener.onFinished(message.outcome);
      }
    };

    const host: EngineHost = {
      sourceKind: init.source.kind ?? 'capture',
      call(method, ...args) {
        if (exited)
          return Promise.resolve(err('CANCELLED', 'the capture was closed') as EngineAnswer<typeof method>);
        const id = nextId++;
        return new Promise((resolve) => {
          pending.set(id, resolve as (result: Result<unknown>) => void);
          post({ type: 'call', id, method, args });
        });
      },
      cancel: () => post({ type: 'cancel' }),
      async close() {
        if (exited) return;
        closing = true;
        await thread.terminate();
      },
      startExport(exportId, spec, listener) {
        if (exited) {
          listener.onFinished(closedDuringExport('the capture was closed'));
          return;
        }
        exports.set(exportId, listener);
        post({ type: 'export.start', exportId, spec });
      },
      cancelExport: (exportId) => post({ type: 'export.cancel', exportId }),
    };

    thread.on('message', (message: EngineMessage | EngineExportMessage) => {
      if (isEngineExportMessage(message)) {
        onExportMessage(message);
        return;
      }
      switch (message.type) {
        case 'opened':
          opened = true;
          if (message.result.ok) resolveOpen({ ok: true, value: { host, summary: message.result.value } });
          else {
            resolveOpen(message.result);
            void thread.terminate();
          }
          break;
        case 'reply':
          pending.get(message.id)?.(message.result);
          pending.delete(message.id);
          break;
        case 'update':
          events.onUpdate(message.update);
          break;
        case 'finished':
          events.onFinished(message.outcome, message.summary);
          break;
      }
    });
    thread.on('error', (e) => {
      lastError = e instanceof Error ? e.message : String(e);
    });
    thread.on('exit', (code) => {
      exited = true;
      const why = `the capture worker stopped (exit code ${code}${lastError ? `: ${lastError}` : ''})`;
      for (const settle of pending.values()) settle(err('CANCELLED', why));
      pending.clear();
      const ended = closedDuringExport(closing ? 'the capture was closed' : why);
      for (const listener of exports.values()) listener.onFinished(ended);
      exports.clear();
      if (!opened) resolveOpen(err('INTERNAL', why));
    });
  });
}

/** An engine in this thread: calls answer right away; `run()` is started by the caller. */
export function inProcessEngine(engine: CaptureEngine): EngineHost {
  const exports = new Map<string, { controller: AbortController; finished: Promise<void> }>();
  let closed = false;
  return {
    sourceKind: engine.source.description.kind,
    call: (method, ...args) =>
      Promise.resolve(callEngine(engine, method, args) as EngineAnswer<typeof method>),
    cancel: () => engine.cancel(),
    async close() {
      closed = true;
      for (const running of exports.values()) running.controller.abort(CAPTURE_CLOSED);
      engine.close();
      await Promise.all([...exports.values()].map((running) => running.finished));
    },
    startExport(exportId, spec, listener) {
      if (closed) {
        listener.onFinished(closedDuringExport('the capture was closed'));
        return;
      }
      const controller = new AbortController();
      const finished = runEngineExport(engine, spec, {
        signal: controller.signal,
        onProgress: (progress) => listener.onProgress(progress),
      }).then((outcome) => {
        exports.delete(exportId);
        listener.onFinished(outcome);
      });
      exports.set(exportId, { controller, finished });
    },
    cancelExport: (exportId) => exports.get(exportId)?.controller.abort(),
  };
}
