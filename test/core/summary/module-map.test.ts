// The images a process had loaded, by address and time (summary/module-map.ts), and the Analyzer's
// moduleAt over them: loads, unloads, rundowns, a base reused by another image, kernel addresses
// resolved among the System process's drivers, and the per-process cap.
import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../../electron/core/summary/index';
import { KernelClass, Provider } from '../../../electron/core/summary/known';
import { MAX_MODULE_RANGES, ModuleMap, parseAddress } from '../../../electron/core/summary/module-map';
import { RecordKind } from '../../../electron/core/events/raw-event';
import { decodedEvent, rawEvent, Stream } from './builders';

const NTDLL = '\\Device\\HarddiskVolume2\\Windows\\System32\\ntdll.dll';
const PLUGIN = '\\Device\\HarddiskVolume2\\Temp\\plugin.dll';

describe('ModuleMap', () => {
  it('parses addresses as logged and refuses anything else', () => {
    expect(parseAddress('0xfffff80021489000')).toBe(0xfffff80021489000n);
    expect(parseAddress('18446735278174932992')).toBe(0xfffff80021489000n);
    expect(parseAddress('')).toBeUndefined();
    expect(parseAddress('0x')).toBeUndefined();
    expect(parseAddress('-5')).toBeUndefined();
    expect(parseAddress('0x1ffffffffffffffff')).toBeUndefined();
    expect(parseAddress('99999999999999999999')).toBeUndefined(); // > 2^64
  });

  it('finds the image that held an address at a time', () => {
    const map = new ModuleMap();
    map.load('0x7ff800000000', 0x1000, NTDLL, 0, true); // rundown: loaded before the trace
    map.load('0x10000000', 0x2000, PLUGIN, 100, false);
    map.unload('0x10000000', 0x2000, PLUGIN, 200);
    expect(map.find(0x7ff800000123n, -5)?.ntPath).toBe(NTDLL);
    expect(map.find(0x7ff800001000n, 50)).toBeUndefined(); // one past the end
    expect(map.find(0x10001fffn, 99)).toBeUndefined(); // before the load
    expect(map.find(0x10001fffn, 150)?.ntPath).toBe(PLUGIN);
    expect(map.find(0x10001fffn, 200)?.ntPath).toBe(PLUGIN); // unloading
    expect(map.find(0x10001fffn, 201)).toBeUndefined();
  });

  it('keeps each lifetime of a reused base apart and ignores repeated loads of one image', () => {
    const map = new ModuleMap();
    map.load('0x10000000', 0x2000, PLUGIN, 100, false);
    map.load('0x10000000', 0x2000, PLUGIN, 120, true); // its rundown: nothing new
    map.load('0x10000000', 0x1000, NTDLL, 300, false); // another image there: the unload was lost
    expect(map.size).toBe(2);
    expect(map.find(0x10001000n, 200)?.ntPath).toBe(PLUGIN);
    expect(map.find(0x10000500n, 400)?.ntPath).toBe(NTDLL);
    expect(map.find(0x10001000n, 400)).toBeUndefined(); // beyond the smaller image
  });

  it('walks back past smaller images to a large one that covers the address', () => {
    const map = new ModuleMap();
    map.load('0x10000000', 0x100000, NTDLL, 0, true);
    for (let i = 1; i < 10; i++)
      map.load(`0x${(0x10000000 + i * 0x1000).toString(16)}`, 0x10, PLUGIN + i, 0, false);
    expect(map.find(0x10050000n, 0)?.ntPath).toBe(NTDLL);
    expect(map.find(0x10002008n, 0)?.ntPath).toBe(PLUGIN + 2); // the latest loaded of two that cover it
  });

  it('records an unload of an image loaded before the trace without a rundown', () => {
    const map = new ModuleMap();
    map.unload('0x20000000', 0x1000, PLUGIN, 500);
    expect(map.find(0x20000010n, 10)?.ntPath).toBe(PLUGIN);
    expect(map.find(0x20000010n, 600)).toBeUndefined();
  });

  it('counts loads beyond the cap instead of keeping them', () => {
    const map = new ModuleMap();
    for (let i = 0; i < MAX_MODULE_RANGES + 3; i++)
      map.load(`0x${(i * 0x10000).toString(16)}`, 0x1000, PLUGIN, i, false);
    expect(map.size).toBe(MAX_MODULE_RANGES);
    expect(map.dropped).toBe(3);
  });
});

function classicImage(
  stream: Stream,
  ticks: number,
  opcode: number,
  pid: number,
  base: string,
  size: number,
  path: string,
) {
  stream.add(
    rawEvent({
      kind: RecordKind.System,
      headerType: 0x02,
      providerId: KernelClass.Image,
      opcode,
      group: 20,
      pid: -1,
      tid: -1,
      ticks,
    }),
    decodedEvent('Windows Kernel', 'Image', {
      ImageBase: base,
      ImageSize: size,
      ProcessId: pid,
      FileName: path,
    }),
  );
}

describe('Analyzer.moduleAt', () => {
  it('resolves user addresses in the process and kernel addresses among the drivers', () => {
    const stream = new Stream();
    classicImage(stream, 1, 3, 0, '18446735278174932992', 0x748000, '\\SystemRoot\\system32\\ntoskrnl.exe');
    classicImage(stream, 2, 3, 500, '0x7ff800000000', 0x1000, NTDLL);
    stream.add(
      rawEvent({ providerId: Provider.KernelProcess, id: 5, task: 5, pid: 600, tid: 601, ticks: 3 }),
      decodedEvent('Microsoft-Windows-Kernel-Process', 'ImageLoad', {
        ImageBase: '0x10000000',
        ImageSize: '0x2000',
        ProcessID: 600,
        ImageName: PLUGIN,
      }),
    );
    classicImage(stream, 4, 2, 600, '0x10000000', 0x2000, PLUGIN); // classic unload
    const analyzer = new Analyzer();
    stream.feed(analyzer);
    expect(analyzer.moduleAt(500, 10, 0xfffff80021561f43n, true)?.ntPath).toBe(
      '\\SystemRoot\\system32\\ntoskrnl.exe',
    );
    expect(analyzer.moduleAt(500, 10, 0x7ff800000010n, false)?.ntPath).toBe(NTDLL);
    // A user address is not looked up among the drivers, nor in another process.
    expect(analyzer.moduleAt(600, 10, 0x7ff800000010n, false)).toBeUndefined();
    expect(analyzer.moduleAt(600, 3, 0x10000010n, false)?.ntPath).toBe(PLUGIN);
    expect(analyzer.moduleAt(600, 5, 0x10000010n, false)).toBeUndefined();
    // No process known: kernel addresses still resolve.
    expect(analyzer.moduleAt(-1, 10, 0xfffff80021561f43n, true)?.base).toBe(0xfffff80021489000n);
    expect(analyzer.moduleAt(-1, 10, 0x7ff800000010n, false)).toBeUndefined();
  });
});
