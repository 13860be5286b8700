// SchemaRegistry: the one place the decoder asks "what is this event?". It is fed by every schema
// source — ProviderSchema[] from manifests (XML, WEVT, TDH), the kernel MOF tables, and what the
// event stream itself carries, which `observe(raw)` picks up as events go by:
//   - KernelTraceControl MetaData events in merged traces (class bbccf6c1-6cd1-48c4-80ff-839482e37671,
//     type 32 EventInfo = TRACE_EVENT_INFO, type 33 EventMapInfo = provider GUID + EVENT_MAP_INFO);
//   - .NET EventSource manifests (event 0xFFFE, chunks assembled per provider, then parsed as XML);
//   - TraceLogging metadata (ext items 12/11), cached per provider by the metadata bytes.
// Lookup: manifest events by (provider GUID, id, version), classic/kernel events by (class GUID,
// opcode = event type, version); a missing version falls back to the nearest lower one, else the
// nearest higher one, and the answer (hit or miss) is cached so the hot path is two Map lookups.
// In-stream sources outrank static ones for the same event key: they describe the capture machine.

import type {
  EventSchema,
  MapSchema,
  ProviderSchema,
  SchemaDiagnostic,
  SchemaSourceKind,
} from '../../common/model/schema';
import { STANDARD_LEVELS, STANDARD_OPCODES } from '../../common/model/schema';
import { guidToString } from '../binary/guid';
import { ExtType, RecordKind, type RawEvent } from '../events/raw-event';
import { parseManifestXml } from '../manifest/xml-reader';
import { EVENT_TRACE_HEADER_PROVIDER, MANIFEST_DATA_EVENT } from './builtin-schemas';
import { EVENTSOURCE_MANIFEST_EVENT_ID, EventSourceManifestCollector } from './eventsource-manifest';
import type { EventPlan } from './plan';
import {
  DecodingSource,
  parseEventMapInfo,
  parseTraceEventInfo,
  type TraceEventInfo,
} from './trace-event-info';
import { parseEventMetadata, parseProviderTraits } from './tracelogging';

export const KERNEL_TRACE_CONTROL_METADATA_GUID = 'bbccf6c1-6cd1-48c4-80ff-839482e37671';
const METADATA_EVENT_INFO = 32;
const METADATA_EVENT_MAP_INFO = 33;
/** EVENT_HEADER_FLAG_CLASSIC_HEADER: an EVENT_HEADER record written by a classic provider. */
const CLASSIC_HEADER_FLAG = 0x100;
const MAX_DIAGNOSTICS = 1000;
const MAX_TRACELOGGING_SCHEMAS = 100_000;

const PRIORITY: Record<SchemaSourceKind, number> = {
  builtin: 0,
  mof: 0,
  xml: 1,
  wevt: 1,
  tdh: 2,
  'etl-metadata': 3,
  eventsource: 3,
  tracelogging: 3,
};

/** One event's schema as the decoder uses it; `plan` is compiled on first use and kept. */
export class EventEntry {
  plan: EventPlan | null = null;
  /** Registry map generation the plan was compiled against (maps can arrive after events). */
  planMaps = -1;

  constructor(
    readonly provider: ProviderEntry,
    readonly schema: EventSchema,
    readonly name: string,
    readonly taskName: string | undefined,
    readonly opcodeName: string | undefined,
    readonly priority: number,
  ) {}
}

export class ProviderEntry {
  /** Exact keys: (id or opcode) << 8 | version. */
  readonly events = new Map<number, EventEntry>();
  /** Lookups answered so far, fallbacks and misses included (null = no schema). */
  readonly resolved = new Map<number, EventEntry | null>();
  readonly tasks = new Map<number, string>();
  /** Opcode names: task << 8 | opcode, and -(opcode + 1) for global ones. */
  readonly opcodes = new Map<number, string>();
  readonly levels = new Map<number, string>();
  readonly sources: ProviderSchema[] = [];
  namePriority = -1;
  /** Provider GUID whose maps this provider's events use (WBEM metadata: the TRACE_EVENT_INFO provider). */
  mapGuid: string;

