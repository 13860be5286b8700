// Captures: .etl files opened for browsing, files replayed as live streams, the demo, and (through
// `openLive`) live sessions. Each capture's engine (core/pipeline/capture-engine.ts) runs in its own
// worker thread when a worker script is available (always in the built app and web mode), else in
// this thread; this service keeps only the registry, forwards the engine's updates as
// `capture.progress`, `events.batch` and the status bar's counts and loss, and stops engines on
// close. Schemas come from the catalog (manifests the user opened) at the moment a capture opens.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureSummary, OpenedCapture, SourceInfo } from '../common/ipc/messages';
import type { ProviderSchema } from '../common/model/schema';
import { err, ok, type Result } from '../common/result';
import { ensureDemoCapture } from '../core/demo/demo-capture.node.js';
import { CaptureEngine, type EngineUpdate } from '../core/pipeline/capture-engine';
import type { EngineInit } from '../core/pipeline/engine-protocol';
import type { IngestOutcome } from '../core/pipeline/ingest';
import type { FileSourceSpec } from '../core/pipeline/sources/event-source';
import { LiveSource, type LiveBatch } from '../core/pipeline/sources/live-source';
import { openFileEventSource } from '../core/pipeline/sources/open-file.node.js';
import type { TraceClock } from '../core/events/raw-event';
import type { RuleFile } from '../core/summary/index';
import type { Emit } from './emit';
import {
  inProcessEngine,
  startWorkerEngine,
  type EngineEvents,
  type EngineHost,
  type WorkerScript,
} from './engine-host';
import { probeFile, type FileProbe } from './file-probe';
import type { StatusService } from './status-service';

/** Default store budgets: a file may fill more memory than a stream that never ends. */
export const FILE_BUDGET_BYTES = 4 * 1024 ** 3;
export const LIVE_BUDGET_BYTES = 1024 ** 3;

export interface CaptureServiceDeps {
  emit: Emit;
  status: StatusService;
  probe?: FileProbe;
  /** Schemas to decode with (the catalog's providers); asked once per open. */
  schemaProviders?: () => Promise<readonly ProviderSchema[]>;
  /** The engine worker; undefined = find dist/workers/capture-engine.worker.cjs, else run in this thread. */
  worker?: WorkerScript | null;
  budgetBytes?: { file?: number; live?: number };
  /** The alert rules in force when a capture opens (process-service.ts); default: the built-in rules. */
  rules?: () => RuleFile | undefined;
}

export interface LiveCaptureSpec {
  label: string;
  clock: TraceClock;
  batches: AsyncIterable<LiveBatch>;
  /** Drop events at ingest (the session's own filter in the filter language). */
  captureFilter?: string;
}

export interface CaptureService {
  open(path: string): Promise<Result<OpenedCapture>>;
  openReplay(path: string, speed: number): Promise<Result<OpenedCapture>>;
  openDemo(): Promise<Result<OpenedCapture>>;
  /** The seam for live sessions: the session manager hands over its batches. */
  openLive(spec: LiveCaptureSpec): Result<OpenedCapture>;
  cancel(captureId: string): Result<{ cancelled: true }>;
  /** The capture's summary now (asked of its engine: events so far while reading, final when done). */
  info(captureId: string): Promise<Result<CaptureSummary>>;
  close(captureId: string): Promise<Result<{ closed: true }>>;
  closeAll(): Promise<void>;
  has(captureId: string): boolean;
  host(captureId: string): EngineHost | undefined;
  /** The status bar's "shown" count follows the view the user touched last (and its growth). */
  noteShown(captureId: string, viewId: string, shown: number): void;
}

interface Capture {
  id: string;
  host: EngineHost;
  source: SourceInfo;
  summary: CaptureSummary;
  shown: number;
  /** The view whose row count the status bar shows. */
  shownView?: string;
}

