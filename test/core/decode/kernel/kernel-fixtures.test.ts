// The kernel tables against real captures: every classic event in the kernel fixtures must have a
// layout, and that layout must account for every payload byte (walked by payload-walker.ts, not by the
// production decoder). Concrete values come from independent sources: syzygy's expected-data file
// (sawbuck/log_lib/kernel_log_unittest_data.cc @ c3ca70c1) and TraceEvent's own dump of the perfview
// capture (shared/fixtures/oracles/perfview/net.4.5.2.x86.baseline.txt).
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  findKernelEvent,
  kernelProviders,
  type KernelEventMatch,
} from '../../../../electron/core/decode/kernel';
import { RecordKind, type RawEvent } from '../../../../electron/core/events/raw-event';
import { openFileSource } from '../../../../electron/core/etl/file-source.node';
import { openEtl } from '../../../../electron/core/etl/reader';
import { walkLayout, type WalkResult, type WalkValue } from './payload-walker';

const ETL = path.resolve(__dirname, '../../../../../shared/fixtures/etl');
const providers = kernelProviders();

const CLASSIC_KINDS = new Set<number>([
  RecordKind.System,
  RecordKind.Compact,
  RecordKind.PerfInfo,
  RecordKind.Full,
  RecordKind.Instance,
]);

interface Decoded {
  raw: RawEvent;
  match: KernelEventMatch | undefined;
  walk: WalkResult | undefined;
}

/** Classic events of a fixture with their table match and walk (payloads copied: views do not live). */
function decodeFixture(file: string, order: 'file' | 'time' = 'file'): Decoded[] {
  const reader = openEtl(openFileSource(path.join(ETL, file)));
  const out: Decoded[] = [];
  try {
    for (const raw of order === 'file' ? reader.eventsInFileOrder() : reader.events()) {
      if (!CLASSIC_KINDS.has(raw.kind)) continue;
      const match = findKernelEvent(providers, raw.providerId, raw.opcode, raw.version);
      const walk = match ? walkLayout(match.event.fields, raw.payload, raw.pointerSize) : undefined;
      out.push({ raw: { ...raw, payload: raw.payload.slice() }, match, walk });
    }
  } finally {
    reader.close();
  }
  return out;
}

const keyOf = (d: Decoded) => `${d.raw.providerId} type ${d.raw.opcode} v${d.raw.version}`;
const num = (v: WalkValue | undefined) => (typeof v === 'bigint' ? Number(v) : v);
const named = (events: Decoded[], name: string) => events.filter((d) => d.match?.event.name === name);

/** Fields that may be missing at the end of older payloads (Windows 8 writes neither). */
const ABSENT_AT_END = new Set(['ThreadName']);

function expectEveryByteAccounted(events: Decoded[], unknown: string[] = []) {
  const missing = new Set<string>();
  const problems: string[] = [];
  for (const d of events) {
    if (!d.match) {
      missing.add(keyOf(d));
      continue;
    }
    if (!d.match.exact) problems.push(`${keyOf(d)}: no exact version`);
    const w = d.walk;
    if (!w) continue;
    if (w.error) problems.push(`${keyOf(d)} ${d.match.event.name}: ${w.error}`);
    else if (w.consumed !== d.raw.payload.length)
      problems.push(`${keyOf(d)} ${d.match.event.name}: ${d.raw.payload.length - w.consumed} bytes left`);
    if (w.absentFrom && !ABSENT_AT_END.has(w.absentFrom))
      problems.push(`${keyOf(d)}: ${w.absentFrom} absent`);
  }
  expect([...problems].slice(0, 10)).toEqual([]);
  expect([...missing].sort()).toEqual(unknown);
}

