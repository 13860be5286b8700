// Recursive-descent parser of the filter language (grammar in docs/filter-language.md):
//   filter     := or-expr?
//   or-expr    := and-expr (("or" | "||") and-expr)*
//   and-expr   := not-expr (("and" | "&&") not-expr)*
//   not-expr   := ("not" | "!") not-expr | "(" or-expr ")" | comparison
//   comparison := field op literal | field ["not"] word-op literal | field ["not"] "in" "(" literal ("," literal)* ")"
// so `not` binds tighter than `and`, which binds tighter than `or`. Fields are resolved here
// (unknown names fail with a suggestion); literal types are checked by the compiler.
import type { CompareOp, Comparison, Expr, Literal } from './ast';
import { catchFilterError, FilterSyntaxError, type FilterResult } from './errors';
import { resolveField } from './fields';
import { tokenize, type Token, type WordToken } from './tokens';

/** Deeper nesting than this is refused (keeps recursion far from the stack limit). */
const MAX_DEPTH = 200;

const WORD_OPS: Readonly<Record<string, CompareOp>> = {
  contains: 'contains',
  startswith: 'startswith',
  endswith: 'endswith',
  matches: 'matches',
  in: 'in',
};
const SYMBOL_OPS: Readonly<Record<string, CompareOp>> = {
  '==': '==',
  '=': '==',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '&': '&',
};
const KEYWORDS = new Set(['and', 'or', 'not', ...Object.keys(WORD_OPS)]);

/** Parses filter text. An empty (or blank) filter gives `undefined`: it matches every event. */
export function parseFilter(text: string): FilterResult<Expr | undefined> {
  return catchFilterError(() => new Parser(tokenize(text)).parseFilter());
}

const describeToken = (t: Token): string => {
  switch (t.kind) {
    case 'end':
      return 'the end';
    case 'word':
      return `'${t.text}'`;
    case 'string':
      return 'a string';
    case 'number':
      return `'${t.text}${t.unit ?? ''}'`;
    case 'regex':
      return 'a regular expression';
    case 'op':
      return `'${t.text}'`;
    default:
      return `'${t.kind}'`;
  }
};

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseFilter(): Expr | undefined {
    if (this.peek().kind === 'end') return undefined;
    const expr = this.parseOr();
    const t = this.peek();
    if (t.kind === ')') throw this.error(t, "unmatched ')'");
    if (t.kind !== 'end') throw this.error(t, `expected 'and' or 'or' before ${describeToken(t)}`);
    return expr;
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }
  private error(t: Token, message: string): FilterSyntaxError {
    return new FilterSyntaxError(message, t.offset, t.length);
  }
  private isWord(t: Token, word: string): t is WordToken {
    return t.kind === 'word' && t.segments.length === 1 && t.text.toLowerCase() === word;
  }
  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) throw this.error(t, `filter nested more than ${MAX_DEPTH} levels deep`);
  }

  private parseOr(): Expr {
    const items = [this.parseAnd()];
    while (this.isWord(this.peek(), 'or') || this.isOp(this.peek(), '||')) {
      this.next();
      items.push(this.parseAnd());
    }
    return items.length === 1 ? (items[0] as Expr) : { kind: 'or', items: flatten('or', items) };
  }

  private parseAnd(): Expr {
    const items = [this.parseNot()];
    while (this.isWord(this.peek(), 'and') || this.isOp(this.peek(), '&&')) {
      this.next();
      items.push(this.parseNot());
    }
    return items.length === 1 ? (items[0] as Expr) : { kind: 'and', items: flatten('and', items) };
  }

  private isOp(t: Token, text: string): boolean {
    return t.kind === 'op' && t.text === text;
  }

  private parseNot(): Expr {
    const t = this.peek();
    if (this.isWord(t, 'not') || this.isOp(t, '!')) {
      this.next();
      this.enter(t);
      const operand = this.parseNot();
      this.depth--;
      return { kind: 'not', operand };
    }
    if (t.kind === '(') {
      this.next();
      this.enter(t);
      if (this.peek().kind === ')') throw new FilterSyntaxError('empty parentheses', t.offset, 2);
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind === 'end') throw this.error(t, "unclosed '(': add ')'");
      if (close.kind !== ')')
        throw this.error(close, `expected 'and', 'or' or ')' before ${describeToken(close)}`);
      this.next();
      this.depth--;
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): Comparison {
    const t = this.next();
    if (t.kind !== 'word' || (t.segments.length === 1 && KEYWORDS.has(t.text.toLowerCase()))) {
      throw this.error(
        t,
        `expected a field (provider, id, process.name, props.Name, ...) but found ${describeToken(t)}`,
      );
    }
    const field = resolveField(t);
    let opToken = this.next();
    let negated = false;
    if (this.isWord(opToken, 'not')) {
      const after = this.peek();
      if (after.kind === 'word' && WORD_OPS[after.text.toLowerCase()] !== undefined) {
        negated = true;
        opToken = this.next();
      }
    }
    let op: CompareOp | undefined;
    if (opToken.kind === 'op') op = SYMBOL_OPS[opToken.text];
    else if (opToken.kind === 'word' && opToken.segments.length === 1)
      op = WORD_OPS[opToken.text.toLowerCase()];
    if (op === undefined) {
      throw this.error(
        opToken,
        `expected an operator after '${field.text}' (==, !=, <, >, contains, startswith, endswith, matches, in, &) but found ${describeToken(opToken)}`,
      );
    }
    const opSpan = { opOffset: opToken.offset, opLength: opToken.length };
    if (op !== 'in') {
      return { kind: 'compare', field, op, negated, ...opSpan, values: [this.parseLiteral(opToken)] };
    }
    const open = this.next();
    if (open.kind !== '(') throw this.error(open, `expected '(' after 'in' but found ${describeToken(open)}`);
    if (this.peek().kind === ')') {
      const close = this.peek();
      throw new FilterSyntaxError("empty list after 'in'", open.offset, close.offset + 1 - open.offset);
    }
    const values = [this.parseLiteral(open)];
    for (;;) {
      const sep = this.next();
      if (sep.kind === ')') break;
      if (sep.kind === 'end') throw this.error(open, "unclosed '(' of 'in': add ')'");
      if (sep.kind !== ',')
        throw this.error(sep, `expected ',' or ')' in the list but found ${describeToken(sep)}`);
      values.push(this.parseLiteral(sep));
    }
    return { kind: 'compare', field, op, negated, ...opSpan, values };
  }

  private parseLiteral(after: Token): Literal {
    const t = this.next();
    const at = { offset: t.offset, length: t.length };
    if (t.kind === 'string') return { kind: 'string', value: t.value, caseSensitive: t.caseSensitive, ...at };
    if (t.kind === 'number') return { kind: 'number', text: t.text, unit: t.unit, ...at };
    if (t.kind === 'regex') return { kind: 'regex', source: t.source, flags: t.flags, ...at };
    const hint = t.kind === 'word' ? ' (put text in quotes: "...")' : '';
    throw this.error(
      t,
      `expected a value after ${describeToken(after)} but found ${describeToken(t)}${hint}`,
    );
  }
}

function flatten(kind: 'and' | 'or', items: Expr[]): Expr[] {
  return items.flatMap((e) => (e.kind === kind ? e.items : [e]));
}
