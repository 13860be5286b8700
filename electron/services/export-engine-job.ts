// One export taken from a capture's engine, where the engine runs (its worker thread for files and
// replays, the service process for live sessions): the capture's events as the user sees them —
// the view's filter (scope 'view'), all stored events ('all') or the selected ones ('selection'),
// in the view's sort order ('view') or in time order ('time'; always for .etl, whose readers merge
// by time) — taken from the store, decoded with the engine's registry and written by a core/export
// writer over a file sink that appears only when complete. The row list is fixed when the export
// starts (a snapshot of a view built like the engine's: same filter, same order), so a capture that
// goes on growing does not change it; rows the store evicts before they are written are counted
// (`notAvailable`), and so are the events the capture had dropped under its memory budget before.
// This is how live sessions and replays are exported (they have no file to read again), and how any
// capture is exported in a sorted order. `serveEngineExports` is the engine worker's side of the
// export messages (export-protocol.ts).
import type { ExportFormatName, ExportOrder, ExportScope } from '../common/ipc/export-messages';
import { err, ok, type AppError, type Result } from '../common/result';
import { createExportWriter, runStoredExport, streamHeader } from '../core/export/index';
import { createFileSink, type FileSink } from '../core/export/file-sink.node.js';
import { fastParquetCodec } from '../core/export/parquet-codec.node.js';
import type { CaptureEngine } from '../core/pipeline/capture-engine';
import { rowPredicate, type RowContext } from '../core/pipeline/row-filter';
import { DEFAULT_SORT, viewOrder } from '../core/pipeline/view-sorts';
import type { RowPredicate, RowSnapshot } from '../core/store/index';
import { ioFailure, type ExportJobOptions, type ExportJobOutcome } from './export-job';
import type { EngineExportHostMessage, EngineExportMessage } from './export-protocol';

/** Everything an engine needs for one export (structured-clone safe). */
export interface EngineExportSpec {
  /** The file to write; it appears only once complete (`<outPath>.partial` until then). */
  outPath: string;
  format: ExportFormatName;
  scope: ExportScope;
  /** The view whose filter (scope 'view') and sort (order 'view') apply. */
  viewId?: string;
  /** Event numbers of a selection. */
  seqs?: number[];
  order: ExportOrder;
  columns?: string[];
  propsJson?: boolean;
}

/** The abort reason when the capture closes under an export (a plain abort is the user's cancel). */
export const CAPTURE_CLOSED = 'capture-closed';

export interface EngineExportOptions extends ExportJobOptions {
  /** Makes the sink (tests: a disk that fills up); default: a file sink at `outPath`. */
  createSink?: (outPath: string) => FileSink;
}

/** The rows to export, in export order, fixed now. */
function exportRows(engine: CaptureEngine, spec: EngineExportSpec): Result<RowSnapshot> {
  let filterText = '';
  let sort = DEFAULT_SORT;
  if (spec.viewId !== undefined) {
    // No changes: answers the view's state (its filter, time range included, and its sort).
    const state = engine.updateView(spec.viewId, {});
    if (!state.ok) return state;
    if (spec.scope === 'view') filterText = state.value.filter;
    if (spec.order === 'view' && spec.format !== 'etl') sort = state.value.sort;
  } else if (spec.scope === 'view') {
    return err('BAD_REQUEST', 'a view export needs the viewId');
  }
  const filter = engine.checkFilter(filterText);
  if (!filter.ok) return filter;
  const ctx: RowContext = { decoder: engine.decoder, names: engine.names, enricher: engine.enricher };
  const wanted = new Set(spec.seqs ?? []);
  const predicate: RowPredicate | undefined =
    spec.scope === 'selection' ? (row) => wanted.has(row.seq) : rowPredicate(filter.value, ctx);
  const view = engine.store.createView({ predicate, ...viewOrder(sort, engine.store, ctx).options });
  return ok(view.snapshot());
}

export async function runEngineExport(
  engine: CaptureEngine,
  spec: EngineExportSpec,
  options: EngineExportOptions = {},
): Promise<ExportJobOutcome> {
  const started = performance.now();
  const { signal } = options;
  const rows = exportRows(engine, spec);
  if (!rows.ok) return { state: 'failed', error: rows.error };
  const droppedEarlier = engine.store.droppedByBudget + engine.store.droppedOversize;
  let sink: FileSink;
  try {
    sink = (options.createSink ?? createFileSink)(spec.outPath);
  } catch (e) {
    return { state: 'failed', error: ioFailure(`cannot write ${spec.outPath}`, e, spec.outPath) };
  }
  const source = engine.source;
  let written = 0;
  try {
    const writer = createExportWriter(
      spec.format,
      sink,
      {
        clock: source.clock,
        header: source.header ?? streamHeader(source.clock, source.description.label),
        registry: engine.decoder.registry,
        rebuildRecords: true,
      },
      {
        ...(spec.columns ? { columns: spec.columns } : {}),
        propsJson: spec.propsJson ?? true,
        parquetCodec: fastParquetCodec(),
      },
    );
    const summary = await runStoredExport({
      store: engine.store,
      decoder: engine.decoder,
      writer,
      rows: rows.value,
      ...(signal ? { signal } : {}),
      progressIntervalMs: options.progressIntervalMs ?? 200,
      onProgress: (p) => {
        written = p.written;
        options.onProgress?.({
          read: p.done,
          written: p.written,
          bytes: sink.size,
          fraction: p.total > 0 ? p.done / p.total : 1,
          total: p.total,
        });
      },
    });
    written = summary.written;
    if (summary.cancelled) {
      if (signal?.reason === CAPTURE_CLOSED) return capturedClosed(written);
      return { state: 'cancelled', read: summary.done, written };
    }
    sink.commit();
    return {
      state: 'done',
      source: 'store',
      read: summary.done,
      written,
      bytes: sink.size,
      total: rows.value.offsets.length,
      undecoded: summary.undecoded,
      decodeErrors: summary.decodeErrors,
      notAvailable: summary.notAvailable,
      droppedEarlier,
      problems: [...writer.problems],
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    return {
      state: 'failed',
      error: ioFailure(`export to ${spec.outPath} failed after ${written} events`, e, spec.outPath),
    };
  } finally {
    sink.discard();
  }
}

function capturedClosed(written: number): ExportJobOutcome {
  const error: AppError = {
    code: 'CANCELLED',
    message: `the capture was closed during the export (after ${written} events): nothing was written`,
  };
  return { state: 'failed', error };
}

/**
 * The engine worker's side of the export messages: starts exports on `engine`, posts their progress
 * and outcome, cancels them. Returns the handler for host messages.
 */
export function serveEngineExports(
  engine: CaptureEngine,
  post: (message: EngineExportMessage) => void,
): { handle(message: EngineExportHostMessage): void } {
  const running = new Map<string, AbortController>();
  return {
    handle(message) {
      if (message.type === 'export.cancel') {
        running.get(message.exportId)?.abort();
        return;
      }
      const { exportId, spec } = message;
      if (running.has(exportId)) return;
      const controller = new AbortController();
      running.set(exportId, controller);
      void runEngineExport(engine, spec, {
        signal: controller.signal,
        onProgress: (progress) => post({ type: 'export.progress', exportId, progress }),
      }).then((outcome) => {
        running.delete(exportId);
        post({ type: 'export.finished', exportId, outcome });
      });
    },
  };
}
