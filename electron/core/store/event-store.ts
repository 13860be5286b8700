// EventStore: every event the pipeline keeps, as compact typed-array columns in chunks (chunk.ts) with
// interned descriptors (descriptor-table.ts) and the payload/extended bytes copied into arena slabs
// (arena.ts). RawEvent payloads are views into a source buffer that dies soon; the store copies them.
//
// Each event gets a global sequence number (seq), increasing by one per append and never reused, so
// views (event-view.ts) can name events across evictions. With a memory budget, the oldest whole
// chunks are dropped when the store grows past it (`droppedByBudget` counts the events; `firstSeq`
// moves on). The chunk being written is never dropped, so the smallest effective budget is one chunk.
// Spilling evicted chunks to disk is not implemented.
//
// Order: seq order is arrival order. The ETL reader yields time-ordered events, so seq order is time
// order. Live batches can arrive slightly late: `appendBatch` sorts each batch by time, and events
// older than the newest stored one are counted in `outOfOrderEvents`; time-sorted views then sort by
// ticks instead of relying on seq order (see event-view.ts).
//
// Widths: pid/tid are kept as Int32 (0xFFFFFFFF reads back as -1, the "none" value); cpu 16 bits;
// descriptor fields at their ETW widths (descriptor-table.ts).

import type { RawEvent } from '../events/raw-event';
import { Arena, SLAB_OFFSET_BITS, type Slab } from './arena';
import { Chunk, HAS_EXT } from './chunk';
import { DescriptorTable } from './descriptor-table';
import { extBlobSize, writeExtBlob } from './ext-blob';
import { ProviderTable } from './provider-table';
import { EventView, type ViewOptions } from './event-view';
import { StoredEventView, type StoreInternals } from './stored-event-view';

export interface EventStoreOptions {
  /** Drop the oldest chunks when the store's memory exceeds this many bytes. Default: no limit. */
  budgetBytes?: number;
  /** Rows per chunk: a power of two from 256 to 65536 (default 65536). Eviction granularity. */
  chunkRows?: number;
  /** Keep each event's bufferOffset/recordOffset (12 bytes per event). Default false. */
  keepSourceOffsets?: boolean;
}

/** Largest payload + extended data the store accepts for one event (ETW records are < 64 KiB). */
export const MAX_EVENT_DATA_BYTES = 64 * 1024 * 1024;
const FIRST_CHUNK_ROWS = 256;

export interface StoreStats {
  events: number;
  chunks: number;
  columnBytes: number;
  arenaBytes: number;
  /** Payload + extended-data bytes stored (the "raw" bytes). */
  dataBytes: number;
  /** Descriptor, provider and activity tables. */
  tableBytes: number;
  totalBytes: number;
  /** (totalBytes - dataBytes) / events. */
  bytesPerEventBeyondData: number;
}

export class EventStore implements StoreInternals {
  readonly providers = new ProviderTable();
  readonly descriptors = new DescriptorTable();
  readonly budgetBytes: number;
  readonly chunkRows: number;
  readonly keepSourceOffsets: boolean;

  private readonly chunks: Chunk[] = [];
  private readonly arena: Arena;
  private nextSeqValue = 0;
  private firstSeqValue = 0;
  private newestTicks = -Infinity;
  private lastKeywords = 0n;
  private lastKeywordsLow = 0;
  private lastKeywordsHigh = 0;
  /** Keyword values seen → [low, high] halves (a Map lookup is ~3x cheaper than BigInt splitting). */
  private readonly keywordHalves = new Map<bigint, [number, number]>();
  /** Events per descriptor index among stored events (maintained on append and eviction). */
  private counts = new Uint32Array(64);

  /** Events dropped to stay within budgetBytes. */
  droppedByBudget = 0;
  /** Events refused because their data exceeded MAX_EVENT_DATA_BYTES (not stored, no seq). */
  droppedOversize = 0;
  /** Events appended with ticks older than an event already stored. */
  outOfOrderEvents = 0;
  /** Seq of the latest out-of-order event, -1 if none. */
  lastOutOfOrderSeq = -1;

  constructor(options: EventStoreOptions = {}) {
    const rows = options.chunkRows ?? 65536;
    if (!Number.isInteger(Math.log2(rows)) || rows < 256 || rows > 65536) {
      throw new Error(`chunkRows must be a power of two from 256 to 65536, got ${rows}`);
    }
    this.chunkRows = rows;
    this.budgetBytes = options.budgetBytes ?? Infinity;
    this.arena = new Arena(this.budgetBytes);
    this.keepSourceOffsets = options.keepSourceOffsets ?? false;
  }

