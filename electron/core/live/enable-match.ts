// What an enablement lets through, event by event, with ETW's own rules — used twice: by the replay
// backend to play the role of the kernel (which events a session receives), and by the session
// manager to give each view only what it asked for when several views share one session.
//   Level and keywords (evntprov.h McGenLevelKeywordEnabled / EnableTraceEx2 docs): an event passes
//   when its level is 0 or <= the enabled level (enabled level 0 = every level), and its keyword is 0
//   or matches any of MatchAnyKeyword (0 = every keyword, as for manifest and TraceLogging providers)
//   and all of MatchAllKeyword.
//   Event-ID filters are ignored for TraceLogging events (EVENT_FILTER_DESCRIPTOR docs).
// Kernel (SystemTraceProvider) events are selected by EnableFlags; KERNEL_FLAG_CLASSES maps each flag
// (common/ipc/session-options.ts, EVENT_TRACE_FLAG_* in evntrace.h) to the event classes it turns on
// (class GUIDs as in etl/kernel-groups.ts). Session records — the trace header and RT_LostEvent — reach every consumer.

import { ExtType, type RawEvent } from '../events/raw-event';
import { parseEventMetadata } from '../decode/tracelogging';
import { kernelClassGuid } from '../etl/kernel-groups';
import { KERNEL_FLAGS } from '../../common/ipc/session-options';
import type { ProviderFilters } from './addon';

export const EVENT_TRACE_CLASS = '68fdd900-4a3e-11d1-84f4-0000f80464e3';
/** RT_LostEvent (MSDN "RT_LostEvent class"): types 32 lost event, 33 lost buffer, 34 lost file. */
export const RT_LOST_EVENT_CLASS = '6a399ae0-4bc6-4de9-870b-3657f8947e7e';
export const RT_LOST_TYPES = { event: 32, buffer: 33, file: 34 } as const;

const CLASS = {
  diskIo: '3d6fa8d4-fe05-11d0-9dda-00c04fd7ba7c',
  pageFault: '3d6fa8d3-fe05-11d0-9dda-00c04fd7ba7c',
  process: '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c',
  fileIo: '90cbdc39-4a3e-11d1-84f4-0000f80464e3',
  thread: '3d6fa8d1-fe05-11d0-9dda-00c04fd7ba7c',
  tcpIp: '9a280ac0-c8e0-11d1-84e2-00c04fb998a2',
  udpIp: 'bf3a50c5-a9c9-4988-a005-2df0b7c80f80',
  registry: 'ae53722e-c863-11d2-8659-00c04fa321a1',
  config: '01853a65-418f-4f36-aefc-dc0f1d2fd235',
  perfInfo: 'ce1dbfb4-137e-4da6-87b0-3f59aa102cbc',
  image: '2cb15d1d-5fc1-11d2-abe1-00a0c911f518',
  stackWalk: 'def2fe46-7bd6-4b80-bd94-f57fe20d0ce3',
  alpc: '45d8cccd-539f-4b72-a8b7-5c683142609a',
  splitIo: 'd837ca92-12b9-44a5-ad6a-3a65b3578aa8',
  job: '3282fc76-feed-498e-8aa7-e70f459d430e',
} as const;

/** Kernel event classes each EnableFlag (common/ipc/session-options KERNEL_FLAGS) turns on. */
const FLAG_CLASSES: Record<string, string[]> = {
  process: [CLASS.process],
  thread: [CLASS.thread],
  imageLoad: [CLASS.image],
  contextSwitch: [CLASS.thread],
  dpc: [CLASS.perfInfo],
  interrupt: [CLASS.perfInfo],
  systemCall: [CLASS.perfInfo],
  diskIo: [CLASS.diskIo],
  diskFileIo: [CLASS.fileIo],
  diskIoInit: [CLASS.diskIo],
  memoryPageFaults: [CLASS.pageFault],
  memoryHardFaults: [CLASS.pageFault],
  networkTcpIp: [CLASS.tcpIp, CLASS.udpIp],
  registry: [CLASS.registry],
  job: [CLASS.job],
  alpc: [CLASS.alpc],
  splitIo: [CLASS.splitIo],
  driver: [CLASS.diskIo],
  profile: [CLASS.perfInfo],
  fileIo: [CLASS.fileIo],
  fileIoInit: [CLASS.fileIo],
};

/** EVENT_TRACE_FLAG_* → its name and the kernel event classes it turns on. */
export const KERNEL_FLAG_CLASSES: ReadonlyArray<readonly [flag: number, name: string, classes: string[]]> =
  KERNEL_FLAGS.map((f) => [f.flag, f.name, FLAG_CLASSES[f.name] ?? []] as const);

