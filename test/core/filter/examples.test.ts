// The filters the filter bar, the CLI and the docs show as examples: each must compile and select
// exactly the events it says.
import { describe, expect, it } from 'vitest';
import { isoToFileTime } from '../../../electron/common/time';
import { compiled, KERNEL_PROCESS, matches, POWERSHELL, subject } from './subjects';

const START = isoToFileTime('2019-07-04T12:00:00Z') as bigint;
const env = {
  startFileTime: START,
  providerName: (id: string) => (id === KERNEL_PROCESS ? 'Microsoft-Windows-Kernel-Process' : undefined),
};
const SECOND = 10_000_000;

describe('documented examples', () => {
  it('provider == "Microsoft-Windows-Kernel-Process" and id in (1, 2)', () => {
    const f = 'provider == "Microsoft-Windows-Kernel-Process" and id in (1, 2)';
    expect(matches(f, subject({ id: 1 }))).toBe(true);
    expect(matches(f, subject({ id: 2 }))).toBe(true);
    expect(matches(f, subject({ id: 3 }))).toBe(false);
    expect(matches(f, subject({ providerName: 'Microsoft-Windows-Kernel-Network' }))).toBe(false);
    const c = compiled(f, env);
    expect(c.headerOnly).toBe(true);
    expect(c.headerPredicate?.(subject({ id: 2 }))).toBe(true);
    expect(c.headerPredicate?.(subject({ providerId: '7dd42a49-5329-4832-8dfd-43d979153a88' }))).toBe(false);
  });

  it('process.name contains "powershell" or props.CommandLine matches /-enc(odedcommand)?\\s/i', () => {
    const f = 'process.name contains "powershell" or props.CommandLine matches /-enc(odedcommand)?\\s/i';
    expect(matches(f, subject({ proc: POWERSHELL }))).toBe(true);
    expect(matches(f, subject({ props: { CommandLine: 'pwsh.exe -ENC SQBFAFgA' } }))).toBe(true);
    expect(matches(f, subject({ props: { CommandLine: 'cmd /c powershell -EncodedCommand x' } }))).toBe(true);
    expect(matches(f, subject({ props: { CommandLine: 'cmd /c dir -encrypt' } }))).toBe(false);
    expect(matches(f, subject({ proc: { ...POWERSHELL, name: 'cmd.exe' } }))).toBe(false);
    expect(compiled(f).headerPredicate).toBeUndefined();
  });

  it('level <= 3 and not (opcode == 0)', () => {
    const f = 'level <= 3 and not (opcode == 0)';
    expect(matches(f, subject({ level: 3, opcode: 1 }))).toBe(true);
    expect(matches(f, subject({ level: 2, opcode: 0 }))).toBe(false);
    expect(matches(f, subject({ level: 4, opcode: 1 }))).toBe(false);
  });

  it('keywords & 0x10', () => {
    expect(matches('keywords & 0x10', subject({ keywords: 0x10n }))).toBe(true);
    expect(matches('keywords & 0x10', subject({ keywords: 0x8000000000000030n }))).toBe(true);
    expect(matches('keywords & 0x10', subject({ keywords: 0x8000000000000020n }))).toBe(false);
  });

  it('pid == 4242 and time > "12:04:31.5"', () => {
    const f = 'pid == 4242 and time > "12:04:31.5"';
    const at = (seconds: number) => Math.round(seconds * SECOND);
    expect(matches(f, subject({ pid: 4242, ticks: at(4 * 60 + 31.6) }), env)).toBe(true);
    expect(matches(f, subject({ pid: 4242, ticks: at(4 * 60 + 31.5) }), env)).toBe(false);
    expect(matches(f, subject({ pid: 4243, ticks: at(600) }), env)).toBe(false);
  });
});
