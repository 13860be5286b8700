// Bytes over time for every process+endpoint pair of a capture: the data behind the Network tab's
// chart. All series share one time grid — an origin (the first network event) and a bucket width —
// so the endpoints of a process line up on one chart. The grid starts fine (1 ms) and doubles its
// bucket width whenever an event falls past MAX_BUCKETS, merging neighbouring buckets of every series,
// so memory stays bounded however long a live session runs (≤ 2 × MAX_BUCKETS numbers per series)
// and the resolution is always the best that fits. Series are kept for the first MAX_SERIES pairs of
// the capture; later pairs have none (their totals are still exact in the summary).

export const MAX_BUCKETS = 256;
export const MAX_SERIES = 4096;
const INITIAL_BUCKET_TICKS = 10_000; // 1 ms

interface Series {
  /** Bucket index of sent[0] / received[0]. */
  first: number;
  sent: number[];
  received: number[];
}

export interface SeriesSnapshot {
  fromTicks: number;
  bucketTicks: number;
  sent: number[];
  received: number[];
}

export class EndpointSeries<K extends object> {
  private origin = NaN;
  private width = INITIAL_BUCKET_TICKS;
  private readonly series = new Map<K, Series>();
  /** Pairs that got no series because MAX_SERIES was reached. */
  dropped = 0;

  /** Adds `sent` and `received` bytes at `ticks` to the series of `key`. */
  add(key: K, ticks: number, sent: number, received: number): void {
    let s = this.series.get(key);
    if (s === undefined) {
      if (this.series.size >= MAX_SERIES) {
        this.dropped++;
        return;
      }
      s = { first: 0, sent: [], received: [] };
      this.series.set(key, s);
    }
    if (Number.isNaN(this.origin)) this.origin = ticks;
    let index = this.indexOf(ticks);
    while (index >= MAX_BUCKETS) {
      this.coarsen();
      index = this.indexOf(ticks);
    }
    if (s.sent.length === 0) s.first = index;
    else if (index < s.first) {
      const pad = new Array<number>(s.first - index).fill(0);
      s.sent.unshift(...pad);
      s.received.unshift(...pad);
      s.first = index;
    }
    const at = index - s.first;
    while (s.sent.length <= at) {
      s.sent.push(0);
      s.received.push(0);
    }
    s.sent[at] = (s.sent[at] as number) + sent;
    s.received[at] = (s.received[at] as number) + received;
  }

  /**
   * The series of `key` on the shared grid, from the grid origin to `toTicks` (so every endpoint of
   * one chart has the same x values); null when the pair has none.
   */
  snapshot(key: K, toTicks: number): SeriesSnapshot | null {
    const s = this.series.get(key);
    if (s === undefined || Number.isNaN(this.origin)) return null;
    const length = Math.min(MAX_BUCKETS, Math.max(s.first + s.sent.length, this.indexOf(toTicks) + 1));
    const sent = new Array<number>(length).fill(0);
    const received = new Array<number>(length).fill(0);
    for (let i = 0; i < s.sent.length && s.first + i < length; i++) {
      sent[s.first + i] = s.sent[i] as number;
      received[s.first + i] = s.received[i] as number;
    }
    return { fromTicks: this.origin, bucketTicks: this.width, sent, received };
  }

  private indexOf(ticks: number): number {
    return Math.max(0, Math.floor((ticks - this.origin) / this.width));
  }

  /** Doubles the bucket width: bucket i of every series moves into bucket ⌊i/2⌋. */
  private coarsen(): void {
    this.width *= 2;
    for (const s of this.series.values()) {
      if (s.sent.length === 0) continue;
      const first = Math.floor(s.first / 2);
      const last = Math.floor((s.first + s.sent.length - 1) / 2);
      const sent = new Array<number>(last - first + 1).fill(0);
      const received = new Array<number>(last - first + 1).fill(0);
      for (let i = 0; i < s.sent.length; i++) {
        const to = Math.floor((s.first + i) / 2) - first;
        sent[to] = (sent[to] as number) + (s.sent[i] as number);
        received[to] = (received[to] as number) + (s.received[i] as number);
      }
      s.first = first;
      s.sent = sent;
      s.received = received;
    }
  }
}
