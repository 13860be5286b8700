// SeqList: the ordered rows of a view, as event sequence numbers stored compactly: a growable
// Uint32Array of offsets from `base` (4 bytes per row). The store never holds 2^32 events at once, so
// when seqs run past base + 2^32 the list is rebased onto the store's first seq (`rebase`).
// Key-sorted views also keep each row's sort key beside it (8 more bytes per row): merging new rows
// then reads keys sequentially instead of fetching store columns in sorted, i.e. random, order
// (~30x slower at millions of rows).
// Dropping evicted rows from the front is O(1) (a moving start index, compacted lazily). A list can
// be created with room for every candidate row: untouched capacity costs no memory until written
// (large buffers are zero pages), and shrinkToFit gives it back.

export const MAX_SEQ_OFFSET = 0xffffffff;

export class SeqList {
  private data: Uint32Array;
  private keyData: Float64Array | undefined;
  private start = 0;
  private end = 0;

  constructor(
    public base: number,
    capacity = 1024,
  ) {
    this.data = new Uint32Array(capacity);
  }

  get length(): number {
    return this.end - this.start;
  }

  /** True when rows carry sort keys. */
  get keyed(): boolean {
    return this.keyData !== undefined;
  }

  seqAt(index: number): number {
    return this.base + (this.data[this.start + index] as number);
  }

  /** The rows as offsets from base: a live view, valid until the list changes. */
  offsets(): Uint32Array {
    return this.data.subarray(this.start, this.end);
  }

  /** The rows' sort keys (keyed lists): a live view, valid until the list changes. */
  keys(): Float64Array {
    return (this.keyData ?? new Float64Array(0)).subarray(this.start, this.end);
  }

  /** Appends one row (unkeyed lists). */
  push(seq: number): void {
    if (this.end === this.data.length) this.reserve(this.length + 1);
    this.data[this.end++] = seq - this.base;
  }

  /** Appends the consecutive seqs [firstSeq, firstSeq + count) (unkeyed lists). */
  pushRange(firstSeq: number, count: number): void {
    this.reserve(this.length + count);
    const data = this.data;
    let offset = firstSeq - this.base;
    for (let i = this.end, end = this.end + count; i < end; i++) data[i] = offset++;
    this.end += count;
  }

  /** Replaces the whole list with `offsets` (from base) and, for a keyed list, their `keys`. */
  assign(offsets: Uint32Array, keys?: Float64Array): void {
    this.data = offsets;
    this.keyData = keys;
    this.start = 0;
    this.end = offsets.length;
  }

  /** Replaces rows [from, length) with `tail` (offsets from base) and, keyed, `tailKeys`. */
  replaceTail(from: number, tail: Uint32Array, tailKeys?: Float64Array): void {
    this.reserve(from + tail.length);
    this.data.set(tail, this.start + from);
    if (this.keyData && tailKeys) this.keyData.set(tailKeys, this.start + from);
    this.end = this.start + from + tail.length;
  }

  /**
   * Merges rows sorted by key into this keyed list (sorted by key), ties after existing rows.
   * Backward and in place: only rows after the first insertion point move.
   */
  mergeKeyed(incoming: Uint32Array, incomingKeys: Float64Array): void {
    const n = this.length;
    this.reserve(n + incoming.length);
    const data = this.data;
    const keys = this.keyData as Float64Array;
    const first = this.start;
    let i = first + n - 1;
    let j = incoming.length - 1;
    for (let k = i + incoming.length; j >= 0; k--) {
      if (i >= first && (keys[i] as number) > (incomingKeys[j] as number)) {
        data[k] = data[i] as number;
        keys[k] = keys[i--] as number;
      } else {
        data[k] = incoming[j] as number;
        keys[k] = incomingKeys[j--] as number;
      }
    }
    this.end = first + n + incoming.length;
  }

  dropFront(count: number): void {
    this.start += Math.min(count, this.length);
    if (this.start === this.end) this.start = this.end = 0;
  }

  /** Keeps the rows for which keep(seq) is true, in order (keys move with them). */
  retain(keep: (seq: number) => boolean): void {
    const keys = this.keyData;
    let to = this.start;
    for (let i = this.start; i < this.end; i++) {
      const offset = this.data[i] as number;
      if (!keep(this.base + offset)) continue;
      if (keys) keys[to] = keys[i] as number;
      this.data[to++] = offset;
    }
    this.end = to;
  }

  /** Re-expresses every row relative to `newBase` (all rows must be >= newBase). */
  rebase(newBase: number): void {
    const delta = newBase - this.base;
    for (let i = this.start; i < this.end; i++) this.data[i] = (this.data[i] as number) - delta;
    this.base = newBase;
  }

  /** Gives back unused capacity when the list uses less than half of it. */
  shrinkToFit(): void {
    if (this.length * 2 >= this.data.length || this.data.length <= 1024) return;
    this.data = this.data.slice(this.start, this.end);
    this.keyData = this.keyData?.slice(this.start, this.end);
    this.end = this.length;
    this.start = 0;
  }

  get byteSize(): number {
    return this.data.byteLength + (this.keyData?.byteLength ?? 0);
  }

  /** Makes room for `rows` rows, compacting the dropped front first, doubling when needed. */
  private reserve(rows: number): void {
    if (this.start + rows <= this.data.length) return;
    const length = this.length;
    if (rows <= this.data.length && this.start > 0) {
      this.data.copyWithin(0, this.start, this.end);
      this.keyData?.copyWithin(0, this.start, this.end);
    } else {
      const capacity = Math.max(rows, this.data.length * 2);
      const grown = new Uint32Array(capacity);
      grown.set(this.data.subarray(this.start, this.end));
      this.data = grown;
      if (this.keyData) {
        const grownKeys = new Float64Array(capacity);
        grownKeys.set(this.keyData.subarray(this.start, this.end));
        this.keyData = grownKeys;
      }
    }
    this.start = 0;
    this.end = length;
  }
}
