// The .etl writer on synthetic input: buffer layout (64 KB, 8-aligned records, 0xFF fill,
// Offset/SavedOffset, per-CPU ProcessorIndex, growing SequenceNumber), the rewritten header
// (BuffersWritten, EndTime, clock), oversize records, raw record bytes of every header kind
// recovered and copied unchanged (also from compressed buffers), and metadata placement when
// events on two CPUs share a timestamp.
import { describe, expect, it } from 'vitest';
import type { EventSchema } from '../../../electron/common/model/schema';
import { createDecoder } from '../../../electron/core/decode/index';
import { bytesSource } from '../../../electron/core/etl/byte-source';
import { openEtl } from '../../../electron/core/etl/reader';
import {
  eventHeaderRecord,
  EtlFileWriter,
  memorySink,
  MetadataEmitter,
  recordBytesOf,
  type EtlFileHeader,
} from '../../../electron/core/export/index';
import { buildEtl, recordBytes, type RecordSpec } from '../etl/builders/etl-builder';
import { exportToMemory } from './helpers';

const PROVIDER = '9e814aad-3204-11d2-9a82-006008a86939';
const OTHER = '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c';
const ACTIVITY = '11111111-2222-3333-4444-555555555555';
const T0 = 5_000_000n;

const header: EtlFileHeader = {
  pointerSize: 8,
  version: 10 | (1 << 16) | (5 << 24),
  build: 22631,
  numberOfProcessors: 2,
  timerResolution: 156_250,
  maximumFileSize: 0,
  logFileMode: 1,
  eventsLost: 3,
  buffersLost: 0,
  cpuSpeedMHz: 3000,
  timeZoneBiasMinutes: -60,
  timeZoneStandardName: 'W. Europe Standard Time',
  timeZoneDaylightName: 'W. Europe Daylight Time',
  bootTime: 133_000_000_000_000_000n,
  perfFreq: 10_000_000,
  startTime: 133_500_000_000_000_000n,
  clockType: 1,
  headerTimestamp: T0,
  loggerName: 'Test Logger',
  logFileName: 'C:\\traces\\test.etl',
  pid: 100,
  tid: 104,
};

function record(id: number, time: bigint, payloadBytes: number): Uint8Array {
  return eventHeaderRecord({
    pointerSize: 8,
    pid: 200 + id,
    tid: 300,
    timestamp: time,
    providerId: PROVIDER,
    id,
    version: 1,
    channel: 0,
    level: 4,
    opcode: 0,
    task: 0,
    keywords: 0n,
    payload: Uint8Array.from({ length: payloadBytes }, (_, i) => (i * 7 + id) & 0xff),
  });
}

