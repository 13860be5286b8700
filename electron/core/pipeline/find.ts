// Find in the events view: the next row (forward or backward from a position) whose visible text —
// provider, event name, process name, properties summary — contains the search text, ignoring case.
// Rows are decoded to be searched, so one call searches a bounded number of rows within a time
// budget and says where to go on; the client calls again until it finds a row or reaches the end.
import type { FindResult } from '../../common/ipc/messages';
import type { EventStore, EventView, StoredEventView } from '../store/index';
import { summaryLine } from './event-rows';
import type { RowContext } from './row-filter';

export const FIND_MAX_ROWS = 50_000;
export const FIND_BUDGET_MS = 250;
const PAGE = 512;

export function findInView(
  view: EventView,
  store: EventStore,
  text: string,
  from: number,
  backwards: boolean,
  ctx: RowContext,
  now: () => number,
): FindResult {
  const needle = text.toLowerCase();
  const total = view.count;
  const cursor = store.cursor();
  const started = now();
  let position = backwards ? Math.min(from, total - 1) : Math.max(from, 0);
  let searched = 0;
  while (searched < FIND_MAX_ROWS && now() - started < FIND_BUDGET_MS) {
    const start = backwards ? Math.max(0, position - PAGE + 1) : position;
    const end = backwards ? position + 1 : Math.min(total, position + PAGE);
    if (start >= end) return { index: -1, next: position, done: true };
    const seqs = view.rows(start, end - start);
    for (let k = 0; k < seqs.length; k++) {
      const i = backwards ? seqs.length - 1 - k : k;
      if (!cursor.moveTo(seqs[i] as number)) continue;
      if (rowText(cursor, ctx).includes(needle)) return { index: start + i, next: start + i, done: false };
    }
    searched += seqs.length;
    position = backwards ? start - 1 : end;
  }
  const done = backwards ? position < 0 : position >= total;
  return { index: -1, next: position, done };
}

function rowText(cursor: StoredEventView, ctx: RowContext): string {
  const raw = cursor.raw();
  const names = ctx.names.forRow(cursor);
  const decoded = ctx.decoder.decodeKnown(raw);
  const process = ctx.enricher.processName(cursor, decoded) ?? '';
  return `${names.providerName}\n${names.eventName}\n${process}\n${summaryLine(decoded)}`.toLowerCase();
}