/** Every flag of the table: "all kernel events". */
export const ALL_KERNEL_FLAGS = KERNEL_FLAG_CLASSES.reduce((all, [flag]) => all | flag, 0);

/** Classes every kernel session receives whatever its flags: header, configuration rundown, stacks. */
const ALWAYS_KERNEL = new Set<string>([EVENT_TRACE_CLASS, CLASS.config, CLASS.stackWalk]);
/** Classes some flag (or every session) turns on. */
const MAPPED_CLASSES = new Set<string>([...ALWAYS_KERNEL, ...KERNEL_FLAG_CLASSES.flatMap(([, , c]) => c)]);
/** Every kernel event class (each EVENT_TRACE_GROUP_*, SystemTraceControlGuid for unknown groups). */
const KERNEL_GROUPS = 0x40;
const ALL_KERNEL_CLASSES = new Set<string>(
  Array.from({ length: KERNEL_GROUPS }, (_, g) => kernelClassGuid(g, 0)),
);

/** Is this record a SystemTraceProvider event (from its header's group, or its class after a batch)? */
export function isKernelRecord(raw: Pick<RawEvent, 'providerId' | 'group'>): boolean {
  return raw.group >= 0 || ALL_KERNEL_CLASSES.has(raw.providerId);
}

/** Kernel event classes turned on by a set of EnableFlags. */
export function kernelClassesOf(flags: number): Set<string> {
  const classes = new Set<string>(ALWAYS_KERNEL);
  for (const [flag, , list] of KERNEL_FLAG_CLASSES)
    if ((flags & flag) !== 0) for (const c of list) classes.add(c);
  return classes;
}

/**
 * Whether a kernel session (or view) with `flags`, whose classes are `classes` (kernelClassesOf), gets
 * events of `eventClass`. Classes the table does not map (they come from extended group masks) are
 * included when every flag is set.
 */
export function kernelClassEnabled(flags: number, classes: ReadonlySet<string>, eventClass: string): boolean {
  if (classes.has(eventClass)) return true;
  return (flags & ALL_KERNEL_FLAGS) === ALL_KERNEL_FLAGS && !MAPPED_CLASSES.has(eventClass);
}

/** Records every consumer of a session receives (not provider events). */
export function isSessionRecord(raw: Pick<RawEvent, 'providerId'>): boolean {
  return raw.providerId === RT_LOST_EVENT_CLASS || raw.providerId === EVENT_TRACE_CLASS;
}

export function levelKeywordPasses(
  raw: Pick<RawEvent, 'level' | 'keywords'>,
  level: number,
  anyKeyword: bigint,
  allKeyword: bigint,
): boolean {
  if (raw.level !== 0 && level !== 0 && raw.level > level) return false;
  if (anyKeyword === 0n && allKeyword === 0n) return true;
  const kw = raw.keywords;
  if (kw === 0n) return true;
  if (anyKeyword !== 0n && (kw & anyKeyword) === 0n) return false;
  return (kw & allKeyword) === allKeyword;
}

/** TraceLogging events carry their metadata in an EVENT_SCHEMA_TL extended item. */
export function traceLoggingMetadata(raw: Pick<RawEvent, 'ext'>): Uint8Array | undefined {
  for (const item of raw.ext) if (item.type === ExtType.EventSchemaTl) return item.data;
  return undefined;
}

/** The TraceLogging event name, or undefined for other events (and unreadable metadata). */
export function traceLoggingName(raw: Pick<RawEvent, 'ext'>): string | undefined {
  const meta = traceLoggingMetadata(raw);
  if (!meta) return undefined;
  const parsed = parseEventMetadata(meta);
  return parsed.ok ? parsed.event.name : undefined;
}

/** Which of `filters` an event passes (the filters a kernel applies; exe names are not handled here). */
export function headerFiltersPass(
  raw: Pick<RawEvent, 'id' | 'pid' | 'ext'>,
  filters: Omit<ProviderFilters, 'exeNames' | 'stackEventIds'>,
): boolean {
  if (filters.eventIds?.length && !traceLoggingMetadata(raw)) {
    const listed = filters.eventIds.includes(raw.id);
    if (listed === (filters.excludeEventIds === true)) return false;
  }
  if (filters.pids?.length && !filters.pids.includes(raw.pid)) return false;
  if (filters.tlEventNames?.length) {
    const name = traceLoggingName(raw);
    if (name !== undefined && !filters.tlEventNames.includes(name)) return false;
  }
  return true;
}
