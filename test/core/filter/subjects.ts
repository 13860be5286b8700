// Test helper: builds FilterSubjects from plain data (decoded props as an EventJson-style object,
// optional process info) with every header field defaulted, and compiles filters that must be valid.
import { expect } from 'vitest';
import type { PropValue } from '../../../electron/common/model/event';
import {
  compileFilter,
  propAt,
  type CompiledFilter,
  type FilterEnv,
  type FilterSubject,
  type ProcessInfo,
} from '../../../electron/core/filter/index';

export const KERNEL_PROCESS = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';

export interface SubjectInit extends Partial<Omit<FilterSubject, 'prop' | 'process' | 'anyText'>> {
  props?: { [name: string]: PropValue };
  proc?: ProcessInfo;
}

/** Every string value inside props (what the pipeline's anyText yields). */
function* propTexts(v: PropValue): Generator<string> {
  if (v === null) return;
  if (Array.isArray(v)) for (const e of v) yield* propTexts(e);
  else if (typeof v === 'object') for (const e of Object.values(v)) yield* propTexts(e);
  else yield String(v);
}

export function subject(init: SubjectInit = {}): FilterSubject {
  const { props = {}, proc, ...header } = init;
  return {
    providerId: KERNEL_PROCESS,
    providerName: 'Microsoft-Windows-Kernel-Process',
    eventName: 'ProcessStart',
    id: 1,
    version: 0,
    opcode: 1,
    task: 1,
    level: 4,
    keywords: 0x8000000000000010n,
    channel: 16,
    pid: 4242,
    tid: 100,
    cpu: 0,
    ticks: 0,
    ...header,
    prop: (path) => propAt(props, path),
    process: proc ? () => proc : undefined,
    anyText: () => propTexts(props),
  };
}

export const POWERSHELL: ProcessInfo = {
  name: 'powershell.exe',
  path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  cmdline: 'powershell.exe -EncodedCommand SQBFAFgA',
  parent: 'WINWORD.EXE',
  ppid: 1000,
};

/** Compiles `text`, failing the test with the error message when it does not compile. */
export function compiled(text: string, env: FilterEnv = {}): CompiledFilter {
  const r = compileFilter(text, env);
  if (!r.ok) expect.fail(`${text}: ${r.error.message} at ${r.error.offset}`);
  return r.value;
}

/** The full predicate of `text` applied to one subject. */
export function matches(text: string, s: FilterSubject, env: FilterEnv = {}): boolean {
  return compiled(text, env).fullPredicate(s);
}
