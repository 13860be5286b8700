// .etl export: the selected records copied byte for byte into a new file (etl-writer.ts) that keeps
// the source's clock (PerfFreq, clock type, start time and the header event's raw timestamp, so
// every copied timestamp means the same instant), each in its original CPU's stream. Every event
// decoded through a manifest-like schema (XML, WEVT, TDH, merged-trace metadata, EventSource
// manifests) gets that schema written into the file as MetaData events before it
// (metadata-emitter.ts): the export decodes without the manifests. Kernel events (built-in
// layouts) and TraceLogging events (self-describing) need none. The source's own header event is
// replaced by the new file's.
import type { EventEntry } from '../decode/registry';
import { ExtType, RecordKind, type RawEvent } from '../events/raw-event';
import { BUFFER_HEADER_SIZE } from '../etl/layout';
import type { EtlHeader } from '../etl/logfile-header';
import type { FieldSchema, MapSchema } from '../../common/model/schema';
import { DEFAULT_BUFFER_SIZE, EtlFileWriter } from './etl-writer';
import type { EtlFileHeader } from './etl-records';
import { MetadataEmitter, type SchemaMetadata } from './metadata-emitter';
import { recordBytesOf } from './record-bytes';
import type { ByteSink } from './sink';
import { addProblem, type ExportEvent, type ExportSource, type ExportWriter } from './types';

/** Registry priority of static schema sources (manifests); below it: built-in kernel layouts. */
const MANIFEST_PRIORITY = 1;
/** EVENT_TRACE_FILE_MODE_SEQUENTIAL: what the written file is (not compressed, not circular). */
const LOG_FILE_MODE_SEQUENTIAL = 0x1;
const TICKS_PER_SECOND = 10_000_000n;

/** The written file's TRACE_LOGFILE_HEADER fields, taken from the source capture's. */
export function fileHeaderFrom(h: EtlHeader, pid = 0, tid = 0): EtlFileHeader {
  return {
    pointerSize: h.pointerSize,
    version: h.version,
    build: h.build,
    numberOfProcessors: h.numberOfProcessors,
    timerResolution: h.timerResolution,
    maximumFileSize: 0,
    logFileMode: LOG_FILE_MODE_SEQUENTIAL,
    eventsLost: h.eventsLost,
    buffersLost: h.buffersLost,
    cpuSpeedMHz: h.cpuSpeedMHz,
    timeZoneBiasMinutes: h.timeZoneBiasMinutes,
    timeZoneStandardName: h.timeZoneStandardName,
    timeZoneDaylightName: h.timeZoneDaylightName,
    bootTime: h.bootTime,
    perfFreq: h.perfFreq,
    startTime: h.startTime,
    clockType: h.clockType,
    headerTimestamp: h.headerTimestamp,
    loggerName: h.loggerName,
    logFileName: h.logFileName,
    pid,
    tid,
  };
}

/** Raw timestamp stored in a record, or undefined for layouts without one (MESSAGE, ERROR). */
function recordTimestamp(e: RawEvent, r: Uint8Array): bigint | undefined {
  const at = e.kind === RecordKind.PerfInfo ? 8 : 0x10;
  if (e.kind === RecordKind.Message || e.kind === RecordKind.Error || r.length < at + 8) return undefined;
  return new DataView(r.buffer, r.byteOffset + at, 8).getBigUint64(0, true);
}

function mapNames(fields: readonly FieldSchema[], out: Set<string>): Set<string> {
  for (const f of fields) {
    if (f.map !== undefined) out.add(f.map);
    if (f.fields) mapNames(f.fields, out);
  }
  return out;
}

export class EtlExportWriter implements ExportWriter {
  readonly format = 'etl';
  readonly problems: string[] = [];
  private readonly file: EtlFileWriter;
  private readonly metadata: MetadataEmitter;
  private maxTicks = 0;
  private any = false;
  private unwritable = 0;

