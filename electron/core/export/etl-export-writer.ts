// .etl export: the selected records written into a new file (etl-writer.ts) that keeps the source's
// clock (PerfFreq, clock type, start time and the header event's raw timestamp, so every timestamp
// means the same instant), each in its original CPU's stream. Records read straight from an .etl
// file are copied byte for byte (record-bytes.ts); events that no longer sit in their buffer — from
// the capture engine's store, or a live session — are rebuilt from their fields (record-rebuild.ts;
// `ExportSource.rebuildRecords`), and a live session's file header is made from its clock
// (`streamHeader`). Every event decoded through a manifest-like schema (XML, WEVT, TDH,
// merged-trace metadata, EventSource manifests) gets that schema written into the file as MetaData
// events before it (metadata-emitter.ts): the export decodes without the manifests. Kernel events
// (built-in layouts) and TraceLogging events (self-describing) need none. The source's own header
// event is replaced by the new file's.
import type { EventEntry } from '../decode/registry';
import { EVENT_TRACE_CLASS_GUID } from '../decode/builtin-schemas';
import { ExtType, RecordKind, type RawEvent, type TraceClock } from '../events/raw-event';
import { BUFFER_HEADER_SIZE } from '../etl/layout';
import type { EtlHeader } from '../etl/logfile-header';
import type { FieldSchema, MapSchema } from '../../common/model/schema';
import { DEFAULT_BUFFER_SIZE, EtlFileWriter } from './etl-writer';
import type { EtlFileHeader } from './etl-records';
import { MetadataEmitter, type SchemaMetadata } from './metadata-emitter';
import { recordBytesOf } from './record-bytes';
import { RecordRebuilder } from './record-rebuild';
import type { ByteSink } from './sink';
import { addProblem, type ExportEvent, type ExportSource, type ExportWriter } from './types';

/** Registry priority of static schema sources (manifests); below it: built-in kernel layouts. */
const MANIFEST_PRIORITY = 1;
/** EVENT_TRACE_FILE_MODE_SEQUENTIAL: what the written file is (not compressed, not circular). */
const LOG_FILE_MODE_SEQUENTIAL = 0x1;
const TICKS_PER_SECOND = 10_000_000n;
/** ReservedFlags value of a CPU-cycle clock (its frequency is CpuSpeedInMHz). */
const CPU_CYCLES_CLOCK = 3;

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

/**
 * A file header for events that come from no file (a live session): the session's clock and name, a
 * sequential log file (the writer raises the CPU count to the CPUs it saw). The reader gets the same
 * clock back from it.
 */
export function streamHeader(clock: TraceClock, loggerName: string, pointerSize: 4 | 8 = 8): EtlHeader {
  return {
    loggerName,
    logFileName: '',
    osVersionMajor: 10,
    osVersionMinor: 0,
    subVersion: 0,
    subMinorVersion: 0,
    version: 10,
    build: 0,
    numberOfProcessors: 1,
    pointerSize,
    clockType: clock.clockType,
    perfFreq: clock.frequency,
    cpuSpeedMHz: clock.clockType === CPU_CYCLES_CLOCK ? Math.round(clock.frequency / 1e6) : 0,
    startTime: clock.startFileTime,
    endTime: 0n,
    bootTime: 0n,
    timerResolution: 156250,
    bufferSize: DEFAULT_BUFFER_SIZE,
    buffersWritten: 0,
    startBuffers: 1,
    eventsLost: 0,
    buffersLost: 0,
    logFileMode: LOG_FILE_MODE_SEQUENTIAL,
    maximumFileSize: 0,
    compressionFormat: 0,
    timeZoneBiasMinutes: 0,
    timeZoneStandardName: '',
    timeZoneDaylightName: '',
    headerTimestamp: clock.t0,
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
  private readonly rebuilder: RecordRebuilder | undefined;
  /** Extended data items of rebuilt records that their layout had no room for. */
  private droppedExt = 0;

  constructor(
    sink: ByteSink,
    private readonly source: ExportSource,
    bufferSize = DEFAULT_BUFFER_SIZE,
  ) {
    this.file = new EtlFileWriter(sink, fileHeaderFrom(source.header), bufferSize);
    this.metadata = new MetadataEmitter(this.file, source.header.pointerSize, (m) =>
      addProblem(this.problems, m),
    );
    if (source.rebuildRecords) this.rebuilder = new RecordRebuilder();
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
    let record: Uint8Array;
    let timestamp: bigint;
    if (this.rebuilder) {
      if (raw.providerId === EVENT_TRACE_CLASS_GUID && raw.opcode === 0) return; // the source's header event
      timestamp = this.rawFromTicks(raw.ticks);
      const rebuilt = this.rebuilder.rebuild(raw, timestamp);
      if (!rebuilt.ok) {
        if (this.unwritable++ === 0)
          addProblem(this.problems, `${describe(raw)} cannot be written: ${rebuilt.why}`);
        return;
      }
      record = rebuilt.record;
      this.droppedExt += rebuilt.droppedExt;
    } else {
      if (raw.bufferOffset === 0 && raw.recordOffset === BUFFER_HEADER_SIZE) return; // the source's header event
      const copied = recordBytesOf(raw);
      if (!copied) {
        if (this.unwritable++ === 0) {
          addProblem(
            this.problems,
            `record at buffer 0x${raw.bufferOffset.toString(16)}+0x${raw.recordOffset.toString(16)} has no raw bytes to copy`,
          );
        }
        return;
      }
      record = copied;
      timestamp = recordTimestamp(raw, record) ?? this.rawFromTicks(raw.ticks);
    }
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
    if (this.unwritable > 1)
      addProblem(
        this.problems,
        `${this.unwritable} records ${this.rebuilder ? 'could not be rebuilt' : 'had no raw bytes to copy'}`,
      );
    if (this.droppedExt > 0)
      addProblem(
        this.problems,
        `${this.droppedExt} extended data items of classic or kernel events (stacks, SIDs...) have no place in their record and were left out`,
      );
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

  /**
   * A raw timestamp for ticks (records that carry none, rebuilt records): t0 + ⌈ticks × F / 10^7⌉,
   * the smallest raw time the reader turns back into the same ticks (it floors; etl/clock.ts).
   */
  private rawFromTicks(ticks: number): bigint {
    const c = this.source.clock;
    const scaled = BigInt(Math.round(ticks)) * BigInt(c.frequency);
    const quotient = scaled / TICKS_PER_SECOND;
    const up = scaled > 0n && quotient * TICKS_PER_SECOND !== scaled ? 1n : 0n;
    return c.t0 + quotient + up;
  }
}

/** `the event of <provider> (id 11, opcode 0) at 5000 ticks`, for problems about one event. */
function describe(raw: RawEvent): string {
  return `the event of ${raw.providerId || 'no provider'} (id ${raw.id}, opcode ${raw.opcode}) at ${raw.ticks} ticks`;
}
