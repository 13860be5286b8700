// CaptureEngine: one open capture, stream or replay — its source, decoder, event store, capture
// analysis (the process table, summaries and alerts; the events view's process names come from it)
// and views — and every query the events view makes of it (rows, detail, timeline, completions,
// find). It runs wherever its host puts it: inside a worker thread for files (services/
// capture-engine.worker.ts; the service side then holds only what crosses IPC) or in-process for
// live sessions and tests. All methods are synchronous and return Result values; `run()` is the
// ingest loop. While it runs, `onUpdate` receives throttled updates: progress, the views that grew
// (with their newest rows for views that follow the tail), counts and loss.
import type {
  CaptureProgress,
  CaptureSummary,
  EventDetail,
  EventsBatch,
  EventsPage,
  FilterCompletions,
  FindResult,
  GroupColumn,
  Histogram,
  ViewGroups,
  LossCounters,
  ViewSort,
  ViewState,
} from '../../common/ipc/messages';
import type { ProviderSchema } from '../../common/model/schema';
import { err, ok, type Result } from '../../common/result';
import { fileTimeToIso } from '../../common/time';
import type { RuleFile } from '../summary/index';
import { CaptureAnalysis, type AnalysisAnswers, type AnalysisQuery } from '../analysis/capture-analysis';
import { createDecoder, type EventDecoder } from '../decode/index';
import { compileFilter, completions, type CompiledFilter, type FilterEnv } from '../filter/index';
import { EventStore, histogram, type EventView } from '../store/index';
import { ProcessResolver } from './enrich';
import { CallStacks } from './call-stack';
import { eventDetail, eventRow } from './event-rows';
import { Ingest, type IngestOutcome } from './ingest';
import { NameCache } from './names';
import { rowPredicate, type RowContext } from './row-filter';
import { completionCatalog } from './completion-catalog';
import { StackTable } from './stack-table';
import type { EventSource } from './sources/event-source';
import { DEFAULT_SORT, viewOrder, type ViewOrder } from './view-sorts';
import { findInView } from './find';
import { groupView } from './view-groups';

export interface EngineOptions {
  captureId: string;
  source: EventSource;
  /** Schemas from manifests the user opened (in-stream schemas are learned as events arrive). */
  providers?: readonly ProviderSchema[];
  /** Memory budget of the store (oldest events dropped beyond it; counted as our drops). */
  budgetBytes?: number;
  /** Rows per store chunk, the unit the budget drops (default: the store's, 65536). */
  chunkRows?: number;
  /** Alert rules of the capture analysis (a validated rule file; default: the built-in rules). */
  rules?: RuleFile;
  /** A filter applied while reading: events it rejects are not stored. */
  captureFilter?: string;
  /** Throttled updates while the capture grows. */
  onUpdate?: (update: EngineUpdate) => void;
  /** Least time between two updates (default 150 ms). */
  updateIntervalMs?: number;
  now?: () => number;
}

export interface EngineUpdate {
  progress: CaptureProgress;
  /** Views whose row count changed since the last update. */
  views: EventsBatch[];
  events: number;
  eventsPerSecond: number;
  loss: LossCounters;
}

export interface ViewChanges {
  filter?: string;
  sort?: ViewSort;
  paused?: boolean;
  follow?: boolean;
}

/** Rows pushed with each update to views that follow the tail. */
export const TAIL_ROWS = 64;
/** Least time between two rebuilds of a view sorted by names (new names invalidate the ranks). */
const NAME_SORT_REBUILD_MS = 2000;

interface ViewEntry {
  id: string;
  filter: CompiledFilter;
  sort: ViewSort;
  order: ViewOrder;
  epoch: number;
  builtAt: number;
  view: EventView;
  paused: boolean;
  follow: boolean;
  batchSeq: number;
  reportedTotal: number;
}

export class CaptureEngine {
  readonly captureId: string;
  readonly source: EventSource;
  readonly store: EventStore;
  readonly decoder: EventDecoder;
  readonly names: NameCache;
  /** Per-process summaries and alerts (core/analysis), fed by the ingest; the one process table. */
  readonly analysis: CaptureAnalysis;
  /** The process of an event, as the analysis attributed it (pipeline/enrich.ts). */
  readonly enricher: ProcessResolver;
  /** Kernel StackWalk records attached to their events (stack-table.ts), fed by the ingest. */
  readonly stacks: StackTable;
  private readonly callStacks: CallStacks;
  private readonly ctx: RowContext;
  private readonly ingest: Ingest;
  private readonly views = new Map<string, ViewEntry>();
  private readonly filterEnv: FilterEnv;
  private readonly now: () => number;
  private readonly updateIntervalMs: number;
  private readonly onUpdate: ((update: EngineUpdate) => void) | undefined;
  private outcome: IngestOutcome | undefined;
  private running = false;
  private lastUpdate = -Infinity;
  private rateFrom = { at: 0, events: 0 };
  private eventsPerSecond = 0;

