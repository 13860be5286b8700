// The processes.* and alerts.* channels through the app dispatcher, on real captures opened the way
// the UI opens them (manifests into the catalog, capture.open, the engine's ingest feeding the
// capture analysis through the pipeline's observer hook). Checked against the summary engine run
// directly over the same file (analyzeEtlFile: its own reader, decoder and event numbering) and
// against the events the Events view shows for the same seq numbers.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../../electron/common/ipc/contract-kit';
import type {
  AlertList,
  AlertRules,
  AnalysisStatus,
  EventDetail,
  OpenedCapture,
  ProcessDetails,
  ProcessList,
  ProcessTree,
  ProcessTreeNode,
} from '../../electron/common/ipc/messages';
import type { Result } from '../../electron/common/result';
import { analyzeEtlFile } from '../../electron/core/summary/analyze-file.node.js';
import { createAppDispatcher } from '../../electron/services/app-services';
import { browserDialogService } from '../../electron/services/dialog-service';

const fixtures = resolve(__dirname, '../../..', 'shared', 'fixtures');
const PROCESS_ETL = join(fixtures, 'etl/tx/Process.etl');
const NETWORK_ETL = join(fixtures, 'etl/tx/KernelNetwork.etl');
const WINDOWS7 = join(fixtures, 'manifests/windows7-dump');
const SYSTEM_EVENTS = join(fixtures, 'manifests/tx/SystemEvents.man');
const none = new Set<Capability>();

type App = ReturnType<typeof createAppDispatcher> & { pushed: AnalysisStatus[] };

function make(rulesPath?: string): App {
  const app = createAppDispatcher({
    identity: {
      name: 'ETW Explorer',
      version: '0.0.0-test',
      mode: 'web',
      platform: 'linux',
      arch: 'x64',
      liveEtw: { available: false, code: 'UNSUPPORTED_PLATFORM', reason: 'test' },
    },
    dialog: browserDialogService,
    engineWorker: null,
    ...(rulesPath ? { rulesPath } : {}),
  });
  const pushed: AnalysisStatus[] = [];
  app.dispatcher.events.subscribe('analysis.changed', (s) => pushed.push(s as AnalysisStatus));
  return { ...app, pushed };
}

async function call<T>(app: App, channel: string, args: unknown): Promise<T> {
  const r = (await app.dispatcher.invoke(channel as 'status.get', args as undefined, none)) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function open(app: App, file: string, manifests: string[]): Promise<string> {
  for (const m of manifests) await call(app, 'manifest.open', { path: m });
  const opened = await call<OpenedCapture>(app, 'capture.open', { path: file });
  await until(app, opened.captureId, (s) => s.state === 'done');
  return opened.captureId;
}

/** Polls the analysis status until `done` says so (the engine reads in the background). */
async function until(
  app: App,
  captureId: string,
  done: (s: AnalysisStatus) => boolean,
): Promise<AnalysisStatus> {
  for (let i = 0; i < 2000; i++) {
    const list = await call<ProcessList>(app, 'processes.list', { captureId });
    if (done(list.status)) return list.status;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the capture analysis did not finish');
}

function findNode(nodes: ProcessTreeNode[], key: string): ProcessTreeNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    const below = findNode(n.children, key);
    if (below) return below;
  }
  return undefined;
}

