// Replay-session benchmark: a capture played at max speed as a live session, (1) through the batch path
// alone (ReplayBackend → BatchWriter → parseBatch: what replaying costs on top of reading), and (2) all
// the way into a CaptureEngine through the SessionManager and LiveSource (what a user gets), with the
// loss counters: any event the pipeline could not keep up with is counted, never silently lost.
// Input: .bench/kernel-network-manifest-<MB>mb.etl built by big-etl.ts from tx/KernelNetwork.etl.
// Run: npx tsx scripts/bench/replay-session-bench.ts [targetMB]
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GuidInterner } from '../../electron/core/binary/guid';
import { parseBatch } from '../../electron/core/live/batch-parser';
import { openReplayCapture } from '../../electron/core/live/open-replay.node.js';
import { ReplayBackend } from '../../electron/core/live/replay-backend';
import { SessionManager } from '../../electron/core/live/session-manager';
import { CaptureEngine } from '../../electron/core/pipeline/capture-engine';
import { LiveSource } from '../../electron/core/pipeline/sources/live-source';
import { buildBigEtl } from './big-etl';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const targetMB = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100);
const mb = (bytes: number) => bytes / (1024 * 1024);

mkdirSync(`${ROOT}.bench`, { recursive: true });
const path = `${ROOT}.bench/kernel-network-manifest-${targetMB}mb.etl`;
const size = buildBigEtl(`${SHARED}etl/tx/KernelNetwork.etl`, path, targetMB * 1024 * 1024);
console.log(`input: ${path} (${mb(size).toFixed(0)} MB)`);

function open() {
  const opened = openReplayCapture(path);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

// (1) Batch path alone.
{
  const capture = open();
  const backend = new ReplayBackend({ source: capture.source, speed: Infinity });
  backend.startSession({ name: 'ETWExplorer-Bench' });
  for (const p of capture.providers)
    backend.enableProvider({ session: 'ETWExplorer-Bench', ...p, guid: p.guid });
  const interner = new GuidInterner();
  let events = 0;
  let bytes = 0;
  let batches = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await new Promise<void>((done) => {
    const consumer = new backend.Consumer({
      session: 'ETWExplorer-Bench',
      onBatch: (b) => {
        const parsed = parseBatch(b, interner);
        events += parsed.events.length;
        bytes += b.length;
        batches++;
        if (parsed.last) done();
      },
    });
    void consumer;
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  console.log(
    `batch path: ${events.toLocaleString()} events in ${seconds.toFixed(2)} s = ${Math.round(events / seconds).toLocaleString()} events/s, ` +
      `${mb(bytes).toFixed(0)} MB of batches (${batches} batches, ${(mb(bytes) / seconds).toFixed(0)} MB/s), ` +
      `CPU ${((used.user + used.system) / 1e6).toFixed(2)} s`,
  );
}

// (2) Into a capture engine through the session manager, as the app does.
{
  const capture = open();
  const backend = new ReplayBackend({ source: capture.source, speed: Infinity });
  const manager = new SessionManager({ backend, source: 'replay', names: { user: 'ETWExplorer-Bench' } });
  const sub = manager.subscribe({ providers: capture.providers });
  if (!sub.ok) throw new Error(sub.error.message);
  const engine = new CaptureEngine({
    captureId: 'bench',
    source: new LiveSource(sub.value.batches, sub.value.clock, { kind: 'live', label: 'bench' }),
  });
  const started = performance.now();
  const outcome = await engine.run();
  const seconds = (performance.now() - started) / 1000;
  const figures = manager.figures()[0];
  const stats = sub.value.stats();
  console.log(
    `into the engine (${outcome.state}): ${engine.store.count.toLocaleString()} events stored in ${seconds.toFixed(2)} s = ` +
      `${Math.round(engine.store.count / seconds).toLocaleString()} events/s; session ${figures?.events.toLocaleString()} events; ` +
      `dropped: consumer ${figures?.loss.queueDropped.consumer}, view queue ${stats.dropped} (${figures?.loss.queueDropped.views}); ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
