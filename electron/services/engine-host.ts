// Where a capture's engine runs, seen from the services: an EngineHost answers the engine's queries
// asynchronously and reports its updates. `startWorkerEngine` runs the engine in its own worker
// thread (files and replays: reading, decoding, filtering and sorting never block the process that
// serves the UI; only the rows asked for cross back); `inProcessEngine` runs one in this thread
// (live sessions, whose batches arrive here, and tests). A worker that dies fails its pending calls
// with an error value and reports the capture as failed.
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

export interface EngineEvents {
  onUpdate(update: EngineUpdate): void;
  onFinished(outcome: IngestOutcome, summary: CaptureSummary): void;
}

export interface EngineHost {
  call<K extends EngineMethod>(method: K, ...args: Parameters<EngineApi[K]>): Promise<EngineAnswer<K>>;
  /** Stops reading (the engine keeps what it read and keeps answering). */
  cancel(): void;
  /** Stops the engine and frees everything it holds. */
  close(): Promise<void>;
}

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
    let nextId = 1;
    let opened = false;
    let exited = false;
    let lastError = '';
    const post = (message: HostMessage) => {
      if (!exited) thread.postMessage(message);
    };

    const host: EngineHost = {
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
        await thread.terminate();
      },
    };

    thread.on('message', (message: EngineMessage) => {
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
      if (!opened) resolveOpen(err('INTERNAL', why));
    });
  });
}

/** An engine in this thread: calls answer right away; `run()` is started by the caller. */
export function inProcessEngine(engine: CaptureEngine): EngineHost {
  return {
    call: (method, ...args) =>
      Promise.resolve(callEngine(engine, method, args) as EngineAnswer<typeof method>),
    cancel: () => engine.cancel(),
    close: async () => engine.close(),
  };
}
