// Call stacks over a real capture: perfview net.4.5.2.x86.etl.zip (a merged PerfView trace with kernel
// StackWalk Stack records, stack keys with their KeyDelete/KeyRundown definitions, and 1,070 events
// with stack extended data). An independent pass of the reader and the decoder (an unbounded
// lookup by thread and timestamp over every event, decoded property values) says which stack
// records belong to which event; the engine's side table must agree record for record. Frames must
// resolve to the images the decoded Image events describe (module + offset), and capture filters that
// drop stacks or their events must show up in the counts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallStack, StackCounts } from '../../../electron/common/ipc/messages';
import type { Result } from '../../../electron/common/result';
import { createDecoder } from '../../../electron/core/decode/index';
import { openFileSource } from '../../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../../electron/core/etl/reader';
import { CaptureEngine } from '../../../electron/core/pipeline/capture-engine';
import { openFileEventSource } from '../../../electron/core/pipeline/sources/open-file.node.js';
import { etlPath } from './fixtures';

const NET = etlPath('perfview/net.4.5.2.x86.etl.zip');
const STACK_WALK = 'def2fe46-7bd6-4b80-bd94-f57fe20d0ce3';
const PERF_INFO = 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc';
const IMAGE = '2cb15d1d-5fc1-11d2-abe1-00a0c911f518';

interface Image {
  pid: number;
  base: bigint;
  size: bigint;
  path: string;
}

/** What the independent pass found. */
const truth = {
  /** event index → stack record indexes (Stack and StackKey records), in stream order. */
  attached: new Map<number, number[]>(),
  records: 0,
  definitions: 0,
  /** Stack records (type 32) by index: StackProcess and frames. */
  stacks: new Map<number, { pid: number; frames: bigint[] }>(),
  /** Stack key uses by index: the key; key definitions by index: key and frame count. */
  keyUses: new Map<number, string>(),
  keyDefinitions: [] as Array<{ index: number; key: string; frames: number }>,
  images: [] as Image[],
  eventNames: [] as string[],
  firstExtStack: -1,
};

const asBig = (v: unknown) => BigInt(v as number | string);
const hex = (v: bigint) => `0x${v.toString(16)}`;

beforeAll(() => {
  const decoder = createDecoder([]);
  const reader = openEtl(openFileSource(NET));
  /** "thread:ticks" (or "cpuN:ticks" for threadless records) → latest event index. */
  const byThreadAndTime = new Map<string, number>();
  let index = 0;
  for (const raw of reader.events()) {
    const d = decoder.decode(raw);
    truth.eventNames.push(d.eventName);
    if (raw.providerId === STACK_WALK) {
      const p = d.props;
      if (raw.opcode >= 34 && raw.opcode <= 36) {
        const frames = p.StackFrame as unknown[];
        truth.keyDefinitions.push({ index, key: hex(asBig(p.key)), frames: frames.length });
        truth.definitions++;
      } else if (raw.opcode === 32 || raw.opcode === 37 || raw.opcode === 38) {
        truth.records++;
        const ticks = reader.ticksFromRaw(asBig(p.EventTimeStamp));
        const owner =
          byThreadAndTime.get(`${p.StackThread as number}:${ticks}`) ??
          byThreadAndTime.get(`cpu${raw.cpu}:${ticks}`);
        if (owner !== undefined) truth.attached.set(owner, [...(truth.attached.get(owner) ?? []), index]);
        if (raw.opcode === 32)
          truth.stacks.set(index, {
            pid: p.StackProcess as number,
            frames: (p.Stack as unknown[]).map(asBig),
          });
        else truth.keyUses.set(index, hex(asBig(p.StackKey)));
      }
    } else {
      const sampled = raw.providerId === PERF_INFO && raw.opcode === 46 ? (d.props.ThreadId as number) : -1;
      const thread = raw.tid >= 0 ? String(raw.tid) : sampled >= 0 ? String(sampled) : `cpu${raw.cpu}`;
      byThreadAndTime.set(`${thread}:${raw.ticks}`, index);
      if (raw.providerId === IMAGE && [3, 4, 10].includes(raw.opcode)) {
        truth.images.push({
          pid: d.props.ProcessId as number,
          base: asBig(d.props.ImageBase),
          size: asBig(d.props.ImageSize),
          path: d.props.FileName as string,
        });
      }
      if (truth.firstExtStack < 0 && raw.ext.some((item) => item.type === 6)) truth.firstExtStack = index;
    }
    index++;
  }
  reader.close();
}, 60_000);

