// `etwx summary FILE [--manifests PATH]... [--process PID|NAME|KEY]... [--json]`: the per-process view
// of a capture — the process tree with image names, then per process what it resolved, contacted
// (bytes each way, beaconing score), loaded, injected, asked WMI, ran in PowerShell and started.
// The work is electron/core/summary (Analyzer); this module only selects and prints.
import { analyzeEtlFile } from '../../core/summary/analyze-file.node.js';
import type { Analyzer, ProcessSummary, ProcessTreeNode } from '../../core/summary/index';
import { parseFlags, UsageError, type CliIo, type Command } from '../io';

const usage = `usage: etwx summary FILE [--manifests PATH]... [--process PID|NAME|KEY]... [--json]

Per-process summary of an ETL capture: the process tree (image names, pids, command lines), then for
each process the DNS names it looked up, the endpoints it talked to with bytes each way and a
beaconing score, the DLLs it loaded, threads it created in other processes, WMI operations, the
PowerShell it ran, and the processes it started. Process names come from kernel rundowns, process
start events and image loads; manifest-based providers (Kernel-Process, Kernel-Network, DNS-Client,
WMI-Activity, PowerShell) need their manifests.

options:
  --manifests P   manifest file or folder (.man/.xml, PE files with WEVT_TEMPLATE); repeatable
  --process X     only the processes with this pid, image name (any case) or key; repeatable. Their
                  summaries list every item (without --process, lists stop at 10 items and only
                  processes with network, DNS, WMI, PowerShell, remote-thread, child-process or
                  image-load activity during the trace get a section)
  --json          one JSON object: {file, events, processes (the tree), summaries, problems}`;

const SHORT_LIST = 10;

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${(value / (1024 * 1024)).toFixed(1)} MiB`;
  if (value >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${value} B`;
}

function time(iso: string | null, ticks: number | null): string {
  if (iso !== null) return iso.replace('T', ' ').replace('Z', '');
  return ticks === null ? 'before the trace' : `+${(ticks / 1e7).toFixed(3)} s`;
}

function label(p: { name: string; pid: number }): string {
  return `${p.name || '<unknown>'} (${p.pid})`;
}

function treeLines(nodes: readonly ProcessTreeNode[], out: string[]): void {
  const stack: Array<[ProcessTreeNode, number]> = nodes
    .map((node) => [node, 0] as [ProcessTreeNode, number])
    .reverse();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    const when = node.startTicks !== null ? ` started ${time(node.start, node.startTicks)}` : '';
    const ended = node.endTicks !== null ? ` exited ${time(node.end, node.endTicks)}` : '';
    const cmd = node.cmdline
      ? `  ${node.cmdline.length > 120 ? node.cmdline.slice(0, 117) + '...' : node.cmdline}`
      : node.path
        ? `  ${node.path}`
        : '';
    out.push(`${'  '.repeat(depth)}${label(node)}${when}${ended}${cmd}`);
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push([node.children[i] as ProcessTreeNode, depth + 1]);
  }
}

function limited<T>(items: readonly T[], full: boolean, line: (item: T) => string, out: string[]): void {
  const shown = full ? items : items.slice(0, SHORT_LIST);
  for (const item of shown) out.push(`    ${line(item)}`);
  if (shown.length < items.length)
    out.push(`    ... ${n(items.length - shown.length)} more (use --process to see all)`);
}

function hasActivity(s: ProcessSummary): boolean {
  return (
    s.network.length > 0 ||
    s.dns.length > 0 ||
    s.wmi.length > 0 ||
    s.children.length > 0 ||
    s.threads.createdInOtherProcesses.length > 0 ||
    s.threads.createdByOtherProcesses.length > 0 ||
    s.images.some((i) => i.loads > 0) ||
    s.powershell.scriptBlocks.length +
      s.powershell.commands.length +
      s.powershell.encodedCommands.length +
      s.powershell.errors >
      0
  );
}