describe('EtlFileWriter', () => {
  it('writes a header buffer and 64 KB data buffers that the reader walks without a problem', () => {
    const sink = memorySink();
    const w = new EtlFileWriter(sink, header);
    w.begin();
    const written: { cpu: number; id: number; bytes: Uint8Array }[] = [];
    for (let i = 0; i < 3000; i++) {
      const cpu = i % 3;
      const r = record(i & 0xffff, T0 + BigInt(i * 10), 13 + (i % 50));
      w.writeRecord(cpu, T0 + BigInt(i * 10), r);
      written.push({ cpu, id: i & 0xffff, bytes: r });
    }
    w.end(header.startTime + 29_990n);
    const bytes = sink.bytes();

    const reader = openEtl(bytesSource('w.etl', bytes));
    expect(reader.diagnostics).toEqual([]);
    const buffers = reader.buffers();
    expect(buffers.length).toBe(w.buffersWritten);
    expect(reader.header).toMatchObject({
      buffersWritten: buffers.length,
      bufferSize: 65536,
      pointerSize: 8,
      perfFreq: 10_000_000,
      clockType: 1,
      startTime: header.startTime,
      endTime: header.startTime + 29_990n,
      numberOfProcessors: 3, // raised to cover CPU 2
      build: 22631,
      osVersionMajor: 10,
      eventsLost: 3,
      loggerName: 'Test Logger',
      logFileName: 'C:\\traces\\test.etl',
      timeZoneBiasMinutes: -60,
      timeZoneStandardName: 'W. Europe Standard Time',
      headerTimestamp: T0,
      compressionFormat: 0,
    });
    expect(buffers[0]).toMatchObject({ type: 4, fileOffset: 0, bufferSize: 65536 });
    const data = buffers.slice(1);
    expect(data.length).toBeGreaterThan(3);
    expect(new Set(data.map((b) => b.cpu))).toEqual(new Set([0, 1, 2]));
    expect(data.map((b) => b.sequence)).toEqual(data.map((_, i) => i + 1));
    for (const b of data) {
      expect(b).toMatchObject({ bufferSize: 65536, type: 0, compressed: false });
      expect(b.savedOffset).toBe(b.dataEnd);
      const tail = bytes.subarray(b.fileOffset + b.dataEnd, b.fileOffset + b.bufferSize);
      expect(tail.every((x) => x === 0xff)).toBe(true);
    }
    // Records come back in each CPU's order, aligned to 8, byte for byte.
    const events = [...reader.eventsInFileOrder()].slice(1);
    expect(events.length).toBe(3000);
    for (const cpu of [0, 1, 2]) {
      const got = events.filter((e) => e.cpu === cpu);
      const want = written.filter((x) => x.cpu === cpu);
      expect(got.map((e) => e.id)).toEqual(want.map((x) => x.id));
      got.forEach((e, i) => {
        expect(e.recordOffset % 8).toBe(0);
        expect(recordBytesOf(e)).toEqual(want[i]?.bytes);
      });
    }
  });

  it('gives a record larger than a buffer a buffer of its own', () => {
    const sink = memorySink();
    const w = new EtlFileWriter(sink, header);
    w.begin();
    w.writeRecord(0, T0 + 1n, record(1, T0 + 1n, 100));
    const big = record(2, T0 + 2n, 65_400);
    w.writeRecord(0, T0 + 2n, big);
    w.writeRecord(0, T0 + 3n, record(3, T0 + 3n, 100));
    w.end(header.startTime + 3n);
    const reader = openEtl(bytesSource('w.etl', sink.bytes()));
    expect(reader.diagnostics).toEqual([]);
    const sizes = reader.buffers().map((b) => b.bufferSize);
    expect(sizes).toEqual([65536, 65536, 69632]); // header, first record, the big one (and the next, which fits after it)
    const events = [...reader.events()].slice(1);
    expect(events.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(recordBytesOf(events[1]!)).toEqual(big);
  });

  it('refuses records it cannot frame', () => {
    const w = new EtlFileWriter(memorySink(), header);
    expect(() => w.writeRecord(0, T0, record(1, T0, 4))).toThrow(/begin/);
    w.begin();
    expect(() => w.writeRecord(0, T0, new Uint8Array(0))).toThrow(RangeError);
    expect(() => w.writeRecord(0, T0, new Uint8Array(0x10000))).toThrow(RangeError);
  });
});

function everyKind(base: bigint): RecordSpec[] {
  return [
    {
      headerType: 0x02,
      group: 3,
      type: 1,
      version: 4,
      tid: 10,
      pid: 20,
      time: base + 10n,
      payload: [1, 2, 3],
    },
    { headerType: 0x04, group: 5, type: 2, version: 3, tid: 11, pid: 21, time: base + 20n, payload: [4] },
    {
      headerType: 0x11,
      group: 0x0f,
      type: 46,
      version: 2,
      time: base + 30n,
      ext: { pebs: 7n, pmc: [8n, 9n] },
      payload: [5, 6],
    },
    {
      headerType: 0x13,
      provider: PROVIDER,
      id: 42,
      version: 1,
      level: 4,
      keywords: 0x8000000000000001n,
      activity: ACTIVITY,
      tid: 12,
      pid: 22,
      time: base + 40n,
      ext: [
        { type: 1, data: Array.from({ length: 16 }, (_, i) => i) },
        { type: 6, data: [1, 0, 0, 0, 0, 0, 0, 0, 0xaa, 0, 0, 0, 0, 0, 0, 0] },
      ],
      payload: [0x41, 0, 0x42, 0, 0, 0],
    },
    { headerType: 0x12, provider: PROVIDER, id: 43, time: base + 50n, payload: [9] },
    {
      headerType: 0x14,
      guid: OTHER,
      type: 3,
      level: 2,
      version: 5,
      tid: 13,
      pid: 23,
      time: base + 60n,
      payload: [7, 7],
    },
    {
      headerType: 0x0b,
      guid: OTHER,
      type: 4,
      time: base + 70n,
      instance: { id: 5, parentId: 6, parentGuid: ACTIVITY },
      payload: [8],
    },
    { error: true, payload: [0xde, 0xad] },
    {
      message: true,
      number: 99,
      options: 0x01 | 0x02 | 0x08 | 0x10 | 0x20 | 0x40,
      sequence: 1,
      guid: PROVIDER,
      time: base + 80n,
      tid: 14,
      pid: 24,
      payload: [1, 2, 3, 4],
    },
    { message: true, number: 100, options: 0, payload: [5] },
  ];
}

describe('raw record bytes', () => {
  for (const compression of [undefined, 3] as const) {
    it(`recovers every header kind byte for byte and copies it into an .etl export (${compression ? 'XPRESS buffers' : 'uncompressed'})`, async () => {
      const specs = everyKind(T0 + 100n);
      const source = buildEtl({
        t0: T0,
        ...(compression ? { compression } : {}),
        buffers: [{ cpu: 1, sequence: 1, records: specs }],
      });
      const reader = openEtl(bytesSource('s.etl', source));
      const events = [...reader.eventsInFileOrder()].filter((e) => e.cpu === 1);
      expect(events.length).toBe(specs.length);
      events.forEach((e, i) => expect(recordBytesOf(e)).toEqual(recordBytes(specs[i] as RecordSpec)));

      const { bytes, writer } = await exportToMemory(source, 'etl');
      expect(writer.problems).toEqual([]);
      const out = openEtl(bytesSource('out.etl', bytes));
      expect(out.diagnostics).toEqual([]);
      const copied = [...out.eventsInFileOrder()].filter((e) => e.cpu === 1);
      expect(copied.map((e) => recordBytesOf(e))).toEqual(specs.map((s) => recordBytes(s)));
      // Same times: the header keeps the source clock.
      expect(copied.map((e) => e.ticks)).toEqual(events.map((e) => e.ticks));
    });
  }

  it('gives undefined for an event that does not come from an ETL buffer', () => {
    const reader = openEtl(
      bytesSource('s.etl', buildEtl({ t0: T0, buffers: [{ cpu: 0, sequence: 1, records: everyKind(T0) }] })),
    );
    const e = [...reader.events()][1]!;
    expect(recordBytesOf({ ...e, payload: e.payload.slice() })).toBeUndefined();
  });
});

describe('metadata placement', () => {
  const schema: EventSchema = {
    id: 5,
    version: 0,
    level: 4,
    opcode: 0,
    task: 0,
    keywords: '0x0',
    name: 'Tick',
    fields: [{ name: 'Value', inType: 'UInt32' }],
  };
  const payload = (v: number) => Uint8Array.of(v & 0xff, (v >> 8) & 0xff, 0, 0);

  it('writes the schema again when an event on another CPU has the same timestamp', () => {
    const sink = memorySink();
    const file = new EtlFileWriter(sink, header);
    const problems: string[] = [];
    const meta = new MetadataEmitter(file, 8, (m) => problems.push(m));
    file.begin();
    const write = (cpu: number, t: bigint, v: number) => {
      const at = { cpu, ticks: Number(t - T0), timestamp: t, pid: 1, tid: 2 };
      meta.ensure(
        schema,
        () => ({ providerGuid: PROVIDER, providerName: 'Test-Provider', event: schema, maps: [] }),
        at,
      );
      file.writeRecord(
        cpu,
        t,
        eventHeaderRecord({
          pointerSize: 8,
          pid: 1,
          tid: 2,
          timestamp: t,
          providerId: PROVIDER,
          id: 5,
          version: 0,
          channel: 0,
          level: 4,
          opcode: 0,
          task: 0,
          keywords: 0n,
          payload: payload(v),
        }),
      );
      meta.note(cpu, at.ticks);
    };
    write(1, T0 + 50n, 1); // first use: metadata on CPU 1
    write(0, T0 + 50n, 2); // same time on CPU 0, whose buffer comes first in the file: written again
    write(0, T0 + 60n, 3); // CPU 0 has it now
    write(2, T0 + 70n, 4); // later on CPU 2: the CPU 0/1 copies are certain to come first
    file.end(header.startTime + 70n);
    expect(problems).toEqual([]);
    expect(meta.records).toBe(2);

    const reader = openEtl(bytesSource('m.etl', sink.bytes()));
    const decoder = createDecoder();
    const values: unknown[] = [];
    for (const e of reader.events()) {
      const d = decoder.decode(e);
      if (e.providerId === PROVIDER) {
        expect(d.eventName).toBe('Tick');
        expect(d.providerName).toBe('Test-Provider');
        values.push(d.props.Value);
      }
    }
    expect(values.sort()).toEqual([1, 2, 3, 4]);
  });

  it('reports a schema it cannot write and writes the event anyway', () => {
    const file = new EtlFileWriter(memorySink(), header);
    const problems: string[] = [];
    const meta = new MetadataEmitter(file, 8, (m) => problems.push(m));
    file.begin();
    const bad = { ...schema, fields: [{ name: 'X', inType: 'Bogus' }] };
    meta.ensure(bad, () => ({ providerGuid: PROVIDER, providerName: 'P', event: bad, maps: [] }), {
      cpu: 0,
      ticks: 0,
      timestamp: T0,
      pid: 0,
      tid: 0,
    });
    meta.ensure(bad, () => ({ providerGuid: PROVIDER, providerName: 'P', event: bad, maps: [] }), {
      cpu: 1,
      ticks: 0,
      timestamp: T0,
      pid: 0,
      tid: 0,
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/P event Tick.*unknown in-type 'Bogus'/);
    expect(meta.records).toBe(0);
  });
});
