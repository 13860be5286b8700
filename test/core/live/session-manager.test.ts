// SessionManager over the replay backend (real captures played through the live batch path): one
// session multiplexed for several views with merged enablement, each view getting only its own
// events, re-merging when a view leaves, stopping, figures that move, stale-session reclaim that
// leaves other tools alone, push-down placements, the kernel session, attach, and back pressure.
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import type { EnableProviderOptions, StartSessionOptions } from '../../../electron/core/live/addon';
import { EVENT_TRACE_CLASS, levelKeywordPasses } from '../../../electron/core/live/enable-match';
import { openReplayCapture } from '../../../electron/core/live/open-replay.node.js';
import { ReplayBackend } from '../../../electron/core/live/replay-backend';
import type { SessionBackend } from '../../../electron/core/live/session-backend';
import { SessionManager, type Subscription } from '../../../electron/core/live/session-manager';
import {
  FIXTURES,
  KERNEL_NETWORK,
  KERNEL_NETWORK_PROVIDER,
  ManualScheduler,
  PERFVIEW_NET,
  openCapture,
  readDirect,
  type EventImage,
} from './replay-test-kit';

const KN = KERNEL_NETWORK_PROVIDER;
const SHUTDOWN = `${FIXTURES}/airbus/ShutdownPerfDiagLogger.etl`;
const PROCESS_CLASS = '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c';
const IMAGE_CLASS = '2cb15d1d-5fc1-11d2-abe1-00a0c911f518';

interface Call {
  method: string;
  args: unknown[];
}

/** A ReplayBackend whose control calls are recorded (the consumer is the backend's own). */
function recorded(backend: ReplayBackend): { backend: SessionBackend; calls: Call[] } {
  const calls: Call[] = [];
  const wrap =
    <A extends unknown[], R>(method: string, fn: (...args: A) => R) =>
    (...args: A): R => {
      calls.push({ method, args });
      return fn(...args);
    };
  return {
    calls,
    backend: {
      listSessions: wrap('listSessions', () => backend.listSessions()),
      querySession: (name) => backend.querySession(name),
      startSession: wrap('startSession', (o: StartSessionOptions) => backend.startSession(o)),
      stopSession: wrap('stopSession', (n: string, o?: { force?: boolean }) => backend.stopSession(n, o)),
      flushSession: wrap('flushSession', (n: string) => backend.flushSession(n)),
      enableProvider: wrap('enableProvider', (o: EnableProviderOptions) => backend.enableProvider(o)),
      disableProvider: wrap('disableProvider', (s: string, g: string) => backend.disableProvider(s, g)),
      captureState: wrap('captureState', (s: string) => backend.captureState(s)),
      setStackTracing: wrap('setStackTracing', (s: string, e) => backend.setStackTracing(s, e)),
      setSystemTraceFlags: wrap('setSystemTraceFlags', (s: string, m: number[]) =>
        backend.setSystemTraceFlags(s, m),
      ),
      Consumer: backend.Consumer,
    },
  };
}

function setup(path = KERNEL_NETWORK, options: { viewQueueBatches?: number; speed?: number } = {}) {
  const scheduler = new ManualScheduler();
  const replay = new ReplayBackend({
    source: openCapture(path),
    speed: options.speed ?? Infinity,
    scheduler,
    eventsPerStep: 1024,
  });
  const { backend, calls } = recorded(replay);
  const manager = new SessionManager({
    backend,
    source: 'replay',
    viewQueueBatches: options.viewQueueBatches ?? 100_000,
    consumer: { batchBytes: 64 * 1024 },
    now: () => scheduler.now(),
  });
  return { scheduler, replay, manager, calls };
}

async function drain(sub: Subscription): Promise<RawEvent[]> {
  const out: RawEvent[] = [];
  for await (const batch of sub.batches) out.push(...batch.events);
  return out;
}

const keyOf = (e: Pick<EventImage, 'ticks' | 'id' | 'pid' | 'tid' | 'cpu'>) =>
  `${e.ticks}/${e.id}/${e.pid}/${e.tid}/${e.cpu}`;
const enables = (calls: Call[]) =>
  calls.filter((c) => c.method === 'enableProvider').map((c) => c.args[0] as EnableProviderOptions);

