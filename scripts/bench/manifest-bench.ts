// Manifest catalog benchmark: loads a folder of manifests into a catalog (read + parse + merge +
// search index) several times, then times provider-list filtering and cross-provider searches.
// Then the catalog service as the app runs it: the first `manifest.open` of the folder in a fresh
// process (a child per run), over the wire protocol (in-memory sockets, the same messages as web
// mode's WebSocket), with the files parsed in the service thread and then in the catalog worker
// (bundled here with esbuild, as scripts/build.mjs does), while a client pings `status.get` every
// 5 ms: a ping's delay (from when it was due to its answer) is how long the service could not answer
// anything else. Last, the worker parser alone once warm (a later open), with 1 and 2 threads.
// Prints wall time and CPU time (on a busy machine wall time grows with the load).
// Run: npx tsx scripts/bench/manifest-bench.ts [folder]   (default: the 841-file windows10-dump)
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { createClient } from '../../electron/common/ipc/client';
import type { EtwContract } from '../../electron/common/ipc/contract';
import { createMemorySocketPair } from '../../electron/common/ipc/memory-socket';
import { createWireBridge } from '../../electron/common/ipc/wire-client';
import { serveWire } from '../../electron/common/ipc/wire-server';
import { listManifestFiles, loadCatalog } from '../../electron/core/manifest/load.node.js';
import { errorsOf } from '../../electron/core/manifest/diagnostics';
import { createAppDispatcher } from '../../electron/services/app-services';
import { browserDialogService } from '../../electron/services/dialog-service';
import type { WorkerScript } from '../../electron/services/engine-host';
import { createManifestParser } from '../../electron/services/workers/catalog-parser';

const root = resolve(import.meta.dirname, '../..');
const thisScript = import.meta.filename;
/** `--service-run <worker script|-> <folder>`: one child run of the service section (prints JSON). */
const childRun = process.argv[2] === '--service-run';
const folder = resolve(
  (childRun ? process.argv[4] : process.argv[2]) ??
    resolve(import.meta.dirname, '../../../shared/fixtures/manifests/windows10-dump'),
);
const LOAD_RUNS = 5;
const SERVICE_RUNS = 3;
const PARSER_RUNS = 3;
const SEARCH_RUNS = 20;
const PING_EVERY_MS = 5;
const QUERIES = [
  'process',
  'ProcessId',
  'filename',
  'tcp',
  'keyword',
  'start',
  'guid',
  'error',
  'imagename',
  'x',
  'kernel-process',
  'zzzz-no-match',
];

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)] as number;
const p95 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] as number;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const cpuSince = (start: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
};
/** CPU time of this thread only (workers excluded). */
const threadCpuSince = (start: NodeJS.CpuUsage) => {
  const u = process.threadCpuUsage(start);
  return (u.user + u.system) / 1000;
};
const sleep = (n: number) => new Promise((done) => setTimeout(done, n));

interface ServiceRun {
  took: number;
  mainCpu: number;
  delays: number[];
  providers: number;
}

/** One `manifest.open` of the folder in a fresh app, pinged every PING_EVERY_MS meanwhile. */
async function serviceRun(catalogWorker: WorkerScript | null): Promise<ServiceRun> {
  const { dispatcher } = createAppDispatcher({
    identity: {
      name: 'bench',
      version: '0',
      mode: 'web',
      platform: process.platform,
      arch: process.arch,
      liveEtw: { available: false, code: 'UNSUPPORTED_PLATFORM', reason: 'bench' },
    },
    dialog: browserDialogService,
    engineWorker: null,
    exportWorker: null,
    catalogWorker,
  });
  const [clientSocket, serverSocket] = createMemorySocketPair();
  serveWire(serverSocket, dispatcher, new Set());
  const bridge = createWireBridge(clientSocket);
  const client = createClient<EtwContract>(bridge);
  await client.invoke('status.get');

  let loading = true;
  const delays: number[] = [];
  const pinging = (async () => {
    while (loading) {
      const due = performance.now() + PING_EVERY_MS;
      await sleep(PING_EVERY_MS);
      await client.invoke('status.get');
      delays.push(performance.now() - due);
    }
  })();
  const c0 = process.threadCpuUsage();
  const t0 = performance.now();
  const opened = await client.invoke('manifest.open', { path: folder });
  const took = performance.now() - t0;
  const mainCpu = threadCpuSince(c0);
  loading = false;
  await pinging;
  bridge.close();
  if (!opened.ok) throw new Error(`manifest.open failed: ${opened.error.message}`);
  return { took, mainCpu, delays, providers: opened.value.providers.length };
}

if (childRun) {
  const script = process.argv[3];
  const run = await serviceRun(script && script !== '-' ? { script } : null);
  process.stdout.write(`${JSON.stringify(run)}\n`);
  process.exit(0);
}

