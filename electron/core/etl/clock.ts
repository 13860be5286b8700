// Exact conversion of raw record timestamps to 100-ns ticks since the trace start (etw-formats §3.1):
// ticks = floor((raw − t0) × 10^7 / F), computed as quotient and remainder so no step rounds. Doubles
// are used while every intermediate is an integer below 2^53; bigint only beyond (CPU-cycle clocks
// above ~900 MHz, or time spans over 2^53 raw units).
import type { TraceClock } from '../events/raw-event';

const TICKS_PER_SECOND = 10_000_000;
const TWO_POW_32 = 0x100000000;
/** |hi difference| below this keeps (hi·2^32 + lo) differences exact as doubles. */
const EXACT_HI_SPAN = 0x200000;

export const ClockType = { Raw: 0, Qpc: 1, SystemTime: 2, CpuCycles: 3 } as const;

/**
 * Ticks per second of the raw clock, per TRACE_LOGFILE_HEADER.ReservedFlags. Returns undefined when
 * the header gives no usable frequency (the reader then falls back to 10 MHz and says so).
 */
export function clockFrequency(clockType: number, perfFreq: number, cpuSpeedMHz: number): number | undefined {
  if (clockType === ClockType.SystemTime) return TICKS_PER_SECOND;
  if (clockType === ClockType.CpuCycles) return cpuSpeedMHz > 0 ? cpuSpeedMHz * 1_000_000 : undefined;
  return perfFreq > 0 && Number.isSafeInteger(perfFreq) ? perfFreq : undefined;
}

/** Converts raw timestamps of one trace to ticks; made once per reader from its TraceClock. */
export class TickConverter {
  private readonly freq: number;
  private readonly freqBig: bigint;
  private readonly t0Lo: number;
  private readonly t0Hi: number;
  /** freq × 10^7 stays below 2^53, so the remainder step is exact in doubles. */
  private readonly remainderExact: boolean;
  private readonly identity: boolean;

  constructor(readonly clock: TraceClock) {
    this.freq = clock.frequency;
    this.freqBig = BigInt(clock.frequency);
    this.t0Lo = Number(clock.t0 & 0xffffffffn);
    this.t0Hi = Number((clock.t0 >> 32n) & 0xffffffffn);
    this.remainderExact = clock.frequency * TICKS_PER_SECOND <= Number.MAX_SAFE_INTEGER;
    this.identity = clock.frequency === TICKS_PER_SECOND;
  }

  /** Ticks for a raw u64 timestamp given as its low and high u32 halves (the hot path). */
  fromParts(lo: number, hi: number): number {
    const dHi = hi - this.t0Hi;
    if (dHi < EXACT_HI_SPAN && dHi > -EXACT_HI_SPAN) {
      const d = dHi * TWO_POW_32 + (lo - this.t0Lo);
      return this.identity ? d : this.fromDelta(d);
    }
    return this.fromBigDelta(((BigInt(hi) << 32n) | BigInt(lo)) - this.clock.t0);
  }

  fromRaw(raw: bigint): number {
    return this.fromParts(Number(raw & 0xffffffffn), Number((raw >> 32n) & 0xffffffffn));
  }

  /** UTC FILETIME of a tick count. */
  absoluteFileTime(ticks: number): bigint {
    return this.clock.startFileTime + BigInt(ticks);
  }

  /** floor(d × 10^7 / F) for an exact integer d (|d| < 2^53). */
  private fromDelta(d: number): number {
    const f = this.freq;
    if (!this.remainderExact) return this.fromBigDelta(BigInt(d));
    let q = Math.floor(d / f);
    let r = d - q * f;
    // The division may round across an integer; step q so that 0 <= r < f.
    if (r < 0) {
      q -= 1;
      r += f;
    } else if (r >= f) {
      q += 1;
      r -= f;
    }
    const scaled = r * TICKS_PER_SECOND; // < f × 10^7 <= 2^53: exact
    let t = Math.floor(scaled / f);
    if (t * f > scaled) t -= 1;
    else if ((t + 1) * f <= scaled) t += 1;
    return q * TICKS_PER_SECOND + t;
  }

  private fromBigDelta(d: bigint): number {
    const num = d * BigInt(TICKS_PER_SECOND);
    let q = num / this.freqBig; // truncates toward zero
    if (num < 0n && q * this.freqBig !== num) q -= 1n; // floor
    return Number(q);
  }
}
