// Manifest catalog benchmark: loads a folder of manifests into a catalog (read + parse + merge +
// search index) several times, then times provider-list filtering and cross-provider searches.
// Prints wall time and this process's CPU time (on a busy machine wall time grows with the load).
// Run: npx tsx scripts/bench/manifest-bench.ts [folder]   (default: the 841-file windows10-dump)
import os from 'node:os';
import { resolve } from 'node:path';
import { loadCatalog } from '../../electron/core/manifest/load.node.js';
import { errorsOf } from '../../electron/core/manifest/diagnostics';

const folder = resolve(
  process.argv[2] ?? resolve(import.meta.dirname, '../../../shared/fixtures/manifests/windows10-dump'),
);
const LOAD_RUNS = 5;
const SEARCH_RUNS = 20;
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
  `load folder → catalog + search index (${LOAD_RUNS} runs): wall median ${ms(median(wall))}, best ${ms(Math.min(...wall))}; ` +
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