const wall: number[] = [];
const cpu: number[] = [];
const index: number[] = [];
let catalog = await loadCatalog([folder]); // warm-up (JIT, page cache)
for (let i = 0; i < LOAD_RUNS; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  catalog = await loadCatalog([folder]);
  const t1 = performance.now();
  catalog.buildIndex();
  const t2 = performance.now();
  cpu.push(cpuSince(c0));
  wall.push(t2 - t0);
  index.push(t2 - t1);
}
const events = catalog.providers.reduce((n, p) => n + p.events.length, 0);
console.log(`folder: ${folder}`);
console.log(`machine: ${os.availableParallelism()} CPUs, load average ${os.loadavg()[0]?.toFixed(2)}`);
console.log(
  `providers ${catalog.providers.length}, events ${events}, diagnostics ${catalog.diagnostics.length} ` +
    `(errors ${errorsOf(catalog.diagnostics).length})`,
);
console.log(
  `load folder → catalog + search index, warm, one thread (${LOAD_RUNS} runs): wall median ${ms(median(wall))}, best ${ms(Math.min(...wall))}; ` +
    `CPU median ${ms(median(cpu))}, best ${ms(Math.min(...cpu))}; index build median ${ms(median(index))}`,
);

const list: number[] = [];
for (let i = 0; i < SEARCH_RUNS; i++) {
  for (const q of ['kernel', 'micro', '22fb2cd6', 'net']) {
    const t = performance.now();
    catalog.listProviders(q);
    list.push(performance.now() - t);
  }
}
console.log(`provider list filter: median ${ms(median(list))}, p95 ${ms(p95(list))}`);

const search: number[] = [];
for (const q of QUERIES) {
  const mine: number[] = [];
  let total = 0;
  for (let i = 0; i < SEARCH_RUNS; i++) {
    const t = performance.now();
    total = catalog.search(q).total;
    mine.push(performance.now() - t);
  }
  search.push(...mine);
  console.log(`  search "${q}": ${total} matches, median ${ms(median(mine))}`);
}
console.log(
  `cross-provider search (${QUERIES.length} queries x ${SEARCH_RUNS}): median ${ms(median(search))}, p95 ${ms(p95(search))}`,
);

/** The catalog worker bundled as the build bundles it (dist/workers/catalog.worker.cjs). */
async function bundleCatalogWorker(): Promise<WorkerScript> {
  const outdir = join(root, '.bench');
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'catalog.worker.cjs');
  await esbuild.build({
    entryPoints: [join(root, 'electron/services/workers/catalog.worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    logLevel: 'warning',
  });
  return { script: outfile };
}

/** First opens, each in a fresh child process (cold, as the first open of a session). */
function serviceBench(label: string, worker: WorkerScript | null) {
  const runs: ServiceRun[] = [];
  for (let i = 0; i < SERVICE_RUNS; i++) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', thisScript, '--service-run', worker?.script ?? '-', folder],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{'))
      throw new Error(`service run failed (${child.status}): ${child.stderr}`);
    runs.push(JSON.parse(line) as ServiceRun);
  }
  const all = runs.flatMap((r) => r.delays);
  console.log(
    `first manifest.open of the folder, ${label} (${SERVICE_RUNS} fresh processes, ${runs[0]?.providers} providers): ` +
      `wall median ${ms(median(runs.map((r) => r.took)))}, best ${ms(Math.min(...runs.map((r) => r.took)))}; ` +
      `service-thread CPU median ${ms(median(runs.map((r) => r.mainCpu)))}`,
  );
  console.log(
    `  status.get ping every ${PING_EVERY_MS} ms meanwhile (${all.length} pings): delay median ${ms(median(all))}, ` +
      `p95 ${ms(p95(all))}, max per run ${runs.map((r) => ms(Math.max(...r.delays))).join(' / ')}`,
  );
}

/** The worker parser alone, warm (an open after the first): files parsed and received, no merge. */
async function parserBench(worker: WorkerScript, threads: number) {
  const files = await listManifestFiles(folder);
  const parser = createManifestParser({ worker, threads });
  await parser.parse(files); // warm-up: workers started, parsers compiled
  const took: number[] = [];
  const mainCpu: number[] = [];
  const worst: number[] = [];
  for (let i = 0; i < PARSER_RUNS; i++) {
    const loop = monitorEventLoopDelay({ resolution: 2 });
    loop.enable();
    const c0 = process.threadCpuUsage();
    const t0 = performance.now();
    await parser.parse(files);
    took.push(performance.now() - t0);
    mainCpu.push(threadCpuSince(c0));
    loop.disable();
    worst.push(loop.max / 1e6);
  }
  await parser.close();
  console.log(
    `worker parser, warm, ${threads} thread${threads > 1 ? 's' : ''} (${PARSER_RUNS} runs, ${files.length} files): ` +
      `wall median ${ms(median(took))}, best ${ms(Math.min(...took))}; service-thread CPU median ${ms(median(mainCpu))}; ` +
      `longest event-loop stall per run ${worst.map(ms).join(' / ')}`,
  );
}

const worker = await bundleCatalogWorker();
serviceBench('parsed in the service thread', null);
serviceBench('parsed in the catalog worker', worker);
await parserBench(worker, 1);
await parserBench(worker, 2);
