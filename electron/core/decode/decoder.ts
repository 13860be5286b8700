// EventDecoder: RawEvent → decoded properties, names and the `etwx dump` JSON shape (EventJson).
// Flow per event: the registry learns from schema-carrying events (observe), the schema is found
// (TraceLogging metadata item first, else provider/class lookup), its plan is compiled once and
// cached on the registry entry, and the PayloadDecoder walks it. An event without a schema keeps its
// header and raw payload (hex); a decode that stops early keeps the props it had and says why.
// Hot path: no exceptions, no closures per event, no string building besides the values themselves.

import type { EventJson, PropValue } from '../../common/model/event';
import { fileTimeToIso } from '../../common/time';
import { ExtType, RecordKind, type RawEvent, type TraceClock } from '../events/raw-event';
import { decodeExtendedData } from './ext-data';
import { bytesToHex } from './format';
import { compileEvent, type EventPlan } from './plan';
import { PayloadDecoder, type Props } from './payload-decoder';
import { EventEntry, ProviderEntry, type SchemaRegistry } from './registry';

/** EVENT_HEADER_FLAG_STRING_ONLY: the payload is one UTF-16 string (EventWriteString). */
const STRING_ONLY_FLAG = 0x4;

export interface DecodedEvent {
  /** The schema used, or null when none was found. */
  entry: EventEntry | null;
  providerName: string;
  eventName: string;
  props: Props;
  /** Display text for props whose text differs from the value (maps, hex, status names). */
  display: { [path: string]: string } | null;
  /** Why decoding stopped early, or null. */
  error: string | null;
}

const STRING_ONLY_ENTRY = new EventEntry(
  new ProviderEntry('', '', false),
  {
    id: 0,
    version: 0,
    level: 0,
    opcode: 0,
    task: 0,
    keywords: '0x0',
    name: 'String',
    fields: [{ name: 'String', inType: 'UnicodeString' }],
  },
  'String',
  undefined,
  undefined,
  0,
);

export class EventDecoder {
  private readonly payloadDecoder = new PayloadDecoder();

  constructor(readonly registry: SchemaRegistry) {}

  /** The schema for an event (without learning from it). */
  schemaFor(raw: RawEvent): EventEntry | null {
    const ext = raw.ext;
    for (let i = 0; i < ext.length; i++) {
      const item = ext[i];
      if (item !== undefined && item.type === ExtType.EventSchemaTl)
        return this.registry.lookupTraceLogging(raw, item.data);
    }
    if (raw.kind === RecordKind.EventHeader && (raw.flags & STRING_ONLY_FLAG) !== 0) return STRING_ONLY_ENTRY;
    return this.registry.lookup(raw);
  }

  private planOf(entry: EventEntry): EventPlan {
    const registry = this.registry;
    if (entry.plan === null || entry.planMaps !== registry.mapGeneration) {
      const mapGuid = entry.provider.mapGuid;
      entry.plan = compileEvent(entry.schema, (name) => registry.map(mapGuid, name));
      entry.planMaps = registry.mapGeneration;
    }
    return entry.plan;
  }

  /** Learns from the event if it carries schema data, then decodes it. Call in stream order. */
  decode(raw: RawEvent): DecodedEvent {
    this.registry.observe(raw);
    return this.decodeKnown(raw);
  }

  /** Decodes with what the registry knows now (for random access after a first pass). */
  decodeKnown(raw: RawEvent): DecodedEvent {
    const entry = this.schemaFor(raw);
    if (entry === null) {
      return {
        entry: null,
        providerName: this.registry.providerName(raw.providerId) ?? '',
        eventName: unknownEventName(raw),
        props: {},
        display: null,
        error: null,
      };
    }
    const decoder = this.payloadDecoder;
    const props = decoder.decode(this.planOf(entry), raw.payload, raw.pointerSize);
    return {
      entry,
      providerName: entry.provider.name || (this.registry.providerName(raw.providerId) ?? ''),
      eventName: entry.name,
      props,
      display: decoder.display,
      error: decoder.error,
    };
  }

  /** The `etwx dump` JSON object of an event (decodes it, learning from it first). */
  toEventJson(raw: RawEvent, clock: TraceClock): EventJson {
    return eventJsonOf(raw, clock, this.decode(raw));
  }
}

export function unknownEventName(raw: RawEvent): string {
  return raw.kind === RecordKind.EventHeader && (raw.flags & 0x100) === 0
    ? `Event${raw.id}`
    : `Type${raw.opcode}`;
}

/** EventJson from a raw event and its decoded form. */
export function eventJsonOf(raw: RawEvent, clock: TraceClock, d: DecodedEvent): EventJson {
  const classic = raw.kind !== RecordKind.EventHeader || (raw.flags & 0x100) !== 0;
  const json: EventJson = {
    ts: fileTimeToIso(clock.startFileTime + BigInt(Math.round(raw.ticks))),
    provider: { guid: raw.providerId, name: d.providerName },
    event: {
      id: raw.id,
      version: raw.version,
      opcode: raw.opcode,
      task: raw.task,
      level: raw.level,
      keywords: '0x' + raw.keywords.toString(16).padStart(16, '0'),
      channel: raw.channel,
      name: d.eventName,
    },
    pid: raw.pid,
    tid: raw.tid,
    cpu: raw.cpu,
    classic,
    props: d.props,
  };
  if (d.display) json.display = d.display;
  let ext: { [name: string]: PropValue } | undefined = decodeExtendedData(raw.ext);
  if (raw.activityId !== '') (ext ??= {}).activityId = raw.activityId;
  if (ext) json.ext = ext;
  if (d.entry === null || d.error !== null) json.raw = bytesToHex(raw.payload);
  if (d.error !== null) json.decodeError = d.error;
  return json;
}