  constructor(
    sink: ByteSink,
    private readonly source: ExportSource,
    bufferSize = DEFAULT_BUFFER_SIZE,
  ) {
    this.file = new EtlFileWriter(sink, fileHeaderFrom(source.header), bufferSize);
    this.metadata = new MetadataEmitter(this.file, source.header.pointerSize, (m) =>
      addProblem(this.problems, m),
    );
  }

  /** MetaData records written so far. */
  get metadataRecords(): number {
    return this.metadata.records;
  }

  begin(): void {
    this.file.begin();
  }

  write(e: ExportEvent): void {
    const raw = e.raw;
    if (raw.bufferOffset === 0 && raw.recordOffset === BUFFER_HEADER_SIZE) return; // the source's header event
    const record = recordBytesOf(raw);
    if (!record) {
      if (this.unwritable++ === 0) {
        addProblem(
          this.problems,
          `record at buffer 0x${raw.bufferOffset.toString(16)}+0x${raw.recordOffset.toString(16)} has no raw bytes to copy`,
        );
      }
      return;
    }
    const timestamp = recordTimestamp(raw, record) ?? this.rawFromTicks(raw.ticks);
    const entry = e.decoded.entry;
    if (entry !== null && this.needsMetadata(entry, raw)) {
      this.metadata.ensure(entry, () => this.metadataOf(entry, raw), {
        cpu: raw.cpu,
        ticks: raw.ticks,
        timestamp,
        pid: raw.pid,
        tid: raw.tid,
      });
    }
    this.file.writeRecord(raw.cpu, timestamp, record);
    this.metadata.note(raw.cpu, raw.ticks);
    if (!this.any || raw.ticks > this.maxTicks) this.maxTicks = raw.ticks;
    this.any = true;
  }

  end(): void {
    if (this.unwritable > 1) addProblem(this.problems, `${this.unwritable} records had no raw bytes to copy`);
    const last = this.any
      ? this.source.clock.startFileTime + BigInt(Math.round(this.maxTicks))
      : this.source.header.endTime;
    this.file.end(last);
  }

  /** Manifest-like schemas need metadata; built-in layouts and TraceLogging events do not. */
  private needsMetadata(entry: EventEntry, raw: RawEvent): boolean {
    if (entry.priority < MANIFEST_PRIORITY) return false;
    for (const x of raw.ext) if (x.type === ExtType.EventSchemaTl) return false;
    return true;
  }

  private metadataOf(entry: EventEntry, raw: RawEvent): SchemaMetadata {
    const registry = this.source.registry;
    const provider = entry.provider;
    const mapGuid = provider.mapGuid;
    const maps: MapSchema[] = [];
    for (const name of mapNames(entry.schema.fields, new Set())) {
      const m = registry.map(mapGuid, name);
      if (m) maps.push(m);
    }
    const levelName = registry.levelName(entry, entry.schema.level);
    const event = { ...entry.schema, name: entry.name };
    const m: SchemaMetadata = {
      providerGuid: mapGuid,
      providerName: provider.name || (registry.providerName(raw.providerId) ?? ''),
      event,
      maps,
      ...(levelName !== undefined ? { levelName } : {}),
    };
    if (provider.classic) {
      // WBEM metadata names an event "Class/Type" from its task and opcode names (registry.ts).
      const slash = entry.name.indexOf('/');
      m.classGuid = raw.providerId;
      m.taskName = slash > 0 ? entry.name.slice(0, slash) : entry.name;
      if (slash > 0) m.opcodeName = entry.name.slice(slash + 1);
    } else {
      if (entry.taskName !== undefined) m.taskName = entry.taskName;
      if (entry.opcodeName !== undefined) m.opcodeName = entry.opcodeName;
    }
    return m;
  }

  /** A raw timestamp for ticks (records that carry none): t0 + ticks × F / 10^7. */
  private rawFromTicks(ticks: number): bigint {
    const c = this.source.clock;
    return c.t0 + (BigInt(Math.round(ticks)) * BigInt(c.frequency)) / TICKS_PER_SECOND;
  }
}
