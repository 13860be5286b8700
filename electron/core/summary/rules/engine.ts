// The alert engine: the rules of a rule file, compiled once, evaluated as the analyzer sees the stream.
// The analyzer calls one hook per kind of fact (a send, a new contact, a remote thread, PowerShell
// text, an ETW session stop, any event for the filter rules); each hook costs nothing for rule types
// the file does not use. Alerts carry the `seq` numbers of the events that prove them.
//
// Once per subject: exfiltration and beaconing alert once per rule and process+endpoint; the other
// rules alert per occurrence. Every rule stops after `maxAlerts` (filter rules: their own setting,
// others 1,000) and counts what it suppressed.

import type { PropValue } from '../../../common/model/event';
import type { DecodedEvent } from '../../decode/index';
import type { RawEvent } from '../../events/raw-event';
import { compileFilter, type CompiledFilter, type FilterEnv, type FilterSubject } from '../../filter/index';
import type { BeaconStats } from '../beacon';
import type { EventSubject } from '../event-subject';
import type { EndpointStats } from '../network';
import type { ProcessRecord } from '../process-table';
import { SlidingSum } from '../sliding-sum';
import { BUILTIN_RULES } from './default-rules';
import type { PowerShellSource, Rule, RuleFile, RuleOf, Severity, TamperKind } from './schema';

export interface Alert {
  ruleId: string;
  ruleType: Rule['type'];
  severity: Severity;
  title: string;
  /** The process the alert is about (null when the event had no process). */
  processKey: string | null;
  pid: number;
  processName: string;
  ticks: number;
  /** ISO 8601 UTC, when the trace start time is known. */
  time: string | null;
  summary: string;
  /** `seq` numbers (as passed to Analyzer.observe) of the events behind the alert. */
  evidence: number[];
  details: { [name: string]: PropValue };
}

/** What the engine needs from the analyzer. */
export interface AlertContext {
  timeOf(ticks: number): string | null;
  hostOf(address: string): string;
  /** For filter rules: the trace start (clock-time literals) and provider names by GUID (header predicates). */
  filterEnv: FilterEnv;
}

const DEFAULT_SEVERITY: Record<Rule['type'], Severity> = {
  exfiltration: 'high',
  beaconing: 'medium',
  'cross-process-thread': 'high',
  powershell: 'high',
  'etw-tampering': 'medium',
  filter: 'medium',
};
const DEFAULT_MAX_ALERTS = 1000;
const MAX_ALERTS_TOTAL = 100_000;
const EXCERPT_CHARS = 160;
const TICKS_PER_SECOND = 1e7;

/** The rules in force: the built-ins (unless "builtins": false) overlaid with the file's, minus disabled ones. */
export function resolveRules(file?: RuleFile): Rule[] {
  const byId = new Map<string, Rule>();
  if (file === undefined || file.builtins !== false) for (const r of BUILTIN_RULES.rules) byId.set(r.id, r);
  for (const r of file?.rules ?? []) byId.set(r.id, r);
  const disabled = new Set(file?.disable ?? []);
  return [...byId.values()].filter((r) => r.enabled !== false && !disabled.has(r.id));
}

interface RuleState<R extends Rule> {
  rule: R;
  severity: Severity;
  title: string;
  fired: number;
  suppressed: number;
  maxAlerts: number;
}

interface ExfilState extends RuleState<RuleOf<'exfiltration'>> {
  windowTicks: number;
}
interface ThreadState extends RuleState<RuleOf<'cross-process-thread'>> {
  ignoreCreators: Set<string>;
  ignoreTargets: Set<string>;
}
interface PowerShellState extends RuleState<RuleOf<'powershell'>> {
  sources: Set<PowerShellSource>;
  patterns: Array<{ name: string; re: RegExp }>;
}
interface TamperState extends RuleState<RuleOf<'etw-tampering'>> {
  events: Set<TamperKind>;
  sessions: RegExp | null;
}
interface FilterState extends RuleState<RuleOf<'filter'>> {
  compiled: CompiledFilter;
}

function state<R extends Rule>(rule: R): RuleState<R> {
  return {
    rule,
    severity: rule.severity ?? DEFAULT_SEVERITY[rule.type],
    title: rule.title ?? rule.id,
    fired: 0,
    suppressed: 0,
    maxAlerts: rule.type === 'filter' ? (rule.maxAlerts ?? DEFAULT_MAX_ALERTS) : DEFAULT_MAX_ALERTS,
  };
}

