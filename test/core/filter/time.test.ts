// Time literals: UTC time of day (resolved around the trace start, across midnight), absolute
// ISO dates with zones, and durations from the trace start; exact to the 100-ns tick.
import { describe, expect, it } from 'vitest';
import { isoToFileTime } from '../../../electron/common/time';
import { compileFilter } from '../../../electron/core/filter/index';
import { clockTimeTicks } from '../../../electron/core/filter/literals';
import { matches, subject } from './subjects';

const SECOND = 10_000_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const fileTime = (iso: string) => isoToFileTime(iso) as bigint;

describe('clock times', () => {
  const start = fileTime('2019-07-04T12:00:00.0000000Z');
  const env = { startFileTime: start };
  const at = (ticks: number) => subject({ ticks });

  it('reads HH:MM, HH:MM:SS and up to 7 fractional digits as ticks from the start', () => {
    expect(clockTimeTicks('12:04', start)).toEqual({ ok: true, ticks: 4 * MINUTE });
    expect(clockTimeTicks('12:04:31', start)).toEqual({ ok: true, ticks: 4 * MINUTE + 31 * SECOND });
    expect(clockTimeTicks('12:04:31.5', start)).toEqual({ ok: true, ticks: 4 * MINUTE + 31.5 * SECOND });
    expect(clockTimeTicks('12:04:31.1234567', start)).toEqual({
      ok: true,
      ticks: 4 * MINUTE + 31 * SECOND + 1234567,
    });
  });
  it('compares at tick precision with every operator', () => {
    const t = 4 * MINUTE + 31 * SECOND + 1234567;
    expect(matches('time == "12:04:31.1234567"', at(t), env)).toBe(true);
    expect(matches('time != "12:04:31.1234567"', at(t), env)).toBe(false);
    expect(matches('time > "12:04:31.1234566"', at(t), env)).toBe(true);
    expect(matches('time >= "12:04:31.1234567"', at(t), env)).toBe(true);
    expect(matches('time < "12:04:31.1234568"', at(t), env)).toBe(true);
    expect(matches('time <= "12:04:31.1234566"', at(t), env)).toBe(false);
    expect(matches('time in ("12:00", "12:04:31.1234567")', at(t), env)).toBe(true);
  });
  it('puts a time shortly before the start on the start day, and wraps past midnight', () => {
    expect(clockTimeTicks('11:30', start)).toEqual({ ok: true, ticks: -30 * MINUTE });
    const lateStart = fileTime('2019-07-04T23:50:00Z');
    expect(clockTimeTicks('00:05', lateStart)).toEqual({ ok: true, ticks: 15 * MINUTE });
    expect(clockTimeTicks('23:45', lateStart)).toEqual({ ok: true, ticks: -5 * MINUTE });
    const earlyStart = fileTime('2019-07-04T00:10:00Z');
    expect(clockTimeTicks('23:30', earlyStart)).toEqual({ ok: true, ticks: -40 * MINUTE });
    expect(clockTimeTicks('23:00', earlyStart)).toEqual({ ok: true, ticks: 22 * HOUR + 50 * MINUTE });
  });
  it('reads absolute ISO times, with Z, without a zone (UTC) and with offsets', () => {
    expect(clockTimeTicks('2019-07-04T12:00:01Z', start)).toEqual({ ok: true, ticks: SECOND });
    expect(clockTimeTicks('2019-07-04T12:00:01.0000001Z', start)).toEqual({ ok: true, ticks: SECOND + 1 });
    expect(clockTimeTicks('2019-07-04 12:00:01', start)).toEqual({ ok: true, ticks: SECOND });
    expect(clockTimeTicks('2019-07-04T14:00:00+02:00', start)).toEqual({ ok: true, ticks: 0 });
    expect(clockTimeTicks('2019-07-04T07:00:00-0500', start)).toEqual({ ok: true, ticks: 0 });
    expect(clockTimeTicks('2019-07-05', start)).toEqual({ ok: true, ticks: 12 * HOUR });
    expect(clockTimeTicks('2019-07-03T12:00:00Z', start)).toEqual({ ok: true, ticks: -24 * HOUR });
    expect(matches('time >= "2019-07-04T12:00:01Z"', at(SECOND), env)).toBe(true);
  });
  it('refuses impossible times and dates', () => {
    expect(clockTimeTicks('24:00', start).ok).toBe(false);
    expect(clockTimeTicks('12:60', start).ok).toBe(false);
    expect(clockTimeTicks('2019-02-29T00:00:00Z', start).ok).toBe(false);
    expect(clockTimeTicks('2019-13-01', start).ok).toBe(false);
    expect(clockTimeTicks('yesterday', start).ok).toBe(false);
  });
});

describe('durations from the trace start', () => {
  it('reads s, ms and us and needs no start time', () => {
    expect(matches('time > 12.5s', subject({ ticks: 12.5 * SECOND + 1 }))).toBe(true);
    expect(matches('time > 12.5s', subject({ ticks: 12.5 * SECOND }))).toBe(false);
    expect(matches('time >= 250ms and time < 251ms', subject({ ticks: 2_500_000 }))).toBe(true);
    expect(matches('time == 10us', subject({ ticks: 100 }))).toBe(true);
    expect(matches('time < 0.1s', subject({ ticks: 999_999 }))).toBe(true);
    expect(matches('time < 0.1s', subject({ ticks: 1_000_000 }))).toBe(false);
  });
  it('needs the start time for clock times', () => {
    const r = compileFilter('time > "12:00"');
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.offset, r.error.length]).toEqual([7, 7]);
  });
});
