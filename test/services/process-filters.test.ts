// The Events-view filters the Processes view builds for its clicks (renderer/src/features/processes/
// event-filters.ts), run by the real services on real captures: an endpoint's filter finds that
// endpoint's events whichever Kernel-Network manifest decoded them (Tx's SystemEvents.man: text
// addresses; the Windows 7 manifest: numbers, swapped ports, IPv6 as a hex blob), a process's filter
// finds its network events, DNS and image clicks find their events, and an alert's evidence filter
// finds exactly its evidence events.
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capability } from '../../electron/common/ipc/contract-kit';
import type {
  AlertList,
  AnalysisStatus,
  EventsPage,
  OpenedCapture,
  ProcessDetails,
  ProcessList,
  ViewState,
} from '../../electron/common/ipc/messages';
import type { Result } from '../../electron/common/result';
import { createAppDispatcher } from '../../electron/services/app-services';
import { browserDialogService } from '../../electron/services/dialog-service';
import {
  dnsFilter,
  endpointFilter,
  evidenceFilter,
  imageFilter,
  ipv6Hex,
  networkFilter,
  processFilter,
} from '../../renderer/src/features/processes/event-filters';

const fixtures = resolve(__dirname, '../../..', 'shared', 'fixtures');
const NETWORK_ETL = join(fixtures, 'etl/tx/KernelNetwork.etl');
const none = new Set<Capability>();
type App = ReturnType<typeof createAppDispatcher>;

function make(): App {
  return createAppDispatcher({
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
  });
}

async function call<T>(app: App, channel: string, args: unknown): Promise<T> {
  const r = (await app.dispatcher.invoke(channel as 'status.get', args as undefined, none)) as Result<T>;
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function ready(app: App, captureId: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const status = await call<AnalysisStatus>(app, 'processes.list', { captureId }).then(
      (l) => (l as unknown as ProcessList).status,
    );
    if (status.state === 'done') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the capture analysis did not finish');
}

/** How many events a filter selects, and the first 5,000 of them (seq, ticks, props). */
async function select(
  app: App,
  captureId: string,
  filter: string,
): Promise<{ total: number; rows: EventsPage['rows'] }> {
  const view = await call<ViewState>(app, 'view.create', { captureId, filter });
  if (view.total === 0) return { total: 0, rows: [] };
  const page = await call<EventsPage>(app, 'events.rows', { viewId: view.viewId, offset: 0, limit: 5000 });
  expect(page.total).toBe(view.total);
  return { total: view.total, rows: page.rows };
}

it('expands IPv6 text to its 16 bytes', () => {
  expect(ipv6Hex('2001:4898:0:fff:0:5efe:af6:60d')).toBe('2001489800000fff00005efe0af6060d');
  expect(ipv6Hex('fe80::1')).toBe('fe800000000000000000000000000001');
  expect(ipv6Hex('::')).toBe('0'.repeat(32));
  expect(ipv6Hex('10.0.0.1')).toBeUndefined();
  expect(ipv6Hex('1::2::3')).toBeUndefined();
  expect(ipv6Hex('1:2:3:4:5:6:7:8:9')).toBeUndefined();
});

describe.each([
  ['SystemEvents.man', join(fixtures, 'manifests/tx/SystemEvents.man')],
  ['the Windows 7 manifest', join(fixtures, 'manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml')],
])('endpoint filters on tx/KernelNetwork.etl decoded with %s', (_name, manifest) => {
  let app: App;
  let captureId = '';
  beforeAll(async () => {
    app = make();
    await call(app, 'manifest.open', { path: manifest });
    captureId = (await call<OpenedCapture>(app, 'capture.open', { path: NETWORK_ETL })).captureId;
    await ready(app, captureId);
  }, 60_000);
  afterAll(() => app.services.processes.dispose());

  it('each endpoint’s filter finds its sends and receives, all of its process, IPv4 and IPv6', async () => {
    const list = await call<ProcessList>(app, 'processes.list', { captureId });
    const talkers = list.processes.filter((p) => p.counts.endpoints > 0);
    let v4 = 0;
    let v6 = 0;
    for (const p of talkers) {
      const details = await call<ProcessDetails>(app, 'processes.summary', { captureId, processKey: p.key });
      let matched = 0;
      for (const e of details.network) {
        const { total, rows } = await select(app, captureId, endpointFilter(p, e));
        expect(total, `${p.name} ${e.protocol} ${e.remoteAddress}:${e.remotePort}`).toBeGreaterThanOrEqual(
          e.sends + e.receives + e.connects + e.disconnects + e.retransmits + e.accepts,
        );
        for (const r of rows) expect(r.props.PID).toBe(p.pid);
        matched += total;
        if (e.remoteAddress.includes(':')) v6++;
        else v4++;
      }
      // Together the endpoints cover every network event of the process.
      const all = await select(app, captureId, networkFilter(p));
      expect(matched).toBeGreaterThanOrEqual(all.total);
      expect(all.total).toBeGreaterThan(0);
      // The process filter includes them (they are logged from the system's context).
      const own = await select(app, captureId, `(${processFilter(p)}) and (${networkFilter(p)})`);
      expect(own.total).toBe(all.total);
    }
    expect(v4).toBeGreaterThan(0);
    expect(v6).toBeGreaterThan(0);
  });
});

describe('DNS, image and evidence filters on the demo capture', () => {
  let app: App;
  let captureId = '';
  beforeAll(async () => {
    app = make();
    captureId = (await call<OpenedCapture>(app, 'demo.open', undefined)).captureId;
    await ready(app, captureId);
  }, 60_000);
  afterAll(() => app.services.processes.dispose());

  it('a DNS name and an image find their events in the process', async () => {
    const list = await call<ProcessList>(app, 'processes.list', { captureId });
    const chrome = list.processes.reduce((a, b) => (b.counts.dns > a.counts.dns ? b : a));
    const details = await call<ProcessDetails>(app, 'processes.summary', {
      captureId,
      processKey: chrome.key,
    });
    expect(details.dns.length).toBeGreaterThan(1);
    for (const d of details.dns.slice(0, 4)) {
      const { total, rows } = await select(app, captureId, dnsFilter(chrome, d));
      expect(total).toBeGreaterThanOrEqual(d.queries + d.responses);
      for (const r of rows) expect(String(r.props.QueryName).toLowerCase()).toBe(d.name.toLowerCase());
    }
    const all = await select(app, captureId, dnsFilter(chrome));
    expect(all.total).toBeGreaterThanOrEqual(details.dns.reduce((n, d) => n + d.queries, 0));
    const image = details.images[0];
    expect(image).toBeDefined();
    if (!image) return;
    const { rows } = await select(app, captureId, imageFilter(chrome, image));
    expect(rows.map((r) => r.seq)).toContain(image.firstSeq);
  });

  it('an alert’s evidence filter finds exactly its evidence events', async () => {
    const alerts = await call<AlertList>(app, 'alerts.list', { captureId });
    expect(alerts.alerts.length).toBeGreaterThan(0);
    for (const a of alerts.alerts) {
      const { rows } = await select(app, captureId, evidenceFilter(a.evidenceTicks));
      const seqs = new Set(rows.map((r) => r.seq));
      for (const seq of a.evidence) expect(seqs.has(seq), `${a.ruleId} #${seq}`).toBe(true);
      // Nothing else but events at those very instants (100 ns).
      const ticks = new Set(a.evidenceTicks);
      for (const r of rows) expect(ticks.has(r.ticks)).toBe(true);
    }
  });
});
