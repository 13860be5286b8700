// Export job benchmark: what File › Export costs in its worker (services/export-job.ts) on a large
// manifest-based capture (tx/KernelNetwork.etl's buffers repeated by big-etl.ts): the whole capture
// to JSON Lines and Parquet, a view filter on header and property fields, and a `process.*` filter
// (two passes: the process table first). Prints events read and written per second (wall), output
// size and peak RSS. Files go to .bench/ and are deleted.
// Run: npx tsx scripts/bench/export-job-bench.ts [targetMB]
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadManifestPath } from '../../electron/core/manifest/load.node.js';
import { runExportJob, type ExportJobSpec } from '../../electron/services/export-job';
import { buildBigEtl } from './big-etl';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const targetMB = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100);

mkdirSync(`${ROOT}.bench`, { recursive: true });
const input = `${ROOT}.bench/kernel-network-manifest-${targetMB}mb.etl`;
const inputBytes = buildBigEtl(`${FIXTURES}etl/tx/KernelNetwork.etl`, input, targetMB * 1024 * 1024);
const providers = (
  await loadManifestPath(`${FIXTURES}manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml`)
).providers;
console.log(`input: ${input} (${(inputBytes / 2 ** 20).toFixed(0)} MB)`);

const cases: Array<{ name: string; spec: Partial<ExportJobSpec> }> = [
  { name: 'all → jsonl', spec: { format: 'jsonl' } },
  { name: 'all → parquet', spec: { format: 'parquet' } },
  {
    name: 'view (id == 11 and props.size > 1000) → jsonl',
    spec: { format: 'jsonl', filter: 'id == 11 and props.size > 1000' },
  },
  {
    name: 'view (process.name == "x.exe", two passes) → jsonl',
    spec: { format: 'jsonl', filter: 'process.name == "x.exe"' },
  },
];

for (const c of cases) {
  const out = `${ROOT}.bench/export-job.out`;
  let peak = 0;
  const started = performance.now();
  const outcome = await runExportJob(
    { sourcePath: input, outPath: out, format: 'jsonl', providers, ...c.spec },
    { onProgress: () => (peak = Math.max(peak, process.memoryUsage.rss())) },
  );
  const seconds = (performance.now() - started) / 1000;
  rmSync(out, { force: true });
  if (outcome.state !== 'done') {
    console.log(`${c.name}: ${outcome.state}`);
    continue;
  }
  console.log(
    `${c.name.padEnd(52)} ${seconds.toFixed(2).padStart(6)} s  ` +
      `${Math.round(outcome.read / seconds)
        .toLocaleString('en-US')
        .padStart(10)} read/s  ` +
      `${Math.round(outcome.written / seconds)
        .toLocaleString('en-US')
        .padStart(10)} written/s  ` +
      `${(outcome.bytes / 2 ** 20).toFixed(0).padStart(5)} MB out  peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
  );
}
rmSync(input, { force: true });
