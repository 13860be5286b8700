// The schemas of the events the demo capture holds, embedded so the demo needs no files. They are
// the real providers' GUIDs, event ids, versions and field layouts, copied from the manifests
// reconstructed from a Windows 10 machine (shared/fixtures/manifests/windows10-dump, fox-it
// dissect.etl), with the out-types, keywords, channel and event symbols the Windows
// SystemEvents.man of Kernel-Process and Kernel-Network adds (shared/fixtures/manifests/tx).
// The generator writes them into the .etl as MetaData events, like any self-contained export.
import type { EventSchema, FieldSchema, MapSchema, ProviderSchema } from '../../common/model/schema';

const f = (name: string, inType: string, outType?: string, map?: string): FieldSchema => ({
  name,
  inType,
  ...(outType !== undefined ? { outType } : {}),
  ...(map !== undefined ? { map } : {}),
});

const ev = (
  id: number,
  version: number,
  name: string,
  task: number,
  opcode: number,
  level: number,
  keywords: string,
  fields: FieldSchema[],
  channel?: number,
): EventSchema => ({
  id,
  version,
  level,
  opcode,
  task,
  keywords,
  name,
  symbol: name,
  fields,
  ...(channel !== undefined ? { channel } : {}),
});

const provider = (
  guid: string,
  name: string,
  events: EventSchema[],
  tasks: ProviderSchema['tasks'],
  opcodes: ProviderSchema['opcodes'] = [],
  maps: MapSchema[] = [],
): ProviderSchema => ({
  guid,
  name,
  source: { kind: 'builtin' },
  events,
  keywords: [],
  levels: [],
  opcodes,
  tasks,
  channels: [],
  maps,
});

const KP_CHANNEL = 16;
const KP_PROCESS = '0x8000000000000010';
const KP_THREAD = '0x8000000000000020';
const KP_IMAGE = '0x8000000000000040';

const processStartFields = [
  f('ProcessID', 'UInt32', 'PID'),
  f('CreateTime', 'FILETIME', 'DateTime'),
  f('ParentProcessID', 'UInt32', 'PID'),
  f('SessionID', 'UInt32', 'UnsignedInt'),
  f('Flags', 'UInt32', undefined, 'ProcessFlags'),
  f('ImageName', 'UnicodeString', 'String'),
  f('ImageChecksum', 'UInt32'),
  f('TimeDateStamp', 'UInt32'),
  f('PackageFullName', 'UnicodeString'),
  f('PackageRelativeAppId', 'UnicodeString'),
];
const threadFields = [
  f('ProcessID', 'UInt32', 'PID'),
  f('ThreadID', 'UInt32', 'TID'),
  f('StackBase', 'Pointer', 'HexInt64'),
  f('StackLimit', 'Pointer', 'HexInt64'),
  f('UserStackBase', 'Pointer', 'HexInt64'),
  f('UserStackLimit', 'Pointer', 'HexInt64'),
  f('StartAddr', 'Pointer', 'HexInt64'),
  f('Win32StartAddr', 'Pointer', 'HexInt64'),
  f('TebBase', 'Pointer', 'HexInt64'),
  f('SubProcessTag', 'UInt32', 'UnsignedInt'),
];

export const KernelProcess = {
  ProcessStart: ev(1, 2, 'ProcessStart', 1, 1, 4, KP_PROCESS, processStartFields, KP_CHANNEL),
  ProcessStop: ev(
    2,
    1,
    'ProcessStop',
    2,
    2,
    4,
    KP_PROCESS,
    [
      f('ProcessID', 'UInt32', 'PID'),
      f('CreateTime', 'FILETIME', 'DateTime'),
      f('ExitTime', 'FILETIME', 'DateTime'),
      f('ExitCode', 'UInt32', 'UnsignedInt'),
      f('TokenElevationType', 'UInt32', 'UnsignedInt'),
      f('HandleCount', 'UInt32', 'UnsignedInt'),
      f('CommitCharge', 'UInt64', 'UnsignedLong'),
      f('CommitPeak', 'UInt64', 'UnsignedLong'),
      f('CPUCycleCount', 'UInt64', 'UnsignedLong'),
      f('ReadOperationCount', 'UInt32', 'UnsignedInt'),
      f('WriteOperationCount', 'UInt32', 'UnsignedInt'),
      f('ReadTransferKiloBytes', 'UInt32', 'UnsignedInt'),
      f('WriteTransferKiloBytes', 'UInt32', 'UnsignedInt'),
      f('HardFaultCount', 'UInt32', 'UnsignedInt'),
      f('ImageName', 'AnsiString', 'String'),
    ],
    KP_CHANNEL,
  ),
  ThreadStart: ev(3, 1, 'ThreadStart', 3, 1, 4, KP_THREAD, threadFields, KP_CHANNEL),
  ThreadStop: ev(
    4,
    1,
    'ThreadStop',
    4,
    2,
    4,
    KP_THREAD,
    [...threadFields, f('CycleTime', 'UInt64', 'HexInt64')],
    KP_CHANNEL,
  ),
  ImageLoad: ev(
    5,
    0,
    'ImageLoad',
    5,
    0,
    4,
    KP_IMAGE,
    [
      f('ImageBase', 'Pointer', 'HexInt64'),
      f('ImageSize', 'Pointer', 'HexInt64'),
      f('ProcessID', 'UInt32', 'PID'),
      f('ImageCheckSum', 'UInt32', 'UnsignedInt'),
      f('TimeDateStamp', 'UInt32', 'UnsignedInt'),
      f('DefaultBase', 'Pointer', 'HexInt64'),
      f('ImageName', 'UnicodeString', 'String'),
    ],
    KP_CHANNEL,
  ),
  ProcessRundown: ev(15, 0, 'ProcessRundown', 15, 0, 4, KP_PROCESS, processStartFields, KP_CHANNEL),
};

