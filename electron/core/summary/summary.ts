// The analyzer's answers as plain JSON-ready objects: a process as the UI and CLI show it (ProcessView),
// the process tree, and a process's full summary (what it resolved, contacted, loaded, injected, asked
// WMI, ran in PowerShell, started). Built on demand from the incremental state (process-table.ts,
// activity.ts); paths are shown with drive letters, endpoints with the DNS names the process (or any
// process) resolved to them, times as ticks and, when the trace start is known, ISO 8601 UTC.

import type { EventCount, ImageLoad, RemoteThread } from './activity';
import type { BeaconStats } from './beacon';
import type { DnsLookup } from './dns';
import { IpProto, type EndpointStats } from './network';
import type { DriveMap } from './paths';
import type { EncodedCommand, PowerShellCommand, ScriptBlock } from './powershell';
import type { ProcessOrigin, ProcessRecord, ProcessTable } from './process-table';
import type { WmiOperation } from './wmi';

export interface ProcessView {
  key: string;
  pid: number;
  name: string;
  /** Image path with drive letters when the trace maps its volumes, else as logged. */
  path: string;
  cmdline: string;
  user: string;
  session: number | null;
  ppid: number | null;
  parentKey: string | null;
  parentName: string;
  /** The process that created it (header pid of the start event), when known. */
  creatorPid: number | null;
  /** Created by a process other than the one named as its parent (PROC_THREAD_ATTRIBUTE_PARENT_PROCESS). */
  parentSpoofed: boolean;
  /** null: started before the trace (or unknown). */
  startTicks: number | null;
  endTicks: number | null;
  start: string | null;
  end: string | null;
  exitCode: number | null;
  startKey: number | null;
  /** How the process became known: a start event, a rundown, or only its events. */
  origin: ProcessOrigin;
  events: number;
}

export interface ProcessTreeNode extends ProcessView {
  children: ProcessTreeNode[];
}

export interface EndpointSummary {
  protocol: 'TCP' | 'UDP';
  remoteAddress: string;
  remotePort: number;
  /** A name DNS answers gave this address ('' when none was seen). */
  remoteHost: string;
  localAddress: string;
  localPort: number;
  bytesSent: number;
  bytesReceived: number;
  sends: number;
  receives: number;
  connects: number;
  accepts: number;
  disconnects: number;
  retransmits: number;
  firstTicks: number;
  lastTicks: number;
  first: string | null;
  last: string | null;
  beacon: BeaconStats | null;
}

export interface ImageSummary {
  path: string;
  ntPath: string;
  base: string;
  size: number;
  loads: number;
  unloads: number;
  rundown: boolean;
  firstTicks: number;
  first: string | null;
  firstSeq: number;
}

export interface ThreadSummary extends RemoteThread {
  otherName: string;
  time: string | null;
}

export interface ProcessSummary {
  process: ProcessView;
  parent: ProcessView | null;
  children: ProcessView[];
  events: { total: number; byEvent: EventCount[] };
  dns: Array<DnsLookup & { first: string | null; last: string | null }>;
  network: EndpointSummary[];
  images: ImageSummary[];
  threads: { createdInOtherProcesses: ThreadSummary[]; createdByOtherProcesses: ThreadSummary[] };
  wmi: WmiOperation[];
  powershell: {
    scriptBlocks: ScriptBlock[];
    commands: PowerShellCommand[];
    encodedCommands: EncodedCommand[];
    errors: number;
  };
  /** Items left out because a per-process limit was reached. */
  dropped: { [what: string]: number };
}

/** What the builders need from the analyzer. */
export interface SummaryContext {
  table: ProcessTable;
  drives: DriveMap;
  timeOf(ticks: number): string | null;
  hostOf(address: string): string;
  /** Processes started by each process (built once per call of processes()/tree()). */
  childrenOf(record: ProcessRecord): ProcessRecord[];
}

export function processView(ctx: SummaryContext, r: ProcessRecord): ProcessView {
  const parent = ctx.table.parentOf(r);
  return {
    key: r.key,
    pid: r.pid,
    name: r.name,
    path: ctx.drives.toDos(r.ntPath),
    cmdline: r.cmdline,
    user: r.user,
    session: r.session >= 0 ? r.session : null,
    ppid: r.ppid >= 0 ? r.ppid : null,
    parentKey: parent?.key ?? null,
    parentName: parent?.name ?? '',
    creatorPid: r.creatorPid >= 0 ? r.creatorPid : null,
    parentSpoofed: r.creatorPid >= 0 && r.ppid >= 0 && r.creatorPid !== r.ppid,
    startTicks: r.startTicks,
    endTicks: r.endTicks,
    start: r.startTicks === null ? null : ctx.timeOf(r.startTicks),
    end: r.endTicks === null ? null : ctx.timeOf(r.endTicks),
    exitCode: r.exitCode,
    startKey: r.startKey,
    origin: r.origin,
    events: r.activity.events,
  };
}

