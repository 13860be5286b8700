// The Processes view's answers, built from one analysis run (the summary engine's Analyzer plus the
// traffic series kept beside it): the process list with per-process counts, the tree by key, one
// process's details for every tab, and the alert list with the times of the evidence events. All
// built on demand from the incremental state; nothing here is kept between calls except the
// evidence times, which do not change once an alert exists.
import type {
  AlertInfo,
  AlertList,
  AnalysisStatus,
  EndpointInfo,
  ProcessDetails,
  ProcessListItem,
  ProcessTreeNode,
  TextPattern,
} from '../../common/ipc/process-messages';
import type { RawEvent } from '../events/raw-event';
import type {
  Alert,
  Analyzer,
  ProcessRecord,
  ProcessTreeNode as FullTreeNode,
  ProcessView,
} from '../summary/index';
import { resolveRules, type RuleFile, type Severity } from '../summary/index';
import type { EndpointSummary } from '../summary/summary';
import { IpProto, type EndpointStats } from '../summary/network';
import type { EndpointSeries } from './endpoint-series';

/** The stored events (the capture's event store): evidence times, and the events a rebuild replays. */
export interface StoredEvents {
  readonly firstSeq: number;
  readonly nextSeq: number;
  raw(seq: number): RawEvent | undefined;
}

/** Endpoints of one process sent with their traffic series (the busiest; the rest have none). */
export const MAX_CHARTED_ENDPOINTS = 64;
/** Alerts sent in one list at most (the newest are left out beyond it, and counted). */
export const MAX_LISTED_ALERTS = 20_000;
const TICKS_PER_SECOND = 1e7;
/** Events of a stopped process may trail its stop event by this much (process-table REUSE_GRACE). */
const TRAILING_TICKS = 10_000_000;
const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
/** Names Windows tools give the two processes that have no image (the Events view shows them too). */
const WELL_KNOWN_PIDS = new Map<number, string>([
  [0, 'Idle'],
  [4, 'System'],
]);

/** The name both views show for a process: its image name, else Idle/System for pids 0 and 4. */
export function processDisplayName(pid: number, imageName: string): string {
  return imageName || (WELL_KNOWN_PIDS.get(pid) ?? '');
}

export interface RunState {
  analyzer: Analyzer;
  series: EndpointSeries<EndpointStats>;
  rules: RuleFile | undefined;
  /** Evidence times by alert index (filled as alerts are listed). */
  evidenceTicks: Map<number, { seqs: number[]; ticks: number[] }>;
}

/** "TCP|10.0.0.5|443". */
export function endpointId(protocol: string, address: string, port: number): string {
  return `${protocol}|${address}|${port}`;
}

function alertsByProcess(alerts: readonly Alert[]): Map<string, { count: number; worst: Severity }> {
  const out = new Map<string, { count: number; worst: Severity }>();
  for (const a of alerts) {
    if (a.processKey === null) continue;
    const entry = out.get(a.processKey);
    if (entry === undefined) out.set(a.processKey, { count: 1, worst: a.severity });
    else {
      entry.count++;
      if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[entry.worst]) entry.worst = a.severity;
    }
  }
  return out;
}

interface ListContext {
  alerts: Map<string, { count: number; worst: Severity }>;
  children: Map<string, number>;
  pids: Map<number, number>;
}

function listContext(run: RunState): ListContext {
  const table = run.analyzer.table;
  const children = new Map<string, number>();
  const pids = new Map<number, number>();
  for (const r of table.records) {
    pids.set(r.pid, (pids.get(r.pid) ?? 0) + 1);
    const parent = table.parentOf(r);
    if (parent !== null) children.set(parent.key, (children.get(parent.key) ?? 0) + 1);
  }
  return { alerts: alertsByProcess(run.analyzer.alerts()), children, pids };
}

function listItem(ctx: ListContext, view: ProcessView, r: ProcessRecord): ProcessListItem {
  const a = r.activity;
  let bytesSent = 0;
  let bytesReceived = 0;
  for (const ep of a.endpoints?.values() ?? []) {
    bytesSent += ep.bytesSent;
    bytesReceived += ep.bytesReceived;
  }
  const ps = a.powershell;
  const alerts = ctx.alerts.get(r.key);
  return {
    ...view,
    name: processDisplayName(r.pid, view.name),
    exited: r.endTicks !== null,
    pidReused: (ctx.pids.get(r.pid) ?? 0) > 1,
    spanFromTicks: Number.isFinite(r.lowerBound) ? r.lowerBound : null,
    spanToTicks: r.endTicks === null ? null : r.endTicks + TRAILING_TICKS,
    worstSeverity: alerts?.worst ?? '',
    counts: {
      events: a.events,
      dns: a.dns?.size ?? 0,
      endpoints: a.endpoints?.size ?? 0,
      bytesSent,
      bytesReceived,
      images: a.images?.size ?? 0,
      threadsInjected: a.threadsInjected.length,
      threadsCreated: a.threadsCreatedElsewhere.length,
      wmi: a.wmi?.size ?? 0,
      powershell: ps === null ? 0 : ps.blocks.length + ps.commandList().length + ps.encoded.length,
      children: ctx.children.get(r.key) ?? 0,
      alerts: alerts?.count ?? 0,
    },
  };
}

export function processList(
  run: RunState,
  status: AnalysisStatus,
): { status: AnalysisStatus; processes: ProcessListItem[] } {
  const ctx = listContext(run);
  const records = run.analyzer.table.records;
  const views = run.analyzer.processes();
  return { status, processes: views.map((v, i) => listItem(ctx, v, records[i] as ProcessRecord)) };
}

