// The kernel tables checked against the kernel MOF (kerneltraceeventparser.mof, read with mof-reader),
// with every deliberate difference listed and explained; table integrity; names; group helpers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FieldSchema, ProviderSchema } from '../../../../electron/common/model/schema';
import { parseInType, parseOutType } from '../../../../electron/common/model/tdh';
import {
  findKernelEvent,
  KERNEL_CLASS_TABLES,
  KERNEL_GROUPS,
  KERNEL_REST_OF_PAYLOAD,
  kernelGroupGuid,
  kernelGroupName,
  kernelProviders,
} from '../../../../electron/core/decode/kernel';
import { parseFieldSpec } from '../../../../electron/core/decode/kernel/field-spec';
import { readMof } from '../../../../electron/core/decode/kernel/mof-reader';
import { mofToProviders } from '../../../../electron/core/decode/kernel/mof-schema';

const MOF = path.resolve(
  __dirname,
  '../../../../../shared/fixtures/manifests/perfview/kerneltraceeventparser.mof',
);

const providers = kernelProviders();
const byGuid = new Map(providers.map((p) => [p.guid, p]));
const shortName = (guid: string) => byGuid.get(guid)?.tasks[0]?.name ?? guid;

/**
 * A field as bytes on the wire: pointer-ness, string kind and sizes; names of in-types and
 * signedness and display hints left out (KMOF says `sint32 IpAddress`, the table shows it as IPv4).
 */
function wireKind(f: FieldSchema): string {
  const ints: Record<string, string> = {
    Int8: 'i1',
    UInt8: 'i1',
    Int16: 'i2',
    UInt16: 'i2',
    Int32: 'i4',
    UInt32: 'i4',
    HexInt32: 'i4',
    Boolean: 'i4',
    Int64: 'i8',
    UInt64: 'i8',
    HexInt64: 'i8',
    FILETIME: 'i8',
  };
  let kind: string;
  if (f.inType === 'Pointer' || f.inType === 'SizeT') kind = 'ptr';
  else if (f.inType === 'UnicodeString') kind = f.length === undefined ? 'wstr0' : `wchar[${f.length}]`;
  else if (f.inType === 'AnsiString') kind = f.length === undefined ? 'astr0' : `char[${f.length}]`;
  else if (f.inType === 'Binary') kind = `bytes[${f.length ?? 'rest'}]`;
  else if (f.inType === 'WbemSID') kind = 'sid';
  else if (f.inType === 'GUID') kind = 'guid';
  else kind = ints[f.inType] ?? f.inType;
  // A byte array is bytes, however it is spelled (UInt8[176] in KMOF, Binary[176] in the tables).
  if (kind === 'i1' && typeof f.count === 'number') return `bytes[${f.count}]`;
  return f.count === undefined ? kind : `${kind}x${f.count}`;
}
const wire = (fields: readonly FieldSchema[]) => fields.map((f) => `${f.name}:${wireKind(f)}`);

/**
 * Where the tables knowingly differ from KMOF (the Vista-era MOF), and why. The test fails if an
 * exception is no longer needed, so this list stays true.
 */
const MOF_EXCEPTIONS: Record<string, string> = {
  // StackWalk_Event spells out Stack1..Stack32; the payload holds as many frames as fit.
  'StackWalk/32/v2': 'frames are one pointer array to the end of the payload',
  // KMOF declares connid a uint32; the x64 kernel writes 8 bytes (perfview net.4.5.2: 32/40/56-byte
  // payloads), and TraceEvent reads it with GetAddressAt.
  'TcpIp/10/v2': 'connid is pointer-sized',
  'TcpIp/11/v2': 'connid is pointer-sized',
  'TcpIp/12/v2': 'connid is pointer-sized',
  'TcpIp/13/v2': 'connid is pointer-sized',
  'TcpIp/14/v2': 'connid is pointer-sized',
  'TcpIp/15/v2': 'connid is pointer-sized',
  'TcpIp/16/v2': 'connid is pointer-sized',
  'TcpIp/18/v2': 'connid is pointer-sized',
  'TcpIp/26/v2': 'connid is pointer-sized',
  'TcpIp/27/v2': 'connid is pointer-sized',
  'TcpIp/28/v2': 'connid is pointer-sized',
  'TcpIp/29/v2': 'connid is pointer-sized',
  'TcpIp/30/v2': 'connid is pointer-sized',
  'TcpIp/31/v2': 'connid is pointer-sized',
  'TcpIp/32/v2': 'connid is pointer-sized',
  'TcpIp/34/v2': 'connid is pointer-sized',
  'UdpIp/10/v2': 'connid is pointer-sized',
  'UdpIp/11/v2': 'connid is pointer-sized',
  'UdpIp/26/v2': 'connid is pointer-sized',
  'UdpIp/27/v2': 'connid is pointer-sized',
  // Count is a u16 plus a reserved u16 (Windows 10 TDH; TraceEvent reads Count as Int16).
  'PerfInfo/46/v2': 'Count u16 + Reserved u16',
  // ReturnValue u8, Vector u16, Reserved u8 (Windows 10 TDH and jdu2600 dumps).
  'PerfInfo/67/v2': 'Vector is a u16',
  // KMOF's Vista-only ReserveDisjoinThread; Windows 7+ logs ThreadAffinity with type 53.
  'Thread/53/v2': 'ThreadAffinity replaced ReserveDisjoinThread',
};

