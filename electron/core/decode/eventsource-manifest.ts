// .NET EventSource manifests carried in the event stream (event id 0xFFFE, "ManifestData"): each event
// holds an 8-byte ManifestEnvelope and one chunk of the provider's UTF-8 manifest XML
// (TraceEvent ManifestEnvelope.cs; shared/docs/etw-formats.md §5):
//   u8 Format (1 = SimpleXmlFormat) | u8 MajorVersion | u8 MinorVersion | u8 Magic 0x5B |
//   u16 TotalChunks | u16 ChunkNumber | chunk bytes
// The collector copies chunks per provider until all of 0..Total-1 arrived, then hands back the text.
// Sizes are bounded: at most MAX_CHUNKS chunks and MAX_MANIFEST_BYTES per provider.

export const EVENTSOURCE_MANIFEST_EVENT_ID = 0xfffe;
const ENVELOPE_SIZE = 8;
const MAGIC = 0x5b;
const SIMPLE_XML_FORMAT = 1;
const MAX_CHUNKS = 1024;
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

interface Pending {
  total: number;
  chunks: (Uint8Array | undefined)[];
  received: number;
  bytes: number;
}

export type ChunkOutcome =
  { kind: 'partial' } | { kind: 'complete'; xml: string } | { kind: 'bad'; message: string };

const utf8 = new TextDecoder('utf-8');

export class EventSourceManifestCollector {
  private readonly pending = new Map<string, Pending>();

  /** Adds one ManifestData payload for `providerId`; returns the manifest XML once complete. */
  add(providerId: string, payload: Uint8Array): ChunkOutcome {
    if (payload.length < ENVELOPE_SIZE) {
      return {
        kind: 'bad',
        message: `ManifestData payload has ${payload.length} bytes, needs at least ${ENVELOPE_SIZE}`,
      };
    }
    const format = payload[0] as number;
    const magic = payload[3] as number;
    const total = (payload[4] as number) | ((payload[5] as number) << 8);
    const number = (payload[6] as number) | ((payload[7] as number) << 8);
    if (magic !== MAGIC || format !== SIMPLE_XML_FORMAT) {
      return {
        kind: 'bad',
        message: `ManifestData envelope has format ${format} / magic 0x${magic.toString(16)} (expected 1 / 0x5b)`,
      };
    }
    if (total === 0 || total > MAX_CHUNKS || number >= total) {
      return { kind: 'bad', message: `ManifestData chunk ${number} of ${total} is out of range` };
    }
    let p = this.pending.get(providerId);
    if (!p || p.total !== total) {
      p = { total, chunks: new Array<Uint8Array | undefined>(total), received: 0, bytes: 0 };
      this.pending.set(providerId, p);
    }
    const chunk = payload.slice(ENVELOPE_SIZE);
    if (p.bytes + chunk.length > MAX_MANIFEST_BYTES) {
      this.pending.delete(providerId);
      return {
        kind: 'bad',
        message: `EventSource manifest for ${providerId} exceeds ${MAX_MANIFEST_BYTES} bytes`,
      };
    }
    if (p.chunks[number] === undefined) p.received++;
    else p.bytes -= (p.chunks[number] as Uint8Array).length;
    p.chunks[number] = chunk;
    p.bytes += chunk.length;
    if (p.received < p.total) return { kind: 'partial' };
    this.pending.delete(providerId);
    const all = new Uint8Array(p.bytes);
    let at = 0;
    for (const c of p.chunks) {
      all.set(c as Uint8Array, at);
      at += (c as Uint8Array).length;
    }
    return { kind: 'complete', xml: utf8.decode(all) };
  }
}
