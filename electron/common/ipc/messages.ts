// The values that cross the IPC boundary: responses of the request channels and payloads of pushed
// events in contract.ts. Plain JSON only (64-bit numbers as strings, times as ISO 8601 text), so the
// Electron structured clone and the web mode's JSON carry them unchanged.
import type { EventJson, PropValue } from '../model/event';
import type { SchemaDiagnostic, SchemaSourceKind } from '../model/schema';
import type { AppError } from '../result';

/** Why live ETW can or cannot be used in this process (native addon, OS, elevation). */
export interface LiveEtwStatus {
  available: boolean;
  /** Human-readable reason when not available ("live ETW needs Windows"). */
  reason?: string;
  /** UNSUPPORTED_PLATFORM, ACCESS_DENIED, IO_ERROR (addon missing or failed to load)... */
  code?: AppError['code'];
}

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' = desktop app; 'web' = `npm run serve` in a browser. */
  mode: 'electron' | 'web';
  /** Host OS of the process that reads files and runs sessions (process.platform). */
  platform: string;
  arch: string;
  liveEtw: LiveEtwStatus;
  /** True when this connection may start and stop live sessions. */
  sessionControl: boolean;
}

/** What the source of the event stream is right now. */
export interface SourceInfo {
  kind: 'none' | 'capture' | 'live' | 'replay' | 'demo';
  /** Short label for the status bar: file name, session name. */
  label: string;
  path?: string;
  /** The open capture or stream behind it (views are made on it): a client that connects late finds it here. */
  captureId?: string;
}

/** Events lost, each cause counted on its own (architecture: loss is visible). */
export interface LossCounters {
  /** ETW EventsLost reported by the session or the trace header. */
  etwEventsLost: number;
  /** Real-time buffers lost. */
  realtimeBuffersLost: number;
  /** Lost-event records found in the stream. */
  inStreamLost: number;
  /** Dropped by our own queues (back pressure). */
  queueDropped: number;
}

export interface StatusSnapshot {
  source: SourceInfo;
  counts: { events: number; shown: number; eventsPerSecond?: number };
  loss: LossCounters;
  errors: { count: number; last?: AppError };
}

export interface CaptureSummary {
  path: string;
  fileName: string;
  fileSize: number;
  /** Events read so far (the final count once `capture.progress` says done). */
  events: number;
  /** ISO 8601 UTC, when the header gives it. */
  startTime?: string;
  endTime?: string;
  pointerSize?: 4 | 8;
  cpuCount?: number;
  osVersion?: string;
  providers: number;
  loss: LossCounters;
  /** Problems found while reading (bad buffers, unknown records; the first 200); reading went on. */
  diagnostics: Array<{ offset?: number; code: string; message: string }>;
  /** How many problems were found in all (more than `diagnostics` holds when over 200). */
  diagnosticCount?: number;
  /** Kernel StackWalk stacks and how many were attached to their events, when the capture has any. */
  stacks?: StackCounts;
}

export interface OpenedCapture {
  captureId: string;
  summary: CaptureSummary;
}

export interface CaptureProgress {
  captureId: string;
  /** 'reading' while events arrive (rows are visible from the first batch); 'live' for streams. */
  phase: 'reading' | 'live' | 'done' | 'cancelled' | 'failed';
  bytesRead: number;
  /** 0 when unknown (live sessions). */
  bytesTotal: number;
  events: number;
  /** Expected total events, extrapolated from the bytes read (files). */
  estimatedEvents?: number;
  error?: AppError;
}

/** One provider in a catalog listing. */
export interface ProviderListItem {
  guid: string;
  name: string;
  /** The first source the provider came from. */
  source: SchemaSourceKind;
  /** Every kind of source merged into it (duplicates by GUID merge), first one first. */
  sources: SchemaSourceKind[];
  events: number;
  keywords: number;
}

/** Providers registered on this machine (TDH through the live addon): only where that can work. */
export interface SystemProvidersStatus {
  available: boolean;
  /** Why not ("system providers need Windows"). */
  reason?: string;
}

export interface CatalogListing {
  /** Matching providers, sorted by name. */
  providers: ProviderListItem[];
  /** Providers in the catalog (matching or not). */
  total: number;
  system: SystemProvidersStatus;
}

export interface ManifestOpened {
  path: string;
  /** Files read (1 for a file; every manifest-like file under a folder). */
  files: number;
  /** The providers this path defined, as merged into the catalog. */
  providers: ProviderListItem[];
  /** Problems found, errors first (capped at a few hundred; the counts below are complete). */
  diagnostics: SchemaDiagnostic[];
  diagnosticCount: number;
  /** Diagnostics that lost something (the others are warnings: incomplete source, nothing dropped). */
  errorCount: number;
}

