// Exports taken from a capture's engine (export-engine-job.ts), over real captures: tx/KernelNetwork.etl
// read by a CaptureEngine with the Windows 7 manifests, the same file replayed (stopped halfway, and
// still playing while it is exported), and a live-like capture — the file played through the live
// batch path (ReplayBackend → native batch layout → parseBatch → LiveSource), which has no file
// header and whose events carry no record bytes. Checked: the exported JSON Lines are the view's
// rows (count, content, order — a sorted view in its sort order, `time` in time order); a selection;
// the .etl of the live-like capture reopens decoded with no manifest; a full disk and a capture
// closed mid-export come back as error values and leave no file.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRow, ViewState } from '../../electron/common/ipc/messages';
import type { EventJson } from '../../electron/common/model/event';
import type { ProviderSchema } from '../../electron/common/model/schema';
import type { Result } from '../../electron/common/result';
import { GuidInterner } from '../../electron/core/binary/guid';
import { createFileSink } from '../../electron/core/export/file-sink.node.js';
import { parseBatch } from '../../electron/core/live/batch-parser';
import { ReplayBackend } from '../../electron/core/live/replay-backend';
import { CaptureEngine } from '../../electron/core/pipeline/capture-engine';
import { LiveSource, type LiveBatch } from '../../electron/core/pipeline/sources/live-source';
import { openFileEventSource } from '../../electron/core/pipeline/sources/open-file.node.js';
import { inProcessEngine } from '../../electron/services/engine-host';
import { runEngineExport, type EngineExportSpec } from '../../electron/services/export-engine-job';
import type { ExportJobOutcome } from '../../electron/services/export-job';
import { canonical, dumpEvents, exportToMemory, firstDifference } from '../core/export/helpers';
import { ManualScheduler } from '../core/live/replay-test-kit';
import { KERNEL_NETWORK, KERNEL_NETWORK_EVENTS, windows7Manifests } from '../core/pipeline/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'etw-engine-export-'));
let providers: ProviderSchema[] = [];
/** The file export of the whole capture (the oracle): one JSON line per event, in time order. */
let fileLines: string[] = [];