function excerpt(text: string, re: RegExp): string {
  const m = re.exec(text);
  const at = m ? m.index : 0;
  const start = Math.max(0, at - EXCERPT_CHARS / 2);
  const cut = text.slice(start, start + EXCERPT_CHARS).replace(/\s+/g, ' ');
  return (start > 0 ? '…' : '') + cut + (start + EXCERPT_CHARS < text.length ? '…' : '');
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function who(record: ProcessRecord | null): string {
  if (record === null) return 'an unknown process';
  return `${record.name || '<unknown>'} (pid ${record.pid})`;
}

export class AlertEngine {
  readonly alerts: Alert[] = [];
  private readonly exfil: ExfilState[] = [];
  private readonly beacons: Array<RuleState<RuleOf<'beaconing'>>> = [];
  private readonly threads: ThreadState[] = [];
  private readonly powershell: PowerShellState[] = [];
  private readonly tampering: TamperState[] = [];
  private readonly filters: FilterState[] = [];
  private dropped = 0;

  constructor(
    rules: readonly Rule[],
    private readonly ctx: AlertContext,
  ) {
    for (const rule of rules) {
      switch (rule.type) {
        case 'exfiltration':
          this.exfil.push({ ...state(rule), windowTicks: rule.windowSeconds * TICKS_PER_SECOND });
          break;
        case 'beaconing':
          this.beacons.push(state(rule));
          break;
        case 'cross-process-thread':
          this.threads.push({
            ...state(rule),
            ignoreCreators: new Set((rule.ignoreCreators ?? []).map((n) => n.toLowerCase())),
            ignoreTargets: new Set((rule.ignoreTargets ?? []).map((n) => n.toLowerCase())),
          });
          break;
        case 'powershell':
          this.powershell.push({
            ...state(rule),
            sources: new Set(rule.sources ?? ['scriptblock', 'command', 'cmdline', 'encoded']),
            patterns: rule.patterns.map((p) => ({
              name: p.name,
              re: new RegExp(p.regex, (p.flags ?? '').replace(/[gy]/g, '')),
            })),
          });
          break;
        case 'etw-tampering':
          this.tampering.push({
            ...state(rule),
            events: new Set(rule.events ?? ['session-stop', 'provider-disable']),
            sessions: rule.sessions ? new RegExp(rule.sessions.regex, rule.sessions.flags ?? '') : null,
          });
          break;
        case 'filter': {
          const compiled = compileFilter(rule.filter, ctx.filterEnv);
          // The schema already rejected filters that do not compile.
          if (compiled.ok) this.filters.push({ ...state(rule), compiled: compiled.value });
          break;
        }
      }
    }
  }

  get hasFilterRules(): boolean {
    return this.filters.length > 0;
  }

  get wantsBeacons(): boolean {
    return this.beacons.length > 0;
  }

  get exfilRuleCount(): number {
    return this.exfil.length;
  }

  /** Alerts each rule could not raise because it reached its maximum, by rule id. */
  suppressed(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of [
      ...this.exfil,
      ...this.beacons,
      ...this.threads,
      ...this.powershell,
      ...this.tampering,
      ...this.filters,
    ]) {
      if (s.suppressed > 0) out[s.rule.id] = s.suppressed;
    }
    if (this.dropped > 0) out['(total limit)'] = this.dropped;
    return out;
  }

  private raise<R extends Rule>(
    s: RuleState<R>,
    record: ProcessRecord | null,
    ticks: number,
    summary: string,
    evidence: number[],
    details: { [name: string]: PropValue },
  ): void {
    if (s.fired >= s.maxAlerts) {
      s.suppressed++;
      return;
    }
    if (this.alerts.length >= MAX_ALERTS_TOTAL) {
      this.dropped++;
      return;
    }
    s.fired++;
    this.alerts.push({
      ruleId: s.rule.id,
      ruleType: s.rule.type,
      severity: s.severity,
      title: s.title,
      processKey: record?.key ?? null,
      pid: record?.pid ?? -1,
      processName: record?.name ?? '',
      ticks,
      time: this.ctx.timeOf(ticks),
      summary,
      evidence,
      details,
    });
  }

  /** Creates an endpoint's exfiltration windows (one per exfiltration rule). */
  newSendWindows(): SlidingSum[] {
    return this.exfil.map((s) => new SlidingSum(s.windowTicks));
  }

  /** A send of `size` bytes (already recorded in ep, including its seq in the evidence ring). */
  onSend(record: ProcessRecord, ep: EndpointStats, size: number, ticks: number): void {
    const windows = ep.sentWindows;
    if (windows === null) return;
    for (let i = 0; i < this.exfil.length; i++) {
      const s = this.exfil[i] as ExfilState;
      const sum = (windows[i] as SlidingSum).add(ticks, size);
      if (sum < s.rule.bytes || ep.alerted?.has(s.rule.id)) continue;
      (ep.alerted ??= new Set()).add(s.rule.id);
      const host = this.ctx.hostOf(ep.remoteAddress);
      this.raise(
        s,
        record,
        ticks,
        `${who(record)} sent ${formatBytes(sum)} to ${ep.label}${host ? ` (${host})` : ''} within ${s.rule.windowSeconds} s ` +
          `(threshold ${formatBytes(s.rule.bytes)})`,
        ep.sendEvidence(),
        {
          endpoint: ep.label,
          remoteHost: host,
          bytesInWindow: sum,
          thresholdBytes: s.rule.bytes,
          windowSeconds: s.rule.windowSeconds,
          totalBytesSent: ep.bytesSent,
        },
      );
    }
  }

  /** A new contact with an endpoint; `stats` is computed by the caller only when some rule may fire. */
  onContact(record: ProcessRecord, ep: EndpointStats, ticks: number): void {
    const beacon = ep.beacon;
    if (beacon === null) return;
    let stats: BeaconStats | null | undefined;
    for (const s of this.beacons) {
      if (beacon.contacts < s.rule.minContacts || ep.alerted?.has(s.rule.id)) continue;
      stats ??= beacon.stats();
      if (stats === null || stats.score < s.rule.minScore) continue;
      const period = stats.medianIntervalSeconds;
      if (period < (s.rule.minIntervalSeconds ?? 0) || period > (s.rule.maxIntervalSeconds ?? Infinity))
        continue;
      (ep.alerted ??= new Set()).add(s.rule.id);
      const host = this.ctx.hostOf(ep.remoteAddress);
      this.raise(
        s,
        record,
        ticks,
        `${who(record)} contacted ${ep.label}${host ? ` (${host})` : ''} ${stats.contacts} times every ` +
          `${period.toFixed(1)} s (jitter ${(stats.jitter * 100).toFixed(0)} %, score ${stats.score.toFixed(2)})`,
        beacon.evidence(),
        {
          endpoint: ep.label,
          remoteHost: host,
          contacts: stats.contacts,
          medianIntervalSeconds: period,
          jitter: stats.jitter,
          score: stats.score,
        },
      );
    }
  }

  onRemoteThread(
    creator: ProcessRecord,
    target: ProcessRecord,
    tid: number,
    startAddress: string,
    ticks: number,
    seq: number,
  ): void {
    for (const s of this.threads) {
      if (s.ignoreCreators.has(creator.name.toLowerCase()) || s.ignoreTargets.has(target.name.toLowerCase()))
        continue;
      this.raise(
        s,
        creator,
        ticks,
        `${who(creator)} started thread ${tid} in ${who(target)}${startAddress ? ` at ${startAddress}` : ''}`,
        [seq],
        { targetKey: target.key, targetPid: target.pid, targetName: target.name, tid, startAddress },
      );
    }
  }

  /** PowerShell text from one source: a script block, a command invocation, a command line, a decoded -enc. */
  onPowerShellText(
    record: ProcessRecord | null,
    source: PowerShellSource,
    text: string,
    ticks: number,
    evidence: number[],
  ): void {
    for (const s of this.powershell) {
      if (!s.sources.has(source)) continue;
      const matched = s.patterns.filter((p) => p.re.test(text));
      if (matched.length === 0) continue;
      const first = matched[0] as { name: string; re: RegExp };
      this.raise(
        s,
        record,
        ticks,
        `${who(record)}: ${source} matches ${matched.map((p) => p.name).join(', ')}: ${excerpt(text, first.re)}`,
        evidence,
        { source, patterns: matched.map((p) => p.name), excerpt: excerpt(text, first.re) },
      );
    }
  }

  onTamper(
    record: ProcessRecord | null,
    kind: TamperKind,
    session: string,
    provider: string,
    ticks: number,
    seq: number,
  ): void {
    for (const s of this.tampering) {
      if (!s.events.has(kind) || (s.sessions !== null && !s.sessions.test(session))) continue;
      const what =
        kind === 'session-stop'
          ? `stopped ETW session '${session}'`
          : `disabled provider ${provider} in ETW session '${session}'`;
      this.raise(s, record, ticks, `${who(record)} ${what}`, [seq], { kind, session, provider });
    }
  }

  /**
   * Filter rules on any event: the header predicate on the raw event first; the (reused) subject is
   * pointed at the event only when a rule gets past its header predicate.
   */
  onEvent(
    raw: RawEvent,
    decoded: DecodedEvent,
    record: ProcessRecord | null,
    seq: number,
    subject: EventSubject,
  ): void {
    let ready = false;
    for (const s of this.filters) {
      const c = s.compiled;
      if (c.headerPredicate !== undefined && !c.headerPredicate(raw)) continue;
      if (!ready) {
        subject.reset(raw, decoded, record);
        ready = true;
      }
      if (!c.headerOnly && !c.remainderPredicate(subject)) continue;
      const subj = subject;
      this.raise(
        s,
        record,
        raw.ticks,
        fillTemplate(s.rule.summary ?? `${s.title}: {provider}/{event} in {process}`, subj, record),
        [seq],
        {
          provider: subj.providerName,
          event: subj.eventName,
        },
      );
    }
  }
}

function fillTemplate(template: string, subject: FilterSubject, record: ProcessRecord | null): string {
  return template.replace(/\{([A-Za-z0-9_.]+)\}/g, (whole, name: string) => {
    if (name === 'event') return subject.eventName;
    if (name === 'provider') return subject.providerName || subject.providerId;
    if (name === 'process') return who(record);
    if (name === 'pid') return String(subject.pid);
    if (name.startsWith('props.')) {
      const v = subject.prop(name.slice(6).split('.'));
      return v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return whole;
  });
}
