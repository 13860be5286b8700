// The process table on built streams: PID reuse (start events and start keys), enrichment of events
// by (pid, time), parents, image paths learned from rundown image loads, and threads created in other
// processes (the initial thread of a new process is not one).
import { describe, expect, it } from 'vitest';
import { isoToFileTime } from '../../../electron/common/time';
import { Analyzer } from '../../../electron/core/summary/index';
import { rawEvent, decodedEvent, SECOND, startKeyItem, Stream } from './builders';

describe('PID reuse', () => {
  it('keeps two processes with the same pid apart and maps events to the right one', () => {
    const s = new Stream();
    s.processStart(1 * SECOND, 4, 100, '\\Device\\HarddiskVolume2\\Tools\\first.exe');
    s.dnsQuery(2 * SECOND, 100, 'first.example', '93.184.216.1;');
    s.processStop(3 * SECOND, 100, 'first.exe', 7);
    s.processStart(10 * SECOND, 4, 100, '\\Device\\HarddiskVolume2\\Tools\\second.exe');
    s.dnsQuery(11 * SECOND, 100, 'second.example', '93.184.216.2;');
    const a = new Analyzer();
    s.feed(a);

    const lifetimes = a.processes().filter((p) => p.pid === 100);
    expect(lifetimes.map((p) => p.name)).toEqual(['first.exe', 'second.exe']);
    expect(lifetimes[0]?.key).not.toBe(lifetimes[1]?.key);
    expect(lifetimes[0]).toMatchObject({
      startTicks: 1 * SECOND,
      endTicks: 3 * SECOND,
      exitCode: 7,
      origin: 'start',
    });
    expect(lifetimes[1]).toMatchObject({ startTicks: 10 * SECOND, endTicks: null });

    expect(a.processOf(100, 2 * SECOND)?.name).toBe('first.exe');
    expect(a.processOf(100, 11 * SECOND)?.name).toBe('second.exe');
    expect(a.processOf(100, 0.5 * SECOND)).toBeUndefined();

    const first = a.summary(lifetimes[0]?.key as string);
    const second = a.summary(lifetimes[1]?.key as string);
    expect(first?.dns.map((d) => d.name)).toEqual(['first.example']);
    expect(second?.dns.map((d) => d.name)).toEqual(['second.example']);
    expect(first?.dns[0]).toMatchObject({
      queries: 1,
      responses: 1,
      status: 0,
      results: ['93.184.216.1'],
      types: ['A'],
    });
  });

  it('splits lifetimes by process start key (extended data item 13) without start events', () => {
    const s = new Stream();
    const event = (ticks: number, key: number) =>
      s.add(
        rawEvent({
          providerId: '11111111-1111-1111-1111-111111111111',
          id: 1,
          pid: 200,
          tid: 201,
          ticks,
          ext: [startKeyItem(key)],
        }),
        decodedEvent('P', 'E'),
      );
    event(1 * SECOND, 0x30000000000a1);
    event(2 * SECOND, 0x30000000000a1);
    event(5 * SECOND, 0x30000000000b7);
    event(6 * SECOND, 0x30000000000a1); // a late event of the first process, identified by its key
    const a = new Analyzer();
    s.feed(a);
    const lifetimes = a.processes().filter((p) => p.pid === 200);
    expect(lifetimes.map((p) => p.startKey)).toEqual([0xa1, 0xb7]);
    expect(lifetimes.map((p) => p.events)).toEqual([3, 1]);
    expect(a.processOf(200, 1.5 * SECOND)?.startKey).toBe(0xa1);
    expect(a.processOf(200, 5.5 * SECOND)?.startKey).toBe(0xb7);
  });

  it('enriches any event with the process of its pid at its time, and builds the tree', () => {
    const s = new Stream();
    s.classicProcess(0, 3, 600, 4, 'services.exe', 'C:\\Windows\\system32\\services.exe');
    s.classicProcess(
      1 * SECOND,
      1,
      900,
      600,
      'svchost.exe',
      'C:\\Windows\\system32\\svchost.exe -k netsvcs',
      600,
    );
    const other = s.add(
      rawEvent({
        providerId: '22222222-2222-2222-2222-222222222222',
        id: 7,
        pid: 900,
        tid: 901,
        ticks: 2 * SECOND,
      }),
      decodedEvent('Other', 'Thing'),
    );
    const a = new Analyzer();
    s.feed(a);
    const [raw, decoded] = s.events[other] as [ReturnType<typeof rawEvent>, ReturnType<typeof decodedEvent>];
    const proc = a.processForEvent(raw, decoded);
    expect(proc?.name).toBe('svchost.exe');
    expect(a.processInfo(proc!)).toEqual({
      name: 'svchost.exe',
      path: '',
      cmdline: 'C:\\Windows\\system32\\svchost.exe -k netsvcs',
      parent: 'services.exe',
      ppid: 600,
    });
    const tree = a.processTree();
    const services = tree.find((n) => n.pid === 600);
    expect(services?.children.map((c) => `${c.name}:${c.pid}`)).toEqual(['svchost.exe:900']);
    expect(services?.children[0]).toMatchObject({
      user: 'S-1-5-21-1-2-3-1001',
      session: 1,
      parentKey: services?.key,
      creatorPid: 600,
      parentSpoofed: false,
    });
  });

  it('adopts events of a new process logged between its CreateTime and its start event', () => {
    const s = new Stream();
    s.add(
      rawEvent({
        providerId: '33333333-3333-3333-3333-333333333333',
        id: 1,
        pid: 4444,
        tid: 4445,
        ticks: 2 * SECOND,
      }),
      decodedEvent('P', 'Early'),
    );
    const start = s.processStart(2.5 * SECOND, 600, 4444, '\\Device\\HarddiskVolume2\\adopted.exe');
    (s.events[start] as [unknown, { props: Record<string, unknown> }])[1].props.CreateTime =
      '2020-01-01T00:00:01.5000000Z';
    const a = new Analyzer({ startFileTime: isoToFileTime('2020-01-01T00:00:00.0000000Z') as bigint });
    s.feed(a);
    const lifetimes = a.processes().filter((p) => p.pid === 4444);
    expect(lifetimes).toHaveLength(1);
    expect(lifetimes[0]).toMatchObject({
      name: 'adopted.exe',
      origin: 'start',
      startTicks: 1.5 * SECOND,
      start: '2020-01-01T00:00:01.5000000Z',
      events: 1,
    });
    expect(a.processOf(4444, 2 * SECOND)?.name).toBe('adopted.exe');
  });

  it('flags a process whose creator is not its named parent (parent PID spoofing)', () => {
    const s = new Stream();
    s.processStart(1 * SECOND, 777, 1234, '\\Device\\HarddiskVolume2\\Windows\\System32\\notepad.exe', 600);
    const a = new Analyzer();
    s.feed(a);
    expect(a.processes().find((p) => p.pid === 1234)).toMatchObject({
      ppid: 600,
      creatorPid: 777,
      parentSpoofed: true,
    });
  });
});

