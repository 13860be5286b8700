// Kernel-side filter limits of EnableTraceEx2 (native-etw-notes §4.1.4, EVENT_FILTER_DESCRIPTOR docs),
// mirrored from native/src/win/providers.cc so the UI can warn "cannot push down" before calling the
// addon (which refuses the same cases with CANNOT_PUSH_DOWN). Also flags filters Windows would accept
// but not honour (event IDs on TraceLogging providers).

import type { ProviderFilters } from './addon';

export const FILTER_LIMITS = {
  eventIds: 64, // MAX_EVENT_FILTER_EVENT_ID_COUNT
  stackEventIds: 64,
  pids: 8, // MAX_EVENT_FILTER_PID_COUNT
  exeNamesBytes: 1024, // MAX_EVENT_FILTER_DATA_SIZE, UTF-16 with the NUL
  tlEventNamesBytes: 4096, // MAX_EVENT_FILTER_EVENT_NAME_SIZE, whole EVENT_FILTER_EVENT_NAME
} as const;

/** Size of EVENT_FILTER_EVENT_NAME before the names. */
const EVENT_NAME_FILTER_HEADER = 20;

export interface PushDownProblem {
  filter: keyof ProviderFilters;
  /**
   * 'limit': the addon refuses it (CANNOT_PUSH_DOWN); 'ignored': Windows accepts it but does not filter;
   * 'partial': Windows filters only part of what the user means.
   */
  kind: 'limit' | 'ignored' | 'partial';
  limit?: number;
  given?: number;
  message: string;
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** What cannot be filtered in the kernel; empty when every filter can. */
export function pushDownProblems(
  filters: ProviderFilters,
  provider: { traceLogging?: boolean } = {},
): PushDownProblem[] {
  const problems: PushDownProblem[] = [];
  const limit = (filter: keyof ProviderFilters, max: number, given: number, unit: string) => {
    if (given > max) {
      problems.push({
        filter,
        kind: 'limit',
        limit: max,
        given,
        message: `${filter}: ETW filters at most ${max} ${unit} in the kernel, got ${given}; the rest must be filtered in user mode`,
      });
    }
  };
  limit('eventIds', FILTER_LIMITS.eventIds, filters.eventIds?.length ?? 0, 'event IDs');
  limit('stackEventIds', FILTER_LIMITS.stackEventIds, filters.stackEventIds?.length ?? 0, 'event IDs');
  limit('pids', FILTER_LIMITS.pids, filters.pids?.length ?? 0, 'process IDs');
  if (filters.exeNames?.length) {
    const chars = filters.exeNames.reduce((n, s) => n + s.length, 0) + filters.exeNames.length - 1;
    limit('exeNames', FILTER_LIMITS.exeNamesBytes, (chars + 1) * 2, 'bytes of executable names');
  }
  if (filters.tlEventNames?.length) {
    const bytes = filters.tlEventNames.reduce((n, s) => n + utf8Length(s) + 1, EVENT_NAME_FILTER_HEADER);
    limit('tlEventNames', FILTER_LIMITS.tlEventNamesBytes, bytes, 'bytes of event names');
  }
  if (provider.traceLogging && filters.eventIds?.length) {
    problems.push({
      filter: 'eventIds',
      kind: 'ignored',
      message:
        'eventIds: TraceLogging events have no meaningful ID, Windows ignores this filter; use tlEventNames',
    });
  }
  if (filters.pids?.length) {
    problems.push({
      filter: 'pids',
      kind: 'partial',
      message:
        'pids: only processes running when the provider is enabled are matched; later processes are not',
    });
  }
  return problems;
}
