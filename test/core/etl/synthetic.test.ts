// Synthetic captures from the test builder: every record header kind (including those no public
// capture has: COMPACT, INSTANCE, ERROR, MESSAGE, PMC/PEBS items), both pointer widths, all three
// compression formats, several CPUs out of file order.
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../../electron/core/etl/byte-source';
import { openEtl } from '../../../electron/core/etl/reader';
import { ExtType, RecordKind, type RawEvent } from '../../../electron/core/events/raw-event';
import { buildEtl, type EtlSpec, type RecordSpec } from './builders/etl-builder';

const PROVIDER = '9e814aad-3204-11d2-9a82-006008a86939';
const OTHER = '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c';
const ACTIVITY = '11111111-2222-3333-4444-555555555555';
const T0 = 1000n;

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
    { headerType: 0x02, group: 3, type: 10, version: 3, time: base + 35n },
    {
      headerType: 0x13,
      provider: PROVIDER,
      id: 42,
      version: 1,
      channel: 11,
      level: 4,
      opcode: 2,
      task: 7,
      keywords: 0x8000000000000001n,
      activity: ACTIVITY,
      tid: 12,
      pid: 22,
      time: base + 40n,
      ext: [
        { type: ExtType.RelatedActivityId, data: Array.from({ length: 16 }, (_, i) => i) },
        { type: ExtType.StackTrace64, data: [1, 0, 0, 0, 0, 0, 0, 0, 0xaa, 0, 0, 0, 0, 0, 0, 0] },
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

function spec(extra: Partial<EtlSpec> = {}): EtlSpec {
  return {
    t0: T0,
    buffers: [
      { cpu: 1, sequence: 2, records: everyKind(T0 + 1000n) },
      { cpu: 0, sequence: 1, records: everyKind(T0) },
    ],
    ...extra,
  };
}

function read(s: EtlSpec) {
  const r = openEtl(bytesSource('synthetic.etl', buildEtl(s)));
  return { r, events: [...r.events()], fileOrder: [...r.eventsInFileOrder()] };
}

describe('synthetic capture with every record kind', () => {
  it('decodes each header layout into RawEvent fields', () => {
    const { r, events } = read(spec());
    expect(r.diagnostics).toEqual([]);
    expect(events.length).toBe(1 + 2 * 11);
    const cpu0 = events.filter((e) => e.cpu === 0).slice(1); // after the logfile header event
    const [system, compact, perfinfo, imageQuirk, ev64, ev32, full, instance, error, message, bareMessage] =
      cpu0 as [RawEvent, ...RawEvent[]] & RawEvent[];
    expect(system).toMatchObject({
      kind: RecordKind.System,
      headerType: 2,
      pointerSize: 8,
      pid: 20,
      tid: 10,
      group: 3,
      opcode: 1,
      version: 4,
      ticks: 10,
      providerId: OTHER,
    });
    expect([...system.payload]).toEqual([1, 2, 3]);
    expect(compact).toMatchObject({
      kind: RecordKind.Compact,
      group: 5,
      opcode: 2,
      version: 3,
      pid: 21,
      tid: 11,
      ticks: 20,
    });
    expect(perfinfo).toMatchObject({
      kind: RecordKind.PerfInfo,
      pid: -1,
      tid: -1,
      group: 0x0f,
      opcode: 46,
      version: 2,
      ticks: 30,
    });
    expect(perfinfo!.ext.map((x) => [x.type, x.data.length])).toEqual([
      [ExtType.PebsIndex, 8],
      [ExtType.PmcCounters, 16],
    ]);
    expect([...perfinfo!.payload]).toEqual([5, 6]);
    expect(imageQuirk!.providerId).toBe('2cb15d1d-5fc1-11d2-abe1-00a0c911f518');
    expect(ev64).toMatchObject({
      kind: RecordKind.EventHeader,
      pointerSize: 8,
      providerId: PROVIDER,
      id: 42,
      version: 1,
      channel: 11,
      level: 4,
      opcode: 2,
      task: 7,
      keywords: 0x8000000000000001n,
      activityId: ACTIVITY,
      pid: 22,
      tid: 12,
      ticks: 40,
      group: -1,
    });
    expect(ev64!.flags & 1).toBe(1);
    expect(ev64!.ext.map((x) => [x.type, x.data.length])).toEqual([
      [ExtType.RelatedActivityId, 16],
      [ExtType.StackTrace64, 16],
    ]);
    expect([...ev64!.payload]).toEqual([0x41, 0, 0x42, 0, 0, 0]);
    expect(ev32).toMatchObject({ pointerSize: 4, id: 43, activityId: '', ext: [] });
    expect(full).toMatchObject({
      kind: RecordKind.Full,
      pointerSize: 8,
      providerId: OTHER,
      opcode: 3,
      level: 2,
      version: 5,
      pid: 23,
      tid: 13,
      ticks: 60,
    });
    expect(instance).toMatchObject({ kind: RecordKind.Instance, pointerSize: 4, opcode: 4, ticks: 70 });
    expect(instance!.ext[0]?.type).toBe(ExtType.InstanceInfo);
    expect([...instance!.ext[0]!.data.subarray(0, 8)]).toEqual([5, 0, 0, 0, 6, 0, 0, 0]);
    expect([...instance!.payload]).toEqual([8]);
    expect(error).toMatchObject({ kind: RecordKind.Error, headerType: 0x0d, ticks: 70 });
    expect([...error!.payload]).toEqual([0xde, 0xad]);
    expect(message).toMatchObject({
      kind: RecordKind.Message,
      id: 99,
      providerId: PROVIDER,
      pointerSize: 4,
      pid: 24,
      tid: 14,
      ticks: 80,
    });
    expect([...message!.payload]).toEqual([1, 2, 3, 4]);
    expect(bareMessage).toMatchObject({
      kind: RecordKind.Message,
      id: 100,
      providerId: '',
      pid: -1,
      tid: -1,
      ticks: 80,
    });
  });

  it('merges CPUs by time and keeps the file order separately', () => {
    const { events, fileOrder } = read(spec());
    expect(events.map((e) => e.ticks)).toEqual([...events.map((e) => e.ticks)].sort((a, b) => a - b));
    expect(events.slice(1, 12).every((e) => e.cpu === 0)).toBe(true);
    expect(fileOrder[1]?.cpu).toBe(1);
  });

  it('scan counts what events() yields', () => {
    const { r, events } = read(spec());
    const s = r.scan();
    expect(s.records).toBe(events.length);
    expect(s.recordsByHeaderType.get(0x0f)).toBe(4);
    expect(s.recordsByHeaderType.get(0x0d)).toBe(2);
    expect(s.providers.find((p) => p.id === PROVIDER)?.events).toBe(6);
    expect(s.providers.find((p) => p.id === '2cb15d1d-5fc1-11d2-abe1-00a0c911f518')?.events).toBe(2);
  });

  for (const [format, name] of [
    [2, 'LZNT1'],
    [3, 'XPRESS'],
    [4, 'XPRESS Huffman'],
  ] as const) {
    it(`reads buffers compressed with ${name}`, () => {
      const plain = read(spec());
      const packed = read(spec({ compression: format }));
      expect(packed.r.diagnostics).toEqual([]);
      expect(packed.r.header.compressionFormat).toBe(format);
      expect(packed.r.scan().compressedBuffers).toBe(2);
      const strip = (e: RawEvent) => ({
        ...e,
        bufferOffset: 0,
        payload: [...e.payload],
        ext: e.ext.map((x) => [x.type, [...x.data]]),
      });
      // The header event differs (LogFileMode has the compressed flag); every data record must match.
      expect(packed.events.slice(1).map(strip)).toEqual(plain.events.slice(1).map(strip));
    });
  }

  it('reads the 32-bit logfile header layout', () => {
    const { r } = read(spec({ pointerSize: 4, loggerName: 'Thirty Two' }));
    expect(r.diagnostics).toEqual([]);
    expect(r.header).toMatchObject({
      pointerSize: 4,
      loggerName: 'Thirty Two',
      logFileName: 'C:\\synthetic.etl',
      build: 19041,
      timeZoneBiasMinutes: 480,
      timeZoneStandardName: 'Pacific Standard Time',
      timeZoneDaylightName: 'Pacific Daylight Time',
      osVersionMajor: 10,
      osVersionMinor: 0,
      eventsLost: 7,
    });
  });

  it('surfaces a MESSAGE record whose option fields overrun it, with a diagnostic', () => {
    const { r, events } = read({
      t0: T0,
      buffers: [{ cpu: 0, sequence: 1, records: [{ message: true, number: 7, options: 0x02 }] }],
    });
    expect(events[1]).toMatchObject({ kind: RecordKind.Message, id: 7, providerId: '' });
    expect(events[1]?.payload.length).toBe(0);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['BAD_MESSAGE_RECORD']);
  });

  it('drops a record with a malformed extended item, says where, and goes on', () => {
    const bad: RecordSpec = {
      headerType: 0x13,
      provider: PROVIDER,
      id: 1,
      time: T0 + 5n,
      ext: [{ type: 1, data: new Array(16).fill(0) }],
    };
    const good: RecordSpec = { headerType: 0x13, provider: PROVIDER, id: 2, time: T0 + 6n };
    const bytes = buildEtl({ t0: T0, buffers: [{ cpu: 0, sequence: 1, records: [bad, good] }] });
    const itemSize = 0x10000 + 0x48 + 0x50; // first ext item of the first data record
    bytes[itemSize] = 0xf0; // ItemSize far past the record
    const r = openEtl(bytesSource('bad-ext.etl', bytes));
    expect([...r.events()].map((e) => e.id)).toEqual([0, 2]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'BAD_EXT_ITEM', offset: itemSize })]);
  });

  it('converts a 2.5 GHz CPU-cycle clock exactly', () => {
    const { r, events } = read(spec({ clockType: 3, cpuSpeedMHz: 2500, perfFreq: 0 }));
    expect(r.clock).toMatchObject({ clockType: 3, frequency: 2_500_000_000 });
    // raw delta 10 cycles at 2.5 GHz = 4 ns = 0.04 ticks → floor 0
    expect(events.find((e) => e.kind === RecordKind.System && e.group === 3 && e.opcode === 1)?.ticks).toBe(
      0,
    );
    expect(r.ticksFromRaw(T0 + 2_500_000_000n)).toBe(10_000_000);
  });
});
