// BatchQueue: the bounded hand-over between the session manager (which fans each parsed batch out to
// the views of a session as it arrives) and one view's pipeline (LiveSource, which pulls batches when
// its ingest loop is ready). It is the manager's own back-pressure point: when a view falls more than
// `limit` batches behind, new batches for it are dropped and their events counted — never silently.
// `end()` finishes the stream after what is queued; the end marker (with the final loss counters) is
// never dropped. When the reader lets go (its pipeline closed), `onClose` tells the manager.

import type { LiveBatch } from '../pipeline/sources/live-source';

export class BatchQueue implements AsyncIterable<LiveBatch> {
  private readonly items: LiveBatch[] = [];
  private waiter: ((step: IteratorResult<LiveBatch>) => void) | undefined;
  private ended = false;
  private closed = false;
  /** Events dropped because the view was too far behind. */
  droppedEvents = 0;
  droppedBatches = 0;
  deliveredEvents = 0;
  highWater = 0;

  /** Told once when the reader lets go (iterator return / close): the manager then ends the view. */
  onClose: (() => void) | undefined;

  constructor(readonly limit: number) {}

  get depth(): number {
    return this.items.length;
  }

  get finished(): boolean {
    return this.closed || (this.ended && this.items.length === 0);
  }

  /** Queues a batch; false when it was dropped (queue full) or the stream is over. */
  push(batch: LiveBatch, options: { force?: boolean } = {}): boolean {
    if (this.ended || this.closed) return false;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      this.deliveredEvents += batch.events.length;
      resolve({ done: false, value: batch });
      return true;
    }
    if (!options.force && this.items.length >= this.limit) {
      this.droppedEvents += batch.events.length;
      this.droppedBatches++;
      return false;
    }
    this.items.push(batch);
    this.highWater = Math.max(this.highWater, this.items.length);
    return true;
  }

  /** No more batches after the queued ones (and `final`, always queued). */
  end(final?: LiveBatch): void {
    if (this.ended || this.closed) return;
    if (final) this.push(final, { force: true });
    this.ended = true;
    if (this.items.length === 0 && this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve({ done: true, value: undefined });
    }
  }

  /** The reader is gone: drop everything, end the stream. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.items.length = 0;
    const resolve = this.waiter;
    this.waiter = undefined;
    resolve?.({ done: true, value: undefined });
    const onClose = this.onClose;
    this.onClose = undefined;
    onClose?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<LiveBatch> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item) {
          this.deliveredEvents += item.events.length;
          return Promise.resolve({ done: false, value: item });
        }
        if (this.ended || this.closed) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => {
          this.waiter = resolve;
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }
}
