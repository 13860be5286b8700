// The stack side table (pipeline/stack-table.ts) over built streams: a Stack record attaches to the
// event of its thread with exactly its EventTimeStamp (through the trace clock), threadless records
// by CPU or by the sampled thread of PerfInfo samples (a user part walked later on another CPU), every
// stack that does not attach is counted by why, the per-thread look-back is bounded, stack keys find
// the key definition that applies, and evictions are followed.
import { describe, expect, it } from 'vitest';
import type { RawEvent, TraceClock } from '../../../electron/core/events/raw-event';
import { RecordKind } from '../../../electron/core/events/raw-event';
import { RING_DEPTH, StackTable } from '../../../electron/core/pipeline/stack-table';
import { rawEvent } from '../decode/raw-events';

const STACK_WALK = 'def2fe46-7bd6-4b80-bd94-f57fe20d0ce3';
const PERF_INFO = 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc';
/** QPC at 3 MHz: a raw timestamp t is (t - t0) * 10 / 3 ticks. */
const CLOCK: TraceClock = { startFileTime: 0n, clockType: 1, frequency: 3_000_000, t0: 900_000n };
const ticksOf = (stamp: number) => Math.floor(((stamp - 900_000) * 10) / 3);

function stackRecord(stamp: number, pid: number, tid: number, cpu: number, type = 32, key = 0n): RawEvent {
  const payload = new Uint8Array(type === 32 ? 32 : 24);
  const v = new DataView(payload.buffer);
  v.setBigUint64(0, BigInt(stamp), true);
  v.setUint32(8, pid, true);
  v.setUint32(12, tid, true);
  v.setBigUint64(16, type === 32 ? 0x7ff800001234n : key, true);
  return rawEvent({
    kind: RecordKind.PerfInfo,
    providerId: STACK_WALK,
    opcode: type,
    group: 0x18,
    pid: -1,
    tid: -1,
    cpu,
    ticks: ticksOf(stamp) + 5,
    payload,
  });
}

function keyDefinition(type: number, key: bigint): RawEvent {
  const payload = new Uint8Array(24);
  const v = new DataView(payload.buffer);
  v.setBigUint64(0, key, true);
  v.setBigUint64(8, 0xfffff80000001000n, true);
  v.setBigUint64(16, 0x7ff800002000n, true);
  return rawEvent({
    kind: RecordKind.PerfInfo,
    providerId: STACK_WALK,
    opcode: type,
    pid: -1,
    tid: -1,
    payload,
  });
}

const event = (stamp: number, tid: number, cpu = 0) => rawEvent({ ticks: ticksOf(stamp), tid, pid: 10, cpu });

function sample(stamp: number, thread: number, cpu: number): RawEvent {
  const payload = new Uint8Array(16);
  new DataView(payload.buffer).setUint32(8, thread, true);
  return rawEvent({
    kind: RecordKind.PerfInfo,
    providerId: PERF_INFO,
    opcode: 46,
    pid: -1,
    tid: -1,
    cpu,
    ticks: ticksOf(stamp),
    payload,
  });
}

/** Feeds events in order, numbering them like a store that keeps everything (or as told). */
class Feed {
  readonly store = { firstSeq: 0 };
  readonly table = new StackTable(CLOCK, this.store);
  next = 0;
  add(raw: RawEvent, stored = true): number {
    const seq = stored ? this.next++ : -1;
    this.table.observe(raw, seq);
    return seq;
  }
}

