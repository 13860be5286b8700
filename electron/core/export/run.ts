// The export driver: reads a capture in time order, lets the schema registry learn from every
// record (merged-trace metadata, EventSource manifests) whether or not it is kept, filters (header
// predicate on the raw record first, the rest on the decoded event), decodes, and hands each kept
// event to the writer. It yields to the event loop every few milliseconds so a cancel (AbortSignal)
// and progress reports get through; on cancel it stops without finishing the writer, and the caller
// throws the partial output away.
import type { EventDecoder } from '../decode/decoder';
import type { EtlReader } from '../etl/reader';
import type { CompiledFilter } from '../filter/compile';
import { EventSubject } from '../summary/event-subject';
import type { ExportWriter } from './types';

export interface ExportProgress {
  /** Events read from the capture so far. */
  read: number;
  /** Events written (kept by the filter). */
  written: number;
  /** Share of the capture read, 0..1 (file position of the buffer being read). */
  fraction: number;
}

export interface RunExportOptions {
  reader: EtlReader;
  decoder: EventDecoder;
  writer: ExportWriter;
  filter?: CompiledFilter;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** Milliseconds between progress reports (default 200). */
  progressIntervalMs?: number;
}

export interface ExportSummary {
  read: number;
  written: number;
  /** Written events without a schema. */
  undecoded: number;
  /** Written events whose decoding stopped early. */
  decodeErrors: number;
  cancelled: boolean;
  seconds: number;
}

/** Events between cancel and clock checks; the loop yields when YIELD_MS have passed since the last yield. */
const CHECK_EVERY = 4096;
const YIELD_MS = 25;

/** Lets timers, messages and a cancel through between slices of a long loop. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function runExport(o: RunExportOptions): Promise<ExportSummary> {
  const { reader, decoder, writer, filter, signal, onProgress } = o;
  const registry = decoder.registry;
  const started = performance.now();
  const interval = o.progressIntervalMs ?? 200;
  const sourceSize = Math.max(1, reader.source.size);
  const header = filter?.headerPredicate;
  const rest =
    !filter || filter.headerOnly ? undefined : header ? filter.remainderPredicate : filter.fullPredicate;
  // This driver knows no processes: process.* finds none.
  const subject = new EventSubject();
  const summary: ExportSummary = {
    read: 0,
    written: 0,
    undecoded: 0,
    decodeErrors: 0,
    cancelled: false,
    seconds: 0,
  };
  let lastYield = started;
  let lastProgress = started;
  let position = 0;
  const report = () =>
    onProgress?.({ read: summary.read, written: summary.written, fraction: position / sourceSize });

  writer.begin();
  if (signal?.aborted) return { ...summary, cancelled: true };
  for (const raw of reader.events()) {
    if ((++summary.read & (CHECK_EVERY - 1)) === 0) {
      if (signal?.aborted) break;
      const now = performance.now();
      if (now - lastYield >= YIELD_MS) {
        position = raw.bufferOffset;
        await yieldToEventLoop();
        lastYield = performance.now();
        if (signal?.aborted) break;
        if (onProgress && lastYield - lastProgress >= interval) {
          lastProgress = lastYield;
          report();
        }
      }
    }
    registry.observe(raw);
    if (header && !header(raw)) continue;
    const decoded = decoder.decodeKnown(raw);
    if (rest) {
      subject.reset(raw, decoded, null);
      if (!rest(subject)) continue;
    }
    if (decoded.entry === null) summary.undecoded++;
    else if (decoded.error !== null) summary.decodeErrors++;
    writer.write({ raw, decoded });
    summary.written++;
  }
  if (signal?.aborted) summary.cancelled = true;
  else {
    writer.end();
    position = sourceSize;
    report();
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
