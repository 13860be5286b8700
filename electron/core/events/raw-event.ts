// RawEvent: one event record as it came off the wire, before decoding. The ETL reader, the live
// addon's batch parser and replays all yield this same shape, so decode/filter/store code is shared.
// `payload` is a view into the source buffer, valid only until the source moves to its next buffer:
// copy it (`payload.slice()`) to keep it. Times are exact: `ticks` is 100-ns units since the trace's
// start (a double, exact for 28 years); the absolute UTC FILETIME is `clock.startFileTime + BigInt(ticks)`.

/** What kind of record header carried the event (TRACE_HEADER_TYPE_*, folded by pointer size). */
export const RecordKind = {
  System: 1, // SYSTEM_TRACE_HEADER (kernel, full form)
  Compact: 2, // SYSTEM_TRACE_HEADER without Kernel/UserTime
  PerfInfo: 3, // PERFINFO_TRACE_HEADER (no pid/tid)
  Full: 4, // EVENT_TRACE_HEADER (classic MOF)
  Instance: 5, // EVENT_INSTANCE_GUID_HEADER
  EventHeader: 6, // EVENT_HEADER (manifest, TraceLogging, EventSource)
  Error: 7, // ERROR record
  Message: 8, // WPP / TraceMessage record
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

/** EVENT_HEADER_EXT_TYPE_* values (evntcons.h). */
export const ExtType = {
  RelatedActivityId: 1,
  Sid: 2,
  TsId: 3,
  InstanceInfo: 4,
  StackTrace32: 5,
  StackTrace64: 6,
  PebsIndex: 7,
  PmcCounters: 8,
  PsmKey: 9,
  EventKey: 10,
  EventSchemaTl: 11,
  ProvTraits: 12,
  ProcessStartKey: 13,
  ControlGuid: 14,
  QpcDelta: 15,
  ContainerId: 16,
  StackKey32: 17,
  StackKey64: 18,
} as const;

export interface ExtItem {
  type: number;
  /** View into the source buffer (same lifetime rule as payload). */
  data: Uint8Array;
}

export interface RawEvent {
  kind: RecordKind;
  /** Raw TRACE_HEADER_TYPE_* byte. */
  headerType: number;
  /** Pointer width of the code that logged the event (follows the record's own header type). */
  pointerSize: 4 | 8;
  /** 100-ns ticks since the trace start time (see TraceClock). */
  ticks: number;
  cpu: number;
  /** -1 when the header has none (PERFINFO). */
  pid: number;
  tid: number;
  /**
   * Interned lowercase GUID string. EVENT_HEADER: provider id. Classic/kernel/MOF: the event class
   * GUID (kernel: from the group).
   */
  providerId: string;
  /** EVENT_DESCRIPTOR fields; classic events: id 0, opcode = event type, version = class version. */
  id: number;
  version: number;
  channel: number;
  level: number;
  opcode: number;
  task: number;
  keywords: bigint;
  /** EVENT_HEADER Flags (EVENT_HEADER_FLAG_*), 0 for other kinds. */
  flags: number;
  /** Kernel group (SYSTEM/COMPACT/PERFINFO headers), else -1. HookId = group << 8 | opcode. */
  group: number;
  /** Interned activity id GUID, or '' when zero/absent. */
  activityId: string;
  /** Extended data items (EVENT_HEADER), empty otherwise. */
  ext: ExtItem[];
  /** User data. */
  payload: Uint8Array;
  /** Where the record starts: file offset of the buffer + offset in the (decompressed) buffer. */
  bufferOffset: number;
  recordOffset: number;
}

/** Converts raw timestamps and ticks to absolute time. One per trace (from TRACE_LOGFILE_HEADER). */
export interface TraceClock {
  /** UTC FILETIME (100 ns since 1601) at ticks = 0. */
  startFileTime: bigint;
  /** 1 QPC, 2 system time, 3 CPU cycles. */
  clockType: number;
  /** Raw clock ticks per second. */
  frequency: number;
  /** Raw timestamp of the header event (ticks = 0). */
  t0: bigint;
}
