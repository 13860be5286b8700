// Exports through the app dispatcher, as both transports see them: the real tx/KernelNetwork.etl
// opened in an engine worker with the Windows 7 manifests, then exported — from the engine's store
// (in the engine worker) or, for .etl, by the export worker reading the file again (the .ts workers
// through tsx) — in every format: JSON Lines byte-identical to `etwx export`'s core path, CSV with
// property columns, Parquet read back by DuckDB, a self-describing .etl that decodes with no
// manifest; for a whole capture, a view (filter and time range; sorted: in its order, or in time
// order on request), a selection and a `process.*` filter on the demo capture; a replay; progress
// pushed until done; cancel, failures and a capture closed mid-export leave no file; a bad path is
// an IO_ERROR naming it; web mode's path-less export becomes a one-time download.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../../electron/common/ipc/contract-kit';
import type {
  CaptureProgress,
  EventsPage,
  ExportProgressEvent,
  ExportStarted,
  OpenedCapture,
  ViewState,
} from '../../electron/common/ipc/messages';
import type { Result } from '../../electron/common/result';
import { createDecoder } from '../../electron/core/decode/index';
import { ensureDemoCapture } from '../../electron/core/demo/demo-capture.node.js';
import { openFileSource } from '../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../electron/core/etl/reader';
import { createAppDispatcher, type AppDispatcher } from '../../electron/services/app-services';
import { browserDialogService } from '../../electron/services/dialog-service';
import type { WorkerScript } from '../../electron/services/engine-host';
import { exportToMemory, manifests as loadManifests } from '../core/export/helpers';

const fixtures = resolve(__dirname, '../../..', 'shared', 'fixtures');
const kernelNetwork = join(fixtures, 'etl', 'tx', 'KernelNetwork.etl');
const win7 = join(fixtures, 'manifests', 'windows7-dump');
const TOTAL = 8924;
const tsWorker = (file: string): WorkerScript => ({
  script: fileURLToPath(new URL(`../../electron/services/${file}`, import.meta.url)),
  execArgv: ['--import', 'tsx'],
});
const none = new Set<Capability>();
const dir = mkdtempSync(join(tmpdir(), 'etw-export-service-'));
const apps: AppDispatcher[] = [];

