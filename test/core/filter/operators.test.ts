// Every operator on every field type: numbers, 64-bit keywords, provider names and GUIDs, text
// fields (event, process.*), decoded properties of every JSON type, and `any`; case rules.
import { describe, expect, it } from 'vitest';
import { KERNEL_PROCESS, matches, POWERSHELL, subject } from './subjects';

const yes = (f: string, s = subject()) => expect(matches(f, s), f).toBe(true);
const no = (f: string, s = subject()) => expect(matches(f, s), f).toBe(false);

describe('integer header fields', () => {
  const s = subject({
    id: 10,
    version: 2,
    opcode: 1,
    task: 7,
    level: 3,
    channel: 16,
    pid: 4242,
    tid: 100,
    cpu: 5,
  });
  it('compares each field with every operator', () => {
    for (const [field, v] of Object.entries({
      id: 10,
      version: 2,
      opcode: 1,
      task: 7,
      level: 3,
      channel: 16,
      pid: 4242,
      tid: 100,
      cpu: 5,
    })) {
      yes(`${field} == ${v}`, s);
      no(`${field} != ${v}`, s);
      yes(`${field} != ${v + 1}`, s);
      yes(`${field} < ${v + 1}`, s);
      no(`${field} < ${v}`, s);
      yes(`${field} <= ${v}`, s);
      yes(`${field} > ${v - 1}`, s);
      no(`${field} > ${v}`, s);
      yes(`${field} >= ${v}`, s);
      yes(`${field} in (0, ${v})`, s);
      no(`${field} in (${v + 1}, ${v + 2}, ${v + 3}, ${v + 4}, ${v + 5})`, s);
      yes(`${field} in (${v + 1}, ${v + 2}, ${v + 3}, ${v + 4}, ${v})`, s);
      yes(`${field} not in (${v + 1})`, s);
    }
  });
  it('reads hex and negative numbers', () => {
    yes('pid == 0x1092', s);
    yes('pid == -1', subject({ pid: -1 }));
    yes('pid & 0x2', s); // 4242 = 0b1000010010010
    no('pid & 0x1', s);
  });
  it('accepts level and opcode names', () => {
    yes('level == "warning"', s);
    yes('level <= "Warning"', subject({ level: 2 }));
    no('level <= "error"', s);
    yes('level in ("critical", "error", "warning")', s);
    yes('opcode == "start"', s);
    yes('opcode == "win:Start"', s);
    yes('opcode == "stop"', subject({ opcode: 2 }));
  });
});

describe('keywords (64-bit)', () => {
  const s = subject({ keywords: 0x8000000000000010n });
  it('tests bits with & and compares exactly', () => {
    yes('keywords & 0x10', s);
    yes('keywords & 0x8000000000000000', s);
    no('keywords & 0x4000000000000000', s);
    yes('keywords & 0xC000000000000000', s);
    yes('keywords == 0x8000000000000010', s);
    yes('keywords == 9223372036854775824', s);
    no('keywords == 0x10', s);
    yes('keywords != 0x10', s);
    yes('keywords > 0x7fffffffffffffff', s);
    yes('keywords >= 0x8000000000000010', s);
    no('keywords < 0x8000000000000010', s);
    yes('keywords <= 0xffffffffffffffff', s);
    yes('keywords in (1, 0x8000000000000010)', s);
    yes('not keywords & 0x20', s);
  });
});

describe('provider', () => {
  it('matches the name ignoring case', () => {
    yes('provider == "microsoft-windows-kernel-process"');
    no('provider == "Microsoft-Windows-Kernel"');
    yes('provider != "Microsoft-Windows-Kernel-Network"');
    yes('provider contains "kernel-PROC"');
    yes('provider startswith "microsoft-windows"');
    yes('provider endswith "PROCESS"');
    yes('provider matches /^Microsoft-Windows-Kernel-(Process|Network)$/');
    yes('provider in ("Microsoft-Windows-Kernel-Network", "Microsoft-Windows-Kernel-Process")');
    no('provider not in ("Microsoft-Windows-Kernel-Process")');
  });
  it('matches a GUID against the provider id, with or without braces, any case', () => {
    yes(`provider == "${KERNEL_PROCESS}"`);
    yes('provider == "{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}"');
    no('provider == "{7dd42a49-5329-4832-8dfd-43d979153a88}"');
    yes('provider != "7dd42a49-5329-4832-8dfd-43d979153a88"');
    yes('provider in ("7dd42a49-5329-4832-8dfd-43d979153a88", "22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716")');
    yes('provider startswith "22fb2cd6"');
    // A GUID never matches a name: this provider's name is not its GUID.
    no(`provider == "${KERNEL_PROCESS}"`, subject({ providerId: '7dd42a49-5329-4832-8dfd-43d979153a88' }));
  });
});