  /** Seq of the oldest stored event (equals nextSeq when empty). */
  get firstSeq(): number {
    return this.firstSeqValue;
  }
  /** Seq of the newest stored event (firstSeq - 1 when empty). */
  get lastSeq(): number {
    return this.nextSeqValue - 1;
  }
  /** Seq the next appended event will get. */
  get nextSeq(): number {
    return this.nextSeqValue;
  }
  /** Events currently stored. */
  get count(): number {
    return this.nextSeqValue - this.firstSeqValue;
  }
  /** Bytes held: columns, arena slabs and tables. This is what budgetBytes limits. */
  get memoryBytes(): number {
    return this.stats().totalBytes;
  }

  /** Copies one event into the store; returns its seq, or -1 when refused as oversize. */
  append(ev: RawEvent): number {
    const ext = ev.ext;
    const payloadLength = ev.payload.length;
    const size = ext.length > 0 ? payloadLength + extBlobSize(ext) : payloadLength;
    if (size > MAX_EVENT_DATA_BYTES) {
      this.droppedOversize++;
      return -1;
    }
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || chunk.count === this.chunkRows) chunk = this.openChunk();
    else if (chunk.count === chunk.capacity) this.growChunk(chunk);
    const arena = this.arena;
    const arenaBytes = arena.byteSize;
    arena.reserve(size, this.nextSeqValue);
    const slab = arena.slab as Slab;
    const offset = arena.offset;
    let slabIndex = chunk.slabIndex(slab);
    if (slabIndex < 0) {
      chunk = this.openChunk();
      slabIndex = chunk.slabIndex(slab);
    }
    if (arena.byteSize !== arenaBytes) this.enforceBudget();
    const bytes = slab.bytes;
    bytes.set(ev.payload, offset);
    if (ext.length > 0) writeExtBlob(bytes, offset + payloadLength, ext);

    const keywords = ev.keywords;
    if (keywords !== this.lastKeywords) this.splitKeywords(keywords);
    const d = this.descriptors.intern(
      this.providers.intern(ev.providerId),
      ev,
      this.lastKeywordsLow,
      this.lastKeywordsHigh,
    );
    if (d >= this.counts.length) {
      const grown = new Uint32Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[d] = (this.counts[d] as number) + 1;

    const row = chunk.count++;
    const ticks = ev.ticks;
    chunk.ticks[row] = ticks;
    chunk.pid[row] = ev.pid;
    chunk.tid[row] = ev.tid;
    chunk.cpu[row] = ev.cpu;
    chunk.desc[row] = d;
    chunk.activity[row] = ev.activityId === '' ? 0 : chunk.internActivity(ev.activityId);
    chunk.dataRef[row] = ((slabIndex << SLAB_OFFSET_BITS) | offset) >>> 0;
    chunk.dataLen[row] = ext.length > 0 ? (payloadLength | HAS_EXT) >>> 0 : payloadLength;
    if (chunk.bufferOffset && chunk.recordOffset) {
      chunk.bufferOffset[row] = ev.bufferOffset;
      chunk.recordOffset[row] = ev.recordOffset;
    }
    chunk.dataBytes += size;
    if (ticks < chunk.minTicks) chunk.minTicks = ticks;
    if (ticks > chunk.maxTicks) chunk.maxTicks = ticks;
    const seq = this.nextSeqValue++;
    if (ticks < this.newestTicks) {
      this.outOfOrderEvents++;
      this.lastOutOfOrderSeq = seq;
    } else {
      this.newestTicks = ticks;
    }
    return seq;
  }

  /**
   * Appends a batch (a live batch or a reader's run). Events are appended in time order: a batch
   * that is not sorted by ticks is sorted first (stable). Returns the seq of the batch's first event.
   */
  appendBatch(events: readonly RawEvent[]): number {
    const first = this.nextSeqValue;
    let sorted = true;
    for (let i = 1; i < events.length && sorted; i++) {
      sorted = (events[i - 1] as RawEvent).ticks <= (events[i] as RawEvent).ticks;
    }
    const ordered = sorted ? events : [...events].sort((a, b) => a.ticks - b.ticks);
    for (const ev of ordered) this.append(ev);
    return first;
  }

  /** A filtered, sorted view over the store (event-view.ts); refresh() it after appends. */
  createView(options: ViewOptions = {}): EventView {
    return new EventView(this, options);
  }

