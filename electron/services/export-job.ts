// One export, as the export worker (export.worker.ts) runs it: read the capture file from disk again
// in time order, choose events the way the capture engine does — the same event numbers (seq: one per
// record read, as the store appends them), the same filter subject (names from the schema registry,
// the process table of core/pipeline/enrich.ts for `process.*`, properties decoded lazily) — and
// hand each chosen event to a core/export writer over a file sink that appears only when complete.
// A filter that reads `process.*` needs every process's lifetime first (as a view filtered after
// loading sees it), so such an export reads the capture twice: once for the process table, once to
// write. The loop yields every few milliseconds so a cancel message gets through; a cancelled or
// failed export deletes its partial file.
import type { ExportFormatName } from '../common/ipc/export-messages';
import type { ProviderSchema } from '../common/model/schema';
import { err, ok, type AppError, type Result } from '../common/result';
import { createDecoder, type EventDecoder } from '../core/decode/index';
import type { RawEvent } from '../core/events/raw-event';
import { createExportWriter, type ExportWriter } from '../core/export/index';
import { createFileSink, type FileSink } from '../core/export/file-sink.node.js';
import { fastParquetCodec } from '../core/export/parquet-codec.node.js';
import { compileFilter, type CompiledFilter } from '../core/filter/index';
import { ProcessEnricher } from '../core/pipeline/enrich';
import { NameCache } from '../core/pipeline/names';
import { LazySubject } from '../core/pipeline/row-filter';
import type { EventSource } from '../core/pipeline/sources/event-source';
import { openFileEventSource } from '../core/pipeline/sources/open-file.node.js';

/** Everything a worker needs for one export (structured-clone safe). */
export interface ExportJobSpec {
  /** The capture file (.etl or .etl.zip) to read. */
  sourcePath: string;
  /** The file to write; it appears only once complete (`<outPath>.partial` until then). */
  outPath: string;
  format: ExportFormatName;
  /** Keep only the events this filter accepts (a view's filter text, time range included). */
  filter?: string;
  /** Keep only these event numbers (a selection). */
  seqs?: number[];
  columns?: string[];
  propsJson?: boolean;
  /** Schemas to decode with (the manifests the user opened). */
  providers: ProviderSchema[];
}

export interface ExportJobProgress {
  /** Events read from the file, or rows of the store's list handled. */
  read: number;
  written: number;
  bytes: number;
  /** Share of the work done, 0..1 (a two-pass export counts each pass as half). */
  fraction: number;
  /** Events to write, when known (a store export's fixed row list). */
  total?: number;
}

export type ExportJobOutcome =
  | {
      state: 'done';
      /** The capture file read again, or the capture engine's store (export-engine-job.ts). */
      source: 'file' | 'store';
      read: number;
      written: number;
      bytes: number;
      /** Store exports: the rows the export set out to write. */
      total?: number;
      undecoded: number;
      decodeErrors: number;
      /** Store exports: rows the store evicted (memory budget) before they were written. */
      notAvailable: number;
      /** Store exports: events the capture had dropped (memory budget, oversize) before the export. */
      droppedEarlier: number;
      problems: string[];
      seconds: number;
    }
  | { state: 'cancelled'; read: number; written: number }
  | { state: 'failed'; error: AppError };

export interface ExportJobOptions {
  signal?: AbortSignal;
  onProgress?: (p: ExportJobProgress) => void;
  /** Milliseconds between progress reports (default 200). */
  progressIntervalMs?: number;
}

/** Events per pull; the loop yields when YIELD_MS have passed. */
const SLICE = 2048;
const YIELD_MS = 20;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a pass over the capture does with each record, and whether it wants more. */
interface Pass {
  sink(raw: RawEvent): void;
  finished(): boolean;
}

class Cancelled extends Error {}

