// Golden tests against TraceEvent's own dumps of the PerfView test captures
// (shared/fixtures/oracles/perfview/*.baseline.txt): every oracle event of the providers we have
// schemas for is found again (same time, PID, TID, payload length) and every field it prints has the
// same value. Where TraceEvent shows something other than the bytes say, the test names it:
// - EventSource writes C# `long` as TraceLogging UInt64 (primitive-types int64_type); TraceEvent reads
//   it signed, we follow the metadata (so the value is the same 64 bits, unsigned).
// - TraceEvent's SYSTEMTIME milliseconds are wrong in its dump (always .03); we compare to the second.
// - TraceEvent post-processes some fields of events it has built-in parsers for (Kernel-File paths as
//   drive letters, CreateOptions split into disposition and options, its own enum names, computed
//   fields such as UtcOffsetMinutes or PayloadLength); those are skipped, by name, below.
import { describe, expect, it } from 'vitest';
import { compareWithOracle, decodeCapture, loadManifests, readOracle, type DecodedRow } from './support';

const HEADER_RENAME = { SessionName: 'SessionNameString', LogFileName: 'LogFileNameString' };
const HEADER_SKIP = new Set(['Windows Kernel/EventTrace.UtcOffsetMinutes']);

/** TraceEvent's name for an event: provider/task/opcode, opcode left out when it is Info. */
function traceEventName(r: DecodedRow): string {
  return `${r.json.provider.name}/${r.json.event.name}`;
}

function countBy(rows: DecodedRow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(traceEventName(r), (m.get(traceEventName(r)) ?? 0) + 1);
  return m;
}

describe('primitive-types (TraceLogging from .NET EventSource)', () => {
  const { rows } = decodeCapture('etl/perfview/primitive-types.etl.zip');
  const oracle = readOracle('primitive-types.baseline.txt');

  it('decodes the header event as event 0 with the oracle values', () => {
    const header = rows[0];
    expect(header?.json.event.name).toBe('EventTrace/Header');
    const result = compareWithOracle(rows.slice(0, 1), oracle.events.slice(0, 1), {
      providers: new Set(['Windows Kernel']),
      rename: HEADER_RENAME,
      skip: HEADER_SKIP,
    });
    expect(result.unmatched).toEqual([]);
    expect(result.diffs).toEqual([]);
    expect(result.missing).toEqual([]);
    expect(result.compared).toBe(20);
  });

  it('decodes every value of every PrimitiveTypesTest event', () => {
    const events = oracle.events.filter((e) => e.name === 'solar_system/PrimitiveTypesTest');
    expect(events).toHaveLength(5);
    // int64_type: the metadata says UInt64 (see the header comment); compare as 64-bit patterns.
    for (const e of events) {
      const signed = BigInt((e.fields.get('int64_type') as string).replace(/,/g, ''));
      e.fields.set('int64_type', BigInt.asUintN(64, signed).toString());
      e.fields.set(
        'system_time_type',
        (e.fields.get('system_time_type') as string).replace(/\.\d+\.\.\.$/, ''),
      );
    }
    const result = compareWithOracle(rows, events, { providers: new Set(['solar_system']) });
    expect(result.unmatched).toEqual([]);
    expect(result.undecoded).toEqual([]);
    expect(result.diffs).toEqual([]);
    expect(result.missing).toEqual([]);
    expect(result.compared).toBe(5 * 12);
  });

  it('gives exact typed values', () => {
    const first = rows.find((r) => r.json.event.name === 'PrimitiveTypesTest');
    expect(first?.json.props).toEqual({
      string_type: 'Mercury',
      boolean_type: false,
      char_type: 77,
      int16_type: -51,
      int32_type: -102,
      uint16_type: 51,
      uint32_type: 102,
      int64_type: '18446744073709551412',
      uint64_type: 204,
      guid_type: '0ad614c4-0ef4-4225-8013-f44f37cb0397',
      file_time_type: '2021-09-09T14:59:35.7990000Z',
      system_time_type: '2021-09-09T14:59:35.7990000',
    });
    expect(first?.json.provider.name).toBe('solar_system');
  });

  it('matches the COUNT lines', () => {
    const ours = countBy(rows);
    expect(ours.get('solar_system/PrimitiveTypesTest')).toBe(
      oracle.counts.get('solar_system/PrimitiveTypesTest'),
    );
  });
});

