// RowCache: the Events table's page cache. Requests are bounded and follow the latest position, the
// table re-renders only for pages it shows, and results of an old view are dropped.
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../../electron/common/ipc/messages';
import type { Result } from '../../../electron/common/result';
import { PAGE_ROWS, RowCache } from '../../../renderer/src/features/events/row-cache';

interface Pending {
  viewId: string;
  offset: number;
  limit: number;
  answer(ok?: boolean): Promise<void>;
}

function harness(total: number) {
  const pending: Pending[] = [];
  let changes = 0;
  const cache = new RowCache(
    (viewId, offset, limit) =>
      new Promise<Result<{ rows: EventRow[] }>>((resolve) => {
        pending.push({
          viewId,
          offset,
          limit,
          async answer(ok = true) {
            pending.splice(pending.indexOf(this), 1);
            const rows = Array.from(
              { length: Math.max(0, Math.min(limit, total - offset)) },
              (_, i) => ({ index: offset + i, seq: offset + i }) as EventRow,
            );
            resolve(
              ok ? { ok: true, value: { rows } } : { ok: false, error: { code: 'INTERNAL', message: 'x' } },
            );
            await Promise.resolve();
            await Promise.resolve();
          },
        });
      }),
    () => changes++,
  );
  return { cache, pending, changes: () => changes };
}

const pageOf = (p: Pending) => p.offset / PAGE_ROWS;

describe('RowCache', () => {
  it('asks for the shown rows first, at most two pages at a time, then the rows around them', async () => {
    const { cache, pending } = harness(1_000_000);
    cache.reset('v1');
    cache.ensure(10_000, 10_030, 1_000_000);
    expect(pending.map(pageOf)).toEqual([78, 77]); // rows 9,984..10,111 and the page before (prefetch)
    await pending[0]!.answer();
    expect(cache.row(10_000)?.seq).toBe(10_000);
    expect(pending.map(pageOf)).toEqual([77]);
    await pending[0]!.answer();
    expect(pending).toEqual([]);
  });

  it('follows the latest position: a fast drag does not queue every page it passed', async () => {
    const { cache, pending } = harness(5_000_000);
    cache.reset('v1');
    for (let frame = 0; frame < 50; frame++) {
      const first = frame * 100_000;
      cache.ensure(first, first + 30, 5_000_000);
    }
    // Two requests from the first frames are under way; the queue holds only the last frame's pages.
    expect(pending.map(pageOf)).toEqual([0, Math.floor(100_000 / PAGE_ROWS)]);
    await pending[0]!.answer();
    await pending[0]!.answer();
    const last = Math.floor(4_900_000 / PAGE_ROWS);
    expect(pending.map(pageOf).sort()).toEqual([last, last - 1].sort());
  });

  it('re-renders the table only for pages it shows', async () => {
    const { cache, pending, changes } = harness(100_000);
    cache.reset('v1');
    cache.ensure(1_000, 1_010, 100_000); // shows page 7; page 8 is fetched ahead
    const shown = pending.find((p) => pageOf(p) === 7)!;
    const around = pending.find((p) => pageOf(p) !== 7)!;
    await around.answer();
    expect(changes()).toBe(0);
    await shown.answer();
    expect(changes()).toBe(1);
  });

  it('drops answers for a view that was replaced, and does not ask twice for a page on its way', async () => {
    const { cache, pending, changes } = harness(10_000);
    cache.reset('v1');
    cache.ensure(0, 30, 10_000);
    cache.ensure(0, 30, 10_000);
    expect(pending.map(pageOf)).toEqual([0]);
    cache.reset('v2');
    await pending[0]!.answer();
    expect(cache.row(0)).toBeUndefined();
    expect(changes()).toBe(0);
    cache.ensure(0, 30, 10_000);
    expect(pending.filter((p) => p.viewId === 'v2').map(pageOf)).toEqual([0]);
  });

  it('a failed page is asked for again on the next ensure', async () => {
    const { cache, pending } = harness(10_000);
    cache.reset('v1');
    cache.ensure(0, 30, 10_000);
    await pending[0]!.answer(false);
    expect(cache.row(0)).toBeUndefined();
    expect(pending).toEqual([]);
    cache.ensure(0, 30, 10_000);
    expect(pending.map(pageOf)).toEqual([0]);
    await pending[0]!.answer();
    expect(cache.row(0)?.seq).toBe(0);
  });
});
