// The analyzer on real captures, checked against facts computed here independently from the decoded
// events: the Process.etl process tree (Windows 7 Kernel-Process), per-process endpoint byte counts of
// KernelNetwork.etl, DLL loads per process of the airbus kernel trace (classic Image events), and the
// drive-letter and file-name enrichment of the PerfView capture (SysConfig VolumeMapping, FileIo).
import { describe, expect, it } from 'vitest';
import type { PropValue } from '../../../electron/common/model/event';
import { createDecoder, type DecodedEvent } from '../../../electron/core/decode/index';
import { openFileSource } from '../../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../../electron/core/etl/reader';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import { loadManifestPath } from '../../../electron/core/manifest/load.node.js';
import { analyzeEtlFile } from '../../../electron/core/summary/analyze-file.node.js';
import { Analyzer } from '../../../electron/core/summary/index';
import { fixture } from '../etl/fixture-paths';

const KERNEL_PROCESS_W7 = fixture('manifests/windows7-dump/Microsoft-Windows-Kernel-Process.xml');
const SYSTEM_EVENTS = fixture('manifests/tx/SystemEvents.man');

/** Every event of a capture, decoded, in time order (raw events with their payload copied). */
async function decodeAll(
  file: string,
  manifests: string[],
): Promise<Array<{ raw: RawEvent; d: DecodedEvent }>> {
  const providers = (await Promise.all(manifests.map((m) => loadManifestPath(m)))).flatMap(
    (r) => r.providers,
  );
  const decoder = createDecoder(providers);
  const reader = openEtl(openFileSource(file));
  const out: Array<{ raw: RawEvent; d: DecodedEvent }> = [];
  for (const raw of reader.events()) {
    const d = decoder.decode(raw);
    out.push({
      raw: {
        ...raw,
        payload: raw.payload.slice(),
        ext: raw.ext.map((x) => ({ type: x.type, data: x.data.slice() })),
      },
      d,
    });
  }
  reader.close();
  return out;
}

const str = (v: PropValue | undefined) => (typeof v === 'string' ? v : String(v));
const num = (v: PropValue | undefined) => Number(v);
const base = (path: string) => path.slice(path.lastIndexOf('\\') + 1);

describe('tx/Process.etl (Windows 7 Kernel-Process)', () => {
  it('builds the process tree with image names from the start events', async () => {
    const { analyzer, events } = await analyzeEtlFile(fixture('etl/tx/Process.etl'), [KERNEL_PROCESS_W7]);
    expect(events).toBe(10_344);
    const tree = analyzer.processTree();
    const find = (pid: number) => tree.find((n) => n.pid === pid);
    expect(find(3324)?.children.map((c) => `${c.name} (${c.pid})`)).toEqual([
      'devenv.exe (5864)',
      'OUTLOOK.EXE (2880)',
    ]);
    expect(find(4240)?.children.map((c) => `${c.name} (${c.pid})`)).toEqual([
      'SearchProtocolHost.exe (700)',
      'SearchFilterHost.exe (6644)',
    ]);
    const devenv = find(3324)?.children[0];
    expect(devenv).toMatchObject({
      path: '\\Device\\HarddiskVolume2\\Program Files (x86)\\Microsoft Visual Studio 10.0\\Common7\\IDE\\devenv.exe',
      ppid: 3324,
      session: 1,
      origin: 'start',
      start: '2010-10-29T19:08:00.7357072Z',
      end: '2010-10-29T19:10:10.2260725Z',
      exitCode: 0,
    });
    // Processes that ended during the trace but started before it: named from ProcessStop, start from CreateTime.
    expect(analyzer.processes().find((p) => p.pid === 4492)).toMatchObject({
      name: 'SearchFilterHo',
      start: '2010-10-29T19:06:25.4656143Z',
      end: '2010-10-29T19:09:17.8126424Z',
    });
  });

  it('matches the start events independently decoded, and gives every event a process', async () => {
    const decoded = await decodeAll(fixture('etl/tx/Process.etl'), [KERNEL_PROCESS_W7]);
    const starts = decoded
      .filter((e) => e.d.eventName === 'ProcessStart')
      .map(
        (e) =>
          `${num(e.d.props.ProcessID)}:${base(str(e.d.props.ImageName))}:${num(e.d.props.ParentProcessID)}`,
      );
    expect(starts).toHaveLength(4);
    const a = new Analyzer();
    let withoutProcess = 0;
    decoded.forEach((e, seq) => {
      if (a.observe(e.raw, e.d, seq) === null) withoutProcess++;
    });
    expect(withoutProcess).toBe(0);
    expect(
      a
        .processes()
        .filter((p) => p.origin === 'start')
        .map((p) => `${p.pid}:${p.name}:${p.ppid}`),
    ).toEqual(starts);
    // Enrichment: every image load of devenv's pid during its lifetime maps to devenv.exe.
    const devenvLoads = decoded.filter(
      (e) => e.d.eventName === 'ImageLoad' && num(e.d.props.ProcessID) === 5864,
    );
    expect(devenvLoads.length).toBeGreaterThan(300);
    for (const e of devenvLoads) expect(a.processForEvent(e.raw, e.d)?.name).toBe('devenv.exe');
  });
});