describe('airbus ShutdownPerfDiagLogger.etl (Windows 10 1903 kernel logger, SYSTEM64 + PERFINFO64)', () => {
  const events = decodeFixture('airbus/ShutdownPerfDiagLogger.etl');

  it('has a layout for every (class, type, version), covering every payload byte', () => {
    expect(events).toHaveLength(8433 + 8645);
    expectEveryByteAccounted(events);
    const kinds = new Set(events.map((d) => d.match?.event.name));
    for (const n of [
      'Process/DCStart',
      'Process/Defunct',
      'Thread/DCStart',
      'Image/DCStart',
      'Image/Load',
      'EventTrace/PartitionInfoExtension',
    ])
      expect(kinds.has(n), n).toBe(true);
  });

  it('decodes values that hang together', () => {
    const threads = named(events, 'Thread/DCStart');
    expect(threads).toHaveLength(1175);
    for (const d of threads) {
      // Rundown threads: the header's ids are the thread's own.
      expect(d.walk?.values.ProcessId).toBe(d.raw.pid);
      expect(d.walk?.values.TThreadId).toBe(d.raw.tid);
    }
    // Windows 10 1903 appends ThreadName to version 3; named threads exist.
    expect(
      threads.some(
        (d) =>
          typeof d.walk?.values.ThreadName === 'string' && (d.walk.values.ThreadName as string).length > 3,
      ),
    ).toBe(true);

    const processes = named(events, 'Process/DCStart');
    const pids = new Set(processes.map((d) => d.walk?.values.ProcessId));
    expect(pids.has(0) && pids.has(4)).toBe(true);
    for (const d of processes) {
      expect(d.walk?.values.ImageFileName).toMatch(/^[\x20-\x7e]+$/);
      expect(Number(d.walk?.values.ProcessId) % 4).toBe(0);
    }
    expect(processes.find((d) => d.walk?.values.ProcessId === 4)?.walk?.values.ImageFileName).toBe('System');

    // Version 5 Defunct: V4 fields plus ExitTime, a FILETIME in early 2020 (the trace's date).
    const edge = named(events, 'Process/Defunct').find(
      (d) => d.walk?.values.ImageFileName === 'MicrosoftEdge.exe',
    );
    expect(edge?.walk?.values).toMatchObject({
      ProcessId: 4992,
      ParentId: 764,
      SessionId: 1,
      PackageFullName: 'Microsoft.MicrosoftEdge_44.18362.449.0_neutral__8wekyb3d8bbwe',
      ApplicationId: 'MicrosoftEdge',
    });
    const exitTime = num(edge?.walk?.values.ExitTime) ?? 0;
    expect(exitTime).toBeGreaterThan(132223104000000000); // 2020-01-01
    expect(exitTime).toBeLessThan(132539328000000000); // 2021-01-01

    for (const d of named(events, 'Image/Load')) {
      expect(d.walk?.values.ProcessId).toBe(d.raw.pid);
      expect(d.walk?.values.FileName).toMatch(/^\\(Device|SystemRoot|Windows)\\.*\.[A-Za-z0-9]+$/i);
      expect(num(d.walk?.values.ImageSize)).toBeGreaterThan(0);
    }
  });
});

