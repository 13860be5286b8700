// The smaller kernel classes: ALPC, SplitIo, Lost_Event, ThreadPool, Heap, CritSec (KMOF, version 2),
// Object, Pool, DbgPrint, Power and UMS (Windows 10 TDH dump and jdu2600/Windows10EtwEvents).
// Task and opcode names are TraceEvent's where it has the class (ALPC, SplitIo, LostEvent, Object,
// ThreadPoolTrace, HeapTrace, CritSecTrace), else the TDH dump's.

import type { KernelClassTable } from '../class-table';

export const alpcClass: KernelClassTable = {
  guid: '45d8cccd-539f-4b72-a8b7-5c683142609a',
  provider: 'Windows Kernel',
  task: 'ALPC',
  opcodes: {
    33: 'SendMessage',
    34: 'ReceiveMessage',
    35: 'WaitForReply',
    36: 'WaitForNewMessage',
    37: 'Unwait',
  },
  layouts: [
    { types: [33, 34, 35], versions: [2], source: 'ALPC_Send_Message', fields: ['MessageID:u32'] },
    // KMOF declares PortName a plain `string` (no StringTermination): 8-bit and NUL-terminated, as
    // TraceEvent (GetUTF8StringAt) and the PerfView .man.xml rendering read it.
    {
      types: [36],
      versions: [2],
      source: 'ALPC_Wait_For_New_Message',
      fields: ['IsServerPort:u32', 'PortName:astr'],
    },
    { types: [37], versions: [2], source: 'ALPC_Unwait', fields: ['Status:u32=NTSTATUS'] },
  ],
};

export const splitIoClass: KernelClassTable = {
  guid: 'd837ca92-12b9-44a5-ad6a-3a65b3578aa8',
  provider: 'Windows Kernel',
  task: 'SplitIo',
  opcodes: { 32: 'VolMgr' },
  layouts: [
    { types: [32], versions: [2], source: 'SplitIo_Info', fields: ['ParentIrp:ptr', 'ChildIrp:ptr'] },
  ],
};

export const lostEventClass: KernelClassTable = {
  guid: '6a399ae0-4bc6-4de9-870b-3657f8947e7e',
  provider: 'Windows Kernel',
  task: 'LostEvent',
  opcodes: { 32: 'RTLostEvent', 33: 'RTLostBuffer', 34: 'RTLostFile' },
  names: { 32: 'LostEvent' },
  layouts: [{ types: [32, 33, 34], versions: [0, 2], source: 'RT_LostEvent', fields: [] }],
};

export const threadPoolClass: KernelClassTable = {
  guid: 'c861d0e2-a2c1-4d36-9f9c-970bab943a12',
  provider: 'Windows Kernel',
  task: 'ThreadPoolTrace',
  opcodes: {
    32: 'CBEnqueue',
    33: 'CBDequeue',
    34: 'CBStart',
    35: 'CBStop',
    36: 'CBCancel',
    37: 'PoolCreate',
    38: 'PoolClose',
    39: 'ThreadMinSet',
    40: 'ThreadMaxSet',
  },
  layouts: [
    {
      types: [32, 34],
      versions: [2],
      source: 'TPCBEnqueue',
      fields: [
        'PoolId:ptr',
        'TaskId:ptr',
        'CallbackFunction:ptr',
        'CallbackContext:ptr',
        'SubProcessTag:ptr',
      ],
    },
    { types: [33, 35], versions: [2], source: 'TPCBDequeue', fields: ['TaskId:ptr'] },
    { types: [36], versions: [2], source: 'TPCBCancel', fields: ['TaskId:ptr', 'CancelCount:u32'] },
    { types: [37, 38], versions: [2], source: 'TPPoolCreateClose', fields: ['PoolId:ptr'] },
    { types: [39, 40], versions: [2], source: 'TPThreadSet', fields: ['PoolId:ptr', 'ThreadNum:u32'] },
  ],
};

