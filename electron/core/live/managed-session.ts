// One session the manager consumes — its own user-mode or kernel session, or another one it attached
// to — with its consumer, the views reading it, what is enabled in it, and its counters: events and
// bytes received, batches, loss by source (ETW EventsLost and RealTimeBuffersLost from querySession,
// RT_LostEvent records by type, records the consumer dropped, gaps in batch sequence numbers), parse
// diagnostics and the events/s rate. `figures()` turns them into the per-second SessionFigures.

import type { EnabledProviderInfo, SessionFigures } from '../../common/ipc/session-messages';
import type { RawEvent } from '../events/raw-event';
import type { NativeConsumer, SessionInfo } from './addon';
import type { MergedEnable, FilterName } from './enable-merge';
import { KERNEL_FLAG_CLASSES, RT_LOST_EVENT_CLASS, RT_LOST_TYPES } from './enable-match';
import type { Subscriber, SubscriberLoss } from './session-subscriber';

export type SessionKind = 'user' | 'kernel' | 'attached';

/** Keep the rate of the last this-many milliseconds at least. */
const RATE_WINDOW_MS = 250;

export class ManagedSession {
  consumer: NativeConsumer | undefined;
  readonly subscribers = new Set<Subscriber>();
  /** User sessions: what each provider is enabled with. */
  readonly enabled = new Map<string, MergedEnable>();
  /** Filters a backend refused to push down, per provider, with its reason. */
  readonly withheld = new Map<string, Map<FilterName, string>>();
  kernelFlags = 0;
  stackKey = '';
  state: 'running' | 'ended' = 'running';
  endStatus: number | undefined;
  /** From querySession (or the final figures of stopSession). */
  info: SessionInfo | undefined;
  /** Ticks added to this session's events to put them on the manager's clock. */
  tickDelta = 0;
  captureId: string | undefined;

  events = 0;
  bytes = 0;
  batches = 0;
  nextSequence = 0;
  sequenceGaps = 0;
  consumerDropped = 0;
  readonly inStream = { events: 0, buffers: 0, files: 0 };
  diagnostics = 0;
  lastDiagnostic: string | undefined;
  private rate = { at: 0, events: 0, value: 0 };

  constructor(
    readonly kind: SessionKind,
    readonly name: string,
    readonly source: 'machine' | 'replay',
    now: number,
  ) {
    this.rate.at = now;
  }

  /** Counts one parsed batch (call before fanning it out). */
  count(events: readonly RawEvent[], bytes: number, sequence: number, dropped: number): void {
    this.batches++;
    this.bytes += bytes;
    this.events += events.length;
    this.consumerDropped += dropped;
    if (sequence >= 0) {
      if (sequence > this.nextSequence) this.sequenceGaps += sequence - this.nextSequence;
      this.nextSequence = sequence + 1;
    }
    for (const e of events) {
      if (e.providerId !== RT_LOST_EVENT_CLASS) continue;
      if (e.opcode === RT_LOST_TYPES.buffer) this.inStream.buffers++;
      else if (e.opcode === RT_LOST_TYPES.file) this.inStream.files++;
      else this.inStream.events++;
    }
  }

  /** What a view reading this session has lost so far (its own queue drops added by the caller). */
  loss(): SubscriberLoss {
    return {
      etwEventsLost: this.info?.eventsLost ?? 0,
      realtimeBuffersLost: this.info?.realTimeBuffersLost ?? 0,
      queueDropped: this.consumerDropped,
    };
  }

  figures(now: number, viewLimit: number): SessionFigures {
    const elapsed = now - this.rate.at;
    if (this.state === 'ended') this.rate.value = 0;
    else if (elapsed >= RATE_WINDOW_MS) {
      this.rate.value = ((this.events - this.rate.events) * 1000) / elapsed;
      this.rate = { at: now, events: this.events, value: this.rate.value };
    }
    const consumerStats = this.consumer?.stats();
    let viewDepth = 0;
    let viewDropped = 0;
    for (const s of this.subscribers) {
      viewDepth = Math.max(viewDepth, s.queue.depth);
      viewDropped += s.queue.droppedEvents;
    }
    const figures: SessionFigures = {
      name: this.name,
      kind: this.kind,
      source: this.source,
      state: this.state,
      eventsPerSecond: Math.round(this.rate.value * 10) / 10,
      events: this.events,
      bytes: this.bytes,
      batches: this.batches,
      loss: {
        etwEventsLost: this.info?.eventsLost ?? 0,
        realtimeBuffersLost: this.info?.realTimeBuffersLost ?? 0,
        inStream: { ...this.inStream },
        queueDropped: {
          consumer: Math.max(this.consumerDropped, consumerStats?.eventsDropped ?? 0),
          views: viewDropped,
        },
      },
      queue: { consumer: consumerStats?.batchesQueued ?? 0, views: viewDepth, viewLimit },
      providers: [...this.enabled.values()].map(enabledInfo),
      views: this.subscribers.size,
      diagnostics: this.diagnostics,
    };
    if (this.info && this.source === 'machine') {
      figures.buffers = {
        sizeKB: this.info.bufferSizeKB,
        count: this.info.numberOfBuffers,
        free: this.info.freeBuffers,
        written: this.info.buffersWritten,
      };
    }
    if (this.kind === 'kernel') figures.kernelFlags = kernelFlagNames(this.kernelFlags);
    if (this.endStatus !== undefined) figures.endStatus = this.endStatus;
    if (this.lastDiagnostic) figures.lastDiagnostic = this.lastDiagnostic;
    if (this.captureId) figures.captureId = this.captureId;
    return figures;
  }
}

export function enabledInfo(m: MergedEnable): EnabledProviderInfo {
  const info: EnabledProviderInfo = {
    guid: m.guid,
    level: m.level,
    anyKeyword: hex(m.anyKeyword),
    allKeyword: hex(m.allKeyword),
    properties: Object.entries(m.properties)
      .filter(([, on]) => on)
      .map(([name]) => name),
    views: m.views,
    filters: m.placements.map((p) => (p.reason ? { ...p } : { filter: p.filter, where: p.where })),
  };
  if (m.name) info.name = m.name;
  return info;
}

export function kernelFlagNames(flags: number): string[] {
  return KERNEL_FLAG_CLASSES.filter(([flag]) => (flags & flag) !== 0).map(([, name]) => name);
}

function hex(value: bigint): string {
  return `0x${value.toString(16)}`;
}
