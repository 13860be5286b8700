// parseBatch over synthetic batches from batch-builder.ts: every field of the layout, extended items,
// the clock, and corruption (truncation at every offset, byte flips at every header offset, overflowing
// inner sizes) which must give diagnostics, never a throw.
import { describe, expect, it } from 'vitest';
import { GuidInterner } from '../../../electron/core/binary/guid';
import { ExtType, RecordKind } from '../../../electron/core/events/raw-event';
import { parseBatch, recordBytes } from '../../../electron/core/live/batch-parser';
import { QPC_CLOCK, buildBatch, recordOffsets, type BatchSpec, type RecordSpec } from './batch-builder';

const KERNEL_PROCESS = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';
const ACTIVITY = 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90';
const TL_PROVIDER = '4f50731a-89cf-4782-b3e0-dce8c90476ba';

const bytesOf = (...values: number[]) => Uint8Array.from(values);
const parse = (b: Uint8Array) => parseBatch(b, new GuidInterner());

const fullRecord: RecordSpec = {
  headerType: 0x13,
  flags: 0x0001 | 0x0040 | 0x0200,
  eventProperty: 0x8,
  threadId: 4242,
  processId: 1717,
  timeStamp: QPC_CLOCK.t0 + 12_345_678n,
  providerId: KERNEL_PROCESS,
  id: 0xabcd,
  version: 3,
  channel: 16,
  level: 4,
  opcode: 2,
  task: 0x1234,
  keyword: 0x8000_0000_0000_0010n,
  processorTime: 99n,
  activityId: ACTIVITY,
  processorIndex: 300,
  loggerId: 37,
  ext: [
    { type: ExtType.RelatedActivityId, data: Uint8Array.from({ length: 16 }, (_, i) => i) },
    { type: ExtType.Sid, data: bytesOf(1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0) }, // S-1-5-18, 12 bytes
    { type: ExtType.ProcessStartKey, data: bytesOf(8, 7, 6, 5, 4, 3, 2, 1) },
    { type: ExtType.EventKey, data: new Uint8Array() },
    { type: ExtType.TsId, data: bytesOf(2, 0, 0, 0) },
  ],
  userData: bytesOf(0x48, 0, 0x69, 0, 0, 0, 0xff), // 7 bytes, not a multiple of 8
};