export const heapClass: KernelClassTable = {
  guid: '222962ab-6180-4b88-a825-346b75f2a24a',
  provider: 'Windows Kernel',
  task: 'HeapTrace',
  opcodes: {
    32: 'Create',
    33: 'Alloc',
    34: 'ReAlloc',
    35: 'Destroy',
    36: 'Free',
    37: 'Expand',
    38: 'SnapShot',
    42: 'Contract',
    43: 'Lock',
    44: 'Unlock',
    45: 'Validate',
    46: 'Walk',
  },
  layouts: [
    { types: [32], versions: [2], source: 'HeapCreate', fields: ['HeapHandle:ptr', 'HeapFlags:x32'] },
    {
      types: [33],
      versions: [2],
      source: 'HeapAlloc',
      fields: ['HeapHandle:ptr', 'AllocSize:ptr', 'AllocAddress:ptr', 'SourceId:u32'],
    },
    {
      types: [34],
      versions: [2],
      source: 'HeapRealloc',
      fields: [
        'HeapHandle:ptr',
        'NewAllocAddress:ptr',
        'OldAllocAddress:ptr',
        'NewAllocSize:ptr',
        'OldAllocSize:ptr',
        'SourceId:u32',
      ],
    },
    {
      types: [36],
      versions: [2],
      source: 'HeapFree',
      fields: ['HeapHandle:ptr', 'FreeAddress:ptr', 'SourceId:u32'],
    },
    {
      types: [37],
      versions: [2],
      source: 'HeapExpand',
      fields: [
        'HeapHandle:ptr',
        'CommittedSize:ptr',
        'CommitAddress:ptr',
        'FreeSpace:ptr',
        'CommittedSpace:ptr',
        'ReservedSpace:ptr',
        'NoOfUCRs:u32',
      ],
    },
    {
      types: [38],
      versions: [2],
      source: 'HeapSnapShot',
      fields: ['HeapHandle:ptr', 'FreeSpace:ptr', 'CommittedSpace:ptr', 'ReservedSpace:ptr', 'HeapFlags:x32'],
    },
    {
      types: [42],
      versions: [2],
      source: 'HeapContract',
      fields: [
        'HeapHandle:ptr',
        'DeCommittedSize:ptr',
        'DeCommitAddress:ptr',
        'FreeSpace:ptr',
        'CommittedSpace:ptr',
        'ReservedSpace:ptr',
        'NoOfUCRs:u32',
      ],
    },
    { types: [35, 43, 44, 45, 46], versions: [2], source: 'Heap_TypeGroup1', fields: ['HeapHandle:ptr'] },
  ],
};

export const critSecClass: KernelClassTable = {
  guid: '3ac66736-cc59-4cff-8115-8df50e39816b',
  provider: 'Windows Kernel',
  task: 'CritSecTrace',
  opcodes: { 34: 'Collision', 35: 'Initialize' },
  layouts: [
    {
      types: [34],
      versions: [2],
      source: 'CritSecCollision',
      fields: ['LockCount:u32', 'SpinCount:u32', 'OwningThread:ptr', 'CritSecAddr:ptr'],
    },
    { types: [35], versions: [2], source: 'CritSecInit', fields: ['SpinCount:ptr', 'CritSecAddr:ptr'] },
  ],
};

export const objectClass: KernelClassTable = {
  guid: '89497f50-effe-4440-8cf2-ce6b1cdcaca7',
  provider: 'Windows Kernel',
  task: 'Object',
  opcodes: {
    32: 'CreateHandle',
    33: 'CloseHandle',
    34: 'DuplicateHandle',
    36: 'TypeDCStart',
    37: 'TypeDCEnd',
    38: 'HandleDCStart',
    39: 'HandleDCEnd',
    48: 'CreateObject',
    49: 'DeleteObject',
    50: 'ReferenceObject',
    51: 'DereferenceObject',
  },
  layouts: [
    {
      types: [32, 33],
      versions: [2],
      source: 'Object_Handle',
      fields: ['Object:ptr', 'Handle:x32', 'ObjectType:u16', 'ObjectName:wstr'],
    },
    {
      // The TDH dump says version 2, the jdu2600 dumps version 3; same fields.
      types: [34],
      versions: [2, 3],
      source: 'Object_DuplicateHandle',
      fields: ['Object:ptr', 'SourceHandle:x32', 'TargetHandle:x32', 'TargetProcessId:u32', 'ObjectType:u16'],
    },
    {
      types: [36, 37],
      versions: [2],
      source: 'Object_TypeName',
      fields: ['ObjectType:u16', 'Reserved:u16', 'TypeName:wstr'],
    },
    {
      types: [38, 39],
      versions: [2],
      source: 'Object_HandleRundown',
      fields: ['Object:ptr', 'ProcessId:u32', 'Handle:x32', 'ObjectType:u16', 'ObjectName:wstr'],
    },
    {
      types: [48, 49],
      versions: [2],
      source: 'Object_CreateDelete',
      fields: ['Object:ptr', 'ObjectType:u16'],
    },
    {
      types: [50, 51],
      versions: [2],
      source: 'Object_Reference',
      fields: ['Object:ptr', 'Tag:x32', 'Count:u32'],
    },
  ],
};

