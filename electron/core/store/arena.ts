// The event store's byte arena: payload and extended-data bytes of every stored event, packed into
// slabs that double from 64 KiB to 4 MiB (small traces stay small, big ones use few slabs; under a
// small memory budget the cap is lower, see the constructor). Slabs are
// shared across chunk boundaries, so nothing is copied when a chunk fills; each slab remembers the
// last event seq written into it and is freed once the store has evicted that event.
// A record larger than a slab gets a slab of its own. Under a memory budget one released full-size
// slab is kept for reuse: fresh memory costs a page fault per 4 KiB on first write (most of the
// append time), recycled memory does not.

export const SLAB_OFFSET_BITS = 22;
export const MAX_SLAB_BYTES = 1 << SLAB_OFFSET_BITS;
export const MIN_SLAB_BYTES = 64 * 1024;

export interface Slab {
  /** Replaced (never mutated in place) when the arena is trimmed. */
  bytes: Uint8Array;
  lastSeq: number;
}

export class Arena {
  private readonly slabs: Slab[] = [];
  private used = 0;
  private nextSize = MIN_SLAB_BYTES;
  /** Full slab size: MAX_SLAB_BYTES, or less under a small memory budget (finer eviction). */
  readonly slabBytes: number;
  private spare: Uint8Array | undefined;
  /** Bytes allocated in slabs (including the spare). */
  byteSize = 0;
  /** Where the last reserve() placed its bytes. */
  slab: Slab | undefined;
  offset = 0;

  /** Reserves `size` bytes for event `seq`: sets `slab` and `offset`. */
  /** `budgetBytes`: the store's memory budget; slabs stay at most 1/16 of it (64 KiB..4 MiB). */
  constructor(budgetBytes = Infinity) {
    let slabBytes = MAX_SLAB_BYTES;
    while (slabBytes > MIN_SLAB_BYTES && slabBytes * 16 > budgetBytes) slabBytes /= 2;
    this.slabBytes = slabBytes;
  }

  reserve(size: number, seq: number): void {
    let slab = this.slabs[this.slabs.length - 1];
    if (!slab || this.used + size > slab.bytes.length) {
      slab = {
        bytes: this.allocate(size > this.slabBytes ? size : Math.max(this.nextSize, size)),
        lastSeq: seq,
      };
      if (this.nextSize < this.slabBytes) this.nextSize *= 2;
      this.slabs.push(slab);
      this.used = 0;
    }
    slab.lastSeq = seq;
    this.slab = slab;
    this.offset = this.used;
    this.used += size;
  }

  /** Frees the slabs whose events are all older than `firstSeq` (the newest slab stays). */
  release(firstSeq: number): void {
    while (this.slabs.length > 1 && (this.slabs[0] as Slab).lastSeq < firstSeq) {
      const bytes = (this.slabs.shift() as Slab).bytes;
      if (!this.spare && bytes.length === this.slabBytes) this.spare = bytes;
      else this.byteSize -= bytes.length;
    }
  }

  private allocate(size: number): Uint8Array {
    if (size === this.slabBytes && this.spare) {
      const bytes = this.spare;
      this.spare = undefined;
      return bytes;
    }
    this.byteSize += size;
    return new Uint8Array(size);
  }

  /** Shrinks the newest slab to its used bytes (after a bulk load); the next reserve opens a new slab. */
  trim(): void {
    const slab = this.slabs[this.slabs.length - 1];
    if (!slab || this.used === slab.bytes.length) return;
    this.byteSize -= slab.bytes.length - this.used;
    slab.bytes = slab.bytes.slice(0, this.used);
  }
}
