import { describe, expect, it } from 'vitest';
import type { HeaderSubject } from '../../../electron/core/filter/index';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import {
  EventStore,
  type RowBatch,
  type SortKey,
  type StoredEventView,
} from '../../../electron/core/store/index';
import { PROVIDERS, Rng, syntheticEvents } from './synthetic-events';

/** Reference: seqs of `events` (seq = index + offset) passing `keep`, stably sorted by `key`. */
function reference(
  events: RawEvent[],
  keep: (ev: RawEvent) => boolean,
  key: ((ev: RawEvent) => number) | undefined,
  descending = false,
  firstSeq = 0,
): number[] {
  const rows = events.map((ev, i) => ({ ev, seq: i + firstSeq })).filter((r) => keep(r.ev));
  if (key) rows.sort((a, b) => (descending ? key(b.ev) - key(a.ev) : key(a.ev) - key(b.ev)) || a.seq - b.seq);
  return rows.map((r) => r.seq);
}

const all = (store: EventStore, view: { count: number; rows(o: number, l: number): number[] }) => {
  expect(view.count).toBeLessThanOrEqual(store.count);
  return view.rows(0, view.count);
};

describe('EventView filters', () => {
  const { events } = syntheticEvents(5000);
  const store = new EventStore({ chunkRows: 1024 });
  store.appendBatch(events);

  it('applies a predicate retroactively to every stored event', () => {
    const view = store.createView({ predicate: (e) => e.level <= 2 && e.pid !== -1 });
    expect(all(store, view)).toEqual(reference(events, (e) => e.level <= 2 && e.pid !== -1, undefined));
    expect(view.count).toBeGreaterThan(100);
  });

  it('a StoredEventView is a filter HeaderSubject (compiled header predicates run on it directly)', () => {
    const headerPredicate = (s: HeaderSubject) =>
      s.providerId === PROVIDERS[1] && (s.keywords & 0x10n) !== 0n;
    const view = store.createView({ predicate: headerPredicate });
    expect(all(store, view)).toEqual(reference(events, headerPredicate, undefined));
  });

  it('defaults to every event in time order', () => {
    const view = store.createView();
    expect(all(store, view)).toEqual(events.map((_, i) => i));
    expect(store.createView({ descending: true }).rows(0, 3)).toEqual([4999, 4998, 4997]);
  });
});

describe('EventView windows', () => {
  const { events } = syntheticEvents(300);
  const store = new EventStore({ chunkRows: 256 });
  store.appendBatch(events);
  const view = store.createView({ sortKey: 'seq' });

  it('answers windows, clamps at the edges', () => {
    expect(view.rows(0, 3)).toEqual([0, 1, 2]);
    expect(view.rows(254, 4)).toEqual([254, 255, 256, 257]);
    expect(view.rows(298, 10)).toEqual([298, 299]);
    expect(view.rows(300, 10)).toEqual([]);
    expect(view.rows(1e9, 10)).toEqual([]);
    expect(view.rows(5, 0)).toEqual([]);
    expect(view.rows(-5, 3)).toEqual([0, 1, 2]);
    expect(view.rows(10, -1)).toEqual([]);
  });

  it('finds a seq position in every order', () => {
    expect(view.positionOf(257)).toBe(257);
    expect(view.positionOf(300)).toBe(-1);
    const desc = store.createView({ descending: true });
    expect(desc.positionOf(299)).toBe(0);
    const byPid = store.createView({ sortKey: 'pid' });
    const seq = byPid.rows(123, 1)[0] as number;
    expect(byPid.positionOf(seq)).toBe(123);
    expect(byPid.positionOf(-4)).toBe(-1);
  });

  it('an empty store gives empty views', () => {
    const empty = new EventStore().createView({ sortKey: 'pid' });
    expect(empty.count).toBe(0);
    expect(empty.rows(0, 10)).toEqual([]);
    expect(empty.refresh()).toBe(0);
  });
});

