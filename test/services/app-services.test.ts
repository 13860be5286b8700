// The services as both transports see them, through the app dispatcher: app.info, file checks,
// captures and manifests opened for real, unknown ids, live ETW off Windows, web dialogs, status.
// (Captures and views in depth: capture-service.test.ts.)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../electron/common/ipc/contract';
import type { Capability } from '../../electron/common/ipc/contract-kit';
import type { StatusSnapshot } from '../../electron/common/ipc/messages';
import { bindHandlers, createAppDispatcher } from '../../electron/services/app-services';
import { browserDialogService } from '../../electron/services/dialog-service';

const fixtures = resolve(__dirname, '../../..', 'shared', 'fixtures');
const none = new Set<Capability>();

function make(onFileOpened?: (kind: string, path: string) => void) {
  return createAppDispatcher({
    identity: {
      name: 'ETW Explorer',
      version: '9.9.9',
      mode: 'web',
      platform: 'linux',
      arch: 'x64',
      liveEtw: {
        available: false,
        code: 'UNSUPPORTED_PLATFORM',
        reason: 'live ETW needs Windows (this is linux)',
      },
    },
    dialog: browserDialogService,
    onFileOpened,
  });
}

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'etw-services-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('app services', () => {
  it('bind a handler for every channel of the contract', () => {
    const { services } = make();
    expect(Object.keys(bindHandlers(services)).sort()).toEqual(Object.keys(contract.channels).sort());
  });

  it('app.info describes the process and the caller', async () => {
    const { dispatcher } = make();
    const info = await dispatcher.invoke('app.info', undefined, none);
    expect(info).toEqual({
      ok: true,
      value: {
        name: 'ETW Explorer',
        version: '9.9.9',
        mode: 'web',
        platform: 'linux',
        arch: 'x64',
        liveEtw: {
          available: false,
          code: 'UNSUPPORTED_PLATFORM',
          reason: 'live ETW needs Windows (this is linux)',
        },
        sessionControl: false,
      },
    });
    const allowed = await dispatcher.invoke('app.info', {}, new Set<Capability>(['sessionControl']));
    expect(allowed.ok && (allowed.value as { sessionControl: boolean }).sessionControl).toBe(true);
  });

  it('capture.open: NOT_FOUND for a missing file, IO_ERROR for a folder', async () => {
    const { dispatcher } = make();
    const missing = await dispatcher.invoke('capture.open', { path: join(tmp, 'nope.etl') }, none);
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', detail: join(tmp, 'nope.etl') } });
    const folder = await dispatcher.invoke('capture.open', { path: tmp }, none);
    expect(folder).toMatchObject({ ok: false, error: { code: 'IO_ERROR' } });
  });

  it('capture.open and manifest.open on real fixtures open them and are remembered', async () => {
    const opened: string[] = [];
    const { dispatcher, services } = make((_k, p) => opened.push(p));
    const etl = join(fixtures, 'etl', 'airbus', 'AMSITrace.etl');
    const capture = await dispatcher.invoke('capture.open', { path: etl }, none);
    expect(capture).toMatchObject({ ok: true, value: { summary: { fileName: 'AMSITrace.etl' } } });
    expect(opened).toEqual([etl]);
    await services.captures.closeAll();
    // Manifests open for real (test/services/catalog-service.test.ts) and are remembered.
    const man = join(fixtures, 'manifests', 'windows-classic-samples');
    const manifest = await dispatcher.invoke('manifest.open', { path: man }, none);
    expect(manifest).toMatchObject({ ok: true, value: { path: man } });
    expect(opened).toEqual([etl, man]);
  });

  it('unknown capture and view ids are NOT_FOUND', async () => {
    const { dispatcher } = make();
    for (const [channel, args] of [
      ['capture.close', { captureId: 'c9' }],
      ['view.create', { captureId: 'c9' }],
      ['view.close', { viewId: 'v9' }],
      ['events.rows', { viewId: 'v9', offset: 0, limit: 10 }],
    ] as const) {
      expect(await dispatcher.invoke(channel, args, none)).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
  });

  it('lists sessions off Windows with the loader reason; live control answers UNSUPPORTED_PLATFORM', async () => {
    const { dispatcher } = make();
    const list = await dispatcher.invoke('sessions.list', undefined, none);
    expect(list).toMatchObject({
      ok: true,
      value: { liveEtw: { available: false, reason: 'live ETW needs Windows (this is linux)' } },
    });
    for (const caps of [none, new Set<Capability>(['sessionControl'])]) {
      expect(await dispatcher.invoke('sessions.stop', { name: 'x' }, caps)).toMatchObject({
        ok: false,
        error: { code: 'UNSUPPORTED_PLATFORM' },
      });
    }
  });

  it('web mode has no file dialog', async () => {
    const { dispatcher } = make();
    expect(await dispatcher.invoke('dialog.openFile', { kind: 'capture' }, none)).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_PLATFORM' },
    });
  });

  it('status: snapshot on request, pushed on change', async () => {
    const { dispatcher, services } = make();
    const pushed: StatusSnapshot[] = [];
    const conn = dispatcher.connect({
      capabilities: none,
      push: (_e, p) => pushed.push(p as StatusSnapshot),
    });
    conn.subscribe('status');
    const first = await dispatcher.invoke('status.get', undefined, none);
    expect(first).toMatchObject({
      ok: true,
      value: { source: { kind: 'none' }, counts: { events: 0 }, errors: { count: 0 } },
    });
    services.status.setSource({ kind: 'capture', label: 'boot.etl', path: '/t/boot.etl' });
    services.status.reportError({ code: 'PARSE_ERROR', message: 'bad buffer', offset: 65536 });
    expect(pushed).toHaveLength(2);
    expect(pushed[1]).toMatchObject({
      source: { label: 'boot.etl' },
      errors: { count: 1, last: { offset: 65536 } },
    });
    conn.close();
    expect(dispatcher.events.listenerCount()).toBe(0);
  });
});
