// Exports: `export.start` checks the request here (the capture, the view's filter and sort, the
// destination), then runs the export off the thread that serves the UI, in one of two ways:
//  - file: the capture file read again by its own export worker (export.worker.ts → export-job.ts),
//    in time order. Used for captures opened from a file (and the demo) when the export is in time
//    order and the file is the better source: .etl output (records copied byte for byte), or a
//    capture whose store dropped events under its memory budget (the file still has them all).
//  - store: the events taken from the capture's engine, where it runs (export-engine-job.ts via
//    EngineHost.startExport): live sessions and replays (no file to read again, or not what the
//    user saw), every export in a view's sort order, and file captures otherwise (faster: nothing
//    is parsed again; figures in scripts/bench/export-job-bench.ts). What the store no longer holds
//    is counted in the summary.
// It pushes `export.progress` a few times a second and once at the end. `export.cancel` asks the
// export to stop; the partial file is deleted, so a cancelled or failed export (a full disk, a
// capture closed meanwhile) leaves nothing behind. In web mode an export may have no path: it is
// written to a private temporary folder and, like every finished export there, offered once as a
// download that the web server hands to the browser (`takeDownload`, token-checked by
// electron/server).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  EXPORT_EXTENSIONS,
  type ExportProgressEvent,
  type ExportRequest,
  type ExportStarted,
} from '../common/ipc/export-messages';
import type { CaptureSummary, ViewSort, ViewState } from '../common/ipc/messages';
import type { ProviderSchema } from '../common/model/schema';
import { err, ok, type Result } from '../common/result';
import type { CaptureService } from './capture-service';
import type { Emit } from './emit';
import type { EngineExportListener, EngineHost, WorkerScript } from './engine-host';
import type { EngineExportSpec } from './export-engine-job';
import type { ExportJobOutcome, ExportJobProgress, ExportJobSpec } from './export-job';
import type { ExportHostMessage, ExportWorkerMessage } from './export-protocol';

/** Exports running at once (each a worker thread reading a capture, or a job in a capture's engine). */
export const MAX_RUNNING_EXPORTS = 4;
/** How long a cancelled worker may take to clean up before it is terminated. */
const CANCEL_GRACE_MS = 10_000;
export const DOWNLOAD_PATH_PREFIX = '/download/';

export interface ExportServiceDeps {
  captures: CaptureService;
  emit: Emit;
  /** Schemas to decode with (the catalog's providers). */
  schemaProviders?: () => Promise<readonly ProviderSchema[]>;
  /** The export worker; undefined = dist/workers/export.worker.cjs beside a CommonJS bundle. */
  worker?: WorkerScript | null;
  /** Web mode: offer finished exports as one-time downloads, and allow exports without a path. */
  downloads: boolean;
  /** Where path-less exports are written (default: the OS temp folder). */
  tempDir?: string;
}

/** A finished export the web server may send once. */
export interface ExportDownload {
  path: string;
  fileName: string;
  /** Call once the file was sent (or sending failed): temporary files are deleted then. */
  release(): void;
}

export interface ExportService {
  start(request: ExportRequest): Promise<Result<ExportStarted>>;
  cancel(exportId: string): Result<{ cancelled: true }>;
  /** The download registered under `downloadId`, handed out once. */
  takeDownload(downloadId: string): ExportDownload | undefined;
  /** Stops running exports (their partial files deleted) and deletes unclaimed temporary downloads. */
  closeAll(): Promise<void>;
}

/** Time order: what a file export writes, and what an unsorted view shows. */
const TIME_ORDER: ViewSort = { column: 'time', descending: false };
const isTimeOrder = (sort: ViewSort) => sort.column === 'time' && !sort.descending;

interface RunningExport {
  id: string;
  /** Asks the export to stop (it then reports `cancelled`). */
  stop(): void;
  /** Ends it at once (a file export's worker is terminated; a store export has nothing to free). */
  dispose(): void;
  outPath: string;
  fileName: string;
  temporary: string | undefined;
  total: number | undefined;
  started: number;
  cancelRequested: boolean;
  finished: Promise<void>;
}

