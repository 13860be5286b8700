// Process enrichment for the events view: the process an event belongs to — pid, name, path, command
// line, parent — for rows, the detail pane, `process.*` filters, sort by process and find.
//
// One process table per capture: the capture analysis's (core/analysis/capture-analysis.ts). Its
// Analyzer attributes every event it observes to a process lifetime (a reused PID told apart by start
// key or by time) and keeps that attribution per stored event; ProcessResolver reads both through a
// ProcessSource. So the events view names exactly the process the Processes view counted the event
// for, and it follows the analysis when new alert rules replace its Analyzer (the source always
// answers from the run in force). Ordering: the ingest hands every event to the analysis as it is
// stored, so a stored event and everything before it have been observed before anyone can ask; a
// capture filter that reads `process.*` tests an event before it is stored, after the analysis has
// taken in what the event itself says (EventObserver.define) — ownerOfPending answers for it.
//
// ProcessEnricher is the same resolver over a process table of its own, fed by observe(), for readers
// with no capture analysis (the export job's first pass). It observes every event (properties decoded
// only where the Analyzer reads them), as the analysis does, so both name processes alike.
import type { ProcessDetail } from '../../common/ipc/messages';
import type { DecodedEvent, EventDecoder } from '../decode/index';
import type { RawEvent } from '../events/raw-event';
import type { ProcessInfo } from '../filter/index';
import { processDisplayName } from '../analysis/answers';
import { LazyDecoded } from '../analysis/lazy-decoded';
import { Analyzer, type ProcessRecord } from '../summary/index';
import { KernelClass, Provider } from '../summary/known';

/** Where a resolver reads processes: the capture analysis (CaptureAnalysis implements it). */
export interface ProcessSource {
  /** The Analyzer whose process table answers now. */
  readonly analyzer: Analyzer;
  /** Changes whenever a process fact changes or the table is replaced (invalidates name sort keys). */
  readonly generation: number;
  /** The process stored event `seq` was attributed to: null = none, undefined = not known here. */
  ownerOfStored(seq: number): ProcessRecord | null | undefined;
  /** The same for an event being tested before it is stored: null = none, undefined = not known here. */
  ownerOfPending(raw: RawEvent): ProcessRecord | null | undefined;
}

/** A stored row: the store's cursor (StoredEventView) is one. */
export interface StoredRow {
  readonly seq: number;
  raw(): RawEvent;
}

/** An event's process: its pid, its key in the analysis (the Processes view's), and its facts. */
export interface ResolvedProcess {
  pid: number;
  key: string;
  info: ProcessInfo;
}

/** Events whose process is the pid in their payload (Analyzer.processForEvent), not the header's. */
const OWNED_BY_PAYLOAD = new Set<string>([
  KernelClass.Process,
  KernelClass.Thread,
  KernelClass.Image,
  Provider.KernelNetwork,
  KernelClass.TcpIp,
  KernelClass.UdpIp,
]);

export class ProcessResolver {
  constructor(
    protected readonly decoder: EventDecoder,
    private readonly source: ProcessSource,
  ) {}

  /** The process of a stored row: the analysis's attribution (the row is read only if it has none). */
  processOfRow(row: StoredRow, decoded?: DecodedEvent): ResolvedProcess | undefined {
    const owner = this.source.ownerOfStored(row.seq);
    if (owner === undefined) return this.lookUp(row.raw(), decoded);
    return owner === null ? undefined : this.resolved(owner);
  }

  /** The process of an event that is not stored: one a capture filter is testing, or one exported. */
  processOf(raw: RawEvent, decoded?: DecodedEvent): ResolvedProcess | undefined {
    const owner = this.source.ownerOfPending(raw);
    if (owner === undefined) return this.lookUp(raw, decoded);
    return owner === null ? undefined : this.resolved(owner);
  }

  processName(row: StoredRow, decoded?: DecodedEvent): string | undefined {
    const name = this.processOfRow(row, decoded)?.info.name;
    return name === '' ? undefined : name;
  }

  processDetail(row: StoredRow, decoded?: DecodedEvent): ProcessDetail | undefined {
    const found = this.processOfRow(row, decoded);
    if (!found) return undefined;
    const { pid, info } = found;
    const detail: ProcessDetail = {
      pid,
      name: info.name,
      path: info.path,
      cmdline: info.cmdline,
      parent: info.parent,
    };
    if (info.ppid !== undefined) detail.ppid = info.ppid;
    return detail;
  }

  /** Changes whenever a process fact changes (invalidates name-based sort keys). */
  get generation(): number {
    return this.source.generation;
  }

  /** Every process name known, for sorting by process. */
  processNames(): string[] {
    return [...new Set(this.source.analyzer.table.records.map((r) => processDisplayName(r.pid, r.name)))];
  }

  private resolved(record: ProcessRecord): ResolvedProcess {
    const info = this.source.analyzer.processInfo(record);
    const name = processDisplayName(record.pid, info.name);
    return { pid: record.pid, key: record.key, info: name === info.name ? info : { ...info, name } };
  }

  /**
   * An event the source has no attribution for, looked up in its table by the Analyzer's conventions
   * (TraceEvent's): the header pid, except kernel process/thread/image and network events, which
   * belong to the pid in their payload — those are decoded here when `decoded` is not given.
   */
  private lookUp(raw: RawEvent, decoded: DecodedEvent | undefined): ResolvedProcess | undefined {
    const byPayload = OWNED_BY_PAYLOAD.has(raw.providerId);
    const analyzer = this.source.analyzer;
    const record = analyzer.processForEvent(
      raw,
      byPayload ? (decoded ?? this.decoder.decodeKnown(raw)) : decoded,
    );
    if (record) return this.resolved(record);
    const known = byPayload ? '' : processDisplayName(raw.pid, '');
    return known === ''
      ? undefined
      : { pid: raw.pid, key: '', info: { name: known, path: '', cmdline: '', parent: '' } };
  }
}

/** A ProcessSource over an Analyzer of one's own: it has no per-event attribution to offer. */
class OwnTable implements ProcessSource {
  constructor(readonly analyzer: Analyzer) {}
  get generation(): number {
    return this.analyzer.table.generation;
  }
  ownerOfStored(): undefined {
    return undefined;
  }
  ownerOfPending(): undefined {
    return undefined;
  }
}

/** A resolver with a process table of its own, fed by observe() (readers without a capture analysis). */
export class ProcessEnricher extends ProcessResolver {
  readonly analyzer: Analyzer;
  private readonly lazy: LazyDecoded;

  constructor(decoder: EventDecoder, startFileTime: bigint) {
    const analyzer = new Analyzer({ startFileTime, maxDerivedEvents: 0 });
    super(decoder, new OwnTable(analyzer));
    this.analyzer = analyzer;
    this.lazy = new LazyDecoded(decoder);
  }

  /** Takes in one event in stream order (after the decoder has observed it), as event `seq`. */
  observe(raw: RawEvent, seq: number): void {
    this.analyzer.observe(raw, this.lazy.reset(raw), seq);
  }

  /** Closes what the Analyzer keeps open at the end of a stream. */
  finish(): void {
    this.analyzer.finish();
  }
}
