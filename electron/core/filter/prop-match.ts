// Comparisons on decoded properties (`props.Name`), whose type is known only per event: a property
// may be a number, a 64-bit integer carried as a decimal or hex string, text, a boolean, an array
// or a struct. Numbers compare numerically (exact to 64 bits), text ignoring case; an array matches
// when any element does; a struct, null or a missing property matches nothing (and `!=` needs the
// property to be present).
import type { PropValue } from '../../common/model/event';
import type { Comparison, Literal } from './ast';
import type { Predicate } from './compile-header';
import { compileRegex, literalError } from './operands';
import { parseInteger } from './literals';
import type { FilterSubject } from './subject';
import { textTest, type TextTest } from './text-match';

type Scalar = string | number | boolean;
type Numeric = number | bigint;
type ScalarTest = (v: Scalar) => boolean;

interface Operand {
  text: string;
  caseSensitive: boolean;
  /** The literal's numeric value: always for number literals, for strings that read as numbers. */
  numeric: Numeric | undefined;
  fromNumber: boolean;
}

/** Decimal, hex (0x...) or fractional text as a number; bigint beyond 2^53. */
export function numericText(s: string): Numeric | undefined {
  const integer = parseInteger(s.trim());
  if (integer !== undefined) {
    const asNumber = Number(integer);
    return Number.isSafeInteger(asNumber) ? asNumber : integer;
  }
  if (/^\s*-?\d*\.\d+(e[+-]?\d+)?\s*$/i.test(s)) return Number(s);
  return undefined;
}

const numericOf = (v: Scalar): Numeric | undefined =>
  typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : numericText(v);

const textOf = (v: Scalar): string => (typeof v === 'string' ? v : String(v));

/** Sign of a - b for numbers and bigints mixed (NaN when either is NaN). */
export function compareNumeric(a: Numeric, b: Numeric): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : a > b ? 1 : NaN;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a === b ? 0 : a < b ? -1 : 1;
  const [x, y] = typeof a === 'bigint' ? [a, b as number] : [b as bigint, a];
  const sign = Number.isInteger(y) ? compareBig(x, BigInt(y)) : Math.sign(Number(x) - y);
  return typeof a === 'bigint' ? sign : -sign;
}
const compareBig = (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1);

function operandOf(lit: Literal): Operand {
  if (lit.kind === 'string') {
    return {
      text: lit.value,
      caseSensitive: lit.caseSensitive,
      numeric: numericText(lit.value),
      fromNumber: false,
    };
  }
  if (lit.kind === 'number') {
    if (lit.unit)
      throw literalError(lit, `'${lit.text}${lit.unit}' is a duration: only 'time' takes durations`);
    const numeric = numericText(lit.text) as Numeric;
    return { text: lit.text, caseSensitive: false, numeric, fromNumber: true };
  }
  throw literalError(lit, "a regular expression goes with 'matches'");
}

const ORDER: Readonly<Record<string, (sign: number) => boolean>> = {
  '<': (s) => s < 0,
  '<=': (s) => s <= 0,
  '>': (s) => s > 0,
  '>=': (s) => s >= 0,
};

function equalsTest(o: Operand): ScalarTest {
  const numeric = o.numeric;
  if (o.fromNumber && numeric !== undefined) {
    return (v) => {
      const n = numericOf(v);
      return n !== undefined && compareNumeric(n, numeric) === 0;
    };
  }
  const onText = textTest('==', o.text, o.caseSensitive);
  if (numeric === undefined) return (v) => onText(textOf(v));
  return (v) => {
    if (typeof v === 'string') return onText(v);
    const n = numericOf(v);
    return n !== undefined && compareNumeric(n, numeric) === 0;
  };
}

function orderTest(op: '<' | '<=' | '>' | '>=', o: Operand): ScalarTest {
  const holds = ORDER[op] as (sign: number) => boolean;
  const numeric = o.numeric;
  const onText = o.fromNumber ? undefined : textTest(op, o.text, o.caseSensitive);
  return (v) => {
    if (numeric !== undefined) {
      const n = numericOf(v);
      if (n !== undefined) return holds(compareNumeric(n, numeric));
    }
    return onText !== undefined && onText(textOf(v));
  };
}

function scalarTest(c: Comparison): ScalarTest {
  switch (c.op) {
    case '==':
    case '!=':
    case 'in': {
      const tests = c.values.map((lit) => equalsTest(operandOf(lit)));
      return tests.reduce((a, b) => (v) => a(v) || b(v));
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return orderTest(c.op, operandOf(c.values[0] as Literal));
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const o = operandOf(c.values[0] as Literal);
      const onText: TextTest = textTest(c.op, o.text, o.caseSensitive);
      return (v) => onText(textOf(v));
    }
    case 'matches': {
      const lit = c.values[0] as Literal;
      if (lit.kind !== 'regex') throw literalError(lit, "'matches' takes a regular expression");
      const re = compileRegex(lit);
      return (v) => re.test(textOf(v));
    }
    case '&': {
      const lit = c.values[0] as Literal;
      const mask = lit.kind === 'number' && !lit.unit ? parseInteger(lit.text) : undefined;
      if (mask === undefined) throw literalError(lit, "'&' takes a whole number mask, e.g. 0x10");
      return (v) => {
        const n = numericOf(v);
        if (n === undefined || (typeof n === 'number' && !Number.isInteger(n))) return false;
        return (BigInt(n) & mask) !== 0n;
      };
    }
  }
}

function matchValue(v: PropValue | undefined, test: ScalarTest): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.some((element) => matchValue(element, test));
  if (typeof v === 'object') return false;
  return test(v);
}

/** Compiles `props.<path> <op> <literal>` (negation by `not` is applied by the caller). */
export function compilePropsComparison(c: Comparison): Predicate<FilterSubject> {
  const path = c.field.path;
  const test = scalarTest(c);
  if (c.op === '!=') {
    return (s) => {
      const v = s.prop(path);
      return v !== undefined && v !== null && !matchValue(v, test);
    };
  }
  return (s) => matchValue(s.prop(path), test);
}
