// EventView: a filter + sort over an EventStore, answered as windows (`rows(offset, limit)` → seqs) for
// the virtualized table. The filter applies to everything stored when the view is made; `refresh()`
// then tests only events appended since (live tail) and merges them into the order. Evicted events
// leave the view as soon as the store drops them (count/rows always name stored events).
//
// Orders:
//  - 'time' (default): seq order, which is time order while the store is time-ordered; the first
//    late event (store.outOfOrderEvents) switches the view to sorting by ticks. Descending = reversed.
//  - 'seq': arrival order. Descending = reversed.
//  - other SortKeys and custom `key`: stable radix sort by the numeric key (ties in seq order). Rows
//    keep their keys beside them (12 bytes per row instead of 4), so merging new rows reads only
//    the view's own arrays, never the store in sorted (random) order. A custom key must therefore
//    be stable for a row. Descending negates the key, so ties stay in seq order. 'provider'/'event'
//    keys are ranks: when new providers/event types arrive, the view re-keys in seq order and
//    re-sorts once.
//  - custom `batchKey`: the same, but keys come a batch at a time (every row when the view is made,
//    then the rows each refresh adds), for keys that must see the batch's values before giving any
//    (ranks of decoded property values, pipeline/property-sort.ts). Also stable for a row.
//  - custom `compare`: comparison sort (ties by seq); the slow path for orders no key expresses.
//
// Predicates, keys and comparators receive a positioned StoredEventView cursor; they must not keep it.

import type { Chunk } from './chunk';
import type { EventStore } from './event-store';
import { sortByKey } from './radix-sort';
import { MAX_SEQ_OFFSET, SeqList } from './seq-list';
import { makeKeyReader, type RowKeyReader, type SortKey } from './sort-keys';
import type { StoredEventView } from './stored-event-view';

export type RowPredicate = (ev: StoredEventView) => boolean;
export type RowKey = (ev: StoredEventView) => number;
export type RowCompare = (a: StoredEventView, b: StoredEventView) => number;

/** Rows to key at once, in seq order: `forEach` positions one cursor on each in turn. */
export interface RowBatch {
  readonly length: number;
  forEach(visit: (row: StoredEventView, index: number) => void): void;
}

/**
 * Keys of a batch of rows: visits `rows` (once) and returns one key per row, in the same order. Like a
 * RowKey, the key a row gets must not change from batch to batch.
 */
export type RowBatchKey = (rows: RowBatch) => Float64Array;

/** Rows of a view at one moment, in view order: row i is event `base + offsets[i]`. */
export interface RowSnapshot {
  base: number;
  offsets: Uint32Array;
}

export interface ViewOptions {
  /** Rows to keep; all rows when absent. */
  predicate?: RowPredicate;
  /** Built-in order (default 'time'). */
  sortKey?: SortKey;
  /** Custom numeric key; overrides sortKey. */
  key?: RowKey;
  /** Custom numeric keys, a batch of rows at a time; overrides key and sortKey. */
  batchKey?: RowBatchKey;
  /** Custom comparator; overrides key and sortKey. Ties are broken by seq. */
  compare?: RowCompare;
  descending?: boolean;
}

type Order = 'seq' | 'key' | 'compare';

/** NaN sorts last, -0 equals +0 (the same rules as radix-sort.ts). */
function normalizeKey(k: number): number {
  return k !== k ? Infinity : k + 0;
}

export class EventView {
  private readonly list: SeqList;
  private order: Order;
  private readonly timeSort: boolean;
  /** Rows are kept ascending and read from the end (time/seq descending). */
  private readonly reversed: boolean;
  /** Keys (or comparator results) are negated (other descending orders). */
  private readonly negate: boolean;
  private readonly predicate: RowPredicate | undefined;
  private readonly compare: RowCompare | undefined;
  private readonly customKey: RowKey | undefined;
  private readonly batchKey: RowBatchKey | undefined;
  private readonly sortKey: SortKey;
  private readonly cursor: StoredEventView;
  private readonly otherCursor: StoredEventView;
  private scannedTo: number;
  private seenFirstSeq: number;
  private seenOutOfOrder: number;
  /** Identifies the rank tables behind the kept keys ('provider'/'event' keys are ranks). */
  private keyEpoch = 0;

