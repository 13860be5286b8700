// Rule files: the built-in rules and the examples in docs/alert-rules.md are valid; every kind of
// mistake is reported with the JSON path (or line and column for broken JSON) and a readable reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_RULES,
  formatRuleFileErrors,
  parseRuleFile,
  resolveRules,
  validateRuleFile,
} from '../../../electron/core/summary/index';
import { jsonSyntaxError } from '../../../electron/core/summary/rules/json-position';

const DOC = readFileSync(new URL('../../../docs/alert-rules.md', import.meta.url), 'utf8');

function errorsOf(json: unknown): string[] {
  const r = typeof json === 'string' ? parseRuleFile(json) : validateRuleFile(json);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('rule files', () => {
  it('accepts the built-in rules and every JSON example of docs/alert-rules.md', () => {
    expect(validateRuleFile(BUILTIN_RULES)).toMatchObject({ ok: true });
    const examples = [...DOC.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] as string);
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const text of examples) {
      const r = parseRuleFile(text);
      expect(r.ok ? 'ok' : formatRuleFileErrors(r.errors)).toBe('ok');
    }
  });

  it('lists the built-in rules in the docs', () => {
    for (const rule of BUILTIN_RULES.rules) expect(DOC).toContain(`\`${rule.id}\``);
  });

  it('reports broken JSON with line and column', () => {
    expect(errorsOf('{\n  "version": 1,\n  "rules": [\n    { "id": "x", }\n  ]\n}')).toEqual([
      expect.stringMatching(/^line 4, column \d+: not valid JSON: /),
    ]);
  });

  it('finds the offset of JSON syntax errors (JSON.parse does not always say)', () => {
    for (const valid of ['{}', '[1, -2.5e3, "a\\u00e9", true, false, null, {"k": []}]', ' "x" ']) {
      expect(() => JSON.parse(valid)).not.toThrow();
      expect(jsonSyntaxError(valid)).toBeNull();
    }
    expect(jsonSyntaxError('{"a": 1,}')).toEqual({
      offset: 8,
      message: "expected a property name in double quotes, found '}'",
    });
    expect(jsonSyntaxError('[1 2]')).toEqual({ offset: 3, message: "expected ',' or ']', found '2'" });
    expect(jsonSyntaxError('{"a": "b')).toEqual({ offset: 8, message: 'unterminated string' });
    expect(jsonSyntaxError('{"a": 01}')).toEqual({ offset: 7, message: "expected ',' or '}', found '1'" });
    expect(jsonSyntaxError('['.repeat(600))).toMatchObject({ message: 'nested too deeply' });
  });

  it('names the JSON path of wrong values, unknown types and unknown keys', () => {
    expect(
      errorsOf({
        version: 1,
        rules: [
          { id: 'big', type: 'exfiltration', bytes: -5, windowSeconds: 60 },
          { id: 'nope', type: 'made-up' },
          { id: 'typo', type: 'beaconing', minScore: 0.8, minContacts: 10, minScroe: 1 },
          { id: 'bad id!', type: 'etw-tampering' },
        ],
      }),
    ).toEqual([
      'rules[0].bytes: Too small: expected number to be >0',
      "rules[1].type: Invalid discriminator value. Expected 'exfiltration' | 'beaconing' | 'cross-process-thread' | 'powershell' | 'etw-tampering' | 'filter'",
      'rules[2]: Unrecognized key: "minScroe"',
      'rules[3].id: an id is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    ]);
  });

  it('checks regular expressions and filter expressions where they are written', () => {
    const errors = errorsOf({
      version: 1,
      rules: [
        {
          id: 'ps',
          type: 'powershell',
          patterns: [
            { name: 'ok', regex: 'iex' },
            { name: 'broken', regex: 'invoke-(mimikatz' },
          ],
        },
        { id: 'f', type: 'filter', filter: 'provider == "x" and props.Size >' },
        { id: 'e', type: 'etw-tampering', sessions: { regex: '[' } },
      ],
    });
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(
      /^rules\[0\]\.patterns\[1\]\.regex: invalid regular expression: .*Unterminated group/,
    );
    expect(errors[1]).toMatch(/^rules\[1\]\.filter: .*\(column 33\)$/);
    expect(errors[2]).toMatch(/^rules\[2\]\.sessions\.regex: invalid regular expression/);
  });

  it('rejects duplicate ids, a missing version and a wrong top-level shape', () => {
    expect(
      errorsOf({
        version: 1,
        rules: [
          { id: 'a', type: 'etw-tampering' },
          { id: 'a', type: 'etw-tampering' },
        ],
      }),
    ).toEqual(["rules[1].id: duplicate rule id 'a'"]);
    expect(errorsOf({ rules: [] })).toEqual(['version: Invalid input: expected 1']);
    expect(errorsOf([])).toEqual(['(top level): Invalid input: expected object, received array']);
  });

  it('overlays user rules on the built-ins by id', () => {
    const r = parseRuleFile(
      JSON.stringify({
        version: 1,
        disable: ['beaconing'],
        rules: [{ id: 'exfiltration', type: 'exfiltration', bytes: 1000, windowSeconds: 60 }],
      }),
    );
    if (!r.ok) throw new Error(formatRuleFileErrors(r.errors));
    const resolved = resolveRules(r.value);
    expect(resolved.map((x) => x.id)).toEqual([
      'exfiltration',
      'cross-process-thread',
      'powershell-suspicious',
      'etw-tampering',
    ]);
    expect(resolved[0]).toMatchObject({ bytes: 1000 });
    expect(resolveRules({ version: 1, builtins: false, rules: [] })).toEqual([]);
  });
});