  /** A new cursor (flyweight); position it with moveTo(seq). */
  cursor(): StoredEventView {
    return new StoredEventView(this);
  }

  /** The stored event `seq` as a RawEvent (payload/ext are arena views), or undefined. */
  raw(seq: number): RawEvent | undefined {
    const cursor = this.cursor();
    return cursor.moveTo(seq) ? cursor.raw() : undefined;
  }

  /** Events per descriptor index among stored events. Index with StoredEventView.descriptorIndex. */
  descriptorCounts(): Uint32Array {
    return this.counts.subarray(0, this.descriptors.count);
  }

  /** @internal The chunk holding `seq`, or undefined when that event is not stored. */
  chunkOf(seq: number): Chunk | undefined {
    if (seq < this.firstSeqValue || seq >= this.nextSeqValue) return undefined;
    const chunks = this.chunks;
    const first = chunks[0] as Chunk;
    // Chunks are full-size except when a chunk's arena ran out of slabs; guess, then search.
    const guess = chunks[Math.floor((seq - first.firstSeq) / this.chunkRows)];
    if (guess && seq >= guess.firstSeq && seq < guess.nextSeq) return guess;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((chunks[mid] as Chunk).firstSeq <= seq) lo = mid;
      else hi = mid - 1;
    }
    return chunks[lo];
  }

  /** @internal Stored chunks, oldest first (scans). */
  get chunkList(): readonly Chunk[] {
    return this.chunks;
  }

  /** Frees slack after a bulk load (last chunk's unused rows and slab tail). Appending stays possible. */
  trim(): void {
    const chunk = this.chunks[this.chunks.length - 1];
    if (!chunk) return;
    this.arena.trim();
    if (chunk.count < chunk.capacity) chunk.resize(Math.max(chunk.count, 1));
  }

  /** Memory figures, summed over the chunks (a few hundred at most). */
  stats(): StoreStats {
    let columnBytes = 0;
    const arenaBytes = this.arena.byteSize;
    let dataBytes = 0;
    let tableBytes = this.descriptors.byteSize + this.providers.byteSize;
    for (const chunk of this.chunks) {
      columnBytes += chunk.columnBytes;
      dataBytes += chunk.dataBytes;
      tableBytes += chunk.activityBytes;
    }
    const totalBytes = columnBytes + arenaBytes + tableBytes;
    const events = this.count;
    return {
      events,
      chunks: this.chunks.length,
      columnBytes,
      arenaBytes,
      dataBytes,
      tableBytes,
      totalBytes,
      bytesPerEventBeyondData: events > 0 ? (totalBytes - dataBytes) / events : 0,
    };
  }

  private splitKeywords(keywords: bigint): void {
    let halves = this.keywordHalves.get(keywords);
    if (!halves) {
      halves = [Number(BigInt.asUintN(32, keywords)), Number(BigInt.asUintN(32, keywords >> 32n))];
      // Distinct keyword values are few (one per event type at most); the bound guards odd sources.
      if (this.keywordHalves.size >= 65536) this.keywordHalves.clear();
      this.keywordHalves.set(keywords, halves);
    }
    this.lastKeywords = keywords;
    [this.lastKeywordsLow, this.lastKeywordsHigh] = halves;
  }

  private openChunk(): Chunk {
    const previous = this.chunks[this.chunks.length - 1];
    // The first chunk starts small and doubles (small traces stay small); later ones are full-size.
    const capacity = previous ? this.chunkRows : Math.min(FIRST_CHUNK_ROWS, this.chunkRows);
    const chunk = new Chunk(this.nextSeqValue, capacity, this.keepSourceOffsets);
    this.chunks.push(chunk);
    this.enforceBudget();
    return chunk;
  }

  private growChunk(chunk: Chunk): void {
    chunk.resize(Math.min(chunk.capacity * 2, this.chunkRows));
    this.enforceBudget();
  }

  private enforceBudget(): void {
    if (this.budgetBytes === Infinity) return;
    while (this.memoryBytes > this.budgetBytes && this.chunks.length > 1) this.evictOldest();
  }

  private evictOldest(): void {
    const chunk = this.chunks.shift();
    if (!chunk) return;
    const counts = this.counts;
    for (let row = 0; row < chunk.count; row++) {
      const d = chunk.desc[row] as number;
      counts[d] = (counts[d] as number) - 1;
    }
    this.droppedByBudget += chunk.count;
    this.firstSeqValue = chunk.nextSeq;
    this.arena.release(this.firstSeqValue);
  }
}
