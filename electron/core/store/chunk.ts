// One chunk of the event store: up to `chunkRows` consecutive events (by sequence number) as typed
// header columns, pointing into the store's arena for each event's payload and extended data.
// Chunks are the unit of growth and of eviction: dropping the oldest chunk frees its columns and its
// activity-id table at once (and the arena frees the slabs no stored event uses any more), so a
// memory budget costs nothing per event.
//
// Per row (bytes): ticks 8, pid 4, tid 4, cpu 2, descriptor 4, activity 4, dataRef 4, dataLen 4 = 34,
// plus 12 with source offsets (bufferOffset 8, recordOffset 4).
//
// Bytes live in the store's arena (arena.ts); a row's `dataRef` is localSlab << 22 | offsetInSlab,
// where localSlab indexes this chunk's list of the slabs it uses (at most 1024; a chunk that needs
// more ends early). `dataLen` is the payload length, with bit 31 set when an extended-data blob
// follows the payload (layout in ext-blob.ts).

import { MAX_SLAB_BYTES, SLAB_OFFSET_BITS, type Slab } from './arena';

export const MAX_SLABS_PER_CHUNK = 1024;
export const HAS_EXT = 0x80000000;
export const PAYLOAD_LEN_MASK = 0x7fffffff;

export class Chunk {
  count = 0;
  capacity: number;
  ticks: Float64Array;
  pid: Int32Array;
  tid: Int32Array;
  cpu: Uint16Array;
  desc: Uint32Array;
  /** 0 = no activity id, else 1 + index into activityIds. */
  activity: Uint32Array;
  dataRef: Uint32Array;
  dataLen: Uint32Array;
  bufferOffset: Float64Array | undefined;
  recordOffset: Uint32Array | undefined;
  /** The arena slabs this chunk's rows point into (shared with neighbouring chunks). */
  readonly slabs: Slab[] = [];
  /** Payload + extended-data bytes actually stored. */
  dataBytes = 0;
  minTicks = Infinity;
  maxTicks = -Infinity;
  readonly activityIds: string[] = [''];
  private readonly activityIndex = new Map<string, number>();

  constructor(
    readonly firstSeq: number,
    capacity: number,
    keepSourceOffsets: boolean,
  ) {
    this.capacity = capacity;
    this.ticks = new Float64Array(capacity);
    this.pid = new Int32Array(capacity);
    this.tid = new Int32Array(capacity);
    this.cpu = new Uint16Array(capacity);
    this.desc = new Uint32Array(capacity);
    this.activity = new Uint32Array(capacity);
    this.dataRef = new Uint32Array(capacity);
    this.dataLen = new Uint32Array(capacity);
    if (keepSourceOffsets) {
      this.bufferOffset = new Float64Array(capacity);
      this.recordOffset = new Uint32Array(capacity);
    }
  }

  get nextSeq(): number {
    return this.firstSeq + this.count;
  }

  static bytesPerRow(keepSourceOffsets: boolean): number {
    return 34 + (keepSourceOffsets ? 12 : 0);
  }

  get columnBytes(): number {
    return this.capacity * Chunk.bytesPerRow(this.bufferOffset !== undefined);
  }

  /** Reallocates the columns to `capacity` rows (growth of a young chunk, or trimming). */
  resize(capacity: number): void {
    const copy = <T extends Float64Array | Int32Array | Uint32Array | Uint16Array>(
      a: T,
      make: (n: number) => T,
    ) => {
      const b = make(capacity);
      b.set(a.subarray(0, Math.min(this.count, capacity)));
      return b;
    };
    this.ticks = copy(this.ticks, (n) => new Float64Array(n));
    this.pid = copy(this.pid, (n) => new Int32Array(n));
    this.tid = copy(this.tid, (n) => new Int32Array(n));
    this.cpu = copy(this.cpu, (n) => new Uint16Array(n));
    this.desc = copy(this.desc, (n) => new Uint32Array(n));
    this.activity = copy(this.activity, (n) => new Uint32Array(n));
    this.dataRef = copy(this.dataRef, (n) => new Uint32Array(n));
    this.dataLen = copy(this.dataLen, (n) => new Uint32Array(n));
    if (this.bufferOffset && this.recordOffset) {
      this.bufferOffset = copy(this.bufferOffset, (n) => new Float64Array(n));
      this.recordOffset = copy(this.recordOffset, (n) => new Uint32Array(n));
    }
    this.capacity = capacity;
  }

  internActivity(activityId: string): number {
    if (activityId === '') return 0;
    let index = this.activityIndex.get(activityId);
    if (index === undefined) {
      index = this.activityIds.length;
      this.activityIds.push(activityId);
      this.activityIndex.set(activityId, index);
    }
    return index;
  }

  /** Estimated heap bytes of the activity table (strings are shared with the reader's interner). */
  get activityBytes(): number {
    return (this.activityIds.length - 1) * 48;
  }

  /** This chunk's index for an arena slab (added if new), or -1 when the chunk addresses no more slabs. */
  slabIndex(slab: Slab): number {
    const last = this.slabs.length - 1;
    if (this.slabs[last] === slab) return last;
    if (this.slabs.length === MAX_SLABS_PER_CHUNK) return -1;
    this.slabs.push(slab);
    return last + 1;
  }

  slabOf(row: number): Uint8Array {
    return (this.slabs[(this.dataRef[row] as number) >>> SLAB_OFFSET_BITS] as Slab).bytes;
  }

  offsetOf(row: number): number {
    return (this.dataRef[row] as number) & (MAX_SLAB_BYTES - 1);
  }
}