describe('StackTable', () => {
  it('attaches a Stack record to the event of its thread with exactly its timestamp', () => {
    const f = new Feed();
    const target = f.add(event(1_000_003, 200));
    f.add(event(1_000_003, 300)); // same time, another thread
    f.add(event(1_000_004, 200)); // same thread, later
    const stack = f.add(stackRecord(1_000_003, 10, 200, 0));
    expect(f.table.recordsOf(target)).toEqual([stack]);
    expect(f.table.recordsOf(target + 1)).toEqual([]);
    expect(f.table.counts()).toMatchObject({ records: 1, attached: 1, unmatched: 0 });
  });

  it('attaches to a threadless record of the same CPU, and a sample by its sampled thread', () => {
    const f = new Feed();
    const isr = f.add(
      rawEvent({
        kind: RecordKind.PerfInfo,
        providerId: PERF_INFO,
        opcode: 67,
        pid: -1,
        tid: -1,
        cpu: 3,
        ticks: ticksOf(2_000_000),
      }),
    );
    f.add(
      rawEvent({
        kind: RecordKind.PerfInfo,
        providerId: PERF_INFO,
        opcode: 67,
        pid: -1,
        tid: -1,
        cpu: 4,
        ticks: ticksOf(2_000_000),
      }),
    );
    const hit = f.add(sample(2_000_010, 777, 6));
    const kernelPart = f.add(stackRecord(2_000_000, 4, 0, 3));
    const samplePart = f.add(stackRecord(2_000_010, 10, 777, 6));
    for (let i = 0; i < 20; i++) f.add(event(2_000_020 + i, 900 + i, i % 8));
    // The user part, walked on return to user mode, logged on another CPU.
    const userPart = f.add(stackRecord(2_000_010, 10, 777, 1));
    expect(f.table.recordsOf(isr)).toEqual([kernelPart]);
    expect(f.table.recordsOf(hit)).toEqual([samplePart, userPart]);
    expect(f.table.counts()).toMatchObject({ records: 3, attached: 3, unmatched: 0 });
  });

  it('counts the stacks it cannot attach, by why', () => {
    const f = new Feed();
    f.add(event(3_000_000, 200), false); // dropped by a capture filter
    f.add(stackRecord(3_000_000, 10, 200, 0));
    f.add(event(3_000_100, 200));
    f.add(stackRecord(3_000_100, 10, 200, 0), false); // the record itself dropped
    f.add(stackRecord(3_000_200, 10, 200, 0)); // no such event
    f.add(stackRecord(3_000_100, 10, 201, 0)); // right time, wrong thread
    f.add(rawEvent({ providerId: STACK_WALK, opcode: 32, payload: new Uint8Array(15) }));
    expect(f.table.counts()).toEqual({
      records: 5,
      attached: 0,
      eventNotStored: 1,
      unmatched: 2,
      recordNotStored: 1,
      malformed: 1,
      keyDefinitions: 0,
    });
  });

  it('looks back RING_DEPTH events of the thread, no further', () => {
    const f = new Feed();
    const old = f.add(event(4_000_000, 200));
    const kept = f.add(event(4_000_001, 200));
    for (let i = 0; i < RING_DEPTH - 1; i++) {
      f.add(event(4_000_002 + i, 200));
      f.add(event(4_000_002 + i, 300 + (i % 5))); // other threads do not push it out
    }
    f.add(stackRecord(4_000_000, 10, 200, 0));
    const stack = f.add(stackRecord(4_000_001, 10, 200, 0));
    expect(f.table.recordsOf(old)).toEqual([]);
    expect(f.table.recordsOf(kept)).toEqual([stack]);
    expect(f.table.counts()).toMatchObject({ attached: 1, unmatched: 1 });
  });

  it('finds the key definition that applies to each use of a reused key', () => {
    const f = new Feed();
    const key = 0xfffffa830332e4d0n;
    const parts = { lo: 0x0332e4d0, hi: 0xfffffa83 };
    const e1 = f.add(event(5_000_000, 200));
    const use1 = f.add(stackRecord(5_000_000, 10, 200, 0, 38, key));
    const e2 = f.add(event(5_000_010, 200));
    const use2 = f.add(stackRecord(5_000_010, 10, 200, 0, 37, key));
    const deleted = f.add(keyDefinition(35, key)); // leaves the cache: defines both uses
    const use3 = f.add(stackRecord(5_000_010, 10, 200, 0, 38, key)); // the key reused
    const rundown = f.add(keyDefinition(36, key));
    expect(f.table.recordsOf(e1)).toEqual([use1]);
    expect(f.table.recordsOf(e2)).toEqual([use2, use3]);
    expect(f.table.definitionFor(parts, use1)).toBe(deleted);
    expect(f.table.definitionFor(parts, use2)).toBe(deleted);
    expect(f.table.definitionFor(parts, use3)).toBe(rundown);
    expect(f.table.definitionFor({ lo: 0x1234, hi: 0 }, use3)).toBeUndefined();
    expect(f.table.definitionFor({ lo: parts.lo, hi: 0xfffffa84 }, use3)).toBeUndefined(); // same low half
    // A definition logged at creation applies to the uses after it.
    const created = f.add(keyDefinition(34, 0x55n));
    expect(f.table.definitionFor({ lo: 0x55, hi: 0 }, created + 1)).toBe(created);
    expect(f.table.definitionFor({ lo: 0x55, hi: 0 }, created - 1)).toBeUndefined();
    expect(f.table.counts()).toMatchObject({ records: 3, attached: 3, keyDefinitions: 3 });
  });

  it('keeps attachments sorted when a stack arrives for an earlier event', () => {
    const f = new Feed();
    const a = f.add(event(6_000_000, 200));
    const b = f.add(event(6_000_001, 300));
    const sb = f.add(stackRecord(6_000_001, 10, 300, 0));
    const sa = f.add(stackRecord(6_000_000, 10, 200, 0));
    expect(f.table.recordsOf(a)).toEqual([sa]);
    expect(f.table.recordsOf(b)).toEqual([sb]);
  });

  it('forgets what concerns events the store dropped', () => {
    const f = new Feed();
    const a = f.add(event(7_000_000, 200));
    f.add(stackRecord(7_000_000, 10, 200, 0));
    const def = f.add(keyDefinition(35, 0x99n));
    const b = f.add(event(7_000_100, 200));
    const sb = f.add(stackRecord(7_000_100, 10, 200, 0));
    f.table.dropBefore(b);
    expect(f.table.recordsOf(a)).toEqual([]);
    expect(f.table.recordsOf(b)).toEqual([sb]);
    expect(f.table.definitionFor({ lo: 0x99, hi: 0 }, def - 1)).toBeUndefined();
  });
});
