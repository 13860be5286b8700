// Puts the schema of every manifest-based event an .etl holds into the file itself, as
// KernelTraceControl MetaData events (class bbccf6c1-6cd1-48c4-80ff-839482e37671, FULL_HEADER
// classic records; type 33 EventMapInfo = provider GUID + EVENT_MAP_INFO for each map the event
// uses, then type 32 EventInfo = TRACE_EVENT_INFO), as xperf and PerfView merges do, so the file
// decodes without the providers' manifests.
// Placement: readers learn schemas in time order (ours merges the per-CPU streams by time), so the
// metadata goes into the same CPU stream right before the first event that needs it, with that
// event's timestamp. A later event on another CPU can rely on it only if the merge surely delivers
// it first: when everything up to the metadata in its stream is strictly earlier than the event.
// Otherwise (equal times across CPUs, or input not in time order) the metadata is written again in
// the event's own stream. Each schema's blobs are built once.
import type { EventSchema, MapSchema } from '../../common/model/schema';
import { KERNEL_TRACE_CONTROL_METADATA_GUID } from '../decode/registry';
import { guidToBytes } from '../binary/guid';
import { classicRecord } from './etl-records';
import type { EtlFileWriter } from './etl-writer';
import { buildEventMapInfo, buildTraceEventInfo, DecodingSource } from './trace-event-info-writer';

export const METADATA_EVENT_INFO = 32;
export const METADATA_EVENT_MAP_INFO = 33;

/** What one event's MetaData records are built from. */
export interface SchemaMetadata {
  /** Manifest provider GUID (for classic events: the provider the class belongs to). */
  providerGuid: string;
  providerName: string;
  event: EventSchema;
  /** Classic (WBEM) events: their event class GUID; the schema is keyed by (class, type, version). */
  classGuid?: string;
  taskName?: string;
  opcodeName?: string;
  levelName?: string;
  /** Maps the event's fields use (looked up under providerGuid). */
  maps: readonly MapSchema[];
}

interface Emission {
  /** MetaData payloads: maps first, then the EventInfo. */
  payloads: { type: number; bytes: Uint8Array }[];
  /** Per CPU: the latest time anything in that stream had when the metadata was last written there. */
  visibleAfter: Map<number, number>;
}

/** Where the event needing metadata is about to be written. */
export interface EventPlace {
  cpu: number;
  ticks: number;
  timestamp: bigint;
  pid: number;
  tid: number;
}

export class MetadataEmitter {
  private readonly emitted = new Map<object, Emission | null>();
  /** Latest ticks written per CPU stream (by this emitter's knowledge: every record goes through note()). */
  private readonly streamTicks = new Map<number, number>();
  /** MetaData records written. */
  records = 0;

  constructor(
    private readonly file: EtlFileWriter,
    private readonly pointerSize: 4 | 8,
    /** Called once per schema that cannot be turned into metadata. */
    private readonly onProblem: (message: string) => void,
  ) {}

  /** Records that an event was written to `cpu` at `ticks` (keeps stream times current). */
  note(cpu: number, ticks: number): void {
    const t = this.streamTicks.get(cpu);
    if (t === undefined || ticks > t) this.streamTicks.set(cpu, ticks);
  }

  /**
   * Makes sure the metadata of `key`'s schema precedes an event at `at`: writes it into the event's
   * stream unless a copy already written is certain to come first. `build` runs once per key.
   */
  ensure(key: object, build: () => SchemaMetadata, at: EventPlace): void {
    let e = this.emitted.get(key);
    if (e === undefined) {
      e = this.prepare(build);
      this.emitted.set(key, e);
    }
    if (e === null) return;
    for (const [cpu, visible] of e.visibleAfter) {
      if (cpu === at.cpu || visible < at.ticks) return;
    }
    for (const p of e.payloads) {
      this.file.writeRecord(
        at.cpu,
        at.timestamp,
        classicRecord({
          pointerSize: this.pointerSize,
          guid: KERNEL_TRACE_CONTROL_METADATA_GUID,
          type: p.type,
          level: 0,
          version: 0,
          pid: Math.max(0, at.pid),
          tid: Math.max(0, at.tid),
          timestamp: at.timestamp,
          payload: p.bytes,
        }),
      );
      this.records++;
    }
    this.note(at.cpu, at.ticks);
    e.visibleAfter.set(at.cpu, this.streamTicks.get(at.cpu) as number);
  }

  private prepare(build: () => SchemaMetadata): Emission | null {
    let m: SchemaMetadata | undefined;
    try {
      m = build();
      const payloads: Emission['payloads'] = [];
      for (const map of m.maps) {
        const info = buildEventMapInfo(map);
        const payload = new Uint8Array(16 + info.length);
        payload.set(guidToBytes(m.providerGuid));
        payload.set(info, 16);
        payloads.push({ type: METADATA_EVENT_MAP_INFO, bytes: payload });
      }
      const classic = m.classGuid !== undefined;
      const names = {
        decodingSource: classic ? DecodingSource.Wbem : DecodingSource.XmlFile,
        ...(m.classGuid !== undefined ? { eventGuid: m.classGuid } : {}),
        ...(m.taskName !== undefined ? { taskName: m.taskName } : {}),
        ...(m.opcodeName !== undefined ? { opcodeName: m.opcodeName } : {}),
        ...(m.levelName !== undefined ? { levelName: m.levelName } : {}),
      };
      const info = buildTraceEventInfo(m.providerGuid, m.providerName, m.event, names);
      payloads.push({ type: METADATA_EVENT_INFO, bytes: info });
      for (const p of payloads) {
        if (0x30 + p.bytes.length > 0xffff)
          throw new RangeError(`metadata of ${p.bytes.length} bytes is too large for one record`);
      }
      return { payloads, visibleAfter: new Map() };
    } catch (e) {
      const what = m ? `${m.providerName || m.providerGuid} event ${m.event.name ?? m.event.id}` : 'an event';
      this.onProblem(
        `schema of ${what} not written as metadata: ${e instanceof Error ? e.message : String(e)}`,
      );
      return null;
    }
  }
}
