// "Count by" over real captures: every column's groups add up to the view, and each group's filter
// clause selects exactly its events (checked by making a view with it), and excluding it leaves the rest.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupColumn } from '../../../electron/common/ipc/messages';
import { GROUP_COLUMNS } from '../../../electron/common/ipc/messages';
import type { Result } from '../../../electron/common/result';
import { CaptureEngine } from '../../../electron/core/pipeline/capture-engine';
import { openFileEventSource } from '../../../electron/core/pipeline/sources/open-file.node.js';
import { KERNEL_NETWORK, KERNEL_NETWORK_EVENTS, PROCESS, windows7Manifests } from './fixtures';

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function engineFor(path: string): Promise<CaptureEngine> {
  const source = openFileEventSource({ path });
  if (!source.ok) throw new Error(source.error.message);
  const engine = new CaptureEngine({
    captureId: 'c',
    source: source.value,
    providers: await windows7Manifests(),
  });
  expect(await engine.run()).toEqual({ state: 'done' });
  return engine;
}

let views = 0;
const totalOf = (engine: CaptureEngine, filter: string) =>
  value(engine.createView(`check${++views}`, { filter })).total;

describe.each([
  ['KernelNetwork.etl', KERNEL_NETWORK],
  ['Process.etl', PROCESS],
])('Count by over %s', (_name, path) => {
  let engine: CaptureEngine;
  let total = 0;
  beforeAll(async () => {
    engine = await engineFor(path);
    total = value(engine.createView('all', {})).total;
  }, 60_000);

  it.each(GROUP_COLUMNS.map((c) => [c]))(
    'by %s: groups add up, and each filter selects its events',
    (column) => {
      const groups = value(engine.groups('all', column as GroupColumn, 1000));
      expect(groups.total).toBe(total);
      expect(groups.groups.reduce((n, g) => n + g.count, 0) + groups.otherEvents).toBe(total);
      const counts = groups.groups.map((g) => g.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(new Set(groups.groups.map((g) => g.filter)).size).toBe(groups.groups.length);
      for (const g of groups.groups.slice(0, 6)) {
        expect(totalOf(engine, g.filter), g.filter).toBe(g.count);
        expect(totalOf(engine, `not (${g.filter})`), g.filter).toBe(total - g.count);
      }
    },
  );
});

describe('Count by within a filtered view', () => {
  it('counts only the view’s events and lists at most the limit', async () => {
    const engine = await engineFor(KERNEL_NETWORK);
    const view = value(engine.createView('tcp', { filter: 'event contains "TCP"' }));
    expect(view.total).toBeGreaterThan(0);
    expect(view.total).toBeLessThan(KERNEL_NETWORK_EVENTS);
    const byEvent = value(engine.groups('tcp', 'event', 2));
    expect(byEvent.total).toBe(view.total);
    expect(byEvent.groups.length).toBeLessThanOrEqual(2);
    expect(byEvent.groups.every((g) => /TCP/i.test(g.label))).toBe(true);
    expect(byEvent.groups.reduce((n, g) => n + g.count, 0) + byEvent.otherEvents).toBe(view.total);
    expect(engine.groups('nope', 'pid', 5)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