describe('perfview net.4.5.2.x86.etl.zip (merged, XPRESS-compressed, Windows 8 x64)', () => {
  const events = decodeFixture('perfview/net.4.5.2.x86.etl.zip', 'time');

  it('has a layout for every (class, type, version) but one, covering every payload byte', () => {
    // SysConfig type 37 (16 bytes): TraceEvent prints "SysConfig/Opcode(37)"; no public source names
    // its fields, so it stays undescribed.
    expectEveryByteAccounted(events, ['9b79ee91-b5fd-41c0-a243-4248e266e9d0 type 37 v0']);
    expect(named(events, 'PerfInfo/Sample')).toHaveLength(88809);
    expect(named(events, 'StackWalk/Stack').every((d) => Array.isArray(d.walk?.values.Stack))).toBe(true);
  });

  // Each expectation is one "EVENT" line of TraceEvent's dump; the event must exist with these values.
  const oracle: [string, Record<string, WalkValue>][] = [
    [
      'Process/DCStart',
      {
        ProcessId: 0,
        ImageFileName: 'Idle',
        DirectoryTableBase: 0x187000n,
        UniqueProcessKey: 0xfffff800217d9200n,
        SessionId: 0xffffffff,
      },
    ],
    [
      'Process/DCStart',
      { ProcessId: 4, ImageFileName: 'System', ExitStatus: 259, UniqueProcessKey: 0xfffffa830007e4c0n },
    ],
    [
      'ImageID',
      {
        ImageBase: 0x77710000n,
        ImageSize: 1404928n,
        TimeDateStamp: 1343270522,
        OriginalFileName: 'ntdll.dll',
      },
    ],
    ['ImageID/DbgID_RSDS', { ImageBase: 0x77710000n, Age: 2, PDBFileName: 'wntdll.pdb' }],
    [
      'Image/DCStart',
      { ImageBase: 0x77710000n, ImageSize: 1404928n, ImageChecksum: 1450643, DefaultBase: 0x77710000n },
    ],
    [
      'SysConfig/SystemPaths',
      { SystemDirectory: 'C:\\Windows\\system32', SystemWindowsDirectory: 'C:\\Windows\\' },
    ],
    ['SysConfig/VolumeMapping', { NtPath: '\\SystemRoot\\', DosPath: 'C:\\Windows\\' }],
    ['SysConfig/BuildInfo', { ProductName: 'Windows 8 Pro' }],
    ['EventTrace/Extension', { GroupMask1: 0, KernelEventVersion: 42 }],
    [
      'SystemConfig/Network',
      { TcbTablePartitions: 32, MaxHashTableSize: 0xffffffff, MaxUserPort: 65536, TcpTimedWaitDelay: 120 },
    ],
    [
      'SystemConfig/CPU',
      {
        MHz: 3592,
        NumberOfProcessors: 8,
        MemSize: 4096,
        PageSize: 4096,
        AllocationGranularity: 65536,
        ComputerName: 'BRIANROB-W8',
        DomainName: '',
      },
    ],
    [
      'SystemConfig/Services',
      {
        ServiceName: 'AeLookupSvc',
        DisplayName: 'Application Experience',
        ProcessId: 0,
        ServiceState: 1,
        SubProcessTag: 1,
      },
    ],
    [
      'SystemConfig/PnP',
      {
        DeviceID: 'ROOT\\MS_NDISWANIP\\0000',
        ServiceName: 'NdisWan',
        LowerFiltersCount: 1,
        LowerFilters: ['NdisTapi'],
      },
    ],
    [
      'SystemConfig/Platform',
      { SystemProductName: 'Virtual Machine', BiosDate: '12/07/2018', BiosVersion: '090008' },
    ],
    ['Image/KernelBase', { ImageBase: 0xfffff80021489000n }],
    [
      'Process/PerfCtr',
      {
        ProcessId: 3644,
        PeakVirtualSize: 105160704n,
        PeakWorkingSetSize: 14159872n,
        QuotaPeakNonPagedPoolUsage: 13880n,
      },
    ],
    [
      'TcpIp/Send',
      {
        size: 221,
        daddr: '10.128.0.77',
        saddr: '10.128.0.55',
        dport: 60841,
        sport: 2869,
        startime: 1584,
        endtime: 1584,
      },
    ],
    [
      'UdpIp/Recv',
      { PID: 2108, size: 428, daddr: '239.255.255.250', saddr: '127.0.0.1', dport: 1900, sport: 1900 },
    ],
    [
      'DiskIO/Read',
      {
        DiskNumber: 0,
        TransferSize: 20480,
        ByteOffset: 5669618688n,
        Irp: 0xfffffa83033b3680n,
        FileObject: 0xfffff8a0016b9140n,
      },
    ],
    [
      'Memory/HardFault',
      { ReadOffset: 326656n, VirtualAddress: 0x777054c8n, FileObject: 0xfffff8a001eeac50n, ByteCount: 13824 },
    ],
    ['PerfInfo/Sample', { InstructionPointer: 0xfffff80021561f43n, Count: 1 }],
    [
      'Thread/Start',
      {
        StackBase: 0xfffff88006daa000n,
        Affinity: 0xffn,
        Win32StartAddr: 0xfffff8002185916cn,
        BasePriority: 8,
        PagePriority: 5,
        IoPriority: 2,
      },
    ],
  ];
  for (const [name, values] of oracle) {
    it(`decodes ${name} as TraceEvent does (${Object.entries(values)[0]?.join('=')})`, () => {
      const found = named(events, name).find((d) =>
        Object.entries(values).every(([k, v]) => isDeepStrictEqual(d.walk?.values[k], v)),
      );
      expect(
        found,
        JSON.stringify(values, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)),
      ).toBeDefined();
    });
  }

  it('decodes the RSDS GUID and the Thread V3 of Windows 8 without ThreadName', () => {
    const rsds = named(events, 'ImageID/DbgID_RSDS').find((d) => d.walk?.values.PDBFileName === 'wntdll.pdb');
    expect(String(rsds?.walk?.values.GuidSig)).toMatch(/^ec83d8df-5559-46e0-b/);
    const thread = named(events, 'Thread/DCStart')[0];
    expect(thread?.raw.payload.length).toBe(72);
    expect(thread?.walk?.absentFrom).toBe('ThreadName');
  });
});

