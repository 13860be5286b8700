// The session service: through the app dispatcher off Windows (replays work for every connection,
// live ETW answers why not, events reach a capture the view channels read), and with a stand-in
// machine (a ReplayBackend in the addon's place) for what needs Windows: stale-session reclaim at
// start, session control only with the capability, other tools' sessions only with force, figures.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EtwContract } from '../../electron/common/ipc/contract';
import type { ArgsOf, Capability, ChannelName, ResponseOf } from '../../electron/common/ipc/contract-kit';
import type { Result } from '../../electron/common/result';
import type {
  SessionFiguresEvent,
  SessionListing,
  StartedSession,
} from '../../electron/common/ipc/session-messages';
import type { LiveBatch } from '../../electron/core/pipeline/sources/live-source';
import { ReplayBackend } from '../../electron/core/live/replay-backend';
import { createAppDispatcher } from '../../electron/services/app-services';
import type { LiveCaptureSpec } from '../../electron/services/capture-service';
import { browserDialogService } from '../../electron/services/dialog-service';
import type { Emit } from '../../electron/services/emit';
import { createSessionService } from '../../electron/services/session-service';
import { openFileEventSource } from '../../electron/core/pipeline/sources/open-file.node.js';

const KERNEL_NETWORK = resolve(__dirname, '../../..', 'shared', 'fixtures', 'etl', 'tx', 'KernelNetwork.etl');
const KN = '7dd42a49-5329-4832-8dfd-43d979153a88';
const none = new Set<Capability>();
const control = new Set<Capability>(['sessionControl']);

function make() {
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
    engineWorker: null,
  });
}

type Dispatcher = ReturnType<typeof make>['dispatcher'];

/** dispatcher.invoke with the contract's types (the dispatcher itself takes and returns unknown). */
async function call<K extends ChannelName<EtwContract>>(
  dispatcher: Dispatcher,
  channel: K,
  args: ArgsOf<EtwContract, K>,
  capabilities: ReadonlySet<Capability>,
): Promise<Result<ResponseOf<EtwContract, K>>> {
  return (await dispatcher.invoke(channel, args, capabilities)) as Result<ResponseOf<EtwContract, K>>;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('sessions through the app dispatcher (not Windows)', () => {
  it('lists no machine sessions, says why, and allows replays to every connection', async () => {
    const { dispatcher } = make();
    const listed = await call(dispatcher, 'sessions.list', undefined, none);
    expect(listed.ok).toBe(true);
    const value = (listed as { value: SessionListing }).value;
    expect(value).toMatchObject({
      sessions: [],
      complete: true,
      liveEtw: { available: false, reason: 'live ETW needs Windows (this is linux)' },
      control: { live: false, replay: true },
      reclaimed: [],
    });
    expect(value.restrictedProviders.map((p) => p.name)).toEqual([
      'Microsoft-Windows-Threat-Intelligence',
      'Microsoft-Windows-Security-Auditing',
    ]);
    expect(await call(dispatcher, 'sessions.start', { providers: [{ guid: KN }] }, control)).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_PLATFORM', message: 'live ETW needs Windows (this is linux)' },
    });
    expect(await call(dispatcher, 'sessions.attach', { name: 'EventLog-System' }, control)).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_PLATFORM', message: expect.stringMatching(/OpenTrace.*needs Windows/) },
    });
    expect(await call(dispatcher, 'sessions.start', {}, none)).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('replays a capture as a session into a capture the view channels read, then stops it', async () => {
    const { dispatcher } = make();
    const figures: SessionFiguresEvent[] = [];
    dispatcher.events.subscribe('sessions.figures', (f) => figures.push(f as SessionFiguresEvent));
    const started = await call(
      dispatcher,
      'sessions.start',
      { replay: { path: KERNEL_NETWORK, speed: 'max' } },
      none,
    );
    expect(started.ok).toBe(true);
    const s = (started as { value: StartedSession }).value;
    expect(s.sessions).toEqual(['ETWExplorer-Replay-1']);
    expect(s.providers.map((p) => [p.guid, p.level, p.anyKeyword])).toEqual([[KN, 0, '0x0']]);
    expect(s.capture.summary.fileName).toBe('KernelNetwork.etl (replay max)');
    const captureId = s.capture.captureId;
    const view = await call(dispatcher, 'view.create', { captureId }, none);
    if (!view.ok) throw new Error(view.error.message);
    const viewId = view.value.viewId;
    const total = await until('every event in the view', async () => {
      const page = await call(dispatcher, 'events.rows', { viewId, offset: 0, limit: 5 }, none);
      return page.ok && page.value.total === 8924 ? page.value : undefined;
    });
    expect(total.rows[1]?.provider.guid).toBe(KN);
    const listed = await call(dispatcher, 'sessions.list', undefined, none);
    const replay = listed.ok
      ? listed.value.sessions.find((x) => x.name === 'ETWExplorer-Replay-1')
      : undefined;
    expect(replay).toMatchObject({
      source: 'replay',
      ours: true,
      captureId,
      replay: { path: KERNEL_NETWORK, speed: 'max' },
    });
    const ended = await until('the replay to end', async () => {
      const l = await call(dispatcher, 'sessions.list', undefined, none);
      const r = l.ok ? l.value.figures.find((f) => f.name === 'ETWExplorer-Replay-1') : undefined;
      return r?.state === 'ended' ? r : undefined;
    });
    expect(ended).toMatchObject({
      source: 'replay',
      events: 8924,
      loss: { queueDropped: { consumer: 0, views: 0 } },
    });
    expect(await call(dispatcher, 'sessions.stop', { name: 'ETWExplorer-Replay-1' }, none)).toEqual({
      ok: true,
      value: { stopped: true },
    });
    expect(figures.length).toBeGreaterThan(0);
  });

  it('refuses what cannot be replayed with a clear error', async () => {
    const { dispatcher } = make();
    expect(
      await call(dispatcher, 'sessions.start', { replay: { path: '/no/such/file.etl', speed: 1 } }, none),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/no such file/) },
    });
    expect(
      await call(dispatcher, 'sessions.start', { replay: { path: __filename, speed: 1 } }, none),
    ).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR' } });
    expect(
      await call(
        dispatcher,
        'sessions.start',
        { replay: { path: KERNEL_NETWORK, speed: 1 }, filter: 'id ==' },
        none,
      ),
    ).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR', offset: 5 } });
  });
});