  /** Throws only for a bad capture filter (check it with `checkFilter` first). */
  constructor(options: EngineOptions) {
    this.captureId = options.captureId;
    this.source = options.source;
    this.now = options.now ?? (() => performance.now());
    this.updateIntervalMs = options.updateIntervalMs ?? 150;
    this.onUpdate = options.onUpdate;
    this.store = new EventStore({ budgetBytes: options.budgetBytes, chunkRows: options.chunkRows });
    this.decoder = createDecoder(options.providers ?? []);
    this.names = new NameCache(this.decoder);
    this.analysis = new CaptureAnalysis({
      captureId: options.captureId,
      decoder: this.decoder,
      startFileTime: options.source.clock.startFileTime,
      store: this.store,
      ...(options.rules ? { rules: options.rules } : {}),
    });
    this.enricher = new ProcessResolver(this.decoder, this.analysis);
    this.stacks = new StackTable(options.source.clock, this.store);
    this.callStacks = new CallStacks(this.stacks, this.store, this.analysis);
    this.ctx = { decoder: this.decoder, names: this.names, enricher: this.enricher };
    this.filterEnv = {
      startFileTime: options.source.clock.startFileTime,
      providerName: (id) => this.names.providerName(id) || undefined,
    };
    let captureFilter: CompiledFilter | undefined;
    if (options.captureFilter?.trim()) {
      const compiled = compileFilter(options.captureFilter, this.filterEnv);
      if (!compiled.ok) throw new Error(`capture filter: ${compiled.error.message}`);
      captureFilter = compiled.value;
    }
    this.ingest = new Ingest(
      this.source,
      this.store,
      this.decoder,
      this.names,
      this.ctx,
      captureFilter,
      this.analysis,
      this.stacks,
    );
  }

  /** Processes and alerts of this capture (the Processes view's queries; see core/analysis). */
  analyze(query: AnalysisQuery): Result<AnalysisAnswers[AnalysisQuery['kind']]> {
    return this.analysis.answer(query);
  }

  // ---- ingest --------------------------------------------------------------------------------------

  /** Reads the source to its end (or until cancelled); resolves with how it ended. */
  async run(): Promise<IngestOutcome> {
    if (this.running || this.outcome) return this.outcome ?? { state: 'failed', message: 'already running' };
    this.running = true;
    this.rateFrom = { at: this.now(), events: 0 };
    const outcome = await this.ingest.run({ now: this.now, afterSlice: () => this.maybeUpdate(false) });
    this.running = false;
    this.outcome = outcome;
    this.eventsPerSecond = 0;
    if (outcome.state === 'done' && this.source.description.kind !== 'live') this.store.trim();
    this.maybeUpdate(true);
    return outcome;
  }

  /** Stops reading; what was read stays browsable. */
  cancel(): void {
    this.ingest.cancel();
  }

  close(): void {
    this.ingest.cancel();
    this.views.clear();
    this.source.close();
  }

  progress(): CaptureProgress {
    const p = this.source.progress();
    const live = this.source.description.kind === 'live' || this.source.description.kind === 'replay';
    const progress: CaptureProgress = {
      captureId: this.captureId,
      phase: this.phase(live),
      bytesRead: p.bytesRead,
      bytesTotal: p.bytesTotal,
      events: this.store.count,
    };
    if (p.estimatedEvents !== undefined) progress.estimatedEvents = p.estimatedEvents;
    if (this.outcome?.state === 'failed')
      progress.error = { code: 'IO_ERROR', message: this.outcome.message };
    return progress;
  }

  private phase(live: boolean): CaptureProgress['phase'] {
    switch (this.outcome?.state) {
      case undefined:
        return live ? 'live' : 'reading';
      case 'done':
        return 'done';
      case 'cancelled':
        return 'cancelled';
      case 'failed':
        return 'failed';
    }
  }

  loss(): LossCounters {
    const s = this.source.loss();
    return {
      etwEventsLost: s.etwEventsLost,
      realtimeBuffersLost: s.realtimeBuffersLost,
      inStreamLost: s.inStreamLost,
      queueDropped: s.queueDropped + this.store.droppedByBudget + this.store.droppedOversize,
    };
  }