describe('gcevents / gcrundownevents (CLR manifest events, ClrEtwAll.man)', async () => {
  const clr = await loadManifests('manifests/perfview/ClrEtwAll.man');

  it('gcevents: every oracle event of the runtime is decoded with the same values', () => {
    const { rows } = decodeCapture('etl/perfview/gcevents.etl.zip', clr);
    const oracle = readOracle('gcevents.baseline.txt');
    const result = compareWithOracle(rows, oracle.events, {
      providers: new Set(['Microsoft-Windows-DotNETRuntime']),
      skip: new Set([
        // The fixture's ClrEtwAll.man predates PinnedObjectHeap (3) and StartupMode "None".
        'Microsoft-Windows-DotNETRuntime/GC/CreateSegment.Type',
        'Microsoft-Windows-DotNETRuntime/Runtime/Start.StartupMode',
      ]),
    });
    expect(result.unmatched).toEqual([]);
    expect(result.diffs).toEqual([]);
    // Events this manifest does not describe (newer GC events) stay undecoded, with their bytes.
    expect(
      result.undecoded.every((u) =>
        /GC\/(MarkWithType|FitBucketInfo|GlobalHeapHistory|PerHeapHistory|LOHCompact)/.test(u),
      ),
    ).toBe(true);
    expect(result.compared).toBeGreaterThan(120);
  });

  it('gcrundownevents: rundown events decode with the same values', () => {
    const { rows } = decodeCapture('etl/perfview/gcrundownevents.etl.zip', clr);
    const oracle = readOracle('gcrundownevents.baseline.txt');
    const result = compareWithOracle(rows, oracle.events, {
      providers: new Set(['Microsoft-Windows-DotNETRuntimeRundown']),
      skip: new Set([
        // Flag names the fixture manifest does not have (ReadyToRun, None).
        'ModuleFlags',
        'AssemblyFlags',
        'Microsoft-Windows-DotNETRuntimeRundown/Runtime/Start.StartupMode',
      ]),
    });
    expect(result.unmatched).toEqual([]);
    expect(result.diffs).toEqual([]);
    expect(result.undecoded.every((u) => /SettingsDCStart|SettingsRundown/.test(u))).toBe(true);
    expect(result.compared).toBeGreaterThan(120);
  });
});

