// StackWalk (group 0x18, class def2fe46-...). KMOF StackWalk_Event spells the frames out as Stack1..
// Stack32 (Windows 10: ..Stack192); the real payload holds as many frames as fit, so the frames are one
// pointer array running to the end of the payload (count KERNEL_REST_OF_PAYLOAD), as TraceEvent reads
// them: FrameCount = (EventDataLength - 16) / PointerSize. Stack keys (types 34-38, Windows 8+) from the
// Windows 10 TDH dump; TraceEvent StackWalkDefTraceData reads the frames after the key the same way.
// The stack belongs to the event on StackThread whose timestamp equals EventTimeStamp.

import type { KernelClassTable } from '../class-table';

const STACK_OWNER = ['EventTimeStamp:u64', 'StackProcess:u32', 'StackThread:u32'];

export const stackWalkClass: KernelClassTable = {
  guid: 'def2fe46-7bd6-4b80-bd94-f57fe20d0ce3',
  provider: 'Windows Kernel',
  task: 'StackWalk',
  opcodes: {
    32: 'Stack',
    34: 'KeyCreate',
    35: 'KeyDelete',
    36: 'KeyRundown',
    37: 'StackKeyKernel',
    38: 'StackKeyUser',
  },
  layouts: [
    { types: [32], versions: [2], source: 'StackWalk_Event', fields: [...STACK_OWNER, 'Stack:ptr[*]'] },
    {
      types: [34, 35, 36],
      versions: [2],
      source: 'StackWalk_KeyDefinition',
      fields: ['key:ptr', 'StackFrame:ptr[*]'],
    },
    {
      types: [37, 38],
      versions: [2],
      source: 'StackWalk_StackKey',
      fields: [...STACK_OWNER, 'StackKey:ptr'],
    },
  ],
};
