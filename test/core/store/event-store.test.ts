import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import { EventStore, MAX_EVENT_DATA_BYTES } from '../../../electron/core/store/index';
import { comparable, snapshot, syntheticEvents } from './synthetic-events';

describe('EventStore append / read back', () => {
  it('round-trips every header field, payload and ext bytes (copies, not views)', () => {
    const { events, source } = syntheticEvents(3000);
    const expected = snapshot(events, true);
    const store = new EventStore({ chunkRows: 256, keepSourceOffsets: true });
    const seqs = events.map((ev) => store.append(ev));
    source.fill(0xee); // the reader's buffer moves on: stored bytes must not change
    expect(seqs).toEqual(events.map((_, i) => i));
    expect(store.count).toBe(3000);
    expect(store.firstSeq).toBe(0);
    expect(store.lastSeq).toBe(2999);
    for (let seq = 0; seq < 3000; seq++) {
      expect(comparable(store.raw(seq) as RawEvent, true)).toEqual(expected[seq]);
    }
  });

  it('without source offsets reports -1 and costs 34 column bytes per row', () => {
    const { events } = syntheticEvents(1000);
    const expected = snapshot(events, false);
    const store = new EventStore({ chunkRows: 256 });
    store.appendBatch(events);
    expect(comparable(store.raw(500) as RawEvent, false)).toEqual(expected[500]);
    expect(store.raw(500)?.bufferOffset).toBe(-1);
    store.trim();
    expect(store.stats().columnBytes).toBe(1000 * 34);
  });

  it('cursor getters match the RawEvent fields', () => {
    const { events } = syntheticEvents(600);
    const store = new EventStore({ chunkRows: 256 });
    store.appendBatch(events);
    const cursor = store.cursor();
    for (const seq of [0, 255, 256, 257, 511, 512, 599]) {
      const ev = events[seq] as RawEvent;
      expect(cursor.moveTo(seq)).toBe(true);
      expect(cursor.seq).toBe(seq);
      expect([cursor.ticks, cursor.pid, cursor.tid, cursor.cpu]).toEqual([ev.ticks, ev.pid, ev.tid, ev.cpu]);
      expect([cursor.providerId, cursor.id, cursor.version, cursor.channel, cursor.level]).toEqual([
        ev.providerId,
        ev.id,
        ev.version,
        ev.channel,
        ev.level,
      ]);
      expect([cursor.opcode, cursor.task, cursor.keywords, cursor.flags, cursor.group]).toEqual([
        ev.opcode,
        ev.task,
        ev.keywords,
        ev.flags,
        ev.group,
      ]);
      expect(cursor.keywordsLow + cursor.keywordsHigh * 2 ** 32).toBe(Number(ev.keywords));
      expect([cursor.kind, cursor.headerType, cursor.pointerSize]).toEqual([
        ev.kind,
        ev.headerType,
        ev.pointerSize,
      ]);
      expect([cursor.activityId, cursor.payloadLength, cursor.hasExt]).toEqual([
        ev.activityId,
        ev.payload.length,
        ev.ext.length > 0,
      ]);
    }
    expect(cursor.moveTo(600)).toBe(false);
    expect(cursor.seq).toBe(599); // unchanged
    expect(cursor.moveTo(-1)).toBe(false);
  });

  it('fills chunks exactly at chunk boundaries and addresses every row', () => {
    const { events } = syntheticEvents(256 * 3 + 1, { payloadLength: (i) => i % 7 });
    const store = new EventStore({ chunkRows: 256 });
    store.appendBatch(events);
    expect(store.chunkList.map((c) => [c.firstSeq, c.count])).toEqual([
      [0, 256],
      [256, 256],
      [512, 256],
      [768, 1],
    ]);
    for (const seq of [255, 256, 767, 768]) expect(store.raw(seq)?.ticks).toBe(events[seq]?.ticks);
  });

  it('ends a chunk early when its rows span 1024 arena slabs; lookups still find every row', () => {
    const { events } = syntheticEvents(1500, { types: 10, payloadLength: () => 50 });
    const expected = snapshot(events, false);
    // A budget this small keeps slabs at 64 KiB (cheap to allocate 1,500 times); nothing is evicted.
    const store = new EventStore({ chunkRows: 2048, budgetBytes: 1 << 20 });
    for (const ev of events) {
      store.append(ev);
      store.trim(); // shrinks the slab: the next event opens a new one
    }
    expect(store.chunkList.map((c) => [c.firstSeq, c.count])).toEqual([
      [0, 1024],
      [1024, 476],
    ]);
    expect(store.droppedByBudget).toBe(0);
    for (const seq of [0, 1023, 1024, 1499]) {
      expect(comparable(store.raw(seq) as RawEvent, false)).toEqual(expected[seq]);
    }
    expect(store.createView({ sortKey: 'pid' }).count).toBe(1500);
  });

  it('stores zero-length payloads and events bigger than a slab', () => {
    const big = new Uint8Array(5 * 1024 * 1024).map((_, i) => i * 31);
    const { events } = syntheticEvents(3, { payloadLength: () => 0 });
    const store = new EventStore();
    store.append(events[0] as RawEvent);
    store.append({ ...(events[1] as RawEvent), payload: big, ext: [] });
    store.append(events[2] as RawEvent);
    expect(store.raw(0)?.payload.length).toBe(0);
    expect(Buffer.from(store.raw(1)?.payload ?? []).equals(Buffer.from(big))).toBe(true);
    expect(store.raw(2)?.ticks).toBe(events[2]?.ticks);
  });

  it('refuses oversize events, counts them and assigns no seq', () => {
    const { events } = syntheticEvents(1);
    const store = new EventStore();
    const huge = { ...(events[0] as RawEvent), payload: new Uint8Array(MAX_EVENT_DATA_BYTES + 1), ext: [] };
    expect(store.append(huge)).toBe(-1);
    expect(store.droppedOversize).toBe(1);
    expect(store.count).toBe(0);
    expect(store.append(events[0] as RawEvent)).toBe(0);
  });

  it('interns descriptors: one per distinct header combination', () => {
    const { events } = syntheticEvents(10);
    const store = new EventStore();
    for (let i = 0; i < 100; i++) store.append(events[i % 3] as RawEvent);
    expect(store.descriptors.count).toBe(3);
    expect(Array.from(store.descriptorCounts())).toEqual([34, 33, 33]);
    expect(store.providers.count).toBeLessThanOrEqual(3);
  });

  it('counts out-of-order events; appendBatch sorts a batch by time first', () => {
    const { events } = syntheticEvents(4, { ticks: (i) => [10, 30, 20, 40][i] as number });
    const store = new EventStore();
    store.appendBatch(events);
    expect([0, 1, 2, 3].map((s) => store.raw(s)?.ticks)).toEqual([10, 20, 30, 40]);
    expect(store.outOfOrderEvents).toBe(0);
    store.append({ ...(events[0] as RawEvent), ticks: 35 });
    expect(store.outOfOrderEvents).toBe(1);
    expect(store.lastOutOfOrderSeq).toBe(4);
  });

  it('reports memory per event: under 48 bytes beyond the data when event types repeat', () => {
    const { events } = syntheticEvents(20000, { payloadLength: (i) => 40 + (i % 161), types: 60 });
    const store = new EventStore();
    store.appendBatch(events);
    store.trim();
    const s = store.stats();
    expect(s.events).toBe(20000);
    expect(s.dataBytes).toBe(
      events.reduce((n, ev) => n + ev.payload.length + (ev.ext.length ? 4 + 16 + 48 : 0), 0),
    );
    expect(s.totalBytes).toBe(s.columnBytes + s.arenaBytes + s.tableBytes);
    expect(s.bytesPerEventBeyondData).toBeLessThanOrEqual(48);
    expect(store.memoryBytes).toBe(s.totalBytes);
  });

  it('worst case, a distinct descriptor per event, costs a bounded table entry each', () => {
    const { events } = syntheticEvents(20000, { payloadLength: () => 100 });
    const store = new EventStore();
    store.appendBatch(events);
    store.trim();
    expect(store.descriptors.count).toBeGreaterThan(19000);
    expect(store.stats().bytesPerEventBeyondData).toBeLessThan(34 + 2 * 64 + 24 + 16);
  });

  it('rejects invalid chunk sizes', () => {
    expect(() => new EventStore({ chunkRows: 1000 })).toThrow(/power of two/);
    expect(() => new EventStore({ chunkRows: 128 })).toThrow(/power of two/);
  });
});