describe('EventView sorting', () => {
  const { events } = syntheticEvents(6000);
  const store = new EventStore({ chunkRows: 1024 });
  store.appendBatch(events);
  const ranks = [...PROVIDERS].sort();
  const keys: [SortKey, (e: RawEvent) => number][] = [
    ['pid', (e) => e.pid],
    ['tid', (e) => e.tid],
    ['cpu', (e) => e.cpu],
    ['id', (e) => e.id],
    ['level', (e) => e.level],
    ['opcode', (e) => e.opcode],
    ['task', (e) => e.task],
    ['version', (e) => e.version],
    ['channel', (e) => e.channel],
    ['size', (e) => e.payload.length],
    ['provider', (e) => ranks.indexOf(e.providerId)],
    ['time', (e) => e.ticks],
  ];

  for (const [sortKey, key] of keys) {
    it(`sorts by ${sortKey}, stable (ties in seq order), both directions`, () => {
      expect(all(store, store.createView({ sortKey }))).toEqual(reference(events, () => true, key));
      if (sortKey !== 'time') {
        const desc = store.createView({ sortKey, descending: true });
        expect(all(store, desc)).toEqual(reference(events, () => true, key, true));
      }
    });
  }

  it('sorts by event: provider id, then id, task, opcode, version', () => {
    const view = store.createView({ sortKey: 'event', predicate: (e) => e.level < 3 });
    const expected = events
      .map((ev, seq) => ({ ev, seq }))
      .filter((r) => r.ev.level < 3)
      .sort(
        (a, b) =>
          (a.ev.providerId < b.ev.providerId ? -1 : a.ev.providerId > b.ev.providerId ? 1 : 0) ||
          a.ev.id - b.ev.id ||
          a.ev.task - b.ev.task ||
          a.ev.opcode - b.ev.opcode ||
          a.ev.version - b.ev.version ||
          a.seq - b.seq,
      )
      .map((r) => r.seq);
    expect(all(store, view)).toEqual(expected);
  });

  it('sorts by a custom key, including fractions, negatives and NaN (last)', () => {
    const key = (e: { pid: number; ticks: number }) =>
      e.pid === 8 ? NaN : (e.pid - 100) / 3 + e.ticks / 1e9;
    const view = store.createView({ key: (e: StoredEventView) => key(e) });
    const ref = reference(
      events,
      () => true,
      (e) => (Number.isNaN(key(e)) ? Infinity : key(e)),
    );
    expect(all(store, view)).toEqual(ref);
  });

  it('sorts by a custom comparator, ties by seq', () => {
    const view = store.createView({
      compare: (a, b) => a.level - b.level || b.cpu - a.cpu,
      predicate: (e) => e.pid > 100,
    });
    const expected = events
      .map((ev, seq) => ({ ev, seq }))
      .filter((r) => r.ev.pid > 100)
      .sort((a, b) => a.ev.level - b.ev.level || b.ev.cpu - a.ev.cpu || a.seq - b.seq)
      .map((r) => r.seq);
    expect(all(store, view)).toEqual(expected);
    const desc = store.createView({ compare: (a, b) => a.level - b.level, descending: true });
    const expectedDesc = reference(
      events,
      () => true,
      (e) => e.level,
      true,
    );
    expect(all(store, desc)).toEqual(expectedDesc);
  });
});

