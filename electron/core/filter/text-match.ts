// Text tests built once per comparison: case-insensitive by default (cs"..." literals compare
// exactly; regular expressions follow their own flags). Also a bounded memo for fields with few
// distinct values (provider, event and process names), so a repeated value costs one Map lookup.
import type { CompareOp } from './ast';

export type TextTest = (value: string) => boolean;

/** Operators that test text; `in` is compiled as several `==`. */
export type TextOp = Exclude<CompareOp, 'in' | '&' | 'matches'>;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `value <op> literal` on text. Ordering compares lowercase text unless case-sensitive. */
export function textTest(op: TextOp, literal: string, caseSensitive: boolean): TextTest {
  if (caseSensitive) {
    switch (op) {
      case '==':
        return (v) => v === literal;
      case '!=':
        return (v) => v !== literal;
      case 'contains':
        return (v) => v.includes(literal);
      case 'startswith':
        return (v) => v.startsWith(literal);
      case 'endswith':
        return (v) => v.endsWith(literal);
      default:
        return orderingTest(op, literal, (v) => v);
    }
  }
  const lower = literal.toLowerCase();
  switch (op) {
    case '==':
      return (v) => v === literal || v.toLowerCase() === lower;
    case '!=':
      return (v) => v !== literal && v.toLowerCase() !== lower;
    case 'contains': {
      const re = new RegExp(escapeRegex(literal), 'i');
      return (v) => re.test(v);
    }
    case 'startswith': {
      const re = new RegExp(`^${escapeRegex(literal)}`, 'i');
      return (v) => re.test(v);
    }
    case 'endswith': {
      const re = new RegExp(`${escapeRegex(literal)}$`, 'i');
      return (v) => re.test(v);
    }
    default:
      return orderingTest(op, lower, (v) => v.toLowerCase());
  }
}

function orderingTest(op: '<' | '<=' | '>' | '>=', literal: string, fold: (v: string) => string): TextTest {
  switch (op) {
    case '<':
      return (v) => fold(v) < literal;
    case '<=':
      return (v) => fold(v) <= literal;
    case '>':
      return (v) => fold(v) > literal;
    case '>=':
      return (v) => fold(v) >= literal;
  }
}

const MEMO_LIMIT = 4096;

/**
 * Caches a text test's answers by value. For fields whose values repeat (names); the cache is
 * cleared when it reaches MEMO_LIMIT entries, so memory stays bounded on unique values.
 */
export function memoizeText(test: TextTest): TextTest {
  const cache = new Map<string, boolean>();
  return (v) => {
    const hit = cache.get(v);
    if (hit !== undefined) return hit;
    const result = test(v);
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(v, result);
    return result;
  };
}