/** A hit from searching inside every provider: names, events, fields, keywords, maps, messages. */
export interface CatalogHit {
  guid: string;
  providerName: string;
  where:
    'provider' | 'event' | 'symbol' | 'field' | 'keyword' | 'task' | 'opcode' | 'channel' | 'map' | 'message';
  eventId?: number;
  eventVersion?: number;
  /** Name of the event the hit is in (symbol or task/opcode name), when it is in one. */
  eventName?: string;
  /** The text that matched. */
  text: string;
}

export interface CatalogSearchResult {
  /** Best first: exact, then prefix, then substring matches; names before messages. */
  hits: CatalogHit[];
  /** Every match, including those past the limit. */
  total: number;
  truncated: boolean;
}

/** A provider written back as an instrumentation manifest (for export). */
export interface ManifestXml {
  guid: string;
  /** Suggested file name: the provider name made safe for file systems, `.man`. */
  fileName: string;
  xml: string;
}

/**
 * A decoded event as a table row: the `etwx dump` shape (without `raw`: the detail has the bytes) plus
 * its position in the view, its identity in the capture, its relative time and a one-line summary.
 */
export interface EventRow extends EventJson {
  /** Index of the row in its view. */
  index: number;
  /** The event's number in its capture (stable across views and filters): events.detail takes it. */
  seq: number;
  /** 100-ns ticks since the trace start (the relative time column). */
  ticks: number;
  processName?: string;
  /** The properties on one line: `Name=value Name2=value2` (display strings where they exist). */
  summary: string;
}

export interface EventsPage {
  viewId: string;
  offset: number;
  /** Rows in the view now (live views grow). */
  total: number;
  rows: EventRow[];
}

/** Pushed while a view grows: counts, and the newest rows when the client follows the tail. */
export interface EventsBatch {
  viewId: string;
  /** Increases by one per batch; a gap means the client missed batches and should re-query. */
  seq: number;
  total: number;
  tail?: EventRow[];
}

/** Columns the events of a view can be counted by ("Count by"). */
export const GROUP_COLUMNS = [
  'provider',
  'event',
  'process',
  'pid',
  'tid',
  'level',
  'opcode',
  'cpu',
] as const;
export type GroupColumn = (typeof GROUP_COLUMNS)[number];

export interface ViewGroup {
  label: string;
  /** Secondary text (an event's provider, a pid's process name). */
  detail?: string;
  count: number;
  /** A filter-language clause that selects exactly this group's events. */
  filter: string;
}

/** The events of a view counted by one column, most events first. */
export interface ViewGroups {
  column: GroupColumn;
  /** Events in the view. */
  total: number;
  groups: ViewGroup[];
  /** Groups beyond the limit asked for, and the events in them. */
  otherGroups: number;
  otherEvents: number;
}

export type { TraceSessionInfo } from './session-messages';

/** Commands the desktop app's native menus and OS integration send to the renderer. */
export type AppCommand =
  | { command: 'openCapture' }
  | { command: 'openManifest' }
  | { command: 'openPath'; kind: 'capture' | 'manifest'; path: string }
  | { command: 'export' }
  | { command: 'find' }
  | { command: 'setTheme'; theme: 'system' | 'light' | 'dark' }
  | { command: 'showShortcuts' }
  | { command: 'about' };

// ---- The events view (views, detail, timeline, completions, find) ------------------------------------