  constructor(
    readonly guid: string,
    public name: string,
    readonly classic: boolean,
  ) {
    this.mapGuid = guid;
  }

  taskName(task: number): string | undefined {
    return this.tasks.get(task);
  }

  opcodeName(task: number, opcode: number): string | undefined {
    return this.opcodes.get((task << 8) | opcode) ?? this.opcodes.get(-(opcode + 1));
  }
}

function stripWin(name: string | undefined): string | undefined {
  return name?.replace(/^win:/, '');
}

/** Nearest version: the highest at or below `version`, else the lowest above it. */
function nearest(candidates: EventEntry[], version: number): EventEntry | null {
  let below: EventEntry | null = null;
  let above: EventEntry | null = null;
  for (const c of candidates) {
    const v = c.schema.version;
    if (v <= version) {
      if (!below || v > below.schema.version) below = c;
    } else if (!above || v < above.schema.version) above = c;
  }
  return below ?? above;
}

interface TraceLoggingCacheEntry {
  bytes: Uint8Array;
  entry: EventEntry | null;
}

/** FNV-1a over the metadata bytes. */
function hashBytes(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return h >>> 0;
}

function hashText(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) + s.length * 0x100000000;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class SchemaRegistry {
  private readonly manifest = new Map<string, ProviderEntry>();
  private readonly classicTable = new Map<string, ProviderEntry>();
  private readonly maps = new Map<string, Map<string, MapSchema>>();
  private readonly names = new Map<string, string>();
  private readonly traceLogging = new Map<string, Map<number, TraceLoggingCacheEntry[]>>();
  private traceLoggingCount = 0;
  private readonly manifestData = new Map<string, EventEntry>();
  private readonly eventSource = new EventSourceManifestCollector();
  private readonly eventSourceSeen = new Map<string, number>();
  private readonly diagnosticKeys = new Set<string>();
  readonly diagnostics: SchemaDiagnostic[] = [];
  /** Bumped whenever a map is added: plans compiled before then are compiled again. */
  mapGeneration = 0;

  constructor(options: { builtins?: boolean } = {}) {
    // Between the kernel tables (0) and manifests (1): the readable header wins over the raw one.
    if (options.builtins !== false)
      this.addProvider(EVENT_TRACE_HEADER_PROVIDER, { classic: true, priority: 0.5 });
  }

  report(d: SchemaDiagnostic): void {
    const key = `${d.code}|${d.message}`;
    if (this.diagnostics.length >= MAX_DIAGNOSTICS || this.diagnosticKeys.has(key)) return;
    this.diagnosticKeys.add(key);
    this.diagnostics.push(d);
  }

  /**
   * Adds a provider's events, names and maps. `classic`: its events are keyed by (opcode, version),
   * the GUID being an event class GUID (kernel MOF tables, WBEM metadata). Defaults to true for
   * source kind 'mof'.
   */
  addProvider(p: ProviderSchema, options: { classic?: boolean; priority?: number } = {}): void {
    const classic = options.classic ?? p.source.kind === 'mof';
    const priority = options.priority ?? PRIORITY[p.source.kind];
    const table = classic ? this.classicTable : this.manifest;
    let entry = table.get(p.guid);
    if (!entry) {
      entry = new ProviderEntry(p.guid, p.name, classic);
      table.set(p.guid, entry);
    }
    entry.sources.push(p);
    if (p.name && priority >= entry.namePriority) {
      entry.name = p.name;
      entry.namePriority = priority;
      this.names.set(p.guid, p.name);
    }
    for (const t of p.tasks) entry.tasks.set(t.value, t.name);
    for (const o of p.opcodes)
      entry.opcodes.set(o.task !== undefined ? (o.task << 8) | o.value : -(o.value + 1), o.name);
    for (const l of p.levels) entry.levels.set(l.value, l.name);
    for (const m of p.maps) this.addMap(p.guid, m);
    for (const e of p.events) this.addEvent(entry, e, priority);
    entry.resolved.clear();
    this.forgetLast();
  }

  addProviders(list: readonly ProviderSchema[], options: { classic?: boolean } = {}): void {
    for (const p of list) this.addProvider(p, options);
  }

  private addEvent(provider: ProviderEntry, e: EventSchema, priority: number): void {
    const key = ((provider.classic ? e.opcode : e.id) << 8) | e.version;
    const old = provider.events.get(key);
    if (old && old.priority > priority) return;
    const taskName = stripWin(provider.taskName(e.task));
    const opcodeName = stripWin(
      provider.opcodeName(e.task, e.opcode) ?? STANDARD_OPCODES.find((o) => o.value === e.opcode)?.name,
    );
    let name = e.name;
    if (!name) {
      if (taskName && e.task !== 0)
        name = e.opcode !== 0 && opcodeName ? `${taskName}/${opcodeName}` : taskName;
      else if (opcodeName && e.opcode !== 0) name = opcodeName;
      else name = provider.classic ? `Type${e.opcode}` : `Event${e.id}`;
    }
    provider.events.set(key, new EventEntry(provider, e, name, taskName, opcodeName, priority));
  }

  addMap(providerGuid: string, map: MapSchema): void {
    let m = this.maps.get(providerGuid);
    if (!m) {
      m = new Map();
      this.maps.set(providerGuid, m);
    }
    m.set(map.name, map);
    this.mapGeneration++;
  }

  map(providerGuid: string, name: string): MapSchema | undefined {
    return this.maps.get(providerGuid)?.get(name);
  }

  providerName(guid: string): string | undefined {
    return this.names.get(guid);
  }

  /** Every provider the registry knows, as merged schemas (events from all its sources). */
  providers(): ProviderSchema[] {
    const out: ProviderSchema[] = [];
    for (const entry of [...this.manifest.values(), ...this.classicTable.values()]) {
      const first = entry.sources[0];
      if (!first) continue;
      out.push({
        ...first,
        name: entry.name,
        sources: entry.sources.map((s) => s.source),
        events: [...entry.events.values()].map((e) => e.schema),
        maps: [...(this.maps.get(entry.guid)?.values() ?? [])],
      });
    }
    return out;
  }

  /**
   * The schema of a non-TraceLogging event, or null. Hot path: the last answer is kept (events of a
   * kind come in runs), else two Map lookups once warmed up.
   */
  lookup(raw: RawEvent): EventEntry | null {
    const classic = raw.kind !== RecordKind.EventHeader || (raw.flags & CLASSIC_HEADER_FLAG) !== 0;
    const id = classic ? raw.opcode : raw.id;
    const key = (id << 8) | raw.version;
    if (raw.providerId === this.lastProviderId && key === this.lastKey && classic === this.lastClassic)
      return this.lastEntry;
    const entry = this.lookupSlow(raw, classic, id, key);
    this.lastProviderId = raw.providerId;
    this.lastKey = key;
    this.lastClassic = classic;
    this.lastEntry = entry;
    return entry;
  }

  private lastProviderId = '';
  private lastKey = -1;
  private lastClassic = false;
  private lastEntry: EventEntry | null = null;

  private forgetLast(): void {
    this.lastProviderId = '';
    this.lastKey = -1;
  }

  private lookupSlow(raw: RawEvent, classic: boolean, id: number, key: number): EventEntry | null {
    const provider = (classic ? this.classicTable : this.manifest).get(raw.providerId);
    if (provider !== undefined) {
      let hit = provider.resolved.get(key);
      if (hit === undefined) {
        hit = provider.events.get(key) ?? this.fallback(provider, id, raw.version);
        provider.resolved.set(key, hit);
      }
      if (hit !== null) return hit;
    }
    if (!classic && raw.id === EVENTSOURCE_MANIFEST_EVENT_ID) return this.manifestDataEntry(raw.providerId);
    return null;
  }

  private fallback(provider: ProviderEntry, id: number, version: number): EventEntry | null {
    const candidates: EventEntry[] = [];
    for (const [key, e] of provider.events) if (key >> 8 === id) candidates.push(e);
    return nearest(candidates, version);
  }

  private manifestDataEntry(providerId: string): EventEntry {
    let e = this.manifestData.get(providerId);
    const name = this.names.get(providerId) ?? '';
    if (!e || e.provider.name !== name) {
      e = new EventEntry(
        new ProviderEntry(providerId, name, false),
        MANIFEST_DATA_EVENT,
        'ManifestData',
        undefined,
        undefined,
        0,
      );
      this.manifestData.set(providerId, e);
    }
    return e;
  }

  /**
   * The schema of a TraceLogging event from its metadata item (ext 11) and the provider traits
   * (ext 12), parsed once per distinct metadata and cached.
   */
  lookupTraceLogging(raw: RawEvent, metadata: Uint8Array): EventEntry | null {
    let byHash = this.traceLogging.get(raw.providerId);
    if (!byHash) {
      byHash = new Map();
      this.traceLogging.set(raw.providerId, byHash);
    }
    const h = hashBytes(metadata);
    const bucket = byHash.get(h);
    if (bucket) for (const c of bucket) if (sameBytes(c.bytes, metadata)) return c.entry;

    const entry = this.buildTraceLogging(raw, metadata);
    if (this.traceLoggingCount < MAX_TRACELOGGING_SCHEMAS) {
      this.traceLoggingCount++;
      const item = { bytes: metadata.slice(), entry };
      if (bucket) bucket.push(item);
      else byHash.set(h, [item]);
    }
    return entry;
  }

  private buildTraceLogging(raw: RawEvent, metadata: Uint8Array): EventEntry | null {
    const parsed = parseEventMetadata(metadata);
    if (!parsed.ok) {
      this.report(parsed.diagnostic);
      return null;
    }
    let providerName = this.names.get(raw.providerId);
    if (providerName === undefined) {
      for (const x of raw.ext) {
        if (x.type === ExtType.ProvTraits) providerName = parseProviderTraits(x.data);
      }
      if (providerName) this.names.set(raw.providerId, providerName);
    }
    const provider = new ProviderEntry(raw.providerId, providerName ?? '', false);
    const schema: EventSchema = {
      id: raw.id,
      version: raw.version,
      level: raw.level,
      opcode: raw.opcode,
      task: raw.task,
      keywords: '0x' + raw.keywords.toString(16),
      channel: raw.channel,
      name: parsed.event.name,
      fields: parsed.event.fields,
    };
    const opcodeName =
      raw.opcode !== 0 ? stripWin(STANDARD_OPCODES.find((o) => o.value === raw.opcode)?.name) : undefined;
    return new EventEntry(provider, schema, parsed.event.name, undefined, opcodeName, PRIORITY.tracelogging);
  }

  /**
   * Learns from schema-carrying events (MetaData EventInfo/EventMapInfo, EventSource ManifestData).
   * Call it for every event before decoding; it returns true when the event carried schema data.
   */
  observe(raw: RawEvent): boolean {
    if (raw.providerId === KERNEL_TRACE_CONTROL_METADATA_GUID && raw.kind !== RecordKind.EventHeader) {
      if (raw.opcode === METADATA_EVENT_INFO) this.learnEventInfo(raw.payload);
      else if (raw.opcode === METADATA_EVENT_MAP_INFO) this.learnEventMapInfo(raw.payload);
      else return false;
      return true;
    }
    if (
      raw.id === EVENTSOURCE_MANIFEST_EVENT_ID &&
      raw.kind === RecordKind.EventHeader &&
      raw.opcode === 0xfe
    ) {
      this.learnEventSourceChunk(raw);
      return true;
    }
    return false;
  }

  /** Registers a TRACE_EVENT_INFO blob (KernelTraceControl EventInfo, or TDH output from the addon). */
  learnEventInfo(bytes: Uint8Array, kind: 'etl-metadata' | 'tdh' = 'etl-metadata'): TraceEventInfo | null {
    const { info, diagnostics } = parseTraceEventInfo(bytes);
    for (const d of diagnostics) this.report(d);
    if (!info) return null;
    const classic = info.decodingSource === DecodingSource.Wbem;
    const e = info.event;
    const guid = classic ? info.eventGuid : info.providerGuid;
    const provider: ProviderSchema = {
      guid,
      name: info.providerName ?? '',
      source: { kind },
      events: [e],
      keywords: [],
      levels: info.levelName ? [{ name: info.levelName, value: e.level }] : [],
      opcodes: info.opcodeName ? [{ name: info.opcodeName, value: e.opcode, task: e.task }] : [],
      tasks: info.taskName ? [{ name: info.taskName, value: e.task }] : [],
      channels: info.channelName && e.channel ? [{ name: info.channelName, value: e.channel }] : [],
      maps: [],
    };
    if (classic) {
      // WBEM: the class name is the task, the event type name the opcode; name it "Class/Type".
      if (!e.name && info.taskName)
        e.name = info.opcodeName ? `${info.taskName}/${info.opcodeName}` : info.taskName;
    } else if (!e.name && info.taskName) {
      // Manifest events: "Task/Opcode" (opcode omitted when it is win:Info), as manifests name them.
      const opcode = info.opcodeName && e.opcode !== 0 ? stripWin(info.opcodeName) : undefined;
      e.name = opcode ? `${info.taskName}/${opcode}` : info.taskName;
    }
    this.addProvider(provider, { classic });
    if (classic) {
      const entry = this.classicTable.get(guid);
      if (entry) entry.mapGuid = info.providerGuid;
    }
    return info;
  }

  /** Registers an EventMapInfo payload: provider GUID (16 bytes) + EVENT_MAP_INFO. */
  learnEventMapInfo(payload: Uint8Array): MapSchema | null {
    if (payload.length < 16) {
      this.report({
        code: 'TRUNCATED',
        message: `EventMapInfo payload has ${payload.length} bytes, needs a 16-byte provider GUID first`,
      });
      return null;
    }
    const guid = guidToString(payload, 0);
    const { map, diagnostics } = parseEventMapInfo(payload.subarray(16));
    for (const d of diagnostics) this.report({ ...d, offset: (d.offset ?? 0) + 16 });
    if (map) this.addMap(guid, map);
    return map;
  }

  private learnEventSourceChunk(raw: RawEvent): void {
    const outcome = this.eventSource.add(raw.providerId, raw.payload);
    if (outcome.kind === 'bad') {
      this.report({ code: 'BAD_EVENTSOURCE_MANIFEST', message: `${raw.providerId}: ${outcome.message}` });
      return;
    }
    if (outcome.kind !== 'complete') return;
    // EventSource writes its manifest again at the end of a session: skip what was already read.
    const signature = hashText(outcome.xml);
    if (this.eventSourceSeen.get(raw.providerId) === signature) return;
    this.eventSourceSeen.set(raw.providerId, signature);
    const result = parseManifestXml(outcome.xml, { kind: 'eventsource' });
    for (const d of result.diagnostics)
      this.report({ ...d, message: `EventSource manifest of ${raw.providerId}: ${d.message}` });
    this.addProviders(result.providers);
  }

  /** Level name (provider's own, else the standard one). */
  levelName(entry: EventEntry, level: number): string | undefined {
    return stripWin(entry.provider.levels.get(level) ?? STANDARD_LEVELS.find((l) => l.value === level)?.name);
  }
}
