// OwnerColumn: the process the analysis attributed each stored event to, as that process record's
// ordinal in the Analyzer's table (ProcessTable.recordAt), indexed by the store's seq. The events
// view reads an event's process from here (core/pipeline/enrich.ts), so it names exactly the process
// the Processes view counted the event for, without decoding the event again. Chunks of 64K events
// hold 16-bit values and widen to 32 bits only when an ordinal needs it (more than 65,533
// processes); chunks of events the store has dropped are released with dropBefore().

const CHUNK_BITS = 16;
const CHUNK_SIZE = 1 << CHUNK_BITS;
/** Largest value a 16-bit chunk holds. */
const NARROW_MAX = 0xffff;

/** A stored value: 0 = nothing recorded, 1 = the event has no process, ordinal + 2 otherwise. */
type Chunk = Uint16Array | Int32Array;

export class OwnerColumn {
  private chunks: Array<Chunk | undefined> = [];
  /** Chunk number (seq >> CHUNK_BITS) of chunks[0]. */
  private firstChunk = -1;

  /** Records event `seq`'s process: a record ordinal, or -1 when the event has none. */
  set(seq: number, ordinal: number): void {
    const n = seq >>> CHUNK_BITS;
    if (this.firstChunk < 0) this.firstChunk = n;
    const index = n - this.firstChunk;
    if (index < 0) return; // older than anything kept: the store no longer holds it
    let chunk = this.chunks[index];
    if (chunk === undefined) {
      while (this.chunks.length < index) this.chunks.push(undefined);
      chunk = new Uint16Array(CHUNK_SIZE);
      this.chunks[index] = chunk;
    }
    const value = ordinal + 2;
    if (value > NARROW_MAX && chunk instanceof Uint16Array) {
      chunk = Int32Array.from(chunk);
      this.chunks[index] = chunk;
    }
    chunk[seq & (CHUNK_SIZE - 1)] = value;
  }

  /** Event `seq`'s process ordinal, -1 when it has none, undefined when nothing was recorded. */
  get(seq: number): number | undefined {
    if (seq < 0) return undefined;
    const chunk = this.chunks[(seq >>> CHUNK_BITS) - this.firstChunk];
    const value = chunk?.[seq & (CHUNK_SIZE - 1)];
    return value === undefined || value === 0 ? undefined : value - 2;
  }

  /** Releases the chunks that hold only events older than `seq`. */
  dropBefore(seq: number): void {
    const n = seq >>> CHUNK_BITS;
    if (this.firstChunk < 0 || n <= this.firstChunk) return;
    this.chunks.splice(0, n - this.firstChunk);
    this.firstChunk = n;
  }
}
