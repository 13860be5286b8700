// The demo capture: a valid .etl that decodes fully with no manifest (its schemas are MetaData
// events), holds the scenario's facts as a reader would find them from the events alone (process
// tree, beacon cadence, 120 MB to one endpoint, a remote thread in explorer.exe, encoded PowerShell
// with Invoke-Mimikatz, WMI reconnaissance), and is the same bytes for the same seed.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { EventJson, PropValue } from '../../../electron/common/model/event';
import { createDecoder, eventJsonOf } from '../../../electron/core/decode/index';
import { bytesSource } from '../../../electron/core/etl/byte-source';
import { openEtl } from '../../../electron/core/etl/reader';
import { ensureDemoCapture } from '../../../electron/core/demo/demo-capture.node.js';
import {
  DEMO_START_TIME,
  EXFIL_BYTES,
  generateDemo,
  type DemoResult,
} from '../../../electron/core/demo/index';
import { memorySink } from '../../../electron/core/export/index';
import { Analyzer } from '../../../electron/core/summary/analyzer';

function generate(seed?: number): { bytes: Uint8Array; result: DemoResult } {
  const sink = memorySink();
  const result = generateDemo(sink, seed === undefined ? {} : { seed });
  return { bytes: sink.bytes(), result };
}

const demo = generate();
const reader = openEtl(bytesSource('demo.etl', demo.bytes));
const decoder = createDecoder();
const all: { json: EventJson; decoded: boolean }[] = [];
for (const raw of reader.events()) {
  const d = decoder.decode(raw);
  all.push({ json: eventJsonOf(raw, reader.clock, d), decoded: d.entry !== null && d.error === null });
}
const events = all.map((e) => e.json);
const facts = demo.result.facts;

const of = (provider: string, name: string) =>
  events.filter((e) => e.provider.name === provider && e.event.name === name);
const prop = (e: EventJson, name: string): PropValue | undefined => e.props[name];
const starts = of('Microsoft-Windows-Kernel-Process', 'ProcessStart');
const startOf = (pid: number) => starts.find((e) => prop(e, 'ProcessID') === pid);

