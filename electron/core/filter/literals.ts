// Converts literals as written into the values a field compares against: integers (bigint, exact
// to 64 bits), durations and clock times (100-ns ticks relative to the trace start), GUIDs
// (lowercase, braces dropped). Each function returns undefined or a message; the compiler attaches
// the literal's position.

export const TICKS_PER_SECOND = 10_000_000;
const TICKS_PER_HOUR = 3600n * 10_000_000n;
const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
const FILETIME_UNIX_EPOCH = 116444736000000000n;
const UNIT_TICKS = { s: TICKS_PER_SECOND, ms: 10_000, us: 10 } as const;

/** Decimal or 0x-hex integer (optionally negative); undefined for decimals with a fraction. */
export function parseInteger(text: string): bigint | undefined {
  const m = /^(-?)(0x[0-9a-f]+|\d+)$/i.exec(text);
  if (!m) return undefined;
  const magnitude = BigInt(m[2] as string);
  return m[1] === '-' ? -magnitude : magnitude;
}

/** A duration literal (`12.5s`, `250ms`, `10us`) in 100-ns ticks. */
export function durationTicks(text: string, unit: keyof typeof UNIT_TICKS): number {
  return Math.round(Number(text) * UNIT_TICKS[unit]);
}

const GUID_RE = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** "22FB2CD6-..." or "{22fb2cd6-...}" → "22fb2cd6-..." (RawEvent.providerId form); else undefined. */
export function normalizeGuid(text: string): string | undefined {
  const trimmed = text.trim();
  const m = GUID_RE.exec(trimmed);
  if (!m || trimmed.startsWith('{') !== trimmed.endsWith('}')) return undefined;
  return (m[1] as string).toLowerCase();
}

export type TimeLiteral = { ok: true; ticks: number } | { ok: false; message: string };

const TIME_OF_DAY_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const fractionTicks = (digits: string | undefined) => BigInt((digits ?? '').padEnd(7, '0'));

/**
 * A clock time as ticks since the trace start. "HH:MM[:SS[.fffffff]]" is a UTC time of day: the
 * occurrence of it between 1 hour before the trace start and 23 hours after (so a trace that
 * crosses midnight still works). A date ("2019-07-04", "2019-07-04T09:12:33.5Z", "+02:00"
 * offsets; no zone = UTC) is absolute.
 */
export function clockTimeTicks(text: string, startFileTime: bigint): TimeLiteral {
  const tod = TIME_OF_DAY_RE.exec(text);
  if (tod) {
    const [h, m, s] = [Number(tod[1]), Number(tod[2]), Number(tod[3] ?? '0')];
    if (h > 23 || m > 59 || s > 59)
      return { ok: false, message: `'${text}' is not a time of day (HH:MM:SS.fffffff)` };
    const sinceMidnight = BigInt((h * 3600 + m * 60 + s) * TICKS_PER_SECOND) + fractionTicks(tod[4]);
    let at = startFileTime - (startFileTime % TICKS_PER_DAY) + sinceMidnight;
    while (at < startFileTime - TICKS_PER_HOUR) at += TICKS_PER_DAY;
    while (at >= startFileTime + 23n * TICKS_PER_HOUR) at -= TICKS_PER_DAY;
    return { ok: true, ticks: Number(at - startFileTime) };
  }
  const dt = DATE_TIME_RE.exec(text);
  if (dt) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(dt[i] ?? '0')) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(ms);
    const valid =
      back.getUTCFullYear() === y &&
      back.getUTCMonth() === mo - 1 &&
      back.getUTCDate() === d &&
      h <= 23 &&
      mi <= 59 &&
      s <= 59;
    if (!valid || y < 1601) return { ok: false, message: `'${text}' is not a valid date and time` };
    let fileTime = BigInt(ms) * 10_000n + FILETIME_UNIX_EPOCH + fractionTicks(dt[7]);
    const zone = dt[8];
    if (zone && zone.toUpperCase() !== 'Z') {
      const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone) as RegExpExecArray;
      const minutes = BigInt(Number(zm[2]) * 60 + Number(zm[3]));
      fileTime += (zm[1] === '+' ? -minutes : minutes) * 60n * 10_000_000n;
    }
    return { ok: true, ticks: Number(fileTime - startFileTime) };
  }
  return {
    ok: false,
    message: `'${text}' is not a time: write "HH:MM:SS.fff" (UTC), "2019-07-04T09:12:33Z", or a duration like 12.5s`,
  };
}
