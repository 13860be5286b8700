// PerfInfo (group 0x0f, class ce1dbfb4-...): sampled profile, system calls, interrupts and DPCs, timers.
// KMOF gives ISR_V1, DPC_V1, SampledProfile, SampledProfileInterval, SysCallEnter/Exit, ISR, DPC,
// DebuggerEnabled. Two version-2 layouts follow the newer documentation instead of KMOF (the test lists
// them as exceptions): SampledProfile's Count is a u16 followed by a reserved u16 (TraceEvent reads
// Count as Int16 and flags from the third byte; Windows 10 TDH dump: Count u16, Reserved u16), and ISR's
// Vector is a u16 (Windows 10 TDH dump and jdu2600 dumps: ReturnValue u8, Vector u16, Reserved u8).
// The other types come from the Windows 10 TDH dump and jdu2600/Windows10EtwEvents.
// Event names are TraceEvent's ("PerfInfo/Sample", "PerfInfo/SysClEnter"...).

import type { KernelClassTable } from '../class-table';

const TIMED_ROUTINE = ['InitialTime:time', 'Routine:ptr'];
const INTERVAL = ['Source:u32', 'NewInterval:u32', 'OldInterval:u32'];
const SPIN_LOCK_CONFIG = [
  'SpinLockSpinThreshold:u32',
  'SpinLockContentionSampleRate:u32',
  'SpinLockAcquireSampleRate:u32',
];
const KTIMER2 = [
  'DueTime:u64',
  'MaximumDueTime:u64',
  'Period:u64',
  'Timer:ptr',
  'Callback:ptr',
  'CallbackContext:ptr',
  'TimerFlags:x8',
];
const AMD64_REGISTERS = [
  'Rip',
  'Rax',
  'Rcx',
  'Rdx',
  'Rbx',
  'Rsp',
  'Rbp',
  'Rsi',
  'Rdi',
  'R8',
  'R9',
  'R10',
  'R11',
  'R12',
  'R13',
  'R14',
  'R15',
];

export const perfInfoClass: KernelClassTable = {
  guid: 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc',
  provider: 'Windows Kernel',
  task: 'PerfInfo',
  opcodes: {
    34: 'Mark',
    46: 'Sample',
    47: 'PMCSample',
    48: 'PmcCounterConfig',
    50: 'ISR-MSI',
    51: 'SysClEnter',
    52: 'SysClExit',
    58: 'DebuggerEnabled',
    66: 'ThreadedDPC',
    67: 'ISR',
    68: 'DPC',
    69: 'TimerDPC',
    70: 'IOTimer',
    72: 'SetInterval',
    73: 'CollectionStart',
    74: 'CollectionEnd',
    75: 'SpinLockCollectionStart',
    76: 'SpinLockCollectionEnd',
    92: 'ISR-Unexpected',
    93: 'IoStartTimer',
    94: 'IoStopTimer',
    95: 'ISR-PASS',
    96: 'WdfISR',
    97: 'WdfPassiveISR',
    98: 'WdfDPC',
    103: 'WdfWorkItem',
    104: 'SetKTimer2',
    105: 'ExpireKTimer2',
    106: 'CancelKTimer2',
    107: 'DisableKTimer2',
    108: 'FinalizeKTimer2',
    114: 'KernelHypercall',
    122: 'ContextRegistersAMD64',
  },
  layouts: [
    { types: [34], versions: [0, 2], source: 'PerfInfo_Mark', fields: ['Message:astr'] },
    {
      types: [46],
      versions: [1],
      source: 'PerfInfo_SampleProf_V1',
      fields: ['InstructionPointer:ptr', 'ThreadId:u32', 'Count:u16'],
    },
    {
      types: [46],
      versions: [2],
      source: 'SampledProfile',
      fields: ['InstructionPointer:ptr', 'ThreadId:u32', 'Count:u16', 'Reserved:x16'],
    },
    {
      types: [47],
      versions: [2],
      source: 'PerfInfo_PmcCounterProf',
      fields: ['InstructionPointer:ptr', 'ThreadId:u32', 'ProfileSource:u16', 'Reserved:u16'],
    },
    {
      types: [48],
      versions: [2],
      source: 'PerfInfo_PmcCtrConfig',
      fields: ['CounterCount:u32', 'CounterName:wstr'],
    },
    {
      types: [50],
      versions: [2],
      source: 'PerfInfo_ISR-MSI',
      fields: [...TIMED_ROUTINE, 'ReturnValue:u8', 'Vector:u16', 'Reserved:u8', 'MessageNumber:u32'],
    },
    { types: [51], versions: [2], source: 'SysCallEnter', fields: ['SysCallAddress:ptr'] },
    { types: [52], versions: [2], source: 'SysCallExit', fields: ['SysCallNtStatus:u32=NTSTATUS'] },
    { types: [58], versions: [2], source: 'DebuggerEnabled', fields: [] },
    { types: [68, 69], versions: [1], source: 'DPC_V1', fields: TIMED_ROUTINE },
    { types: [66, 68, 69, 70], versions: [2], source: 'DPC', fields: TIMED_ROUTINE },
    { types: [67, 95], versions: [1], source: 'ISR_V1', fields: [...TIMED_ROUTINE, 'ReturnValue:u32'] },
    {
      types: [67, 95],
      versions: [2],
      source: 'ISR',
      fields: [...TIMED_ROUTINE, 'ReturnValue:u8', 'Vector:u16', 'Reserved:u8'],
    },
    { types: [72, 73, 74], versions: [2], source: 'SampledProfileInterval', fields: INTERVAL },
    {
      types: [73, 74],
      versions: [3],
      source: 'SampledProfileInterval_V3',
      fields: [...INTERVAL, 'SourceName:wstr'],
    },
    { types: [75, 76], versions: [2], source: 'PerfInfo_SpinLockConfig', fields: SPIN_LOCK_CONFIG },
    {
      types: [75, 76],
      versions: [3],
      source: 'PerfInfo_SpinLockConfig_V3',
      fields: [...SPIN_LOCK_CONFIG, 'SpinLockHoldThreshold:u32'],
    },
    { types: [92], versions: [2], source: 'PerfInfo_ISR-Unexpected', fields: ['Vector:u16'] },
    {
      types: [93, 94],
      versions: [2],
      source: 'PerfInfo_IoTimer',
      fields: ['DeviceObject:ptr', 'TimerRoutine:ptr'],
    },
    { types: [96, 97, 98, 103], versions: [2], source: 'PerfInfo_Wdf', fields: ['Routine:ptr'] },
    { types: [104, 105], versions: [2], source: 'PerfInfo_KTimer2', fields: KTIMER2 },
    { types: [106], versions: [2], source: 'PerfInfo_CancelKTimer2', fields: ['Timer:ptr'] },
    {
      types: [107],
      versions: [2],
      source: 'PerfInfo_DisableKTimer2',
      fields: ['Timer:ptr', 'DisableCallback:ptr', 'DisableContext:ptr', 'TimerFlags:x8'],
    },
    {
      types: [108],
      versions: [2],
      source: 'PerfInfo_FinalizeKTimer2',
      fields: ['Timer:ptr', 'DisableCallback:ptr', 'DisableContext:ptr'],
    },
    {
      types: [114],
      versions: [2],
      source: 'PerfInfo_KernelHypercall',
      fields: ['CallCode:x32', 'IsFast:bool8', 'IsNested:bool8'],
    },
    {
      types: [122],
      versions: [2],
      source: 'PerfInfo_ContextRegistersAMD64',
      fields: AMD64_REGISTERS.map((r) => `${r}:x64`),
    },
  ],
};
