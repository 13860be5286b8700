// Export job benchmark: what File › Export costs on a large manifest-based capture in time order
// (tx/KernelNetwork.etl's events written again and again, each copy after the previous one), both
// ways an export can run:
//  - file: services/export-job.ts reads the capture file again (its own worker in the app);
//  - store: services/export-engine-job.ts takes the events from the capture engine's store (where
//    the engine runs), after the capture was read once — the way live sessions and replays are
//    exported, and every export in a view's sort order.
// Cases: the whole capture to JSON Lines, Parquet and .etl, a view filter on header and property
// fields, and a `process.*` filter (the file way reads the capture twice for it); then sorted views
// (store only). Prints events written per second (wall), output size and peak RSS; the store figures
// exclude reading the capture (printed once). The input stays in .bench/ for the next run; outputs
// are deleted.
// Each case runs three times (--rounds=N) and the round with the least CPU time is printed, with
// its wall time: the machine may be shared, and CPU time is what the export itself costs.
// Run: npx tsx scripts/bench/export-job-bench.ts [targetMB] [--rounds=N]
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ViewSort } from '../../electron/common/ipc/messages';
import { createDecoder } from '../../electron/core/decode/index';
import { openFileSource } from '../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../electron/core/etl/reader';
import type { RawEvent } from '../../electron/core/events/raw-event';
import { createExportWriter } from '../../electron/core/export/index';
import { createFileSink } from '../../electron/core/export/file-sink.node.js';
import { loadManifestPath } from '../../electron/core/manifest/load.node.js';
import { CaptureEngine } from '../../electron/core/pipeline/capture-engine';
import { openFileEventSource } from '../../electron/core/pipeline/sources/open-file.node.js';
import { runEngineExport, type EngineExportSpec } from '../../electron/services/export-engine-job';
import { runExportJob, type ExportJobOutcome, type ExportJobSpec } from '../../electron/services/export-job';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const targetMB = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100);

mkdirSync(`${ROOT}.bench`, { recursive: true });
const providers = (
  await loadManifestPath(`${FIXTURES}manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml`)
).providers;
const input = `${ROOT}.bench/kernel-network-timed-${targetMB}mb.etl`;
const inputBytes = await timeOrderedCopies(`${FIXTURES}etl/tx/KernelNetwork.etl`, input, targetMB * 2 ** 20);
console.log(`input: ${input} (${(inputBytes / 2 ** 20).toFixed(0)} MB, time-ordered)`);

/**
 * A large capture in time order: the events of `srcPath` again and again, each copy shifted past the
 * previous one, written as an .etl (records rebuilt, schemas embedded). Kept in .bench/ for reruns.
 */
async function timeOrderedCopies(srcPath: string, outPath: string, targetBytes: number): Promise<number> {
  if (existsSync(outPath) && statSync(outPath).size >= targetBytes) return statSync(outPath).size;
  const events: RawEvent[] = [];
  const reader = openEtl(openFileSource(srcPath));
  const decoder = createDecoder(providers);
  for (const raw of reader.events()) {
    decoder.registry.observe(raw);
    events.push({
      ...raw,
      payload: raw.payload.slice(),
      ext: raw.ext.map((x) => ({ ...x, data: x.data.slice() })),
    });
  }
  reader.close();
  const span = (events.at(-1)?.ticks ?? 0) + 1;
  const sink = createFileSink(outPath);
  const writer = createExportWriter('etl', sink, {
    clock: reader.clock,
    header: reader.header,
    registry: decoder.registry,
    rebuildRecords: true,
  });
  writer.begin();
  for (let copy = 0; sink.size < targetBytes; copy++) {
    for (const raw of events) {
      const shifted = { ...raw, ticks: raw.ticks + copy * span };
      writer.write({ raw: shifted, decoded: decoder.decodeKnown(shifted) });
    }
  }
  writer.end();
  sink.commit();
  return statSync(outPath).size;
}
const out = `${ROOT}.bench/export-job.out`;