  summary(): CaptureSummary {
    const d = this.source.description;
    const h = this.source.header;
    const p = this.source.progress();
    const problems = this.source.diagnostics();
    const summary: CaptureSummary = {
      path: d.path ?? d.label,
      fileName: d.label,
      fileSize: p.bytesTotal,
      events: this.store.count,
      providers: this.store.providers.count,
      loss: this.loss(),
      diagnostics: problems.slice(0, 200).map((x) => ({ ...x })),
      diagnosticCount: problems.length,
    };
    summary.startTime = fileTimeToIso(this.source.clock.startFileTime);
    if (h) {
      if (h.endTime > 0n) summary.endTime = fileTimeToIso(h.endTime);
      summary.pointerSize = h.pointerSize;
      summary.cpuCount = h.numberOfProcessors;
      summary.osVersion = `${h.osVersionMajor}.${h.osVersionMinor} build ${h.build}`;
    }
    const stacks = this.stacks.counts();
    if (stacks.records > 0 || stacks.keyDefinitions > 0) summary.stacks = stacks;
    return summary;
  }

  private maybeUpdate(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastUpdate < this.updateIntervalMs) return;
    const elapsed = now - this.rateFrom.at;
    if (this.running && elapsed >= 500) {
      this.eventsPerSecond = ((this.ingest.seen - this.rateFrom.events) * 1000) / elapsed;
      this.rateFrom = { at: now, events: this.ingest.seen };
    }
    this.lastUpdate = now;
    const batches: EventsBatch[] = [];
    for (const entry of this.views.values()) {
      if (entry.paused) continue;
      this.refresh(entry, now);
      const total = entry.view.count;
      if (total === entry.reportedTotal && !force) continue;
      batches.push(this.batchOf(entry, total));
    }
    this.onUpdate?.({
      progress: this.progress(),
      views: batches,
      events: this.store.count,
      eventsPerSecond: this.eventsPerSecond,
      loss: this.loss(),
    });
  }

  private batchOf(entry: ViewEntry, total: number): EventsBatch {
    entry.reportedTotal = total;
    const batch: EventsBatch = { viewId: entry.id, seq: ++entry.batchSeq, total };
    if (entry.follow && total > 0) {
      const from = Math.max(0, total - TAIL_ROWS);
      batch.tail = this.rowsOf(entry, from, total - from);
    }
    return batch;
  }

  /** Brings a view up to date with the store (rebuilding name-sorted views whose ranks went stale). */
  private refresh(entry: ViewEntry, now: number): void {
    const epoch = entry.order.epoch();
    if (epoch !== entry.epoch && now - entry.builtAt >= NAME_SORT_REBUILD_MS) {
      this.rebuild(entry, entry.filter, entry.sort);
      return;
    }
    entry.view.refresh();
  }

  private rebuild(entry: ViewEntry, filter: CompiledFilter, sort: ViewSort): void {
    const order = viewOrder(sort, this.store, this.ctx);
    entry.view = this.store.createView({ predicate: rowPredicate(filter, this.ctx), ...order.options });
    entry.filter = filter;
    entry.sort = sort;
    entry.order = order;
    entry.epoch = order.epoch();
    entry.builtAt = this.now();
  }

  // ---- views ---------------------------------------------------------------------------------------

  /** Compiles a filter against this capture (names, start time); a bad one is a PARSE_ERROR with offset/length. */
  checkFilter(text: string): Result<CompiledFilter> {
    const compiled = compileFilter(text, this.filterEnv);
    return compiled.ok ? ok(compiled.value) : { ok: false, error: compiled.error };
  }

  createView(
    viewId: string,
    options: { filter?: string; sort?: ViewSort; follow?: boolean },
  ): Result<ViewState> {
    if (this.views.has(viewId)) return err('BAD_REQUEST', `view '${viewId}' exists already`);
    const filter = this.checkFilter(options.filter ?? '');
    if (!filter.ok) return filter;
    const entry = {
      id: viewId,
      paused: false,
      follow: options.follow ?? false,
      batchSeq: 0,
      reportedTotal: 0,
    } as ViewEntry;
    this.rebuild(entry, filter.value, options.sort ?? DEFAULT_SORT);
    entry.reportedTotal = entry.view.count;
    this.views.set(viewId, entry);
    return ok(this.stateOf(entry));
  }

  updateView(viewId: string, changes: ViewChanges): Result<ViewState> {
    const entry = this.views.get(viewId);
    if (!entry) return unknownView(viewId);
    let filter = entry.filter;
    if (changes.filter !== undefined && changes.filter !== entry.filter.text) {
      const compiled = this.checkFilter(changes.filter);
      if (!compiled.ok) return compiled;
      filter = compiled.value;
    }
    const sort = changes.sort ?? entry.sort;
    const sortChanged = sort.column !== entry.sort.column || sort.descending !== entry.sort.descending;
    if (filter !== entry.filter || sortChanged) this.rebuild(entry, filter, sort);
    if (changes.follow !== undefined) entry.follow = changes.follow;
    if (changes.paused !== undefined && changes.paused !== entry.paused) {
      entry.paused = changes.paused;
      if (!entry.paused) entry.view.refresh();
    }
    entry.reportedTotal = entry.view.count;
    return ok(this.stateOf(entry));
  }

  closeView(viewId: string): Result<{ closed: true }> {
    return this.views.delete(viewId) ? ok({ closed: true }) : unknownView(viewId);
  }

  private stateOf(entry: ViewEntry): ViewState {
    return {
      viewId: entry.id,
      captureId: this.captureId,
      total: entry.view.count,
      filter: entry.filter.text,
      sort: entry.sort,
      paused: entry.paused,
      follow: entry.follow,
    };
  }

  // ---- queries ---------------------------------------------------------------------------------------

  rows(viewId: string, offset: number, limit: number): Result<EventsPage> {
    const entry = this.views.get(viewId);
    if (!entry) return unknownView(viewId);
    return ok({ viewId, offset, total: entry.view.count, rows: this.rowsOf(entry, offset, limit) });
  }

  private rowsOf(entry: ViewEntry, offset: number, limit: number) {
    const cursor = this.store.cursor();
    const clock = this.source.clock;
    return entry.view
      .rows(offset, limit)
      .map((seq, i) => (cursor.moveTo(seq) ? eventRow(cursor, offset + i, clock, this.ctx) : undefined))
      .filter((row) => row !== undefined);
  }

  detail(seq: number): Result<EventDetail> {
    const cursor = this.store.cursor();
    if (!cursor.moveTo(seq)) {
      const why =
        seq < this.store.firstSeq ? 'was dropped to stay within the memory budget' : 'does not exist';
      return err('NOT_FOUND', `event #${seq} of ${this.captureId} ${why}`);
    }
    return ok(eventDetail(this.captureId, cursor, this.source.clock, this.ctx, this.callStacks));
  }

  locate(viewId: string, seq: number): Result<{ index: number }> {
    const entry = this.views.get(viewId);
    if (!entry) return unknownView(viewId);
    return ok({ index: entry.view.positionOf(seq) });
  }

  /** The view's events counted by one column ("Count by"), at most `limit` groups listed. */
  groups(viewId: string, column: GroupColumn, limit: number): Result<ViewGroups> {
    const entry = this.views.get(viewId);
    if (!entry) return unknownView(viewId);
    return ok(groupView(entry.view, this.store, this.ctx, column, limit));
  }

  histogram(viewId: string, buckets: number, fromTicks?: number, toTicks?: number): Result<Histogram> {
    const entry = this.views.get(viewId);
    if (!entry) return unknownView(viewId);
    const range = this.timeRange();
    const from = fromTicks ?? range.from;
    let to = toTicks ?? range.to;
    if (!(to > from)) to = from + 1;
    // An unfiltered view holds every stored event: count straight from the store's tick columns.
    const unfiltered = entry.filter.headerOnly && !entry.filter.headerPredicate;
    const counts = histogram(unfiltered ? this.store : entry.view, buckets, from, to);
    return ok({
      viewId,
      fromTicks: from,
      toTicks: to,
      counts: Array.from(counts),
      startTime: fileTimeToIso(this.source.clock.startFileTime),
    });
  }

  /** Ticks of the oldest stored event and just past the newest. */
  timeRange(): { from: number; to: number } {
    let from = Infinity;
    let to = -Infinity;
    for (const chunk of this.store.chunkList) {
      if (chunk.count === 0) continue;
      from = Math.min(from, chunk.minTicks);
      to = Math.max(to, chunk.maxTicks);
    }
    return from <= to ? { from, to: to + 1 } : { from: 0, to: 1 };
  }

  completions(viewId: string, text: string, cursor: number): Result<FilterCompletions> {
    if (!this.views.has(viewId)) return unknownView(viewId);
    const result = completions(text, cursor, completionCatalog(this.store, this.ctx));
    return ok({ from: result.from, to: result.to, items: result.items });
  }

  find(viewId: string, text: string, from: number, backwards: boolean): Result<FindResult> {
    const entry = this.views.get(viewId);
    if (!entry) return unknownView(viewId);
    return ok(findInView(entry.view, this.store, text, from, backwards, this.ctx, this.now));
  }
}

function unknownView(viewId: string): Result<never> {
  return err('NOT_FOUND', `no open view with id '${viewId}'`);
}