describe('EventView live tail', () => {
  it('refresh tests only new events and merges them into every order', () => {
    const { events } = syntheticEvents(8000);
    const store = new EventStore({ chunkRows: 1024 });
    let tested = 0;
    const predicate = (e: StoredEventView) => {
      tested++;
      return e.level !== 3;
    };
    store.appendBatch(events.slice(0, 3000));
    const filtered = store.createView({ predicate });
    const byPid = store.createView({ sortKey: 'pid', predicate: (e) => e.level !== 3 });
    const byTidDesc = store.createView({ sortKey: 'tid', descending: true });
    const byCompare = store.createView({ compare: (a, b) => a.cpu - b.cpu });
    const newestFirst = store.createView({ descending: true });
    expect(tested).toBe(3000);
    for (const [from, to] of [
      [3000, 3001],
      [3001, 5000],
      [5000, 8000],
    ] as const) {
      store.appendBatch(events.slice(from, to));
      tested = 0;
      expect(filtered.refresh()).toBe(
        reference(events.slice(from, to), (e) => e.level !== 3, undefined).length,
      );
      expect(tested).toBe(to - from);
      byPid.refresh();
      byTidDesc.refresh();
      byCompare.refresh();
      newestFirst.refresh();
      const seen = events.slice(0, to);
      expect(all(store, filtered)).toEqual(reference(seen, (e) => e.level !== 3, undefined));
      expect(all(store, byPid)).toEqual(
        reference(
          seen,
          (e) => e.level !== 3,
          (e) => e.pid,
        ),
      );
      expect(all(store, byTidDesc)).toEqual(
        reference(
          seen,
          () => true,
          (e) => e.tid,
          true,
        ),
      );
      expect(all(store, byCompare)).toEqual(
        reference(
          seen,
          () => true,
          (e) => e.cpu,
        ),
      );
      expect(newestFirst.rows(0, 2)).toEqual([to - 1, to - 2]);
    }
    expect(filtered.refresh()).toBe(0);
  });

  it('provider/event orders stay exact when new providers and event types arrive', () => {
    const { events } = syntheticEvents(3000, { types: 30 });
    // Later batches bring providers that sort before and between the first ones.
    const renamed = events.map((ev, i) =>
      i < 1000
        ? { ...ev, providerId: `m-${ev.providerId}` }
        : i < 2000
          ? ev
          : { ...ev, providerId: `a-${ev.providerId}` },
    );
    const store = new EventStore({ chunkRows: 1024 });
    store.appendBatch(renamed.slice(0, 1000));
    const byProvider = store.createView({ sortKey: 'provider' });
    const byEventDesc = store.createView({ sortKey: 'event', descending: true });
    const eventOrder = (a: RawEvent, b: RawEvent) =>
      (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0) ||
      a.id - b.id ||
      a.task - b.task ||
      a.opcode - b.opcode ||
      a.version - b.version;
    for (const to of [2000, 3000]) {
      store.appendBatch(renamed.slice(to - 1000, to));
      byProvider.refresh();
      byEventDesc.refresh();
      const rows = renamed.slice(0, to).map((ev, seq) => ({ ev, seq }));
      const expectedProvider = [...rows]
        .sort(
          (a, b) =>
            (a.ev.providerId < b.ev.providerId ? -1 : a.ev.providerId > b.ev.providerId ? 1 : 0) ||
            a.seq - b.seq,
        )
        .map((r) => r.seq);
      const expectedEventDesc = [...rows]
        .sort((a, b) => eventOrder(b.ev, a.ev) || a.seq - b.seq)
        .map((r) => r.seq);
      expect(all(store, byProvider)).toEqual(expectedProvider);
      expect(all(store, byEventDesc)).toEqual(expectedEventDesc);
    }
  });

  it('a time view switches to sorting by ticks when late events arrive', () => {
    const rng = new Rng(7);
    // Batches whose times overlap the previous batch (live ETW per-CPU buffers).
    const { events } = syntheticEvents(4000, { ticks: (i) => Math.floor(i / 500) * 400 + rng.int(500) });
    const store = new EventStore({ chunkRows: 1024 });
    const view = store.createView();
    const desc = store.createView({ descending: true });
    const byTime = (e: RawEvent) => e.ticks;
    for (let b = 0; b < 8; b++) {
      store.appendBatch(events.slice(b * 500, (b + 1) * 500));
      view.refresh();
      desc.refresh();
    }
    expect(store.outOfOrderEvents).toBeGreaterThan(0);
    const stored = Array.from({ length: 4000 }, (_, seq) => store.raw(seq) as RawEvent);
    const expected = reference(stored, () => true, byTime);
    expect(all(store, view)).toEqual(expected);
    expect(all(store, desc)).toEqual([...expected].reverse());
    // A view made after the disorder sorts by ticks from the start.
    expect(all(store, store.createView())).toEqual(expected);
  });

  it('evicted events leave views at once; refresh picks up what survived', () => {
    const { events } = syntheticEvents(12000, { payloadLength: () => 120, types: 40 });
    const store = new EventStore({ chunkRows: 1024, budgetBytes: 800_000 });
    store.appendBatch(events.slice(0, 2000));
    const view = store.createView({ predicate: (e) => e.level < 4 });
    const byPid = store.createView({ sortKey: 'pid' });
    store.appendBatch(events.slice(2000));
    expect(store.droppedByBudget).toBeGreaterThan(2000);
    const first = store.firstSeq;
    expect(view.rows(0, view.count).every((s) => s >= first)).toBe(true);
    expect(view.count).toBe(0); // its rows were all evicted; new ones arrive on refresh
    view.refresh();
    byPid.refresh();
    const kept = events.slice(first);
    expect(all(store, view)).toEqual(reference(kept, (e) => e.level < 4, undefined, false, first));
    expect(all(store, byPid)).toEqual(
      reference(
        kept,
        () => true,
        (e) => e.pid,
        false,
        first,
      ),
    );
  });
});

