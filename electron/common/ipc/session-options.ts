// What a live session can be asked for, shared by the Sessions view (pickers, live validation) and the
// session manager: the kernel EnableFlags it offers (evntrace.h EVENT_TRACE_FLAG_*), the EnableProperty
// flags, and ETW's limits on kernel-side filters (EVENT_FILTER_DESCRIPTOR / EnableTraceEx2 docs,
// native/README.md "Filter limits") with the check that says which filter cannot be pushed down and
// why. core/live/push-down.ts applies the same limits to the addon's arguments (a test keeps the two
// in agreement).

export interface KernelFlagOption {
  flag: number;
  name: string;
  label: string;
  /** Volume hint for the picker (InstantTraceViewer / TraceEvent keyword docs). */
  volume?: 'low' | 'high' | 'very high';
}

export const KERNEL_FLAGS: readonly KernelFlagOption[] = [
  { flag: 0x00000001, name: 'process', label: 'Processes' },
  { flag: 0x00000002, name: 'thread', label: 'Threads' },
  { flag: 0x00000004, name: 'imageLoad', label: 'Image loads' },
  { flag: 0x00000010, name: 'contextSwitch', label: 'Context switches', volume: 'very high' },
  { flag: 0x00000020, name: 'dpc', label: 'DPCs', volume: 'very high' },
  { flag: 0x00000040, name: 'interrupt', label: 'Interrupts', volume: 'very high' },
  { flag: 0x00000080, name: 'systemCall', label: 'System calls', volume: 'very high' },
  { flag: 0x00000100, name: 'diskIo', label: 'Disk I/O' },
  { flag: 0x00000200, name: 'diskFileIo', label: 'File names for disk I/O' },
  { flag: 0x00000400, name: 'diskIoInit', label: 'Disk I/O initiation' },
  { flag: 0x00001000, name: 'memoryPageFaults', label: 'Page faults', volume: 'high' },
  { flag: 0x00002000, name: 'memoryHardFaults', label: 'Hard page faults' },
  { flag: 0x00010000, name: 'networkTcpIp', label: 'TCP/IP and UDP' },
  { flag: 0x00020000, name: 'registry', label: 'Registry', volume: 'high' },
  { flag: 0x00080000, name: 'job', label: 'Job objects' },
  { flag: 0x00100000, name: 'alpc', label: 'ALPC' },
  { flag: 0x00200000, name: 'splitIo', label: 'Split I/O' },
  { flag: 0x00800000, name: 'driver', label: 'Driver delays' },
  { flag: 0x01000000, name: 'profile', label: 'CPU sampling', volume: 'high' },
  { flag: 0x02000000, name: 'fileIo', label: 'File I/O', volume: 'high' },
  { flag: 0x04000000, name: 'fileIoInit', label: 'File I/O initiation' },
];

export const ENABLE_PROPERTIES = [
  {
    name: 'stackTrace',
    label: 'Stack',
    detail: 'a call stack with each event (EVENT_ENABLE_PROPERTY_STACK_TRACE)',
  },
  {
    name: 'sid',
    label: 'User SID',
    detail: 'the security identifier of the user (EVENT_ENABLE_PROPERTY_SID)',
  },
  {
    name: 'tsId',
    label: 'Terminal session',
    detail: 'the terminal-session id (EVENT_ENABLE_PROPERTY_TS_ID)',
  },
  {
    name: 'processStartKey',
    label: 'Process start key',
    detail: 'a key unique to each process, safe against PID reuse (EVENT_ENABLE_PROPERTY_PROCESS_START_KEY)',
  },
] as const;
export type EnablePropertyName = (typeof ENABLE_PROPERTIES)[number]['name'];

export const KERNEL_FILTER_LIMITS = {
  /** MAX_EVENT_FILTER_EVENT_ID_COUNT */
  eventIds: 64,
  /** MAX_EVENT_FILTER_PID_COUNT */
  pids: 8,
  /** MAX_EVENT_FILTER_DATA_SIZE: the ';'-joined names as UTF-16 with the NUL. */
  exeNamesBytes: 1024,
  /** MAX_EVENT_FILTER_EVENT_NAME_SIZE: the whole EVENT_FILTER_EVENT_NAME. */
  tlEventNamesBytes: 4096,
} as const;

