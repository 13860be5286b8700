#!/usr/bin/env node
// `npm run bench`: runs the benchmark scripts under scripts/bench/ one after another and prints their
// figures. Large inputs are built once under .bench/ (git-ignored). Select some with their names:
//   npm run bench                      # all, in the order below
//   npm run bench -- etl decode        # only these
// Each script's own arguments can be passed after `--args`, e.g. `npm run bench -- pipeline --args 1`.
// Tests never assert on wall time: these figures are the speed and memory record.
import { spawnSync } from 'node:child_process';

const ALL = [
  ['etl', 'etl-bench.ts', ['500', '--manifest']], // info scan (kernel-heavy) + reader passes
  ['decode', 'decode-bench.ts', ['500']], // full decode of the manifest-heavy file
  ['manifest', 'manifest-bench.ts', []], // 841-manifest catalog load + cross-provider search
  ['filter', 'filter-bench.ts', []], // compiled predicates
  ['store', 'store-bench.ts', []], // 5M events: bytes/event, filter, sort, histogram
  ['sort', 'sort-bench.ts', ['1,5']], // views sorted by a decoded property, 1M and 5M events (+ in the worker)
  ['pipeline', 'pipeline-bench.ts', ['5']], // replay 5M events at max speed through decode+filter+store
  ['summary', 'summary-bench.ts', []], // Analyzer.observe throughput
  ['export', 'export-bench.ts', ['500', '--formats', 'jsonl,parquet']], // JSONL / Parquet export
  ['export-job', 'export-job-bench.ts', ['100']], // File > Export in its worker
  ['replay-session', 'replay-session-bench.ts', ['100']], // replay through the live batch path
  ['scroll', 'scroll-bench.ts', ['5']], // table scrolling in Chromium (needs `npm run build`)
];

const argv = process.argv.slice(2);
const split = argv.indexOf('--args');
const names = split >= 0 ? argv.slice(0, split) : argv;
const extra = split >= 0 ? argv.slice(split + 1) : null;
const unknown = names.filter((n) => !ALL.some(([k]) => k === n));
if (unknown.length) {
  console.error(`bench: unknown benchmark ${unknown.join(', ')}; known: ${ALL.map(([k]) => k).join(', ')}`);
  process.exit(2);
}
const chosen = names.length ? ALL.filter(([k]) => names.includes(k)) : ALL;
let failed = 0;
for (const [name, script, args] of chosen) {
  console.log(`\n=== bench ${name}: scripts/bench/${script} ${(extra ?? args).join(' ')}`);
  const r = spawnSync('npx', ['tsx', `scripts/bench/${script}`, ...(extra ?? args)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`=== bench ${name} exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
