// ReplayConsumer: the replay backend's NativeConsumer. It does what the addon's consumer thread does
// (native/README.md "Batching and back-pressure"), on the JS thread: every event its session receives
// is written into the current batch (BatchWriter, the native layout); a batch is handed over when it
// is full or when the session's flush timer has run out; at most `maxQueuedBatches` batches wait for
// delivery and beyond that the NEW batch is dropped whole — its records counted in the next
// delivered batch's `dropped` field and in stats(), and its sequence number skipped, exactly as the
// native writer does. The LAST batch is always queued.
//
// Delivery: queued batches are handed to `onBatch` from a deferred task, never from inside `offer`,
// like the addon's ThreadSafeFunction calls. If `onBatch` returns a promise, the JS side counts as busy
// until it settles and nothing else is delivered meanwhile — the way a slow consumer (or a busy JS
// thread) makes the native queue fill up. A callback that throws is counted in `callbackErrors`
// and delivery goes on.

import type { RawEvent, TraceClock } from '../events/raw-event';
import type { ConsumerClock, ConsumerOptions, ConsumerStats, NativeConsumer } from './addon';
import { BatchWriter, batchClockOf } from './batch-writer';
import { backendError } from './session-backend';

/** Wall clock and deferral for the replay machinery (tests pass a manual one). */
export interface ReplayScheduler {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Runs `task` after `ms` milliseconds (0 = as soon as the event loop allows). */
  defer(task: () => void, ms: number): void;
}

export const realScheduler: ReplayScheduler = {
  now: () => performance.now(),
  defer: (task, ms) => void setTimeout(task, ms),
};

export const CONSUMER_LIMITS = {
  batchBytes: { min: 64 * 1024, max: 16 * 1024 * 1024, default: 1024 * 1024 },
  maxQueuedBatches: { min: 1, max: 4096, default: 64 },
} as const;

export interface ReplayConsumerStats extends ConsumerStats {
  /** onBatch calls that threw. */
  callbackErrors: number;
}

export class ReplayConsumer implements NativeConsumer {
  readonly clock: ConsumerClock;
  private readonly writer: BatchWriter;
  private readonly onBatch: ConsumerOptions['onBatch'];
  private readonly maxQueued: number;
  private readonly queue: Uint8Array[] = [];
  private sequence = 0;
  private droppedSinceDelivered = 0;
  private lastFlush: number;
  private delivering = false;
  private drainScheduled = false;
  private ended = false;
  private lastDelivered = false;
  private readonly counts = {
    eventsSeen: 0,
    eventsDropped: 0,
    batchesDropped: 0,
    batchesDelivered: 0,
    bytesDelivered: 0,
    callbackErrors: 0,
  };

  /** Throws BAD_ARGUMENT for sizes outside the addon's limits. */
  constructor(
    options: ConsumerOptions,
    sourceClock: TraceClock,
    private readonly flushMs: number,
    private readonly scheduler: ReplayScheduler,
    private readonly onStop: (consumer: ReplayConsumer) => void,
  ) {
    const batchBytes = options.batchBytes ?? CONSUMER_LIMITS.batchBytes.default;
    const maxQueued = options.maxQueuedBatches ?? CONSUMER_LIMITS.maxQueuedBatches.default;
    const { batchBytes: b, maxQueuedBatches: q } = CONSUMER_LIMITS;
    if (!Number.isInteger(batchBytes) || batchBytes < b.min || batchBytes > b.max)
      throw backendError(
        'BAD_ARGUMENT',
        `batchBytes must be ${b.min}..${b.max}, got ${batchBytes}`,
        'Consumer arguments',
      );
    if (!Number.isInteger(maxQueued) || maxQueued < q.min || maxQueued > q.max)
      throw backendError(
        'BAD_ARGUMENT',
        `maxQueuedBatches must be ${q.min}..${q.max}, got ${maxQueued}`,
        'Consumer arguments',
      );
    if (typeof options.onBatch !== 'function')
      throw backendError('BAD_ARGUMENT', 'onBatch must be a function', 'Consumer arguments');
    this.onBatch = options.onBatch;
    this.maxQueued = maxQueued;
    this.writer = new BatchWriter(sourceClock, batchBytes);
    const c = batchClockOf(sourceClock);
    this.clock = {
      clockType: c.clockType,
      frequency: BigInt(c.frequency),
      t0: c.t0,
      startFileTime: c.startFileTime,
    };
    this.lastFlush = scheduler.now();
  }

  get running(): boolean {
    return !this.ended;
  }

  /** One event the session received (the payload is copied before this returns). */
  offer(raw: RawEvent): void {
    if (this.ended) return;
    this.counts.eventsSeen++;
    if (!this.writer.add(raw)) {
      this.complete(false);
      this.writer.add(raw);
    }
  }

  /** After each production step: hands over the current batch when the flush timer ran out. */
  tick(now: number): void {
    if (this.ended) return;
    if (this.writer.records > 0 && now - this.lastFlush >= this.flushMs) this.complete(false);
    this.scheduleDrain();
  }

  /** flushSession: hand over what is buffered now. */
  flush(): void {
    if (this.ended || this.writer.records === 0) return;
    this.complete(false);
    this.scheduleDrain();
  }

  /** ProcessTrace returned (session stopped, capture over, or consumer closed): the LAST batch. */
  end(endStatus: number): void {
    if (this.ended) return;
    this.complete(true, endStatus);
    this.ended = true;
    this.scheduleDrain();
  }

  stop(): ConsumerStats {
    if (!this.ended) {
      this.end(0);
      this.onStop(this);
    }
    return this.stats();
  }

  stats(): ReplayConsumerStats {
    return {
      running: !this.lastDelivered,
      ...this.counts,
      batchesQueued: this.queue.length,
      endStatus: 0,
    };
  }

  private complete(last: boolean, endStatus = 0): void {
    this.lastFlush = this.scheduler.now();
    const sequence = this.sequence++;
    if (!last && this.queue.length >= this.maxQueued) {
      const lost = this.writer.discard();
      this.droppedSinceDelivered += lost;
      this.counts.eventsDropped += lost;
      this.counts.batchesDropped++;
      return;
    }
    const bytes = this.writer.finish({ sequence, dropped: this.droppedSinceDelivered, last, endStatus });
    this.droppedSinceDelivered = 0;
    this.queue.push(bytes);
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.delivering || this.queue.length === 0) return;
    this.drainScheduled = true;
    this.scheduler.defer(() => {
      this.drainScheduled = false;
      this.drain();
    }, 0);
  }

  private drain(): void {
    while (!this.delivering && this.queue.length > 0) {
      const bytes = this.queue.shift() as Uint8Array;
      this.counts.batchesDelivered++;
      this.counts.bytesDelivered += bytes.length;
      if (this.queue.length === 0 && this.ended) this.lastDelivered = true;
      let result: unknown;
      try {
        result = this.onBatch(bytes);
      } catch {
        this.counts.callbackErrors++;
        continue;
      }
      if (isThenable(result)) {
        this.delivering = true;
        const resume = () => {
          this.delivering = false;
          this.scheduleDrain();
        };
        result.then(resume, () => {
          this.counts.callbackErrors++;
          resume();
        });
      }
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
