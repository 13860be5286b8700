// Filter benchmark: compiled predicates over synthetic events, in the two shapes the pipeline uses:
// plain RawEvent-like objects (header predicate before decoding) and a flyweight cursor over typed
// columns (the store's StoredEventView shape, fields as getters). Prints predicates/s and ns per
// event for header and full predicates. Run: npx tsx scripts/bench/filter-bench.ts [events]
import type { PropValue } from '../../electron/common/model/event';
import { compileFilter } from '../../electron/core/filter/index';
import type { FilterSubject, HeaderSubject, ProcessInfo } from '../../electron/core/filter/index';

const TOTAL = Number(process.argv[2] ?? 5_000_000);
const ROWS = 1 << 20;

const PROVIDERS = [
  ['22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716', 'Microsoft-Windows-Kernel-Process'],
  ['7dd42a49-5329-4832-8dfd-43d979153a88', 'Microsoft-Windows-Kernel-Network'],
  ['e13c0d23-ccbc-4e12-931b-d9cc2eee27e4', 'Microsoft-Windows-DotNETRuntime'],
  ['dd5ef90a-6398-47a4-ad34-4dcecdef795f', 'Microsoft-Windows-HttpService'],
] as const;
const PROCESSES: ProcessInfo[] = [
  {
    name: 'svchost.exe',
    path: 'C:\\Windows\\System32\\svchost.exe',
    cmdline: 'svchost.exe -k netsvcs',
    parent: 'services.exe',
  },
  {
    name: 'powershell.exe',
    path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    cmdline: 'powershell -enc SQBFAFgA',
    parent: 'winword.exe',
  },
  {
    name: 'explorer.exe',
    path: 'C:\\Windows\\explorer.exe',
    cmdline: 'C:\\Windows\\explorer.exe',
    parent: 'userinit.exe',
  },
];
const EVENT_NAMES = ['ProcessStart', 'ProcessStop', 'ThreadStart', 'ImageLoad'];

// Columns, as the store keeps them.
let seed = 0x9e3779b9;
const rand = (n: number) => {
  // xorshift32
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};
const col = {
  provider: new Uint8Array(ROWS),
  id: new Uint16Array(ROWS),
  level: new Uint8Array(ROWS),
  opcode: new Uint8Array(ROWS),
  keywordsLo: new Uint32Array(ROWS),
  pid: new Int32Array(ROWS),
  tid: new Int32Array(ROWS),
  ticks: new Float64Array(ROWS),
};
for (let i = 0; i < ROWS; i++) {
  col.provider[i] = rand(PROVIDERS.length);
  col.id[i] = rand(12);
  col.level[i] = 1 + rand(5);
  col.opcode[i] = rand(3);
  col.keywordsLo[i] = 1 << rand(32);
  col.pid[i] = 4000 + rand(400);
  col.tid[i] = 8000 + rand(4000);
  col.ticks[i] = i * 1000;
}
const keywordValues = Array.from({ length: 32 }, (_, b) => 0x8000000000000000n | (1n << BigInt(b)));

/** Flyweight cursor with getters (StoredEventView shape). */
class Cursor implements FilterSubject {
  row = 0;
  get providerId() {
    return PROVIDERS[col.provider[this.row] as number]![0];
  }
  get providerName() {
    return PROVIDERS[col.provider[this.row] as number]![1];
  }
  get eventName() {
    return EVENT_NAMES[(col.id[this.row] as number) % EVENT_NAMES.length]!;
  }
  get id() {
    return col.id[this.row] as number;
  }
  version = 0;
  task = 0;
  channel = 16;
  cpu = 0;
  get level() {
    return col.level[this.row] as number;
  }
  get opcode() {
    return col.opcode[this.row] as number;
  }
  get keywords() {
    return keywordValues[Math.clz32(col.keywordsLo[this.row] as number) ^ 31] as bigint;
  }
  get pid() {
    return col.pid[this.row] as number;
  }
  get tid() {
    return col.tid[this.row] as number;
  }
  get ticks() {
    return col.ticks[this.row] as number;
  }
  prop(path: readonly string[]): PropValue | undefined {
    if (path[0] === 'CommandLine') return (PROCESSES[this.row % PROCESSES.length] as ProcessInfo).cmdline;
    return undefined;
  }
  process(): ProcessInfo {
    return PROCESSES[(col.pid[this.row] as number) % PROCESSES.length] as ProcessInfo;
  }
  *anyText(): Iterable<string> {
    yield (PROCESSES[this.row % PROCESSES.length] as ProcessInfo).cmdline;
  }
}

