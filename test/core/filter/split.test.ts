// The header/full split: what the pipeline may decide on raw records before decoding, what needs
// decoded props or process info, and that header predicate + remainder always agree with the full
// filter. The header predicate runs on a RawEvent-shaped object with a provider-name resolver.
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import { RecordKind } from '../../../electron/core/events/raw-event';
import type { FilterSubject } from '../../../electron/core/filter/index';
import { compiled, KERNEL_PROCESS, POWERSHELL, subject } from './subjects';

const NETWORK = '7dd42a49-5329-4832-8dfd-43d979153a88';
const names: Record<string, string> = {
  [KERNEL_PROCESS]: 'Microsoft-Windows-Kernel-Process',
  [NETWORK]: 'Microsoft-Windows-Kernel-Network',
};
const env = { providerName: (id: string) => names[id] };

function rawEvent(over: Partial<RawEvent> = {}): RawEvent {
  return {
    kind: RecordKind.EventHeader,
    headerType: 0x13,
    pointerSize: 8,
    ticks: 0,
    cpu: 0,
    pid: 4242,
    tid: 100,
    providerId: KERNEL_PROCESS,
    id: 1,
    version: 0,
    channel: 16,
    level: 4,
    opcode: 1,
    task: 1,
    keywords: 0x10n,
    flags: 0,
    group: -1,
    activityId: '',
    ext: [],
    payload: new Uint8Array(0),
    bufferOffset: 0,
    recordOffset: 0,
    ...over,
  };
}

describe('header-only filters', () => {
  it('need no props, process or event name, and the header predicate is the whole filter', () => {
    const f = compiled(
      'provider == "Microsoft-Windows-Kernel-Process" and id in (1, 2) and keywords & 0x10 and level <= 4',
      env,
    );
    expect(f).toMatchObject({
      headerOnly: true,
      needsProps: false,
      needsProcess: false,
      needsEventName: false,
    });
    expect(f.fieldsUsed).toEqual(['provider', 'id', 'keywords', 'level']);
    expect(f.headerPredicate?.(rawEvent())).toBe(true);
    expect(f.headerPredicate?.(rawEvent({ providerId: NETWORK }))).toBe(false);
    expect(f.headerPredicate?.(rawEvent({ keywords: 0x20n }))).toBe(false);
    expect(f.remainderPredicate(subject())).toBe(true);
  });
  it('take provider names from the resolver; an unknown provider matches no name', () => {
    const f = compiled('provider startswith "microsoft-windows-kernel"', env);
    expect(f.headerPredicate?.(rawEvent())).toBe(true);
    expect(f.headerPredicate?.(rawEvent({ providerId: NETWORK }))).toBe(true);
    expect(f.headerPredicate?.(rawEvent({ providerId: '00000000-0000-0000-0000-000000000001' }))).toBe(false);
    // Names learned later are used (unknown answers are not cached).
    const late: Record<string, string> = {};
    const g = compiled('provider == "Late-Provider"', { providerName: (id) => late[id] });
    const id = '11111111-2222-3333-4444-555555555555';
    expect(g.headerPredicate?.(rawEvent({ providerId: id }))).toBe(false);
    late[id] = 'Late-Provider';
    expect(g.headerPredicate?.(rawEvent({ providerId: id }))).toBe(true);
  });
  it('match provider GUIDs without any resolver', () => {
    const f = compiled('provider == "{22FB2CD6-0E7B-422B-A0C7-2FAD1FD0E716}" or provider == "x"');
    expect(f.headerPredicate?.(rawEvent())).toBe(true);
    expect(f.headerPredicate?.(rawEvent({ providerId: NETWORK }))).toBe(false);
  });
  it('the empty filter accepts everything without a header predicate', () => {
    const f = compiled('');
    expect(f.headerPredicate).toBeUndefined();
    expect(f.headerOnly).toBe(true);
    expect(f.fullPredicate(subject())).toBe(true);
  });
});

