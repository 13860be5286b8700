// Process enrichment for the pipeline: the summary engine's Analyzer keeps the process table (which
// image a pid was at a given time), and rows ask it for their process when they are shown or
// filtered on (`process.name`...). Two modes:
//  - 'processes' (default): only the events that define process lifetimes and names are decoded and
//    observed — classic Process/Thread start-stop-rundown, Microsoft-Windows-Kernel-Process
//    process/thread events, KernelTraceControl volume mappings (for DOS paths). Everything else
//    stays undecoded, which keeps ingest at reading speed.
//  - 'everything': every event is decoded and observed, so the Analyzer's per-process summaries,
//    netflow and alerts are complete too (the cost of a full decode per event).
import type { ProcessDetail } from '../../common/ipc/messages';
import type { DecodedEvent, EventDecoder } from '../decode/index';
import type { RawEvent } from '../events/raw-event';
import type { ProcessInfo } from '../filter/index';
import { Analyzer } from '../summary/index';
import {
  ClassicOpcode,
  KernelClass,
  KernelProcessEvent,
  Provider,
  VOLUME_MAPPING_OPCODE,
} from '../summary/known';

export type EnrichMode = 'processes' | 'everything';

const CLASSIC_LIFETIME = new Set<number>([
  ClassicOpcode.Start,
  ClassicOpcode.Stop,
  ClassicOpcode.DCStart,
  ClassicOpcode.DCStop,
  ClassicOpcode.ProcessTerminate,
  ClassicOpcode.ProcessDefunct,
]);
const KERNEL_PROCESS_LIFETIME = new Set<number>([
  KernelProcessEvent.ProcessStart,
  KernelProcessEvent.ProcessStop,
  KernelProcessEvent.ThreadStart,
  KernelProcessEvent.ThreadStop,
  KernelProcessEvent.ProcessRundown,
]);

/** Whether an event defines a process lifetime, name or path (the 'processes' mode observes only these). */
export function definesProcesses(raw: RawEvent): boolean {
  switch (raw.providerId) {
    case KernelClass.Process:
    case KernelClass.Thread:
      return CLASSIC_LIFETIME.has(raw.opcode);
    case Provider.KernelProcess:
      return KERNEL_PROCESS_LIFETIME.has(raw.id);
    case KernelClass.SysConfig:
      return raw.opcode === VOLUME_MAPPING_OPCODE;
    default:
      return false;
  }
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

/** Names Windows tools show for the two processes that have no image. */
const WELL_KNOWN_PIDS = new Map<number, string>([
  [0, 'Idle'],
  [4, 'System'],
]);

export class ProcessEnricher {
  readonly analyzer: Analyzer;

  constructor(
    private readonly decoder: EventDecoder,
    readonly mode: EnrichMode,
    startFileTime: bigint,
  ) {
    this.analyzer = new Analyzer({ startFileTime });
  }

  /** Takes in one event in stream order (after the decoder has observed it), as event `seq`. */
  observe(raw: RawEvent, seq: number): void {
    if (this.mode === 'processes' && !definesProcesses(raw)) return;
    const decoded: DecodedEvent = this.decoder.decodeKnown(raw);
    this.analyzer.observe(raw, decoded, seq);
  }

  /** Closes what the Analyzer keeps open at the end of a stream. */
  finish(): void {
    this.analyzer.finish();
  }

  /**
   * The process an event belongs to, by the Analyzer's conventions (TraceEvent's): the header pid,
   * except kernel process/thread/image and network events, which belong to the pid in their
   * payload — those are decoded here when `decoded` is not given.
   */
  processOf(raw: RawEvent, decoded?: DecodedEvent): { pid: number; info: ProcessInfo } | undefined {
    const byPayload = OWNED_BY_PAYLOAD.has(raw.providerId);
    const record = this.analyzer.processForEvent(
      raw,
      byPayload ? (decoded ?? this.decoder.decodeKnown(raw)) : decoded,
    );
    if (record) return { pid: record.pid, info: this.analyzer.processInfo(record) };
    const known = byPayload ? undefined : WELL_KNOWN_PIDS.get(raw.pid);
    return known === undefined
      ? undefined
      : { pid: raw.pid, info: { name: known, path: '', cmdline: '', parent: '' } };
  }

  processName(raw: RawEvent, decoded?: DecodedEvent): string | undefined {
    const name = this.processOf(raw, decoded)?.info.name;
    return name === '' ? undefined : name;
  }

  processDetail(raw: RawEvent, decoded?: DecodedEvent): ProcessDetail | undefined {
    const found = this.processOf(raw, decoded);
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
    return this.analyzer.table.generation;
  }

  /** Every process name known, for sorting by process. */
  processNames(): string[] {
    return [...new Set(this.analyzer.table.records.map((r) => r.name))];
  }
}