// Plain objects, as the ETL reader yields RawEvents (a 64K window reused).
const WINDOW = 1 << 16;
const raws: HeaderSubject[] = Array.from({ length: WINDOW }, (_, i) => ({
  providerId: PROVIDERS[col.provider[i] as number]![0],
  id: col.id[i] as number,
  version: 0,
  opcode: col.opcode[i] as number,
  task: 0,
  level: col.level[i] as number,
  keywords: keywordValues[Math.clz32(col.keywordsLo[i] as number) ^ 31] as bigint,
  channel: 16,
  pid: col.pid[i] as number,
  tid: col.tid[i] as number,
  cpu: 0,
  ticks: col.ticks[i] as number,
}));

const env = {
  startFileTime: 132000000000000000n, // 2019-04-17T18:40:00Z
  providerName: (id: string) => PROVIDERS.find((p) => p[0] === id)?.[1],
};

const FILTERS = [
  'id == 1',
  'provider == "Microsoft-Windows-Kernel-Process" and id in (1, 2)',
  'provider == "{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}"',
  'level <= 3 and not (opcode == 0)',
  'keywords & 0x10',
  'pid == 4242 and time > "18:40:05"',
  'time > 12.5s and time < 60s',
  'event == "ProcessStart" and pid in (4001, 4002, 4003, 4004, 4005)',
  'process.name contains "powershell" or props.CommandLine matches /-enc(odedcommand)?\\s/i',
  'any contains "SQBFAFgA"',
];

/** Runs `body` (after a warm-up) and prints rates by wall time and by this process's CPU time
 * (the CPU figure stays meaningful when other jobs share the machine). */
function time(label: string, body: () => number): void {
  body();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const matched = body();
  const wallNs = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  const cpuNs = (cpu.user + cpu.system) * 1000;
  const rate = (ns: number) =>
    `${((TOTAL / ns) * 1e3).toFixed(1).padStart(6)} M/s ${(ns / TOTAL).toFixed(1).padStart(6)} ns`;
  console.log(`  ${label.padEnd(8)} wall ${rate(wallNs)}  cpu ${rate(cpuNs)}  matched ${matched}`);
}

console.log(`filter-bench: ${TOTAL.toLocaleString()} evaluations per line (node ${process.version})`);
for (const text of FILTERS) {
  const r = compileFilter(text, env);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  const f = r.value;
  console.log(
    `${text}\n  header ${f.headerPredicate ? 'yes' : 'no'}${f.headerOnly ? ' (whole filter)' : ''}; needs props ${f.needsProps}, process ${f.needsProcess}`,
  );
  const header = f.headerPredicate;
  if (header) {
    time('raw hdr', () => {
      let n = 0;
      for (let i = 0; i < TOTAL; i++) if (header(raws[i & (WINDOW - 1)] as HeaderSubject)) n++;
      return n;
    });
    const cursor = new Cursor();
    time('cur hdr', () => {
      let n = 0;
      for (let i = 0; i < TOTAL; i++) {
        cursor.row = i & (ROWS - 1);
        if (header(cursor)) n++;
      }
      return n;
    });
  }
  const cursor = new Cursor();
  const full = f.fullPredicate;
  time('cur full', () => {
    let n = 0;
    for (let i = 0; i < TOTAL; i++) {
      cursor.row = i & (ROWS - 1);
      if (full(cursor)) n++;
    }
    return n;
  });
}
