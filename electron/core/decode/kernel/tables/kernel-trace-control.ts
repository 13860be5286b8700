// Events that KernelTraceControl (xperf / WPR / PerfView merge) injects into merged traces so they can be
// decoded off the capture box: FULL_HEADER classic events with their own class GUIDs
// (shared/docs/etw-formats.md §8). Layouts from TraceEvent SymbolTraceEventParser.cs (ImageID/DbgID
// DBGID_LOG_TYPE_* = 0, 32, 36, 37, 38, 40, 64) and KernelTraceEventParser.cs (SysConfig BuildInfo,
// SystemPaths, UnknownVolume, VolumeMapping), SNAIL kernel_trace_control/image_id.hpp and
// system_config_ex.hpp. Payload sizes check out against the perfview net.4.5.2 capture (ImageID 44 bytes
// for "ntdll.dll" on x64, DbgID_RSDS 43 for "wntdll.pdb", None 12).
// TraceEvent prints the SysConfig class under "Windows Kernel" (oracle: "Windows Kernel/SysConfig/
// SystemPaths"), so that class keeps that provider name. SysConfig type 37 (16 bytes) is unknown to every
// public source and is left undescribed. MetaData payloads are whole TRACE_EVENT_INFO / EVENT_MAP_INFO
// blobs that the metadata reader parses; here they are plain bytes.

import type { KernelClassTable } from '../class-table';

const RSDS = ['ImageBase:ptr', 'ProcessId:u32', 'GuidSig:guid', 'Age:u32', 'PDBFileName:astr'];

export const imageIdClass: KernelClassTable = {
  guid: 'b3e675d7-2554-4f18-830b-2762732560de',
  provider: 'KernelTraceControl',
  task: 'ImageID',
  opcodes: {
    0: 'Info',
    32: 'None',
    36: 'DbgID_RSDS',
    37: 'DbgID_ILRSDS',
    38: 'DbgPPDB',
    40: 'DbgDeterm',
    64: 'FileVersion',
  },
  layouts: [
    {
      types: [0],
      versions: [2],
      source: 'ImageID',
      fields: [
        'ImageBase:ptr',
        'ImageSize:ptr',
        'ProcessId:u32',
        'TimeDateStamp:u32',
        'OriginalFileName:wstr',
      ],
    },
    { types: [32], versions: [2], source: 'ImageID_None', fields: ['ImageBase:ptr', 'ProcessId:u32'] },
    { types: [36], versions: [2], source: 'DbgID_RSDS', fields: RSDS },
    { types: [37], versions: [2], source: 'DbgID_ILRSDS', fields: RSDS },
    {
      types: [38],
      versions: [2],
      source: 'DbgPPDB',
      fields: ['ImageBase:ptr', 'ProcessId:u32', 'TimeDateStamp:u32', 'MajorVersion:u16', 'MinorVersion:u16'],
    },
    { types: [40], versions: [2], source: 'DbgDeterm', fields: ['ImageBase:ptr', 'ProcessId:u32'] },
    {
      types: [64],
      versions: [0],
      source: 'FileVersion',
      fields: [
        'ImageSize:u32',
        'TimeDateStamp:u32',
        'OrigFileName:wstr',
        'FileDescription:wstr',
        'FileVersion:wstr',
        'BinFileVersion:wstr',
        'VerLanguage:wstr',
        'ProductName:wstr',
        'CompanyName:wstr',
        'ProductVersion:wstr',
        'FileId:wstr',
        'ProgramId:wstr',
      ],
    },
  ],
};

export const sysConfigClass: KernelClassTable = {
  guid: '9b79ee91-b5fd-41c0-a243-4248e266e9d0',
  provider: 'Windows Kernel',
  task: 'SysConfig',
  opcodes: { 32: 'BuildInfo', 33: 'SystemPaths', 34: 'UnknownVolume', 35: 'VolumeMapping' },
  layouts: [
    {
      types: [32],
      versions: [0],
      source: 'SysConfig_BuildInfo',
      fields: ['InstallDate:filetime', 'BuildLab:wstr', 'ProductName:wstr'],
    },
    {
      types: [33],
      versions: [0],
      source: 'SysConfig_SystemPaths',
      fields: ['SystemDirectory:wstr', 'SystemWindowsDirectory:wstr'],
    },
    { types: [34], versions: [0], source: 'SysConfig_UnknownVolume', fields: ['Value:wstr'] },
    {
      types: [35],
      versions: [0],
      source: 'SysConfig_VolumeMapping',
      fields: ['NtPath:wstr', 'DosPath:wstr'],
    },
  ],
};

export const metaDataClass: KernelClassTable = {
  guid: 'bbccf6c1-6cd1-48c4-80ff-839482e37671',
  provider: 'KernelTraceControl',
  task: 'MetaData',
  opcodes: { 32: 'EventInfo', 33: 'EventMapInfo' },
  layouts: [
    { types: [32], versions: [0], source: 'MetaData_EventInfo', fields: ['TraceEventInfo:bin[*]'] },
    {
      types: [33],
      versions: [0],
      source: 'MetaData_EventMapInfo',
      fields: ['ProviderId:guid', 'EventMapInfo:bin[*]'],
    },
  ],
};
