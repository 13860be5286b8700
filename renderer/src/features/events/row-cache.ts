// The renderer's window onto a view: pages of rows fetched on demand with `events.rows` and kept in a
// small LRU (never the whole trace). The table says which rows it shows (`ensure`); the pages they
// need are fetched first, then PREFETCH rows either side. At most MAX_INFLIGHT pages are requested at
// once and the queue is replaced by every `ensure`, so dragging the scrollbar across millions of rows
// asks only for where it is now, not for every place it passed. `onChange` tells the table to
// re-render when a page it shows arrives. `reset()` forgets everything (a new filter or sort); `put`
// takes rows pushed with `events.batch` (the live tail).
import type { EventRow } from '@common/ipc/messages';
import type { Result } from '@common/result';

export const PAGE_ROWS = 128;
/** Rows fetched ahead of and behind the rows in view. */
export const PREFETCH = 64;
/** Pages kept: about 8k rows, a few MB at most. */
const MAX_PAGES = 64;
/** Requests under way at once. */
const MAX_INFLIGHT = 2;

export type FetchRows = (
  viewId: string,
  offset: number,
  limit: number,
) => Promise<Result<{ rows: EventRow[] }>>;

export class RowCache {
  private pages = new Map<number, EventRow[]>();
  private inflight = new Set<number>();
  /** Pages still to request for the latest `ensure`, most wanted first. */
  private queue: number[] = [];
  /** The rows the table shows, [first, last]. */
  private shown = { first: 0, last: -1 };
  private total = 0;
  private generation = 0;
  private viewId: string | undefined;
  private failures = 0;

  constructor(
    private readonly fetchRows: FetchRows,
    private readonly onChange: () => void,
  ) {}

  reset(viewId: string | undefined): void {
    this.viewId = viewId;
    this.pages.clear();
    this.inflight.clear();
    this.queue = [];
    this.generation++;
  }

  /** Drops pages at or after `index` (rows there changed: a live sort merged new rows, the tail grew). */
  invalidateFrom(index: number): void {
    const first = Math.floor(index / PAGE_ROWS);
    for (const page of [...this.pages.keys()]) if (page >= first) this.pages.delete(page);
    for (const page of [...this.inflight]) if (page >= first) this.inflight.delete(page);
  }

  row(index: number): EventRow | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_ROWS));
    return page?.[index % PAGE_ROWS];
  }

  /** Rows pushed with a batch: placed at their indices in the pages that hold them. */
  put(rows: readonly EventRow[]): void {
    for (const row of rows) {
      const key = Math.floor(row.index / PAGE_ROWS);
      let page = this.pages.get(key);
      if (!page) {
        page = [];
        this.pages.set(key, page);
      }
      page[row.index % PAGE_ROWS] = row;
    }
    this.trim(rows.length > 0 ? Math.floor((rows[rows.length - 1] as EventRow).index / PAGE_ROWS) : 0);
  }

  /** The table shows rows [first, last] of `total`: fetch what they need, then what lies around them. */
  ensure(first: number, last: number, total: number): void {
    this.shown = { first, last };
    this.total = total;
    if (!this.viewId || total === 0 || last < first) {
      this.queue = [];
      return;
    }
    const pageOf = (i: number) => Math.floor(Math.max(0, Math.min(total - 1, i)) / PAGE_ROWS);
    const wanted = new Set<number>();
    for (let key = pageOf(first); key <= pageOf(last); key++) wanted.add(key);
    for (let key = pageOf(last); key <= pageOf(last + PREFETCH); key++) wanted.add(key);
    for (let key = pageOf(first); key >= pageOf(first - PREFETCH); key--) wanted.add(key);
    this.queue = [...wanted].filter((key) => !this.complete(key) && !this.inflight.has(key));
    this.trim(pageOf(first));
    this.pump();
  }

  private complete(key: number): boolean {
    const page = this.pages.get(key);
    if (!page) return false;
    const expected = Math.min(PAGE_ROWS, this.total - key * PAGE_ROWS);
    let n = 0;
    for (const row of page) if (row) n++;
    return n >= expected;
  }

  private pump(): void {
    const viewId = this.viewId;
    if (!viewId) return;
    while (this.inflight.size < MAX_INFLIGHT) {
      const key = this.queue.shift();
      if (key === undefined) return;
      if (!this.inflight.has(key) && !this.complete(key)) this.fetch(viewId, key);
    }
  }

  private fetch(viewId: string, key: number): void {
    this.inflight.add(key);
    const generation = this.generation;
    void this.fetchRows(viewId, key * PAGE_ROWS, PAGE_ROWS).then((page) => {
      if (generation !== this.generation) return;
      this.inflight.delete(key);
      if (!page.ok) {
        if (++this.failures <= 3) console.warn(`events.rows failed: ${page.error.message}`);
      } else {
        this.failures = 0;
        this.pages.set(key, page.value.rows);
        const { first, last } = this.shown;
        if (key * PAGE_ROWS <= last && (key + 1) * PAGE_ROWS > first) this.onChange();
      }
      this.pump();
    });
  }

  /** Keeps the MAX_PAGES pages nearest to `around`. */
  private trim(around: number): void {
    if (this.pages.size <= MAX_PAGES) return;
    const keys = [...this.pages.keys()].sort((a, b) => Math.abs(b - around) - Math.abs(a - around));
    for (const key of keys.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(key);
  }
}