// syzygy's expected module list and process list (kernel_log_unittest_data.cc), in logging order.
const MODULES: [number, number, number, number, string][] = [
  [
    0x01160000,
    0x0019e000,
    0x4ba26867,
    0xcafebabe,
    'C:\\code\\sawbuck\\src\\sawbuck\\Debug\\test_program.exe',
  ],
  [0x76e10000, 0x00127000, 0x4791a7a6, 0x00135d86, 'C:\\Windows\\system32\\ntdll.dll'],
  [0x75680000, 0x000db000, 0x49953395, 0x000dc23c, 'C:\\Windows\\system32\\kernel32.dll'],
  [0x73cb0000, 0x00032000, 0x4791a7b6, 0x0003a724, 'C:\\Windows\\system32\\WINMM.dll'],
  [0x76b00000, 0x000aa000, 0x4791a727, 0x000af8ae, 'C:\\Windows\\system32\\msvcrt.dll'],
  [0x76d70000, 0x0009d000, 0x4791a773, 0x000a8708, 'C:\\Windows\\system32\\USER32.dll'],
  [0x75e00000, 0x0004b000, 0x48fd6647, 0x00049d43, 'C:\\Windows\\system32\\GDI32.dll'],
  [0x76ca0000, 0x000c6000, 0x4791a64b, 0x000c31b1, 'C:\\Windows\\system32\\ADVAPI32.dll'],
  [0x75cf0000, 0x000c2000, 0x49f0625f, 0x000c344a, 'C:\\Windows\\system32\\RPCRT4.dll'],
  [0x758e0000, 0x00144000, 0x4791a74c, 0x00146aad, 'C:\\Windows\\system32\\ole32.dll'],
  [0x75e50000, 0x0008d000, 0x4791a74f, 0x0008fa63, 'C:\\Windows\\system32\\OLEAUT32.dll'],
  [0x73c70000, 0x00039000, 0x4791a74d, 0x0003b647, 'C:\\Windows\\system32\\OLEACC.dll'],
  [0x76f40000, 0x00058000, 0x4791a75c, 0x000574f3, 'C:\\Windows\\system32\\SHLWAPI.dll'],
  [0x75ee0000, 0x00b10000, 0x4a573229, 0x00b0ee79, 'C:\\Windows\\system32\\SHELL32.dll'],
  [0x75a30000, 0x0001e000, 0x4791a715, 0x000255a7, 'C:\\Windows\\system32\\IMM32.DLL'],
  [0x76fa0000, 0x000c8000, 0x4791a720, 0x000ccb64, 'C:\\Windows\\system32\\MSCTF.dll'],
  [0x76aa0000, 0x00009000, 0x4791a6e9, 0x0000a2b7, 'C:\\Windows\\system32\\LPK.DLL'],
  [0x769f0000, 0x0007d000, 0x4791a776, 0x0007dc08, 'C:\\Windows\\system32\\USP10.dll'],
  [0x6c2b0000, 0x00023000, 0x4af0fa99, 0x0002647c, 'C:\\PROGRA~1\\GOOGLE\\GO333C~1\\GOEC62~1.DLL'],
  [0x75dd0000, 0x0002d000, 0x4791a798, 0x0002e055, 'C:\\Windows\\system32\\WS2_32.dll'],
  [0x75dc0000, 0x00006000, 0x4791a7a4, 0x000074ae, 'C:\\Windows\\system32\\NSI.dll'],
  [0x6fa00000, 0x0003e000, 0x4aaa262f, 0x000420de, 'C:\\PROGRA~1\\Sophos\\SOPHOS~1\\SOPHOS~1.DLL'],
  [0x75670000, 0x00007000, 0x4549bd99, 0x00009ac8, 'C:\\Windows\\system32\\PSAPI.DLL'],
  [
    0x746a0000,
    0x0019e000,
    0x4791a752,
    0x001a2d0f,
    'C:\\Windows\\WinSxS\\x86_microsoft.windows.common-controls_6595b64144ccf1df_6.0.6001.18000_none_5cdbaa5a083979cc\\comctl32.dll',
  ],
];