afterEach(async () => {
  await Promise.all(
    apps.splice(0).map(async (a) => {
      await a.services.exports.closeAll();
      await a.services.captures.closeAll();
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves once `check` holds (polls; usable outside tests, unlike expect.poll). */
async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An app over the dispatcher; `shared` apps live for a whole describe block (closed in its afterAll). */
function make(mode: 'web' | 'electron' = 'electron', shared = false) {
  const app = createAppDispatcher({
    identity: {
      name: 'ETW Explorer',
      version: '1.0.0',
      mode,
      platform: 'linux',
      arch: 'x64',
      liveEtw: { available: false, code: 'UNSUPPORTED_PLATFORM', reason: 'live ETW needs Windows' },
    },
    dialog: browserDialogService,
    engineWorker: tsWorker('capture-engine.worker.ts'),
    exportWorker: tsWorker('export.worker.ts'),
  });
  if (!shared) apps.push(app);
  const pushed: Array<{ event: string; payload: unknown }> = [];
  const connection = app.dispatcher.connect({
    capabilities: none,
    push: (event, payload) => pushed.push({ event, payload }),
  });
  for (const e of ['capture.progress', 'export.progress']) connection.subscribe(e);
  const invoke = (channel: string, args?: unknown) => app.dispatcher.invoke(channel, args, none);
  const call = async <T>(channel: string, args?: unknown): Promise<T> => {
    const r = (await invoke(channel, args)) as Result<T>;
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const progressOf = (exportId: string) =>
    pushed
      .filter((p) => p.event === 'export.progress')
      .map((p) => p.payload as ExportProgressEvent)
      .filter((p) => p.exportId === exportId);
  /** Opens a capture and waits until it is read. */
  const open = async (path: string) => {
    const capture = await call<OpenedCapture>('capture.open', { path });
    await until(
      () =>
        pushed.some(
          (p) =>
            p.event === 'capture.progress' &&
            (p.payload as CaptureProgress).captureId === capture.captureId &&
            (p.payload as CaptureProgress).phase === 'done',
        ),
      `${path} to be read`,
    );
    return capture.captureId;
  };
  /** Starts an export and waits for its last progress event. */
  const exportDone = async (args: Record<string, unknown>) => {
    const started = await call<ExportStarted>('export.start', args);
    await until(() => progressOf(started.exportId).some((p) => p.done), `export ${started.exportId} to end`);
    const last = progressOf(started.exportId).at(-1) as ExportProgressEvent;
    return { started, last };
  };
  /** True once a capture reported that it read everything. */
  const replayDone = (captureId: string) =>
    pushed.some(
      (p) =>
        p.event === 'capture.progress' &&
        (p.payload as CaptureProgress).captureId === captureId &&
        (p.payload as CaptureProgress).phase === 'done',
    );
  return { app, invoke, call, open, exportDone, progressOf, replayDone };
}

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
const noLeftovers = (path: string) => {
  expect(existsSync(path)).toBe(false);
  expect(existsSync(`${path}.partial`)).toBe(false);
};

async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(sql.replaceAll('$FILE', `read_parquet('${file}')`));
  const rows = r.getRowObjectsJson() as Record<string, unknown>[];
  c.closeSync();
  return rows;
}

describe('export service (tx/KernelNetwork.etl, windows7-dump manifests)', () => {
  let s: ReturnType<typeof make>;
  let captureId: string;
  beforeAll(async () => {
    s = make('electron', true);
    await s.call('manifest.open', { path: win7 });
    captureId = await s.open(kernelNetwork);
  }, 60_000);
  afterAll(async () => {
    await s.app.services.exports.closeAll();
    await s.app.services.captures.closeAll();
  });

  it('JSON Lines of the whole capture: the same bytes as the export core, progress until done', async () => {
    const out = join(dir, 'all.jsonl');
    const { started, last } = await s.exportDone({ captureId, scope: 'all', format: 'jsonl', path: out });
    expect(started).toMatchObject({
      path: out,
      fileName: 'all.jsonl',
      filter: '',
      total: TOTAL,
      sort: { column: 'time', descending: false },
      source: 'store',
    });
    expect(last).toMatchObject({ done: true, events: TOTAL, read: TOTAL, fraction: 1, path: out });
    expect(last.bytes).toBe(statSync(out).size);
    expect(last.error).toBeUndefined();
    expect(last.summary).toMatchObject({ undecoded: 0, notAvailable: 0, droppedEarlier: 0 });
    expect(last.downloadUrl).toBeUndefined();
    const oracle = await exportToMemory(kernelNetwork, 'jsonl', {
      providers: await loadManifests('manifests/windows7-dump'),
    });
    expect(readFileSync(out)).toEqual(Buffer.from(oracle.bytes));
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('a view: its filter and time range decide the rows, as many as the view has', async () => {
    const filter = 'id == 11 and props.size > 1000 and time >= 5s and time < 30s';
    const view = await s.call<ViewState>('view.create', { captureId, filter });
    expect(view.total).toBeGreaterThan(10);
    expect(view.total).toBeLessThan(TOTAL);
    const out = join(dir, 'view.jsonl');
    const { started, last } = await s.exportDone({
      captureId,
      viewId: view.viewId,
      scope: 'view',
      format: 'jsonl',
      path: out,
    });
    expect(started).toMatchObject({ filter, total: view.total, source: 'store' });
    // From the store, `read` counts the view's rows handled (a file export reads every event).
    expect(last).toMatchObject({ done: true, events: view.total, read: view.total });
    const events = lines(out).map((l) => JSON.parse(l) as { event: { id: number }; props: { size: number } });
    expect(events).toHaveLength(view.total);
    expect(events.every((e) => e.event.id === 11 && e.props.size > 1000)).toBe(true);
    const page = await s.call<EventsPage>('events.rows', { viewId: view.viewId, offset: 0, limit: 5 });
    expect(
      lines(out)
        .slice(0, 5)
        .map((l) => (JSON.parse(l) as { ts: string }).ts),
    ).toEqual(page.rows.map((r) => r.ts));
  });

  it('a selection: exactly the chosen events, in time order', async () => {
    const view = await s.call<ViewState>('view.create', { captureId, filter: 'id == 10' });
    const page = await s.call<EventsPage>('events.rows', { viewId: view.viewId, offset: 3, limit: 4 });
    const seqs = page.rows.map((r) => r.seq);
    const out = join(dir, 'selection.jsonl');
    const { last } = await s.exportDone({ captureId, scope: 'selection', seqs, format: 'jsonl', path: out });
    expect(last).toMatchObject({ done: true, events: 4, total: 4 });
    const written = lines(out).map(
      (l) => JSON.parse(l) as { ts: string; event: { id: number }; tid: number },
    );
    expect(written.map((e) => [e.ts, e.event.id, e.tid])).toEqual(page.rows.map((r) => [r.ts, 10, r.tid]));
  });

  it('CSV with property columns, and the header and property names it was asked for', async () => {
    const out = join(dir, 'net.csv');
    const view = await s.call<ViewState>('view.create', { captureId, filter: 'id == 11' });
    const { last } = await s.exportDone({
      captureId,
      viewId: view.viewId,
      scope: 'view',
      format: 'csv',
      columns: ['size', 'PID'],
      propsJson: false,
      path: out,
    });
    const rows = readFileSync(out, 'utf8')
      .split('\r\n')
      .filter((l) => l !== '');
    expect(rows[0]).toBe(
      'ts,provider,providerGuid,event,id,version,opcode,task,level,keywords,channel,pid,tid,cpu,classic,size,PID,ext,raw,decodeError',
    );
    expect(rows).toHaveLength(view.total + 1);
    expect(last.events).toBe(view.total);
    const first = (rows[1] as string).split(',');
    expect(first[3]).toBe('KERNEL_NETWORK_TASK_TCPIPDatareceived.');
    expect(Number(first[15])).toBeGreaterThan(0);
    expect(Number(first[16])).toBeGreaterThan(0);
  });

  it('Parquet that DuckDB reads back with the view’s row count and typed columns', async () => {
    const out = join(dir, 'net.parquet');
    const view = await s.call<ViewState>('view.create', { captureId, filter: 'id == 11' });
    const { last } = await s.exportDone({
      captureId,
      viewId: view.viewId,
      scope: 'view',
      format: 'parquet',
      columns: ['size'],
      path: out,
    });
    expect(last).toMatchObject({ done: true, events: view.total });
    const [row] = await query(
      out,
      'SELECT count(*) AS n, min(id) AS lo, max(id) AS hi, sum(size) AS bytes FROM $FILE',
    );
    expect(row).toMatchObject({ n: String(view.total), lo: 11, hi: 11 });
    expect(Number(row?.bytes)).toBeGreaterThan(view.total);
  });

  it('a self-describing .etl: the exported events decode without the manifests', async () => {
    const out = join(dir, 'net.etl');
    const view = await s.call<ViewState>('view.create', { captureId, filter: 'id == 11' });
    const { started, last } = await s.exportDone({
      captureId,
      viewId: view.viewId,
      scope: 'view',
      format: 'etl',
      path: out,
    });
    // A capture opened from a file: its records are copied from the file, byte for byte.
    expect(started.source).toBe('file');
    expect(last).toMatchObject({ done: true, events: view.total });
    const reader = openEtl(openFileSource(out));
    const decoder = createDecoder([]);
    const names = new Map<string, number>();
    for (const raw of reader.events()) {
      decoder.registry.observe(raw);
      const d = decoder.decodeKnown(raw);
      if (d.entry === null) continue;
      names.set(d.eventName, (names.get(d.eventName) ?? 0) + 1);
    }
    reader.close();
    expect(names.get('KERNEL_NETWORK_TASK_TCPIPDatareceived.')).toBe(view.total);
  });

  it('a sorted view is written in its sort order; `time` order on request', async () => {
    const view = await s.call<ViewState>('view.create', {
      captureId,
      filter: 'id == 11',
      sort: { column: 'pid', descending: true },
    });
    const page = await s.call<EventsPage>('events.rows', { viewId: view.viewId, offset: 0, limit: 2000 });
    const out = join(dir, 'by-pid.jsonl');
    const { started, last } = await s.exportDone({
      captureId,
      viewId: view.viewId,
      scope: 'view',
      format: 'jsonl',
      path: out,
    });
    expect(started).toMatchObject({ sort: { column: 'pid', descending: true }, source: 'store' });
    expect(last).toMatchObject({ done: true, events: view.total, total: view.total });
    const written = lines(out).map((l) => JSON.parse(l) as { ts: string; pid: number; tid: number });
    expect(written).toHaveLength(view.total);
    expect(written.slice(0, 2000).map((e) => [e.ts, e.pid, e.tid])).toEqual(
      page.rows.map((r) => [r.ts, r.pid, r.tid]),
    );
    expect(new Set(written.map((e) => e.pid)).size).toBeGreaterThan(1);

    const timed = join(dir, 'by-time.jsonl');
    const again = await s.exportDone({
      captureId,
      viewId: view.viewId,
      scope: 'view',
      order: 'time',
      format: 'jsonl',
      path: timed,
    });
    expect(again.started.sort).toEqual({ column: 'time', descending: false });
    const ts = lines(timed).map((l) => (JSON.parse(l) as { ts: string }).ts);
    expect(ts).toHaveLength(view.total);
    expect(ts).toEqual([...ts].sort());
  });

  it('cancel: the export stops and leaves no file behind', async () => {
    const out = join(dir, 'cancelled.parquet');
    const started = await s.call<ExportStarted>('export.start', {
      captureId,
      scope: 'all',
      format: 'parquet',
      path: out,
    });
    expect(await s.invoke('export.cancel', { exportId: started.exportId })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    await expect
      .poll(() => s.progressOf(started.exportId).some((p) => p.done), { timeout: 30_000 })
      .toBe(true);
    expect(s.progressOf(started.exportId).at(-1)).toMatchObject({ done: true, cancelled: true });
    noLeftovers(out);
    expect(await s.invoke('export.cancel', { exportId: started.exportId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('refuses what cannot work, naming the path or the problem', async () => {
    const missing = join(dir, 'no-such-folder', 'out.jsonl');
    const bad = await s.invoke('export.start', { captureId, scope: 'all', format: 'jsonl', path: missing });
    expect(bad).toMatchObject({ ok: false, error: { code: 'IO_ERROR', detail: missing } });
    expect(!bad.ok && bad.error.message).toContain(missing);
    expect(
      await s.invoke('export.start', { captureId, scope: 'all', format: 'jsonl', path: dir }),
    ).toMatchObject({
      ok: false,
      error: { code: 'IO_ERROR', message: expect.stringContaining('it is a folder') },
    });
    expect(
      await s.invoke('export.start', { captureId, scope: 'all', format: 'etl', path: kernelNetwork }),
    ).toMatchObject({
      ok: false,
      error: { code: 'IO_ERROR', message: expect.stringContaining('the capture being exported') },
    });
    expect(
      await s.invoke('export.start', { captureId, scope: 'view', format: 'jsonl', path: join(dir, 'x') }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(
      await s.invoke('export.start', {
        captureId,
        scope: 'all',
        format: 'jsonl',
        columns: ['size'],
        path: join(dir, 'x'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(
      await s.invoke('export.start', {
        captureId: 'c999',
        scope: 'all',
        format: 'jsonl',
        path: join(dir, 'x'),
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // The desktop app has no downloads: a path is required.
    expect(await s.invoke('export.start', { captureId, scope: 'all', format: 'jsonl' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'choose where to save the export' },
    });
    expect(await s.invoke('dialog.saveFile', { defaultName: 'a.csv', format: 'csv' })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_PLATFORM' },
    });
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('export service: replays and captures closed mid-export', () => {
  it('a replay is exported from what its engine holds, in the view order', async () => {
    const s = make();
    const opened = await s.call<OpenedCapture>('replay.open', { path: kernelNetwork, speed: 'max' });
    await until(() => s.replayDone(opened.captureId), 'the replay to end');
    const view = await s.call<ViewState>('view.create', {
      captureId: opened.captureId,
      filter: 'id == 10',
      sort: { column: 'tid', descending: false },
    });
    const out = join(dir, 'replay.csv');
    const { started, last } = await s.exportDone({
      captureId: opened.captureId,
      viewId: view.viewId,
      scope: 'view',
      format: 'csv',
      path: out,
    });
    expect(started).toMatchObject({ source: 'store', sort: { column: 'tid', descending: false } });
    expect(last).toMatchObject({ done: true, events: view.total, total: view.total });
    const tids = readFileSync(out, 'utf8')
      .split('\r\n')
      .filter((l) => l !== '')
      .slice(1)
      .map((row) => Number(row.split(',')[12]));
    expect(tids).toHaveLength(view.total);
    expect(tids.every((tid, i) => i === 0 || tid >= (tids[i - 1] as number))).toBe(true);
  });

  it('closing the capture mid-export: an error value, and no file left', async () => {
    const s = make();
    // A capture large enough that its export is still running when the capture closes.
    const captureId = await s.open(join(fixtures, 'etl', 'perfview', 'net.4.5.2.x86.etl.zip'));
    const out = join(dir, 'closed.parquet');
    const started = await s.call<ExportStarted>('export.start', {
      captureId,
      scope: 'all',
      format: 'parquet',
      path: out,
    });
    expect(started.source).toBe('store');
    await s.call('capture.close', { captureId });
    await until(() => s.progressOf(started.exportId).some((p) => p.done), 'the export to end');
    expect(s.progressOf(started.exportId).at(-1)).toMatchObject({
      done: true,
      error: { code: 'CANCELLED', message: expect.stringContaining('the capture was closed') },
    });
    noLeftovers(out);
  }, 60_000);
});

describe('export service in web mode', () => {
  it('a path-less export is a download handed out once, then its temporary file is deleted', async () => {
    const s = make('web');
    const captureId = await s.open(kernelNetwork);
    const { started, last } = await s.exportDone({ captureId, scope: 'all', format: 'csv' });
    expect(started).toMatchObject({ path: '', fileName: 'KernelNetwork.csv' });
    expect(last).toMatchObject({ done: true, events: TOTAL, path: '', fileName: 'KernelNetwork.csv' });
    const id = last.downloadUrl?.replace('/download/', '') ?? '';
    expect(id.length).toBeGreaterThan(20);
    const download = s.app.services.exports.takeDownload(id);
    expect(download?.fileName).toBe('KernelNetwork.csv');
    const path = download?.path ?? '';
    expect(
      readFileSync(path, 'utf8')
        .split('\r\n')
        .filter((l) => l !== ''),
    ).toHaveLength(TOTAL + 1);
    expect(s.app.services.exports.takeDownload(id)).toBeUndefined();
    download?.release();
    expect(existsSync(path)).toBe(false);
  });

  it('a `process.*` filter sees every process (demo capture: updater.exe), as the view does', async () => {
    const s = make('web');
    const captureId = await s.open(await ensureDemoCapture());
    const view = await s.call<ViewState>('view.create', {
      captureId,
      filter: 'process.name == "updater.exe"',
    });
    expect(view.total).toBeGreaterThan(50);
    const out = join(dir, 'updater.jsonl');
    const { last } = await s.exportDone({
      captureId,
      viewId: view.viewId,
      scope: 'view',
      format: 'jsonl',
      path: out,
    });
    expect(last).toMatchObject({ done: true, events: view.total, path: out });
    expect(last.downloadUrl).toMatch(/^\/download\/[\w-]{20,}$/);
    expect(lines(out)).toHaveLength(view.total);
    // A file saved on the server stays after its download.
    const download = s.app.services.exports.takeDownload(last.downloadUrl?.slice('/download/'.length) ?? '');
    download?.release();
    expect(existsSync(out)).toBe(true);
  });
});