export const poolClass: KernelClassTable = {
  guid: '0268a8b6-74fd-4302-9dd0-6e8f1795c0cf',
  provider: 'Windows Kernel',
  task: 'Pool',
  opcodes: {
    32: 'PoolAllocation',
    33: 'SessionPoolAllocation',
    34: 'PoolFree',
    35: 'SessionPoolFree',
    40: 'PoolSnapDCStart',
    41: 'PoolSnapDCEnd',
    42: 'BigPoolSnapDCStart',
    43: 'BigPoolSnapDCEnd',
    44: 'SessionPoolSnapDCStart',
    45: 'SessionPoolSnapDCEnd',
    46: 'SessionBigPoolSnapDCStart',
    47: 'SessionBigPoolSnapDCEnd',
  },
  layouts: [
    {
      types: [32, 34],
      versions: [2],
      source: 'PoolAllocFree',
      fields: ['Type:u32', 'Tag:x32', 'NumberOfBytes:ptr', 'Entry:ptr'],
    },
    {
      types: [33, 35],
      versions: [2],
      source: 'SessionPoolAllocFree',
      fields: ['Type:u32', 'Tag:x32', 'NumberOfBytes:ptr', 'Entry:ptr', 'SessionId:u32'],
    },
    { types: [40, 41, 42, 43, 44, 45, 46, 47], versions: [2], source: 'PoolSnapshot', fields: [] },
  ],
};

export const dbgPrintClass: KernelClassTable = {
  guid: '13976d09-a327-438c-950b-7f03192815c7',
  provider: 'Windows Kernel',
  task: 'DebugPrint',
  opcodes: { 32: 'DebugPrint' },
  layouts: [
    {
      types: [32],
      versions: [2],
      source: 'DebugPrint_Event',
      fields: ['Component:u32', 'Level:u32', 'Message:astr'],
    },
  ],
};

export const powerClass: KernelClassTable = {
  guid: 'e43445e0-0903-48c3-b878-ff0fccebdd04',
  provider: 'Windows Kernel',
  task: 'Power',
  opcodes: { 60: 'IdleExitLatency' },
  layouts: [
    {
      types: [60],
      versions: [2],
      source: 'Power_IdleExitLatency',
      fields: [
        'Flags:x32',
        'PlatformState:u32',
        'ProcessorState:u32',
        'ReturnLatency:u32',
        'TotalLatency:u32',
      ],
    },
  ],
};

export const umsClass: KernelClassTable = {
  guid: '9aec974b-5b8e-4118-9b92-3186d8002ce5',
  provider: 'Windows Kernel',
  task: 'UMS',
  opcodes: { 32: 'DSwitchStart', 33: 'DSwitchEnd', 34: 'ScheduledPark', 35: 'Disassociate', 36: 'CSwitch' },
  layouts: [
    {
      types: [32, 33],
      versions: [2],
      source: 'UMS_DirectedSwitch',
      fields: ['ProcessId:u32', 'ScheduledThreadId:u32', 'PrimaryThreadId:u32', 'SwitchFlags:x32'],
    },
    {
      types: [34],
      versions: [2],
      source: 'UMS_ScheduledPark',
      fields: ['ProcessId:u32', 'ScheduledThreadId:u32', 'ParkFlags:x32'],
    },
    {
      types: [35],
      versions: [2],
      source: 'UMS_Disassociate',
      fields: [
        'ProcessId:u32',
        'ScheduledThreadId:u32',
        'PrimaryThreadId:u32',
        'UmsApcControlFlags:x32',
        'Status:u32=NTSTATUS',
      ],
    },
    {
      types: [36],
      versions: [2],
      source: 'UMS_CSwitch',
      fields: [
        'ScheduledThreadId:u32',
        'SwitchCount:u32',
        'KernelYieldCount:u32',
        'MixedYieldCount:u32',
        'YieldCount:u32',
      ],
    },
  ],
};