  constructor(
    readonly store: EventStore,
    options: ViewOptions = {},
  ) {
    this.predicate = options.predicate;
    this.compare = options.compare;
    this.batchKey = options.compare ? undefined : options.batchKey;
    this.customKey = options.compare || options.batchKey ? undefined : options.key;
    this.sortKey = options.sortKey ?? 'time';
    const builtin = !options.compare && !options.key && !options.batchKey;
    this.timeSort = builtin && this.sortKey === 'time';
    this.reversed =
      (options.descending ?? false) && builtin && (this.sortKey === 'time' || this.sortKey === 'seq');
    this.negate = (options.descending ?? false) && !this.reversed;
    this.cursor = store.cursor();
    this.otherCursor = store.cursor();
    if (options.compare) this.order = 'compare';
    else if (!builtin || (this.sortKey !== 'time' && this.sortKey !== 'seq')) this.order = 'key';
    else if (this.timeSort && store.lastOutOfOrderSeq >= store.firstSeq) this.order = 'key';
    else this.order = 'seq';

    this.list = new SeqList(store.firstSeq, store.count);
    this.scannedTo = store.nextSeq;
    this.seenFirstSeq = store.firstSeq;
    this.seenOutOfOrder = store.outOfOrderEvents;
    this.scan(store.firstSeq, store.nextSeq, this.list);
    this.list.shrinkToFit();
    if (this.order === 'key') this.sortBySeqOrderKeys(this.list.offsets());
    else if (this.order === 'compare') this.list.assign(this.sortedByCompare(this.list.offsets()));
  }

  /** Bytes held by the view's row (and key) arrays; not part of the store's budget. */
  get byteSize(): number {
    return this.list.byteSize;
  }

  /** Rows in the view (stored events that pass the filter, as of the last refresh). */
  get count(): number {
    this.syncEvictions();
    return this.list.length;
  }

  /** Seqs of rows [offset, offset + limit) in view order; fewer (or none) past the end. */
  rows(offset: number, limit: number): number[] {
    this.syncEvictions();
    const n = this.list.length;
    const from = Math.max(0, Math.floor(offset));
    const to = Math.min(n, from + Math.max(0, Math.floor(limit)));
    const out: number[] = [];
    for (let p = from; p < to; p++) out.push(this.list.seqAt(this.reversed ? n - 1 - p : p));
    return out;
  }

  /**
   * A copy of the rows in view order, detached from the view: later refreshes and evictions leave it
   * alone (an export writes exactly the rows the view had; events evicted meanwhile are missed by
   * `store.cursor().moveTo`). 4 bytes per row.
   */
  snapshot(): RowSnapshot {
    this.syncEvictions();
    const offsets = this.list.offsets().slice();
    if (this.reversed) offsets.reverse();
    return { base: this.list.base, offsets };
  }

  /** Position of `seq` in the view, or -1. Binary search in seq order, else a linear scan. */
  positionOf(seq: number): number {
    this.syncEvictions();
    const n = this.list.length;
    let index = -1;
    if (this.order === 'seq') {
      const at = this.lowerBound(n, (i) => this.list.seqAt(i) < seq);
      if (at < n && this.list.seqAt(at) === seq) index = at;
    } else {
      index = this.list.offsets().indexOf(seq - this.list.base);
    }
    return index < 0 ? -1 : this.reversed ? n - 1 - index : index;
  }