describe('parseBatch: fields', () => {
  it('maps every EVENT_HEADER, buffer context and batch header field to RawEvent', () => {
    const spec: BatchSpec = { sequence: 77, dropped: 12, records: [fullRecord] };
    const batch = buildBatch(spec);
    const r = parse(batch);
    expect(r.diagnostics).toEqual([]);
    expect(r.sequence).toBe(77);
    expect(r.dropped).toBe(12);
    expect(r.last).toBe(false);
    expect(r.endStatus).toBe(0);
    expect(r.clock).toEqual({
      startFileTime: QPC_CLOCK.startFileTime,
      clockType: 1,
      frequency: 10_000_000,
      t0: QPC_CLOCK.t0,
    });
    expect(r.events).toHaveLength(1);
    const e = r.events[0]!;
    expect(e.kind).toBe(RecordKind.EventHeader);
    expect(e.headerType).toBe(0x13);
    expect(e.pointerSize).toBe(8);
    expect(e.ticks).toBe(12_345_678);
    expect(e.cpu).toBe(300); // PROCESSOR_INDEX flag: u16 ProcessorIndex
    expect(e.pid).toBe(1717);
    expect(e.tid).toBe(4242);
    expect(e.providerId).toBe(KERNEL_PROCESS);
    expect(e.id).toBe(0xabcd);
    expect(e.version).toBe(3);
    expect(e.channel).toBe(16);
    expect(e.level).toBe(4);
    expect(e.opcode).toBe(2);
    expect(e.task).toBe(0x1234);
    expect(e.keywords).toBe(0x8000_0000_0000_0010n);
    expect(e.flags).toBe(0x0241);
    expect(e.group).toBe(-1);
    expect(e.activityId).toBe(ACTIVITY);
    expect(e.bufferOffset).toBe(0);
    expect(e.recordOffset).toBe(64);
    expect([...e.payload]).toEqual([0x48, 0, 0x69, 0, 0, 0, 0xff]);
  });

  it('keeps extended items in order with exact sizes, as views into the batch', () => {
    const batch = buildBatch({ records: [fullRecord] });
    const e = parse(batch).events[0]!;
    expect(e.ext.map((x) => x.type)).toEqual([
      ExtType.RelatedActivityId,
      ExtType.Sid,
      ExtType.ProcessStartKey,
      ExtType.EventKey,
      ExtType.TsId,
    ]);
    expect(e.ext.map((x) => x.data.length)).toEqual([16, 12, 8, 0, 4]);
    for (const [i, x] of e.ext.entries()) expect([...x.data]).toEqual([...fullRecord.ext![i]!.data]);
    expect(e.ext[1]!.data.buffer).toBe(batch.buffer);
    expect(e.payload.buffer).toBe(batch.buffer);
  });

  it('reads ProcessorNumber (u8) without the PROCESSOR_INDEX flag, and 32-bit / classic / WPP kinds', () => {
    const records: RecordSpec[] = [
      { flags: 0x40, processorNumber: 7, processorIndex: undefined },
      { flags: 0x20 | 0x100, processorNumber: 3 },
      { flags: 0x08 | 0x40 },
    ];
    const r = parse(buildBatch({ records }));
    expect(r.diagnostics).toEqual([]);
    expect(r.events.map((e) => e.cpu)).toEqual([7, 3, 0]);
    expect(r.events.map((e) => e.pointerSize)).toEqual([8, 4, 8]);
    expect(r.events.map((e) => e.kind)).toEqual([
      RecordKind.EventHeader,
      RecordKind.Full,
      RecordKind.Message,
    ]);
  });

  it('maps pid/tid 0xFFFFFFFF to -1 and a zero activity id to ""', () => {
    const e = parse(buildBatch({ records: [{ processId: 0xffffffff, threadId: 0xffffffff }] })).events[0]!;
    expect(e.pid).toBe(-1);
    expect(e.tid).toBe(-1);
    expect(e.activityId).toBe('');
  });

  it('interns provider GUIDs: the same string object for every event of one provider', () => {
    const interner = new GuidInterner();
    const a = parseBatch(
      buildBatch({ records: [{ providerId: TL_PROVIDER }, { providerId: TL_PROVIDER }] }),
      interner,
    );
    const b = parseBatch(buildBatch({ records: [{ providerId: TL_PROVIDER }] }), interner);
    expect(a.events[0]!.providerId).toBe(TL_PROVIDER);
    expect(Object.is(a.events[0]!.providerId, a.events[1]!.providerId)).toBe(true);
    expect(Object.is(a.events[0]!.providerId, b.events[0]!.providerId)).toBe(true);
  });

  it('reports the LAST flag with ProcessTrace status, and an empty batch is fine', () => {
    const r = parse(buildBatch({ sequence: 9, last: true, endStatus: 1223, records: [] }));
    expect(r).toMatchObject({ sequence: 9, last: true, endStatus: 1223, events: [], diagnostics: [] });
  });

  it('parses a thousand records of mixed sizes in order', () => {
    const records: RecordSpec[] = Array.from({ length: 1000 }, (_, i) => ({
      id: i,
      timeStamp: QPC_CLOCK.t0 + BigInt(i * 10),
      userData: new Uint8Array(i % 23),
      ext: i % 3 === 0 ? [{ type: ExtType.StackTrace64, data: new Uint8Array(8 + 8 * (i % 5)) }] : [],
    }));
    const r = parse(buildBatch({ records }));
    expect(r.diagnostics).toEqual([]);
    expect(r.events.map((e) => e.id)).toEqual(records.map((x) => x.id));
    expect(r.events.map((e) => e.payload.length)).toEqual(records.map((x) => x.userData!.length));
    expect(r.events[999]!.ticks).toBe(9990);
  });

  it('recordBytes gives back exactly one record for eventInformation', () => {
    const spec: BatchSpec = { records: [{ id: 1 }, fullRecord, { id: 3 }] };
    const batch = buildBatch(spec);
    const e = parse(batch).events[1]!;
    const bytes = recordBytes(batch, e)!;
    expect(e.recordOffset).toBe(recordOffsets(spec)[1]);
    expect(bytes.length).toBe(new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true));
    expect(parse(buildBatch({ records: [fullRecord] })).events[0]!.payload).toEqual(e.payload);
    expect(recordBytes(batch, { recordOffset: batch.length - 8 })).toBeUndefined();
    expect(recordBytes(batch, { recordOffset: 0 })).toBeUndefined();
  });
});

