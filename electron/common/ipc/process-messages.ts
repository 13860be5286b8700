// The values of the `processes.*` and `alerts.*` channels: per-process summaries of an open capture
// (built by core/analysis from the summary engine, core/summary) and the alerts its rules raised.
// Plain JSON like every message (messages.ts re-exports this file). Times are trace ticks (100 ns
// since the trace start) plus ISO 8601 UTC when the trace start is known; `seq` numbers are the
// capture's event numbers (the store's), the same the Events view shows.
import type { PropValue } from '../model/event';

export type ProcessOrigin = 'start' | 'rundown' | 'seen';
export type AlertSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type AlertRuleType =
  'exfiltration' | 'beaconing' | 'cross-process-thread' | 'powershell' | 'etw-tampering' | 'filter';

/** Where the analysis of a capture stands (also pushed as `analysis.changed`). */
export interface AnalysisStatus {
  captureId: string;
  /** 'rebuilding': the rules changed and the stored events are being evaluated again. */
  state: 'reading' | 'done' | 'rebuilding';
  /** Events the analysis has seen. */
  events: number;
  processes: number;
  alerts: number;
  /** Time span of the events seen (ticks); 0..0 before the first event. */
  fromTicks: number;
  toTicks: number;
  /** ISO 8601 UTC of ticks 0. */
  startTime: string | null;
}

/** One process lifetime (a pid that Windows reused is two processes). */
export interface ProcessInfo {
  /** Stable id of the lifetime within the capture. */
  key: string;
  pid: number;
  name: string;
  /** Image path (drive letters when the trace maps its volumes). */
  path: string;
  cmdline: string;
  user: string;
  session: number | null;
  ppid: number | null;
  parentKey: string | null;
  parentName: string;
  creatorPid: number | null;
  /** Created by another process than the one named as its parent. */
  parentSpoofed: boolean;
  /** null: started before the trace (or unknown). */
  startTicks: number | null;
  endTicks: number | null;
  start: string | null;
  end: string | null;
  exitCode: number | null;
  origin: ProcessOrigin;
  events: number;
}

export interface ProcessCounts {
  events: number;
  dns: number;
  endpoints: number;
  bytesSent: number;
  bytesReceived: number;
  images: number;
  /** Threads other processes started in this one. */
  threadsInjected: number;
  /** Threads this process started in others. */
  threadsCreated: number;
  wmi: number;
  /** Script blocks, commands and encoded command lines. */
  powershell: number;
  children: number;
  alerts: number;
}

export interface ProcessListItem extends ProcessInfo {
  exited: boolean;
  /** Another lifetime in this capture had the same pid. */
  pidReused: boolean;
  /** The span the lifetime covers for event lookups (ticks; null = open-ended). */
  spanFromTicks: number | null;
  spanToTicks: number | null;
  /** Alerts about this process, worst first ('' when none). */
  worstSeverity: AlertSeverity | '';
  counts: ProcessCounts;
}

export interface ProcessList {
  status: AnalysisStatus;
  processes: ProcessListItem[];
}

/** The process forest by key (roots: processes whose parent is not in the capture). */
export interface ProcessTreeNode {
  key: string;
  children: ProcessTreeNode[];
}

export interface ProcessTree {
  status: AnalysisStatus;
  roots: ProcessTreeNode[];
}

export interface DnsLookupInfo {
  name: string;
  types: string[];
  queries: number;
  responses: number;
  status: number | null;
  results: string[];
  firstTicks: number;
  lastTicks: number;
  first: string | null;
  last: string | null;
}

export interface BeaconInfo {
  contacts: number;
  medianIntervalSeconds: number;
  jitter: number;
  score: number;
}

/** Bytes per time bucket: bucket i covers [fromTicks + i·bucketTicks, fromTicks + (i+1)·bucketTicks). */
export interface TrafficSeries {
  fromTicks: number;
  bucketTicks: number;
  sent: number[];
  received: number[];
}

