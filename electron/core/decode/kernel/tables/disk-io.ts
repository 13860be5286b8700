// DiskIo (group 0x01, class 3d6fa8d4-...). Version 2 from KMOF (DiskIo_TypeGroup1/2/3 and the driver
// events); versions 0/1 and 3 (IssuingThreadId appended, optical-disk types) from the Windows 10 TDH
// dump ({3d6fa8d4-...}.xml) and learn.microsoft.com DiskIo_TypeGroup1; ntwmi.h names the version 3
// structures ETW_DISKIO_READWRITE_V3 / ETW_DISKIO_FLUSH_BUFFERS_V3. TraceEvent's names.

import type { KernelClassTable } from '../class-table';

const READ_WRITE_V2 = [
  'DiskNumber:u32',
  'IrpFlags:x32',
  'TransferSize:u32',
  'Reserved:u32',
  'ByteOffset:u64',
  'FileObject:ptr',
  'Irp:ptr',
  'HighResResponseTime:u64',
];
const FLUSH_V2 = ['DiskNumber:u32', 'IrpFlags:x32', 'HighResResponseTime:u64', 'Irp:ptr'];

export const diskIoClass: KernelClassTable = {
  guid: '3d6fa8d4-fe05-11d0-9dda-00c04fd7ba7c',
  provider: 'Windows Kernel',
  task: 'DiskIO',
  opcodes: {
    10: 'Read',
    11: 'Write',
    12: 'ReadInit',
    13: 'WriteInit',
    14: 'FlushBuffers',
    15: 'FlushInit',
    34: 'DriverMajorFunctionCall',
    35: 'DriverMajorFunctionReturn',
    37: 'DriverCompletionRoutine',
    52: 'DriverCompleteRequest',
    53: 'DriverCompleteRequestReturn',
    55: 'OpticalRead',
    56: 'OpticalWrite',
    57: 'OpticalFlushBuffers',
    58: 'OpticalReadInit',
    59: 'OpticalWriteInit',
    60: 'OpticalFlushInit',
  },
  layouts: [
    {
      types: [10, 11],
      versions: [0],
      source: 'DiskIo_V0_TypeGroup1',
      fields: [
        'DiskNumber:u32',
        'IrpFlags:x32',
        'TransferSize:u32',
        'Reserved:u32',
        'ByteOffset:u64',
        'FileObject:ptr',
      ],
    },
    {
      types: [10, 11],
      versions: [1],
      source: 'DiskIo_V1_TypeGroup1',
      fields: [
        'DiskNumber:u32',
        'IrpFlags:x32',
        'TransferSize:u32',
        'ResponseTime:u32',
        'ByteOffset:u64',
        'FileObject:ptr',
        'HighResResponseTime:u64',
      ],
    },
    { types: [10, 11], versions: [2], source: 'DiskIo_TypeGroup1', fields: READ_WRITE_V2 },
    {
      types: [10, 11, 55, 56],
      versions: [3],
      source: 'DiskIo_V3_TypeGroup1',
      fields: [...READ_WRITE_V2, 'IssuingThreadId:u32'],
    },
    { types: [12, 13, 15], versions: [2], source: 'DiskIo_TypeGroup2', fields: ['Irp:ptr'] },
    {
      types: [12, 13, 15, 58, 59, 60],
      versions: [3],
      source: 'DiskIo_V3_TypeGroup2',
      fields: ['Irp:ptr', 'IssuingThreadId:u32'],
    },
    { types: [14], versions: [2], source: 'DiskIo_TypeGroup3', fields: FLUSH_V2 },
    {
      types: [14, 57],
      versions: [3],
      source: 'DiskIo_V3_TypeGroup3',
      fields: [...FLUSH_V2, 'IssuingThreadId:u32'],
    },
    {
      types: [34],
      versions: [1],
      source: 'V1_DriverMajorFunctionCall',
      fields: [
        'UniqMatchId:u32',
        'RoutineAddr:ptr',
        'Irp:ptr',
        'MajorFunction:u32',
        'MinorFunction:u32',
        'FileObject:ptr',
      ],
    },
    {
      types: [34],
      versions: [2],
      source: 'DriverMajorFunctionCall',
      fields: [
        'MajorFunction:u32',
        'MinorFunction:u32',
        'RoutineAddr:ptr',
        'FileObject:ptr',
        'Irp:ptr',
        'UniqMatchId:u32',
      ],
    },
    {
      types: [35],
      versions: [1],
      source: 'V1_DriverMajorFunctionReturn',
      fields: ['UniqMatchId:u32', 'Irp:ptr'],
    },
    {
      types: [35],
      versions: [2],
      source: 'DriverMajorFunctionReturn',
      fields: ['Irp:ptr', 'UniqMatchId:u32'],
    },
    {
      types: [37],
      versions: [2],
      source: 'DriverCompletionRoutine',
      fields: ['Routine:ptr', 'IrpPtr:ptr', 'UniqMatchId:u32'],
    },
    {
      types: [52],
      versions: [1, 2],
      source: 'DriverCompleteRequest',
      fields: ['RoutineAddr:ptr', 'Irp:ptr', 'UniqMatchId:u32'],
    },
    {
      types: [53],
      versions: [1, 2],
      source: 'DriverCompleteRequestReturn',
      fields: ['Irp:ptr', 'UniqMatchId:u32'],
    },
  ],
};
