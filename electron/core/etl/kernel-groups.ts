// Kernel event groups (EVENT_TRACE_GROUP_* >> 8) → MOF class GUID and display name, for records with
// SYSTEM/COMPACT/PERFINFO headers, which carry a group instead of a provider id. Table: etw-formats §7.1
// (DISSECT headers/utils.py, NTWMI EVENT_TRACE_GROUP_*). Also the names of the KernelTraceControl
// classes that merged traces carry in FULL_HEADER records (etw-formats §8).
// This is the one group → class GUID table: the decoder's kernel tables (decode/kernel/groups.ts)
// take their GUIDs from KERNEL_GROUP_CLASS_GUIDS.

interface KernelGroup {
  name: string;
  guid: string;
}

const groups: ReadonlyArray<KernelGroup | undefined> = [
  { name: 'EventTrace', guid: '68fdd900-4a3e-11d1-84f4-0000f80464e3' }, // 0x00 Header
  { name: 'DiskIo', guid: '3d6fa8d4-fe05-11d0-9dda-00c04fd7ba7c' }, // 0x01 IO
  { name: 'PageFault', guid: '3d6fa8d3-fe05-11d0-9dda-00c04fd7ba7c' }, // 0x02 Memory
  { name: 'Process', guid: '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c' }, // 0x03
  { name: 'FileIo', guid: '90cbdc39-4a3e-11d1-84f4-0000f80464e3' }, // 0x04 File
  { name: 'Thread', guid: '3d6fa8d1-fe05-11d0-9dda-00c04fd7ba7c' }, // 0x05
  { name: 'TcpIp', guid: '9a280ac0-c8e0-11d1-84e2-00c04fb998a2' }, // 0x06
  { name: 'Job', guid: '3282fc76-feed-498e-8aa7-e70f459d430e' }, // 0x07
  { name: 'UdpIp', guid: 'bf3a50c5-a9c9-4988-a005-2df0b7c80f80' }, // 0x08
  { name: 'Registry', guid: 'ae53722e-c863-11d2-8659-00c04fa321a1' }, // 0x09
  { name: 'DbgPrint', guid: '13976d09-a327-438c-950b-7f03192815c7' }, // 0x0A
  { name: 'EventTraceConfig', guid: '01853a65-418f-4f36-aefc-dc0f1d2fd235' }, // 0x0B Config
  undefined, // 0x0C
  { name: 'Wnf', guid: '42695762-ea50-497a-9068-5cbbb35e0b95' }, // 0x0D
  { name: 'Pool', guid: '0268a8b6-74fd-4302-9dd0-6e8f1795c0cf' }, // 0x0E
  { name: 'PerfInfo', guid: 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc' }, // 0x0F
  { name: 'Heap', guid: '222962ab-6180-4b88-a825-346b75f2a24a' }, // 0x10
  { name: 'Object', guid: '89497f50-effe-4440-8cf2-ce6b1cdcaca7' }, // 0x11
  { name: 'Power', guid: 'e43445e0-0903-48c3-b878-ff0fccebdd04' }, // 0x12
  { name: 'ModBound', guid: 'a9152f00-3f58-4bee-92a1-70c7d079d5dd' }, // 0x13
  { name: 'Image', guid: '2cb15d1d-5fc1-11d2-abe1-00a0c911f518' }, // 0x14
  { name: 'Dpc', guid: 'b2d14872-7c5b-463d-8419-ee9bf7d23e04' }, // 0x15
  { name: 'CC', guid: '7687a439-f752-45b8-b741-321aec0f8df9' }, // 0x16
  { name: 'CritSec', guid: '3ac66736-cc59-4cff-8115-8df50e39816b' }, // 0x17
  { name: 'StackWalk', guid: 'def2fe46-7bd6-4b80-bd94-f57fe20d0ce3' }, // 0x18
  { name: 'UMS', guid: '9aec974b-5b8e-4118-9b92-3186d8002ce5' }, // 0x19
  { name: 'ALPC', guid: '45d8cccd-539f-4b72-a8b7-5c683142609a' }, // 0x1A
  { name: 'SplitIo', guid: 'd837ca92-12b9-44a5-ad6a-3a65b3578aa8' }, // 0x1B
  { name: 'ThreadPool', guid: 'c861d0e2-a2c1-4d36-9f9c-970bab943a12' }, // 0x1C
  { name: 'Hypervisor', guid: '7f2a405c-69b5-4bf9-a1f5-30e8f1afab5e' }, // 0x1D
  { name: 'HypervisorX', guid: '2ce9a149-effe-42f0-a635-a1d39e26c8f2' }, // 0x1E
];

/** Class GUID of each group, indexed by group number (undefined: no class for that group). */
export const KERNEL_GROUP_CLASS_GUIDS: ReadonlyArray<string | undefined> = groups.map((g) => g?.guid);

const GROUP_PROCESS = 0x03;
const GROUP_IMAGE = 0x14;
const IMAGE_LOAD_TYPE = 10;

/** SystemTraceControlGuid: the NT Kernel Logger's own GUID, used for groups missing from the table. */
export const SYSTEM_TRACE_CONTROL_GUID = '9e814aad-3204-11d2-9a82-006008a86939';

/**
 * Class GUID for a kernel record. Group 3 (Process) type 10 is the legacy image-load hook
 * (PERFINFO_LOG_TYPE_IMAGELOAD = EVENT_TRACE_GROUP_PROCESS | 0x0A) and belongs to the Image class.
 */
export function kernelClassGuid(group: number, type: number): string {
  const g = group === GROUP_PROCESS && type === IMAGE_LOAD_TYPE ? GROUP_IMAGE : group;
  return groups[g]?.guid ?? SYSTEM_TRACE_CONTROL_GUID;
}

/** Effective group after the image-load quirk (for per-class counting). */
export function kernelClassGroup(group: number, type: number): number {
  return group === GROUP_PROCESS && type === IMAGE_LOAD_TYPE ? GROUP_IMAGE : group;
}

export function kernelGroupName(group: number): string {
  return groups[group]?.name ?? `Group${group}`;
}

/** Names of the class GUIDs known without a decoder: kernel groups and KernelTraceControl classes. */
const knownClassNames = new Map<string, string>([
  ...groups.flatMap((g): [string, string][] => (g ? [[g.guid, g.name]] : [])),
  ['bbccf6c1-6cd1-48c4-80ff-839482e37671', 'KernelTraceControl/MetaData'],
  ['b3e675d7-2554-4f18-830b-2762732560de', 'KernelTraceControl/ImageID'],
  ['9b79ee91-b5fd-41c0-a243-4248e266e9d0', 'KernelTraceControl/SysConfig'],
  [SYSTEM_TRACE_CONTROL_GUID, 'SystemTraceControl'],
]);

export function knownClassName(guid: string): string {
  return knownClassNames.get(guid) ?? '';
}
