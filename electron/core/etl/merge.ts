// Time order across CPUs: records of one buffer share a CPU and are time-ordered, so the reader keeps
// one cursor per CPU stream (that CPU's buffers in SequenceNumber order, file order on ties) and
// k-way merges the cursors with a binary heap keyed by (ticks, file offset, record offset). At most one
// buffer per CPU is held, in that cursor's reusable scratch memory; each is read from the ByteSource
// (and decompressed) when its cursor reaches it, overwriting the previous buffer of that CPU.
import type { RawEvent } from '../events/raw-event';
import type { EtlBufferInfo } from './buffer-header';
import { BufferScratch } from './buffer-loader';
import { BufferRecords, type BufferData, type RecordContext } from './records';

/** Loads one buffer's walkable bytes into `scratch`, or undefined (with a diagnostic) when it cannot be used. */
export type BufferLoad = (info: EtlBufferInfo, scratch: BufferScratch) => BufferData | undefined;

class CpuCursor {
  private next = 0;
  private records: BufferRecords | undefined;
  private readonly scratch = new BufferScratch();
  current: RawEvent | undefined;

  constructor(
    private readonly buffers: EtlBufferInfo[],
    private readonly load: BufferLoad,
    private readonly ctx: RecordContext,
    private lastTicks: number,
  ) {}

  /** Moves to the next event of this CPU; false when the stream is exhausted. */
  advance(): boolean {
    for (;;) {
      const e = this.records?.next();
      if (e) {
        this.current = e;
        this.lastTicks = e.ticks;
        return true;
      }
      const info = this.buffers[this.next++];
      if (!info) {
        this.current = undefined;
        this.records = undefined;
        return false;
      }
      const data = this.load(info, this.scratch);
      this.records = data ? new BufferRecords(data, this.ctx, this.lastTicks) : undefined;
    }
  }
}

function before(a: RawEvent, b: RawEvent): boolean {
  if (a.ticks !== b.ticks) return a.ticks < b.ticks;
  if (a.bufferOffset !== b.bufferOffset) return a.bufferOffset < b.bufferOffset;
  return a.recordOffset < b.recordOffset;
}

/** Groups usable buffers by CPU, each group in sequence order (file order on equal sequence numbers). */
export function cpuStreams(buffers: readonly EtlBufferInfo[]): EtlBufferInfo[][] {
  const byCpu = new Map<number, EtlBufferInfo[]>();
  for (const b of buffers) {
    let list = byCpu.get(b.cpu);
    if (!list) byCpu.set(b.cpu, (list = []));
    list.push(b);
  }
  const streams = [...byCpu.entries()].sort((x, y) => x[0] - y[0]).map(([, list]) => list);
  for (const s of streams) s.sort((x, y) => x.sequence - y.sequence || x.fileOffset - y.fileOffset);
  return streams;
}

/** The merged, time-ordered event stream. */
export class MergedEvents implements IterableIterator<RawEvent> {
  private readonly heap: CpuCursor[] = [];
  private started = false;

  constructor(
    private readonly streams: EtlBufferInfo[][],
    private readonly load: BufferLoad,
    private readonly ctx: RecordContext,
  ) {}

  [Symbol.iterator](): IterableIterator<RawEvent> {
    return this;
  }

  next(): IteratorResult<RawEvent> {
    const heap = this.heap;
    if (!this.started) {
      this.started = true;
      for (const s of this.streams) {
        const c = new CpuCursor(s, this.load, this.ctx, 0);
        if (c.advance()) this.push(c);
      }
    } else if (heap.length > 0) {
      // The top cursor's event was handed out last time: move that cursor on.
      const top = heap[0] as CpuCursor;
      if (top.advance()) this.siftDown(0);
      else {
        const last = heap.pop() as CpuCursor;
        if (heap.length > 0) {
          heap[0] = last;
          this.siftDown(0);
        }
      }
    }
    const top = heap[0];
    if (!top?.current) return { done: true, value: undefined };
    return { done: false, value: top.current };
  }

  private push(c: CpuCursor): void {
    const heap = this.heap;
    heap.push(c);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as CpuCursor;
      if (!before(c.current as RawEvent, p.current as RawEvent)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = c;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const c = heap[i] as CpuCursor;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      if (
        r < n &&
        before((heap[r] as CpuCursor).current as RawEvent, (heap[l] as CpuCursor).current as RawEvent)
      )
        m = r;
      const child = heap[m] as CpuCursor;
      if (!before(child.current as RawEvent, c.current as RawEvent)) break;
      heap[i] = child;
      i = m;
    }
    heap[i] = c;
  }
}