describe('net.4.5.2.x86 (merged trace: schemas from MetaData events and EventSource manifests only)', () => {
  const { rows, decoder } = decodeCapture('etl/perfview/net.4.5.2.x86.etl.zip');
  const oracle = readOracle('net.4.5.2.x86.baseline.txt');

  const FROM_TRACE = new Set([
    'Microsoft-Windows-Kernel-EventTracing',
    'Microsoft-Windows-Kernel-File',
    'Microsoft-Windows-Kernel-Process',
    'Microsoft-Windows-DNS-Client',
    'Microsoft-Windows-Immersive-Shell',
    'Microsoft-Windows-DotNETRuntime',
    'Microsoft-Windows-DotNETRuntimeRundown',
    'PerfView',
    'System.Threading.Tasks.TplEventSource',
    'System.Diagnostics.Eventing.FrameworkEventSource',
  ]);

  it('learns the schemas from the trace itself', () => {
    expect(decoder.registry.diagnostics).toEqual([]);
    const names = new Set(rows.filter((r) => r.json.raw === undefined).map((r) => r.json.provider.name));
    for (const p of FROM_TRACE) expect(names.has(p), p).toBe(true);
  });

  it('decodes every oracle event of those providers with the same PID, TID and values', () => {
    const result = compareWithOracle(rows, oracle.events, {
      providers: FROM_TRACE,
      skip: new Set([
        // TraceEvent's built-in Kernel-File parser rewrites these (drive letters, split options, enums).
        'Microsoft-Windows-Kernel-File/Create.FileName',
        'Microsoft-Windows-Kernel-File/Create.CreateOptions',
        'Microsoft-Windows-Kernel-File/Create.ShareAccess',
        // TraceEvent prints its own KernelTraceEventParser.Keywords names, not the EventSource map's.
        'PerfView/KernelEnableParameters.keywords',
        'PerfView/KernelEnableParameters.stacks',
        // TraceEvent's enum has a "None" the trace's map does not.
        'AssemblyFlags',
      ]),
    });
    expect(result.unmatched).toEqual([]);
    expect(result.undecoded).toEqual([]);
    expect(result.diffs).toEqual([]);
    expect(result.checked).toBe(248);
    expect(result.compared).toBeGreaterThan(950);
  });

  it('matches the COUNT lines of the providers named alike', () => {
    const ours = countBy(rows);
    let compared = 0;
    for (const [name, count] of oracle.counts) {
      const provider = name.split('/')[0] as string;
      if (!FROM_TRACE.has(provider) || provider.startsWith('Microsoft-Windows-DotNETRuntime')) continue;
      expect(ours.get(name) ?? 0, name).toBe(count);
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('matches the COUNT lines of CLR events (TraceEvent names them after its built-in parser)', () => {
    const ours = countBy(rows);
    const same: [string, string][] = [
      [
        'Microsoft-Windows-DotNETRuntime/GC/AllocationTick',
        'Microsoft-Windows-DotNETRuntime/GarbageCollection/GCAllocationTick',
      ],
      [
        'Microsoft-Windows-DotNETRuntime/Method/JittingStarted',
        'Microsoft-Windows-DotNETRuntime/CLRMethod/MethodJittingStarted',
      ],
      [
        'Microsoft-Windows-DotNETRuntime/Method/UnloadVerbose',
        'Microsoft-Windows-DotNETRuntime/CLRMethod/MethodUnloadVerbose',
      ],
      ['Microsoft-Windows-DotNETRuntime/GC/Start', 'Microsoft-Windows-DotNETRuntime/GarbageCollection/Start'],
      [
        'Microsoft-Windows-DotNETRuntime/GC/GenerationRange',
        'Microsoft-Windows-DotNETRuntime/GarbageCollection/GCGenerationRange',
      ],
      [
        'Microsoft-Windows-DotNETRuntime/GC/RestartEEStart',
        'Microsoft-Windows-DotNETRuntime/GarbageCollection/GCRestartEEBegin',
      ],
      [
        'Microsoft-Windows-DotNETRuntime/GC/HeapStats',
        'Microsoft-Windows-DotNETRuntime/GarbageCollection/GCHeapStats',
      ],
      [
        'Microsoft-Windows-DotNETRuntime/Contention/Start',
        'Microsoft-Windows-DotNETRuntime/Contention/Start',
      ],
      ['Microsoft-Windows-DotNETRuntime/Type/BulkType', 'Microsoft-Windows-DotNETRuntime/Type/BulkType'],
      [
        'Microsoft-Windows-DotNETRuntimeRundown/Loader/ModuleDCStop',
        'Microsoft-Windows-DotNETRuntimeRundown/CLRLoaderRundown/ModuleDCEnd',
      ],
      [
        'Microsoft-Windows-DotNETRuntimeRundown/Loader/DomainModuleDCStop',
        'Microsoft-Windows-DotNETRuntimeRundown/CLRLoaderRundown/DomainModuleDCEnd',
      ],
    ];
    for (const [theirs, mine] of same) expect(ours.get(mine), mine).toBe(oracle.counts.get(theirs));
  });
});
