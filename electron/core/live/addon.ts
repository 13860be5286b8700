// EtwAddon: the typed surface of the native addon (native/, `etwx_native.node`). The addon is a thin
// Windows shim: it controls sessions, enables providers, hands raw EVENT_RECORD batches to JS
// (parseBatch in batch-parser.ts) and returns raw TDH blobs for the TypeScript decoder. Every call is
// synchronous on the calling JS thread; failures throw a NativeError (native-error.ts) except "no data"
// answers, which are null. Byte layouts and limits: native/README.md. On other OSes the stub build
// exports the same names and every call throws UNSUPPORTED_PLATFORM.

/** Names the addon exports (besides `Consumer`), in the order of native/src/common/exports.h. */
export const ADDON_FUNCTION_NAMES = [
  'version',
  'win32Error',
  'listSessions',
  'querySession',
  'startSession',
  'stopSession',
  'flushSession',
  'enableProvider',
  'disableProvider',
  'captureState',
  'setStackTracing',
  'setSystemTraceFlags',
  'enumerateProviders',
  'manifestEvents',
  'providerFieldInfo',
  'eventInformation',
  'traceGuidList',
  'traceGuidInfo',
] as const satisfies readonly (keyof EtwAddon)[];

/** Stable error codes of NativeError (native/src/win/errors.h, plus the stub's UNSUPPORTED_PLATFORM). */
export type NativeErrorCode =
  | 'BAD_ARGUMENT'
  | 'CANNOT_PUSH_DOWN'
  | 'FOREIGN_SESSION'
  | 'ACCESS_DENIED'
  | 'ALREADY_EXISTS'
  | 'NOT_FOUND'
  | 'NO_SYSTEM_RESOURCES'
  | 'INVALID_PARAMETER'
  | 'NOT_SUPPORTED'
  | 'CANCELLED'
  | 'OUT_OF_MEMORY'
  | 'WIN32'
  | 'INTERNAL'
  | 'UNSUPPORTED_PLATFORM';

/** What the addon throws: an Error with these extra properties. */
export interface NativeError extends Error {
  code: NativeErrorCode;
  /** Win32 status, 0 when the error is not from Windows. */
  win32: number;
  /** What was being done: "StartTraceW 'ETWExplorer-Live'", "enableProvider arguments", ... */
  context: string;
}

export interface AddonVersion {
  addon: string;
  /** false for the stub (non-Windows build). */
  supported: boolean;
  platform: string;
  arch?: string;
  compiler?: string;
  napiVersion?: number;
  /** From RtlGetVersion. */
  windows?: { major: number; minor: number; build: number };
  batchFormat?: { magic: number; version: number };
  /** Stub only. */
  code?: 'UNSUPPORTED_PLATFORM';
  reason?: string;
}

/** One trace session (EVENT_TRACE_PROPERTIES after QueryAllTraces / ControlTrace). */
export interface SessionInfo {
  name: string;
  /** '' for real-time-only sessions. */
  logFile: string;
  loggerId: number;
  guid: string;
  /** Wnode.ClientContext: 1 QPC, 2 system time, 3 CPU cycles. */
  clockType: number;
  bufferSizeKB: number;
  minimumBuffers: number;
  maximumBuffers: number;
  numberOfBuffers: number;
  freeBuffers: number;
  maximumFileSizeMB: number;
  logFileMode: number;
  /** Seconds, or milliseconds when logFileMode has EVENT_TRACE_USE_MS_FLUSH_TIMER (0x10). */
  flushTimer: number;
  enableFlags: number;
  /** Events the providers could not write (no free buffer). */
  eventsLost: number;
  buffersWritten: number;
  logBuffersLost: number;
  /** Buffers a too-slow real-time consumer missed. */
  realTimeBuffersLost: number;
  loggerThreadId: number;
}

export interface SessionList {
  sessions: SessionInfo[];
  /** false when Windows refused a larger array after ERROR_MORE_DATA: the list is partial. */
  complete: boolean;
}

