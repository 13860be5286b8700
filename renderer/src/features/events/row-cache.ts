// The renderer's window onto a view: pages of rows fetched on demand with `events.rows` and kept in a
// small LRU (never the whole trace). The table asks `row(i)`; missing pages are requested (once),
// and `onChange` tells the table to re-render when they arrive. `reset()` forgets everything (a new
// filter or sort); `put` takes rows pushed with `events.batch` (the live tail).
import type { EventRow } from '@common/ipc/messages';
import { etw } from '../../api/etw';

export const PAGE_ROWS = 128;
/** Pages kept: about 8k rows, a few MB at most. */
const MAX_PAGES = 64;

export class RowCache {
  private pages = new Map<number, EventRow[]>();
  private inflight = new Set<number>();
  private generation = 0;
  private viewId: string | undefined;
  private failures = 0;

  constructor(private readonly onChange: () => void) {}

  reset(viewId: string | undefined): void {
    this.viewId = viewId;
    this.pages.clear();
    this.inflight.clear();
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

  /** Requests the pages covering [from, to) that are missing (or incomplete below `total`). */
  ensure(from: number, to: number, total: number): void {
    const viewId = this.viewId;
    if (!viewId || total === 0) return;
    const first = Math.max(0, Math.floor(from / PAGE_ROWS));
    const last = Math.floor((Math.min(to, total) - 1) / PAGE_ROWS);
    for (let key = first; key <= last; key++) {
      const page = this.pages.get(key);
      const expected = Math.min(PAGE_ROWS, total - key * PAGE_ROWS);
      const complete = page !== undefined && countDefined(page) >= expected;
      if (complete || this.inflight.has(key)) continue;
      this.fetch(viewId, key);
    }
    this.trim(Math.floor(from / PAGE_ROWS));
  }

  private fetch(viewId: string, key: number): void {
    this.inflight.add(key);
    const generation = this.generation;
    void etw.invoke('events.rows', { viewId, offset: key * PAGE_ROWS, limit: PAGE_ROWS }).then((page) => {
      if (generation !== this.generation) return;
      this.inflight.delete(key);
      if (!page.ok) {
        if (++this.failures <= 3) console.warn(`events.rows failed: ${page.error.message}`);
        return;
      }
      this.failures = 0;
      this.pages.set(key, page.value.rows);
      this.onChange();
    });
  }

  /** Keeps the MAX_PAGES pages nearest to `around`. */
  private trim(around: number): void {
    if (this.pages.size <= MAX_PAGES) return;
    const keys = [...this.pages.keys()].sort((a, b) => Math.abs(b - around) - Math.abs(a - around));
    for (const key of keys.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(key);
  }
}

function countDefined(page: EventRow[]): number {
  let n = 0;
  for (const row of page) if (row) n++;
  return n;
}
