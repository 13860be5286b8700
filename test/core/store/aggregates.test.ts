import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import { EventStore, countByEvent, countByProvider, histogram } from '../../../electron/core/store/index';
import { Rng, syntheticEvents } from './synthetic-events';

function referenceHistogram(ticks: number[], buckets: number, from: number, to: number): number[] {
  const out = new Array<number>(buckets).fill(0);
  for (const t of ticks) {
    if (t < from || t >= to) continue;
    const b = Math.min(buckets - 1, Math.floor((t - from) * (buckets / (to - from))));
    out[b] = (out[b] as number) + 1;
  }
  return out;
}

describe('aggregates', () => {
  const rng = new Rng(3);
  const { events } = syntheticEvents(7000, { ticks: (_, prev) => prev + rng.int(50) });
  const store = new EventStore({ chunkRows: 1024 });
  store.appendBatch(events);
  const last = events[events.length - 1] as RawEvent;

  it('histogram over the store matches a reference, including bucket edges', () => {
    const ticks = events.map((e) => e.ticks);
    for (const [buckets, from, to] of [
      [100, 0, last.ticks + 1],
      [7, 1000, 50000],
      [1000, 12345, 12400],
      [3, last.ticks, last.ticks + 10],
    ] as const) {
      expect(Array.from(histogram(store, buckets, from, to))).toEqual(
        referenceHistogram(ticks, buckets, from, to),
      );
    }
    // Independent of the formula: 7 buckets of exactly 7,000 ticks from 1,000.
    const exact = new Array<number>(7).fill(0);
    for (const t of ticks) if (t >= 1000 && t < 50000) exact[Math.floor((t - 1000) / 7000)]! += 1;
    expect(Array.from(histogram(store, 7, 1000, 50000))).toEqual(exact);
    const total = histogram(store, 10, 0, last.ticks + 1).reduce((a, b) => a + b, 0);
    expect(total).toBe(7000);
  });

  it('histogram over a view counts only its rows', () => {
    const view = store.createView({ predicate: (e) => e.cpu < 8, sortKey: 'pid' });
    const ticks = events.filter((e) => e.cpu < 8).map((e) => e.ticks);
    expect(Array.from(histogram(view, 50, 0, last.ticks + 1))).toEqual(
      referenceHistogram(ticks, 50, 0, last.ticks + 1),
    );
  });

  it('histogram handles empty and invalid ranges', () => {
    expect(Array.from(histogram(store, 4, 100, 100))).toEqual([0, 0, 0, 0]);
    expect(Array.from(histogram(store, 4, 100, 50))).toEqual([0, 0, 0, 0]);
    expect(histogram(store, 0, 0, 100).length).toBe(0);
    expect(histogram(store, NaN, 0, 100).length).toBe(0);
    expect(Array.from(histogram(new EventStore(), 2, 0, 10))).toEqual([0, 0]);
  });

  it('counts by provider and by event, over the store and a view', () => {
    const byProvider = new Map<string, number>();
    const byEvent = new Map<string, number>();
    for (const e of events) {
      byProvider.set(e.providerId, (byProvider.get(e.providerId) ?? 0) + 1);
      const k = `${e.providerId}/${e.id}/${e.version}/${e.task}/${e.opcode}`;
      byEvent.set(k, (byEvent.get(k) ?? 0) + 1);
    }
    const providers = countByProvider(store);
    expect(new Map(providers.map((p) => [p.providerId, p.count]))).toEqual(byProvider);
    expect(providers.map((p) => p.count)).toEqual([...providers.map((p) => p.count)].sort((a, b) => b - a));
    const evs = countByEvent(store);
    expect(
      new Map(evs.map((e) => [`${e.providerId}/${e.id}/${e.version}/${e.task}/${e.opcode}`, e.count])),
    ).toEqual(byEvent);
    const view = store.createView({ predicate: (e) => e.level === 1 });
    const viewTotal = countByProvider(view).reduce((n, p) => n + p.count, 0);
    expect(viewTotal).toBe(events.filter((e) => e.level === 1).length);
    expect(countByEvent(view).reduce((n, e) => n + e.count, 0)).toBe(viewTotal);
  });
});
