// Classic kernel event layouts as schema data: the NT Kernel Logger's MOF classes (Process, Thread,
// Image, DiskIo, FileIo, TcpIp/UdpIp, Registry, PageFault, PerfInfo, StackWalk, SystemConfig, ALPC...)
// and the KernelTraceControl classes that merged traces carry (ImageID/DbgID, SysConfig, MetaData).
// The decoder takes these ProviderSchemas like any other schema source. Classic events match by class
// GUID (kernelGroupGuid for SYSTEM/COMPACT/PERFINFO headers, the header's GUID for FULL_HEADER ones),
// event type (= EventSchema.opcode) and class version (= EventSchema.version); EventSchema.id is 0.
//
// Two conventions the decoder must follow:
//  * A count of KERNEL_REST_OF_PAYLOAD ('*rest*') means "as many elements as the rest of the payload
//    holds" (StackWalk frames); a Binary field without a length also runs to the end of the payload.
//  * Kernel classes grow at the end without a new version (Thread V3 gained ThreadName on Windows 10);
//    when the payload ends exactly where a field would start, that field and the rest are absent,
//    not an error. Bytes left after the last field are extra data of a newer build.

import type { EventSchema, ProviderSchema } from '../../../common/model/schema';
import { normalizeGuid } from '../../../common/model/schema';
import { classTableToProvider, type KernelClassTable } from './class-table';
import { diskIoClass } from './tables/disk-io';
import { eventTraceClass } from './tables/event-trace';
import { fileIoClass } from './tables/file-io';
import { imageClass } from './tables/image';
import { imageIdClass, metaDataClass, sysConfigClass } from './tables/kernel-trace-control';
import { tcpIpClass, udpIpClass } from './tables/network';
import {
  alpcClass,
  critSecClass,
  dbgPrintClass,
  heapClass,
  lostEventClass,
  objectClass,
  poolClass,
  powerClass,
  splitIoClass,
  threadPoolClass,
  umsClass,
} from './tables/other-classes';
import { pageFaultClass } from './tables/page-fault';
import { perfInfoClass } from './tables/perf-info';
import { processClass } from './tables/process';
import { registryClass } from './tables/registry';
import { stackWalkClass } from './tables/stack-walk';
import { systemConfigClass } from './tables/system-config';
import { threadClass } from './tables/thread';

export { KERNEL_REST_OF_PAYLOAD } from './field-spec';
export { KERNEL_GROUPS, kernelGroupGuid, kernelGroupName, type KernelGroup } from './groups';
export type { KernelClassTable, KernelLayout } from './class-table';

/** Every class table, kernel classes first, then KernelTraceControl's. */
export const KERNEL_CLASS_TABLES: readonly KernelClassTable[] = [
  eventTraceClass,
  processClass,
  threadClass,
  imageClass,
  diskIoClass,
  fileIoClass,
  tcpIpClass,
  udpIpClass,
  registryClass,
  pageFaultClass,
  perfInfoClass,
  stackWalkClass,
  systemConfigClass,
  alpcClass,
  splitIoClass,
  lostEventClass,
  threadPoolClass,
  heapClass,
  critSecClass,
  objectClass,
  poolClass,
  dbgPrintClass,
  powerClass,
  umsClass,
  imageIdClass,
  sysConfigClass,
  metaDataClass,
];

/**
 * One ProviderSchema per class GUID (source kind 'mof'; name "Windows Kernel" or "KernelTraceControl";
 * one task named after the class; opcodes per event type). Built fresh on each call: callers may keep
 * or change what they get.
 */
export function kernelProviders(): ProviderSchema[] {
  return KERNEL_CLASS_TABLES.map(classTableToProvider);
}

export interface KernelEventMatch {
  event: EventSchema;
  /** False when no layout has this exact version and the highest lower version was taken instead. */
  exact: boolean;
}

/**
 * The schema for a classic event in `providers` (as returned by kernelProviders()): exact (type,
 * version) first; failing that the same type's highest version below the event's, since kernel
 * classes mostly grow by appending fields. Undefined when the class or type is unknown.
 */
export function findKernelEvent(
  providers: readonly ProviderSchema[],
  classGuid: string,
  type: number,
  version: number,
): KernelEventMatch | undefined {
  const guid = normalizeGuid(classGuid);
  const provider = providers.find((p) => p.guid === guid);
  if (!provider) return undefined;
  let best: EventSchema | undefined;
  for (const e of provider.events) {
    if (e.opcode !== type) continue;
    if (e.version === version) return { event: e, exact: true };
    if (e.version < version && (!best || e.version > best.version)) best = e;
  }
  return best ? { event: best, exact: false } : undefined;
}