describe('sessions on a stand-in machine', () => {
  function machine() {
    const backend = new ReplayBackend({ source: openOrThrow(), speed: 1 });
    backend.startSession({ name: 'ETWExplorer-Stale' });
    backend.startSession({ name: 'Foreign-Tool' });
    const opened: LiveCaptureSpec[] = [];
    const emitted: SessionFiguresEvent[] = [];
    let tick = () => {};
    const emit: Emit = (event, payload) => {
      if (event === 'sessions.figures') emitted.push(payload as SessionFiguresEvent);
    };
    const service = createSessionService({
      liveEtw: { available: true },
      addon: backend,
      emit,
      openLive: (spec) => {
        opened.push(spec);
        return { ok: true, value: { captureId: `c${opened.length}`, summary: {} as never } };
      },
      every: (_ms, t) => {
        tick = t;
        return () => {
          tick = () => {};
        };
      },
    });
    return { backend, service, opened, emitted, tick: () => tick() };
  }

  it('reclaims our stale sessions at start and lists the machine with ours marked', () => {
    const { service } = machine();
    const listed = service.list({ capabilities: control });
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.reclaimed).toEqual(['ETWExplorer-Stale']);
    expect(listed.value.sessions.map((s) => [s.name, s.ours, s.source])).toEqual([
      ['Foreign-Tool', false, 'machine'],
    ]);
    expect(listed.value.control).toEqual({ live: true, replay: true });
    expect(service.list({ capabilities: none }).ok && service.list({ capabilities: none })).toMatchObject({
      value: { control: { live: false } },
    });
  });

  it('starts live sessions only with session control; hands the events to a live capture', async () => {
    const { service, opened, emitted, tick } = machine();
    expect(await service.start({ providers: [{ guid: KN }] }, { capabilities: none })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/--allow-session-control/) },
    });
    const started = await service.start(
      { providers: [{ guid: KN, name: 'Kernel-Network', anyKeyword: '0x10', level: 4 }], filter: 'pid == 4' },
      { capabilities: control },
    );
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value).toMatchObject({
      sessions: ['ETWExplorer-Live'],
      capture: { captureId: 'c1' },
      viewFilter: 'pid == 4',
      providers: [{ guid: KN, anyKeyword: '0x10', level: 4, views: 1 }],
    });
    expect(opened[0]).toMatchObject({ label: 'Live: Kernel-Network', captureFilter: 'pid == 4' });
    const batches: AsyncIterable<LiveBatch> | undefined = opened[0]?.batches;
    expect(batches).toBeDefined();
    tick();
    expect(emitted.at(-1)?.sessions[0]).toMatchObject({
      name: 'ETWExplorer-Live',
      state: 'running',
      source: 'machine',
      captureId: 'c1',
    });
    const listed = service.list({ capabilities: control });
    expect(listed.ok && listed.value.sessions.find((s) => s.name === 'ETWExplorer-Live')).toMatchObject({
      ours: true,
    });
    // Threat-Intelligence is refused for live sessions.
    expect(
      await service.start(
        { providers: [{ guid: 'f4e1897c-bb5d-5668-f1d8-040f4d8dd344' }] },
        { capabilities: control },
      ),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Stop ours.
    expect(service.stop({ name: 'ETWExplorer-Live' }, { capabilities: control })).toEqual({
      ok: true,
      value: { stopped: true },
    });
    // Graceful: the consumer's LAST batch ends it (and the view's stream) a moment later.
    await until('the session to end', async () =>
      service.figures().find((f) => f.name === 'ETWExplorer-Live' && f.state === 'ended'),
    );
    service.dispose();
  });

  it("stops another tool's session only with force and session control", () => {
    const { service, backend } = machine();
    expect(service.stop({ name: 'Foreign-Tool' }, { capabilities: none })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(service.stop({ name: 'Foreign-Tool' }, { capabilities: control })).toMatchObject({
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/needs force/) },
    });
    expect(backend.listSessions().sessions.map((s) => s.name)).toEqual(['Foreign-Tool']);
    expect(service.stop({ name: 'Foreign-Tool', force: true }, { capabilities: control })).toEqual({
      ok: true,
      value: { stopped: true },
    });
    expect(backend.listSessions().sessions).toEqual([]);
    expect(service.stop({ name: 'Gone', force: true }, { capabilities: control })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
  });
});

function openOrThrow() {
  const opened = openFileEventSource({ path: KERNEL_NETWORK });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}