  /**
   * Tests the events appended since the last refresh and merges the matches into the order.
   * Returns how many rows were added.
   */
  refresh(): number {
    this.syncEvictions();
    const store = this.store;
    const list = this.list;
    const from = Math.max(this.scannedTo, store.firstSeq);
    const to = store.nextSeq;
    this.scannedTo = to;
    if (this.timeSort && this.order === 'seq' && store.outOfOrderEvents !== this.seenOutOfOrder) {
      // Rows so far are in time order (the late events are all new): keep them, sort from now on.
      this.order = 'key';
      this.keyEpoch = this.currentKeyEpoch();
      const offsets = list.offsets().slice();
      list.assign(offsets, this.keysOf(offsets));
    }
    this.seenOutOfOrder = store.outOfOrderEvents;
    if (this.order === 'key' && this.keyEpoch !== this.currentKeyEpoch()) {
      // New providers/event types shift the ranks: re-key in seq order (sequential reads), re-sort.
      const offsets = list.offsets();
      this.sortBySeqOrderKeys(sortByKey(offsets, Float64Array.from(offsets)).items);
    }
    if (from >= to) return 0;
    if (to - 1 - list.base > MAX_SEQ_OFFSET) list.rebase(store.firstSeq);
    if (this.order === 'seq') {
      const before = list.length;
      this.scan(from, to, list);
      return list.length - before;
    }
    const fresh = new SeqList(list.base, 256);
    this.scan(from, to, fresh);
    if (fresh.length === 0) return 0;
    if (this.order === 'key') {
      const sorted = sortByKey(fresh.offsets(), this.keysOf(fresh.offsets()));
      list.mergeKeyed(sorted.items, sorted.keys);
    } else {
      this.mergeCompared(this.sortedByCompare(fresh.offsets()));
    }
    return fresh.length;
  }

  /** @internal Visits every row, in the list's stored order (aggregates). */
  forEachRow(visit: (chunk: Chunk, row: number) => void): void {
    this.syncEvictions();
    const offsets = this.list.offsets();
    const base = this.list.base;
    let chunk: Chunk | undefined;
    for (let i = 0; i < offsets.length; i++) {
      const seq = base + (offsets[i] as number);
      if (!chunk || seq < chunk.firstSeq || seq >= chunk.nextSeq) chunk = this.store.chunkOf(seq) as Chunk;
      visit(chunk, seq - chunk.firstSeq);
    }
  }

  /** Appends the matching seqs of [from, to) to `out`, in seq order. */
  private scan(from: number, to: number, out: SeqList): void {
    const predicate = this.predicate;
    const cursor = this.cursor;
    for (const chunk of this.store.chunkList) {
      if (chunk.nextSeq <= from) continue;
      if (chunk.firstSeq >= to) break;
      const start = Math.max(0, from - chunk.firstSeq);
      const end = Math.min(chunk.count, to - chunk.firstSeq);
      if (!predicate) {
        out.pushRange(chunk.firstSeq + start, end - start);
        continue;
      }
      for (let row = start; row < end; row++) {
        if (predicate(cursor.at(chunk, row))) out.push(chunk.firstSeq + row);
      }
    }
  }

  /** Drops rows whose events the store has evicted. */
  private syncEvictions(): void {
    const first = this.store.firstSeq;
    if (first === this.seenFirstSeq) return;
    this.seenFirstSeq = first;
    if (this.order === 'seq') {
      this.list.dropFront(this.lowerBound(this.list.length, (i) => this.list.seqAt(i) < first));
    } else {
      this.list.retain((seq) => seq >= first);
    }
  }

