// Registry (group 0x09, class ae53722e-...). Versions 0-2 of the key operations from KMOF
// (Registry_V0_TypeGroup1, Registry_V1_TypeGroup1, Registry_TypeGroup1); SetSecurity/QuerySecurity,
// transactions, counters and hive events from the Windows 10 TDH dump ({ae53722e-...}.xml).
// Type 22 is "RunDown" in version 1 and "KCBCreate" from version 2; the opcode takes the newer name.

import type { KernelClassTable } from '../class-table';

const V0_TYPES = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];

export const registryClass: KernelClassTable = {
  guid: 'ae53722e-c863-11d2-8659-00c04fa321a1',
  provider: 'Windows Kernel',
  task: 'Registry',
  opcodes: {
    10: 'Create',
    11: 'Open',
    12: 'Delete',
    13: 'Query',
    14: 'SetValue',
    15: 'DeleteValue',
    16: 'QueryValue',
    17: 'EnumerateKey',
    18: 'EnumerateValueKey',
    19: 'QueryMultipleValue',
    20: 'SetInformation',
    21: 'Flush',
    22: 'KCBCreate',
    23: 'KCBDelete',
    24: 'KCBRundownBegin',
    25: 'KCBRundownEnd',
    26: 'Virtualize',
    27: 'Close',
    28: 'SetSecurity',
    29: 'QuerySecurity',
    30: 'TxRCommit',
    31: 'TxRPrepare',
    32: 'TxRRollback',
    34: 'Counters',
    35: 'Config',
    36: 'HiveInit',
    37: 'HiveDestroy',
    38: 'HiveLink',
    39: 'HiveDCEnd',
    40: 'HiveDirty',
    48: 'ChangeNotify',
  },
  layouts: [
    {
      types: V0_TYPES,
      versions: [0],
      source: 'Registry_V0_TypeGroup1',
      fields: ['Status:ptr', 'KeyHandle:ptr', 'ElapsedTime:i64', 'KeyName:wstr'],
    },
    {
      types: [...V0_TYPES, 22],
      versions: [1],
      source: 'Registry_V1_TypeGroup1',
      fields: ['Status:ptr', 'KeyHandle:ptr', 'ElapsedTime:i64', 'Index:u32', 'KeyName:wstr'],
    },
    {
      types: [...V0_TYPES, 22, 23, 24, 25, 26, 27, 28, 29],
      versions: [2],
      source: 'Registry_TypeGroup1',
      fields: ['InitialTime:i64', 'Status:u32=NTSTATUS', 'Index:u32', 'KeyHandle:ptr', 'KeyName:wstr'],
    },
    {
      types: [30, 31, 32],
      versions: [2],
      source: 'Registry_TxR',
      fields: ['TxrGUID:guid', 'Status:u32=NTSTATUS', 'UowCount:u32', 'OperationTime:u64', 'Hive:wstr'],
    },
    {
      types: [34],
      versions: [2],
      source: 'Registry_Counters',
      fields: Array.from({ length: 11 }, (_, i) => `Counter${i + 1}:u64`),
    },
    { types: [35], versions: [2], source: 'Registry_Config', fields: ['CurrentControlSet:u32'] },
    {
      types: [36],
      versions: [2],
      source: 'Registry_HiveInit',
      fields: ['Hive:ptr', 'OperationType:u32', 'PoolTag:x32', 'Size:u32', 'FileName:wstr'],
    },
    {
      types: [37],
      versions: [2],
      source: 'Registry_HiveDestroy',
      fields: ['Hive:ptr', 'FileName:wstr', 'Path:wstr'],
    },
    { types: [38], versions: [2], source: 'Registry_HiveLink', fields: ['Hive:ptr', 'Path:wstr'] },
    {
      types: [39],
      versions: [2],
      source: 'Registry_HiveDCEnd',
      fields: ['Size:u64', 'Hive:ptr', 'LoadedKeyCount:u32', 'FileName:wstr', 'LinkPath:wstr'],
    },
    {
      types: [40],
      versions: [2],
      source: 'Registry_HiveDirty',
      fields: ['Hive:ptr', 'LinkPath:wstr', 'DirtyReason:u32'],
    },
    {
      types: [48],
      versions: [2],
      source: 'Registry_ChangeNotify',
      fields: ['Notification:ptr', 'KeyHandle:ptr', 'Type:u8', 'WatchSubtree:u8', 'Primary:u8'],
    },
  ],
};