export function createCaptureService(deps: CaptureServiceDeps): CaptureService {
  const probe = deps.probe ?? probeFile;
  const worker = deps.worker === undefined ? findEngineWorker() : deps.worker;
  const captures = new Map<string, Capture>();
  let nextId = 1;
  let current: string | undefined;

  const eventsFor = (id: string): EngineEvents => ({
    onUpdate: (update) => onUpdate(id, update),
    onFinished: (outcome, summary) => onFinished(id, outcome, summary),
  });

  function onUpdate(id: string, update: EngineUpdate): void {
    const capture = captures.get(id);
    if (!capture) return;
    deps.emit('capture.progress', update.progress);
    for (const batch of update.views) {
      deps.emit('events.batch', batch);
      if (batch.viewId === capture.shownView) capture.shown = batch.total;
    }
    if (id !== current) return;
    deps.status.setCounts({
      events: update.events,
      shown: capture.shown,
      ...(update.eventsPerSecond > 0 ? { eventsPerSecond: update.eventsPerSecond } : {}),
    });
    deps.status.setLoss(update.loss);
  }

  function onFinished(id: string, outcome: IngestOutcome, summary: CaptureSummary): void {
    const capture = captures.get(id);
    if (!capture) return;
    capture.summary = summary;
    if (outcome.state === 'failed')
      deps.status.reportError({ code: 'IO_ERROR', message: `${capture.source.label}: ${outcome.message}` });
    // A damaged file was read around its bad parts: the status bar says so (the list is in "About this capture").
    const problems = summary.diagnosticCount ?? summary.diagnostics.length;
    const first = summary.diagnostics[0];
    if (problems > 0 && first)
      deps.status.reportError({
        code: 'PARSE_ERROR',
        ...(first.offset !== undefined ? { offset: first.offset } : {}),
        message:
          `${capture.source.label}: ${problems} problem${problems === 1 ? '' : 's'} found while reading, ` +
          `the first at offset 0x${(first.offset ?? 0).toString(16)}: ${first.code} ${first.message} ` +
          `(all of them: About this capture)`,
      });
  }

  async function start(spec: FileSourceSpec, source: SourceInfo): Promise<Result<OpenedCapture>> {
    const file = await probe(spec.path);
    if (!file.ok) return file;
    const id = `c${nextId++}`;
    const providers = [...((await deps.schemaProviders?.()) ?? [])];
    const init: EngineInit = {
      captureId: id,
      source: spec,
      providers,
      budgetBytes: deps.budgetBytes?.file ?? FILE_BUDGET_BYTES,
    };
    const rules = deps.rules?.();
    if (rules) init.rules = rules;
    const started = worker
      ? await startWorkerEngine(worker, init, eventsFor(id))
      : startInProcess(init, eventsFor(id));
    if (!started.ok) return started;
    return register(id, started.value.host, source, started.value.summary);
  }

  function register(
    id: string,
    host: EngineHost,
    info: SourceInfo,
    summary: CaptureSummary,
  ): Result<OpenedCapture> {
    const source = { ...info, captureId: id };
    captures.set(id, { id, host, source, summary, shown: 0 });
    current = id;
    deps.status.setSource(source);
    deps.status.setLoss(summary.loss);
    deps.status.setCounts({ events: summary.events, shown: 0 });
    return ok({ captureId: id, summary });
  }

  const fileSource = (kind: SourceInfo['kind'], path: string, label: string): SourceInfo => ({
    kind,
    label,
    path,
  });

  return {
    open: (path) => start({ path }, fileSource('capture', path, fileLabel(path))),
    openReplay: (path, speed) =>
      start(
        { path, kind: 'replay', speed },
        fileSource('replay', path, `${fileLabel(path)} (replay ${speed === Infinity ? 'max' : `${speed}×`})`),
      ),
    async openDemo() {
      let path: string;
      try {
        path = await ensureDemoCapture();
      } catch (e) {
        return err(
          'IO_ERROR',
          `cannot write the demo capture: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      return start({ path, kind: 'demo', label: 'Demo capture' }, fileSource('demo', path, 'Demo capture'));
    },
    openLive(spec) {
      const id = `c${nextId++}`;
      let engine: CaptureEngine;
      try {
        engine = new CaptureEngine({
          captureId: id,
          source: new LiveSource(spec.batches, spec.clock, { kind: 'live', label: spec.label }),
          budgetBytes: deps.budgetBytes?.live ?? LIVE_BUDGET_BYTES,
          captureFilter: spec.captureFilter,
          rules: deps.rules?.(),
          onUpdate: (update) => onUpdate(id, update),
        });
      } catch (e) {
        return err('BAD_REQUEST', e instanceof Error ? e.message : String(e));
      }
      const opened = register(
        id,
        inProcessEngine(engine),
        { kind: 'live', label: spec.label },
        engine.summary(),
      );
      void engine.run().then((outcome) => onFinished(id, outcome, engine.summary()));
      return opened;
    },
    cancel(captureId) {
      const capture = captures.get(captureId);
      if (!capture) return unknownCapture(captureId);
      capture.host.cancel();
      return ok({ cancelled: true });
    },
    async info(captureId) {
      const capture = captures.get(captureId);
      if (!capture) return unknownCapture(captureId);
      const summary = await capture.host.call('summary');
      if (summary.ok) capture.summary = summary.value;
      return summary;
    },
    async close(captureId) {
      const capture = captures.get(captureId);
      if (!capture) return unknownCapture(captureId);
      captures.delete(captureId);
      await capture.host.close();
      if (current === captureId) {
        current = undefined;
        deps.status.setSource({ kind: 'none', label: 'No source' });
        deps.status.setCounts({ events: 0, shown: 0 });
      }
      return ok({ closed: true });
    },
    async closeAll() {
      await Promise.all([...captures.keys()].map((id) => this.close(id)));
    },
    has: (captureId) => captures.has(captureId),
    host: (captureId) => captures.get(captureId)?.host,
    noteShown(captureId, viewId, shown) {
      const capture = captures.get(captureId);
      if (!capture) return;
      capture.shown = shown;
      capture.shownView = viewId;
      if (captureId === current) deps.status.setCounts({ ...deps.status.get().counts, shown });
    },
  };
}

function unknownCapture(captureId: string): Result<never> {
  return err('NOT_FOUND', `no open capture with id '${captureId}'`);
}

function fileLabel(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}

/** An engine in this thread, reading in the background (slices yield to the event loop). */
function startInProcess(
  init: EngineInit,
  events: EngineEvents,
): Result<{ host: EngineHost; summary: CaptureSummary }> {
  const opened = openFileEventSource(init.source);
  if (!opened.ok) return opened;
  const engine = new CaptureEngine({
    captureId: init.captureId,
    source: opened.value,
    providers: init.providers,
    budgetBytes: init.budgetBytes,
    rules: init.rules,
    onUpdate: events.onUpdate,
  });
  void engine.run().then((outcome) => events.onFinished(outcome, engine.summary()));
  return ok({ host: inProcessEngine(engine), summary: engine.summary() });
}

/** The bundled engine worker beside a CommonJS bundle (dist/main → dist/workers); ESM hosts pass it in. */
function findEngineWorker(): WorkerScript | null {
  if (typeof __dirname !== 'string') return null;
  const script = join(__dirname, '..', 'workers', 'capture-engine.worker.cjs');
  return existsSync(script) ? { script } : null;
}
