// Captures and views through the app dispatcher, as both transports see them: a real .etl opened in
// a real engine worker (the .ts worker through tsx) and in-process, progress and status pushed,
// views created, filtered (bad filters as positioned errors), paged, detailed and closed; a replay
// at max speed pushing batches to a following view; the demo; errors for what does not exist; the
// capture.info summary (final figures, kernel stacks attached).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Capability } from '../../electron/common/ipc/contract-kit';
import type {
  CaptureProgress,
  CaptureSummary,
  EventsBatch,
  EventsPage,
  OpenedCapture,
  StatusSnapshot,
  ViewGroups,
  ViewState,
} from '../../electron/common/ipc/messages';
import type { Result } from '../../electron/common/result';
import { createAppDispatcher, type AppDispatcher } from '../../electron/services/app-services';
import { browserDialogService } from '../../electron/services/dialog-service';
import type { WorkerScript } from '../../electron/services/engine-host';

const fixtures = resolve(__dirname, '../../..', 'shared', 'fixtures');
const kernelNetwork = join(fixtures, 'etl', 'tx', 'KernelNetwork.etl');
const workerScript: WorkerScript = {
  script: fileURLToPath(new URL('../../electron/services/capture-engine.worker.ts', import.meta.url)),
  execArgv: ['--import', 'tsx'],
};
const none = new Set<Capability>();
const opened: AppDispatcher[] = [];

function make(engineWorker: WorkerScript | null) {
  const app = createAppDispatcher({
    identity: {
      name: 'ETW Explorer',
      version: '1.0.0',
      mode: 'web',
      platform: 'linux',
      arch: 'x64',
      liveEtw: { available: false, code: 'UNSUPPORTED_PLATFORM', reason: 'live ETW needs Windows' },
    },
    dialog: browserDialogService,
    engineWorker,
  });
  opened.push(app);
  const pushed: Array<{ event: string; payload: unknown }> = [];
  const connection = app.dispatcher.connect({
    capabilities: none,
    push: (event, payload) => pushed.push({ event, payload }),
  });
  for (const e of ['capture.progress', 'events.batch', 'status']) connection.subscribe(e);
  const call = async <T>(channel: string, args?: unknown): Promise<T> => {
    const r = (await app.dispatcher.invoke(channel, args, none)) as Result<T>;
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  const progressOf = (captureId: string) =>
    pushed
      .filter((p) => p.event === 'capture.progress')
      .map((p) => p.payload as CaptureProgress)
      .filter((p) => p.captureId === captureId);
  const finished = async (captureId: string) => {
    await expect
      .poll(() => progressOf(captureId).some((p) => p.phase === 'done'), { timeout: 30_000 })
      .toBe(true);
  };
  return { app, pushed, call, progressOf, finished };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((a) => a.services.captures.closeAll()));
});

