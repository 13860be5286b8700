// StoredEventView: a flyweight cursor over one stored event. It exposes the header fields that filters
// need (the FilterSubject header subset: providerId, id, version, opcode, task, level, keywords,
// channel, pid, tid, cpu, ticks) as getters reading the store's columns, so scanning millions of rows
// allocates nothing. `payload()`/`ext()`/`raw()` return views into the store's arena, valid while the
// event stays stored (a budget eviction drops whole chunks; copy to keep longer).
//
// One cursor is positioned at a time: predicates, keys and comparators receive it and must not keep
// it. Move it with `moveTo(seq)`; scans position it internally with `at(chunk, row)`.

import type { RawEvent, ExtItem, RecordKind } from '../events/raw-event';
import { Chunk, HAS_EXT, PAYLOAD_LEN_MASK } from './chunk';
import type { DescriptorTable } from './descriptor-table';
import { readExtBlob } from './ext-blob';
import type { ProviderTable } from './provider-table';

/** What a cursor needs from the store (EventStore implements it). */
export interface StoreInternals {
  readonly descriptors: DescriptorTable;
  readonly providers: ProviderTable;
  chunkOf(seq: number): Chunk | undefined;
}

const EMPTY_CHUNK = new Chunk(-1, 1, false);

export class StoredEventView {
  private chunk: Chunk = EMPTY_CHUNK;
  private row = 0;
  private readonly descriptors: DescriptorTable;

  constructor(private readonly store: StoreInternals) {
    this.descriptors = store.descriptors;
  }

  /** Positions the cursor on `seq`; false (cursor unchanged) when that event is not stored. */
  moveTo(seq: number): boolean {
    const chunk = this.store.chunkOf(seq);
    if (!chunk) return false;
    this.chunk = chunk;
    this.row = seq - chunk.firstSeq;
    return true;
  }

  /** @internal Positions the cursor on a row of a chunk (store scans). */
  at(chunk: Chunk, row: number): this {
    this.chunk = chunk;
    this.row = row;
    return this;
  }

  /** Global sequence number: stable for the event's lifetime in the store. */
  get seq(): number {
    return this.chunk.firstSeq + this.row;
  }
  get ticks(): number {
    return this.chunk.ticks[this.row] as number;
  }
  get pid(): number {
    return this.chunk.pid[this.row] as number;
  }
  get tid(): number {
    return this.chunk.tid[this.row] as number;
  }
  get cpu(): number {
    return this.chunk.cpu[this.row] as number;
  }
  /** Index into the store's descriptor table (same value = same provider + descriptor + header). */
  get descriptorIndex(): number {
    return this.chunk.desc[this.row] as number;
  }
  get providerIndex(): number {
    return this.descriptors.providerIndex(this.descriptorIndex);
  }
  get providerId(): string {
    return this.store.providers.id(this.providerIndex);
  }
  get id(): number {
    return this.descriptors.id(this.descriptorIndex);
  }
  get version(): number {
    return this.descriptors.version(this.descriptorIndex);
  }
  get channel(): number {
    return this.descriptors.channel(this.descriptorIndex);
  }
  get level(): number {
    return this.descriptors.level(this.descriptorIndex);
  }
  get opcode(): number {
    return this.descriptors.opcode(this.descriptorIndex);
  }
  get task(): number {
    return this.descriptors.task(this.descriptorIndex);
  }
  get keywords(): bigint {
    return this.descriptors.keywords(this.descriptorIndex);
  }
  /** Low/high 32 bits of keywords, for bit tests without bigint arithmetic. */
  get keywordsLow(): number {
    return this.descriptors.keywordsLow(this.descriptorIndex);
  }
  get keywordsHigh(): number {
    return this.descriptors.keywordsHigh(this.descriptorIndex);
  }
  get flags(): number {
    return this.descriptors.flags(this.descriptorIndex);
  }
  get kind(): RecordKind {
    return this.descriptors.kind(this.descriptorIndex) as RecordKind;
  }
  get headerType(): number {
    return this.descriptors.headerType(this.descriptorIndex);
  }
  get pointerSize(): 4 | 8 {
    return this.descriptors.pointerSize(this.descriptorIndex);
  }
  get group(): number {
    return this.descriptors.group(this.descriptorIndex);
  }
  get activityId(): string {
    return this.chunk.activityIds[this.chunk.activity[this.row] as number] ?? '';
  }
  get payloadLength(): number {
    return (this.chunk.dataLen[this.row] as number) & PAYLOAD_LEN_MASK;
  }
  get hasExt(): boolean {
    return ((this.chunk.dataLen[this.row] as number) & HAS_EXT) !== 0;
  }
  /** File offset of the record's buffer, or -1 when the store does not keep source offsets. */
  get bufferOffset(): number {
    return this.chunk.bufferOffset ? (this.chunk.bufferOffset[this.row] as number) : -1;
  }
  /** Offset of the record in its (decompressed) buffer, or -1 when not kept. */
  get recordOffset(): number {
    return this.chunk.recordOffset ? (this.chunk.recordOffset[this.row] as number) : -1;
  }

  /** The payload bytes: a view into the store's arena (no copy). */
  payload(): Uint8Array {
    const offset = this.chunk.offsetOf(this.row);
    return this.chunk.slabOf(this.row).subarray(offset, offset + this.payloadLength);
  }

  /** Extended data items, their data as views into the arena; [] when the event has none. */
  ext(): ExtItem[] {
    if (!this.hasExt) return [];
    return readExtBlob(this.chunk.slabOf(this.row), this.chunk.offsetOf(this.row) + this.payloadLength);
  }

  /** Rebuilds the RawEvent (payload/ext are arena views; offsets are -1 when not kept). */
  raw(): RawEvent {
    const d = this.descriptorIndex;
    const t = this.descriptors;
    return {
      kind: t.kind(d) as RecordKind,
      headerType: t.headerType(d),
      pointerSize: t.pointerSize(d),
      ticks: this.ticks,
      cpu: this.cpu,
      pid: this.pid,
      tid: this.tid,
      providerId: this.store.providers.id(t.providerIndex(d)),
      id: t.id(d),
      version: t.version(d),
      channel: t.channel(d),
      level: t.level(d),
      opcode: t.opcode(d),
      task: t.task(d),
      keywords: t.keywords(d),
      flags: t.flags(d),
      group: t.group(d),
      activityId: this.activityId,
      ext: this.ext(),
      payload: this.payload(),
      bufferOffset: this.bufferOffset,
      recordOffset: this.recordOffset,
    };
  }
}