describe('SessionManager multiplexing over a replay', () => {
  it('two views share one session and one merged enablement; each gets only its own events', async () => {
    const { scheduler, replay, manager, calls } = setup();
    const a = manager.subscribe({
      label: 'A',
      providers: [{ guid: KN, level: 4, anyKeyword: 0x10n }],
      filter: 'pid == 2716',
    });
    const b = manager.subscribe({
      label: 'B',
      providers: [{ guid: KN, level: 5, anyKeyword: 0x20n }],
      filter: 'id in (26, 27)',
    });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    // One session on the backend, one enablement whose keywords are the OR and level the max.
    expect(replay.listSessions().sessions.map((s) => s.name)).toEqual(['ETWExplorer-Live']);
    expect(calls.filter((c) => c.method === 'startSession')).toHaveLength(1);
    const last = enables(calls).at(-1);
    expect(last).toMatchObject({
      session: 'ETWExplorer-Live',
      guid: KN,
      level: 5,
      anyKeyword: 0x30n,
      allKeyword: 0n,
    });
    expect(a.value.sessions).toEqual(['ETWExplorer-Live']);
    expect(a.value.providers()[0]).toMatchObject({ anyKeyword: '0x30', level: 5, views: 2 });

    scheduler.runAll();
    const [gotA, gotB] = await Promise.all([drain(a.value), drain(b.value)]);
    const direct = readDirect(KERNEL_NETWORK);
    const header = (e: EventImage) => e.providerId === EVENT_TRACE_CLASS;
    const wantA = direct
      .filter((e) => header(e) || (e.providerId === KN && levelKeywordPasses(e, 4, 0x10n, 0n)))
      .filter((e) => e.pid === 2716);
    const wantB = direct
      .filter((e) => header(e) || (e.providerId === KN && levelKeywordPasses(e, 5, 0x20n, 0n)))
      .filter((e) => e.id === 26 || e.id === 27);
    expect(wantA.length).toBeGreaterThan(100);
    expect(wantB.length).toBeGreaterThan(50);
    expect(gotA.map(keyOf)).toEqual(wantA.map(keyOf));
    expect(gotB.map(keyOf)).toEqual(wantB.map(keyOf));
    // Payloads came through intact.
    expect(Array.from(gotA[5]?.payload ?? [])).toEqual(Array.from(wantA[5]?.payload ?? []));
    // The replay ran to the end: the session ended by itself and the views' streams finished.
    const figures = manager.figures();
    expect(figures[0]).toMatchObject({
      name: 'ETWExplorer-Live',
      state: 'ended',
      kind: 'user',
      source: 'replay',
    });
    expect(figures[0]?.events).toBe(direct.filter((e) => header(e) || e.providerId === KN).length);
  });

  it('re-merges when a view leaves and stops the session with the last one', async () => {
    const { scheduler, replay, manager, calls } = setup(KERNEL_NETWORK, { speed: 1 });
    const a = manager.subscribe({ providers: [{ guid: KN, anyKeyword: 0x10n, level: 4 }] });
    const b = manager.subscribe({ providers: [{ guid: KN, anyKeyword: 0x20n, level: 4 }] });
    if (!a.ok || !b.ok) throw new Error('subscribe failed');
    scheduler.advance(3000);
    const running = manager.figures().find((f) => f.name === 'ETWExplorer-Live');
    expect(running?.state).toBe('running');
    expect(running?.events).toBeGreaterThan(0);
    expect(running?.eventsPerSecond).toBeGreaterThan(0);
    expect(running?.views).toBe(2);

    b.value.close();
    expect(enables(calls).at(-1)).toMatchObject({ guid: KN, anyKeyword: 0x10n, level: 4 });
    expect(replay.listSessions().sessions).toHaveLength(1);
    scheduler.advance(3000);
    const before = manager.figures().find((f) => f.name === 'ETWExplorer-Live')?.events ?? 0;
    scheduler.advance(5000);
    const after = manager.figures().find((f) => f.name === 'ETWExplorer-Live')?.events ?? 0;
    expect(after).toBeGreaterThan(before); // counters keep moving

    a.value.close();
    expect(calls.filter((c) => c.method === 'stopSession').map((c) => c.args[0])).toEqual([
      'ETWExplorer-Live',
    ]);
    expect(replay.listSessions().sessions).toEqual([]);
    scheduler.runAll();
    const final = manager.figures().find((f) => f.name === 'ETWExplorer-Live');
    expect(final?.state).toBe('ended');
    expect(manager.running()).toEqual([]);
    // Both streams end (A's after its queued batches).
    await Promise.all([drain(a.value), drain(b.value)]);
  });

  it('Stop is graceful: the view still gets what was buffered, then its stream ends', async () => {
    const { scheduler, replay, manager } = setup(KERNEL_NETWORK, { speed: 1 });
    const sub = manager.subscribe({ providers: [{ guid: KN }] });
    if (!sub.ok) throw new Error(sub.error.message);
    scheduler.advance(500); // less than the 1 s flush timer: nothing handed over yet
    expect(sub.value.stats().delivered + sub.value.stats().queued).toBe(0);
    expect(manager.endSession('ETWExplorer-Live')).toEqual({ ok: true, value: undefined });
    expect(replay.listSessions().sessions).toEqual([]);
    scheduler.runAll();
    const got = await drain(sub.value);
    expect(got.length).toBeGreaterThan(0);
    expect(manager.figures()[0]).toMatchObject({ state: 'ended', endStatus: 0, events: got.length });
    expect(manager.endSession('ETWExplorer-Live')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a view whose pipeline lets go of its batches (capture closed) ends, and so does its session', async () => {
    const { scheduler, replay, manager } = setup(KERNEL_NETWORK, { speed: 1 });
    const sub = manager.subscribe({ providers: [{ guid: KN }] });
    if (!sub.ok) throw new Error(sub.error.message);
    scheduler.advance(2000);
    const iterator = sub.value.batches[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    await iterator.return?.();
    expect(replay.listSessions().sessions).toEqual([]);
    expect(manager.running()).toEqual([]);
  });

  it('a provider no longer wanted is disabled; a new one is enabled in the same session', () => {
    const { manager, calls } = setup(KERNEL_NETWORK, { speed: 1 });
    const a = manager.subscribe({ providers: [{ guid: KN }] });
    const other = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';
    const b = manager.subscribe({ providers: [{ guid: other }] });
    if (!a.ok || !b.ok) throw new Error('subscribe failed');
    expect(enables(calls).map((e) => e.guid)).toEqual([KN, other]);
    b.value.close();
    expect(calls.filter((c) => c.method === 'disableProvider').map((c) => c.args)).toEqual([
      ['ETWExplorer-Live', other],
    ]);
    manager.stop();
  });
});

describe('SessionManager: a whole capture replayed as sessions', () => {
  it('perfview net.4.5.2: every event arrives, kernel ones through the private kernel session', async () => {
    const opened = openReplayCapture(PERFVIEW_NET);
    if (!opened.ok) throw new Error(opened.error.message);
    const { providers, kernelFlags, source } = opened.value;
    expect(kernelFlags).not.toBe(0);
    const scheduler = new ManualScheduler();
    const replay = new ReplayBackend({ source, speed: Infinity, scheduler });
    const manager = new SessionManager({
      backend: replay,
      source: 'replay',
      viewQueueBatches: 100_000,
      now: () => scheduler.now(),
    });
    const sub = manager.subscribe({ providers, kernel: { flags: kernelFlags } });
    if (!sub.ok) throw new Error(sub.error.message);
    expect(sub.value.sessions).toEqual(['ETWExplorer-Live', 'ETWExplorer-Kernel']);
    scheduler.runAll();
    const got = await drain(sub.value);
    const direct = readDirect(PERFVIEW_NET);
    const count = (events: { providerId: string }[]) => {
      const m = new Map<string, number>();
      for (const e of events) m.set(e.providerId, (m.get(e.providerId) ?? 0) + 1);
      return m;
    };
    // Every event exactly once (the trace records both sessions receive are taken from the first).
    expect(count(got)).toEqual(count(direct));
    expect(got.length).toBe(168298);
    // Both sessions share one clock: the same ticks as the file.
    const ticks = (events: { ticks: number }[]) => events.map((e) => e.ticks).sort((a, b) => a - b);
    expect(ticks(got.filter((e) => e.providerId !== EVENT_TRACE_CLASS))).toEqual(
      ticks(direct.filter((e) => e.providerId !== EVENT_TRACE_CLASS)),
    );
  });
});

describe('SessionManager: stale sessions, restrictions, push-down', () => {
  it('reclaims stale ETWExplorer-* sessions and leaves other tools alone', () => {
    const { replay, manager, calls } = setup();
    replay.startSession({ name: 'ETWExplorer-Live' });
    replay.startSession({ name: 'ETWExplorer-Probe' });
    replay.startSession({ name: 'Foreign-Tool' });
    replay.startSession({ name: 'EventLog-Security' });
    const r = manager.reclaimStale();
    expect(r).toEqual({
      ok: true,
      value: { stopped: ['ETWExplorer-Live', 'ETWExplorer-Probe'], failed: [] },
    });
    expect(calls.filter((c) => c.method === 'stopSession').map((c) => c.args[0])).toEqual([
      'ETWExplorer-Live',
      'ETWExplorer-Probe',
    ]);
    expect(replay.listSessions().sessions.map((s) => s.name)).toEqual(['Foreign-Tool', 'EventLog-Security']);
    // And the backend refuses to stop a foreign session without force.
    expect(() => replay.stopSession('Foreign-Tool')).toThrow(/needs force/);
  });

  it('refuses Threat-Intelligence and Security-Auditing with the reason', () => {
    const { manager } = setup();
    const ti = manager.subscribe({ providers: [{ guid: '{F4E1897C-BB5D-5668-F1D8-040F4D8DD344}' }] });
    expect(ti).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/Protected Process Light/) },
    });
    const sec = manager.subscribe({ providers: [{ guid: '54849625-5478-4994-a5ba-3e3b0328c30d' }] });
    expect(sec).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/EventLog-Security.*SYSTEM/) },
    });
  });

  it('reports where filters run: limits, refusals and merges', () => {
    const { manager, calls } = setup(KERNEL_NETWORK, { speed: 1 });
    const nine = [4, 344, 892, 2716, 3052, 3060, 3124, 3236, 3592];
    const a = manager.subscribe({ providers: [{ guid: KN, filters: { pids: nine, eventIds: [10, 11] } }] });
    if (!a.ok) throw new Error(a.error.message);
    const placements = a.value.providers()[0]?.filters ?? [];
    expect(placements).toContainEqual({
      filter: 'pids',
      where: 'user',
      reason: expect.stringMatching(/at most 8 process IDs in the kernel, got 9/),
    });
    expect(placements).toContainEqual({ filter: 'eventIds', where: 'kernel' });
    expect(enables(calls).at(-1)?.filters).toEqual({ eventIds: [10, 11] });

    // A second view with other IDs: the union is pushed down; its exe names cannot be (A has none).
    const b = manager.subscribe({
      providers: [{ guid: KN, filters: { eventIds: [43], exeNames: ['svchost.exe'] } }],
    });
    if (!b.ok) throw new Error(b.error.message);
    expect(enables(calls).at(-1)?.filters).toEqual({ eventIds: [10, 11, 43] });
    const merged = b.value.providers()[0]?.filters ?? [];
    expect(merged).toContainEqual({ filter: 'eventIds', where: 'kernel' });
    expect(merged).toContainEqual({
      filter: 'exeNames',
      where: 'none',
      reason: expect.stringMatching(/another view/),
    });
    expect(merged).toContainEqual({
      filter: 'pids',
      where: 'user',
      reason: expect.stringMatching(/another view/),
    });
    manager.stop();
  });

  it("a filter the backend refuses moves out of the kernel with the backend's reason", () => {
    const { manager, calls } = setup(KERNEL_NETWORK, { speed: 1 });
    const a = manager.subscribe({
      providers: [{ guid: KN, filters: { exeNames: ['svchost.exe'], eventIds: [11] } }],
    });
    if (!a.ok) throw new Error(a.error.message);
    // First try with both filters, refused; then again without the executable names.
    expect(enables(calls).map((e) => e.filters)).toEqual([
      { exeNames: ['svchost.exe'], eventIds: [11] },
      { eventIds: [11] },
    ]);
    expect(a.value.providers()[0]?.filters).toContainEqual({
      filter: 'exeNames',
      where: 'none',
      reason: expect.stringMatching(/replay cannot filter by executable name/),
    });
    manager.stop();
  });

  it('a bad filter is a PARSE_ERROR with its column, and nothing is started', () => {
    const { replay, manager } = setup();
    const r = manager.subscribe({ providers: [{ guid: KN }], filter: 'id == == 3' });
    expect(r).toMatchObject({ ok: false, error: { code: 'PARSE_ERROR', offset: 6 } });
    expect(replay.listSessions().sessions).toEqual([]);
  });
});