describe('captures and views', () => {
  it('opens a capture in an engine worker and answers views from it', async () => {
    const { app, pushed, call, progressOf, finished } = make(workerScript);
    const capture = await call<OpenedCapture>('capture.open', { path: kernelNetwork });
    expect(capture.summary).toMatchObject({ fileName: 'KernelNetwork.etl', cpuCount: 4 });
    await finished(capture.captureId);
    expect(progressOf(capture.captureId).at(-1)).toMatchObject({
      events: 8924,
      bytesRead: 1056768,
      bytesTotal: 1056768,
    });

    const view = await call<ViewState>('view.create', { captureId: capture.captureId, filter: 'id == 11' });
    expect(view.total).toBeGreaterThan(7000);
    const page = await call<EventsPage>('events.rows', { viewId: view.viewId, offset: 0, limit: 3 });
    expect(page.rows.map((r) => r.event.id)).toEqual([11, 11, 11]);
    expect(page.rows[0]?.provider.guid).toBe('7dd42a49-5329-4832-8dfd-43d979153a88');

    const bad = await app.dispatcher.invoke('view.update', { viewId: view.viewId, filter: 'id ==' }, none);
    expect(bad).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR', offset: 5, length: 0 } });
    const same = await call<ViewState>('view.update', { viewId: view.viewId });
    expect(same.total).toBe(view.total);

    const sorted = await call<ViewState>('view.update', {
      viewId: view.viewId,
      filter: '',
      sort: { column: 'pid', descending: true },
    });
    expect(sorted.total).toBe(8924);
    const detail = await call<{ seq: number; payloadLength: number }>('events.detail', {
      captureId: capture.captureId,
      seq: 0,
    });
    expect(detail.seq).toBe(0);

    const status = await call<StatusSnapshot>('status.get');
    expect(status.source).toMatchObject({
      kind: 'capture',
      label: 'KernelNetwork.etl',
      captureId: capture.captureId,
    });
    expect(status.counts).toMatchObject({ events: 8924, shown: 8924 });
    expect(pushed.some((p) => p.event === 'status')).toBe(true);

    await call('capture.close', { captureId: capture.captureId });
    expect(
      await app.dispatcher.invoke('events.rows', { viewId: view.viewId, offset: 0, limit: 1 }, none),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await call<StatusSnapshot>('status.get')).source.kind).toBe('none');
  });

  it('replays a capture at max speed, pushing batches to a following view (engine in-process)', async () => {
    const { pushed, call, finished } = make(null);
    const capture = await call<OpenedCapture>('replay.open', { path: kernelNetwork, speed: 'max' });
    const view = await call<ViewState>('view.create', { captureId: capture.captureId, follow: true });
    await finished(capture.captureId);
    const batches = pushed.filter((p) => p.event === 'events.batch').map((p) => p.payload as EventsBatch);
    const ours = batches.filter((b) => b.viewId === view.viewId);
    expect(ours.at(-1)?.total).toBe(8924);
    expect(ours.at(-1)?.tail?.at(-1)?.index).toBe(8923);
    expect((await call<StatusSnapshot>('status.get')).source).toMatchObject({ kind: 'replay' });
  });

  it('histogram, groups, completions, find and locate go to the view’s engine', async () => {
    const { call, finished } = make(null);
    const capture = await call<OpenedCapture>('capture.open', { path: kernelNetwork });
    await finished(capture.captureId);
    const view = await call<ViewState>('view.create', { captureId: capture.captureId });
    const histogram = await call<{ counts: number[] }>('view.histogram', {
      viewId: view.viewId,
      buckets: 50,
    });
    expect(histogram.counts.reduce((a, b) => a + b, 0)).toBe(8924);
    const groups = await call<ViewGroups>('view.groups', { viewId: view.viewId, column: 'pid', limit: 3 });
    expect(groups.total).toBe(8924);
    expect(groups.groups).toHaveLength(3);
    expect(groups.groups.reduce((n, g) => n + g.count, 0) + groups.otherEvents).toBe(8924);
    const completions = await call<{ items: Array<{ label: string }> }>('view.completions', {
      viewId: view.viewId,
      text: 'props.Buf',
      cursor: 9,
    });
    // No manifest is open here: the trace header's built-in schema is what has properties.
    expect(completions.items.map((i) => i.label)).toContain('BufferSize');
    const found = await call<{ index: number }>('view.find', {
      viewId: view.viewId,
      text: 'EventTrace',
      from: 0,
    });
    expect(found.index).toBe(0);
    expect(await call('view.locate', { viewId: view.viewId, seq: 17 })).toEqual({ index: 17 });
    expect(await call('capture.cancel', { captureId: capture.captureId })).toEqual({ cancelled: true });
    expect(await call('view.close', { viewId: view.viewId })).toEqual({ closed: true });
  });

  it('opens the demo capture', async () => {
    const { call, finished } = make(null);
    const demo = await call<OpenedCapture>('demo.open');
    await finished(demo.captureId);
    const view = await call<ViewState>('view.create', {
      captureId: demo.captureId,
      filter: 'provider == "Microsoft-Windows-Kernel-Process"',
    });
    expect(view.total).toBeGreaterThan(0);
    expect((await call<StatusSnapshot>('status.get')).source).toMatchObject({
      kind: 'demo',
      label: 'Demo capture',
    });
  }, 60_000);

  it('answers NOT_FOUND and PARSE_ERROR with the file named', async () => {
    const { app } = make(null);
    expect(await app.dispatcher.invoke('capture.open', { path: '/no/such.etl' }, none)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const notEtl = await app.dispatcher.invoke(
      'capture.open',
      { path: join(fixtures, 'PROVENANCE.md') },
      none,
    );
    expect(notEtl).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR' } });
    expect(await app.dispatcher.invoke('replay.open', { path: kernelNetwork, speed: 0 }, none)).toMatchObject(
      {
        ok: false,
        error: { code: 'BAD_REQUEST' },
      },
    );
    for (const [channel, args] of [
      ['capture.cancel', { captureId: 'c99' }],
      ['view.update', { viewId: 'v99' }],
      ['events.detail', { captureId: 'c99', seq: 0 }],
      ['view.histogram', { viewId: 'v99', buckets: 10 }],
      ['view.groups', { viewId: 'v99', column: 'pid', limit: 10 }],
    ] as const) {
      expect(await app.dispatcher.invoke(channel, args, none)).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
  });
});

describe('capture.info', () => {
  it('answers the current summary of a capture, the final one once read, NOT_FOUND for others', async () => {
    const { app, call, finished } = make(workerScript);
    const capture = await call<OpenedCapture>('capture.open', { path: kernelNetwork });
    const early = await call<CaptureSummary>('capture.info', { captureId: capture.captureId });
    expect(early.events).toBeLessThanOrEqual(8924);
    await finished(capture.captureId);
    const info = await call<CaptureSummary>('capture.info', { captureId: capture.captureId });
    expect(info).toMatchObject({
      fileName: 'KernelNetwork.etl',
      fileSize: 1056768,
      events: 8924,
      cpuCount: 4,
      pointerSize: 8,
      diagnostics: [],
    });
    expect(info.providers).toBeGreaterThan(0);
    expect(Date.parse(info.endTime ?? '')).toBeGreaterThan(Date.parse(info.startTime ?? ''));
    expect(info.diagnosticCount).toBe(0);
    expect(await app.dispatcher.invoke('capture.info', { captureId: 'c99' }, none)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('names the problems of a damaged file with their offsets, and how many there were', async () => {
    const { call, finished } = make(null);
    const bytes = readFileSync(kernelNetwork);
    // Scribble over the headers of three buffers in the middle (buffers are 8 KiB here).
    for (const buffer of [40, 41, 60]) bytes.fill(0xee, buffer * 8192, buffer * 8192 + 48);
    const dir = mkdtempSync(join(tmpdir(), 'etw-damaged-'));
    const damaged = join(dir, 'damaged.etl');
    writeFileSync(damaged, bytes);
    try {
      const capture = await call<OpenedCapture>('capture.open', { path: damaged });
      await finished(capture.captureId);
      const info = await call<CaptureSummary>('capture.info', { captureId: capture.captureId });
      expect(info.diagnosticCount).toBeGreaterThan(0);
      expect(info.diagnostics).toHaveLength(Math.min(200, info.diagnosticCount ?? 0));
      expect(info.diagnostics[0]?.offset).toBeGreaterThanOrEqual(40 * 8192);
      // Buffers 40 and 41 (back to back) and 60 are lost; everything else is read, nothing else is said.
      expect(info.diagnostics.map((d) => d.code)).toEqual([
        'BAD_BUFFER_SIZE',
        'SKIPPED_BUFFERS',
        'BAD_BUFFER_SIZE',
      ]);
      expect(info.events).toBeGreaterThan(8000);
      expect(info.events).toBeLessThan(8924);
      // The status bar counts it as an error that points at the first problem.
      const status = await call<StatusSnapshot>('status.get');
      expect(status.errors.count).toBe(1);
      expect(status.errors.last).toMatchObject({ code: 'PARSE_ERROR', offset: 40 * 8192 });
      expect(status.errors.last?.message).toMatch(
        /^damaged\.etl: 3 problems found while reading, the first at offset 0x50000: BAD_BUFFER_SIZE /,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts the kernel stacks attached to their events (perfview net.4.5.2.x86.etl.zip)', async () => {
    const { call, finished } = make(workerScript);
    const net = join(fixtures, 'etl', 'perfview', 'net.4.5.2.x86.etl.zip');
    const capture = await call<OpenedCapture>('capture.open', { path: net });
    await finished(capture.captureId);
    const info = await call<CaptureSummary>('capture.info', { captureId: capture.captureId });
    expect(info.stacks?.records).toBeGreaterThan(0);
    expect(info.stacks?.attached).toBeGreaterThan(0);
  }, 60_000);
});
