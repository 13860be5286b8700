// The values of the sessions.* channels and the `sessions.figures` event (contract.ts): the machine's
// trace sessions, starting a live or replay session, and the per-second figures of the sessions this
// app runs. Plain JSON: 64-bit keyword masks travel as hex strings ("0x10").
import type { AppError } from '../result';
import type { LiveEtwStatus, OpenedCapture } from './messages';

/** One trace session: on the machine (QueryAllTraces), or a replay this app plays. */
export interface TraceSessionInfo {
  name: string;
  loggerId?: number;
  mode: 'realtime' | 'file' | 'both' | 'unknown';
  logFile?: string;
  /** ETW EventsLost: events the providers could not write. */
  eventsLost: number;
  /** Real-time buffers lost (a consumer too slow). */
  buffersLost: number;
  /** Log-file buffers lost. */
  logBuffersLost: number;
  /** Started by this app (ETWExplorer-*): may be stopped without force. */
  ours: boolean;
  /** 'machine': a real ETW session; 'replay': a capture played as a session by this app. */
  source: 'machine' | 'replay';
  /** A SystemTraceProvider (kernel) session. */
  kernel: boolean;
  buffers?: { sizeKB: number; count: number; free: number; written: number; min: number; max: number };
  flushTimerMs?: number;
  clock?: 'qpc' | 'system time' | 'cpu cycles' | 'unknown';
  /** Sessions this app consumes: the capture their events go to (events.* / view.* channels). */
  captureId?: string;
  replay?: ReplayInfo;
}

export interface ReplayInfo {
  path: string;
  speed: number | 'max';
  state: 'waiting' | 'playing' | 'ended';
  eventsPlayed: number;
}

export interface RestrictedProviderInfo {
  guid: string;
  name: string;
  reason: string;
}

export interface SessionListing {
  sessions: TraceSessionInfo[];
  /** false when the machine's list is partial (more sessions than Windows would return). */
  complete: boolean;
  /** Whether live ETW works here, and why not ("live ETW needs Windows"); replays work everywhere. */
  liveEtw: LiveEtwStatus;
  /** What this connection may do: live sessions need the sessionControl capability, replays do not. */
  control: { live: boolean; replay: boolean };
  /** Stale ETWExplorer-* sessions (left by a crashed run) stopped when the app started. */
  reclaimed: string[];
  /** Providers no live session of this app can use, and why. */
  restrictedProviders: RestrictedProviderInfo[];
  /** The figures of this app's sessions now (then pushed every second as `sessions.figures`). */
  figures: SessionFigures[];
  /** Why the machine's sessions could not be listed (e.g. ACCESS_DENIED when not elevated). */
  machineError?: AppError;
}

export interface SessionProviderRequest {
  guid: string;
  name?: string;
  /** 0..255; 0 = every level. Default 5. */
  level?: number;
  /** Hex or decimal 64-bit masks; "0" = every keyword. */
  anyKeyword?: string;
  allKeyword?: string;
  properties?: { stackTrace?: boolean; sid?: boolean; tsId?: boolean; processStartKey?: boolean };
  filters?: {
    eventIds?: number[];
    excludeEventIds?: boolean;
    pids?: number[];
    exeNames?: string[];
    tlEventNames?: string[];
  };
  traceLogging?: boolean;
}

/** Where one kernel-side filter of a provider ended up, and why when not in the kernel. */
export interface FilterPlacementInfo {
  filter: string;
  where: 'kernel' | 'user' | 'none';
  reason?: string;
}

export interface EnabledProviderInfo {
  guid: string;
  name?: string;
  level: number;
  anyKeyword: string;
  allKeyword: string;
  /** EnableProperty flags set ("stackTrace", "sid"...). */
  properties: string[];
  /** Views sharing this enablement. */
  views: number;
  filters: FilterPlacementInfo[];
}

export interface StartedSession {
  /** The sessions the events come from (one user and/or one kernel session, or the replay's). */
  sessions: string[];
  /** The capture that shows the session's events (open it in the Events view). */
  capture: OpenedCapture;
  /** What each provider was enabled with and where its filters run. */
  providers: EnabledProviderInfo[];
  /** The filter the capture applies to the session's events (its header part already ran in the manager). */
  viewFilter: string;
}

export interface SessionLoss {
  /** ETW EventsLost (querySession / the capture header for replays). */
  etwEventsLost: number;
  /** ETW RealTimeBuffersLost. */
  realtimeBuffersLost: number;
  /** RT_LostEvent records in the stream: types 32 (events), 33 (buffers), 34 (log file). */
  inStream: { events: number; buffers: number; files: number };
  /** Ours: records the consumer's queue dropped, and events the views' queues dropped. */
  queueDropped: { consumer: number; views: number };
}

/** One session's figures, pushed every second (`sessions.figures`). */
export interface SessionFigures {
  name: string;
  kind: 'user' | 'kernel' | 'attached';
  source: 'machine' | 'replay';
  state: 'running' | 'ended';
  eventsPerSecond: number;
  events: number;
  bytes: number;
  batches: number;
  loss: SessionLoss;
  /** Batches waiting: in the consumer's queue, and in the fullest view queue (of `viewLimit`). */
  queue: { consumer: number; views: number; viewLimit: number };
  buffers?: { sizeKB: number; count: number; free: number; written: number };
  kernelFlags?: string[];
  providers: EnabledProviderInfo[];
  views: number;
  /** ProcessTrace's status once the session's stream ended. */
  endStatus?: number;
  /** Bad batches seen (parse diagnostics), with the last one. */
  diagnostics: number;
  lastDiagnostic?: string;
  captureId?: string;
  error?: AppError;
}

export interface SessionFiguresEvent {
  /** ISO 8601 UTC. */
  at: string;
  sessions: SessionFigures[];
}

/** The `sessions.start` request a .wprp profile amounts to (what the Sessions view sends). */
export interface ProfileSessionRequest {
  label?: string;
  providers?: SessionProviderRequest[];
  kernel?: { flags: number };
}

/** One <Profile> of a .wprp read by `sessions.parseProfile`. */
export interface ParsedSessionProfile {
  id: string;
  name: string;
  description?: string;
  request: ProfileSessionRequest;
  /** What the profile asks for that the request leaves out, each with its element path. */
  warnings: string[];
}

export interface ParsedSessionProfiles {
  profiles: ParsedSessionProfile[];
}
