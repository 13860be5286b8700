// Exact raw-timestamp → tick conversion (etw-formats §3.1): floor((raw − t0) × 10^7 / F) for QPC,
// system-time and CPU-cycle clocks, checked against bigint arithmetic, including frequencies whose
// products pass 2^53 and deltas before t0.
import { describe, expect, it } from 'vitest';
import { clockFrequency, TickConverter } from '../../../electron/core/etl/clock';

function exact(raw: bigint, t0: bigint, f: bigint): number {
  const num = (raw - t0) * 10_000_000n;
  let q = num / f;
  if (num < 0n && q * f !== num) q -= 1n;
  return Number(q);
}

const T0 = 0x0000_1234_5678_9abcn;

describe('TickConverter', () => {
  for (const f of [10_000_000, 3_579_545, 2_337_949, 1_818_300, 14_318_180, 2_500_000_000, 3_600_000_000]) {
    it(`matches bigint arithmetic at ${f} Hz`, () => {
      const c = new TickConverter({
        startFileTime: 132_000_000_000_000_000n,
        clockType: 1,
        frequency: f,
        t0: T0,
      });
      const deltas = [
        0n,
        1n,
        7n,
        BigInt(f) - 1n,
        BigInt(f),
        BigInt(f) + 1n,
        123_456_789_012n,
        86_400n * BigInt(f) + 12_345n,
        -1n,
        -BigInt(f) - 3n,
        1n << 40n,
        (1n << 52n) + 5n,
      ];
      for (const d of deltas) expect(c.fromRaw(T0 + d)).toBe(exact(T0 + d, T0, BigInt(f)));
    });
  }
  it('handles raw values far from t0 (beyond 2^53 apart) through bigint', () => {
    const c = new TickConverter({ startFileTime: 0n, clockType: 1, frequency: 10_000_000, t0: 5n });
    expect(c.fromRaw(5n + (1n << 60n))).toBe(Number(1n << 60n));
  });
  it('gives the absolute FILETIME from ticks', () => {
    const c = new TickConverter({
      startFileTime: 132_000_000_000_000_000n,
      clockType: 2,
      frequency: 10_000_000,
      t0: T0,
    });
    expect(c.absoluteFileTime(c.fromRaw(T0 + 12_345n))).toBe(132_000_000_000_012_345n);
  });
});

describe('clockFrequency', () => {
  it('follows ReservedFlags', () => {
    expect(clockFrequency(1, 2_337_949, 3000)).toBe(2_337_949);
    expect(clockFrequency(2, 0, 3000)).toBe(10_000_000);
    expect(clockFrequency(3, 0, 3000)).toBe(3_000_000_000);
    expect(clockFrequency(1, 0, 3000)).toBeUndefined();
    expect(clockFrequency(3, 0, 0)).toBeUndefined();
  });
});
