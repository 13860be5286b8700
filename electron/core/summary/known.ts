// The providers and event ids the analyzer understands, in one place. Manifest providers are matched by
// provider GUID + event id (names differ between manifest versions: the Windows 7 dump calls Kernel-Network
// event 11 "KERNEL_NETWORK_TASK_TCPIPDatareceived.", Tx's SystemEvents.man calls it "KNetEvt_RecvIPV4");
// classic kernel events by class GUID + opcode (the event type). Sources: the windows7-dump and
// windows10-dump manifests under shared/fixtures/manifests and the kernel class tables in
// electron/core/decode/kernel/tables.

/** Manifest (EVENT_HEADER) providers. */
export const Provider = {
  KernelProcess: '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716',
  KernelNetwork: '7dd42a49-5329-4832-8dfd-43d979153a88',
  KernelFile: 'edd08927-9cc4-4e65-b970-c2560fb5c289',
  DnsClient: '1c95126e-7eea-49a9-a3fe-a378b03ddb4d',
  WmiActivity: '1418ef04-b0b4-4623-bf7e-d74ab47bbdaa',
  PowerShell: 'a0c1853b-5c40-4b15-8766-3cf1c58f985a',
  KernelEventTracing: 'b675ec37-bdb6-4648-bc92-f3fdc74d3ca2',
} as const;

/** Classic kernel event classes (RawEvent.providerId of SYSTEM/PERFINFO/classic records). */
export const KernelClass = {
  Process: '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c',
  Thread: '3d6fa8d1-fe05-11d0-9dda-00c04fd7ba7c',
  Image: '2cb15d1d-5fc1-11d2-abe1-00a0c911f518',
  FileIo: '90cbdc39-4a3e-11d1-84f4-0000f80464e3',
  TcpIp: '9a280ac0-c8e0-11d1-84e2-00c04fb998a2',
  UdpIp: 'bf3a50c5-a9c9-4988-a005-2df0b7c80f80',
  /** KernelTraceControl SysConfig (xperf/PerfView merge): VolumeMapping NtPath → DosPath. */
  SysConfig: '9b79ee91-b5fd-41c0-a243-4248e266e9d0',
} as const;

/** Microsoft-Windows-Kernel-Process event ids (task = id for these). */
export const KernelProcessEvent = {
  ProcessStart: 1,
  ProcessStop: 2,
  ThreadStart: 3,
  ThreadStop: 4,
  ImageLoad: 5,
  ImageUnload: 6,
  ProcessRundown: 15,
} as const;

/** Classic Process / Thread / Image event types (RawEvent.opcode). */
export const ClassicOpcode = {
  Start: 1,
  Stop: 2,
  DCStart: 3,
  DCStop: 4,
  ImageLoad: 10,
  ProcessTerminate: 11,
  ProcessDefunct: 39,
} as const;

/** Classic FileIO types that carry FileObject + FileName (Name, FileCreate, FileDelete, FileRundown). */
export const FileIoNameOpcode = { Name: 0, FileCreate: 32, FileDelete: 35, FileRundown: 36 } as const;
/** Classic FileIO Create (type 64): FileObject + OpenPath. */
export const FILEIO_CREATE_OPCODE = 64;
/** KernelTraceControl SysConfig VolumeMapping type. */
export const VOLUME_MAPPING_OPCODE = 35;

/** Microsoft-Windows-Kernel-File: NameCreate(10)/NameDelete(11) by FileKey, Create(12)/CreateNewFile(30). */
export const KernelFileEvent = { NameCreate: 10, NameDelete: 11, Create: 12, CreateNewFile: 30 } as const;

/** DNS-Client query events: start (3006, older 3000), completion (3008, 3003), cache/response (3018, 3020). */
export const DnsEvent = {
  QueryStart: new Set([3000, 3006]),
  QueryComplete: new Set([3003, 3008, 3018, 3020]),
} as const;

/** WMI-Activity: operation start (1, 11), provider loaded (5857), error (5858), subscriptions (5859/5860), consumer (5861). */
export const WmiEvent = {
  Operation: new Set([1, 11]),
  ProviderLoaded: 5857,
  Error: 5858,
  Subscription: new Set([5859, 5860]),
  Consumer: 5861,
} as const;

/** PowerShell: 4104 script block (parts), 4103 command invocation (module logging), 4100 error. */
export const PowerShellEvent = { ScriptBlock: 4104, Command: 4103, Error: 4100 } as const;

/** Kernel-EventTracing: SessionStop (3, and 11 in its SessionGuid form), ProviderDisable (15). */
export const EventTracingEvent = {
  SessionStop: new Set([3, 11]),
  ProviderDisable: 15,
} as const;

/** The analyzer's own derived events (per-process netflow), a provider no Windows component uses. */
export const NETFLOW_PROVIDER_ID = '6f1e3c52-8a4d-4b7e-9c21-3d5a7e9b0f48';
export const NETFLOW_PROVIDER_NAME = 'ETWExplorer-Netflow';
export const NETFLOW_EVENT_NAME = 'Netflow';
