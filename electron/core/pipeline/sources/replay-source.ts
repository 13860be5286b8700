// A capture replayed as if it were a live session: the events of a file source handed over at the
// pace their timestamps say, scaled by `speed` (1 = real time, 10 = ten times faster, Infinity = as
// fast as the pipeline takes them). The first event anchors trace time to wall time; each pull
// delivers every event that is due (up to the slice size) and otherwise asks the driver to wait
// until the next one is, at most MAX_WAIT_MS so cancellation stays prompt. Events keep their
// original timestamps, so a replayed capture shows the same times as the file.
//
// The event held back for its due time is the inner source's last event, whose payload view stays
// valid until the inner source is pulled again, which happens only after it was delivered.
import type { RawEvent, TraceClock } from '../../events/raw-event';
import type { EtlHeader } from '../../etl/reader';
import type {
  EventSink,
  EventSource,
  PullResult,
  SourceDescription,
  SourceDiagnostic,
  SourceLoss,
  SourceProgress,
} from './event-source';

const TICKS_PER_MS = 10_000;
/** Longest single wait: the driver re-checks cancellation and pause at least this often. */
export const MAX_WAIT_MS = 100;

export interface ReplayOptions {
  /** Playback speed factor: > 0, Infinity for as fast as possible. */
  speed: number;
  /** Wall clock in milliseconds (default performance.now). */
  now?: () => number;
}

export class ReplaySource implements EventSource {
  readonly description: SourceDescription;
  readonly clock: TraceClock;
  readonly header: EtlHeader | undefined;
  readonly speed: number;
  private readonly now: () => number;
  private pending: RawEvent | undefined;
  private anchorWall = 0;
  private anchorTicks = Number.NaN;
  private innerDone = false;
  private readonly hold = (raw: RawEvent) => {
    this.pending = raw;
  };

  constructor(
    private readonly inner: EventSource,
    options: ReplayOptions,
  ) {
    if (!(options.speed > 0)) throw new RangeError(`replay speed must be > 0, got ${options.speed}`);
    this.speed = options.speed;
    this.now = options.now ?? (() => performance.now());
    this.clock = inner.clock;
    this.header = inner.header;
    this.description = { ...inner.description, kind: 'replay' };
  }

  pull(sink: EventSink, maxEvents: number): PullResult | Promise<PullResult> {
    if (this.speed === Infinity) return this.inner.pull(sink, maxEvents);
    let n = 0;
    while (n < maxEvents) {
      if (this.pending === undefined) {
        if (this.innerDone) return { state: 'done' };
        const r = this.inner.pull(this.hold, 1);
        if (r instanceof Promise) throw new Error('ReplaySource needs a synchronous inner source');
        if (this.pending === undefined) {
          if (r.state === 'done') this.innerDone = true;
          return n > 0 ? { state: 'more' } : r;
        }
        if (r.state === 'done') this.innerDone = true;
      }
      const event = this.pending as RawEvent;
      const now = this.now();
      if (Number.isNaN(this.anchorTicks)) {
        this.anchorTicks = event.ticks;
        this.anchorWall = now;
      }
      const due = this.anchorWall + (event.ticks - this.anchorTicks) / TICKS_PER_MS / this.speed;
      if (due > now)
        return n > 0 ? { state: 'more' } : { state: 'wait', ms: Math.min(MAX_WAIT_MS, due - now) };
      this.pending = undefined;
      sink(event);
      n++;
    }
    return { state: 'more' };
  }

  progress(): SourceProgress {
    return this.inner.progress();
  }

  loss(): SourceLoss {
    return this.inner.loss();
  }

  diagnostics(): readonly SourceDiagnostic[] {
    return this.inner.diagnostics();
  }

  close(): void {
    this.pending = undefined;
    this.inner.close();
  }
}