describe('text fields: event and process', () => {
  const s = subject({ eventName: 'ProcessStart', proc: POWERSHELL });
  it('ignores case by default', () => {
    yes('event == "processstart"', s);
    yes('event != "ProcessStop"', s);
    no('event != "PROCESSSTART"', s);
    yes('event contains "sSs"', s);
    yes('event startswith "PROC"', s);
    yes('event endswith "start"', s);
    yes('event in ("ProcessStop", "processSTART")', s);
    yes('event < "q"', s);
    yes('event <= "processstart"', s);
    yes('event > "A"', s);
    yes('event >= "PROCESSSTART"', s);
  });
  it('compares cs"..." exactly', () => {
    no('event == cs"processstart"', s);
    yes('event == cs"ProcessStart"', s);
    yes('event != cs"processstart"', s);
    no('event contains cs"start"', s);
    yes('event contains cs"Start"', s);
    no('event startswith cs"process"', s);
    no('event endswith cs"START"', s);
    no('event in (cs"processstart")', s);
  });
  it('follows regex flags: case-sensitive unless /i', () => {
    no('event matches /^processstart$/', s);
    yes('event matches /^processstart$/i', s);
    yes('process.cmdline matches /-enc(odedcommand)?\\s/i', s);
    no('process.cmdline matches /-enc(odedcommand)?\\s/', s);
    yes('event matches /^p.*t$/is', s);
    yes('event matches /\\p{Lu}/u', s);
  });
  it('reads every process field; without process info they match nothing', () => {
    yes('process.name == "POWERSHELL.EXE"', s);
    yes('process.path endswith "\\powershell.exe"', s);
    // A backslash right before the closing quote must be doubled.
    yes('process.path startswith "C:\\Windows\\\\"', s);
    yes('process.cmdline contains "-encodedcommand"', s);
    yes('process.parent == "winword.exe"', s);
    yes('process.ppid == 1000', s);
    yes('process.ppid in (1, 1000)', s);
    const bare = subject();
    no('process.name == "powershell.exe"', bare);
    no('process.name != "powershell.exe"', bare);
    yes('not process.name == "powershell.exe"', bare);
    no('process.ppid > 0', bare);
  });
});

describe('props', () => {
  const s = subject({
    props: {
      ProcessID: 4242,
      ImageName: 'C:\\Windows\\System32\\cmd.exe',
      Big: '18446744073709551615',
      Address: '0x7ff6a1b20000',
      Ratio: 0.25,
      Flag: true,
      Nothing: null,
      Items: [3, 5, 8],
      Names: ['alpha', 'Beta'],
      Header: { Size: 64, Kind: 'Data' },
      Status: 3221225506,
    },
  });
  it('compares numbers numerically', () => {
    yes('props.ProcessID == 4242', s);
    yes('props.ProcessID == 0x1092', s);
    yes('props.ProcessID != 1', s);
    yes('props.ProcessID > 4000 and props.ProcessID < 5000', s);
    yes('props.ProcessID >= 4242 and props.ProcessID <= 4242', s);
    yes('props.ProcessID in (1, 4242)', s);
    yes('props.ProcessID & 0x2', s);
    yes('props.Ratio < 0.5', s);
    yes('props.Status == "0xC0000022"', s);
  });
  it('compares 64-bit values carried as decimal or hex strings exactly', () => {
    yes('props.Big == 0xffffffffffffffff', s);
    no('props.Big == 18446744073709551614', s);
    yes('props.Big > 18446744073709551614', s);
    yes('props.Big & 0x8000000000000000', s);
    yes('props.Address == 0x7ff6a1b20000', s);
    yes('props.Address > 0x7ff6a1b1ffff', s);
    yes('props.Address startswith "0x7ff6"', s);
  });
  it('compares text ignoring case unless cs"..."', () => {
    yes('props.ImageName endswith "\\CMD.EXE"', s);
    yes('props.ImageName contains "system32"', s);
    no('props.ImageName contains cs"system32"', s);
    yes('props.ImageName matches /cmd\\.exe$/', s);
    yes('props.imagename == "c:\\windows\\system32\\cmd.exe"', s);
    yes('props.ImageName in ("x", "C:\\Windows\\System32\\cmd.exe")', s);
    yes('props.ProcessID contains "24"', s);
  });
  it('reads booleans, nested structs, array elements; any element of an array matches', () => {
    yes('props.Flag == 1', s);
    yes('props.Flag == "true"', s);
    yes('props.Header.Size == 64', s);
    yes('props.header.kind == "data"', s);
    yes('props.Items.1 == 5', s);
    no('props.Items.3 == 5', s);
    yes('props.Items == 8', s);
    no('props.Items == 4', s);
    yes('props.Items != 4', s);
    no('props.Items != 5', s);
    yes('props.Names == "beta"', s);
    yes('props.Names startswith "al"', s);
  });
  it('matches nothing on a missing property, null or a struct; != needs a present value', () => {
    no('props.Missing == 1', s);
    no('props.Missing != 1', s);
    yes('not props.Missing == 1', s);
    no('props.Nothing == 0', s);
    no('props.Nothing != 0', s);
    no('props.Header == "x"', s);
    no('props.ImageName > 5', s);
  });
});

describe('any', () => {
  const s = subject({
    proc: POWERSHELL,
    props: { Detail: 'Opened \\Device\\HarddiskVolume3\\evil.dll', Count: 4242 },
  });
  it('searches provider, event, process and property text', () => {
    yes('any contains "evil.dll"', s);
    yes('any contains "EVIL"', s);
    yes('any contains "kernel-process"', s);
    yes('any == "processstart"', s);
    yes('any == "winword.exe"', s);
    yes('any startswith "Opened"', s);
    yes('any endswith ".DLL"', s);
    yes('any matches /harddiskvolume\\d/i', s);
    yes('any contains 4242', s);
    yes('any in ("nope", "powershell.exe")', s);
    no('any contains "notepad"', s);
    no('any != "ProcessStart"', s);
    yes('any != "notepad.exe"', s);
    no('any contains cs"EVIL"', s);
  });
});
