// Test helper: builds (RawEvent, DecodedEvent) pairs the way the ETL reader and the decoder would hand
// them to the Analyzer, for the providers it understands. Kernel-Network events get a real payload
// (the analyzer reads that layout itself); the others carry decoded props. A Stream numbers events
// (seq) and feeds them in order.
import type { PropValue } from '../../../electron/common/model/event';
import type { DecodedEvent } from '../../../electron/core/decode/index';
import { ExtType, RecordKind, type RawEvent } from '../../../electron/core/events/raw-event';
import type { Analyzer } from '../../../electron/core/summary/index';
import { KernelClass, Provider } from '../../../electron/core/summary/known';

export const SECOND = 10_000_000;

type Props = { [name: string]: PropValue };

export function rawEvent(init: Partial<RawEvent>): RawEvent {
  return {
    kind: RecordKind.EventHeader,
    headerType: 0x13,
    pointerSize: 8,
    ticks: 0,
    cpu: 0,
    pid: 0,
    tid: 0,
    providerId: '00000000-0000-0000-0000-000000000000',
    id: 0,
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
    payload: new Uint8Array(0),
    bufferOffset: 0,
    recordOffset: 0,
    ...init,
  };
}

export function decodedEvent(providerName: string, eventName: string, props: Props = {}): DecodedEvent {
  return { entry: null, providerName, eventName, props, display: null, error: null };
}

/** Extended data item 13 (process start key) with a 64-bit value. */
export function startKeyItem(key: number): { type: number; data: Uint8Array } {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setBigUint64(0, BigInt(key), true);
  return { type: ExtType.ProcessStartKey, data };
}

export class Stream {
  readonly events: Array<[RawEvent, DecodedEvent]> = [];

  add(raw: RawEvent, decoded: DecodedEvent): number {
    this.events.push([raw, decoded]);
    return this.events.length - 1;
  }

  feed(analyzer: Analyzer): void {
    this.events.forEach(([raw, decoded], seq) => analyzer.observe(raw, decoded, seq));
  }

  // ---- Microsoft-Windows-Kernel-Process -----------------------------------------------------------

  processStart(ticks: number, creatorPid: number, pid: number, image: string, ppid = creatorPid): number {
    return this.add(
      rawEvent({
        providerId: Provider.KernelProcess,
        id: 1,
        task: 1,
        opcode: 1,
        pid: creatorPid,
        tid: creatorPid + 1,
        ticks,
      }),
      decodedEvent('Microsoft-Windows-Kernel-Process', 'ProcessStart', {
        ProcessID: pid,
        CreateTime: '1601-01-01T00:00:00.0000000Z',
        ParentProcessID: ppid,
        SessionID: 1,
        ImageName: image,
      }),
    );
  }

  processStop(ticks: number, pid: number, shortName: string, exitCode = 0): number {
    return this.add(
      rawEvent({
        providerId: Provider.KernelProcess,
        id: 2,
        version: 1,
        task: 2,
        opcode: 2,
        pid,
        tid: pid + 1,
        ticks,
      }),
      decodedEvent('Microsoft-Windows-Kernel-Process', 'ProcessStop_V1', {
        ProcessID: pid,
        ExitCode: exitCode,
        ImageName: shortName,
      }),
    );
  }

  threadStart(ticks: number, creatorPid: number, targetPid: number, tid: number): number {
    return this.add(
      rawEvent({
        providerId: Provider.KernelProcess,
        id: 3,
        version: 1,
        task: 3,
        opcode: 1,
        pid: creatorPid,
        tid: creatorPid + 1,
        ticks,
      }),
      decodedEvent('Microsoft-Windows-Kernel-Process', 'ThreadStart_V1', {
        ProcessID: targetPid,
        ThreadID: tid,
        StartAddr: '0x7ff612340000',
        Win32StartAddr: '0x7ff612340000',
      }),
    );
  }

  imageLoad(ticks: number, pid: number, image: string): number {
    return this.add(
      rawEvent({ providerId: Provider.KernelProcess, id: 5, task: 5, pid, tid: pid + 1, ticks }),
      decodedEvent('Microsoft-Windows-Kernel-Process', 'ImageLoad', {
        ImageBase: '0x7ff800000000',
        ImageSize: '0x1000',
        ProcessID: pid,
        ImageName: image,
      }),
    );
  }

  // ---- classic kernel events ---------------------------------------------------------------------

  classicProcess(
    ticks: number,
    opcode: number,
    pid: number,
    ppid: number,
    imageFileName: string,
    commandLine: string,
    headerPid = -1,
  ): number {
    return this.add(
      rawEvent({
        kind: RecordKind.System,
        headerType: 0x02,
        providerId: KernelClass.Process,
        version: 4,
        opcode,
        group: 3,
        pid: headerPid,
        tid: -1,
        ticks,
      }),
      decodedEvent(
        'Windows Kernel',
        `Process/${opcode === 1 ? 'Start' : opcode === 3 ? 'DCStart' : 'Type' + opcode}`,
        {
          UniqueProcessKey: '0xffffca8681a70300',
          ProcessId: pid,
          ParentId: ppid,
          SessionId: 1,
          ExitStatus: 259,
          UserSID: 'S-1-5-21-1-2-3-1001',
          ImageFileName: imageFileName,
          CommandLine: commandLine,
        },
      ),
    );
  }

