// From the new-session form to a `sessions.start` request, with the live validation the form shows:
// lists typed as text ("1, 2, 10-12", "a.exe; b.exe") parsed with errors that say which item is wrong,
// and ETW's kernel-side filter limits (common/ipc/session-options checkKernelFilters) telling which
// filter cannot be pushed down and why.
import type { SessionProviderRequest } from '@common/ipc/session-messages';
import { checkKernelFilters, type FilterCheck } from '@common/ipc/session-options';
import type { SessionDraftProvider } from '../../stores/session-draft-store';
import type { ProviderExtras } from './sessions-store';

export interface ParsedList<T> {
  values: T[];
  error?: string;
}

const MAX_RANGE = 4096;

/** "1, 2, 10-12" → [1, 2, 10, 11, 12] within [0, max]. */
export function parseNumberList(text: string, max: number, what: string): ParsedList<number> {
  const values: number[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const item = raw.trim();
    if (!item) continue;
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(item);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (to < from || to > max || to - from > MAX_RANGE)
        return { values, error: `${what}: '${item}' is not a range within 0..${max}` };
      for (let n = from; n <= to; n++) values.push(n);
      continue;
    }
    if (!/^(0x[0-9a-f]+|\d+)$/i.test(item)) return { values, error: `${what}: '${item}' is not a number` };
    const n = Number(item);
    if (n > max) return { values, error: `${what}: ${item} is above ${max}` };
    values.push(n);
  }
  return { values: [...new Set(values)] };
}

export function parseNameList(text: string, separators: RegExp): string[] {
  return [
    ...new Set(
      text
        .split(separators)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

export interface ProviderCheck {
  request: SessionProviderRequest;
  /** Input that cannot be read (the request cannot be sent). */
  errors: string[];
  /** Filters ETW cannot (fully) apply in the kernel. */
  pushDown: FilterCheck[];
}

export function providerRequest(draft: SessionDraftProvider, extras: ProviderExtras): ProviderCheck {
  const errors: string[] = [];
  const ids = parseNumberList(extras.eventIds, 0xffff, 'event IDs');
  const pids = parseNumberList(extras.pids, 0xffffffff, 'process IDs');
  if (ids.error) errors.push(ids.error);
  if (pids.error) errors.push(pids.error);
  const exeNames = parseNameList(extras.exeNames, /[;,\n]+/);
  const tlEventNames = parseNameList(extras.tlEventNames, /[,\n]+/);
  const bad = exeNames.find((n) => /[\\/:*?"<>|]/.test(n));
  if (bad) errors.push(`executable names: '${bad}' is not a file name (no folders, no wildcards)`);
  for (const [label, mask] of [
    ['any-keyword mask', draft.matchAnyKeyword],
    ['all-keyword mask', draft.matchAllKeyword],
  ] as const) {
    if (!/^(0x[0-9a-f]{1,16}|\d{1,20})$/i.test(mask.trim()))
      errors.push(`${label}: '${mask}' is not a 64-bit mask`);
  }
  const filters: NonNullable<SessionProviderRequest['filters']> = {};
  if (ids.values.length) {
    filters.eventIds = ids.values;
    if (extras.excludeEventIds) filters.excludeEventIds = true;
  }
  if (pids.values.length) filters.pids = pids.values;
  if (exeNames.length) filters.exeNames = exeNames;
  if (tlEventNames.length) filters.tlEventNames = tlEventNames;
  const request: SessionProviderRequest = {
    guid: draft.guid,
    name: draft.name,
    level: draft.level,
    anyKeyword: draft.matchAnyKeyword.trim(),
    allKeyword: draft.matchAllKeyword.trim(),
  };
  const properties = Object.fromEntries(Object.entries(extras.properties).filter(([, on]) => on));
  if (Object.keys(properties).length) request.properties = properties;
  if (Object.keys(filters).length) request.filters = filters;
  if (extras.traceLogging) request.traceLogging = true;
  return { request, errors, pushDown: checkKernelFilters(filters, { traceLogging: extras.traceLogging }) };
}
