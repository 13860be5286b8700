// Export benchmark: decodes a large manifest-based capture (tx/KernelNetwork.etl's data buffers
// repeated by big-etl.ts, decoded with the Windows 7 Kernel-Network manifest) and writes it as
// JSON Lines, Parquet, CSV and .etl. Prints events/s (wall and CPU time), output size, and memory:
// peak RSS and the RSS range seen during the run (flat = the export streams).
// Output goes to a sink that counts bytes and drops them (`--files` writes real files under .bench/
// instead). Run: npx tsx scripts/bench/export-bench.ts [targetMB] [--formats jsonl,parquet] [--files]
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDecoder } from '../../electron/core/decode/index';
import { openFileSource } from '../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../electron/core/etl/reader';
import {
  createExportWriter,
  runExport,
  type ByteSink,
  type ExportFormat,
} from '../../electron/core/export/index';
import { createFileSink } from '../../electron/core/export/file-sink.node.js';
import { fastParquetCodec } from '../../electron/core/export/parquet-codec.node.js';
import { loadManifestPath } from '../../electron/core/manifest/load.node.js';
import { buildBigEtl } from './big-etl';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const targetMB = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 200);
const formatsArg = process.argv.find((a) => a.startsWith('--formats='))?.slice('--formats='.length);
const formats = (formatsArg ?? 'jsonl,parquet,csv,etl').split(',') as ExportFormat[];
const toFiles = process.argv.includes('--files');

const mb = (bytes: number) => bytes / (1024 * 1024);

function countingSink(): ByteSink & { size: number } {
  let size = 0;
  return {
    get size() {
      return size;
    },
    write(bytes) {
      size += bytes.length;
    },
    writeAt() {},
  };
}

mkdirSync(`${ROOT}.bench`, { recursive: true });
const input = `${ROOT}.bench/kernel-network-manifest-${targetMB}mb.etl`;
const inputBytes = buildBigEtl(`${FIXTURES}etl/tx/KernelNetwork.etl`, input, targetMB * 1024 * 1024);
const providers = (
  await loadManifestPath(`${FIXTURES}manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml`)
).providers;
const codec = fastParquetCodec();
console.log(
  `input: ${input} (${mb(inputBytes).toFixed(0)} MB); Parquet codec ${codec.name} (as etwx export)`,
);

for (const format of formats) {
  const reader = openEtl(openFileSource(input));
  const decoder = createDecoder(providers);
  const out = `${ROOT}.bench/export.${format}`;
  const sink = toFiles ? createFileSink(out) : countingSink();
  const writer = createExportWriter(
    format,
    sink,
    { clock: reader.clock, header: reader.header, registry: decoder.registry },
    { parquetCodec: codec },
  );
  let rssMin = Infinity;
  let rssMax = 0;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    rssMin = Math.min(rssMin, rss);
    rssMax = Math.max(rssMax, rss);
  };
  global.gc?.();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = await runExport({ reader, decoder, writer, onProgress: sample, progressIntervalMs: 250 });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  if ('commit' in sink) sink.commit();
  reader.close();
  console.log(
    `${format.padEnd(8)} ${summary.written.toLocaleString('en-US')} events in ${seconds.toFixed(2)} s: ` +
      `${Math.round(summary.written / seconds).toLocaleString('en-US')} events/s ` +
      `(CPU ${cpuSeconds.toFixed(2)} s: ${Math.round(summary.written / cpuSeconds).toLocaleString('en-US')} events/s), ` +
      `output ${mb(sink.size).toFixed(0)} MB, RSS during run ${mb(rssMin).toFixed(0)}-${mb(rssMax).toFixed(0)} MB, ` +
      `peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  if (toFiles) rmSync(out, { force: true });
}
