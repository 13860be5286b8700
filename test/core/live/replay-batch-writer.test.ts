// The TypeScript BatchWriter (replay sessions) against the two other writers of the same layout: the
// test builder (batch-builder.ts, literal offsets from native/README.md) and the addon's C++ writer
// (its Wine-run output, when the native build has produced it). Rewriting their batches from the
// parsed RawEvents must give the same bytes, except fields a RawEvent does not carry (EVENT_HEADER
// Size / EventProperty / ProcessorTime and the buffer context's LoggerId) and the clock origin.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GuidInterner } from '../../../electron/core/binary/guid';
import { ExtType, RecordKind, type RawEvent } from '../../../electron/core/events/raw-event';
import { parseBatch } from '../../../electron/core/live/batch-parser';
import { BatchWriter, recordSizeOf, TICKS_ORIGIN } from '../../../electron/core/live/batch-writer';
import { buildBatch, type ClockSpec, type RecordSpec } from './batch-builder';

const CLOCK: ClockSpec = {
  clockType: 1,
  frequency: 10_000_000n,
  t0: TICKS_ORIGIN,
  startFileTime: 133_000_000_000_000_000n,
};
const SOURCE_CLOCK = { clockType: 1, frequency: 3_000_000, t0: 77n, startFileTime: CLOCK.startFileTime };
const PROCESS = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';
const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);

const SPECS: RecordSpec[] = [
  {
    headerType: 0x13,
    flags: 0x0001 | 0x0040 | 0x0200,
    threadId: 4242,
    processId: 1717,
    timeStamp: TICKS_ORIGIN + 12_345_678n,
    providerId: PROCESS,
    id: 0xabcd,
    version: 3,
    channel: 16,
    level: 4,
    opcode: 2,
    task: 0x1234,
    keyword: 0x8000_0000_0000_0010n,
    activityId: 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90',
    processorIndex: 300,
    ext: [
      { type: ExtType.RelatedActivityId, data: bytes(16) },
      { type: ExtType.Sid, data: bytes(12, 3) },
      { type: ExtType.EventKey, data: new Uint8Array() },
      { type: ExtType.EventSchemaTl, data: bytes(5, 9) },
    ],
    userData: bytes(7),
  },
  // Classic 32-bit record without pid/tid.
  {
    headerType: 0x0a,
    flags: 0x0100 | 0x0020,
    threadId: 0xffffffff,
    processId: 0xffffffff,
    timeStamp: TICKS_ORIGIN - 5n,
    providerId: '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c',
    opcode: 2,
    version: 1,
    processorNumber: 3,
    userData: bytes(13),
  },
  // Empty payload, empty extended item.
  {
    headerType: 0x13,
    flags: 0x41,
    timeStamp: TICKS_ORIGIN + 1n,
    ext: [{ type: ExtType.TsId, data: new Uint8Array() }],
  },
  // WPP message record.
  { headerType: 0x13, flags: 0x0008 | 0x0040, timeStamp: TICKS_ORIGIN + 2n, userData: bytes(64, 5) },
];

/** Zeroes what a RawEvent cannot carry: EVENT_HEADER Size, EventProperty, ProcessorTime; LoggerId. */
function maskRecords(batch: Uint8Array, options: { timeStamps?: boolean } = {}): Uint8Array {
  const out = batch.slice();
  const v = new DataView(out.buffer);
  for (let at = 64; at + 0x60 <= out.length;) {
    const size = v.getUint32(at, true);
    if (size < 0x60) break;
    v.setUint16(at + 0x0e, 0, true);
    v.setUint16(at + 0x10, 0, true);
    v.setUint16(at + 0x16, 0, true);
    if (options.timeStamps) v.setBigUint64(at + 0x20, 0n, true);
    v.setBigUint64(at + 0x48, 0n, true);
    at += size;
  }
  if (options.timeStamps) v.setBigUint64(0x30, 0n, true);
  return out;
}

function rewrite(
  batch: Uint8Array,
  end: { sequence: number; dropped: number; last?: boolean; endStatus?: number },
) {
  const parsed = parseBatch(batch, new GuidInterner());
  expect(parsed.diagnostics).toEqual([]);
  const writer = new BatchWriter(SOURCE_CLOCK, 1 << 20);
  for (const e of parsed.events) expect(writer.add(e)).toBe(true);
  return { parsed, written: writer.finish(end), writer };
}

