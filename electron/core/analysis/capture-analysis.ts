// CaptureAnalysis: per-process summaries and alerts of one open capture. The capture engine
// (core/pipeline) hands it every event as it is stored — observe(raw, seq), in stream order, with the
// store's sequence number — and it runs the summary engine (core/summary Analyzer) over them with the
// rules in force, plus the bytes-over-time series of every process+endpoint (endpoint-series.ts).
// Properties are decoded only for the events the Analyzer reads (lazy-decoded.ts).
//
// New rules: setRules() re-evaluates the capture from its store — a fresh run replays the stored events
// in time slices (the thread keeps answering between them), then takes over from the old run once it
// has caught up with the newest stored event. Until then every answer comes from the old run and the
// status says 'rebuilding'. Events the store no longer holds are not in the new run, except the
// process-defining ones it evicted (process-lifetimes.ts keeps copies), which are replayed first so
// processes keep their names; events a capture filter dropped were never stored nor seen.
//
// Queries come through answer(query) (one method, so the engine protocol needs one entry for all).
//
// The capture's one process table. The events view (core/pipeline/enrich.ts) names an event's process
// from here — it is a ProcessSource: the current run's Analyzer, and the process each stored event was
// attributed to (owner-column.ts) — so the two views cannot disagree, and the events view follows a
// rebuild when the new run takes over. A capture filter that reads `process.*` tests an event before
// the store numbers it: define(raw) takes in what the event says about processes first (the
// Analyzer's first half; observe() of the same event does the rest). The same table resolves stack
// frames to module + offset (resolveFrames: the images each process had loaded, by time).
import type {
  AlertList,
  AnalysisStatus,
  ProcessDetails,
  ProcessList,
  ProcessTree,
} from '../../common/ipc/process-messages';
import type { StackFrame } from '../../common/ipc/messages';
import { err, ok, type Result } from '../../common/result';
import { fileTimeToIso } from '../../common/time';
import type { EventDecoder } from '../decode/index';
import type { RawEvent } from '../events/raw-event';
import { Analyzer, resolveRules, type ProcessRecord, type RuleFile } from '../summary/index';
import { KernelClass, Provider } from '../summary/known';
import {
  endpointKey,
  newNetObservation,
  NetOp,
  readClassicNet,
  readKernelNetwork,
  type EndpointStats,
} from '../summary/network';
import {
  alertList,
  processDetails,
  processList,
  processTree,
  type RunState,
  type StoredEvents,
} from './answers';
import { EndpointSeries } from './endpoint-series';
import { LazyDecoded } from './lazy-decoded';
import { OwnerColumn } from './owner-column';
import { ProcessLifetimes } from './process-lifetimes';
import { resolveFrames, type FrameContext } from './stack-frames';

/** Something that sees every event of a capture as it is stored (the pipeline's observer hook). */
export interface EventObserver {
  /**
   * Ahead of observe() of the same event, for a capture filter that reads `process.*`: takes in what
   * the event says about processes, so the filter sees the event's process (ProcessSource).
   */
  define(raw: RawEvent): void;
  /** One event, in stream order; `seq` is its number in the store (-1 when it was not stored). */
  observe(raw: RawEvent, seq: number): void;
  /** The stream ended (a file was read to its end, a session stopped). */
  finish(): void;
}

export type AnalysisQuery =
  | { kind: 'status' }
  | { kind: 'list' }
  | { kind: 'tree' }
  | { kind: 'details'; key: string }
  | { kind: 'alerts' }
  | { kind: 'setRules'; rules: RuleFile | null };

export interface AnalysisAnswers {
  status: AnalysisStatus;
  list: ProcessList;
  tree: ProcessTree;
  details: ProcessDetails;
  alerts: AlertList;
  setRules: AnalysisStatus;
}

export interface CaptureAnalysisOptions {
  captureId: string;
  decoder: EventDecoder;
  startFileTime: bigint;
  store: StoredEvents;
  /** A validated rule file; default: the built-in rules. */
  rules?: RuleFile;
  now?: () => number;
}

/** Wall time one slice of a rebuild may take before it yields. */
const REBUILD_SLICE_MS = 20;