describe('tx/KernelNetwork.etl (Kernel-Network)', () => {
  it('gives per-process endpoints whose byte counts equal the sums of the decoded events', async () => {
    const decoded = await decodeAll(fixture('etl/tx/KernelNetwork.etl'), [SYSTEM_EVENTS]);
    // Expected, from the decoded properties (SystemEvents.man: win:IPv4/IPv6 addresses, win:Port ports).
    const expected = new Map<string, { sent: number; received: number; sends: number; receives: number }>();
    const group = (addr: string) =>
      addr.startsWith('ff') || /^2(2[4-9]|3\d)\./.test(addr) || addr.endsWith('.255');
    for (const { d } of decoded) {
      const name = d.eventName;
      const send = /^KNetEvt_Send/.test(name);
      const recv = /^KNetEvt_Recv/.test(name);
      if (!send && !recv) continue;
      const udp = name.endsWith('Udp');
      let [remote, port] = [str(d.props.daddr), num(d.props.dport)];
      if (udp && recv && group(remote)) [remote, port] = [str(d.props.saddr), num(d.props.sport)];
      const key = `${num(d.props.PID)} ${udp ? 'UDP' : 'TCP'} ${remote} ${port}`;
      const e = expected.get(key) ?? { sent: 0, received: 0, sends: 0, receives: 0 };
      if (send) {
        e.sent += num(d.props.size);
        e.sends++;
      } else {
        e.received += num(d.props.size);
        e.receives++;
      }
      expected.set(key, e);
    }
    expect(expected.size).toBeGreaterThan(100);

    const { analyzer } = await analyzeEtlFile(fixture('etl/tx/KernelNetwork.etl'), [SYSTEM_EVENTS]);
    const actual = new Map<string, { sent: number; received: number; sends: number; receives: number }>();
    for (const p of analyzer.processes()) {
      for (const ep of analyzer.summary(p.key)?.network ?? []) {
        if (ep.sends + ep.receives === 0) continue;
        actual.set(`${p.pid} ${ep.protocol} ${ep.remoteAddress} ${ep.remotePort}`, {
          sent: ep.bytesSent,
          received: ep.bytesReceived,
          sends: ep.sends,
          receives: ep.receives,
        });
      }
    }
    expect(actual).toEqual(expected);
    expect(actual.get('2716 TCP 157.56.244.38 443')).toMatchObject({ sends: 575, receives: 7968 });
  });

  it('reads the same numbers without any manifest (the payload layout is built in)', async () => {
    const withManifest = await analyzeEtlFile(fixture('etl/tx/KernelNetwork.etl'), [SYSTEM_EVENTS]);
    const without = await analyzeEtlFile(fixture('etl/tx/KernelNetwork.etl'), []);
    const table = (a: Analyzer) =>
      a
        .processes()
        .map((p) => [
          p.pid,
          a
            .summary(p.key)
            ?.network.map((e) => [e.protocol, e.remoteAddress, e.remotePort, e.bytesSent, e.bytesReceived]),
        ]);
    expect(table(without.analyzer)).toEqual(table(withManifest.analyzer));
  });
});