export function createExportService(deps: ExportServiceDeps): ExportService {
  const worker = deps.worker === undefined ? findExportWorker() : deps.worker;
  const running = new Map<string, RunningExport>();
  const downloads = new Map<string, { path: string; fileName: string; temporary: string | undefined }>();
  let nextId = 1;

  function progressEvent(job: RunningExport, fields: Partial<ExportProgressEvent>): ExportProgressEvent {
    const seconds = Math.max((performance.now() - job.started) / 1000, 1e-3);
    const read = fields.read ?? 0;
    return {
      exportId: job.id,
      events: 0,
      read,
      bytes: 0,
      fraction: 0,
      eventsPerSecond: Math.round(read / seconds),
      done: false,
      path: job.temporary ? '' : job.outPath,
      fileName: job.fileName,
      ...(job.total !== undefined ? { total: job.total } : {}),
      ...fields,
    };
  }

  function finish(job: RunningExport, outcome: ExportJobOutcome): void {
    if (!running.delete(job.id)) return;
    job.dispose();
    if (outcome.state === 'done' && job.cancelRequested)
      outcome = { state: 'cancelled', read: 0, written: 0 };
    if (outcome.state !== 'done') {
      removeQuietly(`${job.outPath}.partial`);
      if (job.cancelRequested) removeQuietly(job.outPath);
      if (job.temporary) removeQuietly(job.temporary);
    }
    switch (outcome.state) {
      case 'done': {
        if (outcome.total !== undefined) job.total = outcome.total;
        const event = progressEvent(job, {
          events: outcome.written,
          read: outcome.read,
          bytes: outcome.bytes,
          fraction: 1,
          done: true,
          summary: {
            seconds: outcome.seconds,
            undecoded: outcome.undecoded,
            decodeErrors: outcome.decodeErrors,
            problems: outcome.problems,
            notAvailable: outcome.notAvailable,
            droppedEarlier: outcome.droppedEarlier,
          },
        });
        if (deps.downloads) {
          const downloadId = randomBytes(18).toString('base64url');
          downloads.set(downloadId, { path: job.outPath, fileName: job.fileName, temporary: job.temporary });
          event.downloadUrl = `${DOWNLOAD_PATH_PREFIX}${downloadId}`;
        }
        deps.emit('export.progress', event);
        break;
      }
      case 'cancelled':
        deps.emit(
          'export.progress',
          progressEvent(job, { events: outcome.written, read: outcome.read, done: true, cancelled: true }),
        );
        break;
      case 'failed':
        deps.emit('export.progress', progressEvent(job, { done: true, error: outcome.error }));
        break;
    }
  }

  /** Reports progress of `job` (ignored once it finished). */
  function onProgress(job: RunningExport, p: ExportJobProgress): void {
    if (!running.has(job.id)) return;
    if (p.total !== undefined) job.total = p.total;
    deps.emit(
      'export.progress',
      progressEvent(job, { events: p.written, read: p.read, bytes: p.bytes, fraction: p.fraction }),
    );
  }

  type NewExport = Omit<RunningExport, 'stop' | 'dispose' | 'finished'>;

  /** A store export: the events taken from the capture's engine, where it runs. */
  function launchInEngine(job: NewExport, host: EngineHost, spec: EngineExportSpec): RunningExport {
    let settle = () => {};
    const entry: RunningExport = {
      ...job,
      stop: () => host.cancelExport(job.id),
      dispose: () => {},
      finished: new Promise((r) => (settle = r)),
    };
    const listener: EngineExportListener = {
      onProgress: (p) => onProgress(entry, p),
      onFinished: (outcome) => {
        finish(entry, outcome);
        settle();
      },
    };
    running.set(job.id, entry);
    host.startExport(job.id, spec, listener);
    return entry;
  }

  /** A file export: the capture file read again by an export worker. */
  function launchWorker(job: NewExport, spec: ExportJobSpec): Result<RunningExport> {
    if (!worker)
      return err(
        'INTERNAL',
        'the export worker is missing (dist/workers/export.worker.cjs): run npm run build',
      );
    let thread: Worker;
    try {
      thread = new Worker(worker.script, {
        workerData: spec,
        execArgv: worker.execArgv,
        name: `export ${job.id}`,
      });
    } catch (e) {
      return err('INTERNAL', `cannot start the export worker: ${messageOf(e)}`);
    }
    let settle = () => {};
    const entry: RunningExport = {
      ...job,
      stop() {
        thread.postMessage({ type: 'cancel' } satisfies ExportHostMessage);
        const timer = setTimeout(() => void thread.terminate(), CANCEL_GRACE_MS);
        timer.unref();
      },
      dispose: () => void thread.terminate(),
      finished: new Promise((r) => (settle = r)),
    };
    let lastError = '';
    thread.on('message', (message: ExportWorkerMessage) => {
      if (message.type === 'progress') onProgress(entry, message.progress);
      else finish(entry, message.outcome);
    });
    thread.on('error', (e) => {
      lastError = messageOf(e);
    });
    thread.on('exit', (code) => {
      finish(entry, {
        state: 'failed',
        error: {
          code: 'INTERNAL',
          message: `the export worker stopped (exit code ${code}${lastError ? `: ${lastError}` : ''})`,
        },
      });
      settle();
    });
    running.set(job.id, entry);
    return ok(entry);
  }

  return {
    async start(request) {
      if (running.size >= MAX_RUNNING_EXPORTS)
        return err(
          'BAD_REQUEST',
          `${MAX_RUNNING_EXPORTS} exports are running already: wait for one to finish`,
        );
      const host = deps.captures.host(request.captureId);
      if (!host) return err('NOT_FOUND', `no open capture with id '${request.captureId}'`);
      if (request.columns?.length && request.format !== 'csv' && request.format !== 'parquet')
        return err('BAD_REQUEST', 'columns apply to CSV and Parquet exports only');

      const summary = await host.call('summary');
      if (!summary.ok) return summary;
      const scope = await scopeOf(request, host, summary.value.events);
      if (!scope.ok) return scope;
      const { view } = scope.value;
      // The order the user sees, unless time order was asked for (.etl readers merge by time anyway).
      const order = request.order ?? 'view';
      const sort = order === 'view' && view && request.format !== 'etl' ? view.sort : TIME_ORDER;
      const file = await captureFile(host, summary.value);
      const useFile = file !== undefined && prefersFile(request, sort, summary.value);

      const destination = await destinationOf(request, summary.value, [...running.values()]);
      if (!destination.ok) return destination;
      const { outPath, fileName, temporary } = destination.value;

      const id = `x${nextId++}`;
      const job: NewExport = {
        id,
        outPath,
        fileName,
        temporary,
        total: scope.value.total,
        started: performance.now(),
        cancelRequested: false,
      };
      if (useFile) {
        const spec: ExportJobSpec = {
          sourcePath: file,
          outPath,
          format: request.format,
          providers: [...((await deps.schemaProviders?.()) ?? [])],
          ...(scope.value.filter ? { filter: scope.value.filter } : {}),
          ...(request.scope === 'selection' ? { seqs: request.seqs ?? [] } : {}),
          ...(request.columns?.length ? { columns: request.columns } : {}),
          ...(request.propsJson !== undefined ? { propsJson: request.propsJson } : {}),
        };
        const launched = launchWorker(job, spec);
        if (!launched.ok) {
          if (temporary) removeQuietly(temporary);
          return launched;
        }
      } else {
        launchInEngine(job, host, {
          outPath,
          format: request.format,
          scope: request.scope,
          order: isTimeOrder(sort) ? 'time' : 'view',
          ...(view ? { viewId: view.viewId } : {}),
          ...(request.scope === 'selection' ? { seqs: request.seqs ?? [] } : {}),
          ...(request.columns?.length ? { columns: request.columns } : {}),
          ...(request.propsJson !== undefined ? { propsJson: request.propsJson } : {}),
        });
      }
      return ok({
        exportId: id,
        path: temporary ? '' : outPath,
        fileName,
        filter: scope.value.filter,
        ...(scope.value.total !== undefined ? { total: scope.value.total } : {}),
        sort,
        source: useFile ? 'file' : 'store',
      });

      /** Where the file goes: the path asked for (checked), or a private temporary folder (downloads). */
      async function destinationOf(
        r: ExportRequest,
        capture: CaptureSummary,
        others: RunningExport[],
      ): Promise<Result<{ outPath: string; fileName: string; temporary: string | undefined }>> {
        if (r.path === undefined) {
          if (!deps.downloads) return err('BAD_REQUEST', 'choose where to save the export');
          const fileName = suggestedName(capture.path, r.format);
          let folder: string;
          try {
            folder = mkdtempSync(join(deps.tempDir ?? tmpdir(), 'etw-explorer-export-'));
          } catch (e) {
            return err('IO_ERROR', `cannot create a temporary folder for the download: ${messageOf(e)}`);
          }
          return ok({ outPath: join(folder, fileName), fileName, temporary: folder });
        }
        const outPath = resolve(r.path);
        const problem = await writableProblem(outPath, resolve(capture.path));
        if (problem) return err('IO_ERROR', `cannot write ${outPath}: ${problem}`, { detail: outPath });
        if (others.some((o) => o.outPath === outPath))
          return err('BAD_REQUEST', `another export is writing ${outPath} right now`, { detail: outPath });
        return ok({ outPath, fileName: basename(outPath), temporary: undefined });
      }
    },

    cancel(exportId) {
      const job = running.get(exportId);
      if (!job) return err('NOT_FOUND', `no running export with id '${exportId}'`);
      if (!job.cancelRequested) {
        job.cancelRequested = true;
        job.stop();
      }
      return ok({ cancelled: true });
    },

    takeDownload(downloadId) {
      const entry = downloads.get(downloadId);
      if (!entry) return undefined;
      downloads.delete(downloadId);
      if (!existsSync(entry.path)) return undefined;
      return {
        path: entry.path,
        fileName: entry.fileName,
        release: () => {
          if (entry.temporary) removeQuietly(entry.temporary);
        },
      };
    },

    async closeAll() {
      const jobs = [...running.values()];
      for (const job of jobs) this.cancel(job.id);
      await Promise.all(
        jobs.map((job) =>
          Promise.race([job.finished, new Promise((r) => setTimeout(r, CANCEL_GRACE_MS).unref())]),
        ),
      );
      for (const entry of downloads.values()) if (entry.temporary) removeQuietly(entry.temporary);
      downloads.clear();
    },
  };

  /** The filter and the expected count of the export's scope, and the view's state when one is named. */
  async function scopeOf(
    request: ExportRequest,
    host: EngineHost,
    captureEvents: number,
  ): Promise<Result<{ filter: string; total?: number; view?: ViewState }>> {
    let view: ViewState | undefined;
    if (request.viewId !== undefined) {
      // No changes: answers the view's state (its filter, time range included, sort and row count).
      const state = await host.call('updateView', request.viewId, {});
      if (!state.ok) return state;
      view = state.value;
    }
    const withView = view ? { view } : {};
    switch (request.scope) {
      case 'all':
        return ok({ filter: '', total: captureEvents, ...withView });
      case 'selection':
        if (!request.seqs?.length)
          return err('BAD_REQUEST', 'a selection export needs the selected events (seqs)');
        return ok({ filter: '', total: new Set(request.seqs).size, ...withView });
      case 'view':
        if (!view) return err('BAD_REQUEST', 'a view export needs the viewId');
        return ok({ filter: view.filter, total: view.total, view });
    }
  }
}

