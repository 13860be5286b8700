// `etwx alerts` through runCli: built-in rules on a real capture, a user rule file (filter rule with
// evidence event numbers that point at the right events), JSON output, and rule-file errors with
// their JSON path.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/etwx';
import type { CliIo } from '../../electron/cli/io';
import { fixture } from '../core/etl/fixture-paths';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function ruleFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'etwx-alerts-'));
  const path = join(dir, 'rules.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const PROCESS_ETL = fixture('etl/tx/Process.etl');
const KERNEL_PROCESS_W7 = fixture('manifests/windows7-dump/Microsoft-Windows-Kernel-Process.xml');

describe('etwx alerts', () => {
  it('evaluates the built-in rules (no alerts on a benign capture)', async () => {
    const r = await run(['alerts', fixture('etl/airbus/ShutdownPerfDiagLogger.etl')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `${fixture('etl/airbus/ShutdownPerfDiagLogger.etl')}: 17,078 events, 0 alert(s); rules: exfiltration, beaconing, cross-process-thread, powershell-suspicious, etw-tampering`,
    );
  });

  it('adds filter rules from --rules; evidence numbers are event positions as in etwx dump', async () => {
    const rules = ruleFile({
      version: 1,
      rules: [
        {
          id: 'devenv-start',
          type: 'filter',
          severity: 'low',
          title: 'Visual Studio started',
          filter: 'event == "ProcessStart" and props.ImageName endswith "devenv.exe"',
          summary: '{process} started {props.ImageName}',
        },
      ],
    });
    const r = await run(['alerts', PROCESS_ETL, '--manifests', KERNEL_PROCESS_W7, '--rules', rules]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '1 alert(s); rules: exfiltration, beaconing, cross-process-thread, powershell-suspicious, etw-tampering, devenv-start',
    );
    expect(r.out).toContain('[low] 2010-10-29 19:08:00.7281303  devenv-start: Visual Studio started');
    expect(r.out).toContain(
      '<unknown> (pid 3324) started \\Device\\HarddiskVolume2\\Program Files (x86)\\Microsoft Visual Studio 10.0\\Common7\\IDE\\devenv.exe',
    );
    const evidence = /evidence: event (\d+)/.exec(r.out)?.[1];
    const dump = await run([
      'dump',
      PROCESS_ETL,
      '--manifests',
      KERNEL_PROCESS_W7,
      '--limit',
      String(Number(evidence) + 1),
    ]);
    const lines = dump.out.trimEnd().split('\n');
    expect(JSON.parse(lines[lines.length - 1] as string)).toMatchObject({
      event: { name: 'ProcessStart' },
      props: { ProcessID: 5864 },
    });
  });

  it('writes JSON with --json', async () => {
    const rules = ruleFile({
      version: 1,
      builtins: false,
      rules: [{ id: 'stops', type: 'filter', filter: 'event == "ProcessStop_V1"' }],
    });
    const r = await run([
      'alerts',
      PROCESS_ETL,
      '--manifests',
      KERNEL_PROCESS_W7,
      '--rules',
      rules,
      '--json',
    ]);
    const j = JSON.parse(r.out);
    expect(j.rules).toEqual(['stops']);
    expect(j.alerts.map((a: { pid: number }) => a.pid)).toEqual([5380, 4492, 2880, 5864]);
    expect(j.alerts[0]).toMatchObject({
      ruleId: 'stops',
      severity: 'medium',
      title: 'stops',
      time: '2010-10-29T19:08:24.3641054Z',
      evidence: [expect.any(Number)],
    });
    expect(j.suppressed).toEqual({});
  });

  it('reports rule-file problems with their JSON path and exits 1', async () => {
    const rules = ruleFile({
      version: 1,
      rules: [{ id: 'x', type: 'powershell', patterns: [{ name: 'p', regex: '(' }] }],
    });
    const r = await run(['alerts', PROCESS_ETL, '--rules', rules]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^etwx alerts: .*rules\.json: rules\[0\]\.patterns\[0\]\.regex: invalid regular expression/,
    );
    const broken = await run(['alerts', PROCESS_ETL, '--rules', ruleFile('{"version": 1, "rules": [}')]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/rules\.json: line 1, column 26: not valid JSON/);
    const missing = await run(['alerts', PROCESS_ETL, '--rules', '/nonexistent/rules.json']);
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining('/nonexistent/rules.json') });
  });
});