  /** First index in [0, n) where below(index) is false (below is true for a prefix). */
  private lowerBound(n: number, below: (index: number) => boolean): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (below(mid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private keyReader(): RowKeyReader {
    const custom = this.customKey;
    if (custom) {
      const cursor = this.cursor;
      return (chunk, row) => custom(cursor.at(chunk, row));
    }
    return makeKeyReader(this.store, this.sortKey);
  }

  /** Changes when the rank tables behind 'provider'/'event' keys change (new providers/types). */
  private currentKeyEpoch(): number {
    if (this.customKey || this.batchKey) return 0;
    if (this.sortKey === 'provider') return this.store.providers.count;
    if (this.sortKey === 'event') return this.store.descriptors.count;
    return 0;
  }

  /** Keys of the rows `offsets` (from list.base), normalized and negated for descending orders. */
  private keysOf(offsets: Uint32Array): Float64Array {
    if (this.batchKey) return this.batchKeysOf(offsets, this.batchKey);
    const reader = this.keyReader();
    const keys = new Float64Array(offsets.length);
    const base = this.list.base;
    const sign = this.negate ? -1 : 1;
    let chunk: Chunk | undefined;
    for (let i = 0; i < offsets.length; i++) {
      const seq = base + (offsets[i] as number);
      if (!chunk || seq < chunk.firstSeq || seq >= chunk.nextSeq) chunk = this.store.chunkOf(seq) as Chunk;
      keys[i] = normalizeKey(sign * reader(chunk, seq - chunk.firstSeq));
    }
    return keys;
  }

  /** keysOf for a batch key: one call for all the rows (a key it leaves out sorts last). */
  private batchKeysOf(offsets: Uint32Array, batchKey: RowBatchKey): Float64Array {
    const base = this.list.base;
    const cursor = this.cursor;
    const store = this.store;
    const given = batchKey({
      length: offsets.length,
      forEach(visit) {
        let chunk: Chunk | undefined;
        for (let i = 0; i < offsets.length; i++) {
          const seq = base + (offsets[i] as number);
          if (!chunk || seq < chunk.firstSeq || seq >= chunk.nextSeq) chunk = store.chunkOf(seq) as Chunk;
          visit(cursor.at(chunk, seq - chunk.firstSeq), i);
        }
      },
    });
    const keys = new Float64Array(offsets.length);
    const sign = this.negate ? -1 : 1;
    for (let i = 0; i < keys.length; i++) keys[i] = normalizeKey(sign * (given[i] ?? NaN));
    return keys;
  }

  /** Makes the list `offsets` (given in seq order, so key reads are sequential) sorted by key. */
  private sortBySeqOrderKeys(offsets: Uint32Array): void {
    this.keyEpoch = this.currentKeyEpoch();
    const sorted = sortByKey(offsets, this.keysOf(offsets));
    this.list.assign(sorted.items, sorted.keys);
  }

  /** `offsets` sorted by the comparator, ties in seq order. */
  private sortedByCompare(offsets: Uint32Array): Uint32Array {
    const rows = Array.from(offsets).sort((a, b) => this.compareOffsets(a, b));
    return Uint32Array.from(rows);
  }

  private compareOffsets(a: number, b: number): number {
    const compare = this.compare as RowCompare;
    this.cursor.moveTo(this.list.base + a);
    this.otherCursor.moveTo(this.list.base + b);
    const r = compare(this.cursor, this.otherCursor);
    return (this.negate ? -r : r) || a - b;
  }

  /**
   * Merges new rows sorted by the comparator (all with larger seqs than existing rows) from the first
   * existing row that orders after the first new one. Each comparison reads the store (random
   * access): the slow path, for orders no numeric key expresses.
   */
  private mergeCompared(incoming: Uint32Array): void {
    const list = this.list;
    const offsets = list.offsets();
    const first = incoming[0] as number;
    const start = this.lowerBound(
      offsets.length,
      (i) => this.compareOffsets(offsets[i] as number, first) <= 0,
    );
    const tail = offsets.slice(start);
    const total = tail.length + incoming.length;
    const merged = new Uint32Array(total);
    let i = 0;
    let j = 0;
    for (let k = 0; k < total; k++) {
      const takeExisting =
        j >= incoming.length ||
        (i < tail.length && this.compareOffsets(tail[i] as number, incoming[j] as number) <= 0);
      merged[k] = takeExisting ? (tail[i++] as number) : (incoming[j++] as number);
    }
    list.replaceTail(start, merged);
  }
}
