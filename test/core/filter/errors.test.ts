// Bad filters give { message, offset, length } pointing at the offending characters, never a throw:
// unknown fields (with suggestions), unterminated literals, bad regexes and numbers, type
// mismatches, misplaced tokens, and random or deeply nested text.
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../electron/core/filter/index';

const START = { startFileTime: 132066432000000000n };

/** [filter, offset, length, part of the message] */
const CASES: [string, number, number, string][] = [
  ['provdier == "x"', 0, 8, 'did you mean provider?'],
  ['proces.name == "x"', 0, 11, 'did you mean process.name?'],
  ['CommandLine contains "x"', 0, 11, 'props.CommandLine'],
  ['id == "abc', 6, 4, 'unterminated string'],
  ['event matches /abc', 14, 4, 'unterminated regular expression'],
  ['props.X matches /(/', 16, 3, 'bad regular expression: Unterminated group'],
  ['event matches /x/g', 14, 4, "flag 'g' is not supported"],
  ['pid contains "x"', 4, 8, "'pid' is a number: 'contains' does not apply"],
  ['keywords startswith "0x"', 9, 10, "'keywords' is a 64-bit number"],
  ['event & 1', 6, 1, "'event' is text: '&' does not apply"],
  ['provider < "a"', 9, 1, "'<' does not apply"],
  ['time contains "12"', 5, 8, "'time' is a time"],
  ['id == "5"', 6, 3, 'write it without quotes'],
  ['event == 5', 9, 1, 'put the value in quotes'],
  ['process.name matches "x"', 21, 3, "'matches' takes a regular expression"],
  ['event == /x/', 9, 3, "goes with 'matches'"],
  ['level == "loud"', 9, 6, 'unknown level name "loud"'],
  ['id == 70000', 6, 5, 'out of range'],
  ['level == 1.5', 9, 3, 'whole numbers'],
  ['id == 1s', 6, 2, 'duration'],
  ['time > 12', 7, 2, 'needs a unit'],
  ['time > "25:00:00"', 7, 10, 'not a time of day'],
  ['id == 0xZZ', 6, 4, 'not a number'],
  ['id == 12abc', 6, 5, 'not a number'],
  ['id == ', 6, 0, 'expected a value'],
  ['id ==', 5, 0, 'expected a value'],
  ['id', 2, 0, 'expected an operator'],
  ['id 5', 3, 1, 'expected an operator'],
  ['(id == 1', 0, 1, "unclosed '('"],
  ['id == 1)', 7, 1, "unmatched ')'"],
  ['id == 1 level == 2', 8, 5, "expected 'and' or 'or'"],
  ['id == 1 and', 11, 0, 'expected a field'],
  ['and id == 1', 0, 3, 'expected a field'],
  ['id in ()', 6, 2, 'empty list'],
  ['id in (1, 2', 6, 1, "unclosed '('"],
  ['id in 1', 6, 1, "expected '('"],
  ['id in (1 2)', 9, 1, "expected ',' or ')'"],
  ['()', 0, 2, 'empty parentheses'],
  ['id == 1 @ 2', 8, 1, "unexpected character '@'"],
  ['props. == 1', 0, 6, 'expected a property name'],
  ['props == 1', 0, 5, 'expected a property name'],
  ['event == Start', 9, 5, 'put text in quotes'],
  ['provider == "x" or', 18, 0, 'expected a field'],
];

describe('errors point at the offending token', () => {
  for (const [text, offset, length, message] of CASES) {
    it(text, () => {
      const r = compileFilter(text, START);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('PARSE_ERROR');
      expect(r.error.message).toContain(message);
      expect([r.error.offset, r.error.length]).toEqual([offset, length]);
    });
  }
});

describe('never throws', () => {
  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}id == 1${')'.repeat(5000)}`;
    const r = compileFilter(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('nested more than');
    const nots = compileFilter(`${'not '.repeat(5000)}id == 1`);
    expect(nots.ok).toBe(false);
    expect(compileFilter(`${'('.repeat(100)}id == 1${')'.repeat(100)}`).ok).toBe(true);
  });

  it('returns a value for random filter-like text', () => {
    const pieces = [
      'id',
      'props.A',
      'provider',
      'time',
      'any',
      '==',
      '<',
      '&',
      'in',
      'not',
      'and',
      'or',
      '(',
      ')',
      ',',
      '"x',
      '"y"',
      '/a(/',
      '/b/i',
      '0x1',
      '-',
      '12.5s',
      'cs"',
      '.',
      '@',
      'contains',
      'matches',
      '\\',
      "'",
      ' ',
    ];
    let seed = 7;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const n = 1 + (next() % 8);
      let text = '';
      for (let j = 0; j < n; j++) text += `${pieces[next() % pieces.length]}${next() % 2 ? ' ' : ''}`;
      const r = compileFilter(text, START);
      if (r.ok) accepted++;
      else {
        expect(r.error.offset).toBeGreaterThanOrEqual(0);
        expect(r.error.offset + r.error.length).toBeLessThanOrEqual(text.length);
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
