// Grammar: precedence (not > and > or), parentheses, keyword spellings, literals and paths, shown
// as S-expressions of the parsed tree.
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../electron/core/filter/index';
import type { Expr, Literal } from '../../../electron/core/filter/ast';

const lit = (l: Literal) =>
  l.kind === 'string'
    ? `${l.caseSensitive ? 'cs' : ''}"${l.value}"`
    : l.kind === 'number'
      ? `${l.text}${l.unit ?? ''}`
      : `/${l.source}/${l.flags}`;

function show(e: Expr): string {
  switch (e.kind) {
    case 'compare': {
      const name = e.field.info.type === 'props' ? `props[${e.field.path.join('|')}]` : e.field.info.name;
      return `${name} ${e.negated ? 'not ' : ''}${e.op} ${e.values.map(lit).join(',')}`;
    }
    case 'not':
      return `(not ${show(e.operand)})`;
    default:
      return `(${e.kind} ${e.items.map(show).join(' ; ')})`;
  }
}

function tree(text: string): string {
  const r = parseFilter(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value === undefined ? '<all>' : show(r.value);
}

describe('precedence and grouping', () => {
  it('and binds tighter than or', () => {
    expect(tree('id == 1 or id == 2 and level == 3')).toBe('(or id == 1 ; (and id == 2 ; level == 3))');
    expect(tree('id == 1 and id == 2 or level == 3')).toBe('(or (and id == 1 ; id == 2) ; level == 3)');
  });
  it('not binds tighter than and', () => {
    expect(tree('not id == 1 and level == 3')).toBe('(and (not id == 1) ; level == 3)');
    expect(tree('not not id == 1')).toBe('(not (not id == 1))');
  });
  it('parentheses override precedence', () => {
    expect(tree('(id == 1 or id == 2) and level == 3')).toBe('(and (or id == 1 ; id == 2) ; level == 3)');
    expect(tree('not (id == 1 or id == 2)')).toBe('(not (or id == 1 ; id == 2))');
    expect(tree('((((id == 1))))')).toBe('id == 1');
  });
  it('flattens chains of the same connective', () => {
    expect(tree('id == 1 or (id == 2 or id == 3) or id == 4')).toBe(
      '(or id == 1 ; id == 2 ; id == 3 ; id == 4)',
    );
  });
  it('accepts AND/Or/NOT in any case and &&, ||, !, = as aliases', () => {
    expect(tree('id == 1 AND NOT level == 2 Or pid == 3')).toBe(
      '(or (and id == 1 ; (not level == 2)) ; pid == 3)',
    );
    expect(tree('id = 1 && !(level == 2) || pid == 3')).toBe(
      '(or (and id == 1 ; (not level == 2)) ; pid == 3)',
    );
  });
  it('an empty or blank filter matches everything', () => {
    expect(tree('')).toBe('<all>');
    expect(tree('   \t')).toBe('<all>');
  });
});

describe('comparisons and literals', () => {
  it('reads every operator', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>=', '&']) expect(tree(`id ${op} 1`)).toBe(`id ${op} 1`);
    for (const op of ['contains', 'startswith', 'endswith'])
      expect(tree(`event ${op} "x"`)).toBe(`event ${op} "x"`);
    expect(tree('event MATCHES /a\\/b[/]c/im')).toBe('event matches /a\\/b[/]c/im');
    expect(tree('id in (1, 0x2, -3)')).toBe('id in 1,0x2,-3');
    expect(tree('event not in ("a", \'b\')')).toBe('event not in "a","b"');
    expect(tree('event not contains "a"')).toBe('event not contains "a"');
  });
  it('reads field names case-insensitively and keeps property paths as written', () => {
    expect(tree('PID == 1')).toBe('pid == 1');
    expect(tree('Process.Name == "a"')).toBe('process.name == "a"');
    expect(tree('props.Header.Size > 0')).toBe('props[Header|Size] > 0');
    expect(tree('props.Items.0 == 1')).toBe('props[Items|0] == 1');
    expect(tree('props."Odd name".x == 1')).toBe('props[Odd name|x] == 1');
  });
  it('reads strings, case-sensitive strings, escapes, numbers and durations', () => {
    expect(tree('event == cs"Start"')).toBe('event == cs"Start"');
    expect(tree('event == "say \\"hi\\""')).toBe('event == "say "hi""');
    // Only \\ \" \' are escapes: Windows paths work as typed.
    expect(tree('process.path == "C:\\Windows\\temp"')).toBe('process.path == "C:\\Windows\\temp"');
    expect(tree('process.path == "C:\\\\"')).toBe('process.path == "C:\\"');
    expect(tree('time > 12.5s')).toBe('time > 12.5s');
    expect(tree('time < 250ms')).toBe('time < 250ms');
    expect(tree('keywords & 0X8000000000000000')).toBe('keywords & 0X8000000000000000');
  });
  it('records source positions of fields, operators and literals', () => {
    const r = parseFilter('  pid  >=  0x10');
    expect(r.ok).toBe(true);
    if (!r.ok || r.value?.kind !== 'compare') return;
    expect([r.value.field.offset, r.value.field.length]).toEqual([2, 3]);
    expect([r.value.opOffset, r.value.opLength]).toEqual([7, 2]);
    expect([r.value.values[0]?.offset, r.value.values[0]?.length]).toEqual([11, 4]);
  });
});
