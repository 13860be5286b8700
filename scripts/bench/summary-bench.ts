// Analyzer benchmark: Analyzer.observe throughput over large decoded streams, to show that enrichment,
// summaries, netflow and alerts keep up with a replay at full speed (target: >= 500,000 events/s).
// Each capture is decoded once into memory (raw events with copied payloads + decoded events), then
// observed `repeat` times with its timestamps shifted by the capture's length per pass, as one long
// stream. Decode throughput of the same events is printed for comparison (observe runs after decode
// in the pipeline, so it must not be the slower of the two).
// Run: npx tsx scripts/bench/summary-bench.ts [repeat=100]
import { fileURLToPath } from 'node:url';
import { createDecoder, type DecodedEvent } from '../../electron/core/decode/index';
import { openFileSource } from '../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../electron/core/etl/reader';
import type { RawEvent } from '../../electron/core/events/raw-event';
import { loadManifestPath } from '../../electron/core/manifest/load.node.js';
import { Analyzer, parseRuleFile, type AnalyzerOptions } from '../../electron/core/summary/index';

const REPEAT = Number(process.argv[2] ?? 100);
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

interface Capture {
  name: string;
  raws: RawEvent[];
  decoded: DecodedEvent[];
  baseTicks: Float64Array;
  span: number;
  decodeSeconds: number;
}

async function load(name: string, file: string, manifests: string[]): Promise<Capture> {
  const providers = (await Promise.all(manifests.map((m) => loadManifestPath(FIXTURES + m)))).flatMap(
    (r) => r.providers,
  );
  const decoder = createDecoder(providers);
  const reader = openEtl(openFileSource(FIXTURES + file));
  const raws: RawEvent[] = [];
  const decoded: DecodedEvent[] = [];
  for (const raw of reader.events()) {
    decoded.push(decoder.decode(raw));
    raws.push({
      ...raw,
      payload: raw.payload.slice(),
      ext: raw.ext.map((x) => ({ type: x.type, data: x.data.slice() })),
    });
  }
  reader.close();
  // Decode throughput on the copies (the decoder has learned everything it needs by now).
  const started = performance.now();
  for (const raw of raws) decoder.decodeKnown(raw);
  const decodeSeconds = (performance.now() - started) / 1000;
  const baseTicks = Float64Array.from(raws, (r) => r.ticks);
  const span = (baseTicks[baseTicks.length - 1] ?? 0) + 10_000_000;
  return { name, raws, decoded, baseTicks, span, decodeSeconds };
}

function observe(
  c: Capture,
  options: AnalyzerOptions,
): { seconds: number; analyzer: Analyzer; events: number } {
  const analyzer = new Analyzer(options);
  const { raws, decoded, baseTicks, span } = c;
  let seq = 0;
  const started = performance.now();
  for (let pass = 0; pass < REPEAT; pass++) {
    const offset = pass * span;
    for (let i = 0; i < raws.length; i++) {
      const raw = raws[i] as RawEvent;
      raw.ticks = (baseTicks[i] as number) + offset;
      analyzer.observe(raw, decoded[i] as DecodedEvent, seq++);
    }
  }
  analyzer.finish();
  return { seconds: (performance.now() - started) / 1000, analyzer, events: seq };
}

function rate(events: number, seconds: number): string {
  return `${Math.round(events / seconds)
    .toLocaleString('en-US')
    .padStart(11)} events/s`;
}

const filterRules = parseRuleFile(
  JSON.stringify({
    version: 1,
    rules: [
      {
        id: 'busy-sender',
        type: 'filter',
        filter: 'provider == "Microsoft-Windows-Kernel-Network" and props.size > 60000',
        maxAlerts: 10,
      },
      {
        id: 'temp-image',
        type: 'filter',
        filter: 'event in ("ImageLoad", "Image/Load") and process.name == "evil.exe"',
      },
    ],
  }),
);
if (!filterRules.ok) throw new Error(JSON.stringify(filterRules.errors));

const captures = [
  await load('tx/KernelNetwork.etl (Kernel-Network)', 'etl/tx/KernelNetwork.etl', [
    'manifests/tx/SystemEvents.man',
  ]),
  await load('airbus ShutdownPerfDiagLogger (classic kernel)', 'etl/airbus/ShutdownPerfDiagLogger.etl', []),
  await load('tx/Process.etl (Kernel-Process)', 'etl/tx/Process.etl', [
    'manifests/windows7-dump/Microsoft-Windows-Kernel-Process.xml',
  ]),
];

console.log(`summary-bench: each capture observed ${REPEAT} times as one stream (node ${process.version})`);
for (const c of captures) {
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const builtins = observe(c, {});
  const heapAfter = process.memoryUsage().heapUsed;
  const withFilters = observe(c, { rules: filterRules.value });
  console.log(
    `\n${c.name}: ${c.raws.length.toLocaleString('en-US')} events x ${REPEAT} = ${builtins.events.toLocaleString('en-US')}`,
  );
  console.log(`  decode (for comparison)         ${rate(c.raws.length, c.decodeSeconds)}`);
  console.log(
    `  observe, built-in rules         ${rate(builtins.events, builtins.seconds)}   (${((builtins.seconds * 1e9) / builtins.events).toFixed(0)} ns/event)`,
  );
  console.log(
    `  observe, + 2 filter rules       ${rate(withFilters.events, withFilters.seconds)}   (${((withFilters.seconds * 1e9) / withFilters.events).toFixed(0)} ns/event)`,
  );
  const a = builtins.analyzer;
  console.log(
    `  state: ${a.table.records.length} processes, ${a.derivedEvents().length.toLocaleString('en-US')} netflow records, ${a.alerts().length} alerts, ` +
      `heap +${((heapAfter - heapBefore) / 1048576).toFixed(1)} MiB`,
  );
}