describe('parseBatch: clock', () => {
  it('converts QPC at 10 MHz exactly, including timestamps before t0', () => {
    const r = parse(buildBatch({ records: [{ timeStamp: QPC_CLOCK.t0 - 5n }, { timeStamp: QPC_CLOCK.t0 }] }));
    expect(r.events.map((e) => e.ticks)).toEqual([-5, 0]);
  });

  it('scales other frequencies exactly with truncation toward zero (BigInt path)', () => {
    const clock = { clockType: 1, frequency: 3_000_000n, t0: 1000n, startFileTime: 1n };
    const records = [
      { timeStamp: 1000n + 3_000_000n },
      { timeStamp: 1000n + 1n },
      { timeStamp: 1000n + 299_999_999n },
    ];
    const r = parse(buildBatch({ clock, records }));
    // 1 s; 1 tick of 333 ns → 3 (3.33 truncated); 99.9999997 s → 999999996 (…96.67 truncated)
    expect(r.events.map((e) => e.ticks)).toEqual([10_000_000, 3, 999_999_996]);
  });

  it('stays exact for raw timestamps beyond 2^53 (CPU cycle clocks)', () => {
    const t0 = 2n ** 60n;
    const clock = { clockType: 3, frequency: 3_000_000_000n, t0, startFileTime: 1n };
    const r = parse(buildBatch({ clock, records: [{ timeStamp: t0 + 3_000_000_000n * 7n + 300n }] }));
    expect(r.events[0]!.ticks).toBe(70_000_001);
  });

  it('system-time sessions: ticks are FILETIME differences', () => {
    const clock = {
      clockType: 2,
      frequency: 10_000_000n,
      t0: 133_000_000_000_000_000n,
      startFileTime: 133_000_000_000_000_000n,
    };
    const r = parse(buildBatch({ clock, records: [{ timeStamp: 133_000_000_000_000_123n }] }));
    expect(r.events[0]!.ticks).toBe(123);
    expect(r.clock.startFileTime + BigInt(r.events[0]!.ticks)).toBe(133_000_000_000_000_123n);
  });

  it('a zero frequency is a BAD_CLOCK diagnostic, events still parsed', () => {
    const clock = { ...QPC_CLOCK, frequency: 0n };
    const r = parse(buildBatch({ clock, records: [{ timeStamp: QPC_CLOCK.t0 + 42n }] }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['BAD_CLOCK']);
    expect(r.events[0]!.ticks).toBe(42);
  });
});

describe('parseBatch: corruption gives diagnostics, never throws', () => {
  const spec: BatchSpec = {
    sequence: 5,
    records: [fullRecord, { id: 2, userData: new Uint8Array(13) }, { id: 3, ext: fullRecord.ext }],
  };
  const good = buildBatch(spec);
  const offsets = recordOffsets(spec);

  it('header problems: short, magic, version, header size', () => {
    expect(parse(good.subarray(0, 63)).diagnostics[0]).toMatchObject({ offset: 0, code: 'TRUNCATED_HEADER' });
    expect(parse(buildBatch({ ...spec, magic: 0x12345678 })).diagnostics[0]).toMatchObject({
      offset: 0,
      code: 'BAD_MAGIC',
    });
    expect(parse(buildBatch({ ...spec, version: 2 })).diagnostics[0]).toMatchObject({
      offset: 4,
      code: 'BAD_VERSION',
    });
    const badHeader = parse(buildBatch({ ...spec, headerSize: 72 }));
    expect(badHeader.diagnostics[0]).toMatchObject({ offset: 6, code: 'BAD_HEADER_SIZE' });
    expect(badHeader.events).toEqual([]);
    expect(badHeader.sequence).toBe(-1);
  });

  it('truncation at every byte keeps the complete records before the cut', () => {
    for (let cut = 64; cut < good.length; cut++) {
      const r = parse(good.subarray(0, cut));
      const complete = offsets.filter((o, i) => (offsets[i + 1] ?? good.length) <= cut && o >= 64).length;
      expect(r.events.length, `cut at ${cut}`).toBe(complete);
      expect(r.diagnostics.length, `cut at ${cut}`).toBeGreaterThan(0);
      expect(r.diagnostics[0]!.code).toBe('SIZE_MISMATCH');
      for (const d of r.diagnostics) expect(d.offset).toBeLessThan(cut + 8);
    }
  });

  it('flipping any byte of the batch header or a record header never throws', () => {
    const positions = [
      ...Array(64).keys(),
      ...offsets.flatMap((o) => Array.from({ length: 0x68 }, (_, i) => o + i)),
    ];
    for (const at of positions) {
      for (const value of [0x00, 0xff, 0x7f]) {
        const bad = good.slice();
        bad[at] = value;
        const r = parse(bad);
        expect(r.events.length).toBeLessThanOrEqual(3);
        for (const d of r.diagnostics) {
          expect(d.offset).toBeGreaterThanOrEqual(0);
          expect(d.offset).toBeLessThan(bad.length);
          expect(d.message.length).toBeGreaterThan(0);
        }
        for (const e of r.events)
          expect(e.payload.byteOffset + e.payload.length).toBeLessThanOrEqual(bad.byteOffset + bad.length);
      }
    }
  });

  it('an extended item that overflows its record skips that record only', () => {
    const bad = good.slice();
    const v = new DataView(bad.buffer);
    v.setUint32(offsets[0]! + 0x60 + 4, 0xfff0, true); // first item's DataSize
    const r = parse(bad);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['RECORD_OVERFLOW']);
    expect(r.diagnostics[0]!.offset).toBe(offsets[0]! + 0x60);
    expect(r.events.map((e) => e.id)).toEqual([2, 3]);
  });

  it('user data longer than its record skips that record only', () => {
    const bad = good.slice();
    new DataView(bad.buffer).setUint32(offsets[1]! + 8, 10_000, true);
    const r = parse(bad);
    expect(r.diagnostics).toMatchObject([{ code: 'RECORD_OVERFLOW', offset: offsets[1]! + 8 }]);
    expect(r.events.map((e) => e.id)).toEqual([0xabcd, 3]);
  });

  it('a misaligned or oversized recordSize ends the batch with BAD_RECORD_SIZE and COUNT_MISMATCH', () => {
    for (const size of [0x61, 0x58, 0, 0x7fff_fff8]) {
      const bad = good.slice();
      new DataView(bad.buffer).setUint32(offsets[1]!, size, true);
      const r = parse(bad);
      expect(r.events.map((e) => e.id)).toEqual([0xabcd]);
      expect(r.diagnostics.map((d) => d.code)).toEqual(['BAD_RECORD_SIZE', 'COUNT_MISMATCH']);
      expect(r.diagnostics[0]!.offset).toBe(offsets[1]);
    }
  });

  it('a header count that disagrees with the records is reported', () => {
    const r = parse(buildBatch({ ...spec, count: 4 }));
    expect(r.events).toHaveLength(3);
    expect(r.diagnostics).toMatchObject([{ code: 'COUNT_MISMATCH', offset: 0x10 }]);
  });

  it('a totalSize larger than the bytes is SIZE_MISMATCH; parsing stays within the bytes', () => {
    const r = parse(buildBatch({ ...spec, totalSize: good.length + 100 }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SIZE_MISMATCH']);
    expect(r.events).toHaveLength(3);
  });

  it('random garbage after a valid header never throws', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let round = 0; round < 200; round++) {
      const bad = good.slice();
      for (let i = 64; i < bad.length; i++) if (random() < 16) bad[i] = random();
      expect(() => parse(bad)).not.toThrow();
    }
  });
});
