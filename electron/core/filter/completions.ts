// Autocomplete for the filter bar: given the text and the cursor, what can come next (fields,
// operators, `and`/`or`, provider names, event names, property names after `props.`, level and
// opcode names) and which characters a choice replaces. Works on half-typed text: it lexes
// tolerantly and follows the grammar with a small state machine instead of the full parser.
import type { CompareOp } from './ast';
import { filterFields, type FieldInfo, LEVEL_NAMES, OPCODE_NAMES } from './fields';
import { operatorsFor } from './operands';
import { tokenize, type Token } from './tokens';

export interface CompletionCatalog {
  providers: readonly string[];
  eventNames: readonly string[];
  /** Property names of the events in view (top level, or dotted paths like "Header.Size"). */
  propNames: readonly string[];
}

export interface Completion {
  /** What the list shows. */
  label: string;
  /** What replaces text[from, to). */
  insert: string;
  kind: 'field' | 'operator' | 'keyword' | 'provider' | 'event' | 'property' | 'value';
  detail?: string;
}

export interface CompletionResult {
  /** Replacement range in the text: [from, to). */
  from: number;
  to: number;
  items: Completion[];
}

const MAX_ITEMS = 100;
const EMPTY_CATALOG: CompletionCatalog = { providers: [], eventNames: [], propNames: [] };

type Expect = 'field' | 'op' | 'value' | 'list-open' | 'list-value' | 'list-sep' | 'connective';

interface State {
  expect: Expect;
  field: FieldInfo | undefined;
  /** `field not` was typed: only word operators (in, contains, ...) may follow. */
  negated: boolean;
  depth: number;
}

const isWord = (t: Token, ...words: string[]) =>
  t.kind === 'word' && t.segments.length === 1 && words.includes(t.text.toLowerCase());
const WORD_OPS = ['contains', 'startswith', 'endswith', 'matches', 'in'];
const fieldByName = new Map(filterFields().map((f) => [f.name, f]));

function fieldOf(t: Token): FieldInfo | undefined {
  if (t.kind !== 'word') return undefined;
  const head = (t.segments[0] ?? '').toLowerCase();
  if (head === 'props') return fieldByName.get('props');
  return fieldByName.get(t.segments.map((s) => s.toLowerCase()).join('.'));
}

/** Follows the grammar over complete tokens to learn what the cursor position expects. */
function stateAfter(tokens: Token[]): State {
  const st: State = { expect: 'field', field: undefined, negated: false, depth: 0 };
  for (const t of tokens) {
    if (t.kind === '(') st.depth++;
    if (t.kind === ')') st.depth = Math.max(0, st.depth - 1);
    switch (st.expect) {
      case 'field':
        if (t.kind === 'word' && !isWord(t, 'not')) {
          st.field = fieldOf(t);
          st.expect = 'op';
          st.negated = false;
        }
        break;
      case 'op':
        if (isWord(t, 'not')) st.negated = true;
        else if (isWord(t, 'in')) st.expect = 'list-open';
        else if (t.kind === 'op' || isWord(t, ...WORD_OPS)) st.expect = 'value';
        break;
      case 'value':
        if (t.kind === 'string' || t.kind === 'number' || t.kind === 'regex' || t.kind === 'word')
          st.expect = 'connective';
        break;
      case 'list-open':
        if (t.kind === '(') st.expect = 'list-value';
        break;
      case 'list-value':
        if (t.kind === 'string' || t.kind === 'number' || t.kind === 'word') st.expect = 'list-sep';
        break;
      case 'list-sep':
        if (t.kind === ',') st.expect = 'list-value';
        else if (t.kind === ')') st.expect = 'connective';
        break;
      case 'connective':
        if (isWord(t, 'and', 'or') || (t.kind === 'op' && (t.text === '&&' || t.text === '||')))
          st.expect = 'field';
        break;
    }
  }
  return st;
}

/** Writes text as a string literal of the language (only \\, \" and \' are escapes). */
export function quoteString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    const next = value[i + 1];
    if (c === '"') out += '\\"';
    else if (c === '\\' && (next === undefined || next === '\\' || next === '"' || next === "'"))
      out += '\\\\';
    else out += c;
  }
  return `${out}"`;
}

/**
 * Ranks `candidates` against what was typed: prefix matches (sorted), then, from two typed
 * characters on, substring matches. Nothing typed keeps the given order (the catalog's or the table's).
 */
function rank(candidates: readonly string[], typed: string): string[] {
  if (typed === '') return [...candidates];
  const lower = typed.toLowerCase();
  const prefix: string[] = [];
  const inside: string[] = [];
  for (const c of candidates) {
    const l = c.toLowerCase();
    if (l.startsWith(lower)) prefix.push(c);
    else if (lower.length >= 2 && l.includes(lower)) inside.push(c);
  }
  return [...prefix.sort(), ...inside.sort()];
}