/** Size of EVENT_FILTER_EVENT_NAME before the names. */
const EVENT_NAME_FILTER_HEADER = 20;

export interface KernelFilterRequest {
  eventIds?: number[];
  excludeEventIds?: boolean;
  pids?: number[];
  exeNames?: string[];
  tlEventNames?: string[];
}

export interface FilterCheck {
  filter: 'eventIds' | 'pids' | 'exeNames' | 'tlEventNames';
  /** 'limit': cannot be pushed down (filtered in user mode instead); 'ignored' / 'partial': see message. */
  kind: 'limit' | 'ignored' | 'partial';
  /** How much of the limit is used ("65 of 64 event IDs"). */
  usage: string;
  message: string;
}

/** What cannot be filtered in the kernel, and why; empty when every filter can. */
export function checkKernelFilters(
  filters: KernelFilterRequest,
  provider: { traceLogging?: boolean } = {},
): FilterCheck[] {
  const out: FilterCheck[] = [];
  const L = KERNEL_FILTER_LIMITS;
  const ids = filters.eventIds?.length ?? 0;
  if (ids > L.eventIds)
    out.push({
      filter: 'eventIds',
      kind: 'limit',
      usage: `${ids} of ${L.eventIds} event IDs`,
      message: `ETW filters at most ${L.eventIds} event IDs in the kernel; these ${ids} are filtered in user mode`,
    });
  if (ids > 0 && provider.traceLogging)
    out.push({
      filter: 'eventIds',
      kind: 'ignored',
      usage: `${ids} event IDs`,
      message: 'TraceLogging events have no meaningful ID: Windows ignores this filter (use event names)',
    });
  const pids = filters.pids?.length ?? 0;
  if (pids > L.pids)
    out.push({
      filter: 'pids',
      kind: 'limit',
      usage: `${pids} of ${L.pids} process IDs`,
      message: `ETW filters at most ${L.pids} process IDs in the kernel; these ${pids} are filtered in user mode`,
    });
  if (pids > 0)
    out.push({
      filter: 'pids',
      kind: 'partial',
      usage: `${pids} process IDs`,
      message: 'only processes running when the session starts are matched; processes started later are not',
    });
  const names = filters.exeNames ?? [];
  if (names.length > 0) {
    const bytes = exeNamesBytes(names);
    if (bytes > L.exeNamesBytes)
      out.push({
        filter: 'exeNames',
        kind: 'limit',
        usage: `${bytes} of ${L.exeNamesBytes} bytes`,
        message: `executable names are one ';'-joined UTF-16 string of at most ${L.exeNamesBytes} bytes; these take ${bytes}, so they cannot be pushed down`,
      });
  }
  const tl = filters.tlEventNames ?? [];
  if (tl.length > 0) {
    const bytes = tl.reduce((n, s) => n + utf8Length(s) + 1, EVENT_NAME_FILTER_HEADER);
    if (bytes > L.tlEventNamesBytes)
      out.push({
        filter: 'tlEventNames',
        kind: 'limit',
        usage: `${bytes} of ${L.tlEventNamesBytes} bytes`,
        message: `an event-name filter holds at most ${L.tlEventNamesBytes} bytes; these take ${bytes} and are filtered in user mode`,
      });
  }
  return out;
}

/** Bytes the executable-name filter takes: the names joined by ';' as UTF-16 with the NUL. */
export function exeNamesBytes(names: readonly string[]): number {
  const chars = names.reduce((n, s) => n + s.length, 0) + Math.max(0, names.length - 1);
  return (chars + 1) * 2;
}

/** UTF-8 byte length (common code has no TextEncoder): surrogate pairs take 4 bytes. */
function utf8Length(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