describe('mixed filters', () => {
  it('and: the header part drops early, the remainder checks the rest', () => {
    const f = compiled('id == 1 and process.name == "powershell.exe" and level <= 3', env);
    expect(f).toMatchObject({
      headerOnly: false,
      needsProps: false,
      needsProcess: true,
      needsEventName: false,
    });
    expect(f.headerPredicate?.(rawEvent({ id: 1, level: 3 }))).toBe(true);
    expect(f.headerPredicate?.(rawEvent({ id: 2, level: 3 }))).toBe(false);
    expect(f.headerPredicate?.(rawEvent({ id: 1, level: 4 }))).toBe(false);
    // The remainder assumes the header passed: it only looks at the process.
    expect(f.remainderPredicate(subject({ id: 99, level: 5, proc: POWERSHELL }))).toBe(true);
    expect(f.fullPredicate(subject({ id: 99, level: 5, proc: POWERSHELL }))).toBe(false);
    expect(f.fullPredicate(subject({ id: 1, level: 3, proc: POWERSHELL }))).toBe(true);
  });
  it('or: a header condition only when every branch has one', () => {
    expect(compiled('id == 1 or props.X == 2').headerPredicate).toBeUndefined();
    const f = compiled('(id == 1 and props.X == 2) or (id == 2 and event == "E")');
    expect(f.headerPredicate?.(rawEvent({ id: 1 }))).toBe(true);
    expect(f.headerPredicate?.(rawEvent({ id: 2 }))).toBe(true);
    expect(f.headerPredicate?.(rawEvent({ id: 3 }))).toBe(false);
    expect(f).toMatchObject({ needsProps: true, needsEventName: true, needsProcess: false });
  });
  it('not: only a fully header operand gives a header condition', () => {
    expect(compiled('not (id == 1 and props.X == 2)').headerPredicate).toBeUndefined();
    const f = compiled('not (id == 1 or level == 2) and props.X == 2');
    expect(f.headerPredicate?.(rawEvent({ id: 1 }))).toBe(false);
    expect(f.headerPredicate?.(rawEvent({ id: 3, level: 4 }))).toBe(true);
  });
  it('props-only filters need props and have no header predicate', () => {
    const f = compiled('props.CommandLine contains "-enc"');
    expect(f).toMatchObject({ headerOnly: false, needsProps: true, needsProcess: false });
    expect(f.headerPredicate).toBeUndefined();
    expect(f.fieldsUsed).toEqual(['props.CommandLine']);
  });
  it('any needs everything', () => {
    expect(compiled('any contains "x"')).toMatchObject({
      needsProps: true,
      needsProcess: true,
      needsEventName: true,
    });
  });
});

describe('header predicate + remainder agree with the full filter', () => {
  const FILTERS = [
    'id == 1 and props.X > 1',
    'id in (1, 2) and (props.X == 1 or level == 2)',
    '(id == 1 and props.X == 2) or (level == 3 and not props.X == 1)',
    'not (id == 3) and process.name == "powershell.exe" and keywords & 0x10',
    'provider == "Microsoft-Windows-Kernel-Network" or event == "B" and level < 3',
    'level >= 2 and not (props.X == 1 or pid == 7)',
  ];
  const subjects: FilterSubject[] = [];
  for (const id of [1, 2, 3])
    for (const level of [2, 3, 4])
      for (const x of [0, 1, 2, undefined])
        for (const providerId of [KERNEL_PROCESS, NETWORK])
          for (const eventName of ['A', 'B'])
            subjects.push(
              subject({
                id,
                level,
                providerId,
                providerName: names[providerId],
                eventName,
                pid: id === 3 ? 7 : 4242,
                keywords: level === 4 ? 0x20n : 0x10n,
                proc: id === 2 ? POWERSHELL : undefined,
                props: x === undefined ? {} : { X: x },
              }),
            );
  for (const text of FILTERS) {
    it(text, () => {
      const f = compiled(text, env);
      let kept = 0;
      for (const s of subjects) {
        const staged = (f.headerPredicate?.(s) ?? true) && f.remainderPredicate(s);
        expect(staged, JSON.stringify({ id: s.id, level: s.level, x: s.prop(['X']) })).toBe(
          f.fullPredicate(s),
        );
        if (staged) kept++;
      }
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(subjects.length);
    });
  }
});