const isIdentifier = (s: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);

export function completions(
  text: string,
  cursor: number,
  catalog: CompletionCatalog = EMPTY_CATALOG,
): CompletionResult {
  const at = Math.max(0, Math.min(cursor, text.length));
  const tokens = tokenize(text.slice(0, at), true).filter((t) => t.kind !== 'end' && t.kind !== 'unknown');
  const last = tokens[tokens.length - 1];
  const touching =
    last !== undefined &&
    last.offset + last.length === at &&
    (last.kind === 'word' || (last.kind === 'string' && !last.terminated));
  const partial = touching ? last : undefined;
  const st = stateAfter(partial ? tokens.slice(0, -1) : tokens);
  const from = partial ? partial.offset : at;
  const to = partial ? extendRight(text, at, partial) : at;
  const typed = partial?.kind === 'word' ? partial.text : partial?.kind === 'string' ? partial.value : '';
  const items = suggest(st, typed, partial, catalog).slice(0, MAX_ITEMS);
  return { from, to, items };
}

/** The rest of the token under the cursor, so choosing an item replaces the whole token. */
function extendRight(text: string, at: number, partial: Token): number {
  let end = at;
  if (partial.kind === 'word') {
    while (end < text.length && /[A-Za-z0-9_.]/.test(text[end] as string)) end++;
  } else if (partial.kind === 'string') {
    // The literal starts with its quote, or with cs before it.
    const quoteAt =
      text[partial.offset] === '"' || text[partial.offset] === "'" ? partial.offset : partial.offset + 2;
    const close = text.indexOf(text[quoteAt] as string, at);
    if (close >= 0) end = close + 1;
  }
  return end;
}

function suggest(
  st: State,
  typed: string,
  partial: Token | undefined,
  catalog: CompletionCatalog,
): Completion[] {
  switch (st.expect) {
    case 'field':
      return fieldItems(typed, catalog);
    case 'op': {
      const all: readonly CompareOp[] = st.field
        ? operatorsFor(st.field.type)
        : ['==', '!=', 'contains', 'in'];
      const ops = st.negated ? all.filter((op) => WORD_OPS.includes(op)) : all;
      return rank(ops, typed).map((op) => ({ label: op, insert: op, kind: 'operator' }));
    }
    case 'value':
    case 'list-value':
      return valueItems(st.field, typed, catalog);
    case 'list-open':
      return [{ label: '(', insert: '(', kind: 'keyword' }];
    case 'list-sep':
      return [
        { label: ',', insert: ',', kind: 'keyword' },
        { label: ')', insert: ')', kind: 'keyword' },
      ];
    case 'connective': {
      const words = ['and', 'or', ...(st.depth > 0 ? [')'] : [])];
      return rank(words, typed).map((w) => ({ label: w, insert: w, kind: 'keyword' }));
    }
  }
}

function fieldItems(typed: string, catalog: CompletionCatalog): Completion[] {
  if (typed.toLowerCase().startsWith('props.')) {
    const rest = typed.slice('props.'.length);
    return rank(catalog.propNames, rest).map((name) => ({
      label: name,
      insert: `props.${name
        .split('.')
        .map((s) => (isIdentifier(s) || /^\d+$/.test(s) ? s : quoteString(s)))
        .join('.')}`,
      kind: 'property',
    }));
  }
  const fields: Completion[] = filterFields().map((f) => ({
    label: f.type === 'props' ? 'props.' : f.name,
    insert: f.type === 'props' ? 'props.' : f.name,
    kind: 'field',
    detail: f.description,
  }));
  const keywords: Completion[] = [{ label: 'not', insert: 'not', kind: 'keyword' }];
  const byLabel = new Map([...fields, ...keywords].map((c) => [c.label, c]));
  return rank([...byLabel.keys()], typed).map((l) => byLabel.get(l) as Completion);
}

function valueItems(field: FieldInfo | undefined, typed: string, catalog: CompletionCatalog): Completion[] {
  if (!field) return [];
  const quoted = (kind: Completion['kind']) => (name: string) => ({
    label: name,
    insert: quoteString(name),
    kind,
  });
  if (field.name === 'provider') return rank(catalog.providers, typed).map(quoted('provider'));
  if (field.name === 'event') return rank(catalog.eventNames, typed).map(quoted('event'));
  const names = field.name === 'level' ? LEVEL_NAMES : field.name === 'opcode' ? OPCODE_NAMES : undefined;
  if (names) {
    return rank(Object.keys(names), typed).map((name) => ({
      label: name,
      insert: quoteString(name),
      kind: 'value' as const,
      detail: String(names[name]),
    }));
  }
  return [];
}
