// Event store benchmark: appends synthetic RawEvents (payloads 40-200 bytes, 1% with extended data,
// 10% with an activity id) and times the store's hot paths: append rate, bytes per event beyond the
// payload, peak RSS, a header-predicate view, sorts, the timeline histogram, a live-tail refresh.
// Run: npx tsx scripts/bench/store-bench.ts [events]   (default 5,000,000)
import type { RawEvent } from '../../electron/core/events/raw-event';
import { EventStore, countByProvider, histogram } from '../../electron/core/store/index';

const TOTAL = Number(process.argv[2] ?? 5_000_000);
const BATCH = 4096;

let seed = 0x2545f491;
const rand = (n: number) => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const guid = (i: number) => `${hex((i * 2654435761) >>> 0, 8)}-0e7b-422b-a0c7-${hex(i, 12)}`;
const PROVIDERS = Array.from({ length: 24 }, (_, i) => guid(i + 1));
const ACTIVITIES = Array.from({ length: 1000 }, (_, i) => guid(0x10000 + i));
const KEYWORDS = [0n, 0x10n, 0x8000000000000010n, 0x800000000000ffffn];
// Event types: a fixed descriptor per (provider, event), as manifests define them.
const EVENT_TYPES = Array.from({ length: PROVIDERS.length * 30 }, (_, i) => ({
  provider: PROVIDERS[i % PROVIDERS.length] as string,
  id: 1 + Math.floor(i / PROVIDERS.length),
  version: rand(2),
  level: 1 + rand(5),
  opcode: rand(3),
  task: rand(10),
  keywords: KEYWORDS[rand(KEYWORDS.length)] as bigint,
}));
const PIDS = Array.from({ length: 200 }, (_, i) => 4 + i * 4);
const source = new Uint8Array(1 << 20).map(() => rand(256));
const stack = source.subarray(0, 8 * 24);

let ticks = 0;
function makeBatch(count: number): RawEvent[] {
  const batch: RawEvent[] = [];
  for (let i = 0; i < count; i++) {
    const type = EVENT_TYPES[rand(EVENT_TYPES.length)] as (typeof EVENT_TYPES)[number];
    const len = 40 + rand(161);
    const at = rand(source.length - len);
    ticks += 1 + rand(40);
    batch.push({
      kind: 6,
      headerType: 0x13,
      pointerSize: 8,
      ticks,
      cpu: rand(8),
      pid: PIDS[rand(PIDS.length)] as number,
      tid: 1000 + rand(3000),
      providerId: type.provider,
      id: type.id,
      version: type.version,
      channel: 16,
      level: type.level,
      opcode: type.opcode,
      task: type.task,
      keywords: type.keywords,
      flags: 0x40,
      group: -1,
      activityId: rand(10) === 0 ? (ACTIVITIES[rand(ACTIVITIES.length)] as string) : '',
      ext: rand(100) === 0 ? [{ type: 6, data: stack }] : [],
      payload: source.subarray(at, at + len),
      bufferOffset: 0,
      recordOffset: 0,
    });
  }
  return batch;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
/** Times `run`; read-only measurements run `repeat` times and report the best (shared machine). */
const timed = <T>(label: string, run: () => T, detail: (r: T) => string = () => '', repeat = 1): T => {
  let best = Infinity;
  let result: T | undefined;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = run();
    best = Math.min(best, performance.now() - t0);
    sampleRss();
  }
  console.log(`${label.padEnd(44)} ${best.toFixed(1).padStart(9)} ms  ${detail(result as T)}`);
  return result as T;
};
const REPEAT = 2;

