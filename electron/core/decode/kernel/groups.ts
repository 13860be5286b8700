// Kernel event groups: SYSTEM/COMPACT/PERFINFO record headers carry a Group byte (HookId = Group << 8 |
// Type) instead of a class GUID. Sources: shared/docs/etw-formats.md §7.1, NTWMI EVENT_TRACE_GROUP_*,
// DISSECT dissect/etl/utils.py (group -> GUID table and the image-load quirk below).

export interface KernelGroup {
  group: number;
  /** EVENT_TRACE_GROUP_* name without the prefix. */
  name: string;
  guid: string;
}

export const KERNEL_GROUPS: readonly KernelGroup[] = [
  { group: 0x00, name: 'Header', guid: '68fdd900-4a3e-11d1-84f4-0000f80464e3' },
  { group: 0x01, name: 'IO', guid: '3d6fa8d4-fe05-11d0-9dda-00c04fd7ba7c' },
  { group: 0x02, name: 'Memory', guid: '3d6fa8d3-fe05-11d0-9dda-00c04fd7ba7c' },
  { group: 0x03, name: 'Process', guid: '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c' },
  { group: 0x04, name: 'File', guid: '90cbdc39-4a3e-11d1-84f4-0000f80464e3' },
  { group: 0x05, name: 'Thread', guid: '3d6fa8d1-fe05-11d0-9dda-00c04fd7ba7c' },
  { group: 0x06, name: 'TcpIp', guid: '9a280ac0-c8e0-11d1-84e2-00c04fb998a2' },
  { group: 0x07, name: 'Job', guid: '3282fc76-feed-498e-8aa7-e70f459d430e' },
  { group: 0x08, name: 'UdpIp', guid: 'bf3a50c5-a9c9-4988-a005-2df0b7c80f80' },
  { group: 0x09, name: 'Registry', guid: 'ae53722e-c863-11d2-8659-00c04fa321a1' },
  { group: 0x0a, name: 'DbgPrint', guid: '13976d09-a327-438c-950b-7f03192815c7' },
  { group: 0x0b, name: 'Config', guid: '01853a65-418f-4f36-aefc-dc0f1d2fd235' },
  { group: 0x0c, name: 'Spare1', guid: '99134383-5248-43fc-834b-529454e75df3' },
  { group: 0x0d, name: 'Wnf', guid: '42695762-ea50-497a-9068-5cbbb35e0b95' },
  { group: 0x0e, name: 'Pool', guid: '0268a8b6-74fd-4302-9dd0-6e8f1795c0cf' },
  { group: 0x0f, name: 'PerfInfo', guid: 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc' },
  { group: 0x10, name: 'Heap', guid: '222962ab-6180-4b88-a825-346b75f2a24a' },
  { group: 0x11, name: 'Object', guid: '89497f50-effe-4440-8cf2-ce6b1cdcaca7' },
  { group: 0x12, name: 'Power', guid: 'e43445e0-0903-48c3-b878-ff0fccebdd04' },
  { group: 0x13, name: 'ModBound', guid: 'a9152f00-3f58-4bee-92a1-70c7d079d5dd' },
  { group: 0x14, name: 'Image', guid: '2cb15d1d-5fc1-11d2-abe1-00a0c911f518' },
  { group: 0x15, name: 'Dpc', guid: 'b2d14872-7c5b-463d-8419-ee9bf7d23e04' },
  { group: 0x16, name: 'CC', guid: '7687a439-f752-45b8-b741-321aec0f8df9' },
  { group: 0x17, name: 'CritSec', guid: '3ac66736-cc59-4cff-8115-8df50e39816b' },
  { group: 0x18, name: 'StackWalk', guid: 'def2fe46-7bd6-4b80-bd94-f57fe20d0ce3' },
  { group: 0x19, name: 'UMS', guid: '9aec974b-5b8e-4118-9b92-3186d8002ce5' },
  { group: 0x1a, name: 'ALPC', guid: '45d8cccd-539f-4b72-a8b7-5c683142609a' },
  { group: 0x1b, name: 'SplitIo', guid: 'd837ca92-12b9-44a5-ad6a-3a65b3578aa8' },
  { group: 0x1c, name: 'ThreadPool', guid: 'c861d0e2-a2c1-4d36-9f9c-970bab943a12' },
  { group: 0x1d, name: 'Hypervisor', guid: '7f2a405c-69b5-4bf9-a1f5-30e8f1afab5e' },
  { group: 0x1e, name: 'HypervisorX', guid: '2ce9a149-effe-42f0-a635-a1d39e26c8f2' },
];

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
