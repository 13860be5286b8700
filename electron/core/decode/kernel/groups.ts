// Kernel event groups: SYSTEM/COMPACT/PERFINFO record headers carry a Group byte (HookId = Group << 8 |
// Type) instead of a class GUID. Sources: shared/docs/etw-formats.md §7.1, NTWMI EVENT_TRACE_GROUP_*,
// DISSECT dissect/etl/utils.py (group -> GUID table and the image-load quirk below).
import { KERNEL_GROUP_CLASS_GUIDS } from '../../etl/kernel-groups';

export interface KernelGroup {
  group: number;
  /** EVENT_TRACE_GROUP_* name without the prefix. */
  name: string;
  guid: string;
}

/** EVENT_TRACE_GROUP_* names, indexed by group number. */
const GROUP_NAMES = [
  'Header',
  'IO',
  'Memory',
  'Process',
  'File',
  'Thread',
  'TcpIp',
  'Job',
  'UdpIp',
  'Registry',
  'DbgPrint',
  'Config',
  'Spare1',
  'Wnf',
  'Pool',
  'PerfInfo',
  'Heap',
  'Object',
  'Power',
  'ModBound',
  'Image',
  'Dpc',
  'CC',
  'CritSec',
  'StackWalk',
  'UMS',
  'ALPC',
  'SplitIo',
  'ThreadPool',
  'Hypervisor',
  'HypervisorX',
] as const;

/** Group 0x0C (Spare1) has no class in the reader's table; its MOF class GUID is this one. */
const SPARE1_GUID = '99134383-5248-43fc-834b-529454e75df3';

/** Group names here; class GUIDs from the reader's table (core/etl/kernel-groups.ts), the one source. */
export const KERNEL_GROUPS: readonly KernelGroup[] = GROUP_NAMES.map((name, group) => ({
  group,
  name,
  guid: KERNEL_GROUP_CLASS_GUIDS[group] ?? SPARE1_GUID,
}));

const byGroup = new Map(KERNEL_GROUPS.map((g) => [g.group, g]));

/** Process-group hook 0x030A (WMI_LOG_TYPE_PROCESS_LOAD_IMAGE) is an image load: Image class. */
const IMAGE_LOAD_IN_PROCESS_GROUP = 10;

/**
 * Class GUID of a kernel event from its header's Group and Type. Unknown groups give '' (the caller
 * reports an unknown class; never a throw).
 */
export function kernelGroupGuid(group: number, type: number): string {
  const effective = group === 0x03 && type === IMAGE_LOAD_IN_PROCESS_GROUP ? 0x14 : group;
  return byGroup.get(effective)?.guid ?? '';
}

/** EVENT_TRACE_GROUP_* name of a group ("Process", "PerfInfo"...), or "Group0x2A" when unknown. */
export function kernelGroupName(group: number): string {
  return byGroup.get(group)?.name ?? `Group0x${group.toString(16).toUpperCase().padStart(2, '0')}`;
}
