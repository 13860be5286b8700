// A small pool of worker threads for heavy work (parsing, indexing, searching), so the process that
// serves the UI never blocks. Tasks queue when every worker is busy; a worker that crashes fails
// only its own task and is replaced; an aborted task is dropped from the queue or, if running, its
// worker is terminated. Results are values: Result<T>, never a rejected promise. The worker side
// of the protocol is `serveTasks` (worker-tasks.ts).
import { Worker, type TransferListItem } from 'node:worker_threads';
import { err, ok, type Result } from '../../common/result';
import type { TaskReply, TaskRequest } from './worker-tasks';

export interface WorkerPool<TIn, TOut> {
  run(task: TIn, options?: { transfer?: TransferListItem[]; signal?: AbortSignal }): Promise<Result<TOut>>;
  /** Cancels queued tasks, stops every worker. */
  close(): Promise<void>;
  /** Workers alive now (started lazily, up to `size`). */
  workerCount(): number;
  queuedCount(): number;
}

export interface WorkerPoolOptions {
  /** The worker's entry file (a bundled .mjs/.cjs, or .ts with execArgv ['--import', 'tsx']). */
  script: string | URL;
  size: number;
  workerData?: unknown;
  execArgv?: string[];
  name?: string;
}

interface Job<TIn, TOut> {
  id: number;
  task: TIn;
  transfer: TransferListItem[];
  settle(result: Result<TOut>): void;
  settled: boolean;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot<TIn, TOut> {
  worker: Worker;
  job?: Job<TIn, TOut>;
}

export function createWorkerPool<TIn, TOut>(options: WorkerPoolOptions): WorkerPool<TIn, TOut> {
  const size = Math.max(1, Math.floor(options.size));
  const slots: Slot<TIn, TOut>[] = [];
  const queue: Job<TIn, TOut>[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (job: Job<TIn, TOut>, result: Result<TOut>) => {
    if (job.settled) return;
    job.settled = true;
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    job.settle(result);
  };

  const spawn = (): Slot<TIn, TOut> => {
    const worker = new Worker(options.script, {
      workerData: options.workerData,
      execArgv: options.execArgv,
      name: options.name,
    });
    const slot: Slot<TIn, TOut> = { worker };
    worker.on('message', (reply: TaskReply<TOut>) => {
      const job = slot.job;
      if (!job || reply.id !== job.id) return;
      slot.job = undefined;
      worker.unref();
      finish(job, reply.ok ? ok(reply.value) : err('INTERNAL', reply.message));
      pump();
    });
    let lastError = '';
    worker.on('error', (e) => {
      lastError = e instanceof Error ? e.message : String(e);
    });
    worker.on('exit', (code) => {
      slots.splice(slots.indexOf(slot), 1);
      const job = slot.job;
      slot.job = undefined;
      if (job)
        finish(
          job,
          err(
            'INTERNAL',
            `worker stopped unexpectedly (exit code ${code}${lastError ? `: ${lastError}` : ''})`,
          ),
        );
      pump();
    });
    worker.unref();
    slots.push(slot);
    return slot;
  };

  const pump = () => {
    if (closed) return;
    while (queue.length > 0) {
      const slot = slots.find((s) => !s.job) ?? (slots.length < size ? spawn() : undefined);
      if (!slot) return;
      const job = queue.shift() as Job<TIn, TOut>;
      slot.job = job;
      slot.worker.ref();
      const request: TaskRequest<TIn> = { id: job.id, task: job.task };
      try {
        slot.worker.postMessage(request, job.transfer);
      } catch (e) {
        slot.job = undefined;
        slot.worker.unref();
        finish(
          job,
          err(
            'BAD_REQUEST',
            `task cannot be sent to a worker: ${e instanceof Error ? e.message : String(e)}`,
          ),
        );
      }
    }
  };

  return {
    run(task, runOptions = {}) {
      if (closed) return Promise.resolve(err('CANCELLED', 'worker pool is closed'));
      const signal = runOptions.signal;
      if (signal?.aborted) return Promise.resolve(err('CANCELLED', 'task was cancelled'));
      return new Promise((resolve) => {
        const job: Job<TIn, TOut> = {
          id: nextId++,
          task,
          transfer: runOptions.transfer ?? [],
          settle: resolve,
          settled: false,
          signal,
        };
        if (signal) {
          job.onAbort = () => {
            const queued = queue.indexOf(job);
            if (queued >= 0) queue.splice(queued, 1);
            const running = slots.find((s) => s.job === job);
            finish(job, err('CANCELLED', 'task was cancelled'));
            if (running) void running.worker.terminate();
          };
          signal.addEventListener('abort', job.onAbort, { once: true });
        }
        queue.push(job);
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) finish(job, err('CANCELLED', 'worker pool closed'));
      await Promise.all(
        slots.map((s) => {
          if (s.job) finish(s.job, err('CANCELLED', 'worker pool closed'));
          return s.worker.terminate();
        }),
      );
    },
    workerCount: () => slots.length,
    queuedCount: () => queue.length,
  };
}