describe('SessionManager: kernel session, attach, back pressure', () => {
  it('kernel flags go to a private system-logger session; each view gets its classes only', async () => {
    const { scheduler, replay, manager, calls } = setup(SHUTDOWN);
    const processes = manager.subscribe({ kernel: { flags: 0x1 } });
    const images = manager.subscribe({ kernel: { flags: 0x4 } });
    if (!processes.ok || !images.ok) throw new Error('subscribe failed');
    expect(calls.find((c) => c.method === 'startSession')?.args[0]).toMatchObject({
      name: 'ETWExplorer-Kernel',
      systemLogger: true,
      kernelFlags: 0x1,
    });
    expect(calls.filter((c) => c.method === 'setSystemTraceFlags').map((c) => c.args)).toEqual([
      ['ETWExplorer-Kernel', [0x5, 0, 0, 0, 0, 0, 0, 0]],
    ]);
    expect(replay.listSessions().sessions.map((s) => [s.name, s.enableFlags])).toEqual([
      ['ETWExplorer-Kernel', 5],
    ]);
    scheduler.runAll();
    const [p, i] = await Promise.all([drain(processes.value), drain(images.value)]);
    const direct = readDirect(SHUTDOWN);
    const count = (id: string) => direct.filter((e) => e.providerId === id).length;
    expect(p.filter((e) => e.providerId === PROCESS_CLASS).length).toBe(count(PROCESS_CLASS));
    expect(new Set(p.map((e) => e.providerId))).not.toContain(IMAGE_CLASS);
    expect(i.filter((e) => e.providerId === IMAGE_CLASS).length).toBe(count(IMAGE_CLASS));
    expect(new Set(i.map((e) => e.providerId))).not.toContain(PROCESS_CLASS);
    expect(manager.figures()[0]?.kernelFlags).toEqual(['process', 'imageLoad']);
  });

  it('attaches read-only to another session and never stops it', async () => {
    const { scheduler, replay, manager, calls } = setup(KERNEL_NETWORK, { speed: 1 });
    replay.startSession({ name: 'Other-Tool' });
    replay.enableProvider({ session: 'Other-Tool', guid: KN, anyKeyword: 0x20n });
    const sub = manager.attach('Other-Tool', { filter: 'id == 27' });
    if (!sub.ok) throw new Error(sub.error.message);
    scheduler.advance(20_000);
    sub.value.close();
    expect(calls.filter((c) => c.method === 'stopSession' || c.method === 'enableProvider')).toEqual([]);
    expect(replay.listSessions().sessions.map((s) => s.name)).toEqual(['Other-Tool']);
    const got = await drain(sub.value);
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((e) => e.id === 27)).toBe(true);
    expect(manager.attach('Nobody')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a view that falls behind loses batches, and every lost event is counted', async () => {
    const { scheduler, manager } = setup(KERNEL_NETWORK, { viewQueueBatches: 2 });
    const sub = manager.subscribe({ providers: [{ guid: KN }] });
    if (!sub.ok) throw new Error(sub.error.message);
    scheduler.runAll(); // the whole capture arrives while nobody reads
    const got: RawEvent[] = [];
    let lastLoss = 0;
    for await (const batch of sub.value.batches) {
      got.push(...batch.events);
      lastLoss = batch.loss?.queueDropped ?? lastLoss;
    }
    const stats = sub.value.stats();
    expect(stats.dropped).toBeGreaterThan(0);
    expect(got.length + stats.dropped).toBe(8924);
    expect(lastLoss).toBe(stats.dropped);
    expect(manager.figures()[0]?.loss.queueDropped.views).toBe(stats.dropped);
  });
});
