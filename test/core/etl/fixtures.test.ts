// Golden tests over every real capture in shared/fixtures/etl: zero diagnostics, the counts recorded
// in fixtures/PROVENANCE.md, header fields against TraceEvent's own dump, and a time-ordered merge.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openFileSource } from '../../../electron/core/etl/file-source.node.js';
import { openEtl, type EtlReader } from '../../../electron/core/etl/reader';
import { allEtlFixtures, fixture } from './fixture-paths';

function open(rel: string): EtlReader {
  return openEtl(openFileSource(fixture(rel)));
}

function byType(r: EtlReader): Record<string, number> {
  return Object.fromEntries(
    [...r.scan().recordsByHeaderType].map(([t, n]) => [`0x${t.toString(16).padStart(2, '0')}`, n]),
  );
}

describe('every fixture capture', () => {
  const files = allEtlFixtures();
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(18);
  });
  for (const rel of files) {
    it(`${rel}: reads with zero diagnostics; scan, file order and time order agree`, () => {
      const r = open(rel);
      const summary = r.scan();
      const buffers = r.buffers();
      expect(buffers.length).toBe(summary.buffers);
      expect(buffers.length).toBe(r.header.buffersWritten);
      let inFileOrder = 0;
      for (const _ of r.eventsInFileOrder()) inFileOrder++;
      let merged = 0;
      let last = -Infinity;
      let decreasing = 0;
      for (const e of r.events()) {
        merged++;
        if (e.ticks < last) decreasing++;
        last = e.ticks;
      }
      expect(inFileOrder).toBe(summary.records);
      expect(merged).toBe(summary.records);
      expect(decreasing).toBe(0);
      expect(r.diagnostics).toEqual([]);
      const totalByProvider = summary.providers.reduce((a, p) => a + p.events, 0);
      expect(totalByProvider).toBe(summary.records);
      r.close();
    });
  }
});

describe('facts from PROVENANCE.md', () => {
  it('airbus/AMSITrace.etl', () => {
    const r = open('etl/airbus/AMSITrace.etl');
    expect(r.buffers().length).toBe(6);
    expect(byType(r)).toEqual({ '0x02': 2, '0x13': 19 });
    expect(r.header).toMatchObject({ pointerSize: 8, build: 18362, numberOfProcessors: 8, eventsLost: 3 });
  });
  it('airbus/ShutdownPerfDiagLogger.etl: kernel groups and 20 hooks', () => {
    const r = open('etl/airbus/ShutdownPerfDiagLogger.etl');
    const s = r.scan();
    expect(s.buffers).toBe(49);
    expect(byType(r)).toEqual({ '0x02': 8433, '0x11': 8645 });
    expect(s.kernelHooks.size).toBe(20);
    const names = s.providers.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Image', 'Thread', 'Process']));
    const versions = new Set<number>();
    for (const e of r.events())
      if (e.group === 3 || e.group === 5 || e.group === 0x14) versions.add(e.version);
    expect([...versions].sort()).toEqual(expect.arrayContaining([3, 4]));
  });
  it('airbus/lxcore_kernel.etl', () => {
    expect(byType(open('etl/airbus/lxcore_kernel.etl'))).toEqual({ '0x02': 2, '0x13': 2 });
  });
  it('tx/Process.etl: 10,343 Microsoft-Windows-Kernel-Process events, SavedOffset 0 in the header buffer', () => {
    const r = open('etl/tx/Process.etl');
    const s = r.scan();
    expect(s.buffers).toBe(182);
    expect(s.providers.find((p) => p.id === '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716')?.events).toBe(10343);
    expect(r.buffers()[0]?.savedOffset).toBe(0);
  });
  it('tx/KernelNetwork.etl: 8,923 Microsoft-Windows-Kernel-Network events', () => {
    const s = open('etl/tx/KernelNetwork.etl').scan();
    expect(s.buffers).toBe(129);
    expect(s.providers.find((p) => p.id === '7dd42a49-5329-4832-8dfd-43d979153a88')?.events).toBe(8923);
  });
  it('tx/HTTP_Server.etl: 2,041 events with 291 related-activity items', () => {
    const r = open('etl/tx/HTTP_Server.etl');
    expect(r.buffers().length).toBe(36);
    let events = 0;
    let related = 0;
    for (const e of r.events()) {
      if (e.kind !== 6) continue;
      events++;
      related += e.ext.filter((x) => x.type === 1 && x.data.length === 16).length;
    }
    expect(events).toBe(2041);
    expect(related).toBe(291);
  });
  it('tx/BondEtwSample.etl: 12 EventSource events, one manifest event 0xFFFE', () => {
    const r = open('etl/tx/BondEtwSample.etl');
    const events = [...r.events()].filter((e) => e.kind === 6);
    expect(events.length).toBe(12);
    expect(events.filter((e) => e.id === 0xfffe && e.opcode === 0xfe && e.task === 0xfffe).length).toBe(1);
  });
  it('perfview/net.4.5.2.x86.etl.zip: 276 buffers, 275 XPRESS-compressed, 39,425 EVENT_HEADER32, 1,070 stacks', () => {
    const r = open('etl/perfview/net.4.5.2.x86.etl.zip');
    const s = r.scan();
    expect(s.buffers).toBe(276);
    expect(s.compressedBuffers).toBe(275);
    expect(r.header.compressionFormat).toBe(3);
    expect(s.recordsByHeaderType.get(0x12)).toBe(39425);
    let stacks = 0;
    let ptr4 = 0;
    for (const e of r.events()) {
      stacks += e.ext.filter((x) => x.type === 5 || x.type === 6).length;
      if (e.headerType === 0x12 && e.pointerSize === 4) ptr4++;
    }
    expect(stacks).toBe(1070);
    expect(ptr4).toBe(39425);
  });
  it('syzygy image and process files: SYSTEM32 header, FULL_HEADER32 classic events', () => {
    for (const v of [0, 1, 2]) {
      const r = open(`etl/syzygy/image_data_32_v${v}.etl`);
      expect(r.header.pointerSize).toBe(4);
      expect(byType(r)).toEqual({ '0x01': 1, '0x0a': 26 });
      const image = [...r.events()].filter((e) => e.kind === 4);
      expect(new Set(image.map((e) => e.providerId))).toEqual(
        new Set(['2cb15d1d-5fc1-11d2-abe1-00a0c911f518']),
      );
      expect(image.filter((e) => e.opcode === 3).length).toBe(24);
      expect(image.every((e) => e.version === v && e.pointerSize === 4)).toBe(true);
    }
    const p = open('etl/syzygy/process_data_32_v1.etl');
    expect(byType(p)).toEqual({ '0x01': 1, '0x0a': 2 });
    expect(
      p.scan().providers.some((x) => x.id === '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c' && x.name === 'Process'),
    ).toBe(true);
  });
});