function sectionLines(s: ProcessSummary, full: boolean, out: string[]): void {
  const p = s.process;
  out.push(
    '',
    `── ${label(p)}  key ${p.key} ${'─'.repeat(Math.max(4, 60 - label(p).length - p.key.length))}`,
  );
  if (p.path) out.push(`  path      ${p.path}`);
  if (p.cmdline) out.push(`  command   ${p.cmdline}`);
  const parent = s.parent
    ? label(s.parent)
    : p.ppid !== null
      ? `pid ${p.ppid} (not in the trace)`
      : 'unknown';
  const spoofed = p.parentSpoofed ? `  (created by pid ${p.creatorPid}: parent spoofed)` : '';
  out.push(
    `  parent    ${parent}${spoofed}${p.user ? `  user ${p.user}` : ''}${p.session !== null ? `  session ${p.session}` : ''}`,
  );
  out.push(
    `  lifetime  ${time(p.start, p.startTicks)} – ${p.endTicks === null ? 'end of trace' : time(p.end, p.endTicks)}${p.exitCode !== null ? `  exit code ${p.exitCode}` : ''}`,
  );
  const top = s.events.byEvent.slice(0, 3).map((e) => `${e.provider}/${e.event} ${n(e.count)}`);
  out.push(`  events    ${n(s.events.total)}${top.length ? `: ${top.join(', ')}` : ''}`);
  if (s.children.length > 0) {
    out.push(`  started ${n(s.children.length)} process(es):`);
    limited(
      s.children,
      full,
      (c) => `${label(c)} ${time(c.start, c.startTicks)}${c.cmdline ? `  ${c.cmdline}` : ''}`,
      out,
    );
  }
  if (s.dns.length > 0) {
    out.push(`  DNS lookups (${n(s.dns.length)} names):`);
    limited(
      s.dns,
      full,
      (d) =>
        `${d.name} ${d.types.join('/')}  ${d.queries} queries${d.status !== null && d.status !== 0 ? `  status ${d.status}` : ''}${d.results.length ? `  → ${d.results.join(', ')}` : ''}`,
      out,
    );
  }
  if (s.network.length > 0) {
    out.push(`  network (${n(s.network.length)} endpoints):`);
    limited(
      s.network,
      full,
      (e) => {
        const host = e.remoteAddress.includes(':') ? `[${e.remoteAddress}]` : e.remoteAddress;
        const beacon = e.beacon
          ? `  beacon score ${e.beacon.score.toFixed(2)} (${e.beacon.contacts} contacts, every ${e.beacon.medianIntervalSeconds.toFixed(1)} s)`
          : '';
        return (
          `${e.protocol} ${host}:${e.remotePort}${e.remoteHost ? ` (${e.remoteHost})` : ''}  sent ${bytes(e.bytesSent)} in ${n(e.sends)}, ` +
          `received ${bytes(e.bytesReceived)} in ${n(e.receives)}${e.connects ? `, ${e.connects} connects` : ''}${beacon}`
        );
      },
      out,
    );
  }
  if (s.images.length > 0) {
    const loaded = s.images.filter((i) => i.loads > 0);
    const shown = full ? s.images : loaded;
    out.push(
      `  images: ${n(s.images.length)} (${n(loaded.length)} loaded during the trace, ${n(s.images.filter((i) => i.rundown).length)} in rundowns)`,
    );
    limited(
      shown,
      full,
      (i) =>
        `${i.path}${i.loads > 0 ? `  loaded ${time(i.first, i.firstTicks)}` : ''}${i.unloads > 0 ? '  (unloaded)' : ''}`,
      out,
    );
  }
  const created = s.threads.createdInOtherProcesses;
  const injected = s.threads.createdByOtherProcesses;
  if (created.length > 0) {
    out.push(`  threads created in other processes (${n(created.length)}):`);
    limited(
      created,
      full,
      (t) =>
        `tid ${t.tid} in ${t.otherName || '<unknown>'} (${t.otherPid}) at ${t.startAddress || '?'}  ${time(t.time, t.ticks)}`,
      out,
    );
  }
  if (injected.length > 0) {
    out.push(`  threads created in it by other processes (${n(injected.length)}):`);
    limited(
      injected,
      full,
      (t) =>
        `tid ${t.tid} by ${t.otherName || '<unknown>'} (${t.otherPid}) at ${t.startAddress || '?'}  ${time(t.time, t.ticks)}`,
      out,
    );
  }
  if (s.wmi.length > 0) {
    out.push(`  WMI (${n(s.wmi.length)} operations):`);
    limited(
      s.wmi,
      full,
      (w) => `${w.kind} ${w.method} ${w.namespace}${w.query ? ` : ${w.query}` : ''}  x${w.count}`,
      out,
    );
  }
  const ps = s.powershell;
  if (ps.scriptBlocks.length + ps.commands.length + ps.encodedCommands.length + ps.errors > 0) {
    out.push(
      `  PowerShell: ${n(ps.scriptBlocks.length)} script blocks, ${n(ps.commands.length)} commands, ${ps.errors} errors`,
    );
    limited(ps.encodedCommands, full, (e) => `-EncodedCommand: ${e.decoded.slice(0, 200)}`, out);
    limited(
      ps.scriptBlocks,
      full,
      (b) =>
        `block ${b.id}${b.complete ? '' : ' (partial)'}: ${b.text.replace(/\s+/g, ' ').slice(0, full ? 2000 : 160)}`,
      out,
    );
    limited(ps.commands, full, (c) => `${c.name} x${c.count}`, out);
  }
  const dropped = Object.entries(s.dropped);
  if (dropped.length > 0)
    out.push(`  left out (limits): ${dropped.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
}

function selectProcesses(analyzer: Analyzer, selectors: readonly string[]): string[] {
  const keys: string[] = [];
  for (const p of analyzer.processes()) {
    const match = selectors.some((s) =>
      /^\d+$/.test(s) ? p.pid === Number(s) : p.name.toLowerCase() === s.toLowerCase() || p.key === s,
    );
    if (match) keys.push(p.key);
  }
  return keys;
}

export const summaryCommand: Command = {
  summary:
    'per-process summary of a capture: process tree, DNS, network, DLLs, remote threads, WMI, PowerShell',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { flags, bools, positionals } = parseFlags(args, {
      booleans: ['json'],
      repeatable: ['manifests', 'process'],
    });
    if (positionals.length !== 1) throw new UsageError('expects exactly one FILE');
    const file = positionals[0] as string;
    const selectors = flags.get('process') ?? [];
    const result = await analyzeEtlFile(file, flags.get('manifests') ?? []);
    const analyzer = result.analyzer;
    const selected =
      selectors.length > 0 ? selectProcesses(analyzer, selectors) : analyzer.processes().map((p) => p.key);
    if (selectors.length > 0 && selected.length === 0) {
      io.err(`etwx summary: no process matches ${selectors.map((s) => `'${s}'`).join(', ')}`);
      return 1;
    }
    const summaries = selected
      .map((key) => analyzer.summary(key))
      .filter((s): s is ProcessSummary => s !== undefined);
    for (const p of result.problems) io.err(`etwx summary: ${p}`);
    if (bools.has('json')) {
      io.out(
        JSON.stringify(
          {
            file,
            events: result.events,
            processes: analyzer.processTree(),
            summaries,
            problems: result.problems,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const views = analyzer.processes();
    const out = [
      `${file}: ${n(result.events)} events, ${n(views.length)} processes ` +
        `(${n(views.filter((v) => v.origin === 'start').length)} started and ${n(views.filter((v) => v.endTicks !== null).length)} exited during the trace)`,
      '',
      'process tree:',
    ];
    treeLines(analyzer.processTree(), out);
    const full = selectors.length > 0;
    for (const s of summaries) if (full || hasActivity(s)) sectionLines(s, full, out);
    io.out(out.join('\n'));
    return 0;
  },
};