/** KMOF events the tables leave out on purpose. */
const MOF_OMISSIONS: Record<string, string> = {
  // Vista MMCSS reservation events; Windows 7+ reuses these type numbers for other layouts.
  'Thread/48/v2': 'ReserveCreate',
  'Thread/49/v2': 'ReserveDelete',
  'Thread/52/v2': 'ReserveJoinThread',
  'Thread/54/v2': 'ReserveState',
  'Thread/55/v2': 'ReserveBandwidth',
  'Thread/56/v2': 'ReserveLateCount',
};

describe('kernel tables against the kernel MOF', () => {
  const mof = mofToProviders(readMof(readFileSync(MOF, 'utf8')), { unversionedClassVersion: 2 });

  it('agree on field names, order, pointer-ness, string kinds and sizes for every shared event', () => {
    expect(mof.diagnostics).toEqual([]);
    const mismatches: string[] = [];
    const unexplained: string[] = [];
    const omitted: string[] = [];
    let compared = 0;
    for (const mp of mof.providers) {
      for (const me of mp.events) {
        const ours = findKernelEvent(providers, mp.guid, me.opcode, me.version);
        const key = `${shortName(mp.guid)}/${me.opcode}/v${me.version}`;
        if (!ours?.exact) {
          omitted.push(key);
          continue;
        }
        compared++;
        const same = JSON.stringify(wire(ours.event.fields)) === JSON.stringify(wire(me.fields));
        if (!same) mismatches.push(key);
        if (!same && !MOF_EXCEPTIONS[key]) {
          unexplained.push(
            `${key} (${me.template}): tables ${wire(ours.event.fields).join(' ')} | MOF ${wire(me.fields).join(' ')}`,
          );
        }
      }
    }
    expect(unexplained).toEqual([]);
    expect(compared).toBe(250); // of the 256 events KMOF defines; the other 6 are MOF_OMISSIONS
    expect(mismatches.sort()).toEqual(Object.keys(MOF_EXCEPTIONS).sort());
    expect(omitted.sort()).toEqual(Object.keys(MOF_OMISSIONS).sort());
  });

  it('use the MOF field names of the newer documented layouts where KMOF has the class', () => {
    // Spot checks of the documented newer versions (learn.microsoft.com, Windows 10 TDH dump).
    const fieldsOf = (task: string, type: number, version: number) => {
      const p = providers.find((x) => x.tasks[0]?.name === task);
      return p?.events.find((e) => e.opcode === type && e.version === version)?.fields.map((f) => f.name);
    };
    expect(fieldsOf('Process', 1, 4)).toEqual([
      'UniqueProcessKey',
      'ProcessId',
      'ParentId',
      'SessionId',
      'ExitStatus',
      'DirectoryTableBase',
      'Flags',
      'UserSID',
      'ImageFileName',
      'CommandLine',
      'PackageFullName',
      'ApplicationId',
    ]);
    expect(fieldsOf('Process', 39, 5)?.at(-1)).toBe('ExitTime');
    expect(fieldsOf('Image', 10, 3)?.slice(5, 8)).toEqual(['SignatureLevel', 'SignatureType', 'Reserved0']);
    expect(fieldsOf('Thread', 1, 3)?.slice(6)).toEqual([
      'Affinity',
      'Win32StartAddr',
      'TebBase',
      'SubProcessTag',
      'BasePriority',
      'PagePriority',
      'IoPriority',
      'ThreadFlags',
      'ThreadName',
    ]);
    expect(fieldsOf('DiskIO', 10, 3)?.at(-1)).toBe('IssuingThreadId');
    expect(fieldsOf('FileIO', 67, 3)).toEqual([
      'Offset',
      'IrpPtr',
      'FileObject',
      'FileKey',
      'TTID',
      'IoSize',
      'IoFlags',
    ]);
  });
});