describe('airbus ShutdownPerfDiagLogger.etl (classic kernel events)', () => {
  it('lists the DLLs each process loaded (Image/Load) and had loaded (rundown), as the decoded events say', async () => {
    const decoded = await decodeAll(fixture('etl/airbus/ShutdownPerfDiagLogger.etl'), []);
    const loads = new Map<number, Set<string>>();
    const rundown = new Map<number, Set<string>>();
    for (const { raw, d } of decoded) {
      if (!d.eventName.startsWith('Image/')) continue;
      const target = raw.opcode === 10 ? loads : raw.opcode === 3 || raw.opcode === 4 ? rundown : undefined;
      if (target === undefined) continue;
      const pid = num(d.props.ProcessId);
      const set = target.get(pid) ?? new Set<string>();
      set.add(str(d.props.FileName).toLowerCase());
      target.set(pid, set);
    }
    expect([...loads.values()].reduce((n, s) => n + s.size, 0)).toBeGreaterThan(30);

    const { analyzer } = await analyzeEtlFile(fixture('etl/airbus/ShutdownPerfDiagLogger.etl'), []);
    const gotLoads = new Map<number, Set<string>>();
    const gotRundown = new Map<number, Set<string>>();
    for (const p of analyzer.processes()) {
      for (const image of analyzer.summary(p.key)?.images ?? []) {
        for (const [map, yes] of [
          [gotLoads, image.loads > 0],
          [gotRundown, image.rundown],
        ] as const) {
          if (!yes) continue;
          const set = map.get(p.pid) ?? new Set<string>();
          set.add(image.ntPath.toLowerCase());
          map.set(p.pid, set);
        }
      }
    }
    expect(gotLoads).toEqual(loads);
    expect(gotRundown).toEqual(rundown);

    const svchost = analyzer.processes().find((p) => p.pid === 764);
    expect(svchost).toMatchObject({
      name: 'svchost.exe',
      cmdline: 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p',
      origin: 'rundown',
      user: 'S-1-5-18',
    });
    expect(analyzer.summary(svchost!.key)?.images.map((i) => base(i.path).toLowerCase())).toContain(
      'ntdll.dll',
    );
  });

  it('records the threads csrss and wininit start in other processes without alerting on them', async () => {
    const { analyzer } = await analyzeEtlFile(fixture('etl/airbus/ShutdownPerfDiagLogger.etl'), []);
    const csrss = analyzer.processes().find((p) => p.pid === 428);
    expect(csrss?.name).toBe('csrss.exe');
    const remote = analyzer.summary(csrss!.key)?.threads.createdInOtherProcesses ?? [];
    expect(new Set(remote.map((t) => t.otherPid)).size).toBeGreaterThanOrEqual(8);
    expect(remote.every((t) => /^0x[0-9a-f]+$/.test(t.startAddress))).toBe(true);
    expect(analyzer.alerts()).toEqual([]);
  });
});

describe('perfview net.4.5.2 (SysConfig VolumeMapping, FileIo, classic TcpIp)', () => {
  it('shows paths with drive letters, names file objects, and sums classic TcpIp traffic', async () => {
    const decoded = await decodeAll(fixture('etl/perfview/net.4.5.2.x86.etl.zip'), []);
    const a = new Analyzer();
    decoded.forEach((e, seq) => a.observe(e.raw, e.d, seq));
    a.finish();
    const explorer = a.processes().find((p) => p.name === 'explorer.exe');
    expect(explorer?.path).toBe('C:\\Windows\\explorer.exe');
    const rundown = decoded.find(
      (e) => e.d.eventName === 'FileIO/FileRundown' && str(e.d.props.FileName).endsWith('$LogFile'),
    );
    expect(a.fileName(str(rundown?.d.props.FileObject))).toBe('C:\\$LogFile');

    let sent = 0;
    let received = 0;
    for (const { d } of decoded) {
      if (num(d.props.PID) !== 4) continue;
      if (/^(TcpIp|UdpIp)\/Send(IPV6)?$/.test(d.eventName)) sent += num(d.props.size);
      if (/^(TcpIp|UdpIp)\/Recv(IPV6)?$/.test(d.eventName)) received += num(d.props.size);
    }
    const system = a.summary(a.processes().find((p) => p.pid === 4)!.key);
    expect(system?.network.reduce((n, e) => n + e.bytesSent, 0)).toBe(sent);
    expect(system?.network.reduce((n, e) => n + e.bytesReceived, 0)).toBe(received);
    expect(sent).toBeGreaterThan(1_000_000);
    // Derived netflow records add up to the same totals.
    const flows = a.derivedEvents().filter((d) => d.pid === 4);
    expect(flows.reduce((n, d) => n + num(d.props.BytesSent), 0)).toBe(sent);
    expect(flows.reduce((n, d) => n + num(d.props.BytesReceived), 0)).toBe(received);
  });
});