const rssBefore = process.memoryUsage().rss;
const store = new EventStore();
let appendMs = 0;
for (let done = 0; done < TOTAL; done += BATCH) {
  const batch = makeBatch(Math.min(BATCH, TOTAL - done));
  const t0 = performance.now();
  for (const ev of batch) store.append(ev);
  appendMs += performance.now() - t0;
  if ((done / BATCH) % 64 === 0) sampleRss();
}
sampleRss();
const s = store.stats();
console.log(`events                                       ${s.events.toLocaleString('en-US')}`);
console.log(
  `append                                       ${appendMs.toFixed(1).padStart(9)} ms  ${(((TOTAL / appendMs) * 1000) / 1e6).toFixed(2)} M events/s`,
);
console.log(
  `memory: columns ${mb(s.columnBytes)}, arena ${mb(s.arenaBytes)} (data ${mb(s.dataBytes)}), tables ${mb(s.tableBytes)}`,
);
console.log(`bytes/event beyond payload+ext (open chunk)  ${s.bytesPerEventBeyondData.toFixed(2)}`);
timed('trim', () => store.trim());
console.log(
  `bytes/event beyond payload+ext (trimmed)     ${store.stats().bytesPerEventBeyondData.toFixed(2)}`,
);
console.log(`descriptors ${store.descriptors.count}, providers ${store.providers.count}`);

const pid = PIDS[17] as number;
const rowsOf = (v: { count: number }) => `${v.count} rows`;
const all = timed('view: all rows, time order', () => store.createView(), rowsOf, REPEAT);
const filtered = timed(
  `view: pid == ${pid} && level <= 3`,
  () => store.createView({ predicate: (e) => e.pid === pid && e.level <= 3 }),
  rowsOf,
  REPEAT,
);
const provider = PROVIDERS[3];
const byProvider = (e: { providerId: string }) => e.providerId === provider;
timed(
  'view: provider == X (string compare)',
  () => store.createView({ predicate: byProvider }),
  rowsOf,
  REPEAT,
);
const byPid = timed(
  'view: all rows sorted by pid',
  () => store.createView({ sortKey: 'pid' }),
  rowsOf,
  REPEAT,
);
console.log(`view memory: time order ${mb(all.byteSize)}, pid-sorted (rows + keys) ${mb(byPid.byteSize)}`);
const sorts = [
  ['tid desc', { sortKey: 'tid', descending: true }],
  ['provider', { sortKey: 'provider' }],
  ['payload size', { sortKey: 'size' }],
  ['time desc', { descending: true }],
] as const;
for (const [label, options] of sorts) {
  timed(`view: all rows sorted by ${label}`, () => store.createView(options), rowsOf, REPEAT);
}
timed(
  'view: level <= 2, sorted by event',
  () => store.createView({ predicate: (e) => e.level <= 2, sortKey: 'event' }),
  rowsOf,
  REPEAT,
);
timed('window: rows(2,500,000, 100) on pid sort', () => byPid.rows(2_500_000, 100));
timed(
  'histogram(store, 2000 buckets)',
  () => histogram(store, 2000, 0, ticks + 1),
  () => '',
  REPEAT,
);
timed(
  'histogram(filtered view, 2000 buckets)',
  () => histogram(filtered, 2000, 0, ticks + 1),
  () => '',
  REPEAT,
);
timed(
  'histogram(all-rows view, 2000 buckets)',
  () => histogram(all, 2000, 0, ticks + 1),
  () => '',
  REPEAT,
);
timed(
  'countByProvider(store)',
  () => countByProvider(store),
  (r) => `${r.length} providers`,
  REPEAT,
);
timed(
  'countByProvider(all-rows view)',
  () => countByProvider(all),
  () => '',
  REPEAT,
);

const tail = makeBatch(100_000);
timed('append 100,000 more (live tail)', () => store.appendBatch(tail));
timed(
  'refresh: time view',
  () => all.refresh(),
  (n) => `+${n} rows`,
);
timed(
  'refresh: filtered view',
  () => filtered.refresh(),
  (n) => `+${n} rows`,
);
timed(
  'refresh: pid-sorted view (merge)',
  () => byPid.refresh(),
  (n) => `+${n} rows`,
);
console.log(`peak RSS ${mb(peakRss)} (${mb(peakRss - rssBefore)} above start)`);