export interface StartSessionOptions {
  /** Use an `ETWExplorer-` name: only those are reclaimed on ERROR_ALREADY_EXISTS. */
  name: string;
  /** Default true. */
  realTime?: boolean;
  /** Also (or only) write an .etl file (EVENT_TRACE_FILE_MODE_SEQUENTIAL). */
  logFile?: string;
  /** 1..1024, default 64. */
  bufferKB?: number;
  /** 0 = ETW default. */
  minBuffers?: number;
  maxBuffers?: number;
  /** Default 1000 (EVENT_TRACE_USE_MS_FLUSH_TIMER); 0 = ETW default. */
  flushTimerMs?: number;
  maxFileMB?: number;
  /** Private SystemTraceProvider session (EVENT_TRACE_SYSTEM_LOGGER_MODE) for kernel events. */
  systemLogger?: boolean;
  /** EnableFlags (EVENT_TRACE_FLAG_*); needs systemLogger. */
  kernelFlags?: number;
  /** EVENT_TRACE_INDEPENDENT_SESSION_MODE for real-time sessions; default true. */
  independent?: boolean;
  /** EVENT_TRACE_NO_PER_PROCESSOR_BUFFERING (events in timestamp order). */
  noPerProcessorBuffering?: boolean;
  /** Wnode.ClientContext, default 1 (QPC). */
  clockType?: 1 | 2 | 3;
  /** The only way to start "NT Kernel Logger"; never set it implicitly. */
  allowNtKernelLogger?: boolean;
  /** Stop and restart an existing session of ours with the same name; default true. */
  reclaim?: boolean;
}

export interface StartSessionResult {
  name: string;
  loggerId: number;
  /** true when a stale session with our name was stopped first. */
  reclaimed: boolean;
}

export type StopSessionResult =
  { stopped: true; session: SessionInfo } | { stopped: false; alreadyGone: true };

/** EnableProperty flags (EVENT_ENABLE_PROPERTY_*): each adds an extended data item or changes matching. */
export interface EnableProperties {
  stackTrace?: boolean;
  sid?: boolean;
  tsId?: boolean;
  processStartKey?: boolean;
  ignoreKeyword0?: boolean;
  eventKey?: boolean;
  psmKey?: boolean;
  excludeInPrivate?: boolean;
  enableSilos?: boolean;
  sourceContainerTracking?: boolean;
}

/** Kernel-side filters; limits in push-down.ts / native/README.md. */
export interface ProviderFilters {
  eventIds?: number[];
  /** Treat eventIds as a deny list. */
  excludeEventIds?: boolean;
  pids?: number[];
  exeNames?: string[];
  /** TraceLogging event names (Windows 10 1709+). */
  tlEventNames?: string[];
  /** Event IDs that get a stack (sets the stackTrace property). */
  stackEventIds?: number[];
}

export interface EnableProviderOptions {
  session: string;
  guid: string;
  /** 0..255, default 5 (verbose). */
  level?: number;
  /** Default 0 (= all events for manifest/TraceLogging providers). */
  anyKeyword?: bigint | number;
  allKeyword?: bigint | number;
  properties?: EnableProperties;
  filters?: ProviderFilters;
  /** EnableTraceEx2 Timeout; 0 = do not wait for the provider's enable callback. */
  timeoutMs?: number;
}

export interface KeywordOptions {
  level?: number;
  anyKeyword?: bigint | number;
  allKeyword?: bigint | number;
}

/** CLASSIC_EVENT_ID: a kernel event class GUID + event type (opcode). */
export interface ClassicEventId {
  guid: string;
  type: number;
}

/** A TDH answer for one event: the raw TRACE_EVENT_INFO, or the Win32 status of the failure. */
export type TdhInfoResult = { info: Uint8Array; win32: 0 } | { info: null; win32: number };

export interface ManifestEvents {
  /** Raw PROVIDER_EVENT_INFO (u32 count, u32 reserved, count × EVENT_DESCRIPTOR). */
  list: Uint8Array;
  /** One per descriptor, same order. */
  events: TdhInfoResult[];
}