describe('BatchWriter agrees with the other writers of the layout', () => {
  it('rewrites a batch from the test builder byte for byte', () => {
    const built = buildBatch({ sequence: 9, dropped: 4, clock: CLOCK, records: SPECS });
    const { parsed, written, writer } = rewrite(built, { sequence: 9, dropped: 4 });
    expect(writer.notes).toEqual([]);
    expect(written.length).toBe(built.length);
    expect(maskRecords(written)).toEqual(maskRecords(built));
    expect(parsed.events.map((e) => e.kind)).toEqual([
      RecordKind.EventHeader,
      RecordKind.Full,
      RecordKind.EventHeader,
      RecordKind.Message,
    ]);
    expect(parsed.events.map((e) => recordSizeOf(e))).toEqual([
      96 + 24 + 24 + 8 + 16 + 8,
      96 + 16,
      96 + 8,
      96 + 64,
    ]);
  });

  it('writes LAST and the end status', () => {
    const built = buildBatch({
      sequence: 3,
      last: true,
      endStatus: 1223,
      clock: CLOCK,
      records: SPECS.slice(0, 2),
    });
    const { written } = rewrite(built, { sequence: 3, dropped: 0, last: true, endStatus: 1223 });
    expect(maskRecords(written)).toEqual(maskRecords(built));
  });

  const cppDir = resolve(__dirname, '../../../native/build/win32-x64');
  const cppBuilt = existsSync(resolve(cppDir, 'writer-batch.bin'));
  it.skipIf(!cppBuilt)("rewrites the addon's C++ batch (native build output) to the same records", () => {
    const cpp = new Uint8Array(readFileSync(resolve(cppDir, 'writer-batch.bin')));
    const { parsed, written } = rewrite(cpp, { sequence: 41, dropped: 6, last: true, endStatus: 1223 });
    const again = parseBatch(written, new GuidInterner());
    expect(again.events.map((e) => e.ticks)).toEqual(parsed.events.map((e) => e.ticks));
    expect(maskRecords(written, { timeStamps: true })).toEqual(maskRecords(cpp, { timeStamps: true }));
  });
});

describe('BatchWriter capacity and notes', () => {
  const event = (payload: number, ticks = 10): RawEvent => ({
    kind: RecordKind.EventHeader,
    headerType: 0x13,
    pointerSize: 8,
    ticks,
    cpu: 1,
    pid: 4,
    tid: 8,
    providerId: PROCESS,
    id: 1,
    version: 0,
    channel: 0,
    level: 4,
    opcode: 0,
    task: 0,
    keywords: 0n,
    flags: 0,
    group: -1,
    activityId: '',
    ext: [],
    payload: bytes(payload),
    bufferOffset: 0,
    recordOffset: 0,
  });

  it('starts a new batch when a record would not fit, but takes any record into an empty batch', () => {
    const w = new BatchWriter(SOURCE_CLOCK, 64 * 1024);
    let added = 0;
    while (w.add(event(1000))) added++;
    expect(added).toBe(Math.floor((64 * 1024 - 64) / (96 + 1000)));
    const full = w.finish({ sequence: 0, dropped: 0 });
    expect(full.length).toBe(64 + added * 1096);
    expect(w.records).toBe(0);
    expect(w.add(event(200_000))).toBe(true); // larger than the capacity, alone in its batch
    expect(w.add(event(8))).toBe(false);
    const big = parseBatch(w.finish({ sequence: 1, dropped: 0 }), new GuidInterner());
    expect(big.events.length).toBe(1);
    expect(big.events[0]?.payload.length).toBe(200_000);
  });

  it('discards a dropped batch and reports records it could not write exactly', () => {
    const w = new BatchWriter(SOURCE_CLOCK);
    w.add(event(4));
    w.add(event(4));
    expect(w.discard()).toBe(2);
    expect(w.records).toBe(0);
    w.add({ ...event(4, 10.5), providerId: 'not-a-guid', cpu: 70_000 });
    const parsed = parseBatch(w.finish({ sequence: 0, dropped: 2 }), new GuidInterner());
    expect(parsed.dropped).toBe(2);
    expect(parsed.events[0]).toMatchObject({
      ticks: 11,
      cpu: 0,
      providerId: '00000000-0000-0000-0000-000000000000',
    });
    expect(w.notes.map((n) => n.code).sort()).toEqual(['BAD_GUID', 'CPU_CLIPPED', 'TICKS_ROUNDED']);
  });
});
