// Beaconing: does a process contact one endpoint at regular intervals? Each process+endpoint keeps the
// times of its "contacts" — outbound activity (a connect or a send) that follows at least `gap` of
// outbound silence, so one HTTP exchange of several sends is one contact — in a ring of the last 128.
//
// Score (0..1), computed from the intervals between consecutive contacts:
//   m       = median interval
//   MAD     = median(|interval - m|)                    (median absolute deviation: robust to a
//                                                        missed beat or one long pause)
//   jitter  = 1.4826 * MAD / m                          (robust coefficient of variation: for normally
//                                                        distributed intervals it equals stddev / mean)
//   score   = clamp(1 - jitter, 0, 1)
// A timer with ±20 % uniform jitter has MAD = 10 % of the period, jitter ≈ 0.15, score ≈ 0.85. Random
// (Poisson) traffic has exponential intervals: median = μ·ln 2, MAD ≈ 0.48·μ, jitter ≈ 1.03, score ≈ 0.
// Fewer than 3 intervals give no score (null); rules also ask for a minimum contact count.

/** Contacts whose times are kept per process+endpoint (older ones still count, not in the statistics). */
export const BEACON_RING = 128;
/** Sequence numbers of the most recent contacts kept as alert evidence. */
export const BEACON_EVIDENCE = 16;
const MAD_TO_SIGMA = 1.4826;
const TICKS_PER_SECOND = 1e7;

export interface BeaconStats {
  contacts: number;
  medianIntervalSeconds: number;
  /** Robust relative dispersion of the intervals (1.4826·MAD / median). */
  jitter: number;
  score: number;
}

function median(sorted: Float64Array | number[], length: number): number {
  const mid = length >> 1;
  return length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median, jitter and score of a list of intervals (any unit); null when fewer than 3. */
export function beaconScore(
  intervals: readonly number[],
): { median: number; jitter: number; score: number } | null {
  const n = intervals.length;
  if (n < 3) return null;
  const sorted = Float64Array.from(intervals).sort();
  const m = median(sorted, n);
  if (!(m > 0)) return { median: m, jitter: Infinity, score: 0 };
  const deviations = sorted.map((v) => Math.abs(v - m)).sort();
  const jitter = (MAD_TO_SIGMA * median(deviations, n)) / m;
  return { median: m, jitter, score: Math.min(1, Math.max(0, 1 - jitter)) };
}

export class BeaconTracker {
  contacts = 0;
  private lastOutbound = -Infinity;
  private readonly times = new Float64Array(BEACON_RING);
  private readonly seqs = new Float64Array(BEACON_EVIDENCE);

  /** Records outbound activity; true when it starts a new contact. */
  onOutbound(ticks: number, seq: number, gapTicks: number): boolean {
    const quiet = ticks - this.lastOutbound;
    if (ticks > this.lastOutbound) this.lastOutbound = ticks;
    if (quiet < gapTicks) return false;
    this.times[this.contacts % BEACON_RING] = ticks;
    this.seqs[this.contacts % BEACON_EVIDENCE] = seq;
    this.contacts++;
    return true;
  }

  /** Intervals between the kept contacts, oldest first (ticks). */
  intervals(): number[] {
    const kept = Math.min(this.contacts, BEACON_RING);
    const first = this.contacts - kept;
    const out: number[] = [];
    for (let i = first + 1; i < this.contacts; i++) {
      out.push((this.times[i % BEACON_RING] as number) - (this.times[(i - 1) % BEACON_RING] as number));
    }
    return out;
  }

  stats(): BeaconStats | null {
    const s = beaconScore(this.intervals());
    if (s === null) return null;
    return {
      contacts: this.contacts,
      medianIntervalSeconds: s.median / TICKS_PER_SECOND,
      jitter: s.jitter,
      score: s.score,
    };
  }

  /** Sequence numbers of the most recent contacts, oldest first. */
  evidence(): number[] {
    const kept = Math.min(this.contacts, BEACON_EVIDENCE);
    const out: number[] = [];
    for (let i = this.contacts - kept; i < this.contacts; i++)
      out.push(this.seqs[i % BEACON_EVIDENCE] as number);
    return out;
  }
}
