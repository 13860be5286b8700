// The values that cross the IPC boundary: responses of the request channels and payloads of pushed
// events in contract.ts. Plain JSON only (64-bit numbers as strings, times as ISO 8601 text), so the
// Electron structured clone and the web mode's JSON carry them unchanged.
import type { EventJson } from '../model/event';
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
  /** Problems found while reading (bad buffers, unknown records); reading went on. */
  diagnostics: Array<{ offset?: number; code: string; message: string }>;
}

export interface OpenedCapture {
  captureId: string;
  summary: CaptureSummary;
}

export interface CaptureProgress {
  captureId: string;
  phase: 'reading' | 'indexing' | 'done' | 'failed';
  bytesRead: number;
  bytesTotal: number;
  events: number;
  error?: AppError;
}

/** One provider in a catalog listing. */
export interface ProviderListItem {
  guid: string;
  name: string;
  source: SchemaSourceKind;
  events: number;
  keywords: number;
}

export interface ManifestOpened {
  path: string;
  providers: ProviderListItem[];
  diagnostics: SchemaDiagnostic[];
}

/** A hit from searching inside every provider: names, events, fields, keywords, maps, messages. */
export interface CatalogHit {
  guid: string;
  providerName: string;
  where: 'provider' | 'event' | 'field' | 'keyword' | 'task' | 'opcode' | 'channel' | 'map' | 'message';
  eventId?: number;
  eventVersion?: number;
  /** The text that matched. */
  text: string;
}

export interface ViewCreated {
  viewId: string;
  total: number;
}

/** A decoded event as a table row: the `etwx dump` shape plus its position in the view. */
export interface EventRow extends EventJson {
  /** Index of the row in its view. */
  index: number;
  processName?: string;
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

export interface TraceSessionInfo {
  name: string;
  loggerId?: number;
  mode: 'realtime' | 'file' | 'both' | 'unknown';
  logFile?: string;
  eventsLost: number;
  buffersLost: number;
  /** Started by this app (may be stopped from it). */
  ours: boolean;
}

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