function endpointSummary(ctx: SummaryContext, ep: EndpointStats): EndpointSummary {
  return {
    protocol: ep.proto === IpProto.Udp ? 'UDP' : 'TCP',
    remoteAddress: ep.remoteAddress,
    remotePort: ep.remotePort,
    remoteHost: ctx.hostOf(ep.remoteAddress),
    localAddress: ep.localAddress,
    localPort: ep.localPort,
    bytesSent: ep.bytesSent,
    bytesReceived: ep.bytesReceived,
    sends: ep.sends,
    receives: ep.receives,
    connects: ep.connects,
    accepts: ep.accepts,
    disconnects: ep.disconnects,
    retransmits: ep.retransmits,
    firstTicks: ep.firstTicks,
    lastTicks: ep.lastTicks,
    first: ctx.timeOf(ep.firstTicks),
    last: ctx.timeOf(ep.lastTicks),
    beacon: ep.beacon?.stats() ?? null,
  };
}

function imageSummary(ctx: SummaryContext, image: ImageLoad): ImageSummary {
  return {
    path: ctx.drives.toDos(image.ntPath),
    ntPath: image.ntPath,
    base: image.base,
    size: image.size,
    loads: image.loads,
    unloads: image.unloads,
    rundown: image.rundown,
    firstTicks: image.firstTicks,
    first: ctx.timeOf(image.firstTicks),
    firstSeq: image.firstSeq,
  };
}

function threadSummary(ctx: SummaryContext, t: RemoteThread): ThreadSummary {
  return { ...t, otherName: ctx.table.get(t.otherKey)?.name ?? '', time: ctx.timeOf(t.ticks) };
}

export function processSummary(ctx: SummaryContext, r: ProcessRecord): ProcessSummary {
  const a = r.activity;
  const parent = ctx.table.parentOf(r);
  const byEvent = [...a.eventCounts.values()]
    .map((c) => ({ ...c }))
    .sort((x, y) => y.count - x.count || (x.provider + x.event < y.provider + y.event ? -1 : 1));
  const dropped: { [what: string]: number } = {};
  const note = (what: string, n: number) => {
    if (n > 0) dropped[what] = n;
  };
  note('eventKinds', a.dropped.eventKinds);
  note('endpoints', a.dropped.endpoints);
  note('images', a.dropped.images);
  note('remoteThreads', a.dropped.remoteThreads);
  note('dnsNames', a.dns?.dropped ?? 0);
  note('wmiOperations', a.wmi?.dropped ?? 0);
  note('powershell', a.powershell?.dropped ?? 0);
  return {
    process: processView(ctx, r),
    parent: parent ? processView(ctx, parent) : null,
    children: ctx.childrenOf(r).map((c) => processView(ctx, c)),
    events: { total: a.events, byEvent },
    dns: (a.dns?.lookups() ?? [])
      .sort((x, y) => x.firstTicks - y.firstTicks)
      .map((l) => ({ ...l, first: ctx.timeOf(l.firstTicks), last: ctx.timeOf(l.lastTicks) })),
    network: [...(a.endpoints?.values() ?? [])]
      .map((ep) => endpointSummary(ctx, ep))
      .sort(
        (x, y) =>
          y.bytesSent + y.bytesReceived - (x.bytesSent + x.bytesReceived) || x.firstTicks - y.firstTicks,
      ),
    images: [...(a.images?.values() ?? [])]
      .map((i) => imageSummary(ctx, i))
      .sort((x, y) => x.firstTicks - y.firstTicks),
    threads: {
      createdInOtherProcesses: a.threadsCreatedElsewhere.map((t) => threadSummary(ctx, t)),
      createdByOtherProcesses: a.threadsInjected.map((t) => threadSummary(ctx, t)),
    },
    wmi: (a.wmi?.operations() ?? []).sort((x, y) => x.firstTicks - y.firstTicks),
    powershell: {
      scriptBlocks: a.powershell?.blocks.slice() ?? [],
      commands: a.powershell?.commandList() ?? [],
      encodedCommands: a.powershell?.encoded.slice() ?? [],
      errors: a.powershell?.errors ?? 0,
    },
    dropped,
  };
}

/** The process forest: roots are processes whose parent is not in the table. Children by start time. */
export function processTree(ctx: SummaryContext, records: readonly ProcessRecord[]): ProcessTreeNode[] {
  const nodes = new Map<ProcessRecord, ProcessTreeNode>();
  for (const r of records) nodes.set(r, { ...processView(ctx, r), children: [] });
  const roots: ProcessTreeNode[] = [];
  for (const r of records) {
    const node = nodes.get(r) as ProcessTreeNode;
    const parent = ctx.table.parentOf(r);
    const parentNode = parent ? nodes.get(parent) : undefined;
    if (parentNode && !isAncestor(ctx, r, parent as ProcessRecord)) parentNode.children.push(node);
    else roots.push(node);
  }
  const order = (a: ProcessTreeNode, b: ProcessTreeNode) =>
    (a.startTicks ?? -Infinity) - (b.startTicks ?? -Infinity) || a.pid - b.pid;
  const pending: ProcessTreeNode[][] = [roots];
  for (let list = pending.pop(); list !== undefined; list = pending.pop()) {
    list.sort(order);
    for (const n of list) if (n.children.length > 0) pending.push(n.children);
  }
  return roots;
}

/** True when `r` is an ancestor of `of` (guards the tree against parent cycles from pid reuse). */
function isAncestor(ctx: SummaryContext, r: ProcessRecord, of: ProcessRecord): boolean {
  let p: ProcessRecord | null = of;
  for (let depth = 0; p !== null && depth < 4096; depth++) {
    if (p === r) return true;
    p = ctx.table.parentOf(p);
  }
  return false;
}