/** One pass of the Analyzer over the stream (replaced as a whole when the rules change). */
class AnalysisRun implements RunState {
  readonly analyzer: Analyzer;
  readonly series = new EndpointSeries<EndpointStats>();
  readonly evidenceTicks = new Map<number, { seqs: number[]; ticks: number[] }>();
  /** The process of every stored event this run observed, by seq. */
  readonly owners = new OwnerColumn();
  events = 0;
  fromTicks = Infinity;
  toTicks = -Infinity;
  private readonly lazy: LazyDecoded;
  private readonly net = newNetObservation();
  /** No filter rule reads properties: Kernel-Network v0 events need no decoding (read from their bytes). */
  private readonly networkFromBytes: boolean;
  /** The event define() took in (observe() of it reuses its decoding). */
  private defined: RawEvent | null = null;

  constructor(
    decoder: EventDecoder,
    startFileTime: bigint,
    readonly rules: RuleFile | undefined,
  ) {
    this.lazy = new LazyDecoded(decoder);
    // Derived netflow events are not used here (the series cover the charts): keep none.
    this.analyzer = new Analyzer({ startFileTime, maxDerivedEvents: 0, ...(rules ? { rules } : {}) });
    this.networkFromBytes = !resolveRules(rules).some((r) => r.type === 'filter');
  }

  define(raw: RawEvent): ProcessRecord | null {
    this.defined = raw;
    return this.analyzer.define(raw, this.decoded(raw));
  }

  /** `stored`: false for an evicted event replayed for its process facts (no owner to record). */
  observe(raw: RawEvent, seq: number, stored = true): void {
    const decoded = this.defined === raw ? this.lazy : this.decoded(raw);
    this.defined = null;
    const owner = this.analyzer.observe(raw, decoded, seq);
    if (stored && seq >= 0) this.owners.set(seq, owner === null ? -1 : owner.ordinal);
    this.events++;
    const ticks = raw.ticks;
    if (ticks < this.fromTicks) this.fromTicks = ticks;
    if (ticks > this.toTicks) this.toTicks = ticks;
    if (owner !== null) this.traffic(owner, raw);
  }

  finish(): void {
    this.analyzer.finish();
  }

  /** The reusable lazy decoding, pointed at `raw`. */
  private decoded(raw: RawEvent): LazyDecoded {
    // The Analyzer reads Kernel-Network version 0 from the payload (network.ts), not the properties.
    const fromBytes = this.networkFromBytes && raw.version === 0 && raw.providerId === Provider.KernelNetwork;
    return this.lazy.reset(raw, !fromBytes);
  }

  /** Adds a network send/receive to its process+endpoint series (read as the Analyzer read it). */
  private traffic(owner: ProcessRecord, raw: RawEvent): void {
    const id = raw.providerId;
    const o = this.net;
    let read: boolean;
    if (id === Provider.KernelNetwork) read = readKernelNetwork(raw, this.lazy.props, o);
    else if (id === KernelClass.TcpIp) read = readClassicNet(raw, this.lazy.props, false, o);
    else if (id === KernelClass.UdpIp) read = readClassicNet(raw, this.lazy.props, true, o);
    else return;
    if (!read || (o.op !== NetOp.Send && o.op !== NetOp.Recv)) return;
    const ep = owner.activity.endpoints?.get(endpointKey(o));
    if (ep === undefined) return;
    this.series.add(ep, raw.ticks, o.op === NetOp.Send ? o.size : 0, o.op === NetOp.Recv ? o.size : 0);
  }
}

export class CaptureAnalysis implements EventObserver {
  private run: AnalysisRun;
  private next: AnalysisRun | null = null;
  /** Runs that took over from an earlier one (part of `generation`). */
  private takeovers = 0;
  private finished = false;
  private readonly now: () => number;
  /** The event define() took in and its process, until observe() of it. */
  private pending: RawEvent | null = null;
  private pendingOwner: ProcessRecord | null = null;
  /** Process-defining events, kept for rebuilds after the store evicts them. */
  private readonly lifetimes = new ProcessLifetimes();

  constructor(private readonly options: CaptureAnalysisOptions) {
    this.now = options.now ?? (() => performance.now());
    this.run = new AnalysisRun(options.decoder, options.startFileTime, options.rules);
  }