describe('demo capture', () => {
  it('is a valid .etl that decodes completely without any manifest', () => {
    expect(reader.diagnostics).toEqual([]);
    expect(decoder.registry.diagnostics).toEqual([]);
    expect(all.length).toBeGreaterThan(10_000);
    expect(all.filter((e) => !e.decoded).map((e) => e.json)).toEqual([]);
    expect(reader.header).toMatchObject({
      build: 19045,
      numberOfProcessors: 8,
      pointerSize: 8,
      clockType: 1,
      perfFreq: 10_000_000,
      startTime: DEMO_START_TIME,
    });
    expect(reader.header.buffersWritten).toBe(reader.buffers().length);
    const providers = new Set(events.map((e) => e.provider.guid));
    for (const g of [
      '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716',
      '7dd42a49-5329-4832-8dfd-43d979153a88',
      '1c95126e-7eea-49a9-a3fe-a378b03ddb4d',
      'a0c1853b-5c40-4b15-8766-3cf1c58f985a',
      '1418ef04-b0b4-4623-bf7e-d74ab47bbdaa',
    ]) {
      expect(providers).toContain(g);
    }
    const seconds = (Date.parse(events.at(-1)?.ts as string) - Date.parse(events[0]?.ts as string)) / 1000;
    expect(seconds).toBeGreaterThan(29 * 60);
    expect(seconds).toBeLessThan(31 * 60);
    // Maps travel too: the ProcessFlags bitmap renders.
    expect(
      of('Microsoft-Windows-Kernel-Process', 'ProcessStart').every((e) => e.display?.Flags === '0'),
    ).toBe(true);
  });

  it('holds the phishing chain Outlook → Word → PowerShell → updater.exe', () => {
    const word = startOf(facts.phishing.wordPid);
    expect(word && String(prop(word, 'ImageName'))).toMatch(/\\WINWORD\.EXE$/);
    expect(word && prop(word, 'ParentProcessID')).toBe(facts.phishing.outlookPid);
    const stager = startOf(facts.phishing.stagerPid);
    expect(stager && String(prop(stager, 'ImageName'))).toMatch(/\\powershell\.exe$/);
    expect(stager && prop(stager, 'ParentProcessID')).toBe(facts.phishing.wordPid);
    const implant = startOf(facts.implant.pid);
    expect(implant && prop(implant, 'ImageName')).toBe(
      '\\Device\\HarddiskVolume3\\Users\\alice\\AppData\\Roaming\\updater.exe',
    );
    expect(implant && prop(implant, 'ParentProcessID')).toBe(facts.phishing.stagerPid);
    expect(
      of('Microsoft-Windows-Kernel-Process', 'ImageLoad').some(
        (e) => e.pid === facts.phishing.wordPid && String(prop(e, 'ImageName')).endsWith('VBE7.DLL'),
      ),
    ).toBe(true);
  });

  it('beacons to one endpoint every 15 s ± 20 %', () => {
    const connects = of('Microsoft-Windows-Kernel-Network', 'KNetEvt_ConnectIPV4').filter(
      (e) =>
        prop(e, 'PID') === facts.implant.pid &&
        prop(e, 'daddr') === facts.c2.ip &&
        prop(e, 'dport') === facts.c2.port,
    );
    expect(connects.length).toBeGreaterThan(80);
    const times = connects.map((e) => Date.parse(e.ts) / 1000 + Number(e.ts.slice(23, 27)) / 1e7);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(15 * 0.8 - 0.01);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(15 * 1.2 + 0.5); // + a DNS lookup every few minutes
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(14.5);
    expect(mean).toBeLessThan(15.5);
    expect(new Set(gaps.map((g) => g.toFixed(1))).size).toBeGreaterThan(20); // jittered, not fixed
    expect(connects.length).toBe(facts.c2.beaconSeconds.length);
  });

  it('sends 120 MB to one endpoint', () => {
    const byEndpoint = new Map<string, { bytes: number; sends: number; pids: Set<number> }>();
    for (const e of of('Microsoft-Windows-Kernel-Network', 'KNetEvt_SendIPV4')) {
      const key = `${String(prop(e, 'daddr'))}:${String(prop(e, 'dport'))}`;
      const v = byEndpoint.get(key) ?? { bytes: 0, sends: 0, pids: new Set<number>() };
      v.bytes += prop(e, 'size') as number;
      v.sends++;
      v.pids.add(prop(e, 'PID') as number);
      byEndpoint.set(key, v);
    }
    const [top, second] = [...byEndpoint.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
    expect(top?.[0]).toBe(`${facts.exfil.ip}:${facts.exfil.port}`);
    expect(top?.[1].bytes).toBe(EXFIL_BYTES);
    expect(EXFIL_BYTES).toBe(120 * 1024 * 1024);
    expect(top?.[1].sends).toBeGreaterThan(1000);
    expect([...(top?.[1].pids ?? [])]).toEqual([facts.implant.pid]);
    expect(second?.[1].bytes ?? 0).toBeLessThan(EXFIL_BYTES / 10);
  });

  it('starts a thread in explorer.exe from the implant', () => {
    // A ThreadStart logged by one process for another that it did not just create: a remote thread.
    const created = new Set(starts.map((e) => `${e.pid}>${String(prop(e, 'ProcessID'))}`));
    const remote = of('Microsoft-Windows-Kernel-Process', 'ThreadStart').filter(
      (e) => e.pid !== prop(e, 'ProcessID') && !created.has(`${e.pid}>${String(prop(e, 'ProcessID'))}`),
    );
    expect(remote).toHaveLength(1);
    const [t] = remote;
    expect(t?.pid).toBe(facts.implant.pid);
    expect(prop(t as EventJson, 'ProcessID')).toBe(facts.injection.targetPid);
    expect(prop(t as EventJson, 'ThreadID')).toBe(facts.injection.threadId);
    const rundown = of('Microsoft-Windows-Kernel-Process', 'ProcessRundown').find(
      (e) => prop(e, 'ProcessID') === facts.injection.targetPid,
    );
    expect(String(rundown && prop(rundown, 'ImageName'))).toMatch(/\\explorer\.exe$/);
  });

  it('runs an encoded PowerShell command with an Invoke-Mimikatz script block', () => {
    const ps = startOf(facts.encodedPowerShell.pid);
    expect(ps && prop(ps, 'ParentProcessID')).toBe(facts.implant.pid);
    const blocks = of('Microsoft-Windows-PowerShell', 'StartingCommandOncreatecalls_V1').filter(
      (e) => e.pid === facts.encodedPowerShell.pid,
    );
    expect(blocks.length).toBeGreaterThan(1);
    const text = blocks.map((e) => String(prop(e, 'ScriptBlockText'))).join('');
    expect(text).toContain('Invoke-Mimikatz');
    expect(text).toContain('FromBase64String');
    expect(text).toContain('sekurlsa::logonpasswords');
    expect(new Set(blocks.map((e) => prop(e, 'ScriptBlockId')))).toEqual(
      new Set([facts.encodedPowerShell.scriptBlockId]),
    );
    const context = of('Microsoft-Windows-PowerShell', 'NoneTobeusedwhenanexceptionisraised4103_V1').find(
      (e) => e.pid === facts.encodedPowerShell.pid,
    );
    const encoded = /-enc ([A-Za-z0-9+/=]+)/.exec(
      String(context && prop(context, 'ContextInfo')),
    )?.[1] as string;
    const decoded = new TextDecoder('utf-16le').decode(
      Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)),
    );
    expect(decoded).toContain('FromBase64String');
  });

  it('runs WMI reconnaissance from the implant', () => {
    const ops = of('Microsoft-Windows-WMI-Activity', 'task_011').filter(
      (e) => prop(e, 'ClientProcessId') === facts.implant.pid,
    );
    expect(ops.map((e) => String(prop(e, 'Operation')))).toEqual(
      facts.wmi.queries.map((q) => `Start IWbemServices::ExecQuery - ${q}`),
    );
    expect(ops.some((e) => String(prop(e, 'Operation')).includes('AntiVirusProduct'))).toBe(true);
    expect(of('Microsoft-Windows-WMI-Activity', 'task_05857').length).toBeGreaterThan(0);
  });

  it('resolves its C2 and exfiltration names through DNS-Client', () => {
    const done = of('Microsoft-Windows-DNS-Client', 'task_03008');
    expect(
      done.some(
        (e) =>
          e.pid === facts.implant.pid &&
          prop(e, 'QueryName') === facts.c2.domain &&
          prop(e, 'QueryResults') === `::ffff:${facts.c2.ip};`,
      ),
    ).toBe(true);
    expect(done.some((e) => e.pid === facts.implant.pid && prop(e, 'QueryName') === facts.exfil.domain)).toBe(
      true,
    );
    expect(done.length).toBeGreaterThan(30);
  });

  it('maps its system volume to C:, so the analysis shows DOS paths', () => {
    const mapping = events.find((e) => e.event.name === 'SysConfig/VolumeMapping');
    expect(mapping?.provider.name).toBe('Windows Kernel');
    expect(mapping?.props).toEqual({ NtPath: '\\Device\\HarddiskVolume3', DosPath: 'C:' });
    const replay = openEtl(bytesSource('demo.etl', demo.bytes));
    const analyzer = new Analyzer({ startFileTime: replay.clock.startFileTime });
    const decode = createDecoder();
    let seq = 0;
    for (const raw of replay.events()) analyzer.observe(raw, decode.decode(raw), seq++);
    analyzer.finish();
    const implant = analyzer.processes().find((p) => p.pid === facts.implant.pid);
    expect(implant?.path).toBe('C:\\Users\\alice\\AppData\\Roaming\\updater.exe');
  });

  it('is the same bytes for the same seed, and different for another', () => {
    const again = generate();
    expect(again.bytes.length).toBe(demo.bytes.length);
    expect(Buffer.compare(Buffer.from(again.bytes), Buffer.from(demo.bytes))).toBe(0);
    const other = generate(7);
    expect(Buffer.compare(Buffer.from(other.bytes), Buffer.from(demo.bytes))).not.toBe(0);
    expect(openEtl(bytesSource('other.etl', other.bytes)).diagnostics).toEqual([]);
  });

  it('ensureDemoCapture gives a cached file with the default demo', async () => {
    const path = await ensureDemoCapture();
    expect(path).toMatch(/etwx-demo-v\d+-[0-9a-f]+\.etl$/);
    expect(await ensureDemoCapture()).toBe(path);
    expect(Buffer.compare(readFileSync(path), Buffer.from(demo.bytes))).toBe(0);
  });
});