/** Header columns the event table can sort by (property columns sort by `PropertySortColumn`). */
export const SORT_COLUMNS = [
  'time',
  'provider',
  'event',
  'id',
  'version',
  'opcode',
  'task',
  'level',
  'pid',
  'process',
  'tid',
  'cpu',
  'size',
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/**
 * A sort by a decoded property: `prop:` and the property's path as the filter language writes it
 * after `props.` (`prop:size`, `prop:Header.Size`). Numbers first (64-bit integers exactly), then
 * text ignoring case, then the events without the property, in either direction.
 */
export type PropertySortColumn = `prop:${string}`;
export const PROPERTY_SORT_PREFIX = 'prop:';

export interface ViewSort {
  column: SortColumn | PropertySortColumn;
  descending: boolean;
}

/** What a view is now, after view.create / view.update. */
export interface ViewState {
  viewId: string;
  captureId: string;
  total: number;
  filter: string;
  sort: ViewSort;
  /** A paused view keeps its rows as they are until resumed (the capture goes on growing). */
  paused: boolean;
  /** Following views get the newest rows pushed with each `events.batch`. */
  follow: boolean;
}

/** One decoded property for the detail pane, in schema order. */
export interface DetailProperty {
  name: string;
  /** Schema type: `UInt32`, `UnicodeString`, `Struct`..., with the out type when it changes the text (`UInt32/HexInt32`). */
  type: string;
  value: PropValue;
  /** The text a person reads (maps, hex, error names), when it differs from the value. */
  display?: string;
}

export interface ProcessDetail {
  pid: number;
  name: string;
  path: string;
  cmdline: string;
  parent: string;
  ppid?: number;
}

/** One frame of a call stack. */
export interface StackFrame {
  /** The address, hex (`0x7ff8a1b2c3d4`). */
  address: string;
  /** File name of the image that held the address then (`ntdll.dll`); absent when none did. */
  module?: string;
  /** address - image base, hex (`0x1a2b3`), with `module`. */
  offset?: string;
  /** Full path of the image (with a drive letter when the trace maps its volumes), with `module`. */
  path?: string;
}

/** An event's call stack, innermost frame first. */
export interface CallStack {
  /**
   * Where the frames came from: the event's extended data (StackTrace32/64, or a stack key), kernel
   * StackWalk Stack events that followed the event, or StackWalk stack keys whose frames a key
   * definition (KeyDelete/KeyRundown) gave later.
   */
  source: 'extended-data' | 'stack-walk' | 'stack-key';
  frames: StackFrame[];
  /** The process whose images resolved user-space addresses (-1 when unknown). */
  pid: number;
  /** Seqs of the StackWalk records the frames came from (empty for extended data). */
  recordSeqs: number[];
  /** Why frames are missing, when some are (a stack key whose definition was not seen). */
  note?: string;
}

/** Stacks of a capture's kernel StackWalk events, and what became of them. */
export interface StackCounts {
  /** Stack (32) and StackKey (37/38) records seen. */
  records: number;
  /** Attached to the stored event they belong to. */
  attached: number;
  /** Their event was found but not stored (a capture filter dropped it). */
  eventNotStored: number;
  /** No recent event of that thread (or CPU) had their EventTimeStamp. */
  unmatched: number;
  /** The record itself was not stored (a capture filter dropped it): nothing to attach. */
  recordNotStored: number;
  /** Records too short to hold their fields. */
  malformed: number;
  /** Key definitions (KeyCreate/KeyDelete/KeyRundown) stored. */
  keyDefinitions: number;
}

/** Everything about one event: events.detail. */
export interface EventDetail {
  captureId: string;
  seq: number;
  /** The full `etwx dump` object (props, display, ext). */
  event: EventJson;
  ticks: number;
  properties: DetailProperty[];
  /** Task, opcode, level and keyword names from the schema, when it has them. */
  names: { task?: string; opcode?: string; level?: string; schemaSource?: string };
  process?: ProcessDetail;
  /** The addresses of `callStack`'s frames (hex, innermost first), when the event has a stack. */
  stack?: string[];
  /** The event's call stack, its frames resolved to module + offset where an image covered them. */
  callStack?: CallStack;
  /** The payload in hex (up to RAW_HEX_LIMIT bytes) and its full length. */
  rawHex: string;
  payloadLength: number;
  decodeError?: string;
}

/** Bytes of payload shown as hex in the detail pane. */
export const RAW_HEX_LIMIT = 64 * 1024;

/** Events per time bucket for the timeline: view.histogram. */
export interface Histogram {
  viewId: string;
  /** The range counted, in ticks since the trace start; bucket b covers [from + b·width, from + (b+1)·width). */
  fromTicks: number;
  toTicks: number;
  counts: number[];
  /** UTC time of tick 0 (ISO 8601), for absolute axis labels. */
  startTime: string;
}

export interface FilterCompletion {
  label: string;
  insert: string;
  kind: 'field' | 'operator' | 'keyword' | 'provider' | 'event' | 'property' | 'value';
  detail?: string;
}

/** Autocomplete for the filter bar: the choices and the text range [from, to) a choice replaces. */
export interface FilterCompletions {
  from: number;
  to: number;
  items: FilterCompletion[];
}

/** view.find: where the next row containing the text is, or how far the search got. */
export interface FindResult {
  /** Index of the matching row, or -1 when none was found in the rows searched. */
  index: number;
  /** Where to continue (exclusive of rows searched) when `done` is false. */
  next: number;
  /** True when the search reached the end (or start) of the view. */
  done: boolean;
}

// Processes and alerts (the `processes.*` and `alerts.*` channels).
export * from './process-messages';

// Exports (the `export.*` channels and `export.progress`).
export * from './export-messages';
