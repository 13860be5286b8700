// How several views' selections of one provider merge into one enablement, ETW's level/keyword rule,
// and the kernel-side filter limits the Sessions view checks (common) against the ones the addon
// arguments are checked with (core/live/push-down.ts): they must agree.
import { describe, expect, it } from 'vitest';
import { checkKernelFilters, KERNEL_FILTER_LIMITS } from '../../../electron/common/ipc/session-options';
import { mergeSelections, sameEnable } from '../../../electron/core/live/enable-merge';
import { levelKeywordPasses } from '../../../electron/core/live/enable-match';
import { FILTER_LIMITS, pushDownProblems } from '../../../electron/core/live/push-down';
import type { ProviderFilters } from '../../../electron/core/live/addon';

const G = '7dd42a49-5329-4832-8dfd-43d979153a88';

describe('mergeSelections', () => {
  it('takes the highest level, ORs any-keywords, ANDs all-keywords, ORs properties', () => {
    const m = mergeSelections([
      { guid: G, level: 3, anyKeyword: 0x10n, allKeyword: 0x11n, properties: { sid: true } },
      { guid: G, level: 5, anyKeyword: 0x20n, allKeyword: 0x101n, properties: { stackTrace: true } },
    ]);
    expect(m).toMatchObject({
      level: 5,
      anyKeyword: 0x30n,
      allKeyword: 0x1n,
      properties: { sid: true, stackTrace: true },
      views: 2,
    });
  });

  it('lets "every level" and "every keyword" win', () => {
    const m = mergeSelections([
      { guid: G, level: 0, anyKeyword: 0n },
      { guid: G, level: 4, anyKeyword: 0x20n, allKeyword: 0x20n },
    ]);
    expect(m).toMatchObject({ level: 0, anyKeyword: 0n, allKeyword: 0n });
  });

  it('unites allow lists, intersects deny lists, and keeps mixed lists out of the kernel', () => {
    expect(
      mergeSelections([
        { guid: G, filters: { eventIds: [3, 1] } },
        { guid: G, filters: { eventIds: [2, 3] } },
      ]).filters,
    ).toEqual({ eventIds: [1, 2, 3] });
    expect(
      mergeSelections([
        { guid: G, filters: { eventIds: [1, 2, 3], excludeEventIds: true } },
        { guid: G, filters: { eventIds: [2, 3, 4], excludeEventIds: true } },
      ]).filters,
    ).toEqual({ eventIds: [2, 3], excludeEventIds: true });
    const mixed = mergeSelections([
      { guid: G, filters: { eventIds: [1] } },
      { guid: G, filters: { eventIds: [2], excludeEventIds: true } },
    ]);
    expect(mixed.filters).toEqual({});
    expect(mixed.placements).toEqual([
      { filter: 'eventIds', where: 'user', reason: expect.stringMatching(/allow and deny/) },
    ]);
  });

  it('pushes a union down only while it fits, and says why not', () => {
    const pids = (from: number) => Array.from({ length: 5 }, (_, i) => from + i);
    const m = mergeSelections([
      { guid: G, filters: { pids: pids(100), exeNames: ['a.exe'] } },
      { guid: G, filters: { pids: pids(200), exeNames: ['B.EXE', 'a.exe'] } },
    ]);
    expect(m.filters).toEqual({ exeNames: ['a.exe', 'b.exe'] });
    expect(m.placements).toContainEqual({
      filter: 'pids',
      where: 'user',
      reason: expect.stringMatching(/at most 8 process IDs.*got 10/),
    });
    expect(m.placements).toContainEqual({ filter: 'exeNames', where: 'kernel' });
  });

  it('keeps event-ID filters of TraceLogging providers in user mode; stacks turn the stack property on', () => {
    const m = mergeSelections([
      { guid: G, traceLogging: true, filters: { eventIds: [1], stackEventIds: [5] } },
    ]);
    expect(m.filters).toEqual({ stackEventIds: [5] });
    expect(m.properties).toEqual({ stackTrace: true });
    expect(m.placements).toContainEqual({
      filter: 'eventIds',
      where: 'user',
      reason: expect.stringMatching(/TraceLogging/),
    });
  });

  it('uses what the backend refused as withheld', () => {
    const m = mergeSelections(
      [{ guid: G, filters: { exeNames: ['x.exe'], pids: [4] } }],
      new Map([['exeNames', 'refused']]),
    );
    expect(m.filters).toEqual({ pids: [4] });
    expect(m.placements).toContainEqual({ filter: 'exeNames', where: 'none', reason: 'refused' });
    expect(sameEnable(m, mergeSelections([{ guid: G, filters: { pids: [4] } }]))).toBe(true);
  });
});