interface Case {
  name: string;
  format: ExportJobSpec['format'];
  filter?: string;
  sort?: ViewSort;
}
const VIEW_FILTER = 'id == 11 and props.size > 1000';
const PROCESS_FILTER = 'process.name == "x.exe"';
const cases: Case[] = [
  { name: 'all → jsonl', format: 'jsonl' },
  { name: 'all → parquet', format: 'parquet' },
  { name: 'all → etl', format: 'etl' },
  { name: `view (${VIEW_FILTER}) → jsonl`, format: 'jsonl', filter: VIEW_FILTER },
  { name: `view (${PROCESS_FILTER}) → jsonl`, format: 'jsonl', filter: PROCESS_FILTER },
];
const sortedCases: Case[] = [
  { name: 'all sorted by pid ↓ → jsonl', format: 'jsonl', sort: { column: 'pid', descending: true } },
  { name: 'all sorted by event name → jsonl', format: 'jsonl', sort: { column: 'event', descending: false } },
  {
    name: `view (${VIEW_FILTER}) sorted by size ↓ → csv`,
    format: 'csv',
    filter: VIEW_FILTER,
    sort: { column: 'size', descending: true },
  },
];

const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 3);

interface Figures {
  outcome: ExportJobOutcome;
  wall: number;
  cpu: number;
  peak: number;
}

function line(way: string, name: string, f: Figures | undefined): void {
  if (!f || f.outcome.state !== 'done') {
    console.log(`${way.padEnd(6)} ${name}: ${f?.outcome.state ?? 'not run'}`);
    return;
  }
  const { outcome, wall, cpu, peak } = f;
  const rate = (seconds: number) =>
    Math.round(outcome.written / seconds)
      .toLocaleString('en-US')
      .padStart(10);
  console.log(
    `${way.padEnd(6)} ${name.padEnd(56)} ${wall.toFixed(2).padStart(6)} s wall ${cpu.toFixed(2).padStart(6)} s CPU ` +
      `${rate(wall)} written/s (${rate(cpu).trim()}/s CPU)  ` +
      `${(outcome.bytes / 2 ** 20).toFixed(0).padStart(4)} MB out  peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
  );
}

/** Best of ROUNDS runs (by CPU time: the machine may be shared), with the peak RSS seen. */
async function best(run: (onProgress: () => void) => Promise<ExportJobOutcome>): Promise<Figures> {
  let result: Figures | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    let peak = process.memoryUsage.rss();
    const cpuFrom = process.cpuUsage();
    const started = performance.now();
    const outcome = await run(() => (peak = Math.max(peak, process.memoryUsage.rss())));
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpuFrom);
    const cpu = (used.user + used.system) / 1e6;
    rmSync(out, { force: true });
    peak = Math.max(peak, process.memoryUsage.rss(), result?.peak ?? 0);
    if (!result || cpu < result.cpu) result = { outcome, wall, cpu, peak };
    else result.peak = peak;
  }
  return result as Figures;
}

// ---- file: the capture read again --------------------------------------------------------------
const fileFigures = new Map<string, Figures>();
for (const c of cases) {
  const spec: ExportJobSpec = {
    sourcePath: input,
    outPath: out,
    format: c.format,
    providers,
    ...(c.filter ? { filter: c.filter } : {}),
  };
  fileFigures.set(c.name, await best((onProgress) => runExportJob(spec, { onProgress })));
}

// ---- store: the capture read once by an engine, then exported from its store -------------------
const opened = openFileEventSource({ path: input });
if (!opened.ok) throw new Error(opened.error.message);
const engine = new CaptureEngine({ captureId: 'bench', source: opened.value, providers });
const readStarted = performance.now();
await engine.run();
const readSeconds = (performance.now() - readStarted) / 1000;
const storeFigures = new Map<string, Figures>();
let views = 0;
for (const c of [...cases, ...sortedCases]) {
  const viewId = `v${views++}`;
  const created = engine.createView(viewId, { filter: c.filter ?? '', ...(c.sort ? { sort: c.sort } : {}) });
  if (!created.ok) throw new Error(created.error.message);
  const spec: EngineExportSpec = {
    outPath: out,
    format: c.format,
    scope: c.filter ? 'view' : 'all',
    viewId,
    order: c.sort ? 'view' : 'time',
  };
  storeFigures.set(c.name, await best((onProgress) => runEngineExport(engine, spec, { onProgress })));
  engine.closeView(viewId);
}
engine.close();

console.log(`best of ${ROUNDS} rounds by CPU time; wall time is what a user waits on an idle machine`);
for (const c of cases) {
  line('file', c.name, fileFigures.get(c.name));
  line('store', c.name, storeFigures.get(c.name));
}
for (const c of sortedCases) line('store', c.name, storeFigures.get(c.name));
console.log(
  `store: reading the capture into the engine first took ${readSeconds.toFixed(2)} s ` +
    `(${engine.store.count.toLocaleString('en-US')} events; not counted above: an open capture has done it)`,
);
