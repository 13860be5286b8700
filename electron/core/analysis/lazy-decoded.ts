// A DecodedEvent whose properties are decoded only when someone reads them. The capture analysis
// hands every event of a capture to the summary engine (core/summary Analyzer), which needs the
// schema, provider and event name of every event (event counts) but the properties only of the
// providers it understands (and of events its filter rules look into). One instance is reused for
// every event: reset() points it at the next one; nothing is allocated for events whose properties
// nobody reads. reset(raw, false) says that nobody will: the properties read as empty (the analysis
// uses it for events the Analyzer reads from their payload bytes, when no filter rule looks at them).
import type { DecodedEvent, EventDecoder, EventEntry } from '../decode/index';
import { unknownEventName } from '../decode/decoder';
import type { RawEvent } from '../events/raw-event';

const NO_PROPS: DecodedEvent['props'] = Object.freeze({});

export class LazyDecoded implements DecodedEvent {
  entry: EventEntry | null = null;
  providerName = '';
  eventName = '';
  private raw: RawEvent | null = null;
  private decoded: DecodedEvent | null = null;
  private withProps = true;

  constructor(private readonly decoder: EventDecoder) {}

  /** Points at `raw` (whose schema the registry has already learned, if it carries one). */
  reset(raw: RawEvent, withProps = true): this {
    this.raw = raw;
    this.decoded = null;
    this.withProps = withProps;
    const entry = this.decoder.schemaFor(raw);
    const registry = this.decoder.registry;
    this.entry = entry;
    if (entry === null) {
      this.providerName = registry.providerName(raw.providerId) ?? '';
      this.eventName = unknownEventName(raw);
    } else {
      this.providerName = entry.provider.name || (registry.providerName(raw.providerId) ?? '');
      this.eventName = entry.name;
    }
    return this;
  }

  get props(): DecodedEvent['props'] {
    return this.withProps ? this.full().props : NO_PROPS;
  }

  get display(): DecodedEvent['display'] {
    return this.withProps ? this.full().display : null;
  }

  get error(): DecodedEvent['error'] {
    return this.withProps ? this.full().error : null;
  }

  private full(): DecodedEvent {
    if (this.decoded !== null) return this.decoded;
    if (this.raw === null) throw new Error('LazyDecoded read before reset()');
    this.decoded = this.decoder.decodeKnown(this.raw);
    return this.decoded;
  }
}
