// ETL reader benchmark. Builds a ~500 MB kernel capture under .bench/ from the data buffers of
// airbus ShutdownPerfDiagLogger.etl (big-etl.ts) and times: the header-only scan behind `etwx info`
// (MB/s, records/s), the buffer index, and the RawEvent passes (file order and time-ordered merge),
// with peak RSS. `--manifest` also builds and times the manifest-heavy tx/KernelNetwork.etl copy.
// Run: npx tsx scripts/bench/etl-bench.ts [targetMB] [--manifest]
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openFileSource } from '../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../electron/core/etl/reader';
import { buildBigEtl } from './big-etl';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/etl/', import.meta.url));
const targetMB = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 500);
const withManifest = process.argv.includes('--manifest');

const mb = (bytes: number) => bytes / (1024 * 1024);
const rssMB = () => process.resourceUsage().maxRSS / 1024;

/** Wall time and CPU time (user + system) of f: on a shared machine CPU time is the steadier figure. */
function time<T>(f: () => T): { value: T; seconds: number; cpuSeconds: number } {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(c);
  return {
    value,
    seconds: Number(process.hrtime.bigint() - t) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

function bench(label: string, src: string) {
  mkdirSync(`${ROOT}.bench`, { recursive: true });
  const out = `${ROOT}.bench/${label}-${targetMB}mb.etl`;
  const built = time(() => buildBigEtl(`${FIXTURES}${src}`, out, targetMB * 1024 * 1024));
  console.log(
    `${label}: ${out} (${mb(built.value).toFixed(0)} MB, built/checked in ${built.seconds.toFixed(1)} s)`,
  );
  const size = built.value;

  for (let round = 1; round <= 3; round++) {
    const r = openEtl(openFileSource(out));
    const scan = time(() => r.scan());
    const s = scan.value;
    console.log(
      `  scan #${round}: ${scan.seconds.toFixed(3)} s  ${(mb(size) / scan.seconds).toFixed(0)} MB/s ` +
        `(CPU ${scan.cpuSeconds.toFixed(3)} s: ${(mb(size) / scan.cpuSeconds).toFixed(0)} MB/s)  ` +
        `${(s.records / scan.seconds / 1e6).toFixed(1)} M records/s  (${s.records.toLocaleString('en-US')} records, ` +
        `${s.buffers} buffers, ${r.diagnostics.length} diagnostics)  peak RSS ${rssMB().toFixed(0)} MB`,
    );
    r.close();
  }
  const r = openEtl(openFileSource(out));
  const index = time(() => r.buffers().length);
  console.log(`  buffers(): ${index.value} headers in ${index.seconds.toFixed(3)} s`);
  const fileOrder = time(() => {
    let n = 0;
    for (const e of r.eventsInFileOrder()) n += e.payload.length >= 0 ? 1 : 0;
    return n;
  });
  console.log(
    `  eventsInFileOrder(): ${(fileOrder.value / fileOrder.seconds / 1e6).toFixed(2)} M events/s, ` +
      `${(mb(size) / fileOrder.seconds).toFixed(0)} MB/s (CPU ${fileOrder.cpuSeconds.toFixed(2)} s)  peak RSS ${rssMB().toFixed(0)} MB`,
  );
  const merged = time(() => {
    let n = 0;
    for (const e of r.events()) n += e.payload.length >= 0 ? 1 : 0;
    return n;
  });
  console.log(
    `  events() merged: ${(merged.value / merged.seconds / 1e6).toFixed(2)} M events/s, ` +
      `${(mb(size) / merged.seconds).toFixed(0)} MB/s (CPU ${merged.cpuSeconds.toFixed(2)} s)  peak RSS ${rssMB().toFixed(0)} MB`,
  );
  r.close();
}

bench('shutdown-kernel', 'airbus/ShutdownPerfDiagLogger.etl');
if (withManifest) bench('kernel-network-manifest', 'tx/KernelNetwork.etl');