export interface EndpointInfo {
  /** "TCP|10.0.0.5|443": unique among a process's endpoints. */
  id: string;
  protocol: 'TCP' | 'UDP';
  remoteAddress: string;
  remotePort: number;
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
  /** Beaconing statistics (null with fewer than 3 intervals between contacts). */
  beacon: BeaconInfo | null;
  /** Outbound contacts (connect or send after 2 s of outbound silence). */
  contacts: number;
  /** Seconds between the last (up to 128) contacts, oldest first. */
  intervalsSeconds: number[];
  /** Bytes over time (null beyond the process's 64 busiest endpoints, or past the capture's series limit). */
  series: TrafficSeries | null;
}

export interface ImageInfo {
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

export interface RemoteThreadInfo {
  otherKey: string;
  otherPid: number;
  otherName: string;
  tid: number;
  startAddress: string;
  ticks: number;
  time: string | null;
  seq: number;
}

export interface WmiOperationInfo {
  kind: 'operation' | 'error' | 'subscription' | 'provider' | 'consumer';
  method: string;
  namespace: string;
  query: string;
  operation: string;
  user: string;
  resultCode: number | null;
  count: number;
  firstTicks: number;
  lastTicks: number;
  firstSeq: number;
}

export interface ScriptBlockInfo {
  id: string;
  path: string;
  text: string;
  parts: number;
  total: number;
  complete: boolean;
  truncated: boolean;
  firstTicks: number;
  seqs: number[];
}

export interface PowerShellCommandInfo {
  name: string;
  count: number;
  firstTicks: number;
  lastTicks: number;
  firstSeq: number;
  sample: string;
}

export interface EncodedCommandInfo {
  commandLine: string;
  decoded: string;
  ticks: number;
  seq: number;
}

export interface EventCountInfo {
  provider: string;
  event: string;
  count: number;
}

/** A pattern of the PowerShell rules in force (JavaScript regular expression source and flags). */
export interface TextPattern {
  name: string;
  regex: string;
  flags: string;
}

/** Everything the process page shows, one tab per part. */
export interface ProcessDetails {
  status: AnalysisStatus;
  process: ProcessListItem;
  /** Parent, grandparent... (nearest first). */
  ancestors: ProcessInfo[];
  children: ProcessListItem[];
  events: { total: number; byEvent: EventCountInfo[] };
  dns: DnsLookupInfo[];
  network: EndpointInfo[];
  images: ImageInfo[];
  threads: { createdInOtherProcesses: RemoteThreadInfo[]; createdByOtherProcesses: RemoteThreadInfo[] };
  wmi: WmiOperationInfo[];
  powershell: {
    scriptBlocks: ScriptBlockInfo[];
    commands: PowerShellCommandInfo[];
    encodedCommands: EncodedCommandInfo[];
    errors: number;
  };
  alerts: AlertInfo[];
  /** What the PowerShell rules look for (the UI highlights it). */
  powershellPatterns: TextPattern[];
  /** Items left out because a per-process limit was reached. */
  dropped: { [what: string]: number };
}

export interface AlertInfo {
  /** Position in the capture's alert list (stable until the rules change). */
  index: number;
  ruleId: string;
  ruleType: AlertRuleType;
  severity: AlertSeverity;
  title: string;
  processKey: string | null;
  pid: number;
  processName: string;
  ticks: number;
  time: string | null;
  summary: string;
  /** Seq numbers of the events behind the alert (those still stored). */
  evidence: number[];
  /** Their times (ticks), in the same order. */
  evidenceTicks: number[];
  details: { [name: string]: PropValue };
}

export interface AlertList {
  status: AnalysisStatus;
  alerts: AlertInfo[];
  /** Alerts left out of this list (beyond its limit). */
  omitted: number;
  /** Alerts not raised because a rule reached its maximum, by rule id. */
  suppressed: { [ruleId: string]: number };
}

export interface RuleProblem {
  /** JSON path ("rules[2].patterns[0].regex") or "line L, column C" for JSON syntax. */
  path: string;
  message: string;
}

/** The alert rules: the user's rule file text (empty = the built-in rules) and the built-ins for reference. */
export interface AlertRules {
  text: string;
  /** The built-in rules as a rule file (pretty JSON). */
  builtin: string;
  /** Where the rules are kept between runs ('' when only in memory). */
  storedAt: string;
  /** Problems of the text that was last offered; empty when it was applied. */
  problems: RuleProblem[];
  /** True when the offered text is in force (and open captures are being re-evaluated). */
  applied: boolean;
}