describe('levelKeywordPasses (McGenLevelKeywordEnabled)', () => {
  const kw = (keywords: bigint, level = 4) => ({ keywords, level });
  it('follows ETW', () => {
    expect(levelKeywordPasses(kw(0x10n, 5), 4, 0n, 0n)).toBe(false);
    expect(levelKeywordPasses(kw(0x10n, 0), 1, 0x1n, 0n)).toBe(false); // level 0 passes, keyword not
    expect(levelKeywordPasses(kw(0n, 0), 1, 0x1n, 0x1n)).toBe(true); // keyword 0 always
    expect(levelKeywordPasses(kw(0x10n, 9), 0, 0x10n, 0n)).toBe(true); // enabled level 0 = every level
    expect(levelKeywordPasses(kw(0x30n), 4, 0n, 0x30n)).toBe(true);
    expect(levelKeywordPasses(kw(0x10n), 4, 0n, 0x30n)).toBe(false);
    expect(levelKeywordPasses(kw(0x8000_0000_0000_0010n), 4, 0x20n, 0n)).toBe(false);
  });
});

describe('kernel-side filter limits: the view and the addon agree', () => {
  const cases: ProviderFilters[] = [
    {},
    { eventIds: Array.from({ length: 64 }, (_, i) => i) },
    { eventIds: Array.from({ length: 65 }, (_, i) => i) },
    { pids: [1, 2, 3, 4, 5, 6, 7, 8] },
    { pids: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
    { exeNames: ['x'.repeat(511)] },
    { exeNames: ['x'.repeat(512)] },
    { exeNames: ['a'.repeat(300), 'b'.repeat(211)] },
    { exeNames: ['a'.repeat(300), 'b'.repeat(212)] },
    { tlEventNames: ['n'.repeat(4075)] },
    { tlEventNames: ['n'.repeat(4076)] },
    { tlEventNames: ['é'.repeat(2000)] },
    { tlEventNames: ['😀'.repeat(1018)] },
    { tlEventNames: ['😀'.repeat(1019)] },
    { eventIds: [1], pids: [2] },
  ];
  for (const filters of cases) {
    const label = JSON.stringify(filters, (_k, v: unknown) =>
      typeof v === 'string' && v.length > 8 ? `${v.length} chars` : v,
    );
    it(label.slice(0, 80), () => {
      for (const traceLogging of [false, true]) {
        const core = pushDownProblems(filters, { traceLogging })
          .map((p) => `${p.filter}:${p.kind}`)
          .sort();
        const common = checkKernelFilters(filters, { traceLogging })
          .map((p) => `${p.filter}:${p.kind}`)
          .sort();
        expect(common).toEqual(core);
      }
    });
  }
  it('states the same numbers', () => {
    expect(KERNEL_FILTER_LIMITS).toMatchObject({
      eventIds: FILTER_LIMITS.eventIds,
      pids: FILTER_LIMITS.pids,
      exeNamesBytes: FILTER_LIMITS.exeNamesBytes,
      tlEventNamesBytes: FILTER_LIMITS.tlEventNamesBytes,
    });
  });
});