/** Header values TraceEvent printed for the EventTrace/Header event (first line of each baseline). */
function oracleHeader(name: string): Record<string, string> {
  const first = readFileSync(fixture(`oracles/perfview/${name}.baseline.txt`), 'utf8').split('\n')[0] ?? '';
  return Object.fromEntries(
    [...first.matchAll(/ (\w+)=([^;]*);/g)].map((m) => [m[1] as string, (m[2] as string).replace(/,/g, '')]),
  );
}

/** TraceEvent's dump cuts strings longer than 20 characters to 20 + "...". */
function shown(s: string): string {
  return s.length > 20 ? `${s.slice(0, 20)}...` : s;
}

describe('header fields match TraceEvent (perfview baselines)', () => {
  for (const name of ['net.4.5.2.x86', 'gcevents', 'gcrundownevents', 'primitive-types']) {
    it(name, () => {
      const o = oracleHeader(name);
      const r = open(`etl/perfview/${name}.etl.zip`);
      const h = r.header;
      expect(String(h.bufferSize)).toBe(o.BufferSize);
      expect(String(h.version)).toBe(o.Version);
      expect(String(h.build)).toBe(o.ProviderVersion);
      expect(String(h.numberOfProcessors)).toBe(o.NumberOfProcessors);
      expect(String(h.timerResolution)).toBe(o.TimerResolution);
      expect(String(h.maximumFileSize)).toBe(o.MaxFileSize);
      expect(String(h.logFileMode)).toBe(o.LogFileMode);
      expect(String(h.buffersWritten)).toBe(o.BuffersWritten);
      expect(String(h.startBuffers)).toBe(o.StartBuffers);
      expect(String(h.pointerSize)).toBe(o.PointerSize);
      expect(String(h.eventsLost)).toBe(o.EventsLost);
      expect(String(h.cpuSpeedMHz)).toBe(o.CPUSpeed);
      expect(String(h.perfFreq)).toBe(o.PerfFreq);
      expect(String(h.clockType)).toBe(o.ReservedFlags);
      expect(String(h.buffersLost)).toBe(o.BuffersLost);
      expect(shown(h.loggerName)).toBe(o.SessionName);
      expect(shown(h.logFileName)).toBe(o.LogFileName);
      expect(String(h.timeZoneBiasMinutes)).toBe(o.UtcOffsetMinutes);
      expect(r.clock.frequency).toBe(h.perfFreq);
    });
  }
});

/** TraceEvent's EVENT lines: relative msec (N3), ProceNum and DataLen. */
function oracleEvents(name: string): { ms: string; cpu: number; len: number }[] {
  return readFileSync(fixture(`oracles/perfview/${name}.baseline.txt`), 'utf8')
    .split('\n')
    .flatMap((l) => {
      const m = /^EVENT ([\d,.]+): .*ProceNum=(\d+); DataLen=(\d+);/.exec(l);
      return m ? [{ ms: (m[1] as string).replace(/,/g, ''), cpu: Number(m[2]), len: Number(m[3]) }] : [];
    });
}

describe('time-ordered stream matches TraceEvent', () => {
  for (const name of ['net.4.5.2.x86', 'gcevents', 'gcrundownevents', 'primitive-types']) {
    it(`${name}: every event TraceEvent printed appears, in the same order, with the same time, CPU and payload length`, () => {
      const expected = oracleEvents(name);
      expect(expected.length).toBeGreaterThan(5);
      // .NET rounds the millisecond value half away from zero at 3 decimals.
      const key = (ticks: number, cpu: number, len: number) =>
        `${(Math.floor((ticks + 5) / 10) / 1000).toFixed(3)}|${cpu}|${len}`;
      const ours: string[] = [];
      for (const e of open(`etl/perfview/${name}.etl.zip`).events())
        ours.push(key(e.ticks, e.cpu, e.payload.length));
      let at = 0;
      const missing: string[] = [];
      for (const x of expected) {
        const k = `${x.ms}|${x.cpu}|${x.len}`;
        const found = ours.indexOf(k, at);
        if (found < 0) missing.push(k);
        else at = found + 1;
      }
      expect(missing).toEqual([]);
    });
  }
});
