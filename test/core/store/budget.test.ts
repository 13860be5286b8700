import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import { EventStore, countByProvider } from '../../../electron/core/store/index';
import { comparable, snapshot, syntheticEvents } from './synthetic-events';

describe('EventStore memory budget', () => {
  const { events } = syntheticEvents(20000, { payloadLength: (i) => 100 + (i % 50), types: 60 });
  const expected = snapshot(events, false);

  it('drops the oldest whole chunks, counts them, keeps seqs stable', () => {
    const store = new EventStore({ chunkRows: 1024, budgetBytes: 1_000_000 });
    const seqs = events.map((ev) => store.append(ev));
    expect(seqs[19999]).toBe(19999);
    expect(store.droppedByBudget).toBeGreaterThan(0);
    expect(store.droppedByBudget % 1024).toBe(0);
    expect(store.firstSeq).toBe(store.droppedByBudget);
    expect(store.lastSeq).toBe(19999);
    expect(store.count + store.droppedByBudget).toBe(20000);
    expect(store.raw(store.firstSeq - 1)).toBeUndefined();
    for (const seq of [store.firstSeq, store.firstSeq + 1500, store.lastSeq]) {
      expect(comparable(store.raw(seq) as RawEvent, false)).toEqual(expected[seq]);
    }
  });

  it('keeps memory within the budget plus one chunk', () => {
    const budget = 1_000_000;
    const store = new EventStore({ chunkRows: 1024, budgetBytes: budget });
    let peak = 0;
    for (const ev of events) {
      store.append(ev);
      peak = Math.max(peak, store.memoryBytes);
    }
    const oneChunk = 1024 * (34 + 150 + 68) + 4 * 1024 * 1024; // rows + data, plus a slab in flight
    expect(peak).toBeLessThanOrEqual(budget + oneChunk);
    expect(store.memoryBytes).toBeLessThanOrEqual(budget + oneChunk);
  });

  it('keeps descriptor counts in step with eviction', () => {
    const store = new EventStore({ chunkRows: 1024, budgetBytes: 600_000 });
    store.appendBatch(events);
    const total = Array.from(store.descriptorCounts()).reduce((a, b) => a + b, 0);
    expect(total).toBe(store.count);
    const byProvider = new Map<string, number>();
    for (let seq = store.firstSeq; seq <= store.lastSeq; seq++) {
      const p = store.raw(seq)?.providerId as string;
      byProvider.set(p, (byProvider.get(p) ?? 0) + 1);
    }
    expect(new Map(countByProvider(store).map((c) => [c.providerId, c.count]))).toEqual(byProvider);
  });

  it('never drops the chunk being written, even under a tiny budget', () => {
    const store = new EventStore({ chunkRows: 256, budgetBytes: 1 });
    store.appendBatch(events.slice(0, 1000));
    expect(store.count).toBeGreaterThan(0);
    expect(store.count).toBeLessThanOrEqual(256);
    expect(store.count + store.droppedByBudget).toBe(1000);
    expect(comparable(store.raw(999) as RawEvent, false)).toEqual(expected[999]);
  });
});