const KN_CHANNEL = 16;
const KN_IPV4 = '0x8000000000000010';
const tcpFields = (middle: FieldSchema[] = []) => [
  f('PID', 'UInt32', 'UnsignedInt'),
  f('size', 'UInt32', 'UnsignedInt'),
  f('daddr', 'UInt32', 'IPv4'),
  f('saddr', 'UInt32', 'IPv4'),
  f('dport', 'UInt16', 'Port'),
  f('sport', 'UInt16', 'Port'),
  ...middle,
  f('seqnum', 'UInt32', 'UnsignedInt'),
  f('connid', 'UInt32', 'UnsignedInt'),
];
const connectFields = tcpFields([
  f('mss', 'UInt16', 'UnsignedShort'),
  f('sackopt', 'UInt16', 'UnsignedShort'),
  f('tsopt', 'UInt16', 'UnsignedShort'),
  f('wsopt', 'UInt16', 'UnsignedShort'),
  f('rcvwin', 'UInt32', 'UnsignedInt'),
  f('rcvwinscale', 'UInt16', 'UnsignedShort'),
  f('sndwinscale', 'UInt16', 'UnsignedShort'),
]);

export const KernelNetwork = {
  TcpSend: ev(
    10,
    0,
    'KNetEvt_SendIPV4',
    10,
    10,
    4,
    KN_IPV4,
    tcpFields([f('startime', 'UInt32', 'UnsignedInt'), f('endtime', 'UInt32', 'UnsignedInt')]),
    KN_CHANNEL,
  ),
  TcpRecv: ev(11, 0, 'KNetEvt_RecvIPV4', 10, 11, 4, KN_IPV4, tcpFields(), KN_CHANNEL),
  TcpConnect: ev(12, 0, 'KNetEvt_ConnectIPV4', 10, 12, 4, KN_IPV4, connectFields, KN_CHANNEL),
  TcpDisconnect: ev(13, 0, 'KNetEvt_DisconnectIPV4', 10, 13, 4, KN_IPV4, tcpFields(), KN_CHANNEL),
  UdpSend: ev(42, 0, 'KNetEvt_SendIPV4Udp', 11, 42, 4, KN_IPV4, tcpFields(), KN_CHANNEL),
  UdpRecv: ev(43, 0, 'KNetEvt_RecvIPV4Udp', 11, 43, 4, KN_IPV4, tcpFields(), KN_CHANNEL),
};

export const DnsClient = {
  QueryStart: ev(3006, 0, 'task_03006', 0, 0, 4, '0x0', [
    f('QueryName', 'UnicodeString'),
    f('QueryType', 'UInt32'),
    f('QueryOptions', 'UInt64'),
    f('ServerList', 'UnicodeString'),
    f('IsNetworkQuery', 'UInt32'),
    f('NetworkQueryIndex', 'UInt32'),
    f('InterfaceIndex', 'UInt32'),
    f('IsAsyncQuery', 'UInt32'),
  ]),
  QueryComplete: ev(3008, 0, 'task_03008', 0, 0, 4, '0x0', [
    f('QueryName', 'UnicodeString'),
    f('QueryType', 'UInt32'),
    f('QueryOptions', 'UInt64'),
    f('QueryStatus', 'UInt32'),
    f('QueryResults', 'UnicodeString'),
  ]),
};

