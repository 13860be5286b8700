// The per-process collectors that the fixtures do not exercise: WMI activity attributed to the client
// process, DNS answer parsing, -EncodedCommand detection, drive-letter mapping, and the sliding window.
import { describe, expect, it } from 'vitest';
import { parseDnsResults } from '../../../electron/core/summary/dns';
import { Analyzer } from '../../../electron/core/summary/index';
import { Provider } from '../../../electron/core/summary/known';
import { DriveMap } from '../../../electron/core/summary/paths';
import { decodeEncodedCommand } from '../../../electron/core/summary/powershell';
import { SlidingSum } from '../../../electron/core/summary/sliding-sum';
import { parseWmiOperation } from '../../../electron/core/summary/wmi';
import { decodedEvent, rawEvent, SECOND, Stream } from './builders';

describe('WMI activity', () => {
  it('attributes operations, errors and subscriptions to the client process, not the WMI service', () => {
    const s = new Stream();
    s.classicProcess(0, 3, 1500, 4, 'svchost.exe', 'svchost.exe -k netsvcs -p -s Winmgmt');
    s.classicProcess(0, 3, 4321, 4, 'wmic.exe', 'wmic process list');
    const wmi = (ticks: number, id: number, props: Record<string, string | number>) =>
      s.add(
        rawEvent({ providerId: Provider.WmiActivity, id, pid: 1500, tid: 1501, ticks }),
        decodedEvent('Microsoft-Windows-WMI-Activity', `task_0${id}`, props),
      );
    const op = {
      CorrelationId: '{00000000-0000-0000-0000-000000000000}',
      GroupOperationId: 10,
      OperationId: 11,
      ClientMachine: 'HOST',
      User: 'HOST\\alice',
      ClientProcessId: 4321,
      NamespaceName: '\\\\.\\root\\cimv2',
    };
    const first = wmi(1 * SECOND, 11, {
      ...op,
      Operation: 'Start IWbemServices::ExecQuery - root\\cimv2 : select * from Win32_Process',
    });
    wmi(2 * SECOND, 11, {
      ...op,
      Operation: 'Start IWbemServices::ExecQuery - root\\cimv2 : select * from Win32_Process',
    });
    wmi(3 * SECOND, 11, {
      ...op,
      Operation: 'Start IWbemServices::ExecMethod - root\\cimv2 : Win32_Process::Create',
    });
    wmi(4 * SECOND, 5858, {
      Id: 1,
      ClientMachine: 'HOST',
      User: 'HOST\\alice',
      ClientProcessId: 4321,
      Component: 'Unknown',
      Operation: 'Start IWbemServices::GetObject - root\\cimv2 : Win32_Nope',
      ResultCode: 0x80041002,
      PossibleCause: 'Unknown',
    });
    wmi(5 * SECOND, 5860, {
      NamespaceName: '//./root/CIMV2',
      Query: 'SELECT * FROM __InstanceCreationEvent WITHIN 5 WHERE TargetInstance ISA "Win32_Process"',
      User: 'HOST\\alice',
      processid: 4321,
      MachineName: 'HOST',
      PossibleCause: 'Temporary',
    });
    const a = new Analyzer();
    s.feed(a);
    const client = a.summary(a.processOf(4321, SECOND)!.key);
    expect(client?.wmi.map((w) => [w.kind, w.method, w.namespace, w.query, w.count])).toEqual([
      ['operation', 'ExecQuery', '\\\\.\\root\\cimv2', 'select * from Win32_Process', 2],
      ['operation', 'ExecMethod', '\\\\.\\root\\cimv2', 'Win32_Process::Create', 1],
      ['error', 'GetObject', 'root\\cimv2', 'Win32_Nope', 1],
      [
        'subscription',
        'ExecNotificationQuery',
        '//./root/CIMV2',
        'SELECT * FROM __InstanceCreationEvent WITHIN 5 WHERE TargetInstance ISA "Win32_Process"',
        1,
      ],
    ]);
    expect(client?.wmi[0]).toMatchObject({
      user: 'HOST\\alice',
      firstSeq: first,
      firstTicks: SECOND,
      lastTicks: 2 * SECOND,
    });
    expect(client?.wmi[2]?.resultCode).toBe(0x80041002);
    // The events themselves belong to the service that logged them.
    const service = a.summary(a.processOf(1500, SECOND)!.key);
    expect(service?.wmi).toEqual([]);
    expect(service?.events.total).toBe(6);
  });

  it('splits operation text', () => {
    expect(
      parseWmiOperation('Start IWbemServices::ExecQuery - root\\cimv2 : SELECT Name FROM Win32_Service'),
    ).toEqual({
      method: 'ExecQuery',
      namespace: 'root\\cimv2',
      query: 'SELECT Name FROM Win32_Service',
    });
    expect(parseWmiOperation('Start IWbemServices::Connect')).toEqual({
      method: 'Connect',
      namespace: '',
      query: '',
    });
  });
});