describe('threads created in other processes', () => {
  function setup(): Stream {
    const s = new Stream();
    s.classicProcess(0, 3, 10, 4, 'evil.exe', 'evil.exe');
    s.classicProcess(0, 3, 20, 4, 'victim.exe', 'victim.exe');
    s.classicProcess(0, 3, 30, 4, 'csrss.exe', 'csrss.exe');
    return s;
  }

  it('records and alerts on a Kernel-Process ThreadStart whose creator differs from the target', () => {
    const s = setup();
    const seq = s.threadStart(5 * SECOND, 10, 20, 4242);
    const a = new Analyzer();
    s.feed(a);
    const alerts = a.alerts().filter((x) => x.ruleId === 'cross-process-thread');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      severity: 'high',
      pid: 10,
      processName: 'evil.exe',
      ticks: 5 * SECOND,
      evidence: [seq],
    });
    expect(alerts[0]?.summary).toBe(
      'evil.exe (pid 10) started thread 4242 in victim.exe (pid 20) at 0x7ff612340000',
    );
    const evil = a.summary(a.processOf(10, 5 * SECOND)!.key);
    const victim = a.summary(a.processOf(20, 5 * SECOND)!.key);
    expect(evil?.threads.createdInOtherProcesses).toMatchObject([
      { otherPid: 20, otherName: 'victim.exe', tid: 4242, seq },
    ]);
    expect(victim?.threads.createdByOtherProcesses).toMatchObject([
      { otherPid: 10, otherName: 'evil.exe', tid: 4242, seq },
    ]);
  });

  it('also reads classic Thread/Start events', () => {
    const s = setup();
    const seq = s.classicThreadStart(5 * SECOND, 10, 20, 99);
    const a = new Analyzer();
    s.feed(a);
    expect(a.alerts().map((x) => [x.ruleId, x.evidence])).toEqual([['cross-process-thread', [seq]]]);
  });

  it('does not count the initial thread of a new process, own threads, or ignored creators', () => {
    const s = setup();
    s.processStart(5 * SECOND, 10, 40, '\\Device\\HarddiskVolume2\\child.exe');
    s.threadStart(5 * SECOND + 10, 10, 40, 1); // initial thread, created by the parent
    s.threadStart(6 * SECOND, 20, 20, 2); // own thread
    s.threadStart(7 * SECOND, 30, 20, 3); // csrss (console control handler)
    const a = new Analyzer();
    s.feed(a);
    expect(a.alerts()).toEqual([]);
    expect(a.summary(a.processOf(30, 7 * SECOND)!.key)?.threads.createdInOtherProcesses).toHaveLength(1);
    // A second thread from the parent in the child is cross-process.
    s.threadStart(8 * SECOND, 10, 40, 5);
    const b = new Analyzer();
    s.feed(b);
    expect(b.alerts().map((x) => x.summary)).toEqual([
      'evil.exe (pid 10) started thread 5 in child.exe (pid 40) at 0x7ff612340000',
    ]);
  });
});

describe('image paths', () => {
  it('learns a process path from its first rundown image, not from an .exe it maps later', () => {
    const s = new Stream();
    s.imageLoad(1 * SECOND, 321, '\\Windows\\System32\\notepad.exe'); // a running process mapping an exe: says nothing
    const a = new Analyzer();
    s.feed(a);
    expect(a.processOf(321, 1 * SECOND)?.name).toBe('');
    expect(a.summary(a.processOf(321, 1 * SECOND)!.key)?.images.map((i) => [i.path, i.loads])).toEqual([
      ['\\Windows\\System32\\notepad.exe', 1],
    ]);
  });
});