export const PowerShell = {
  ConsoleStartupStart: ev(40961, 1, 'PowerShellConsoleStartupStart_V1', 4, 1, 4, '0x0', []),
  ConsoleStartupStop: ev(40962, 1, 'PowerShellConsoleStartupStop_V1', 4, 2, 4, '0x0', []),
  ModuleLogging: ev(4103, 1, 'NoneTobeusedwhenanexceptionisraised4103_V1', 0, 19, 4, '0x20', [
    f('ContextInfo', 'UnicodeString'),
    f('UserData', 'UnicodeString'),
    f('Payload', 'UnicodeString'),
  ]),
  ScriptBlock: ev(4104, 1, 'StartingCommandOncreatecalls_V1', 102, 15, 5, '0x1', [
    f('MessageNumber', 'Int32'),
    f('MessageTotal', 'Int32'),
    f('ScriptBlockText', 'UnicodeString'),
    f('ScriptBlockId', 'UnicodeString'),
    f('Path', 'UnicodeString'),
  ]),
};

export const WmiActivity = {
  Operation: ev(11, 0, 'task_011', 0, 0, 4, '0x0', [
    f('CorrelationId', 'UnicodeString'),
    f('GroupOperationId', 'UInt32'),
    f('OperationId', 'UInt32'),
    f('Operation', 'UnicodeString'),
    f('ClientMachine', 'UnicodeString'),
    f('User', 'UnicodeString'),
    f('ClientProcessId', 'UInt32'),
    f('NamespaceName', 'UnicodeString'),
  ]),
  ProviderLoaded: ev(5857, 0, 'task_05857', 0, 0, 0, '0x0', [
    f('ProviderName', 'UnicodeString'),
    f('Code', 'HexInt32'),
    f('HostProcess', 'UnicodeString'),
    f('ProcessID', 'UInt32'),
    f('ProviderPath', 'UnicodeString'),
  ]),
};

export const DEMO_PROVIDERS: readonly ProviderSchema[] = [
  provider(
    '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716',
    'Microsoft-Windows-Kernel-Process',
    Object.values(KernelProcess),
    [
      { name: 'ProcessStart', value: 1 },
      { name: 'ProcessStop', value: 2 },
      { name: 'ThreadStart', value: 3 },
      { name: 'ThreadStop', value: 4 },
      { name: 'ImageLoad', value: 5 },
      { name: 'ProcessRundown', value: 15 },
    ],
    [],
    [{ name: 'ProcessFlags', kind: 'bitmap', entries: [{ value: 1, message: 'PackageId' }] }],
  ),
  provider(
    '7dd42a49-5329-4832-8dfd-43d979153a88',
    'Microsoft-Windows-Kernel-Network',
    Object.values(KernelNetwork),
    [
      { name: 'KERNEL_NETWORK_TASK_TCPIP', value: 10 },
      { name: 'KERNEL_NETWORK_TASK_UDPIP', value: 11 },
    ],
    [
      { name: 'KERNEL_NETWORK_OPCODE_SEND', value: 10 },
      { name: 'KERNEL_NETWORK_OPCODE_RECV', value: 11 },
      { name: 'KERNEL_NETWORK_OPCODE_CONNECT', value: 12 },
      { name: 'KERNEL_NETWORK_OPCODE_DISCONNECT', value: 13 },
      { name: 'KERNEL_NETWORK_OPCODE_SENDUDP', value: 42 },
      { name: 'KERNEL_NETWORK_OPCODE_RECVUDP', value: 43 },
    ],
  ),
  provider('1c95126e-7eea-49a9-a3fe-a378b03ddb4d', 'Microsoft-Windows-DNS-Client', Object.values(DnsClient), [
    { name: 'task_0', value: 0 },
  ]),
  provider(
    'a0c1853b-5c40-4b15-8766-3cf1c58f985a',
    'Microsoft-Windows-PowerShell',
    Object.values(PowerShell),
    [
      { name: 'None', value: 0 },
      { name: 'PowerShellConsoleStartup', value: 4 },
      { name: 'StartingCommand', value: 102 },
    ],
    [
      { name: 'Tobeusedwhenanexceptionisraised', value: 19, task: 0 },
      { name: 'Oncreatecalls', value: 15, task: 102 },
    ],
  ),
  provider(
    '1418ef04-b0b4-4623-bf7e-d74ab47bbdaa',
    'Microsoft-Windows-WMI-Activity',
    Object.values(WmiActivity),
    [{ name: 'task_0', value: 0 }],
  ),
];

/** The provider an embedded event schema belongs to. */
export function providerOf(event: EventSchema): ProviderSchema {
  const p = DEMO_PROVIDERS.find((x) => x.events.includes(event));
  if (!p) throw new Error(`event ${event.name ?? event.id} is not one of the demo schemas`);
  return p;
}
