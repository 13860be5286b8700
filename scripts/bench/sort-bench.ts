// Sort benchmark: views sorted by a decoded property (`prop:size`, `prop:daddr`) over ~1M and ~5M
// stored events (tx/KernelNetwork.etl's buffers repeated, big-etl.ts; Windows 7 manifests), next to a
// header-column sort for scale. A property sort decodes every row of the view once (the cost), then
// radix-sorts numeric keys. Then, at the largest size, the same sort through the engine's worker
// thread as the app runs it (services/engine-host.ts): the host's event loop — the service process
// that answers the UI — is sampled every 10 ms meanwhile, and its longest stall is printed.
// Figures: wall time and CPU time of this thread (the machine is shared; CPU is the steadier figure).
// Run: npx tsx scripts/bench/sort-bench.ts [millionEvents,...]   (default 1,5)
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import type { ViewSort } from '../../electron/common/ipc/messages';
import type { Result } from '../../electron/common/result';
import { loadManifestPath } from '../../electron/core/manifest/load.node.js';
import { CaptureEngine } from '../../electron/core/pipeline/capture-engine';
import { openFileEventSource } from '../../electron/core/pipeline/sources/open-file.node.js';
import { startWorkerEngine, type WorkerScript } from '../../electron/services/engine-host';
import { buildBigEtl } from './big-etl';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const sizes = (process.argv[2] ?? '1,5').split(',').map(Number);
/** KernelNetwork.etl holds 8,924 events in 1,056,768 bytes. */
const BYTES_PER_EVENT = 1_056_768 / 8924;

const ok = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const secs = (s: number) => `${s.toFixed(2)} s`;
const count = (n: number) => n.toLocaleString('en-US');

function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const t = performance.now();
  const c = process.cpuUsage();
  const value = f();
  const u = process.cpuUsage(c);
  return { value, wall: (performance.now() - t) / 1000, cpu: (u.user + u.system) / 1e6 };
}

function bigFile(millions: number): string {
  mkdirSync(`${ROOT}.bench`, { recursive: true });
  const path = `${ROOT}.bench/kernel-network-${millions}m.etl`;
  const size = buildBigEtl(
    `${FIXTURES}etl/tx/KernelNetwork.etl`,
    path,
    Math.round(millions * 1e6 * BYTES_PER_EVENT),
  );
  console.log(`input: ${path} (${(size / 2 ** 20).toFixed(0)} MB)`);
  return path;
}

const manifests = await loadManifestPath(`${FIXTURES}manifests/windows7-dump`);

const CASES: Array<{ label: string; filter?: string; sort: ViewSort }> = [
  { label: 'header column size (payload bytes), for scale', sort: { column: 'size', descending: false } },
  { label: 'prop:size ascending', sort: { column: 'prop:size', descending: false } },
  { label: 'prop:size descending', sort: { column: 'prop:size', descending: true } },
  { label: 'prop:daddr (numbers, then text)', sort: { column: 'prop:daddr', descending: false } },
  {
    label: "prop:size descending, filter 'id == 11'",
    filter: 'id == 11',
    sort: { column: 'prop:size', descending: true },
  },
];

async function inProcess(path: string): Promise<void> {
  const source = ok(openFileEventSource({ path }));
  const engine = new CaptureEngine({ captureId: 'bench', source, providers: manifests.providers });
  const read = await (async () => {
    const t = performance.now();
    await engine.run();
    return (performance.now() - t) / 1000;
  })();
  const events = engine.store.count;
  console.log(`read ${count(events)} events in ${secs(read)}`);
  let n = 0;
  for (const c of CASES) {
    const id = `v${n++}`;
    const r = timed(() => ok(engine.createView(id, { filter: c.filter ?? '', sort: c.sort })));
    const rows = r.value.total;
    console.log(
      `  ${c.label.padEnd(46)} ${count(rows).padStart(10)} rows  wall ${secs(r.wall)}  CPU ${secs(r.cpu)}  (${((r.cpu / rows) * 1e9).toFixed(0)} ns/row CPU)`,
    );
    ok(engine.closeView(id));
  }
  const mem = process.memoryUsage();
  console.log(
    `  process: RSS ${(mem.rss / 2 ** 20).toFixed(0)} MB, heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`,
  );
  engine.close();
}

/** The capture worker bundled as the build bundles it (dist/workers/capture-engine.worker.cjs). */
async function bundleWorker(): Promise<WorkerScript> {
  const outfile = `${ROOT}.bench/sort-bench-capture-engine.worker.cjs`;
  await esbuild.build({
    entryPoints: [`${ROOT}electron/services/capture-engine.worker.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'warning',
  });
  return { script: outfile };
}

async function inWorker(path: string): Promise<void> {
  let finished: () => void = () => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  const opened = await startWorkerEngine(
    await bundleWorker(),
    { captureId: 'bench', source: { path }, providers: manifests.providers },
    { onUpdate: () => {}, onFinished: () => finished() },
  );
  const { host } = ok(opened);
  await done;
  // The host's event loop, sampled while the worker sorts: the longest gap beyond the 10 ms tick.
  let last = performance.now();
  let worst = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  const t = performance.now();
  const state = ok(await host.call('createView', 'w', { sort: { column: 'prop:size', descending: true } }));
  const wall = (performance.now() - t) / 1000;
  const page = performance.now();
  const rows = ok(await host.call('rows', 'w', 0, 128));
  const pageMs = performance.now() - page;
  clearInterval(sampler);
  console.log(
    `  in the engine worker: prop:size descending over ${count(state.total)} rows, wall ${secs(wall)}; ` +
      `host event loop longest stall ${worst.toFixed(1)} ms; then 128 rows in ${pageMs.toFixed(1)} ms ` +
      `(first size ${String(rows.rows[0]?.props.size)})`,
  );
  await host.close();
}

for (const millions of sizes) {
  console.log(`\n== ${millions}M events`);
  const path = bigFile(millions);
  await inProcess(path);
  if (millions === Math.max(...sizes)) await inWorker(path);
}
