// EventTrace (group 0x00, class 68fdd900-...): the trace header and its companions.
// Sources: KMOF EventTrace_Header, Header_Extension_TypeGroup, RDComplete; newer types from the
// Windows 10 TDH dump (shared/fixtures/manifests/windows10-dump/{68fdd900-...}.xml) and
// jdu2600/Windows10EtwEvents mof/Windows_Kernel_Trace.tsv. The ETL reader consumes type 0 itself;
// it is described here too so the header event decodes like any other.

import type { KernelClassTable } from '../class-table';

const GROUP_MASKS = [
  'GroupMask1:x32',
  'GroupMask2:x32',
  'GroupMask3:x32',
  'GroupMask4:x32',
  'GroupMask5:x32',
  'GroupMask6:x32',
  'GroupMask7:x32',
  'GroupMask8:x32',
];

export const eventTraceClass: KernelClassTable = {
  guid: '68fdd900-4a3e-11d1-84f4-0000f80464e3',
  provider: 'Windows Kernel',
  task: 'EventTrace',
  opcodes: {
    0: 'Header',
    5: 'Extension',
    8: 'RundownComplete',
    32: 'EndExtension',
    64: 'DbgIdRSDS',
    66: 'BuildInfo',
    67: 'ProviderBinaryPath',
    80: 'PartitionInfoExtension',
    82: 'LastDroppedTimes',
  },
  layouts: [
    {
      // TRACE_LOGFILE_HEADER + two strings (shared/docs/etw-formats.md §3). TimeZoneInformation is 176
      // bytes (172 + 4 padding) for both pointer sizes.
      types: [0],
      versions: [0, 1, 2],
      source: 'EventTrace_Header',
      fields: [
        'BufferSize:u32',
        'Version:u32',
        'ProviderVersion:u32',
        'NumberOfProcessors:u32',
        'EndTime:u64',
        'TimerResolution:u32',
        'MaxFileSize:u32',
        'LogFileMode:x32',
        'BuffersWritten:u32',
        'StartBuffers:u32',
        'PointerSize:u32',
        'EventsLost:u32',
        'CPUSpeed:u32',
        'LoggerName:ptr',
        'LogFileName:ptr',
        'TimeZoneInformation:bin[176]',
        'BootTime:u64',
        'PerfFreq:u64',
        'StartTime:u64',
        'ReservedFlags:x32',
        'BuffersLost:u32',
        'SessionNameString:wstr',
        'LogFileNameString:wstr',
      ],
    },
    // Before version 2 the extension had no KernelEventVersion (Windows 10 TDH dump).
    { types: [5, 32], versions: [0, 1], source: 'EventTrace_Extension', fields: GROUP_MASKS },
    {
      types: [5, 32],
      versions: [2],
      source: 'Header_Extension_TypeGroup',
      fields: [...GROUP_MASKS, 'KernelEventVersion:x32'],
    },
    { types: [8], versions: [0, 1, 2], source: 'RDComplete', fields: [] },
    {
      types: [64],
      versions: [2],
      source: 'EventTrace_DbgIdRSDS',
      fields: ['Guid:guid', 'Age:u32', 'PdbName:astr'],
    },
    { types: [66], versions: [2], source: 'EventTrace_BuildInfo', fields: ['BuildString:astr'] },
    {
      types: [67],
      versions: [2],
      source: 'EventTrace_ProviderBinaryPath',
      fields: ['GuidCount:u32', 'Guid:guid[GuidCount]', 'BinaryPath:wstr'],
    },
    {
      // 48 bytes in every fixture that has it (perfview, airbus), so the ids are GUIDs in version 2 too.
      types: [80],
      versions: [0, 2],
      source: 'Header_PartitionInformation_TypeGroup',
      fields: [
        'EventVersion:u16',
        'Reserved:u16',
        'PartitionType:u32',
        'QpcOffsetFromRoot:i64',
        'PartitionId:guid',
        'ParentId:guid',
      ],
    },
    {
      types: [82],
      versions: [2],
      source: 'EventTrace_LastDroppedTimes',
      fields: ['TimeStampCount:u32', 'Padding:u32', 'TimeStamp:u64[TimeStampCount]'],
    },
  ],
};
