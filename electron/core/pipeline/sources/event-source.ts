// EventSource: the one interface the pipeline reads from, whatever produces the events — an .etl
// file read as fast as possible (etl-file-source.ts), a file replayed as if live at a chosen speed
// (replay-source.ts), or a live session's batches (live-source.ts, the seam the session manager
// plugs into). A source pushes events into a sink synchronously, a slice at a time: the driver
// (ingest.ts) decides how many per slice and yields between slices, so progress, cancellation and
// view queries interleave with reading. Payload views handed to the sink die when `pull` returns:
// the sink copies what it keeps (the store does).
import type { RawEvent, TraceClock } from '../../events/raw-event';
import type { EtlHeader } from '../../etl/reader';

export type SourceKind = 'capture' | 'replay' | 'live' | 'demo';

export interface SourceDescription {
  kind: SourceKind;
  /** Short label: a file name, a session name. */
  label: string;
  path?: string;
}

export interface FileSourceSpec {
  path: string;
  /** 'capture' (default) reads at full speed; 'replay' paces by timestamps at `speed`. */
  kind?: Exclude<SourceKind, 'live'>;
  /** Replay speed factor (Infinity = as fast as possible). */
  speed?: number;
  /** Shown instead of the file name (the demo). */
  label?: string;
}

export interface SourceProgress {
  /** Bytes of the input consumed so far (files: the furthest buffer reached). */
  bytesRead: number;
  /** Total input bytes; 0 when unknown (live). */
  bytesTotal: number;
  /** Events handed to the sink so far. */
  events: number;
  /** Expected total events, extrapolated from bytes (files) or known (replays); undefined for live. */
  estimatedEvents?: number;
}

/** Loss the source knows about (the pipeline adds its own drops). */
export interface SourceLoss {
  /** ETW EventsLost from the trace header or the session. */
  etwEventsLost: number;
  realtimeBuffersLost: number;
  /** Lost-event records seen in the stream. */
  inStreamLost: number;
  /** Events the source itself had to drop (a live adapter's queue). */
  queueDropped: number;
}

export interface SourceDiagnostic {
  offset?: number;
  code: string;
  message: string;
}

export type EventSink = (raw: RawEvent) => void;

/**
 * What a pull did: `more` = call again soon; `wait` = nothing due yet (replay pacing, an idle live
 * session), call again after `ms`; `done` = the source is exhausted.
 */
export type PullResult = { state: 'more' } | { state: 'wait'; ms: number } | { state: 'done' };

export interface EventSource {
  readonly description: SourceDescription;
  readonly clock: TraceClock;
  /** The trace header, for sources that read an .etl file. */
  readonly header?: EtlHeader;
  /** Hands at most `maxEvents` events to `sink`, in time order. */
  pull(sink: EventSink, maxEvents: number): PullResult | Promise<PullResult>;
  progress(): SourceProgress;
  loss(): SourceLoss;
  /** Problems met while reading (bad buffers...); reading went on. */
  diagnostics(): readonly SourceDiagnostic[];
  close(): void;
}

export const NO_SOURCE_LOSS: SourceLoss = {
  etwEventsLost: 0,
  realtimeBuffersLost: 0,
  inStreamLost: 0,
  queueDropped: 0,
};

/** RT_LostEvent class (MSDN "RT_LostEvent class"): types 32 lost event, 33 lost buffer, 34 lost file. */
export const RT_LOST_EVENT_CLASS = '6a399ae0-4bc6-4de9-870b-3657f8947e7e';
export const RT_LOST_EVENT = 32;
export const RT_LOST_BUFFER = 33;

/** Counts in-stream lost-event records into `loss` (call for every event a source yields). */
export function countLostRecord(raw: RawEvent, loss: SourceLoss): void {
  if (raw.providerId !== RT_LOST_EVENT_CLASS) return;
  if (raw.opcode === RT_LOST_BUFFER) loss.realtimeBuffersLost++;
  else loss.inStreamLost++;
}