/**
 * Whether a capture with a file is better exported by reading the file again: only in time order
 * (a file is read in time order), and then for .etl (records copied byte for byte rather than
 * rebuilt) or when the store dropped events under its memory budget (the file still has them).
 */
function prefersFile(request: ExportRequest, sort: ViewSort, capture: CaptureSummary): boolean {
  if (!isTimeOrder(sort)) return false;
  return request.format === 'etl' || capture.loss.queueDropped > 0;
}

/** The capture's file, for captures opened from one that is still there (a replay is exported as seen). */
async function captureFile(host: EngineHost, capture: CaptureSummary): Promise<string | undefined> {
  if (host.sourceKind !== 'capture' && host.sourceKind !== 'demo') return undefined;
  const path = resolve(capture.path);
  return (await fileCheck(path)) ? path : undefined;
}

/**
 * `KernelNetwork.jsonl` for `/traces/KernelNetwork.etl` (an .etl export gets `-export`); a live
 * session's label loses the characters file names cannot hold.
 */
export function suggestedName(sourcePath: string, format: ExportRequest['format']): string {
  const stem =
    [...basename(sourcePath).replace(/\.etl(\.zip)?$/i, '')]
      .map((c) => (c < ' ' || '<>:"/\\|?*'.includes(c) ? '_' : c))
      .join('')
      .trim() || 'capture';
  return `${format === 'etl' ? `${stem}-export` : stem}.${EXPORT_EXTENSIONS[format]}`;
}

async function fileCheck(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Why `path` cannot be written, or undefined when it looks writable. */
async function writableProblem(path: string, sourcePath: string): Promise<string | undefined> {
  const same =
    process.platform === 'win32' ? path.toLowerCase() === sourcePath.toLowerCase() : path === sourcePath;
  if (same) return 'it is the capture being exported';
  try {
    const existing = await stat(path);
    if (existing.isDirectory()) return 'it is a folder';
  } catch {
    // does not exist yet: fine
  }
  const folder = dirname(path);
  try {
    if (!(await stat(folder)).isDirectory()) return `${folder} is not a folder`;
  } catch {
    return `the folder ${folder} does not exist`;
  }
  return undefined;
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // best effort: a file we could not delete is reported nowhere better
  }
}

/** The bundled export worker beside a CommonJS bundle (dist/main → dist/workers); ESM hosts pass it in. */
function findExportWorker(): WorkerScript | null {
  if (typeof __dirname !== 'string') return null;
  const script = join(__dirname, '..', 'workers', 'export.worker.cjs');
  return existsSync(script) ? { script } : null;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
