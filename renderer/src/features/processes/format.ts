// Formatting for the Processes view: trace times (UTC clock time from the ISO text the services send,
// or seconds since the trace start), durations, rates, and severity order and labels.
import type { AlertSeverity } from '@common/ipc/messages';

const TICKS_PER_SECOND = 1e7;

/** "09:05:24.514" from an ISO 8601 time (UTC), or seconds since the start when there is none. */
export function clockTime(iso: string | null, ticks: number | null): string {
  if (iso) return iso.slice(11, 23);
  if (ticks === null) return '';
  return `+${seconds(ticks)}`;
}

/** "2024-03-12 09:05:24.5149434" (full precision) for tooltips. */
export function fullTime(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace('Z', '') : '';
}

/** Seconds since the trace start as "12.345 s". */
export function seconds(ticks: number): string {
  const s = ticks / TICKS_PER_SECOND;
  return `${s.toFixed(s < 10 ? 3 : s < 1000 ? 2 : 0)} s`;
}

/** A duration in seconds as "850 ms", "12.4 s", "3 min 20 s", "2 h 05 min". */
export function duration(s: number): string {
  if (!Number.isFinite(s)) return '';
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export const SEVERITY_RANK: Record<AlertSeverity, number> = {
  info: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

export function severityRank(s: AlertSeverity | ''): number {
  return s === '' ? -1 : SEVERITY_RANK[s];
}

/** Percent with no decimals ("15 %"). */
export const percent = (x: number): string => `${Math.round(x * 100)} %`;

/** "09:05:24.514" (UTC) of trace ticks, given the trace start (ISO); "+12.345 s" without it. */
export function ticksClock(startTime: string | null, ticks: number): string {
  const start = startTime ? Date.parse(startTime) : NaN;
  if (!Number.isFinite(start)) return `+${seconds(ticks)}`;
  return new Date(start + ticks / 1e4).toISOString().slice(11, 23);
}
