// The ingest loop: source → learn schemas (in stream order) → optional capture filter → store →
// capture analysis (core/analysis: the process table, summaries, alerts; it sees every event, with
// seq -1 for those the capture filter dropped), and the stack table (stack-table.ts: StackWalk
// records attached to the events they belong to; it sees every event the same way). It pulls the
// source in time-sliced batches (about SLICE_TARGET_MS of work each, adapted as it goes) and yields
// to the event loop between slices, so the thread that runs it — a worker for files — still answers
// view queries while a capture loads: the first rows are visible long before the end. Payloads are
// copied by the store; nothing is decoded here except what the analysis reads and, with a capture
// filter that reads properties, the events that pass its header part. A capture filter that reads `process.*` has the analysis define
// the event first (EventObserver.define), so it sees the event's own process — even for the event
// that starts or lists that process.
import type { EventObserver } from '../analysis/capture-analysis';
import type { EventDecoder } from '../decode/index';
import type { RawEvent } from '../events/raw-event';
import type { CompiledFilter } from '../filter/index';
import type { EventStore } from '../store/index';
import type { NameCache } from './names';
import { LazySubject, type RowContext } from './row-filter';
import type { EventSource, PullResult } from './sources/event-source';
import type { StackTable } from './stack-table';

/** Wall time one slice aims at: long enough to amortize the yield, short enough to stay responsive. */
export const SLICE_TARGET_MS = 25;
const MIN_SLICE = 64;
const MAX_SLICE = 1 << 18;

export type IngestOutcome = { state: 'done' } | { state: 'cancelled' } | { state: 'failed'; message: string };

export interface IngestHooks {
  /** Called after every slice (the engine throttles its own updates). */
  afterSlice(): void;
  now(): number;
}

export class Ingest {
  /** Events the capture filter dropped (the analysis still saw them). */
  filteredOut = 0;
  /** Events taken from the source. */
  seen = 0;
  private readonly subject: LazySubject;
  private cancelled = false;
  private readonly sink = (raw: RawEvent): void => {
    this.seen++;
    if (this.decoder.registry.observe(raw)) this.names.invalidate();
    if (raw.ext.length > 0) this.names.learnFrom(raw);
    if (this.filter && !this.passes(raw, this.filter)) {
      this.filteredOut++;
      this.stacks.observe(raw, -1);
      this.analysis.observe(raw, -1);
      return;
    }
    const seq = this.store.append(raw);
    this.stacks.observe(raw, seq);
    this.analysis.observe(raw, seq);
  };

  constructor(
    private readonly source: EventSource,
    private readonly store: EventStore,
    private readonly decoder: EventDecoder,
    private readonly names: NameCache,
    ctx: RowContext,
    private readonly filter: CompiledFilter | undefined,
    /** Every event with its store seq (-1 = not stored): the capture analysis. */
    private readonly analysis: EventObserver,
    /** Every event with its store seq too: kernel StackWalk records attached to their events. */
    private readonly stacks: StackTable,
  ) {
    this.subject = new LazySubject(ctx);
  }

  cancel(): void {
    this.cancelled = true;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  async run(hooks: IngestHooks): Promise<IngestOutcome> {
    let slice = 1024;
    try {
      while (!this.cancelled) {
        const started = hooks.now();
        let result: PullResult | Promise<PullResult> = this.source.pull(this.sink, slice);
        if (result instanceof Promise) result = await result;
        const spent = hooks.now() - started;
        if (result.state === 'more' && spent > 0) {
          slice = Math.max(MIN_SLICE, Math.min(MAX_SLICE, Math.round((slice * SLICE_TARGET_MS) / spent)));
        } else if (result.state === 'more') {
          slice = Math.min(MAX_SLICE, slice * 2);
        }
        hooks.afterSlice();
        if (result.state === 'done') break;
        await pause(result.state === 'wait' ? result.ms : 0);
      }
    } catch (e) {
      return { state: 'failed', message: e instanceof Error ? e.message : String(e) };
    } finally {
      this.analysis.finish();
    }
    return this.cancelled ? { state: 'cancelled' } : { state: 'done' };
  }

  private passes(raw: RawEvent, filter: CompiledFilter): boolean {
    if (filter.headerPredicate && !filter.headerPredicate(raw)) return false;
    if (filter.headerOnly) return true;
    if (filter.needsProcess) this.analysis.define(raw);
    return filter.remainderPredicate(this.subject.ofRaw(raw));
  }
}

/** Lets the event loop run (messages, timers) before the next slice. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
