// Decoder benchmark: the manifest-heavy capture (tx/KernelNetwork.etl data buffers repeated to ~500 MB
// under .bench/, built by big-etl.ts) decoded in full with the Windows 7 manifests, exactly what
// `etwx dump --format none` does: every event in time order, schema lookup, props and display strings.
// Prints the read-only pass (the ETL reader alone), the full decode pass, the decoder's own cost per
// event, events/s, MB/s, and peak RSS. Run: npx tsx scripts/bench/decode-bench.ts [targetMB] [--file-order]
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDecoder } from '../../electron/core/decode/index';
import { openFileSource } from '../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../electron/core/etl/reader';
import { loadManifestPath } from '../../electron/core/manifest/load.node.js';
import { buildBigEtl } from './big-etl';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const targetMB = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 500);
const fileOrder = process.argv.includes('--file-order');

const mb = (bytes: number) => bytes / (1024 * 1024);
const rssMB = () => process.resourceUsage().maxRSS / 1024;

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

mkdirSync(`${ROOT}.bench`, { recursive: true });
const path = `${ROOT}.bench/kernel-network-manifest-${targetMB}mb.etl`;
const built = time(() => buildBigEtl(`${SHARED}etl/tx/KernelNetwork.etl`, path, targetMB * 1024 * 1024));
const size = built.value;
console.log(`input: ${path} (${mb(size).toFixed(0)} MB, built/checked in ${built.seconds.toFixed(1)} s)`);

const manifests = await loadManifestPath(`${SHARED}manifests/windows7-dump`);
console.log(`manifests: ${manifests.providers.length} providers (windows7-dump)`);
const order = fileOrder ? 'file order' : 'time order';

function pass(label: string, decode: boolean) {
  const decoder = createDecoder(manifests.providers);
  const reader = openEtl(openFileSource(path));
  const result = time(() => {
    let events = 0;
    let undecoded = 0;
    let errors = 0;
    const it = fileOrder ? reader.eventsInFileOrder() : reader.events();
    for (const raw of it) {
      events++;
      if (!decode) continue;
      const d = decoder.decode(raw);
      if (d.entry === null) undecoded++;
      else if (d.error !== null) errors++;
    }
    return { events, undecoded, errors };
  });
  reader.close();
  const { events, undecoded, errors } = result.value;
  console.log(
    `${label.padEnd(22)} ${events.toLocaleString('en-US')} events in ${result.seconds.toFixed(2)} s ` +
      `(cpu ${result.cpuSeconds.toFixed(2)} s): ${(events / result.seconds / 1e6).toFixed(2)} M events/s, ` +
      `${(mb(size) / result.seconds).toFixed(0)} MB/s` +
      (decode ? `; undecoded ${undecoded}, decode errors ${errors}` : '') +
      `; peak RSS ${rssMB().toFixed(0)} MB`,
  );
  return { events, seconds: result.seconds, cpuSeconds: result.cpuSeconds };
}

const read = pass(`read only (${order})`, false);
const full = pass(`full decode (${order})`, true);
const decodeNs = ((full.cpuSeconds - read.cpuSeconds) / full.events) * 1e9;
console.log(`decoder cost: ${decodeNs.toFixed(0)} ns/event (CPU, beyond reading)`);
console.log(`target: >= 1,000,000 events/s full decode, peak RSS < 300 MB`);