export async function runExportJob(
  spec: ExportJobSpec,
  options: ExportJobOptions = {},
): Promise<ExportJobOutcome> {
  const started = performance.now();
  const { signal } = options;
  const interval = options.progressIntervalMs ?? 200;
  const first = openSource(spec.sourcePath);
  if (!first.ok) return { state: 'failed', error: first.error };
  let source: EventSource = first.value;
  const header = source.header;
  if (!header) {
    source.close();
    return failed('BAD_REQUEST', `${spec.sourcePath} is not a capture file`);
  }
  const decoder = createDecoder(spec.providers);
  const names = new NameCache(decoder);
  const enricher = new ProcessEnricher(decoder, source.clock.startFileTime);
  const subject = new LazySubject({ decoder, names, enricher });
  const compiled = compile(spec.filter, decoder, names, source.clock.startFileTime);
  if (!compiled.ok) {
    source.close();
    return { state: 'failed', error: compiled.error };
  }
  const filter = compiled.value;
  const twoPasses = filter?.needsProcess === true;

  let sink: FileSink;
  try {
    sink = createFileSink(spec.outPath);
  } catch (e) {
    source.close();
    return { state: 'failed', error: ioFailure(`cannot write ${spec.outPath}`, e, spec.outPath) };
  }
  const counts = { read: 0, written: 0, undecoded: 0, decodeErrors: 0 };
  let passIndex = 0;
  let lastProgress = performance.now();
  const report = (fraction: number) =>
    options.onProgress?.({ read: counts.read, written: counts.written, bytes: sink.size, fraction });
  const passFraction = (s: EventSource) => {
    const p = s.progress();
    const f = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
    return twoPasses ? (passIndex + f) / 2 : f;
  };

  /** Reads the source through `pass` to its end (or until the pass is finished), yielding as it goes. */
  const readThrough = async (s: EventSource, pass: Pass) => {
    let lastYield = performance.now();
    for (;;) {
      let pulled = s.pull(pass.sink, SLICE);
      if (pulled instanceof Promise) pulled = await pulled;
      if (pulled.state === 'done' || pass.finished()) return;
      const now = performance.now();
      if (now - lastYield < YIELD_MS) continue;
      await yieldToEventLoop();
      lastYield = performance.now();
      if (signal?.aborted) throw new Cancelled();
      if (lastYield - lastProgress >= interval) {
        lastProgress = lastYield;
        report(passFraction(s));
      }
    }
  };

  let writer: ExportWriter | undefined;
  try {
    if (signal?.aborted) throw new Cancelled();
    if (twoPasses) {
      // Pass 1: schemas and the process table only (seq as the store would number the records).
      let seq = 0;
      await readThrough(source, {
        sink: (raw) => {
          observe(raw, decoder, names);
          enricher.observe(raw, seq++);
        },
        finished: () => false,
      });
      enricher.finish();
      source.close();
      const again = openSource(spec.sourcePath);
      if (!again.ok) throw new JobError(again.error);
      source = again.value;
      passIndex = 1;
    }
    const out = createExportWriter(
      spec.format,
      sink,
      { clock: source.clock, header, registry: decoder.registry },
      {
        ...(spec.columns ? { columns: spec.columns } : {}),
        propsJson: spec.propsJson ?? true,
        parquetCodec: fastParquetCodec(),
      },
    );
    writer = out;
    out.begin();
    const wanted = spec.seqs ? new Set(spec.seqs) : undefined;
    const lastWanted = spec.seqs ? spec.seqs.reduce((a, b) => Math.max(a, b), -1) : Infinity;
    const headerTest = filter?.headerPredicate;
    const rest = filter && !filter.headerOnly ? filter.remainderPredicate : undefined;
    let seq = 0;
    await readThrough(source, {
      sink: (raw) => {
        const own = seq++;
        counts.read++;
        if (own > lastWanted) return;
        if (!twoPasses) observe(raw, decoder, names);
        if (wanted && !wanted.has(own)) return;
        if (headerTest && !headerTest(raw)) return;
        let decoded = filter?.needsProps ? decoder.decodeKnown(raw) : undefined;
        if (rest && !rest(subject.ofRaw(raw, decoded))) return;
        decoded ??= decoder.decodeKnown(raw);
        if (decoded.entry === null) counts.undecoded++;
        else if (decoded.error !== null) counts.decodeErrors++;
        out.write({ raw, decoded });
        counts.written++;
      },
      finished: () => seq > lastWanted,
    });
    out.end();
    sink.commit();
    report(1);
    return {
      state: 'done',
      source: 'file',
      read: counts.read,
      written: counts.written,
      bytes: sink.size,
      undecoded: counts.undecoded,
      decodeErrors: counts.decodeErrors,
      notAvailable: 0,
      droppedEarlier: 0,
      problems: [...out.problems],
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    if (e instanceof Cancelled) return { state: 'cancelled', read: counts.read, written: counts.written };
    if (e instanceof JobError) return { state: 'failed', error: e.error };
    return {
      state: 'failed',
      error: ioFailure(
        `export to ${spec.outPath} failed${writer ? ` after ${counts.written} events` : ''}`,
        e,
        spec.outPath,
      ),
    };
  } finally {
    sink.discard();
    source.close();
  }
}

/** The decoder and name cache learn from every record, kept or not (in-stream schemas, TraceLogging names). */
function observe(raw: RawEvent, decoder: EventDecoder, names: NameCache): void {
  if (decoder.registry.observe(raw)) names.invalidate();
  if (raw.ext.length > 0) names.learnFrom(raw);
}

function compile(
  text: string | undefined,
  decoder: EventDecoder,
  names: NameCache,
  startFileTime: bigint,
): Result<CompiledFilter | undefined> {
  if (text === undefined || text.trim() === '') return ok(undefined);
  const compiled = compileFilter(text, {
    startFileTime,
    providerName: (id) => names.providerName(id) || decoder.registry.providerName(id) || undefined,
  });
  if (compiled.ok) return ok(compiled.value);
  return err('PARSE_ERROR', `the filter '${text}' is not valid: ${compiled.error.message}`, {
    offset: compiled.error.offset,
  });
}

function openSource(path: string): Result<EventSource> {
  return openFileEventSource({ path, kind: 'capture' });
}

class JobError extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

function failed(code: AppError['code'], message: string, detail?: string): ExportJobOutcome {
  return { state: 'failed', error: { code, message, ...(detail !== undefined ? { detail } : {}) } };
}

/** What file system errors mean to the user, by Node error code. */
const IO_CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOENT: 'the folder does not exist',
  EISDIR: 'it is a folder',
};

/** An IO_ERROR for `what` (`cannot write X`, `export to X failed after N events`) caused by `e`. */
export function ioFailure(what: string, e: unknown, path: string): AppError {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  const cause = IO_CAUSES[code];
  return {
    code: 'IO_ERROR',
    message: `${what}: ${cause ? `${cause} (${messageOf(e)})` : messageOf(e)}`,
    detail: path,
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