describe('parsers', () => {
  it('reads DNS answers: addresses (IPv4-mapped shown as IPv4), IPv6 and CNAMEs', () => {
    expect(
      parseDnsResults('type:  5 edge.example.net;::ffff:93.184.216.34;2606:2800:220:1:248:1893:25c8:1946;'),
    ).toEqual({
      answers: ['CNAME edge.example.net', '93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
      addresses: ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    });
    expect(parseDnsResults('')).toEqual({ answers: [], addresses: [] });
  });

  it('decodes -EncodedCommand under every accepted spelling, and nothing else', () => {
    const b64 = Buffer.from('Write-Output hello', 'utf16le').toString('base64');
    for (const option of ['-e', '-ec', '-en', '-enc', '-EncodedCommand', '/enc', '-ENCODEDC']) {
      expect(decodeEncodedCommand(`powershell.exe -NoProfile ${option} ${b64}`)).toBe('Write-Output hello');
    }
    expect(decodeEncodedCommand(`pwsh -ep Bypass ${b64}`)).toBeNull(); // -ep is ExecutionPolicy
    expect(decodeEncodedCommand(`cmd.exe /c echo -enc ${b64}`)).toBeNull(); // not PowerShell
    expect(decodeEncodedCommand('powershell -enc AAAAAAAAAAAAAAAA')).toBeNull(); // not text
  });

  it('maps NT paths to drive letters with the longest matching prefix', () => {
    const drives = new DriveMap();
    drives.add('\\Device\\HarddiskVolume2\\', 'C:\\');
    drives.add('\\Device\\HarddiskVolume12', 'E:');
    drives.add('\\SystemRoot\\', 'C:\\Windows\\');
    expect(drives.toDos('\\Device\\HarddiskVolume2\\Windows\\notepad.exe')).toBe('C:\\Windows\\notepad.exe');
    expect(drives.toDos('\\device\\harddiskvolume12\\data\\x.bin')).toBe('E:\\data\\x.bin');
    expect(drives.toDos('\\SystemRoot\\System32\\ntdll.dll')).toBe('C:\\Windows\\System32\\ntdll.dll');
    expect(drives.toDos('\\Device\\HarddiskVolume3\\x')).toBe('\\Device\\HarddiskVolume3\\x');
    expect(drives.toDos('\\Device\\HarddiskVolume2')).toBe('C:\\');
  });

  it('sums a sliding window and forgets what left it', () => {
    const w = new SlidingSum(64 * SECOND); // slices of 1 s
    expect(w.add(0, 10)).toBe(10);
    expect(w.add(30 * SECOND, 5)).toBe(15);
    expect(w.sumAt(64 * SECOND)).toBe(5); // the first slice left the window
    expect(w.add(200 * SECOND, 1)).toBe(1); // a jump longer than the window clears it
    expect(w.add(-5 * SECOND, 2)).toBe(3); // an older time counts in the newest slice
  });
});
