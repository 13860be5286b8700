// A sum over a sliding time window in constant memory: the window is cut into BUCKETS equal slices and
// the sum covers the slices that overlap (now - window, now]. Adding is O(1) amortized; the answer can
// include up to one slice (window / 64) of older data, which errs on the side of reporting. Used for
// "bytes sent by one process to one endpoint within 24 h".

const BUCKETS = 64;

/** Ring position of an absolute slice index (ticks may be negative: events before the trace start). */
function slot(slice: number): number {
  return ((slice % BUCKETS) + BUCKETS) % BUCKETS;
}

export class SlidingSum {
  private readonly sums = new Float64Array(BUCKETS);
  /** Absolute index of the newest slice (ticks / sliceTicks), or -1 before the first add. */
  private newest = -1;
  private total = 0;
  private readonly sliceTicks: number;

  constructor(windowTicks: number) {
    this.sliceTicks = Math.max(1, windowTicks / BUCKETS);
  }

  /** Adds `value` at time `ticks` and returns the window's sum. Times earlier than the newest slice count in it. */
  add(ticks: number, value: number): number {
    const slice = Math.floor(ticks / this.sliceTicks);
    if (slice > this.newest) this.advance(slice);
    const i = slot(this.newest);
    this.sums[i] = (this.sums[i] as number) + value;
    this.total += value;
    return this.total;
  }

  /** The window's sum as of `ticks` (expires old slices). */
  sumAt(ticks: number): number {
    const slice = Math.floor(ticks / this.sliceTicks);
    if (slice > this.newest) this.advance(slice);
    return this.total;
  }

  private advance(slice: number): void {
    if (this.newest < 0 || slice - this.newest >= BUCKETS) {
      this.sums.fill(0);
      this.total = 0;
    } else {
      for (let s = this.newest + 1; s <= slice; s++) {
        const i = slot(s);
        this.total -= this.sums[i] as number;
        this.sums[i] = 0;
      }
    }
    this.newest = slice;
  }
}