describe('kernel table integrity', () => {
  it('has one layout per class, type and version, and an opcode name for every type', () => {
    for (const t of KERNEL_CLASS_TABLES) {
      const seen = new Set<string>();
      for (const l of t.layouts) {
        expect(l.types.length, `${t.task} ${l.source}`).toBeGreaterThan(0);
        expect(l.versions.length, `${t.task} ${l.source}`).toBeGreaterThan(0);
        for (const type of l.types) {
          expect(t.opcodes[type], `${t.task} type ${type}`).toBeDefined();
          for (const v of l.versions) {
            const key = `${type}/v${v}`;
            expect(seen.has(key), `${t.task} ${key} described twice`).toBe(false);
            seen.add(key);
          }
        }
      }
    }
    expect(new Set(KERNEL_CLASS_TABLES.map((t) => t.guid)).size).toBe(KERNEL_CLASS_TABLES.length);
  });

  it('uses only in-types and out-types the TDH tables know, and counts that refer to earlier integers', () => {
    for (const p of providers) {
      for (const e of p.events) {
        const seen = new Map<string, FieldSchema>();
        for (const f of e.fields) {
          expect(parseInType(f.inType), `${e.name} ${f.name} in-type ${f.inType}`).toBeDefined();
          if (f.outType)
            expect(parseOutType(f.outType), `${e.name} ${f.name} out-type ${f.outType}`).toBeDefined();
          for (const ref of [f.count, f.length]) {
            if (typeof ref !== 'string' || ref === KERNEL_REST_OF_PAYLOAD) continue;
            const target = seen.get(ref);
            expect(target && /Int(8|16|32|64)$/.test(target.inType), `${e.name} ${f.name} -> ${ref}`).toBe(
              true,
            );
          }
          if (f.count === KERNEL_REST_OF_PAYLOAD)
            expect(f, `${e.name}: *rest* only last`).toBe(e.fields.at(-1));
          expect(seen.has(f.name), `${e.name}: duplicate field ${f.name}`).toBe(false);
          seen.set(f.name, f);
        }
      }
    }
  });

  it('builds ProviderSchemas the schema model expects', () => {
    expect(providers).toHaveLength(KERNEL_CLASS_TABLES.length);
    for (const p of providers) {
      expect(p.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(p.source).toEqual({ kind: 'mof' });
      expect(['Windows Kernel', 'KernelTraceControl']).toContain(p.name);
      expect(p.tasks).toHaveLength(1);
      expect(p.tasks[0]?.eventGuid).toBe(p.guid);
      for (const e of p.events) {
        expect(e).toMatchObject({ id: 0, task: 0, level: 0, keywords: '0x0' });
        expect(
          e.name?.startsWith(`${p.tasks[0]?.name}`) ||
            /^(Dispatcher|VirtualMem|LostEvent)/.test(e.name ?? ''),
        ).toBe(true);
      }
    }
    // Fresh objects on each call.
    const again = kernelProviders();
    expect(again[0]).not.toBe(providers[0]);
    expect(again[0]?.events[0]?.fields).not.toBe(providers[0]?.events[0]?.fields);
  });

  it('names events the way TraceEvent prints them', () => {
    const name = (guid: string, type: number, version: number) =>
      findKernelEvent(providers, guid, type, version)?.event.name;
    expect(name('3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c', 1, 4)).toBe('Process/Start');
    expect(name('3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c', 4, 4)).toBe('Process/DCStop');
    expect(name('2cb15d1d-5fc1-11d2-abe1-00a0c911f518', 10, 2)).toBe('Image/Load');
    expect(name('9a280ac0-c8e0-11d1-84e2-00c04fb998a2', 10, 2)).toBe('TcpIp/Send');
    expect(name('3d6fa8d4-fe05-11d0-9dda-00c04fd7ba7c', 12, 3)).toBe('DiskIO/ReadInit');
    expect(name('3d6fa8d3-fe05-11d0-9dda-00c04fd7ba7c', 32, 2)).toBe('Memory/HardFault');
    expect(name('ce1dbfb4-137e-4da6-87b0-3f59aa102cbc', 46, 2)).toBe('PerfInfo/Sample');
    expect(name('3d6fa8d1-fe05-11d0-9dda-00c04fd7ba7c', 50, 2)).toBe('Dispatcher/ReadyThread');
    expect(name('68fdd900-4a3e-11d1-84f4-0000f80464e3', 0, 2)).toBe('EventTrace');
    expect(name('b3e675d7-2554-4f18-830b-2762732560de', 0, 2)).toBe('ImageID');
    expect(name('b3e675d7-2554-4f18-830b-2762732560de', 36, 2)).toBe('ImageID/DbgID_RSDS');
    expect(name('9b79ee91-b5fd-41c0-a243-4248e266e9d0', 35, 0)).toBe('SysConfig/VolumeMapping');
  });
});

describe('field notation', () => {
  it('turns specs into FieldSchema', () => {
    expect(parseFieldSpec('A:ptr')).toEqual({ name: 'A', inType: 'Pointer' });
    expect(parseFieldSpec('A:wstr[34]')).toEqual({ name: 'A', inType: 'UnicodeString', length: 34 });
    expect(parseFieldSpec('A:guid[N]')).toEqual({ name: 'A', inType: 'GUID', count: 'N' });
    expect(parseFieldSpec('A:ptr[*]')).toEqual({
      name: 'A',
      inType: 'Pointer',
      count: KERNEL_REST_OF_PAYLOAD,
    });
    expect(parseFieldSpec('A:bin[*]')).toEqual({ name: 'A', inType: 'Binary' });
    expect(parseFieldSpec('A:ipv6')).toEqual({ name: 'A', inType: 'Binary', outType: 'IPv6', length: 16 });
    expect(parseFieldSpec('A:x32')).toEqual({ name: 'A', inType: 'UInt32', outType: 'HexInt32' });
    expect(parseFieldSpec('A:u32=NTSTATUS')).toEqual({ name: 'A', inType: 'UInt32', outType: 'NTSTATUS' });
    expect(() => parseFieldSpec('A:nope')).toThrow(/unknown type/);
    expect(() => parseFieldSpec('A ptr')).toThrow(/malformed/);
    expect(() => parseFieldSpec('A:bin')).toThrow(/bracket/);
    expect(parseFieldSpec('A:wstrs[N]')).toEqual({ name: 'A', inType: 'UnicodeString', count: 'N' });
    expect(() => parseFieldSpec('A:wstr[*]')).toThrow(/\[\*\]/);
  });
});

describe('kernel groups', () => {
  it('maps groups to class GUIDs, with image loads in the Process group going to Image', () => {
    expect(KERNEL_GROUPS).toHaveLength(31);
    expect(kernelGroupGuid(0x03, 1)).toBe('3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c');
    expect(kernelGroupGuid(0x03, 10)).toBe('2cb15d1d-5fc1-11d2-abe1-00a0c911f518');
    expect(kernelGroupGuid(0x14, 10)).toBe('2cb15d1d-5fc1-11d2-abe1-00a0c911f518');
    expect(kernelGroupGuid(0x0f, 46)).toBe('ce1dbfb4-137e-4da6-87b0-3f59aa102cbc');
    expect(kernelGroupGuid(0x18, 32)).toBe('def2fe46-7bd6-4b80-bd94-f57fe20d0ce3');
    expect(kernelGroupGuid(0x42, 1)).toBe('');
    expect(kernelGroupName(0x0b)).toBe('Config');
    expect(kernelGroupName(0x2a)).toBe('Group0x2A');
  });

  it('has a table for every group GUID that has events (and groups with none are known)', () => {
    const described = new Set(providers.map((p: ProviderSchema) => p.guid));
    const missing = KERNEL_GROUPS.filter((g) => !described.has(g.guid)).map((g) => g.name);
    // No public layout for these groups' events (Windows 10 TDH dump lists none, or only hypervisor ones).
    expect(missing).toEqual(['Job', 'Spare1', 'Wnf', 'ModBound', 'Dpc', 'CC', 'Hypervisor', 'HypervisorX']);
  });
});
