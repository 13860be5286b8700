// Exact time: FILETIME values (100-ns ticks since 1601-01-01 UTC) are bigint. Conversion to text
// happens here, once, with 7 fractional digits (ISO 8601 UTC).

/** 100-ns ticks between 1601-01-01 and 1970-01-01. */
export const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** ISO 8601 UTC with 7 fractional digits: 2019-07-04T09:12:33.1234567Z. */
export function fileTimeToIso(fileTime: bigint): string {
  const sinceUnix = fileTime - FILETIME_UNIX_EPOCH;
  let frac = sinceUnix % 10000000n;
  if (frac < 0n) frac += 10000000n;
  // Date handles the calendar from whole seconds; the exact 7-digit fraction is appended.
  const seconds = (sinceUnix - frac) / 10000000n;
  const iso = new Date(Number(seconds * 1000n)).toISOString(); // yyyy-mm-ddThh:mm:ss.000Z
  return `${iso.slice(0, 19)}.${frac.toString().padStart(7, '0')}Z`;
}

/** Parses an ISO 8601 UTC time with up to 7 fractional digits back to FILETIME. */
export function isoToFileTime(iso: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?Z$/.exec(iso);
  if (!m) return undefined;
  const secs = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(secs)) return undefined;
  const frac = BigInt((m[2] ?? '').padEnd(7, '0'));
  return BigInt(secs) * 10000n + frac + FILETIME_UNIX_EPOCH;
}
