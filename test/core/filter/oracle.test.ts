// Filters over real events: TraceEvent's own decoded dump of PerfView's net.4.5.2.x86.etl
// (shared/fixtures/oracles/perfview, 500 events from 14 providers: kernel, CLR, TPL, DNS...) turned
// into subjects. Each filter's result must equal the same selection written directly in TypeScript,
// and header predicate + remainder must agree with the full predicate on every event.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FilterSubject } from '../../../electron/core/filter/index';
import { compiled, subject } from './subjects';

const DUMP = fileURLToPath(
  new URL('../../../../shared/fixtures/oracles/perfview/net.4.5.2.x86.baseline.txt', import.meta.url),
);
const LINE =
  /^EVENT ([\d,.]+): (.*?) PID=(-?\d+); TID=(-?\d+); PName=([^;]*); ProceNum=(\d+); DataLen=\d+;\s*(.*)$/;

interface DumpEvent {
  ticks: number;
  provider: string;
  event: string;
  pid: number;
  tid: number;
  cpu: number;
  pname: string;
  props: Record<string, string>;
}

function readDump(): DumpEvent[] {
  const events: DumpEvent[] = [];
  for (const line of readFileSync(DUMP, 'utf8').split('\n')) {
    const m = LINE.exec(line.trimEnd());
    if (!m) continue;
    const [, ms, name, pid, tid, pname, cpu, rest] = m as unknown as string[];
    const slash = (name as string).indexOf('/');
    const props: Record<string, string> = {};
    for (const pair of (rest as string).split('; ')) {
      const eq = pair.indexOf('=');
      if (eq > 0) props[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/;\s*$/, '');
    }
    events.push({
      ticks: Math.round(Number((ms as string).replaceAll(',', '')) * 10_000),
      provider: (name as string).slice(0, slash),
      event: (name as string).slice(slash + 1),
      pid: Number(pid),
      tid: Number(tid),
      cpu: Number(cpu),
      pname: pname as string,
      props,
    });
  }
  return events;
}

const events = readDump();
const providerIds = new Map<string, string>();
const guidOf = (provider: string) => {
  if (!providerIds.has(provider))
    providerIds.set(provider, `00000000-0000-0000-0000-${providerIds.size.toString(16).padStart(12, '0')}`);
  return providerIds.get(provider) as string;
};
const subjects: FilterSubject[] = events.map((e) =>
  subject({
    providerId: guidOf(e.provider),
    providerName: e.provider,
    eventName: e.event,
    pid: e.pid,
    tid: e.tid,
    cpu: e.cpu,
    ticks: e.ticks,
    props: e.props,
    proc: { name: e.pname, path: '', cmdline: '', parent: '' },
  }),
);
const names = new Map([...providerIds].map(([name, id]) => [id, name]));
const env = { providerName: (id: string) => names.get(id) };

const CASES: [string, (e: DumpEvent) => boolean][] = [
  [
    'provider == "microsoft-windows-dotnetruntime" and event startswith "gc/"',
    (e) => e.provider === 'Microsoft-Windows-DotNETRuntime' && e.event.startsWith('GC/'),
  ],
  [
    'provider matches /^Microsoft-Windows-DotNETRuntime(Private|Rundown)$/',
    (e) => /^Microsoft-Windows-DotNETRuntime(Private|Rundown)$/.test(e.provider),
  ],
  ['pid == 3644 and cpu in (2, 7)', (e) => e.pid === 3644 && (e.cpu === 2 || e.cpu === 7)],
  ['pid == -1 or tid < 0', (e) => e.pid === -1 || e.tid < 0],
  ['props.ClrInstanceID == 11', (e) => e.props.ClrInstanceID === '11'],
  [
    'any contains "MSCORLIB"',
    (e) =>
      [e.provider, e.event, e.pname, ...Object.values(e.props)].some((t) =>
        t.toLowerCase().includes('mscorlib'),
      ),
  ],
  ['time >= 100ms and time < 400.5ms', (e) => e.ticks >= 1_000_000 && e.ticks < 4_005_000],
  ['not (provider == "Windows Kernel") and pid != 0', (e) => e.provider !== 'Windows Kernel' && e.pid !== 0],
  [
    'process.name == "perfview" or event endswith "/Start"',
    (e) => e.pname === 'PerfView' || e.event.endsWith('/Start'),
  ],
  [
    'props.ImageBase >= 0xfffff80000000000 and props.ImageBase matches /0{3}$/',
    (e) =>
      e.props.ImageBase !== undefined &&
      BigInt(e.props.ImageBase) >= 0xfffff80000000000n &&
      e.props.ImageBase.endsWith('000'),
  ],
  [
    'process.name in ("cmd", "explorer") and not event contains "thread"',
    (e) => ['cmd', 'explorer'].includes(e.pname) && !/thread/i.test(e.event),
  ],
];

describe('filters over TraceEvent-decoded events of net.4.5.2.x86.etl', () => {
  it('reads the dump', () => {
    expect(events.length).toBe(503);
    expect(providerIds.size).toBe(14);
  });
  for (const [text, expected] of CASES) {
    it(text, () => {
      const f = compiled(text, env);
      const want = events.map(expected);
      const got = subjects.map((s) => f.fullPredicate(s));
      const staged = subjects.map((s) => (f.headerPredicate?.(s) ?? true) && f.remainderPredicate(s));
      const count = want.filter(Boolean).length;
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(events.length);
      expect(got).toEqual(want);
      expect(staged).toEqual(want);
    });
  }
});
