// Pipeline benchmark: a ~5M-event capture (tx/KernelNetwork.etl's buffers repeated, big-etl.ts)
// read at max speed through the whole ingest path — read, learn schemas, process enrichment, store —
// with a filtered view kept up to date as it grows (the replay source at speed Infinity is the file
// source), then a filter over the stored events (header fields, and decoded properties), sorts,
// the timeline histogram, a page of rows, and the store's bytes per event beyond the payload.
// Figures: wall time and CPU time (the machine is shared; CPU time is the steadier figure).
// Targets: ingest >= 500,000 events/s; a filter over 5M stored events <= 1 s; <= 48 bytes/event.
// Run: npx tsx scripts/bench/pipeline-bench.ts [millionEvents]   (default 5)
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Result } from '../../electron/common/result';
import { loadManifestPath } from '../../electron/core/manifest/load.node.js';
import { CaptureEngine } from '../../electron/core/pipeline/capture-engine';
import { openFileEventSource } from '../../electron/core/pipeline/sources/open-file.node.js';
import { buildBigEtl } from './big-etl';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const millions = Number(process.argv[2] ?? 5);
/** KernelNetwork.etl holds 8,924 events in 1,056,768 bytes. */
const BYTES_PER_EVENT = 1_056_768 / 8924;

function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  const value = f();
  const u = process.cpuUsage(c);
  return { value, wall: (performance.now() - t) / 1000, cpu: (u.user + u.system) / 1e6 };
}

const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;
const secs = (s: number) => `${s.toFixed(3)} s`;

mkdirSync(`${ROOT}.bench`, { recursive: true });
const bigPath = `${ROOT}.bench/kernel-network-${millions}m.etl`;
const size = buildBigEtl(
  `${FIXTURES}etl/tx/KernelNetwork.etl`,
  bigPath,
  Math.round(millions * 1e6 * BYTES_PER_EVENT),
);
console.log(`input: ${bigPath} (${(size / 2 ** 20).toFixed(0)} MB)`);
const manifests = await loadManifestPath(`${FIXTURES}manifests/windows7-dump`);

const source = openFileEventSource({ path: bigPath, kind: 'replay', speed: Infinity });
if (!source.ok) throw new Error(source.error.message);
const engine = new CaptureEngine({
  captureId: 'bench',
  source: source.value,
  providers: manifests.providers,
});
ok(engine.createView('live', { filter: 'id == 11 and level <= 4' }));

const t0 = performance.now();
const c0 = process.cpuUsage();
const outcome = await engine.run();
const c1 = process.cpuUsage(c0);
const ingestWall = (performance.now() - t0) / 1000;
const ingestCpu = (c1.user + c1.system) / 1e6;
const events = engine.store.count;
console.log(
  `ingest (${outcome.state}): ${events.toLocaleString('en-US')} events, wall ${secs(ingestWall)} = ${rate(events, ingestWall)}, CPU ${secs(ingestCpu)} = ${rate(events, ingestCpu)}  (target >= 500,000/s)`,
);
console.log(
  `  growing view 'id == 11 and level <= 4': ${ok(engine.updateView('live', {})).total.toLocaleString('en-US')} rows`,
);

const stats = engine.store.stats();
console.log(
  `store: ${(stats.totalBytes / 2 ** 20).toFixed(0)} MB, payload ${(stats.dataBytes / 2 ** 20).toFixed(0)} MB, ` +
    `${stats.bytesPerEventBeyondData.toFixed(1)} bytes/event beyond the payload (target <= 48), ${stats.chunks} chunks`,
);

const header = timed(() =>
  ok(engine.createView('h', { filter: 'id == 11 and pid != 4 and keywords & 0x10' })),
);
console.log(
  `filter (header fields) over ${events.toLocaleString('en-US')} stored: ${header.value.total.toLocaleString('en-US')} rows, wall ${secs(header.wall)}, CPU ${secs(header.cpu)}  (target <= 1 s)`,
);
const byName = timed(() =>
  ok(
    engine.createView('n', {
      filter: 'provider == "Microsoft-Windows-Kernel-Network" and event contains "Datasent"',
    }),
  ),
);
console.log(
  `filter (provider + event name): ${byName.value.total.toLocaleString('en-US')} rows, wall ${secs(byName.wall)}, CPU ${secs(byName.cpu)}`,
);
const props = timed(() => ok(engine.createView('p', { filter: 'id == 11 and props.size > 4000' })));
console.log(
  `filter (props, decodes what the header part keeps): ${props.value.total.toLocaleString('en-US')} rows, wall ${secs(props.wall)}, CPU ${secs(props.cpu)}`,
);
const sortPid = timed(() => ok(engine.updateView('h', { sort: { column: 'pid', descending: true } })));
console.log(`sort ${sortPid.value.total.toLocaleString('en-US')} rows by pid: wall ${secs(sortPid.wall)}`);
const all = timed(() => ok(engine.createView('all', { sort: { column: 'event', descending: false } })));
console.log(
  `view of all ${all.value.total.toLocaleString('en-US')} rows sorted by event name: wall ${secs(all.wall)}`,
);
const hist = timed(() => ok(engine.histogram('all', 1000)));
console.log(`timeline histogram (1000 buckets, all rows): wall ${secs(hist.wall)}`);
const page = timed(() => ok(engine.rows('all', Math.floor(events / 2), 200)));
console.log(`events.rows (200 decoded rows from the middle): wall ${(page.wall * 1000).toFixed(1)} ms`);
const mem = process.memoryUsage();
console.log(
  `process: RSS ${(mem.rss / 2 ** 20).toFixed(0)} MB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB, array buffers ${(mem.arrayBuffers / 2 ** 20).toFixed(0)} MB`,
);
engine.close();