  classicThreadStart(ticks: number, creatorPid: number, targetPid: number, tid: number): number {
    return this.add(
      rawEvent({
        kind: RecordKind.System,
        headerType: 0x02,
        providerId: KernelClass.Thread,
        version: 3,
        opcode: 1,
        group: 5,
        pid: creatorPid,
        tid: creatorPid + 1,
        ticks,
      }),
      decodedEvent('Windows Kernel', 'Thread/Start', {
        ProcessId: targetPid,
        TThreadId: tid,
        Win32StartAddr: '0x401000',
      }),
    );
  }

  // ---- Microsoft-Windows-Kernel-Network (real payload layout) -------------------------------------

  tcp(
    ticks: number,
    op: 'send' | 'recv' | 'connect',
    pid: number,
    size: number,
    remote: [number, number, number, number],
    remotePort: number,
  ): number {
    const id = op === 'send' ? 10 : op === 'recv' ? 11 : 12;
    const payload = new Uint8Array(op === 'send' ? 36 : op === 'connect' ? 44 : 28);
    const view = new DataView(payload.buffer);
    view.setUint32(0, pid, true);
    view.setUint32(4, size, true);
    payload.set(remote, 8);
    payload.set([10, 0, 0, 5], 12);
    view.setUint16(16, remotePort, false);
    view.setUint16(18, 50000, false);
    const name =
      op === 'send' ? 'KNetEvt_SendIPV4' : op === 'recv' ? 'KNetEvt_RecvIPV4' : 'KNetEvt_ConnectIPV4';
    return this.add(
      rawEvent({
        providerId: Provider.KernelNetwork,
        id,
        task: 10,
        opcode: id,
        pid: 0,
        tid: 0,
        ticks,
        payload,
      }),
      decodedEvent('Microsoft-Windows-Kernel-Network', name, { PID: pid, size }),
    );
  }

  // ---- DNS, PowerShell, ETW ------------------------------------------------------------------------

  dnsQuery(ticks: number, pid: number, name: string, results: string): number {
    this.add(
      rawEvent({ providerId: Provider.DnsClient, id: 3006, pid, tid: pid + 1, ticks }),
      decodedEvent('Microsoft-Windows-DNS-Client', 'task_03006', {
        QueryName: name,
        QueryType: 1,
        QueryOptions: 0,
      }),
    );
    return this.add(
      rawEvent({ providerId: Provider.DnsClient, id: 3008, pid, tid: pid + 1, ticks: ticks + 1000 }),
      decodedEvent('Microsoft-Windows-DNS-Client', 'task_03008', {
        QueryName: name,
        QueryType: 1,
        QueryOptions: 0,
        QueryStatus: 0,
        QueryResults: results,
      }),
    );
  }

  scriptBlock(ticks: number, pid: number, id: string, part: number, total: number, text: string): number {
    return this.add(
      rawEvent({ providerId: Provider.PowerShell, id: 4104, version: 1, pid, tid: pid + 1, ticks }),
      decodedEvent('Microsoft-Windows-PowerShell', 'StartingCommandOncreatecalls_V1', {
        MessageNumber: part,
        MessageTotal: total,
        ScriptBlockText: text,
        ScriptBlockId: id,
        Path: '',
      }),
    );
  }

  psCommand(ticks: number, pid: number, command: string, payload: string): number {
    return this.add(
      rawEvent({ providerId: Provider.PowerShell, id: 4103, version: 1, pid, tid: pid + 1, ticks }),
      decodedEvent('Microsoft-Windows-PowerShell', 'NoneTobeusedwhenanexceptionisraised4103_V1', {
        ContextInfo: `        Severity = Informational\r\n        Host Name = ConsoleHost\r\n        Command Name = ${command}\r\n        Command Type = Cmdlet\r\n`,
        UserData: '',
        Payload: payload,
      }),
    );
  }

  etwSessionStop(ticks: number, pid: number, session: string): number {
    return this.add(
      rawEvent({
        providerId: Provider.KernelEventTracing,
        id: 11,
        task: 2,
        opcode: 2,
        pid,
        tid: pid + 1,
        ticks,
      }),
      decodedEvent('Microsoft-Windows-Kernel-EventTracing', 'SessionStop11', {
        SessionGuid: '{11111111-2222-3333-4444-555555555555}',
        LoggerMode: 0,
        SessionName: session,
        LogFileName: '',
      }),
    );
  }

  etwProviderDisable(ticks: number, pid: number, session: string, provider: string): number {
    return this.add(
      rawEvent({
        providerId: Provider.KernelEventTracing,
        id: 15,
        task: 9,
        opcode: 0,
        pid,
        tid: pid + 1,
        ticks,
      }),
      decodedEvent('Microsoft-Windows-Kernel-EventTracing', 'ProviderDisable', {
        ProviderName: provider,
        SessionName: session,
      }),
    );
  }
}

/** Deterministic uniform numbers in [0, 1) (xorshift32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}
