// Merging what several views ask of one provider into the ONE EnableTraceEx2 call a session gets
// (each call replaces the provider's settings in that session), so that the session delivers at least
// everything every view wants; the session manager then gives each view only its own events.
//   level: the highest (0 = every level wins); MatchAnyKeyword: OR (0 = every keyword wins);
//   MatchAllKeyword: AND (only bits every view requires); properties: OR.
//   Kernel-side filters survive only when every view has one of the same kind: event-ID allow lists
//   are united, deny lists intersected, PIDs / executable names / TraceLogging names united; a union
//   beyond ETW's limits (push-down.ts) is not pushed down. Whatever is not pushed down is applied in
//   user mode by the manager (event IDs, PIDs, event names: header fields); executable names cannot
//   be (the manager does not know process images), so a view whose executable filter is not pushed
//   down receives other processes' events too. Every placement says where a filter runs and why.

import type { EnableProperties, ProviderFilters } from './addon';
import { pushDownProblems } from './push-down';

export interface ProviderSelection {
  guid: string;
  name?: string;
  /** 0..255; 0 = every level. Default 5 (verbose). */
  level?: number;
  /** 0 = every keyword (manifest and TraceLogging providers). */
  anyKeyword?: bigint;
  allKeyword?: bigint;
  properties?: EnableProperties;
  filters?: ProviderFilters;
  /** The provider writes TraceLogging events (event-ID filters do not apply to it). */
  traceLogging?: boolean;
}

export type FilterName = keyof Omit<ProviderFilters, 'excludeEventIds'>;

/** Where one of a view's filters runs: in the kernel, in the manager (user mode), or nowhere. */
export interface FilterPlacement {
  filter: FilterName;
  where: 'kernel' | 'user' | 'none';
  /** Why it is not (only) in the kernel. */
  reason?: string;
}

export interface MergedEnable {
  guid: string;
  name?: string;
  level: number;
  anyKeyword: bigint;
  allKeyword: bigint;
  properties: EnableProperties;
  /** The filters to push down. */
  filters: ProviderFilters;
  /** Per filter kind any view asked for. */
  placements: FilterPlacement[];
  /** Views that asked for the provider. */
  views: number;
}

export const DEFAULT_LEVEL = 5;

const FILTER_NAMES: readonly FilterName[] = ['eventIds', 'pids', 'exeNames', 'tlEventNames', 'stackEventIds'];

const USER_MODE: Record<FilterName, FilterPlacement['where']> = {
  eventIds: 'user',
  pids: 'user',
  tlEventNames: 'user',
  exeNames: 'none',
  stackEventIds: 'none',
};

/** Filters kept out of the kernel for a provider, with the reason (set when the backend refused one). */
export type Withheld = ReadonlyMap<FilterName, string>;

