// Derived events: per-process netflow records, one per (process, protocol, remote address, remote
// port) and interval (default 60 s), with the bytes and packets (send/receive events) each way.
//
// A DerivedEvent carries the same header fields as a RawEvent (providerId, id, version, opcode, task,
// level, keywords, channel, pid, tid, cpu, ticks), so the filter language's header predicate runs on
// it directly; derivedEventJson() gives the EventJson shape the table and the exporters use, and
// derivedFilterSubject() the full filter subject. Provider "ETWExplorer-Netflow"
// {6f1e3c52-8a4d-4b7e-9c21-3d5a7e9b0f48}, event "Netflow" (id 1), level 4; `ticks` is the start of the
// interval. The props are documented in docs/alert-rules.md ("Derived events").
//
// Intervals are aligned to multiples of the interval length since the trace start. A record is emitted
// when the stream moves past its interval (or at finish()); an event that arrives late (live sessions
// deliver per-CPU buffers slightly out of order) is folded into the open interval.

import type { EventJson, PropValue } from '../../common/model/event';
import { fileTimeToIso } from '../../common/time';
import { propAt, type FilterSubject, type ProcessInfo } from '../filter/index';
import { NETFLOW_EVENT_NAME, NETFLOW_PROVIDER_ID, NETFLOW_PROVIDER_NAME } from './known';
import { IpProto, NetOp, type EndpointStats } from './network';
import type { ProcessRecord } from './process-table';

export interface DerivedEvent {
  providerId: string;
  providerName: string;
  eventName: string;
  id: number;
  version: number;
  opcode: number;
  task: number;
  level: number;
  keywords: bigint;
  channel: number;
  pid: number;
  tid: number;
  cpu: number;
  /** Start of the interval (100-ns ticks since the trace start). */
  ticks: number;
  props: { [name: string]: PropValue };
  /** Sequence numbers of the first and last network events folded into the record. */
  firstSeq: number;
  lastSeq: number;
}

export const NETFLOW_EVENT_ID = 1;
const TICKS_PER_SECOND = 1e7;

/** Names a remote address from DNS answers ('' when unknown). */
export type HostLookup = (address: string) => string;

export class NetflowAggregator {
  private readonly open: Array<[ProcessRecord, EndpointStats]> = [];
  private current = -Infinity;

  constructor(
    private readonly intervalTicks: number,
    private readonly hostOf: HostLookup,
    private readonly emit: (event: DerivedEvent) => void,
  ) {}

  add(record: ProcessRecord, ep: EndpointStats, op: NetOp, size: number, ticks: number, seq: number): void {
    const interval = Math.floor(ticks / this.intervalTicks);
    if (interval > this.current) {
      this.flush();
      this.current = interval;
    }
    if (ep.flowInterval !== this.current) {
      ep.flowInterval = this.current;
      ep.flowBytesSent = 0;
      ep.flowBytesReceived = 0;
      ep.flowSends = 0;
      ep.flowReceives = 0;
      ep.flowConnects = 0;
      ep.flowFirstSeq = seq;
      this.open.push([record, ep]);
    }
    ep.flowLastSeq = seq;
    if (op === NetOp.Send) {
      ep.flowBytesSent += size;
      ep.flowSends++;
    } else if (op === NetOp.Recv) {
      ep.flowBytesReceived += size;
      ep.flowReceives++;
    } else if (op === NetOp.Connect || op === NetOp.Accept) {
      ep.flowConnects++;
    }
  }

  /** Emits the open interval's records. */
  flush(): void {
    const start = this.current * this.intervalTicks;
    for (const [record, ep] of this.open) this.emit(this.build(record, ep, start));
    this.open.length = 0;
  }

  private build(record: ProcessRecord, ep: EndpointStats, start: number): DerivedEvent {
    return {
      providerId: NETFLOW_PROVIDER_ID,
      providerName: NETFLOW_PROVIDER_NAME,
      eventName: NETFLOW_EVENT_NAME,
      id: NETFLOW_EVENT_ID,
      version: 0,
      opcode: 0,
      task: 0,
      level: 4,
      keywords: 0n,
      channel: 0,
      pid: record.pid,
      tid: -1,
      cpu: -1,
      ticks: start,
      props: {
        ProcessKey: record.key,
        ProcessName: record.name,
        Protocol: ep.proto === IpProto.Udp ? 'UDP' : 'TCP',
        RemoteAddress: ep.remoteAddress,
        RemotePort: ep.remotePort,
        RemoteHost: this.hostOf(ep.remoteAddress),
        LocalAddress: ep.localAddress,
        LocalPort: ep.localPort,
        BytesSent: ep.flowBytesSent,
        BytesReceived: ep.flowBytesReceived,
        PacketsSent: ep.flowSends,
        PacketsReceived: ep.flowReceives,
        Connects: ep.flowConnects,
        IntervalSeconds: this.intervalTicks / TICKS_PER_SECOND,
      },
      firstSeq: ep.flowFirstSeq,
      lastSeq: ep.flowLastSeq,
    };
  }
}

/** The EventJson form of a derived event (the table, `etwx dump`-style exports). */
export function derivedEventJson(d: DerivedEvent, startFileTime: bigint): EventJson {
  return {
    ts: fileTimeToIso(startFileTime + BigInt(Math.round(d.ticks))),
    provider: { guid: d.providerId, name: d.providerName },
    event: {
      id: d.id,
      version: d.version,
      opcode: d.opcode,
      task: d.task,
      level: d.level,
      keywords: '0x' + d.keywords.toString(16).padStart(16, '0'),
      channel: d.channel,
      name: d.eventName,
    },
    pid: d.pid,
    tid: d.tid,
    cpu: d.cpu,
    classic: false,
    props: d.props,
  };
}

/** A filter subject for a derived event (process info optional, e.g. from Analyzer.processInfo). */
export function derivedFilterSubject(d: DerivedEvent, process?: ProcessInfo): FilterSubject {
  return {
    providerId: d.providerId,
    id: d.id,
    version: d.version,
    opcode: d.opcode,
    task: d.task,
    level: d.level,
    keywords: d.keywords,
    channel: d.channel,
    pid: d.pid,
    tid: d.tid,
    cpu: d.cpu,
    ticks: d.ticks,
    providerName: d.providerName,
    eventName: d.eventName,
    prop: (path) => propAt(d.props, path),
    process: () => process,
    anyText: () => Object.values(d.props).map(String),
  };
}
