// Where the catalog service's manifest files are parsed. With a worker script (the built app, web
// mode) the files go to worker threads (catalog.worker.ts) in small batches and each result comes
// back on its own, so the service thread only receives finished results, a piece at a time, and keeps
// answering other requests while a folder of hundreds of manifests loads. Without one (tests, tsx) the
// files are parsed here, one async read at a time.
//
// Workers stay after a parse, idle and unreferenced (they never keep the process alive), so the next
// open finds the parsers compiled and warm; they end after `idleMs` without work, or on close().
// Robustness: a worker that dies fails only the file it was parsing (a diagnostic naming the file) and
// the rest of its batch goes to a fresh worker; when no worker can start (missing or broken script)
// the files are parsed in this thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SchemaDiagnostic } from '../../common/model/schema';
import { loadManifestFile, type FileReadResult } from '../../core/manifest/load.node.js';
import type { WorkerScript } from '../engine-host';
import type { CatalogBatch, CatalogWorkerMessage } from './catalog-protocol';

/** Files sent to a worker at once (small batches spread a folder evenly over the threads). */
const BATCH_FILES = 16;
/** More threads than this gain little: receiving and merging in the service thread become the limit. */
const MAX_THREADS = 4;
const DEFAULT_IDLE_MS = 60_000;

export interface ManifestParser {
  /** Parses every file (never throws; problems are diagnostics); results in the order of `files`.
   * Parses run one after the other. */
  parse(files: readonly string[]): Promise<FileReadResult[]>;
  /** Worker threads alive now. */
  threadCount(): number;
  /** Stops the workers (a running parse finishes in this thread; later ones run here too). */
  close(): Promise<void>;
}

export interface ManifestParserOptions {
  /** The catalog worker; null = parse in this thread. */
  worker: WorkerScript | null;
  /** Worker threads for one parse (default: one per CPU, 2..4). */
  threads?: number;
  /** How long an idle worker is kept (default 60 s). */
  idleMs?: number;
}

type Entry = CatalogBatch['files'][number];

interface Job {
  files: readonly string[];
  results: FileReadResult[];
  remaining: number;
  queue: Entry[][];
  done(results: FileReadResult[]): void;
  finishing: boolean;
}

interface Slot {
  thread: Worker;
  ready: boolean;
  batch: Entry[];
  lastError: string;
  idleTimer?: ReturnType<typeof setTimeout>;
}

export function createManifestParser(options: ManifestParserOptions): ManifestParser {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreads()));
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const script = options.worker;
  const slots = new Set<Slot>();
  let unusable = script === null;
  let closing = false;
  let job: Job | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  const record = (current: Job, index: number, result: FileReadResult) => {
    if (current.results[index] !== undefined) return;
    current.results[index] = result;
    current.remaining--;
  };

  /** Ends the job when every file has a result; with no usable worker, this thread does the rest. */
  const settle = () => {
    const current = job;
    if (!current || current.finishing) return;
    if (current.remaining === 0) {
      current.finishing = true;
      job = undefined;
      current.done(current.results);
      return;
    }
    const busy = [...slots].some((s) => s.batch.length > 0);
    if (unusable && !busy) {
      current.finishing = true;
      job = undefined;
      void parseHere(current.files, current.results).then(current.done);
    }
  };

  const rest = (slot: Slot) => {
    slot.thread.unref();
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => {
      slots.delete(slot); // retired: no batch can reach it while it stops
      void slot.thread.terminate();
    }, idleMs);
    slot.idleTimer.unref();
  };

  /** Gives a ready worker the next batch, or lets it rest. */
  const feed = (slot: Slot) => {
    const batch = job?.queue.shift();
    if (!batch) {
      slot.batch = [];
      rest(slot);
      return;
    }
    clearTimeout(slot.idleTimer);
    slot.thread.ref();
    slot.batch = batch;
    slot.thread.postMessage({ type: 'batch', files: batch } satisfies CatalogBatch);
  };

  const spawn = (): boolean => {
    if (!script) return false;
    let thread: Worker;
    try {
      thread = new Worker(script.script, { execArgv: script.execArgv, name: 'catalog parser' });
    } catch {
      unusable = true;
      return false;
    }
    const slot: Slot = { thread, ready: false, batch: [], lastError: '' };
    slots.add(slot);
    thread.on('message', (message: CatalogWorkerMessage) => {
      if (message.type === 'file') {
        if (job) record(job, message.index, message.result);
        return;
      }
      slot.ready = true; // 'ready' or 'done': it wants the next batch
      feed(slot);
      settle();
    });
    thread.on('error', (e) => {
      slot.lastError = e instanceof Error ? e.message : String(e);
    });
    thread.on('exit', (code) => {
      slots.delete(slot);
      clearTimeout(slot.idleTimer);
      if (!slot.ready) unusable = true; // it never started: no worker will
      const current = job;
      const unfinished = current ? slot.batch.filter((f) => current.results[f.index] === undefined) : [];
      slot.batch = [];
      const [culprit, ...others] = unfinished;
      if (current && closing) {
        if (unfinished.length > 0) current.queue.unshift(unfinished);
      } else if (current && culprit) {
        // It died on the first file it had not answered: that file fails, the others go on.
        record(current, culprit.index, workerDied(culprit.path, code, slot.lastError));
        if (others.length > 0) current.queue.unshift(others);
      }
      if (current && current.queue.length > 0 && !unusable) spawn();
      settle();
    });
    return true;
  };

  const run = (files: readonly string[]): Promise<FileReadResult[]> =>
    new Promise((done) => {
      const queue: Entry[][] = [];
      for (let i = 0; i < files.length; i += BATCH_FILES)
        queue.push(files.slice(i, i + BATCH_FILES).map((path, k) => ({ index: i + k, path })));
      job = {
        files,
        results: new Array<FileReadResult>(files.length),
        remaining: files.length,
        queue,
        done,
        finishing: false,
      };
      for (const slot of slots) if (slot.ready && slot.batch.length === 0) feed(slot);
      const wanted = Math.min(threads - slots.size, queue.length);
      for (let i = 0; i < wanted && !unusable; i++) if (!spawn()) break;
      settle();
    });

  return {
    parse(files) {
      if (unusable || files.length === 0) return parseHere(files);
      const parsed = chain.then(() => run(files));
      chain = parsed;
      return parsed;
    },
    threadCount: () => slots.size,
    async close() {
      closing = true;
      unusable = true;
      await Promise.all([...slots].map((s) => s.thread.terminate()));
    },
  };
}

/** One thread per CPU, at least two: the service thread only merges results while they parse. */
function defaultThreads(): number {
  return Math.min(MAX_THREADS, Math.max(2, availableParallelism()));
}

/** Parses, in this thread, every file that has no result yet. */
async function parseHere(
  files: readonly string[],
  results: FileReadResult[] = [],
): Promise<FileReadResult[]> {
  for (let i = 0; i < files.length; i++) {
    if (results[i] === undefined) results[i] = await loadManifestFile(files[i] as string);
  }
  return results;
}

function workerDied(path: string, code: number, error: string): FileReadResult {
  const diagnostic: SchemaDiagnostic = {
    path,
    code: 'INTERNAL',
    message: `the manifest parser stopped while reading this file (worker exit code ${code}${error ? `: ${error}` : ''})`,
  };
  return { path, providers: [], diagnostics: [diagnostic] };
}