describe('EventView snapshots', () => {
  const seqsOf = (s: { base: number; offsets: Uint32Array }) => Array.from(s.offsets, (o) => s.base + o);

  it('hold the rows in view order: filtered, key-sorted, time descending', () => {
    const { events } = syntheticEvents(3000, { types: 20 });
    const store = new EventStore({ chunkRows: 1024 });
    store.appendBatch(events);
    for (const options of [
      { predicate: (e: StoredEventView) => e.level <= 2 },
      { sortKey: 'pid' as SortKey, descending: true },
      { sortKey: 'time' as SortKey, descending: true },
    ]) {
      const view = store.createView(options);
      expect(seqsOf(view.snapshot())).toEqual(view.rows(0, view.count));
    }
  });

  it('stay as taken while the view refreshes and the store evicts', () => {
    const { events } = syntheticEvents(12000, { payloadLength: () => 120, types: 40 });
    const store = new EventStore({ chunkRows: 1024, budgetBytes: 800_000 });
    store.appendBatch(events.slice(0, 2000));
    const view = store.createView({ sortKey: 'tid' });
    const snapshot = view.snapshot();
    const taken = seqsOf(snapshot);
    expect(taken).toHaveLength(2000);
    store.appendBatch(events.slice(2000));
    view.refresh();
    expect(store.droppedByBudget).toBeGreaterThan(2000);
    expect(seqsOf(snapshot)).toEqual(taken);
    expect(view.count).not.toBe(taken.length);
  });
});

describe('EventView batch keys', () => {
  it('asks for the keys of every filtered row at once, then of each refresh’s new rows; merges them', () => {
    const { events } = syntheticEvents(6000, { types: 30 });
    const store = new EventStore({ chunkRows: 1024 });
    store.appendBatch(events.slice(0, 2500));
    const keep = (e: { level: number }) => e.level !== 3;
    // The key of a row: its tid, except pid 8 (no key: last in both directions).
    const keyOf = (e: { pid: number; tid: number }) => (e.pid === 8 ? NaN : e.tid);
    const batches: number[][] = [];
    const batchKey = (rows: RowBatch) => {
      const seqs: number[] = [];
      const keys = new Float64Array(rows.length);
      rows.forEach((row, i) => {
        seqs.push(row.seq);
        keys[i] = keyOf(row);
      });
      batches.push(seqs);
      return keys;
    };
    const ascending = store.createView({ batchKey, predicate: keep });
    const descending = store.createView({ batchKey, predicate: keep, descending: true });
    const expected = (seen: RawEvent[], down: boolean) => {
      const rows = seen.map((ev, seq) => ({ ev, seq })).filter((r) => keep(r.ev));
      const present = rows.filter((r) => !Number.isNaN(keyOf(r.ev)));
      present.sort((a, b) => (down ? -1 : 1) * (keyOf(a.ev) - keyOf(b.ev)) || a.seq - b.seq);
      return [...present, ...rows.filter((r) => Number.isNaN(keyOf(r.ev)))].map((r) => r.seq);
    };
    expect(batches).toHaveLength(2);
    expect(batches[0]).toEqual(reference(events.slice(0, 2500), keep, undefined));
    expect(all(store, ascending)).toEqual(expected(events.slice(0, 2500), false));
    expect(all(store, descending)).toEqual(expected(events.slice(0, 2500), true));
    store.appendBatch(events.slice(2500));
    ascending.refresh();
    descending.refresh();
    expect(batches).toHaveLength(4);
    expect(batches[2]).toEqual(reference(events.slice(2500), keep, undefined, false, 2500));
    expect(all(store, ascending)).toEqual(expected(events, false));
    expect(all(store, descending)).toEqual(expected(events, true));
    expect(all(store, ascending)).toHaveLength(reference(events, keep, undefined).length);
  });
});
