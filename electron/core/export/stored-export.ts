// The export driver over the capture engine's store: writes a fixed list of stored events (a view's
// rows at one moment, in the view's order: store/event-view.ts `snapshot()`) through an export
// writer. Events are fetched and decoded one at a time from the store (payload views into its
// arena, valid during write()), so memory stays flat whatever the count; the schema registry is the
// engine's, which has seen every record of the capture. The store may go on growing and evicting
// while the export runs (a live session, a replay): rows whose events were evicted under the memory
// budget before they were reached are counted in `notAvailable`, never silently skipped.
// The loop yields to the event loop every few milliseconds (the engine answers queries and ingests
// meanwhile; a cancel gets through); on cancel it stops without finishing the writer, and the caller
// throws the partial output away. Errors the sink throws (disk full...) propagate to the caller.
import type { EventDecoder } from '../decode/decoder';
import type { EventStore, RowSnapshot } from '../store/index';
import { yieldToEventLoop, type ExportSummary } from './run';
import type { ExportWriter } from './types';

export interface StoredExportProgress {
  /** Rows of the list handled so far (written or found evicted). */
  done: number;
  written: number;
  /** Rows in the list. */
  total: number;
}

export interface StoredExportOptions {
  store: EventStore;
  decoder: EventDecoder;
  writer: ExportWriter;
  rows: RowSnapshot;
  signal?: AbortSignal;
  onProgress?: (p: StoredExportProgress) => void;
  /** Milliseconds between progress reports (default 200). */
  progressIntervalMs?: number;
}

/** What the file-reading export reports, with rows handled in place of events read. */
export interface StoredExportSummary extends Omit<ExportSummary, 'read'> {
  /** Rows handled (all of them unless cancelled). */
  done: number;
  /** Rows whose events the store evicted (memory budget) before the export reached them. */
  notAvailable: number;
}

/** Rows between clock checks; the loop yields once YIELD_MS have passed since it last did. */
const CHECK_EVERY = 1024;
const YIELD_MS = 20;

export async function runStoredExport(o: StoredExportOptions): Promise<StoredExportSummary> {
  const { store, decoder, writer, signal, onProgress } = o;
  const { base, offsets } = o.rows;
  const total = offsets.length;
  const started = performance.now();
  const interval = o.progressIntervalMs ?? 200;
  const cursor = store.cursor();
  const summary: StoredExportSummary = {
    done: 0,
    written: 0,
    notAvailable: 0,
    undecoded: 0,
    decodeErrors: 0,
    cancelled: false,
    seconds: 0,
  };
  const report = () => onProgress?.({ done: summary.done, written: summary.written, total });
  let lastYield = started;
  let lastProgress = started;

  writer.begin();
  let i = 0;
  while (i < total) {
    if (signal?.aborted) break;
    const end = Math.min(total, i + CHECK_EVERY);
    for (; i < end; i++) {
      if (!cursor.moveTo(base + (offsets[i] as number))) {
        summary.notAvailable++;
        continue;
      }
      const raw = cursor.raw();
      const decoded = decoder.decodeKnown(raw);
      if (decoded.entry === null) summary.undecoded++;
      else if (decoded.error !== null) summary.decodeErrors++;
      writer.write({ raw, decoded });
      summary.written++;
    }
    summary.done = i;
    const now = performance.now();
    if (now - lastYield < YIELD_MS) continue;
    await yieldToEventLoop();
    lastYield = performance.now();
    if (onProgress && lastYield - lastProgress >= interval) {
      lastProgress = lastYield;
      report();
    }
  }
  if (signal?.aborted) summary.cancelled = true;
  else {
    writer.end();
    report();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
