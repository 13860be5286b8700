// Provider and event names of stored events without decoding their payloads. A name depends only on
// the event's descriptor (provider, id/opcode, version, header kind) — except for TraceLogging events,
// whose name travels in each event's metadata item — so names are cached per store descriptor index
// and TraceLogging descriptors are looked up per row. The cache is dropped whenever the decoder learns
// a schema from the stream (`invalidate`), since an event seen before its schema had no name yet.
import { unknownEventName, type EventDecoder } from '../decode/decoder';
import { ExtType, type RawEvent } from '../events/raw-event';
import type { StoredEventView } from '../store/index';

export interface EventNames {
  providerName: string;
  eventName: string;
}

/** Marks descriptors whose names vary per event (TraceLogging). */
const PER_EVENT = null;

export class NameCache {
  private byDescriptor: Array<EventNames | typeof PER_EVENT | undefined> = [];
  /** Provider names learned from schemas (TraceLogging traits, manifests), by provider id. */
  private readonly learned = new Map<string, string>();
  /** Providers learnFrom() already looked at. */
  private readonly tried = new Set<string>();
  /** Bumped by invalidate(): keys that depend on names (sort ranks) compare it. */
  generation = 0;

  constructor(private readonly decoder: EventDecoder) {}

  invalidate(): void {
    this.byDescriptor = [];
    this.generation++;
  }

  /** Names of the event under the cursor. */
  forRow(cursor: StoredEventView): EventNames {
    const d = cursor.descriptorIndex;
    const cached = this.byDescriptor[d];
    if (cached) return cached;
    const raw = cursor.raw();
    const names = this.forRaw(raw);
    if (cached === undefined) this.byDescriptor[d] = hasTraceLoggingSchema(raw) ? PER_EVENT : names;
    return names;
  }

  /** Names of a raw event (a schema lookup, no payload decoding). */
  forRaw(raw: RawEvent): EventNames {
    const entry = this.decoder.schemaFor(raw);
    let providerName = entry?.provider.name ?? '';
    if (providerName !== '') {
      if (!this.learned.has(raw.providerId)) this.learned.set(raw.providerId, providerName);
    } else {
      providerName = this.providerName(raw.providerId);
    }
    return { providerName, eventName: entry ? entry.name : unknownEventName(raw) };
  }

  /** The provider's name ('' when no schema names it). */
  providerName(providerId: string): string {
    return this.learned.get(providerId) ?? this.decoder.registry.providerName(providerId) ?? '';
  }

  /**
   * Makes a TraceLogging provider's name known before its events are filtered by name (the header
   * predicate runs before decoding): the first event of a provider with extended data is looked up.
   */
  learnFrom(raw: RawEvent): void {
    if (raw.ext.length === 0 || this.tried.has(raw.providerId)) return;
    this.tried.add(raw.providerId);
    if (this.decoder.registry.providerName(raw.providerId) === undefined) this.forRaw(raw);
  }
}

export function hasTraceLoggingSchema(raw: RawEvent): boolean {
  for (const item of raw.ext) if (item.type === ExtType.EventSchemaTl) return true;
  return false;
}
