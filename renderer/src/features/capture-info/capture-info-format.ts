// Text for the "About this capture" dialog: trace times (ISO 8601 UTC with 100 ns digits) as they
// read in a table, the span between two of them, and a reading diagnostic as one line.
import type { CaptureSummary } from '@common/ipc/messages';
import { isoToFileTime } from '@common/time';

/** Diagnostics listed in full; the rest are counted. */
export const DIAGNOSTICS_SHOWN = 200;

/** "2016-03-09 22:41:13.1234567 UTC" (the ISO text when it is not one). */
export function formatTraceTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** The time from `start` to `end` ("2 h 03 min 04.500 s", "12.345678 s"), undefined when unknown. */
export function formatSpan(start: string | undefined, end: string | undefined): string | undefined {
  if (start === undefined || end === undefined) return undefined;
  const from = isoToFileTime(start);
  const to = isoToFileTime(end);
  if (from === undefined || to === undefined || to < from) return undefined;
  const ticks = to - from; // 100 ns
  const totalSeconds = ticks / 10_000_000n;
  const fraction = (ticks % 10_000_000n).toString().padStart(7, '0');
  const hours = totalSeconds / 3600n;
  const minutes = (totalSeconds % 3600n) / 60n;
  const seconds = totalSeconds % 60n;
  if (hours > 0n) return `${hours} h ${pad2(minutes)} min ${pad2(seconds)}.${fraction.slice(0, 3)} s`;
  if (minutes > 0n) return `${minutes} min ${pad2(seconds)}.${fraction.slice(0, 3)} s`;
  return `${seconds}.${fraction.slice(0, 6)} s`;
}

const pad2 = (n: bigint): string => n.toString().padStart(2, '0');

/** "offset 0x1A000 BAD_BUFFER buffer size 0 is smaller than its header" (no offset when unknown). */
export function formatDiagnostic(d: CaptureSummary['diagnostics'][number]): string {
  const where = d.offset === undefined ? '' : `offset 0x${d.offset.toString(16).toUpperCase()} `;
  return `${where}${d.code} ${d.message}`;
}