async function engineFor(captureFilter?: string): Promise<CaptureEngine> {
  const source = openFileEventSource({ path: NET });
  if (!source.ok) throw new Error(source.error.message);
  const engine = new CaptureEngine({
    captureId: 'net',
    source: source.value,
    ...(captureFilter ? { captureFilter } : {}),
  });
  expect(await engine.run()).toEqual({ state: 'done' });
  return engine;
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

function stackOf(engine: CaptureEngine, seq: number): CallStack {
  const stack = value(engine.detail(seq)).callStack;
  if (stack === undefined) throw new Error(`event #${seq} has no stack`);
  return stack;
}

/** The image of `pid` that covers `address` by the decoded Image events (pid 0: the drivers). */
function imageOf(pid: number, address: bigint): Image {
  const found = truth.images.filter((i) => i.pid === pid && i.base <= address && address < i.base + i.size);
  expect(found.length).toBeGreaterThan(0);
  return found[0] as Image;
}

describe('call stacks of net.4.5.2.x86.etl.zip', () => {
  let engine: CaptureEngine;

  beforeAll(async () => {
    engine = await engineFor();
  }, 60_000);

  it('attaches every stack record to the event the independent pass finds for it', () => {
    expect(truth.records).toBe(229 + 3640 + 8532);
    expect(truth.definitions).toBe(3049 + 1024);
    const attachedByTruth = [...truth.attached.values()].reduce((n, list) => n + list.length, 0);
    expect(attachedByTruth).toBe(truth.records);
    expect(engine.summary().stacks).toEqual({
      records: 12_401,
      attached: 12_401,
      eventNotStored: 0,
      unmatched: 0,
      recordNotStored: 0,
      malformed: 0,
      keyDefinitions: 4073,
    } satisfies StackCounts);
    expect(engine.store.count).toBe(truth.eventNames.length); // seq = stream index
    for (const [event, records] of truth.attached) expect(engine.stacks.recordsOf(event)).toEqual(records);
  });

  it('resolves a kernel frame to the driver that held it', () => {
    const [first] = [...truth.stacks.keys()];
    const event = [...truth.attached].find(([, records]) => records.includes(first as number))?.[0] as number;
    expect(truth.eventNames[event]).toBe('PerfInfo/Sample');
    const stack = stackOf(engine, event);
    const address = truth.stacks.get(first as number)?.frames[0] as bigint;
    expect(address).toBe(0xfffff80021561f43n);
    const ntoskrnl = imageOf(0, address);
    expect(ntoskrnl.path).toBe('\\SystemRoot\\system32\\ntoskrnl.exe');
    expect(stack.source).toBe('stack-walk');
    expect(stack.recordSeqs[0]).toBe(first); // then its user part
    expect(stack.frames[0]).toEqual({
      address: '0xfffff80021561f43',
      module: 'ntoskrnl.exe',
      offset: hex(address - ntoskrnl.base),
      path: 'C:\\Windows\\system32\\ntoskrnl.exe',
    });
  });

  it('appends the user part walked later and resolves it in the process', () => {
    const [event, records] = [...truth.attached].find(
      ([, list]) => list.length === 2 && list.every((r) => truth.stacks.has(r)),
    ) as [number, number[]];
    const [kernelPart, userPart] = records.map((r) => truth.stacks.get(r)) as Array<{
      pid: number;
      frames: bigint[];
    }>;
    const stack = stackOf(engine, event);
    expect(stack.recordSeqs).toEqual(records);
    expect(stack.frames.map((f) => f.address)).toEqual(
      [...(kernelPart?.frames ?? []), ...(userPart?.frames ?? [])].map(hex),
    );
    const userAddress = userPart?.frames[0] as bigint;
    expect(userAddress < 0x800000000000n).toBe(true);
    const image = imageOf(userPart?.pid as number, userAddress);
    const frame = stack.frames[kernelPart?.frames.length as number];
    expect(frame?.module).toBe(image.path.slice(image.path.lastIndexOf('\\') + 1));
    expect(frame?.module).toBe('ntdll.dll');
    expect(frame?.offset).toBe(hex(userAddress - image.base));
    expect(frame?.path).toMatch(/^C:\\Windows\\System32\\ntdll\.dll$/i);
  });

  it('gives a stack-keyed event the frames of its kernel key then its user key', () => {
    const [event, records] = [...truth.attached].find(
      ([, list]) => list.length === 2 && list.every((r) => truth.keyUses.has(r)),
    ) as [number, number[]];
    const expected = records.map((use) => {
      const key = truth.keyUses.get(use) as string;
      const definition = truth.keyDefinitions.find((d) => d.key === key && d.index > use);
      return definition?.frames ?? -1;
    });
    const stack = stackOf(engine, event);
    expect(stack.source).toBe('stack-key');
    expect(stack.note).toBeUndefined();
    expect(truth.eventNames[records[0] as number]).toBe('StackWalk/StackKeyKernel');
    expect(stack.frames).toHaveLength((expected[0] as number) + (expected[1] as number));
    expect(stack.frames[0]?.address.startsWith('0xfffff8')).toBe(true);
    expect(stack.frames.filter((f) => f.module !== undefined).length).toBeGreaterThan(
      stack.frames.length / 2,
    );
  });

  it('resolves the stack of extended data the same way', () => {
    const event = truth.firstExtStack;
    expect(truth.eventNames[event]).toBe('ETW_TASK_PROVIDER/ETW_OPCODE_ENABLE');
    const detail = value(engine.detail(event));
    expect(detail.callStack?.source).toBe('extended-data');
    expect(detail.callStack?.pid).toBe(3988);
    expect(detail.stack).toHaveLength(44);
    expect(detail.callStack?.frames.map((f) => f.address)).toEqual(detail.stack);
    expect(detail.callStack?.frames[0]).toMatchObject({ module: 'ntoskrnl.exe' });
  });

  it('lists a StackWalk record’s own frames in its detail', () => {
    const [first] = [...truth.stacks.keys()];
    const stack = stackOf(engine, first as number);
    expect(stack.frames).toHaveLength(truth.stacks.get(first as number)?.frames.length as number);
    expect(stack.frames[0]?.module).toBe('ntoskrnl.exe');
  });
});

describe('capture filters and stacks', () => {
  it('counts the stacks whose records a capture filter dropped', async () => {
    const engine = await engineFor('event not startswith "StackWalk"');
    expect(engine.summary().stacks).toMatchObject({ records: 12_401, attached: 0, recordNotStored: 12_401 });
  }, 60_000);

  it('counts the stacks whose events a capture filter dropped', async () => {
    const engine = await engineFor('event != "PerfInfo/Sample"');
    let ofSamples = 0;
    for (const [event, records] of truth.attached)
      if (truth.eventNames[event] === 'PerfInfo/Sample') ofSamples += records.length;
    expect(ofSamples).toBeGreaterThan(0);
    expect(engine.summary().stacks).toMatchObject({
      records: 12_401,
      attached: 12_401 - ofSamples,
      eventNotStored: ofSamples,
      unmatched: 0,
    });
  }, 60_000);
});
