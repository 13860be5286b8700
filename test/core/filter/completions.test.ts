// Autocomplete: what is offered at the cursor (fields, operators for the field's type, values for
// provider/event/level, property names after "props.", and/or) and the range a choice replaces.
import { describe, expect, it } from 'vitest';
import { completions, filterFields } from '../../../electron/core/filter/index';
import { quoteString } from '../../../electron/core/filter/completions';

const catalog = {
  providers: ['Microsoft-Windows-Kernel-Process', 'Microsoft-Windows-Kernel-Network', 'PerfView'],
  eventNames: ['ProcessStart', 'ProcessStop', 'ThreadStart'],
  propNames: ['CommandLine', 'Count', 'Header.Size', 'Odd Name'],
};
const labels = (text: string, cursor = text.length) =>
  completions(text, cursor, catalog).items.map((i) => i.label);

describe('completions', () => {
  it('offers every field at the start, in table order', () => {
    const r = completions('', 0, catalog);
    expect(r).toMatchObject({ from: 0, to: 0 });
    expect(r.items.map((i) => i.label)).toEqual([
      ...filterFields().map((f) => (f.name === 'props' ? 'props.' : f.name)),
      'not',
    ]);
    expect(r.items[0]).toMatchObject({ kind: 'field', insert: 'provider' });
  });
  it('completes a partial field and replaces the whole word under the cursor', () => {
    expect(labels('pro')).toEqual([
      'process.cmdline',
      'process.name',
      'process.parent',
      'process.path',
      'process.ppid',
      'props.',
      'provider',
    ]);
    expect(labels('id == 1 and process.')).toEqual([
      'process.cmdline',
      'process.name',
      'process.parent',
      'process.path',
      'process.ppid',
    ]);
    const mid = completions('levxx == 1', 3, catalog);
    expect(mid).toMatchObject({ from: 0, to: 5 });
    expect(mid.items.map((i) => i.label)).toEqual(['level']);
  });
  it('offers property names after props., quoting odd names', () => {
    const r = completions('id == 1 and props.Co', 20, catalog);
    expect(r).toMatchObject({ from: 12, to: 20 });
    expect(r.items.map((i) => i.insert)).toEqual(['props.CommandLine', 'props.Count']);
    expect(completions('props.', 6, catalog).items.map((i) => i.insert)).toEqual([
      'props.CommandLine',
      'props.Count',
      'props.Header.Size',
      'props."Odd Name"',
    ]);
    expect(labels('props.size')).toEqual(['Header.Size']);
  });
  it("offers the operators of the field's type", () => {
    expect(labels('pid ')).toEqual(['==', '!=', '<', '<=', '>', '>=', 'in', '&']);
    expect(labels('provider ')).toEqual(['==', '!=', 'contains', 'startswith', 'endswith', 'matches', 'in']);
    expect(labels('time ')).toEqual(['==', '!=', '<', '<=', '>', '>=', 'in']);
    expect(labels('event st')).toEqual(['startswith']);
    expect(labels('props.X con')).toEqual(['contains']);
    expect(labels('event not ')).toEqual(['contains', 'startswith', 'endswith', 'matches', 'in']);
  });
  it('offers provider names inside a half-typed string, prefix matches first then substrings', () => {
    const r = completions('provider == "micro', 18, catalog);
    expect(r).toMatchObject({ from: 12, to: 18 });
    expect(r.items.map((i) => i.insert)).toEqual([
      '"Microsoft-Windows-Kernel-Network"',
      '"Microsoft-Windows-Kernel-Process"',
    ]);
    expect(labels('provider == "process')).toEqual(['Microsoft-Windows-Kernel-Process']);
    expect(labels('provider == ')).toEqual(catalog.providers);
    // The closing quote after the cursor is part of what a choice replaces.
    expect(completions('provider == "Perf" and id == 1', 17, catalog)).toMatchObject({ from: 12, to: 18 });
  });
  it('offers event names, also inside in (...) lists, and level names', () => {
    expect(labels('event == "Process')).toEqual(['ProcessStart', 'ProcessStop']);
    expect(labels('event in ("ProcessStart", "Thr')).toEqual(['ThreadStart']);
    expect(labels('event in ("ProcessStart", ')).toEqual(['ProcessStart', 'ProcessStop', 'ThreadStart']);
    expect(labels('level <= "w')).toEqual(['warning']);
    expect(labels('id == ')).toEqual([]);
  });
  it('offers and/or after a comparison, and ) inside parentheses', () => {
    expect(labels('id == 1 ')).toEqual(['and', 'or']);
    expect(labels('(id == 1 ')).toEqual(['and', 'or', ')']);
    expect(labels('id == 1 o')).toEqual(['or']);
    expect(labels('id in (1')).toEqual([',', ')']);
    expect(labels('id in (1 ')).toEqual([',', ')']);
    expect(labels('id in ')).toEqual(['(']);
  });
  it('writes string literals the lexer reads back', () => {
    expect(quoteString('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteString('C:\\Windows\\')).toBe('"C:\\Windows\\\\"');
    expect(quoteString('a\\"b')).toBe('"a\\\\\\"b"');
  });
});