describe('syzygy image_data_32_v0/v1/v2.etl (FULL_HEADER32 Image events, versions 0-2)', () => {
  for (const version of [0, 1, 2]) {
    it(`decodes the 24 rundown modules and the load/unload of version ${version}`, () => {
      const events = decodeFixture(`syzygy/image_data_32_v${version}.etl`);
      expectEveryByteAccounted(events);
      const rundown = named(events, 'Image/DCStart');
      const loads = [...named(events, 'Image/Load'), ...named(events, 'Image/Unload')];
      expect(rundown).toHaveLength(24);
      expect(loads).toHaveLength(2);
      // The rundown lists the modules in syzygy's order; the load and unload are of test_program.exe.
      const expected = [...MODULES, MODULES[0], MODULES[0]] as (typeof MODULES)[number][];
      [...rundown, ...loads].forEach((d, i) => {
        const [base, size, checksum, stamp, file] = expected[i] as (typeof MODULES)[number];
        const v = d.walk?.values ?? {};
        const got =
          version === 0
            ? [v.BaseAddress, v.ModuleSize, v.ImageFileName]
            : [v.ImageBase, v.ImageSize, v.FileName];
        expect(got.map(num), `event ${i}`).toEqual([base, size, file]);
        if (version === 2)
          expect([v.ImageChecksum, v.TimeDateStamp], `event ${i}`).toEqual([checksum, stamp]);
        if (version >= 1) expect(v.ProcessId).toBe(d.raw.pid);
      });
    });
  }
});

describe('syzygy process_data_32_v1/v2/v3.etl (FULL_HEADER32 Process events, versions 1-3)', () => {
  const system = { SessionId: 0xffffffff, UserSID: 'S-1-5-18' };
  const notepad = {
    ProcessId: 1776,
    ParentId: 988,
    SessionId: 1,
    UserSID: 'S-1-5-21-753675414-103939432-3550797041-1000',
    ImageFileName: 'notepad.exe',
  };
  for (const version of [1, 2, 3]) {
    it(`decodes version ${version}: pids, parents, sessions, SIDs, names`, () => {
      const events = decodeFixture(`syzygy/process_data_32_v${version}.etl`);
      expectEveryByteAccounted(events);
      const byName = (n: string) => named(events, n).map((d) => d.walk?.values);
      expect(byName('Process/Start')).toEqual([expect.objectContaining(notepad)]);
      expect(byName('Process/Stop')).toEqual([expect.objectContaining(notepad)]);
      if (version >= 2) {
        expect(byName('Process/Start')[0]?.CommandLine).toBe('"C:\\Windows\\system32\\notepad.exe" ');
        expect(byName('Process/DCStart')).toEqual([
          expect.objectContaining({
            ...system,
            ProcessId: 0,
            ParentId: 0,
            ImageFileName: 'Idle',
            CommandLine: '',
          }),
          expect.objectContaining({
            ...system,
            ProcessId: 4,
            ParentId: 0,
            ImageFileName: 'System',
            CommandLine: '',
          }),
          expect.objectContaining({
            ...system,
            ProcessId: 264,
            ParentId: 4,
            ImageFileName: 'smss.exe',
            CommandLine: '\\SystemRoot\\System32\\smss.exe',
          }),
        ]);
        expect(byName('Process/DCStop').map((v) => v?.ProcessId)).toEqual([0, 4, 264]);
      }
    });
  }
});
