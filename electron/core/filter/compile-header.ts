// Compiles comparisons on header fields (provider, id, version, opcode, task, level, keywords,
// channel, pid, tid, cpu, time) into closures over a HeaderSubject. The same code serves the header
// predicate (provider names from env.providerName, before decoding) and the full predicate
// (provider names from the subject): `nameOf` says where the name comes from.
import type { Comparison } from './ast';
import { FilterSyntaxError } from './errors';
import { clockTimeTicks, durationTicks, normalizeGuid } from './literals';
import { compileRegex, integerLiteral, literalError, textLiteral } from './operands';
import type { FilterEnv, HeaderSubject } from './subject';
import { textTest, type TextOp, type TextTest } from './text-match';

export type Predicate<S> = (subject: S) => boolean;

export type NumericOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '&';

const HEADER_INTEGERS: Readonly<Record<string, (e: HeaderSubject) => number>> = {
  id: (e) => e.id,
  version: (e) => e.version,
  opcode: (e) => e.opcode,
  task: (e) => e.task,
  level: (e) => e.level,
  channel: (e) => e.channel,
  pid: (e) => e.pid,
  tid: (e) => e.tid,
  cpu: (e) => e.cpu,
};

/**
 * `get(s) <op> values` for numbers or bigints (`&`: true when any bit of the mask is set). The
 * accessor is called inside the one closure, so a header test costs a single indirect call.
 */
export function numericTest<S, T extends number | bigint>(
  op: NumericOp,
  values: T[],
  get: (subject: S) => T,
): Predicate<S> {
  const a = values[0] as T;
  switch (op) {
    case '==':
      return (s) => get(s) === a;
    case '!=':
      return (s) => get(s) !== a;
    case '<':
      return (s) => get(s) < a;
    case '<=':
      return (s) => get(s) <= a;
    case '>':
      return (s) => get(s) > a;
    case '>=':
      return (s) => get(s) >= a;
    case '&': {
      // Both operands are the same kind (number or bigint); TS cannot see that through T.
      if (typeof a === 'bigint') {
        const big = get as unknown as (subject: S) => bigint;
        return (s) => (big(s) & a) !== 0n;
      }
      const num = get as unknown as (subject: S) => number;
      const mask = a as number;
      return (s) => (num(s) & mask) !== 0;
    }
    case 'in': {
      if (values.length === 1) return (s) => get(s) === a;
      if (values.length === 2) {
        const b = values[1] as T;
        return (s) => {
          const v = get(s);
          return v === a || v === b;
        };
      }
      const set = new Set(values);
      return (s) => set.has(get(s));
    }
  }
}

/** Compiles a comparison on a header field. `nameOf` gives the provider name of a subject. */
export function compileHeaderComparison<S extends HeaderSubject>(
  c: Comparison,
  env: FilterEnv,
  nameOf: (subject: S) => string,
): Predicate<S> {
  const field = c.field.info;
  const op = c.op as NumericOp;
  switch (field.type) {
    case 'integer': {
      const get = HEADER_INTEGERS[field.name];
      if (!get) throw new Error(`no header accessor for ${field.name}`);
      const values = c.values.map((lit) =>
        Number(integerLiteral(lit, field, c.field.text, BigInt(field.min ?? 0), BigInt(field.max ?? 0))),
      );
      return numericTest(op, values, get);
    }
    case 'keywords': {
      const values = c.values.map((lit) =>
        integerLiteral(lit, field, c.field.text, 0n, 0xffff_ffff_ffff_ffffn),
      );
      return numericTest(op, values, (e: S) => e.keywords);
    }
    case 'time': {
      const values = c.values.map((lit) => timeLiteralTicks(lit, env, c.field.text));
      return numericTest(op, values, (e: S) => e.ticks);
    }
    case 'provider':
      return providerPredicate(c, nameOf);
    default:
      throw new Error(`${field.name} is not a header field`);
  }
}

function timeLiteralTicks(lit: Comparison['values'][number], env: FilterEnv, fieldText: string): number {
  if (lit.kind === 'number') {
    if (lit.unit) return durationTicks(lit.text, lit.unit);
    throw literalError(
      lit,
      `'${fieldText}' needs a unit or a clock time: ${lit.text}s, ${lit.text}ms, or "HH:MM:SS"`,
    );
  }
  if (lit.kind !== 'string') throw literalError(lit, `'${fieldText}' is a time`);
  if (env.startFileTime === undefined) {
    throw literalError(
      lit,
      'clock times need the trace start time, which is unknown here: use a duration like 12.5s',
    );
  }
  const t = clockTimeTicks(lit.value.trim(), env.startFileTime);
  if (!t.ok) throw literalError(lit, t.message);
  return t.ticks;
}

type ProviderTest = (id: string, name: string) => boolean;
const MEMO_LIMIT = 65536;

/**
 * Provider comparisons. A GUID literal ("22fb2cd6-...", braces optional) compares the provider id;
 * other text compares the name. contains/startswith/endswith/matches test the name and the id.
 * Results are cached by provider id once its name is known (ids are few and names stable).
 */
function providerPredicate<S extends HeaderSubject>(
  c: Comparison,
  nameOf: (subject: S) => string,
): Predicate<S> {
  let usesName = false;
  const tests: ProviderTest[] = c.values.map((lit) => {
    if (c.op === 'matches') {
      const re = lit.kind === 'regex' ? compileRegex(lit) : undefined;
      if (!re) throw literalError(lit, "'matches' takes a regular expression");
      usesName = true;
      return (id, name) => re.test(name) || re.test(id);
    }
    const { value, caseSensitive } = textLiteral(lit, c.field.text);
    const op: TextOp = c.op === 'in' ? '==' : (c.op as TextOp);
    const guid = normalizeGuid(value);
    if (guid !== undefined && (op === '==' || op === '!=')) {
      return op === '==' ? (id) => id === guid : (id) => id !== guid;
    }
    if (op !== '==' && op !== '!=' && op !== 'contains' && op !== 'startswith' && op !== 'endswith') {
      throw new FilterSyntaxError(`'${c.op}' does not apply to provider`, c.opOffset, c.opLength);
    }
    usesName = true;
    const onText: TextTest = textTest(op, value, caseSensitive);
    if (op === '==' || op === '!=') return (_id, name) => onText(name);
    return (id, name) => onText(name) || onText(id);
  });
  const test = tests.reduce((a, b) => (id, name) => a(id, name) || b(id, name));
  if (!usesName) return (e) => test(e.providerId, '');
  // Events come in runs from one provider: the last answer is checked before the map.
  const memo = new Map<string, boolean>();
  let lastId = '';
  let lastResult = false;
  return (e) => {
    const id = e.providerId;
    if (id === lastId) return lastResult;
    let result = memo.get(id);
    if (result === undefined) {
      const name = nameOf(e);
      result = test(id, name);
      if (name === '') return result; // unknown yet: decide again next time
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(id, result);
    }
    lastId = id;
    lastResult = result;
    return result;
  };
}