/** EVENT_FIELD_TYPE (tdh.h) for providerFieldInfo. */
export const EventFieldType = { Keyword: 0, Level: 1, Channel: 2, Task: 3, Opcode: 4 } as const;
export type EventFieldType = (typeof EventFieldType)[keyof typeof EventFieldType];

export interface ConsumerOptions {
  session: string;
  /** One batch (layout: native/README.md) per call; parse with parseBatch. Runs on the JS thread. */
  onBatch: (bytes: Uint8Array) => void;
  /** Hand a batch over at this size; 64 KiB..16 MiB, default 1 MiB. */
  batchBytes?: number;
  /** Batches allowed to wait for JS before new ones are dropped; 1..4096, default 64. */
  maxQueuedBatches?: number;
}

export interface ConsumerStats {
  running: boolean;
  eventsSeen: number;
  eventsDropped: number;
  batchesDropped: number;
  batchesQueued: number;
  batchesDelivered: number;
  bytesDelivered: number;
  /** ProcessTrace's status once it returned. */
  endStatus: number;
}

/** The consumer's clock (native/README.md "Time"); the same values are in every batch header. */
export interface ConsumerClock {
  clockType: number;
  frequency: bigint;
  t0: bigint;
  startFileTime: bigint;
}

/** A running real-time consumer (OpenTraceW + ProcessTrace on its own thread). */
export interface NativeConsumer {
  /** CloseTrace, join the thread; idempotent. The LAST batch still arrives through onBatch afterwards. */
  stop(): ConsumerStats;
  stats(): ConsumerStats;
  readonly clock: ConsumerClock;
}

export interface EtwAddon {
  version(): AddonVersion;
  /** The typed error the addon would throw for a Win32 status (returned, not thrown). */
  win32Error(status: number, context?: string): NativeError;

  listSessions(): SessionList;
  /** Live counters of one session; NOT_FOUND when it is not running. */
  querySession(name: string): SessionInfo;
  startSession(options: StartSessionOptions): StartSessionResult;
  /** Sessions not named ETWExplorer-* need force (FOREIGN_SESSION otherwise). */
  stopSession(name: string, options?: { force?: boolean }): StopSessionResult;
  flushSession(name: string): void;
  /** Replaces the provider's settings and filters in that session. CANNOT_PUSH_DOWN beyond ETW limits. */
  enableProvider(options: EnableProviderOptions): { filterCount: number };
  disableProvider(session: string, guid: string): void;
  /** Rundown (EVENT_CONTROL_CODE_CAPTURE_STATE). */
  captureState(session: string, guid: string, options?: KeywordOptions): void;
  /** Kernel stack walking (TraceStackTracingInfo), at most 256 events; [] turns it off. */
  setStackTracing(session: string, events: ClassicEventId[]): void;
  /** The 8 PERFINFO group masks of a system logger session (TraceSystemTraceEnableFlagsInfo). */
  setSystemTraceFlags(session: string, masks: number[]): void;

  /** Raw PROVIDER_ENUMERATION_INFO (TdhEnumerateProviders). */
  enumerateProviders(): Uint8Array;
  /** Manifest events of a provider; null when it has no manifest metadata. */
  manifestEvents(guid: string): ManifestEvents | null;
  /** Raw PROVIDER_FIELD_INFOARRAY; null when the provider defines none of that field type. */
  providerFieldInfo(guid: string, fieldType: EventFieldType): Uint8Array | null;
  /** TdhGetEventInformation for one batch record (cached per schema key, failures too). */
  eventInformation(record: Uint8Array): TdhInfoResult & { cached: boolean };

  /** Every registered provider GUID (EnumerateTraceGuidsEx TraceGuidQueryList). */
  traceGuidList(): string[];
  /** Raw TRACE_GUID_INFO of one provider (parse with trace-guids.ts); null when not registered. */
  traceGuidInfo(guid: string): Uint8Array | null;

  Consumer: new (options: ConsumerOptions) => NativeConsumer;
}