  define(raw: RawEvent): void {
    this.pendingOwner = this.run.define(raw);
    this.pending = raw;
  }

  observe(raw: RawEvent, seq: number): void {
    this.pending = null;
    this.pendingOwner = null;
    this.run.observe(raw, seq);
    this.lifetimes.keep(raw, seq);
    // Release the owners of events the store has dropped (its budget), once per chunk of seqs.
    if ((seq & 0xffff) === 0 && seq > 0) this.run.owners.dropBefore(this.options.store.firstSeq);
  }

  // ---- ProcessSource (core/pipeline/enrich.ts) ------------------------------------------------------

  /** The Analyzer whose process table answers now (replaced when a rebuild takes over). */
  get analyzer(): Analyzer {
    return this.run.analyzer;
  }

  /** Changes whenever a process fact changes or a new run takes over. */
  get generation(): number {
    return this.takeovers * 2 ** 32 + this.run.analyzer.table.generation;
  }

  /** The process stored event `seq` was attributed to (null: none; undefined: not observed here). */
  ownerOfStored(seq: number): ProcessRecord | null | undefined {
    const ordinal = this.run.owners.get(seq);
    if (ordinal === undefined) return undefined;
    return ordinal < 0 ? null : (this.run.analyzer.table.recordAt(ordinal) ?? null);
  }

  /** Stack frames resolved to module + offset against the images loaded then (stack-frames.ts). */
  resolveFrames(addresses: readonly string[], context: FrameContext): StackFrame[] {
    return resolveFrames(this.run.analyzer, addresses, context);
  }

  /** The process of the event define() took in last, while it is being tested (undefined otherwise). */
  ownerOfPending(raw: RawEvent): ProcessRecord | null | undefined {
    return raw === this.pending ? this.pendingOwner : undefined;
  }

  finish(): void {
    this.finished = true;
    this.run.finish();
  }

  status(): AnalysisStatus {
    const run = this.run;
    const any = run.events > 0;
    return {
      captureId: this.options.captureId,
      state: this.next !== null ? 'rebuilding' : this.finished ? 'done' : 'reading',
      events: run.events,
      processes: run.analyzer.table.records.length,
      alerts: run.analyzer.alerts().length,
      fromTicks: any ? run.fromTicks : 0,
      toTicks: any ? run.toTicks : 0,
      startTime: fileTimeToIso(this.options.startFileTime),
    };
  }

  /** Evaluates the stored events again with `rules` (null: the built-in rules). */
  setRules(rules: RuleFile | null): AnalysisStatus {
    const next = new AnalysisRun(this.options.decoder, this.options.startFileTime, rules ?? undefined);
    this.next = next;
    const store = this.options.store;
    let seq = store.firstSeq;
    // What the store evicted of process lifetimes first, so processes keep their names.
    for (const [raw, kept] of this.lifetimes.before(seq)) next.observe(raw, kept, false);
    const step = (): void => {
      if (this.next !== next) return; // superseded by newer rules
      const until = this.now() + REBUILD_SLICE_MS;
      seq = Math.max(seq, store.firstSeq);
      while (seq < store.nextSeq) {
        const raw = store.raw(seq);
        if (raw !== undefined) next.observe(raw, seq);
        seq++;
        if ((seq & 255) === 0 && this.now() >= until) break;
      }
      if (seq < store.nextSeq) {
        setTimeout(step, 0);
        return;
      }
      if (this.finished) next.finish();
      this.run = next;
      this.next = null;
      this.takeovers++;
    };
    setTimeout(step, 0);
    return this.status();
  }

  answer(query: AnalysisQuery): Result<AnalysisAnswers[AnalysisQuery['kind']]> {
    const status = this.status();
    switch (query.kind) {
      case 'status':
        return ok(status);
      case 'list':
        return ok(processList(this.run, status));
      case 'tree':
        return ok({ status, roots: processTree(this.run) });
      case 'details': {
        const details = processDetails(this.run, query.key, status, this.options.store);
        return details
          ? ok(details)
          : err('NOT_FOUND', `no process '${query.key}' in capture ${this.options.captureId}`);
      }
      case 'alerts':
        return ok(alertList(this.run, this.options.store, status));
      case 'setRules':
        return ok(this.setRules(query.rules));
    }
  }
}