beforeAll(async () => {
  providers = await windows7Manifests();
  const oracle = await exportToMemory(KERNEL_NETWORK, 'jsonl', { providers });
  fileLines = new TextDecoder().decode(oracle.bytes).trimEnd().split('\n');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function readEngine(kind: 'capture' | 'replay' = 'capture'): Promise<CaptureEngine> {
  const source = value(openFileEventSource({ path: KERNEL_NETWORK, kind, speed: Infinity }));
  const engine = new CaptureEngine({ captureId: 'c1', source, providers });
  await engine.run();
  return engine;
}

let nextFile = 0;
async function exportOf(
  engine: CaptureEngine,
  spec: Omit<EngineExportSpec, 'outPath'>,
): Promise<{ outcome: ExportJobOutcome; path: string }> {
  const path = join(dir, `out-${nextFile++}.${spec.format}`);
  const outcome = await runEngineExport(engine, { ...spec, outPath: path });
  return { outcome, path };
}

const jsonLines = (path: string) =>
  readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .filter((l) => l !== '');

/** The EventJson part of a row (what a JSON Lines export writes). */
function jsonOf(row: EventRow): EventJson {
  const { index: _i, seq: _s, ticks: _t, processName: _p, summary: _m, ...json } = row;
  return json;
}

describe('engine export of tx/KernelNetwork.etl (Windows 7 manifests)', () => {
  let engine: CaptureEngine;
  beforeAll(async () => {
    engine = await readEngine();
  }, 60_000);

  it('everything in time order: the same JSON Lines as the export that reads the file', async () => {
    const { outcome, path } = await exportOf(engine, { format: 'jsonl', scope: 'all', order: 'time' });
    expect(outcome).toMatchObject({
      state: 'done',
      source: 'store',
      written: KERNEL_NETWORK_EVENTS,
      total: KERNEL_NETWORK_EVENTS,
      notAvailable: 0,
      droppedEarlier: 0,
    });
    expect(firstDifference(jsonLines(path), fileLines)).toBeUndefined();
  });

  it('a filtered view sorted by pid: exactly its rows, in its order, with their content', async () => {
    const view = value(
      engine.createView('v-pid', {
        filter: 'id == 11 and props.size > 1000',
        sort: { column: 'pid', descending: true },
      }),
    );
    expect(view.total).toBeGreaterThan(100);
    const rows = value(engine.rows('v-pid', 0, view.total)).rows;
    const { outcome, path } = await exportOf(engine, {
      format: 'jsonl',
      scope: 'view',
      viewId: 'v-pid',
      order: 'view',
    });
    expect(outcome).toMatchObject({ state: 'done', written: view.total, total: view.total });
    const written = jsonLines(path).map((l) => JSON.parse(l) as EventJson);
    expect(written).toHaveLength(view.total);
    expect(written).toEqual(rows.map(jsonOf));
    const pids = written.map((e) => e.pid);
    expect(pids.every((pid, i) => i === 0 || pid <= (pids[i - 1] as number))).toBe(true);
    expect(new Set(pids).size).toBeGreaterThan(1);

    // The same view in time order: the same events, ordered by time instead.
    const timed = await exportOf(engine, { format: 'jsonl', scope: 'view', viewId: 'v-pid', order: 'time' });
    const inTime = jsonLines(timed.path);
    expect(inTime).not.toEqual(jsonLines(path));
    expect([...inTime].sort()).toEqual([...jsonLines(path)].sort());
    expect(inTime).toEqual(fileLines.filter((l) => inTime.includes(l)));
  });

  it('a view sorted by event name: the rows in that order', async () => {
    value(
      engine.createView('v-event', {
        filter: 'id in (10, 11, 12)',
        sort: { column: 'event', descending: false },
      }),
    );
    const total = value(engine.updateView('v-event', {})).total;
    const rows = value(engine.rows('v-event', 0, total)).rows;
    const { path } = await exportOf(engine, {
      format: 'jsonl',
      scope: 'view',
      viewId: 'v-event',
      order: 'view',
    });
    const written = jsonLines(path).map((l) => JSON.parse(l) as EventJson);
    expect(written.map((e) => e.event.name)).toEqual(rows.map((r) => r.event.name));
    const names = written.map((e) => e.event.name.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBeGreaterThan(1);
  });

  it('a view sorted by a property (props.size, descending): the rows in that order, missing last', async () => {
    const view = value(engine.createView('v-size', { sort: { column: 'prop:size', descending: true } }));
    const rows = value(engine.rows('v-size', 0, view.total)).rows;
    const { outcome, path } = await exportOf(engine, {
      format: 'jsonl',
      scope: 'view',
      viewId: 'v-size',
      order: 'view',
    });
    expect(outcome).toMatchObject({ state: 'done', written: KERNEL_NETWORK_EVENTS });
    const written = jsonLines(path).map((l) => JSON.parse(l) as EventJson);
    expect(written).toEqual(rows.map(jsonOf));
    const sizes = written.map((e) => e.props.size);
    const withSize = sizes.filter((s) => typeof s === 'number').length;
    expect(withSize).toBeGreaterThan(1000);
    expect(sizes.slice(withSize).every((s) => s === undefined)).toBe(true);
    const numbers = sizes.slice(0, withSize) as number[];
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(numbers[0]).toBeGreaterThan(numbers[withSize - 1] as number);
  });

  it('everything in the order of a sorted view (scope all, the view names the sort)', async () => {
    value(engine.createView('v-tid', { filter: 'id == 10', sort: { column: 'tid', descending: false } }));
    const { outcome, path } = await exportOf(engine, {
      format: 'csv',
      scope: 'all',
      viewId: 'v-tid',
      order: 'view',
    });
    expect(outcome).toMatchObject({ state: 'done', written: KERNEL_NETWORK_EVENTS });
    const tids = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((row) => Number(row.split(',')[12]));
    expect(tids).toHaveLength(KERNEL_NETWORK_EVENTS);
    expect(tids.every((tid, i) => i === 0 || tid >= (tids[i - 1] as number))).toBe(true);
  });

  it('a selection: exactly the chosen events', async () => {
    value(engine.createView('v-sel', { filter: 'id == 10' }));
    const rows = value(engine.rows('v-sel', 3, 4)).rows;
    const { outcome, path } = await exportOf(engine, {
      format: 'jsonl',
      scope: 'selection',
      seqs: rows.map((r) => r.seq),
      order: 'time',
    });
    expect(outcome).toMatchObject({ state: 'done', written: 4 });
    expect(jsonLines(path).map((l) => JSON.parse(l) as EventJson)).toEqual(rows.map(jsonOf));
  });

  it('errors are values: an unknown view, a full disk (nothing left behind)', async () => {
    const missing = await exportOf(engine, { format: 'jsonl', scope: 'view', viewId: 'nope', order: 'view' });
    expect(missing.outcome).toMatchObject({ state: 'failed', error: { code: 'NOT_FOUND' } });

    const out = join(dir, 'full.jsonl');
    const full = await runEngineExport(
      engine,
      { outPath: out, format: 'jsonl', scope: 'all', order: 'time' },
      {
        createSink: (path) => {
          const sink = createFileSink(path);
          return {
            ...sink,
            get size() {
              return sink.size;
            },
            write() {
              throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            },
          };
        },
      },
    );
    expect(full).toMatchObject({
      state: 'failed',
      error: { code: 'IO_ERROR', detail: out, message: expect.stringContaining('the disk is full') },
    });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('a capture closed mid-export: the export fails with CANCELLED and leaves no file', async () => {
    const closing = await readEngine();
    const host = inProcessEngine(closing);
    const out = join(dir, 'closed.parquet');
    const ended = new Promise<ExportJobOutcome>((resolve) =>
      host.startExport(
        'x1',
        { outPath: out, format: 'parquet', scope: 'all', order: 'time' },
        {
          onProgress: () => {},
          onFinished: resolve,
        },
      ),
    );
    await host.close();
    expect(await ended).toMatchObject({
      state: 'failed',
      error: { code: 'CANCELLED', message: expect.stringContaining('the capture was closed') },
    });
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});

describe('engine export of a replay: what the user saw', () => {
  it('a replay stopped partway exports the events it holds, and only those', async () => {
    const source = value(openFileEventSource({ path: KERNEL_NETWORK, kind: 'replay', speed: Infinity }));
    const engine = new CaptureEngine({ captureId: 'r1', source, providers });
    const reading = engine.run();
    while (engine.store.count < 2000) await new Promise((r) => setTimeout(r, 1));
    engine.cancel();
    await reading;
    const held = engine.store.count;
    expect(held).toBeLessThan(KERNEL_NETWORK_EVENTS);
    const { outcome, path } = await exportOf(engine, { format: 'jsonl', scope: 'all', order: 'time' });
    expect(outcome).toMatchObject({ state: 'done', written: held, total: held });
    expect(firstDifference(jsonLines(path), fileLines.slice(0, held))).toBeUndefined();
  });

  it('a replay still playing exports the rows it had when the export started', async () => {
    const source = value(openFileEventSource({ path: KERNEL_NETWORK, kind: 'replay', speed: Infinity }));
    const engine = new CaptureEngine({ captureId: 'r2', source, providers });
    const reading = engine.run();
    while (engine.store.count < 1000) await new Promise((r) => setTimeout(r, 1));
    const exporting = exportOf(engine, { format: 'jsonl', scope: 'all', order: 'time' });
    const [{ outcome, path }] = await Promise.all([exporting, reading]);
    if (outcome.state !== 'done') throw new Error(`export ${outcome.state}`);
    expect(outcome.total).toBeGreaterThanOrEqual(1000);
    expect(outcome.written).toBe(outcome.total);
    expect(firstDifference(jsonLines(path), fileLines.slice(0, outcome.total))).toBeUndefined();
  });
});

describe('engine export of a live-like capture (the live batch path, no file behind it)', () => {
  /** tx/KernelNetwork.etl played to a session through the native batch layout, as LiveBatches. */
  function liveBatches(): { batches: LiveBatch[]; clock: LiveSource['clock'] } {
    const scheduler = new ManualScheduler();
    const backend = new ReplayBackend({
      source: value(openFileEventSource({ path: KERNEL_NETWORK })),
      speed: Infinity,
      scheduler,
    });
    backend.startSession({ name: 'ETWExplorer-Test', systemLogger: false });
    backend.enableProvider({
      session: 'ETWExplorer-Test',
      guid: '7dd42a49-5329-4832-8dfd-43d979153a88',
      level: 255,
    });
    const interner = new GuidInterner();
    const batches: LiveBatch[] = [];
    let clock: LiveSource['clock'] | undefined;
    new backend.Consumer({
      session: 'ETWExplorer-Test',
      batchBytes: 64 * 1024,
      onBatch: (bytes) => {
        const parsed = parseBatch(bytes, interner);
        clock ??= parsed.clock;
        batches.push({ events: parsed.events });
      },
    });
    scheduler.runAll();
    if (!clock) throw new Error('the replay delivered no batch');
    return { batches, clock };
  }

  async function liveEngine(): Promise<CaptureEngine> {
    const { batches, clock } = liveBatches();
    async function* stream() {
      yield* batches;
    }
    const source = new LiveSource(stream(), clock, { kind: 'live', label: 'Test session' });
    const engine = new CaptureEngine({ captureId: 'live', source, providers });
    await engine.run();
    return engine;
  }

  it('JSON Lines: the events as the file gives them (the session header event first)', async () => {
    const engine = await liveEngine();
    expect(engine.source.header).toBeUndefined();
    const { outcome, path } = await exportOf(engine, { format: 'jsonl', scope: 'all', order: 'time' });
    expect(outcome).toMatchObject({ state: 'done', written: KERNEL_NETWORK_EVENTS });
    expect(firstDifference(jsonLines(path), fileLines)).toBeUndefined();
  });

  it('.etl: a file with the session clock that reopens decoded without the manifests', async () => {
    const engine = await liveEngine();
    const { outcome, path } = await exportOf(engine, { format: 'etl', scope: 'all', order: 'time' });
    // The session's header event is replaced by the new file's own.
    expect(outcome).toMatchObject({ state: 'done', written: KERNEL_NETWORK_EVENTS, problems: [] });
    const reopened = dumpEvents(path, [], { skipHeader: true, skipMetadata: true });
    expect(reopened).toHaveLength(KERNEL_NETWORK_EVENTS - 1);
    expect(reopened.every((e) => e.decoded)).toBe(true);
    const source = dumpEvents(KERNEL_NETWORK, providers, { skipHeader: true });
    expect(firstDifference(canonical(reopened), canonical(source))).toBeUndefined();
  });

  it('a filtered, sorted view of the live capture exports its rows in its order', async () => {
    const engine = await liveEngine();
    const view: ViewState = value(
      engine.createView('live-view', { filter: 'id == 11', sort: { column: 'size', descending: true } }),
    );
    const rows = value(engine.rows('live-view', 0, view.total)).rows;
    const { path } = await exportOf(engine, {
      format: 'jsonl',
      scope: 'view',
      viewId: 'live-view',
      order: 'view',
    });
    expect(jsonLines(path).map((l) => JSON.parse(l) as EventJson)).toEqual(rows.map(jsonOf));
  });
});
