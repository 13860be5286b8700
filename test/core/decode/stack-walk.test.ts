// StackWalk payloads read straight from their bytes (decode/stack-walk.ts): Stack records of both
// pointer sizes, stack keys and key definitions, the sampled thread of PerfInfo samples, and every
// truncation of each layout read as "absent", never a throw.
import { describe, expect, it } from 'vitest';
import {
  isKeyDefinition,
  isStackKey,
  keyDefinitionFrames,
  payloadThreadOf,
  readDefinedKey,
  readStackKey,
  readStackOwner,
  stackKeyText,
  stackRecordFrames,
  type StackKey,
  type StackOwner,
} from '../../../electron/core/decode/stack-walk';
import { RecordKind } from '../../../electron/core/events/raw-event';
import { rawEvent } from './raw-events';

/** EventTimeStamp, StackProcess, StackThread, then pointers of `width` bytes. */
function stackPayload(stamp: bigint, pid: number, tid: number, pointers: bigint[], width: 4 | 8): Uint8Array {
  const bytes = new Uint8Array(16 + pointers.length * width);
  const v = new DataView(bytes.buffer);
  v.setBigUint64(0, stamp, true);
  v.setUint32(8, pid, true);
  v.setUint32(12, tid, true);
  pointers.forEach((p, i) =>
    width === 8 ? v.setBigUint64(16 + i * 8, p, true) : v.setUint32(16 + i * 4, Number(p), true),
  );
  return bytes;
}

function pointers(values: bigint[], width: 4 | 8): Uint8Array {
  const bytes = new Uint8Array(values.length * width);
  const v = new DataView(bytes.buffer);
  values.forEach((p, i) =>
    width === 8 ? v.setBigUint64(i * 8, p, true) : v.setUint32(i * 4, Number(p), true),
  );
  return bytes;
}

describe('StackWalk payloads', () => {
  it('reads the owner and the frames of a 64-bit Stack record', () => {
    const payload = stackPayload(0x1_5b7b_0a11n, 3988, 2784, [0xfffff80021561f43n, 0x7f9d02f455bn], 8);
    const owner: StackOwner = { stampLo: 0, stampHi: 0, pid: 0, tid: 0 };
    expect(readStackOwner(payload, owner)).toBe(true);
    expect(owner).toEqual({ stampLo: 0x5b7b0a11, stampHi: 1, pid: 3988, tid: 2784 });
    expect(stackRecordFrames(payload, 8)).toEqual(['0xfffff80021561f43', '0x7f9d02f455b']);
  });

  it('reads 32-bit frames', () => {
    const payload = stackPayload(5n, 10, 20, [0x77001234n, 0x80801000n], 4);
    expect(stackRecordFrames(payload, 4)).toEqual(['0x77001234', '0x80801000']);
  });

  it('reads the key of a stack key record and the key and frames of a definition', () => {
    const key = stackPayload(7n, 1, 2, [0xfffffa830332e4d0n], 8);
    const read: StackKey = { lo: 0, hi: 0 };
    expect(readStackKey(key, 8, read)).toBe(true);
    expect(read).toEqual({ lo: 0x0332e4d0, hi: 0xfffffa83 });
    expect(stackKeyText(read)).toBe('0xfffffa830332e4d0');
    const definition = pointers([0xfffffa830332e4d0n, 0x745e4306n, 0x7ff812345678n], 8);
    const defined: StackKey = { lo: 0, hi: 0 };
    expect(readDefinedKey(definition, 8, defined)).toBe(true);
    expect(defined).toEqual(read);
    const key32: StackKey = { lo: 0, hi: 7 };
    expect(readDefinedKey(pointers([0x8123n], 4), 4, key32)).toBe(true);
    expect(key32).toEqual({ lo: 0x8123, hi: 0 });
    expect(keyDefinitionFrames(definition, 8)).toEqual(['0x745e4306', '0x7ff812345678']);
    expect([34, 35, 36].map(isKeyDefinition)).toEqual([true, true, true]);
    expect([32, 33, 37, 38].map(isKeyDefinition)).toEqual([false, false, false, false]);
    expect([32, 36, 37, 38].map(isStackKey)).toEqual([false, false, true, true]);
  });

  it('reads the sampled thread of PerfInfo Sample and PMCSample only', () => {
    const sample = new Uint8Array(16);
    new DataView(sample.buffer).setUint32(8, 2784, true);
    const perfInfo = {
      kind: RecordKind.PerfInfo,
      providerId: 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc',
      pid: -1,
      tid: -1,
      payload: sample,
    };
    expect(payloadThreadOf(rawEvent({ ...perfInfo, opcode: 46 }))).toBe(2784);
    expect(payloadThreadOf(rawEvent({ ...perfInfo, opcode: 47 }))).toBe(2784);
    expect(payloadThreadOf(rawEvent({ ...perfInfo, opcode: 67 }))).toBe(-1); // ISR: no thread
    expect(payloadThreadOf(rawEvent({ ...perfInfo, opcode: 46, payload: sample.subarray(0, 11) }))).toBe(-1);
    const sample32 = new Uint8Array(12);
    new DataView(sample32.buffer).setUint32(4, 99, true);
    expect(payloadThreadOf(rawEvent({ ...perfInfo, opcode: 46, pointerSize: 4, payload: sample32 }))).toBe(
      99,
    );
    expect(payloadThreadOf(rawEvent({ opcode: 46, payload: sample }))).toBe(-1); // another provider
  });

  it('reads every truncation as absent or fewer frames, never a throw', () => {
    const stack = stackPayload(1n, 2, 3, [0x1000n, 0x2000n, 0x3000n], 8);
    const definition = pointers([0xabcn, 0x1000n, 0x2000n], 8);
    for (let n = 0; n <= stack.length; n++) {
      const cut = stack.subarray(0, n);
      expect(readStackOwner(cut, { stampLo: 0, stampHi: 0, pid: 0, tid: 0 })).toBe(n >= 16);
      expect(stackRecordFrames(cut, 8)).toHaveLength(Math.max(0, Math.floor((n - 16) / 8)));
      expect(readStackKey(cut, 8, { lo: 0, hi: 0 })).toBe(n >= 24);
    }
    for (let n = 0; n <= definition.length; n++) {
      const cut = definition.subarray(0, n);
      expect(readDefinedKey(cut, 8, { lo: 0, hi: 0 })).toBe(n >= 8);
      expect(keyDefinitionFrames(cut, 8)).toHaveLength(Math.max(0, Math.floor((n - 8) / 8)));
    }
  });
});
