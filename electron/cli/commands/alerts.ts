// `etwx alerts FILE [--manifests PATH]... [--rules FILE] [--json]`: evaluates the alert rules (the
// built-in ones and a user rule file, docs/alert-rules.md) over a capture and prints the alerts with
// the event numbers that prove them (the event index in `etwx dump` order, header = 0).
import { readFile } from 'node:fs/promises';
import { analyzeEtlFile } from '../../core/summary/analyze-file.node.js';
import { formatRuleFileErrors, parseRuleFile, resolveRules, type RuleFile } from '../../core/summary/index';
import { parseFlags, UsageError, type CliIo, type Command } from '../io';

const usage = `usage: etwx alerts FILE [--manifests PATH]... [--rules FILE] [--json]

Evaluates alert rules over an ETL capture: the built-in rules (large upload to one endpoint,
beaconing, thread created in another process, suspicious PowerShell, ETW session stopped or provider
disabled) and the rules of --rules, a JSON file described in docs/alert-rules.md (it can add filter-
expression rules, change thresholds, or switch rules off). Each alert names its rule, severity,
process and time, and the events behind it by number (their position in \`etwx dump\` output).

options:
  --manifests P   manifest file or folder (.man/.xml, PE files with WEVT_TEMPLATE); repeatable
  --rules F       alert rule file (JSON); problems are reported with their JSON path
  --json          one JSON object: {file, events, rules, alerts, suppressed, problems}`;

async function loadRules(path: string, io: CliIo): Promise<RuleFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    io.err(`etwx alerts: ${path}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  const parsed = parseRuleFile(text);
  if (!parsed.ok) {
    io.err(
      formatRuleFileErrors(parsed.errors)
        .split('\n')
        .map((line) => `etwx alerts: ${path}: ${line}`)
        .join('\n'),
    );
    return null;
  }
  return parsed.value;
}

export const alertsCommand: Command = {
  summary:
    'evaluate alert rules (exfiltration, beaconing, remote threads, PowerShell, ETW tampering, filters)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { flags, bools, positionals } = parseFlags(args, {
      booleans: ['json'],
      strings: ['rules'],
      repeatable: ['manifests'],
    });
    if (positionals.length !== 1) throw new UsageError('expects exactly one FILE');
    const file = positionals[0] as string;
    const rulesPath = flags.get('rules')?.[0];
    let rules: RuleFile | undefined;
    if (rulesPath !== undefined) {
      const loaded = await loadRules(rulesPath, io);
      if (loaded === null) return 1;
      rules = loaded;
    }
    const result = await analyzeEtlFile(file, flags.get('manifests') ?? [], rules ? { rules } : {});
    const analyzer = result.analyzer;
    const alerts = analyzer.alerts();
    const ruleIds = resolveRules(rules).map((r) => r.id);
    for (const p of result.problems) io.err(`etwx alerts: ${p}`);
    if (bools.has('json')) {
      io.out(
        JSON.stringify(
          {
            file,
            events: result.events,
            rules: ruleIds,
            alerts,
            suppressed: analyzer.suppressedAlerts(),
            problems: result.problems,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const out = [
      `${file}: ${result.events.toLocaleString('en-US')} events, ${alerts.length} alert(s); rules: ${ruleIds.join(', ')}`,
    ];
    for (const a of alerts) {
      const when = a.time ? a.time.replace('T', ' ').replace('Z', '') : `+${(a.ticks / 1e7).toFixed(3)} s`;
      out.push('', `[${a.severity}] ${when}  ${a.ruleId}: ${a.title}`, `  ${a.summary}`);
      if (a.evidence.length > 0) out.push(`  evidence: event ${a.evidence.join(', ')}`);
    }
    const suppressed = Object.entries(analyzer.suppressedAlerts());
    if (suppressed.length > 0)
      out.push(
        '',
        `suppressed (rule limits): ${suppressed.map(([id, count]) => `${id} ${count}`).join(', ')}`,
      );
    io.out(out.join('\n'));
    return 0;
  },
};
