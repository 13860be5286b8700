// The seam for live sessions: the session manager (native ETW consumer, or anything else that
// produces batches) hands the pipeline an async iterable of LiveBatch — RawEvents parsed from one
// native buffer batch, plus the session's cumulative loss counters — and this adapter turns it into
// an EventSource. Events of a batch are delivered in slices; the batch's payload views must stay
// valid until the iterator is asked for the next batch (the batch parser's views into its buffer do).
// A pull with nothing buffered waits for the next batch at most MAX_IDLE_WAIT_MS, so an idle session
// never blocks cancellation or view queries.
import type { RawEvent, TraceClock } from '../../events/raw-event';
import {
  countLostRecord,
  type EventSink,
  type EventSource,
  type PullResult,
  type SourceDescription,
  type SourceDiagnostic,
  type SourceLoss,
  type SourceProgress,
} from './event-source';

export interface LiveBatch {
  events: readonly RawEvent[];
  /** The session's cumulative counters at this batch (ETW EventsLost, buffers lost, its own drops). */
  loss?: Partial<Pick<SourceLoss, 'etwEventsLost' | 'realtimeBuffersLost' | 'queueDropped'>>;
  /** Bytes of raw data this batch came from (for the status bar's rate). */
  bytes?: number;
}

export const MAX_IDLE_WAIT_MS = 100;

export class LiveSource implements EventSource {
  private readonly iterator: AsyncIterator<LiveBatch>;
  private batch: readonly RawEvent[] = [];
  private at = 0;
  private waiting: Promise<IteratorResult<LiveBatch>> | undefined;
  private finished = false;
  private events = 0;
  private bytes = 0;
  private readonly counts: SourceLoss = {
    etwEventsLost: 0,
    realtimeBuffersLost: 0,
    inStreamLost: 0,
    queueDropped: 0,
  };
  private readonly problems: SourceDiagnostic[] = [];

  constructor(
    batches: AsyncIterable<LiveBatch>,
    readonly clock: TraceClock,
    readonly description: SourceDescription,
  ) {
    this.iterator = batches[Symbol.asyncIterator]();
  }

  async pull(sink: EventSink, maxEvents: number): Promise<PullResult> {
    if (this.at >= this.batch.length) {
      if (this.finished) return { state: 'done' };
      const next = await this.nextBatch();
      if (next === 'idle') return { state: 'wait', ms: 0 };
      if (next === 'done') return { state: 'done' };
    }
    const batch = this.batch;
    const end = Math.min(batch.length, this.at + maxEvents);
    const loss = this.counts;
    for (let i = this.at; i < end; i++) {
      const raw = batch[i] as RawEvent;
      countLostRecord(raw, loss);
      sink(raw);
    }
    this.events += end - this.at;
    this.at = end;
    return { state: 'more' };
  }

  private async nextBatch(): Promise<'batch' | 'idle' | 'done'> {
    this.waiting ??= this.iterator.next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const idle = new Promise<'idle'>((resolve) => {
      timer = setTimeout(() => resolve('idle'), MAX_IDLE_WAIT_MS);
    });
    let step: IteratorResult<LiveBatch> | 'idle';
    try {
      step = await Promise.race([this.waiting, idle]);
    } catch (e) {
      this.waiting = undefined;
      this.finished = true;
      this.problems.push({ code: 'SOURCE_FAILED', message: e instanceof Error ? e.message : String(e) });
      return 'done';
    } finally {
      clearTimeout(timer);
    }
    if (step === 'idle') return 'idle';
    this.waiting = undefined;
    if (step.done) {
      this.finished = true;
      return 'done';
    }
    const b = step.value;
    this.batch = b.events;
    this.at = 0;
    this.bytes += b.bytes ?? 0;
    if (b.loss) {
      if (b.loss.etwEventsLost !== undefined) this.counts.etwEventsLost = b.loss.etwEventsLost;
      if (b.loss.realtimeBuffersLost !== undefined)
        this.counts.realtimeBuffersLost = b.loss.realtimeBuffersLost;
      if (b.loss.queueDropped !== undefined) this.counts.queueDropped = b.loss.queueDropped;
    }
    return 'batch';
  }

  progress(): SourceProgress {
    return { bytesRead: this.bytes, bytesTotal: 0, events: this.events };
  }

  loss(): SourceLoss {
    return { ...this.counts };
  }

  diagnostics(): readonly SourceDiagnostic[] {
    return this.problems;
  }

  close(): void {
    this.finished = true;
    this.batch = [];
    void this.iterator.return?.();
  }
}
