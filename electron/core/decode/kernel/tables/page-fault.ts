// PageFault (group 0x02, class 3d6fa8d3-...), printed by TraceEvent as task "Memory". Version 2 from KMOF
// (PageFault_TypeGroup1, PageFault_HardFault, PageFault_HeapRange*, PageFault_ImageLoadBacked);
// VirtualAlloc/VirtualFree (TraceEvent's "VirtualMem/Alloc"/"VirtualMem/Free"), VirtualRotate,
// VirtualAlloc rundown, MemResetInfo and HeapRangeRundown versions 3/4 from the Windows 10 TDH dump
// and jdu2600/Windows10EtwEvents. SizeT fields are pointer-sized.

import type { KernelClassTable } from '../class-table';

const HEAP_RANGE_RUNDOWN = ['HeapHandle:ptr', 'HRFlags:x32', 'HRPid:u32', 'HRRangeCount:u32'];

export const pageFaultClass: KernelClassTable = {
  guid: '3d6fa8d3-fe05-11d0-9dda-00c04fd7ba7c',
  provider: 'Windows Kernel',
  task: 'Memory',
  opcodes: {
    10: 'TransitionFault',
    11: 'DemandZeroFault',
    12: 'CopyOnWrite',
    13: 'GuardMemory',
    14: 'HardMemory',
    15: 'AccessViolation',
    32: 'HardFault',
    98: 'VirtualAlloc',
    99: 'VirtualFree',
    100: 'HeapRangeRundown',
    101: 'HeapRangeCreate',
    102: 'HeapRangeReserve',
    103: 'HeapRangeRelease',
    104: 'HeapRangeDestroy',
    105: 'ImageLoadBacked',
    127: 'VirtualRotate',
    128: 'VirtualAllocDCStart',
    129: 'VirtualAllocDCStop',
    134: 'MemResetInfo',
  },
  names: { 98: 'VirtualMem/Alloc', 99: 'VirtualMem/Free' },
  layouts: [
    {
      types: [10, 11, 12, 13, 14, 15],
      versions: [2],
      source: 'PageFault_TypeGroup1',
      fields: ['VirtualAddress:ptr', 'ProgramCounter:ptr'],
    },
    {
      types: [32],
      versions: [2],
      source: 'PageFault_HardFault',
      fields: [
        'InitialTime:time',
        'ReadOffset:x64',
        'VirtualAddress:ptr',
        'FileObject:ptr',
        'TThreadId:u32',
        'ByteCount:u32',
      ],
    },
    {
      types: [98, 99],
      versions: [2],
      source: 'PageFault_VirtualAlloc',
      fields: ['BaseAddress:ptr', 'RegionSize:ptr', 'ProcessId:u32', 'Flags:x32'],
    },
    { types: [100], versions: [2], source: 'PageFault_HeapRangeRundown', fields: HEAP_RANGE_RUNDOWN },
    {
      types: [100],
      versions: [3],
      source: 'PageFault_HeapRangeRundown_V3',
      fields: [...HEAP_RANGE_RUNDOWN, 'Reserved:u32'],
    },
    {
      types: [100],
      versions: [4],
      source: 'PageFault_HeapRangeRundown_V4',
      fields: [...HEAP_RANGE_RUNDOWN, 'HRHeapTag:x64'],
    },
    {
      types: [101],
      versions: [2],
      source: 'PageFault_HeapRangeCreate',
      fields: ['HeapHandle:ptr', 'FirstRangeSize:ptr', 'HRCreateFlags:x32'],
    },
    {
      types: [102, 103],
      versions: [2],
      source: 'PageFault_HeapRangeTypeGroup',
      fields: ['HeapHandle:ptr', 'HRAddress:ptr', 'HRSize:ptr'],
    },
    { types: [104], versions: [2], source: 'PageFault_HeapRangeDestroy', fields: ['HeapHandle:ptr'] },
    {
      types: [105],
      versions: [2],
      source: 'PageFault_ImageLoadBacked',
      fields: ['FileObject:ptr', 'DeviceChar:x32', 'FileChar:x16', 'LoadFlags:x16'],
    },
    {
      types: [127, 134],
      versions: [2],
      source: 'PageFault_VirtualRotate',
      fields: ['BaseAddress:ptr', 'SizeInBytes:ptr', 'Flags:x32'],
    },
    {
      types: [128, 129],
      versions: [2],
      source: 'PageFault_VirtualAllocRundown',
      fields: ['BaseAddress:ptr', 'RegionSize:ptr', 'ProcessId:u32', 'Flags:x32', 'CommitSizeInBytes:ptr'],
    },
  ],
};