export function mergeSelections(
  selections: readonly ProviderSelection[],
  withheld: Withheld = new Map(),
): MergedEnable {
  const first = selections[0];
  if (!first) throw new Error('mergeSelections needs at least one selection');
  const levels = selections.map((s) => s.level ?? DEFAULT_LEVEL);
  const anys = selections.map((s) => s.anyKeyword ?? 0n);
  const alls = selections.map((s) => s.allKeyword ?? 0n);
  const merged: MergedEnable = {
    guid: first.guid,
    name: selections.find((s) => s.name)?.name,
    level: levels.includes(0) ? 0 : Math.max(...levels),
    anyKeyword: anys.includes(0n) ? 0n : anys.reduce((a, b) => a | b, 0n),
    allKeyword: alls.includes(0n) ? 0n : alls.reduce((a, b) => a & b),
    properties: mergeProperties(selections),
    filters: {},
    placements: [],
    views: selections.length,
  };
  const traceLogging = selections.some((s) => s.traceLogging);
  const filters = selections.map((s) => s.filters ?? {});
  const asked = (name: FilterName) => filters.some((f) => (f[name]?.length ?? 0) > 0);
  const everyone = (name: FilterName) => filters.every((f) => (f[name]?.length ?? 0) > 0);
  const sharedReason = (name: FilterName) =>
    USER_MODE[name] === 'user'
      ? `${name}: another view of this provider has none, so the session delivers every event and each view is filtered in user mode`
      : `${name}: another view of this provider has none, so this filter cannot run in the kernel and events it would reject are delivered too`;

  for (const name of FILTER_NAMES) {
    if (!asked(name)) continue;
    const refused = withheld.get(name);
    if (refused) {
      merged.placements.push({ filter: name, where: USER_MODE[name], reason: refused });
      continue;
    }
    if (name === 'stackEventIds') {
      merged.filters.stackEventIds = unionNumbers(filters.map((f) => f.stackEventIds ?? []));
      continue;
    }
    if (!everyone(name)) {
      merged.placements.push({ filter: name, where: USER_MODE[name], reason: sharedReason(name) });
      continue;
    }
    if (name === 'eventIds') {
      const excludes = filters.map((f) => f.excludeEventIds === true);
      if (excludes.every((x) => x)) {
        merged.filters.eventIds = intersectNumbers(filters.map((f) => f.eventIds ?? []));
        merged.filters.excludeEventIds = true;
      } else if (excludes.every((x) => !x)) {
        merged.filters.eventIds = unionNumbers(filters.map((f) => f.eventIds ?? []));
      } else {
        merged.placements.push({
          filter: name,
          where: 'user',
          reason: 'eventIds: views mix allow and deny lists, which one kernel filter cannot express',
        });
      }
    } else if (name === 'pids') {
      merged.filters.pids = unionNumbers(filters.map((f) => f.pids ?? []));
    } else if (name === 'exeNames') {
      merged.filters.exeNames = unionNames(filters.map((f) => f.exeNames ?? []));
    } else {
      merged.filters.tlEventNames = unionStrings(filters.map((f) => f.tlEventNames ?? []));
    }
  }

  // What ETW cannot take (limits) or would not honour (IDs of TraceLogging events) stays in user mode.
  for (const problem of pushDownProblems(merged.filters, { traceLogging })) {
    const name = problem.filter as FilterName;
    if (problem.kind === 'partial') {
      merged.placements.push({ filter: name, where: 'kernel', reason: problem.message });
      continue;
    }
    delete merged.filters[name];
    if (name === 'eventIds') delete merged.filters.excludeEventIds;
    merged.placements.push({ filter: name, where: USER_MODE[name], reason: problem.message });
  }
  for (const name of FILTER_NAMES) {
    if ((merged.filters[name]?.length ?? 0) > 0 && !merged.placements.some((p) => p.filter === name))
      merged.placements.push({ filter: name, where: 'kernel' });
  }
  if (merged.filters.stackEventIds?.length) merged.properties = { ...merged.properties, stackTrace: true };
  return merged;
}

/** Same settings (nothing to re-enable)? */
export function sameEnable(a: MergedEnable, b: MergedEnable): boolean {
  return (
    a.level === b.level &&
    a.anyKeyword === b.anyKeyword &&
    a.allKeyword === b.allKeyword &&
    JSON.stringify(a.properties) === JSON.stringify(b.properties) &&
    JSON.stringify(a.filters) === JSON.stringify(b.filters)
  );
}

function mergeProperties(selections: readonly ProviderSelection[]): EnableProperties {
  const out: EnableProperties = {};
  for (const s of selections) {
    for (const [key, value] of Object.entries(s.properties ?? {}) as [keyof EnableProperties, boolean][]) {
      if (value) out[key] = true;
    }
  }
  return out;
}

function unionNumbers(lists: number[][]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

function intersectNumbers(lists: number[][]): number[] {
  const [head, ...rest] = lists;
  return (head ?? []).filter((n) => rest.every((l) => l.includes(n))).sort((a, b) => a - b);
}

function unionStrings(lists: string[][]): string[] {
  return [...new Set(lists.flat())].sort();
}

/** Executable names compare without case (Windows file names). */
function unionNames(lists: string[][]): string[] {
  return [...new Set(lists.flat().map((n) => n.toLowerCase()))].sort();
}