export function processTree(run: RunState): ProcessTreeNode[] {
  const strip = (n: FullTreeNode): ProcessTreeNode => ({ key: n.key, children: n.children.map(strip) });
  return run.analyzer.processTree().map(strip);
}

function powershellPatterns(rules: RuleFile | undefined): TextPattern[] {
  const out: TextPattern[] = [];
  for (const rule of resolveRules(rules)) {
    if (rule.type !== 'powershell') continue;
    for (const p of rule.patterns) out.push({ name: p.name, regex: p.regex, flags: p.flags ?? '' });
  }
  return out;
}

function endpointInfo(
  run: RunState,
  e: EndpointSummary,
  stats: EndpointStats | undefined,
  /** Series up to this time; null: none. */
  toTicks: number | null,
): EndpointInfo {
  const beacon = stats?.beacon ?? null;
  return {
    ...e,
    id: endpointId(e.protocol, e.remoteAddress, e.remotePort),
    contacts: beacon?.contacts ?? 0,
    intervalsSeconds: beacon === null ? [] : beacon.intervals().map((t) => t / TICKS_PER_SECOND),
    series: stats === undefined || toTicks === null ? null : run.series.snapshot(stats, toTicks),
  };
}

export function processDetails(
  run: RunState,
  key: string,
  status: AnalysisStatus,
  store: StoredEvents,
): ProcessDetails | undefined {
  const analyzer = run.analyzer;
  const table = analyzer.table;
  const record = table.get(key);
  const summary = analyzer.summary(key);
  if (record === undefined || summary === undefined) return undefined;
  const ctx = listContext(run);
  const item = (r: ProcessRecord, view: ProcessView) => listItem(ctx, view, r);

  const ancestors: ProcessView[] = [];
  const seen = new Set<ProcessRecord>([record]);
  for (
    let p = table.parentOf(record);
    p !== null && !seen.has(p) && ancestors.length < 64;
    p = table.parentOf(p)
  ) {
    seen.add(p);
    const view = analyzer.summary(p.key)?.process;
    if (view) ancestors.push(view);
  }

  const stats = new Map<string, EndpointStats>();
  for (const ep of record.activity.endpoints?.values() ?? []) {
    stats.set(endpointId(ep.proto === IpProto.Udp ? 'UDP' : 'TCP', ep.remoteAddress, ep.remotePort), ep);
  }
  const children = summary.children.flatMap((view) => {
    const r = table.get(view.key);
    return r === undefined ? [] : [item(r, view)];
  });
  return {
    status,
    process: item(record, summary.process),
    ancestors,
    children,
    events: summary.events,
    dns: summary.dns,
    // The summary lists endpoints busiest first: those beyond MAX_CHARTED_ENDPOINTS go without series.
    network: summary.network.map((e, i) =>
      endpointInfo(
        run,
        e,
        stats.get(endpointId(e.protocol, e.remoteAddress, e.remotePort)),
        i < MAX_CHARTED_ENDPOINTS ? status.toTicks : null,
      ),
    ),
    images: summary.images,
    threads: summary.threads,
    wmi: summary.wmi,
    powershell: summary.powershell,
    alerts: alertInfos(run, store, (a) => a.processKey === key).alerts,
    powershellPatterns: powershellPatterns(run.rules),
    dropped: summary.dropped,
  };
}

function evidenceOf(
  run: RunState,
  store: StoredEvents,
  index: number,
  alert: Alert,
): { seqs: number[]; ticks: number[] } {
  const cached = run.evidenceTicks.get(index);
  if (cached !== undefined && cached.seqs.every((s) => s >= store.firstSeq)) return cached;
  const seqs: number[] = [];
  const ticks: number[] = [];
  for (const seq of alert.evidence) {
    if (seq < store.firstSeq || seq >= store.nextSeq) continue;
    const raw = store.raw(seq);
    if (raw === undefined) continue;
    seqs.push(seq);
    ticks.push(raw.ticks);
  }
  const evidence = { seqs, ticks };
  run.evidenceTicks.set(index, evidence);
  return evidence;
}

/** Alerts (those `keep` accepts), in the order they were raised, with their evidence times. */
export function alertInfos(
  run: RunState,
  store: StoredEvents,
  keep: (alert: Alert) => boolean = () => true,
): { alerts: AlertInfo[]; omitted: number } {
  const alerts: AlertInfo[] = [];
  let omitted = 0;
  run.analyzer.alerts().forEach((a, index) => {
    if (!keep(a)) return;
    if (alerts.length >= MAX_LISTED_ALERTS) {
      omitted++;
      return;
    }
    const evidence = evidenceOf(run, store, index, a);
    alerts.push({
      index,
      ruleId: a.ruleId,
      ruleType: a.ruleType,
      severity: a.severity,
      title: a.title,
      processKey: a.processKey,
      pid: a.pid,
      processName: a.processName,
      ticks: a.ticks,
      time: a.time,
      summary: a.summary,
      evidence: evidence.seqs,
      evidenceTicks: evidence.ticks,
      details: a.details,
    });
  });
  return { alerts, omitted };
}

export function alertList(run: RunState, store: StoredEvents, status: AnalysisStatus): AlertList {
  const { alerts, omitted } = alertInfos(run, store);
  return { status, alerts, omitted, suppressed: run.analyzer.suppressedAlerts() };
}
