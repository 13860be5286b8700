// Which way the export service runs an export, over a stand-in capture (an EngineHost that answers
// summary and view state as told, and records the store exports it is asked for): a capture opened
// from a file is read again only in time order, for .etl or when its store dropped events under the
// memory budget (then the file gives every event: checked with the real export worker on
// tx/KernelNetwork.etl); sorted orders, replays, live sessions and a file that is gone use the store.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  CaptureSummary,
  ExportProgressEvent,
  ExportRequest,
  ExportStarted,
  ViewSort,
  ViewState,
} from '../../electron/common/ipc/messages';
import { ok, type Result } from '../../electron/common/result';
import type { SourceKind } from '../../electron/core/pipeline/sources/event-source';
import type { CaptureService } from '../../electron/services/capture-service';
import type { EngineHost } from '../../electron/services/engine-host';
import type { EngineExportSpec } from '../../electron/services/export-engine-job';
import { createExportService } from '../../electron/services/export-service';

const kernelNetwork = resolve(__dirname, '../../..', 'shared', 'fixtures', 'etl', 'tx', 'KernelNetwork.etl');
const TOTAL = 8924;
const dir = mkdtempSync(join(tmpdir(), 'etw-export-choice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Stand {
  kind: SourceKind;
  path?: string;
  dropped?: number;
  sort?: ViewSort;
}

function service(stand: Stand) {
  const storeExports: EngineExportSpec[] = [];
  const summary: CaptureSummary = {
    path: stand.path ?? kernelNetwork,
    fileName: 'KernelNetwork.etl',
    fileSize: 0,
    events: TOTAL,
    providers: 2,
    loss: { etwEventsLost: 0, realtimeBuffersLost: 0, inStreamLost: 0, queueDropped: stand.dropped ?? 0 },
    diagnostics: [],
  };
  const view: ViewState = {
    viewId: 'v1',
    captureId: 'c1',
    total: TOTAL,
    filter: '',
    sort: stand.sort ?? { column: 'time', descending: false },
    paused: false,
    follow: false,
  };
  const host: EngineHost = {
    sourceKind: stand.kind,
    call: ((method: string) =>
      Promise.resolve(method === 'summary' ? ok(summary) : ok(view))) as EngineHost['call'],
    cancel: () => {},
    close: async () => {},
    startExport(_id, spec, listener) {
      storeExports.push(spec);
      listener.onFinished({ state: 'cancelled', read: 0, written: 0 });
    },
    cancelExport: () => {},
  };
  const captures = { host: (id: string) => (id === 'c1' ? host : undefined) } as unknown as CaptureService;
  const progress: ExportProgressEvent[] = [];
  const exports = createExportService({
    captures,
    emit: ((_event: string, payload: ExportProgressEvent) => progress.push(payload)) as never,
    worker: {
      script: fileURLToPath(new URL('../../electron/services/export.worker.ts', import.meta.url)),
      execArgv: ['--import', 'tsx'],
    },
    downloads: false,
  });
  let n = 0;
  const start = async (request: Partial<ExportRequest>): Promise<Result<ExportStarted>> =>
    exports.start({
      captureId: 'c1',
      viewId: 'v1',
      scope: 'view',
      format: 'jsonl',
      path: join(dir, `out-${n++}.${request.format ?? 'jsonl'}`),
      ...request,
    });
  return { start, storeExports, progress, exports };
}

describe('the export service chooses the file or the store', () => {
  it('a file capture whose store dropped events is read again: every event is written', async () => {
    const s = service({ kind: 'capture', dropped: 5000 });
    const out = join(dir, 'dropped.jsonl');
    const started = await s.start({ path: out });
    expect(started).toMatchObject({ ok: true, value: { source: 'file' } });
    await expect.poll(() => s.progress.some((p) => p.done), { timeout: 60_000 }).toBe(true);
    expect(s.progress.at(-1)).toMatchObject({ done: true, events: TOTAL });
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(TOTAL);
    expect(s.storeExports).toEqual([]);
  });

  it('a file capture: .etl in time order from the file (cancel leaves nothing); others from the store', async () => {
    const s = service({ kind: 'demo' });
    const out = join(dir, 'cancelled.etl');
    const started = await s.start({ format: 'etl', path: out });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value).toMatchObject({ source: 'file' });
    expect(s.exports.cancel(started.value.exportId)).toMatchObject({ ok: true });
    await expect.poll(() => s.progress.some((p) => p.done), { timeout: 60_000 }).toBe(true);
    expect(s.progress.at(-1)).toMatchObject({ done: true, cancelled: true });
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    expect(await s.start({ format: 'parquet' })).toMatchObject({ ok: true, value: { source: 'store' } });
    expect(s.storeExports).toMatchObject([{ format: 'parquet', order: 'time', viewId: 'v1', scope: 'view' }]);
  });

  it('a sorted view is exported from the store in its order, even when the store dropped events', async () => {
    const s = service({ kind: 'capture', dropped: 10, sort: { column: 'pid', descending: true } });
    expect(await s.start({ format: 'csv' })).toMatchObject({
      ok: true,
      value: { source: 'store', sort: { column: 'pid', descending: true } },
    });
    // Time order on request: then the file has every event.
    expect(await s.start({ format: 'csv', order: 'time' })).toMatchObject({
      ok: true,
      value: { source: 'file', sort: { column: 'time', descending: false } },
    });
    // .etl is always in time order.
    expect(await s.start({ format: 'etl' })).toMatchObject({
      ok: true,
      value: { source: 'file', sort: { column: 'time', descending: false } },
    });
    expect(s.storeExports).toMatchObject([{ format: 'csv', order: 'view' }]);
    await s.exports.closeAll();
  });

  it('replays, live sessions and a capture whose file is gone: from the store, .etl included', async () => {
    for (const stand of [
      { kind: 'replay' },
      { kind: 'live', path: 'Live session' },
      { kind: 'capture', path: join(dir, 'gone.etl') },
    ] satisfies Stand[]) {
      const s = service({ ...stand, dropped: 3 });
      expect(await s.start({ format: 'etl' })).toMatchObject({ ok: true, value: { source: 'store' } });
      expect(s.storeExports).toMatchObject([{ format: 'etl', order: 'time' }]);
    }
  });
});
