// One view's subscription inside the session manager: what it asked for (providers with level,
// keywords and filters; kernel flags; or everything of an attached session), its compiled view filter,
// and its bounded queue of batches. `accepts` decides per raw event, on header fields only (nothing is
// decoded here), whether the view gets it: ETW's level/keyword rules and the view's own event-ID, PID
// and event-name filters (several views share one enablement, which lets the union through), then the
// header part of the view filter. Lost-event records reach every view whatever its filter, so its
// loss counters stay right.

import type { HeaderPredicate } from '../filter/index';
import { RecordKind, type RawEvent } from '../events/raw-event';
import type { LiveBatch } from '../pipeline/sources/live-source';
import type { ClassicEventId } from './addon';
import { BatchQueue } from './batch-queue';
import type { ProviderSelection } from './enable-merge';
import {
  EVENT_TRACE_CLASS,
  RT_LOST_EVENT_CLASS,
  headerFiltersPass,
  isKernelRecord,
  kernelClassEnabled,
  kernelClassesOf,
  levelKeywordPasses,
} from './enable-match';

export interface SubscriberLoss {
  etwEventsLost: number;
  realtimeBuffersLost: number;
  queueDropped: number;
}

export class Subscriber {
  readonly selections: ReadonlyMap<string, ProviderSelection>;
  readonly kernelFlags: number;
  readonly stackEvents: readonly ClassicEventId[];
  private readonly kernelClasses: Set<string> | undefined;
  readonly queue: BatchQueue;
  private lastLoss = '';

  constructor(
    readonly id: string,
    readonly label: string,
    selections: readonly ProviderSelection[],
    kernel: { flags: number; stackEvents?: ClassicEventId[] } | undefined,
    /** Attached to a session we do not control: every event of it. */
    readonly everything: boolean,
    private header: HeaderPredicate | undefined,
    queueLimit: number,
  ) {
    this.selections = new Map(
      selections.map((s) => [normalizeGuid(s.guid), { ...s, guid: normalizeGuid(s.guid) }]),
    );
    this.kernelFlags = kernel?.flags ?? 0;
    this.stackEvents = kernel?.stackEvents ?? [];
    this.kernelClasses = kernel && kernel.flags !== 0 ? kernelClassesOf(kernel.flags) : undefined;
    this.queue = new BatchQueue(queueLimit);
  }

  get wantsUser(): boolean {
    return this.selections.size > 0;
  }

  get wantsKernel(): boolean {
    return this.kernelClasses !== undefined;
  }

  /** Replaces the header predicate once the session clock is known (time literals need it). */
  setHeaderPredicate(header: HeaderPredicate | undefined): void {
    this.header = header;
  }

  /**
   * `primary`: the event comes from the first session the view reads; trace header records of its
   * other session (a view reading the user and the kernel session) would only repeat them.
   */
  accepts(raw: RawEvent, primary = true): boolean {
    const provider = raw.providerId;
    if (provider === RT_LOST_EVENT_CLASS) return true;
    let wanted: boolean;
    if (provider === EVENT_TRACE_CLASS) wanted = primary;
    else if (this.everything) wanted = true;
    else if (raw.kind !== RecordKind.EventHeader && isKernelRecord(raw))
      wanted =
        this.kernelClasses !== undefined &&
        kernelClassEnabled(this.kernelFlags, this.kernelClasses, provider);
    else {
      const s = this.selections.get(provider);
      wanted =
        s !== undefined &&
        levelKeywordPasses(raw, s.level ?? 5, s.anyKeyword ?? 0n, s.allKeyword ?? 0n) &&
        (s.filters === undefined || headerFiltersPass(raw, s.filters));
    }
    return wanted && (this.header === undefined || this.header(raw));
  }

  /** Hands the view its share of a batch (and loss news even when it has no events). */
  deliver(events: RawEvent[], loss: SubscriberLoss, bytes: number): void {
    const key = `${loss.etwEventsLost}/${loss.realtimeBuffersLost}/${loss.queueDropped}`;
    if (events.length === 0 && key === this.lastLoss) return;
    const batch: LiveBatch = { events, loss: { ...loss }, bytes };
    if (this.queue.push(batch)) this.lastLoss = key;
  }

  finish(loss: SubscriberLoss): void {
    this.queue.end({ events: [], loss: { ...loss } });
  }
}

function normalizeGuid(guid: string): string {
  return guid.replace(/[{}]/g, '').toLowerCase();
}