describe('processes on tx/Process.etl (windows7-dump manifests)', () => {
  let app: App;
  let captureId = '';
  beforeAll(async () => {
    app = make();
    captureId = await open(app, PROCESS_ETL, [WINDOWS7]);
  }, 60_000);
  afterAll(() => app.services.processes.dispose());

  it('lists every process the summary engine finds in the file, with image names and counts', async () => {
    const direct = await analyzeEtlFile(PROCESS_ETL, [
      join(WINDOWS7, 'Microsoft-Windows-Kernel-Process.xml'),
    ]);
    const list = await call<ProcessList>(app, 'processes.list', { captureId });
    expect(list.status).toMatchObject({ captureId, state: 'done', events: direct.events });
    const byPid = (pid: number) => list.processes.filter((p) => p.pid === pid);
    expect(list.processes.map((p) => `${p.pid}:${p.name}:${p.counts.events}`).sort()).toEqual(
      direct.analyzer
        .processes()
        .map((p) => `${p.pid}:${p.name || (p.pid === 4 ? 'System' : '')}:${p.events}`)
        .sort(),
    );
    const devenv = byPid(5864)[0];
    expect(devenv).toMatchObject({ name: 'devenv.exe', ppid: 3324, exited: true, origin: 'start' });
    expect(devenv?.parentKey).toBe(byPid(3324)[0]?.key);
    expect(devenv?.counts.images).toBe(direct.analyzer.summary(devenv?.key ?? '')?.images.length);
    expect(devenv?.counts.images).toBeGreaterThan(300);
    expect(list.processes.filter((p) => p.exited).length).toBeGreaterThan(0);
  });

  it('gives the tree by key: explorer (3324) started devenv and OUTLOOK', async () => {
    const [list, tree] = await Promise.all([
      call<ProcessList>(app, 'processes.list', { captureId }),
      call<ProcessTree>(app, 'processes.tree', { captureId }),
    ]);
    const byKey = new Map(list.processes.map((p) => [p.key, p]));
    const explorer = list.processes.find((p) => p.pid === 3324);
    const node = findNode(tree.roots, explorer?.key ?? '');
    expect(node?.children.map((c) => `${byKey.get(c.key)?.name} (${byKey.get(c.key)?.pid})`)).toEqual([
      'devenv.exe (5864)',
      'OUTLOOK.EXE (2880)',
    ]);
    expect(explorer?.counts.children).toBe(2);
  });

  it('summarizes one process: ancestors, images with the seq of the event that loaded them', async () => {
    const list = await call<ProcessList>(app, 'processes.list', { captureId });
    const devenv = list.processes.find((p) => p.pid === 5864);
    const details = await call<ProcessDetails>(app, 'processes.summary', {
      captureId,
      processKey: devenv?.key,
    });
    expect(details.process.name).toBe('devenv.exe');
    expect(details.ancestors.map((a) => a.pid)).toEqual([3324]);
    expect(details.events.byEvent.find((e) => e.event === 'ImageLoad')?.count).toBeGreaterThan(300);
    const image = details.images.find((i) => /\\devenv\.exe$/i.test(i.path));
    expect(image).toBeDefined();
    // The seq is the Events view's: that event is devenv's image load of this very file.
    const detail = await call<EventDetail>(app, 'events.detail', { captureId, seq: image?.firstSeq });
    expect(detail.event.event.name).toBe('ImageLoad');
    expect(detail.event.props.ProcessID).toBe(5864);
    expect(String(detail.event.props.ImageName)).toMatch(/devenv\.exe$/i);
  });

  it('answers NOT_FOUND for an unknown process or capture', async () => {
    const r = await app.dispatcher.invoke('processes.summary', { captureId, processKey: 'nope' }, none);
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const c = await app.dispatcher.invoke('processes.list', { captureId: 'c999' }, none);
    expect(c).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await app.dispatcher.invoke('processes.summary', { captureId }, none);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('network on tx/KernelNetwork.etl (SystemEvents.man)', () => {
  let app: App;
  let captureId = '';
  beforeAll(async () => {
    app = make();
    captureId = await open(app, NETWORK_ETL, [SYSTEM_EVENTS]);
  }, 60_000);
  afterAll(() => app.services.processes.dispose());

  it('gives endpoints with the bytes each way, equal to the summary engine on the file', async () => {
    const direct = await analyzeEtlFile(NETWORK_ETL, [SYSTEM_EVENTS]);
    const list = await call<ProcessList>(app, 'processes.list', { captureId });
    const talkers = list.processes.filter((p) => p.counts.endpoints > 0);
    expect(talkers.length).toBeGreaterThan(0);
    let checked = 0;
    for (const p of talkers) {
      const details = await call<ProcessDetails>(app, 'processes.summary', { captureId, processKey: p.key });
      const expected = direct.analyzer
        .processes()
        .find((v) => v.pid === p.pid && v.startTicks === p.startTicks);
      const want = direct.analyzer.summary(expected?.key ?? '')?.network ?? [];
      expect(
        details.network.map((e) => [e.protocol, e.remoteAddress, e.remotePort, e.bytesSent, e.bytesReceived]),
      ).toEqual(want.map((e) => [e.protocol, e.remoteAddress, e.remotePort, e.bytesSent, e.bytesReceived]));
      expect(p.counts.bytesSent).toBe(want.reduce((n, e) => n + e.bytesSent, 0));
      expect(p.counts.bytesReceived).toBe(want.reduce((n, e) => n + e.bytesReceived, 0));
      checked += details.network.length;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('charts every endpoint: the traffic series add up to its byte totals on one time grid', async () => {
    const list = await call<ProcessList>(app, 'processes.list', { captureId });
    const top = list.processes.reduce((a, b) =>
      a.counts.bytesSent + a.counts.bytesReceived >= b.counts.bytesSent + b.counts.bytesReceived ? a : b,
    );
    expect(top.counts.bytesReceived + top.counts.bytesSent).toBeGreaterThan(0);
    const details = await call<ProcessDetails>(app, 'processes.summary', { captureId, processKey: top.key });
    const grids = new Set<string>();
    for (const e of details.network) {
      const s = e.series;
      expect(s).not.toBeNull();
      if (!s) continue;
      grids.add(`${s.fromTicks}/${s.bucketTicks}/${s.sent.length}`);
      expect(s.sent.reduce((a, b) => a + b, 0)).toBe(e.bytesSent);
      expect(s.received.reduce((a, b) => a + b, 0)).toBe(e.bytesReceived);
      expect(s.sent.length).toBeLessThanOrEqual(256);
      // Traffic falls inside the endpoint's first..last seen.
      const firstBucket = Math.floor((e.firstTicks - s.fromTicks) / s.bucketTicks);
      s.sent.forEach((v, i) => {
        if (v > 0 || (s.received[i] ?? 0) > 0) expect(i).toBeGreaterThanOrEqual(firstBucket);
      });
    }
    expect(grids.size).toBe(1);
    // Beaconing: one interval fewer than the contacts (up to 128 kept).
    for (const e of details.network) {
      if (e.contacts > 0) expect(e.intervalsSeconds.length).toBe(Math.min(e.contacts, 128) - 1);
      if (e.beacon) expect(e.beacon.contacts).toBe(e.contacts);
    }
  });
});

describe('a replay streaming in', () => {
  it('pushes analysis.changed as the capture grows, ending with the whole file', async () => {
    const app = make();
    await call(app, 'manifest.open', { path: SYSTEM_EVENTS });
    const opened = await call<OpenedCapture>(app, 'replay.open', { path: NETWORK_ETL, speed: 'max' });
    const last = () => app.pushed.filter((s) => s.captureId === opened.captureId).at(-1);
    for (let i = 0; i < 1000 && last()?.state !== 'done'; i++) await new Promise((r) => setTimeout(r, 10));
    const pushes = app.pushed.filter((s) => s.captureId === opened.captureId);
    expect(pushes.at(-1)).toMatchObject({ state: 'done', events: 8924, processes: 6 });
    for (let i = 1; i < pushes.length; i++)
      expect(pushes[i]?.events).toBeGreaterThanOrEqual(pushes[i - 1]?.events ?? 0);
    app.services.processes.dispose();
  });
});

describe('alerts and rules', () => {
  let app: App;
  let tmp = '';
  let captureId = '';
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'etw-rules-'));
    app = make(join(tmp, 'rules', 'alert-rules.json'));
    const opened = await call<OpenedCapture>(app, 'demo.open', undefined);
    captureId = opened.captureId;
    await until(app, captureId, (s) => s.state === 'done');
  }, 60_000);
  afterAll(async () => {
    app.services.processes.dispose();
    await rm(tmp, { recursive: true, force: true });
  });

  it('lists the demo’s alerts with evidence seqs numbered as the Events view numbers them', async () => {
    const alerts = await call<AlertList>(app, 'alerts.list', { captureId });
    const demoPath =
      (await call<{ source: { path?: string } }>(app, 'status.get', undefined)).source.path ?? '';
    const direct = await analyzeEtlFile(demoPath, []);
    expect(alerts.alerts.map((a) => [a.ruleId, a.pid, a.evidence])).toEqual(
      direct.analyzer.alerts().map((a) => [a.ruleId, a.pid, a.evidence]),
    );
    expect(alerts.alerts.map((a) => a.ruleId)).toContain('cross-process-thread');
    const thread = alerts.alerts.find((a) => a.ruleId === 'cross-process-thread');
    const seq = thread?.evidence[0] ?? -1;
    const detail = await call<EventDetail>(app, 'events.detail', { captureId, seq });
    expect(detail.event.event.name).toMatch(/ThreadStart/i);
    expect(thread?.evidenceTicks).toHaveLength(thread?.evidence.length ?? -1);
    // Processes carry their alert counts and worst severity.
    const list = await call<ProcessList>(app, 'processes.list', { captureId });
    const updater = list.processes.find((p) => p.name === 'updater.exe');
    expect(updater?.counts.alerts).toBe(alerts.alerts.filter((a) => a.processKey === updater?.key).length);
    expect(updater?.worstSeverity).toBe('high');
    const details = await call<ProcessDetails>(app, 'processes.summary', {
      captureId,
      processKey: updater?.key,
    });
    expect(details.alerts.length).toBe(updater?.counts.alerts);
    expect(details.powershellPatterns.map((p) => p.name)).toContain('Invoke-Mimikatz');
  });

  it('refuses a bad rule file with JSON paths and keeps the rules in force', async () => {
    const bad = await call<AlertRules>(app, 'alerts.setRules', {
      text: JSON.stringify({
        version: 1,
        rules: [{ id: 'x', type: 'beaconing', minScore: 2, minContacts: 8 }],
      }),
    });
    expect(bad.applied).toBe(false);
    expect(bad.problems.map((p) => p.path)).toContain('rules[0].minScore');
    const syntax = await call<AlertRules>(app, 'alerts.setRules', { text: '{"version": 1,\n  "rules": [}' });
    expect(syntax.problems[0]?.path).toBe('line 2, column 13');
    const current = await call<AlertRules>(app, 'alerts.rules', undefined);
    expect(current).toMatchObject({ text: '', applied: true, problems: [] });
    expect(JSON.parse(current.builtin)).toMatchObject({ version: 1 });
  });

  it('applies new rules: open captures are evaluated again, the change is pushed and saved', async () => {
    const text = JSON.stringify(
      {
        version: 1,
        builtins: false,
        rules: [
          {
            id: 'updater-network',
            type: 'filter',
            severity: 'critical',
            filter: 'provider == "Microsoft-Windows-Kernel-Network" and process.name == "updater.exe"',
            summary: '{process} talked to {props.daddr}',
            maxAlerts: 5,
          },
        ],
      },
      null,
      2,
    );
    const applied = await call<AlertRules>(app, 'alerts.setRules', { text });
    expect(applied).toMatchObject({ applied: true, problems: [], text });
    expect(await readFile(join(tmp, 'rules', 'alert-rules.json'), 'utf8')).toBe(text);
    const pushedBefore = app.pushed.length;
    const status = await until(app, captureId, (s) => s.state === 'done' && s.alerts === 5);
    expect(status.alerts).toBe(5);
    const alerts = await call<AlertList>(app, 'alerts.list', { captureId });
    expect(new Set(alerts.alerts.map((a) => a.ruleId))).toEqual(new Set(['updater-network']));
    expect(alerts.suppressed['updater-network']).toBeGreaterThan(0);
    for (const a of alerts.alerts.slice(0, 2)) {
      const detail = await call<EventDetail>(app, 'events.detail', { captureId, seq: a.evidence[0] });
      expect(detail.event.provider.name).toBe('Microsoft-Windows-Kernel-Network');
    }
    await new Promise((r) => setTimeout(r, 400));
    expect(app.pushed.slice(pushedBefore - 1).some((s) => s.captureId === captureId && s.alerts === 5)).toBe(
      true,
    );
    // A new service over the same file starts with the saved rules.
    const again = make(join(tmp, 'rules', 'alert-rules.json'));
    expect(await call<AlertRules>(again, 'alerts.rules', undefined)).toMatchObject({ text, applied: true });
    expect(again.services.processes.currentRules()?.rules[0]?.id).toBe('updater-network');
    again.services.processes.dispose();
    // '' = back to the built-in rules.
    const reset = await call<AlertRules>(app, 'alerts.setRules', { text: '' });
    expect(reset).toMatchObject({ text: '', applied: true });
    await until(app, captureId, (s) => s.state === 'done' && s.alerts === 7);
  });
});
