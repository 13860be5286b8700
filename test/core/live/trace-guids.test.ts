// trace-guids.ts over synthetic TRACE_GUID_INFO blocks (layout from evntrace.h and the
// EnumerateTraceGuidsEx sample): instance walk by NextOffset, enable entries, PID filtering, the join
// with sessions, and corrupt blocks (diagnostics, never a throw).
import { describe, expect, it } from 'vitest';
import type { EtwAddon, SessionInfo } from '../../../electron/core/live/addon';
import {
  parseTraceGuidInfo,
  providersOfProcess,
  sessionsEnablingProvider,
} from '../../../electron/core/live/trace-guids';

interface EnableSpec {
  isEnabled?: boolean;
  level: number;
  loggerId: number;
  enableProperty?: number;
  any: bigint;
  all?: bigint;
}
interface InstanceSpec {
  pid: number;
  flags?: number;
  enables?: EnableSpec[];
  /** Extra bytes after the entries (Windows may pad); NextOffset covers them. */
  padding?: number;
  nextOffset?: number;
}

function guidInfo(instances: InstanceSpec[], count = instances.length): Uint8Array {
  const sizes = instances.map((i) => 16 + 32 * (i.enables?.length ?? 0) + (i.padding ?? 0));
  const out = new Uint8Array(8 + sizes.reduce((a, b) => a + b, 0));
  const v = new DataView(out.buffer);
  v.setUint32(0, count, true);
  let at = 8;
  instances.forEach((inst, k) => {
    const last = k === instances.length - 1;
    v.setUint32(at, inst.nextOffset ?? (last ? 0 : sizes[k]!), true);
    v.setUint32(at + 4, inst.enables?.length ?? 0, true);
    v.setUint32(at + 8, inst.pid, true);
    v.setUint32(at + 12, inst.flags ?? 0, true);
    (inst.enables ?? []).forEach((e, j) => {
      const p = at + 16 + 32 * j;
      v.setUint32(p, e.isEnabled === false ? 0 : 1, true);
      v.setUint8(p + 4, e.level);
      v.setUint16(p + 6, e.loggerId, true);
      v.setUint32(p + 8, e.enableProperty ?? 0, true);
      v.setBigUint64(p + 16, e.any, true);
      v.setBigUint64(p + 24, e.all ?? 0n, true);
    });
    at += sizes[k]!;
  });
  return out;
}

const session = (name: string, loggerId: number) => ({ name, loggerId }) as SessionInfo;

describe('parseTraceGuidInfo', () => {
  it('walks instances by NextOffset and reads every enable field', () => {
    const bytes = guidInfo([
      {
        pid: 100,
        flags: 0,
        enables: [{ level: 5, loggerId: 12, enableProperty: 0x80, any: 0xffn, all: 1n }],
        padding: 8,
      },
      { pid: 200, flags: 1 },
      {
        pid: 0,
        flags: 2,
        enables: [
          { level: 4, loggerId: 3, any: 0x10n },
          { isEnabled: false, level: 1, loggerId: 9, any: 0n },
        ],
      },
    ]);
    const r = parseTraceGuidInfo(bytes);
    expect(r.diagnostics).toEqual([]);
    expect(r.instances.map((i) => [i.pid, i.legacy, i.preEnable])).toEqual([
      [100, false, false],
      [200, true, false],
      [0, false, true],
    ]);
    expect(r.instances[0]!.enables).toEqual([
      { isEnabled: true, level: 5, loggerId: 12, enableProperty: 0x80, anyKeyword: 0xffn, allKeyword: 1n },
    ]);
    expect(r.instances[2]!.enables.map((e) => [e.loggerId, e.isEnabled])).toEqual([
      [3, true],
      [9, false],
    ]);
  });

  it('short blocks, excess counts and overlapping NextOffset give diagnostics and keep what was read', () => {
    expect(parseTraceGuidInfo(new Uint8Array(4)).diagnostics).toHaveLength(1);
    const twoClaimed = parseTraceGuidInfo(guidInfo([{ pid: 1 }], 2));
    expect(twoClaimed.instances.map((i) => i.pid)).toEqual([1]);
    expect(twoClaimed.diagnostics).toHaveLength(1);
    const overlap = parseTraceGuidInfo(
      guidInfo([{ pid: 1, enables: [{ level: 1, loggerId: 1, any: 0n }], nextOffset: 16 }, { pid: 2 }]),
    );
    expect(overlap.instances.map((i) => i.pid)).toEqual([1]);
    expect(overlap.diagnostics[0]!.message).toMatch(/NextOffset 16/);
    const tooManyEnables = guidInfo([{ pid: 7, enables: [{ level: 1, loggerId: 1, any: 0n }] }]);
    new DataView(tooManyEnables.buffer).setUint32(12, 1000, true);
    const r = parseTraceGuidInfo(tooManyEnables);
    expect(r.instances[0]!.enables).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toMatch(/1000 enable entries/);
  });

  it('never throws on any truncation or byte flip', () => {
    const good = guidInfo([{ pid: 5, enables: [{ level: 2, loggerId: 4, any: 1n }] }, { pid: 6 }]);
    for (let cut = 0; cut <= good.length; cut++)
      expect(() => parseTraceGuidInfo(good.subarray(0, cut))).not.toThrow();
    for (let at = 0; at < good.length; at++) {
      const bad = good.slice();
      bad[at] = 0xff;
      expect(() => parseTraceGuidInfo(bad)).not.toThrow();
    }
  });
});

describe('providers of a process / sessions enabling a provider', () => {
  const A = '11111111-1111-1111-1111-111111111111';
  const B = '22222222-2222-2222-2222-222222222222';
  const C = '33333333-3333-3333-3333-333333333333';
  const blocks: Record<string, Uint8Array | null> = {
    [A]: guidInfo([{ pid: 42, enables: [{ level: 5, loggerId: 7, any: 0x30n }] }, { pid: 43 }]),
    [B]: guidInfo([{ pid: 43 }]),
    [C]: null, // unregistered between list and info
  };
  const addon: Pick<EtwAddon, 'traceGuidList' | 'traceGuidInfo' | 'listSessions'> = {
    traceGuidList: () => [A, B, C],
    traceGuidInfo: (guid) => blocks[guid] ?? null,
    listSessions: () => ({ sessions: [session('ETWExplorer-Live', 7), session('Other', 8)], complete: true }),
  };

  it('keeps only the instances of the PID', () => {
    const r = providersOfProcess(addon, 43);
    expect(r.providers.map((p) => p.guid)).toEqual([A, B]);
    expect(providersOfProcess(addon, 42).providers.map((p) => p.guid)).toEqual([A]);
    expect(providersOfProcess(addon, 99).providers).toEqual([]);
  });

  it('joins enable entries with running sessions by logger id', () => {
    const r = sessionsEnablingProvider(addon, A);
    expect(r.enablements).toHaveLength(1);
    expect(r.enablements[0]).toMatchObject({ pid: 42, loggerId: 7, level: 5, anyKeyword: 0x30n });
    expect(r.enablements[0]!.session?.name).toBe('ETWExplorer-Live');
    expect(sessionsEnablingProvider(addon, C).enablements).toEqual([]);
  });
});
