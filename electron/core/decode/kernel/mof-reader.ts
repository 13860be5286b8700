// MOF (Managed Object Format) reader: turns the text of a WMI .mof file into classes with their
// qualifiers and properties. Classic ETW providers (the NT Kernel Logger's MSNT_SystemTrace classes,
// ASP.NET, IIS, ...) describe their event layouts this way; mof-schema.ts turns the classes into
// ProviderSchema values, and the kernel tables are checked against the kernel MOF with it.
//
// Grammar covered (DMTF MOF as used by ETW; see learn.microsoft.com "Event Tracing MOF Qualifiers"):
//   #pragma ...                               (skipped, to end of line)
//   [Qualifier, Q(value), Q{v1, v2} : amended ToSubclass] class Name : Super { properties };
//   [qualifiers] type Name;   type Name[N];   type Name[];   type Name = value;
//   values: "strings" (adjacent ones concatenate; C escapes), integers (decimal, 0x hex, signed),
//   reals, true/false/null, identifiers.   Comments: // and /* */.
// `instance of` blocks and anything else unexpected are skipped with a diagnostic; reading goes on at
// the next top-level `;`. Qualifier names are case-insensitive (WMI rule) and stored lowercased.

import type { SchemaDiagnostic } from '../../../common/model/schema';

export type MofValue = string | number | boolean | null | MofValue[];

export interface MofProperty {
  name: string;
  /** MOF data type as written: uint32, sint8, char16, string, object, boolean, ... (lowercased). */
  type: string;
  /** `[N]` gives N, `[]` gives 'dynamic'; absent for scalars. */
  array?: number | 'dynamic';
  /** Qualifiers by lowercased name. */
  qualifiers: Record<string, MofValue>;
  /** 1-based line of the property name. */
  line: number;
}

export interface MofClass {
  name: string;
  superclass?: string;
  qualifiers: Record<string, MofValue>;
  properties: MofProperty[];
  line: number;
}

export interface MofDocument {
  classes: MofClass[];
  diagnostics: SchemaDiagnostic[];
}

type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  /** Decoded value for strings and numbers. */
  value?: string | number;
  offset: number;
  line: number;
  column: number;
}

const PUNCT = new Set(['[', ']', '(', ')', '{', '}', ',', ';', ':', '=']);
const NUMBER = /[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const STRING_RUN = /[^"\\\n]*/y;
const FLAVORS = new Set([
  'amended',
  'tosubclass',
  'toinstance',
  'restricted',
  'disableoverride',
  'enableoverride',
  'translatable',
]);

class MofSyntaxError extends Error {
  constructor(
    message: string,
    readonly token: Token,
  ) {
    super(message);
  }
}

/** Splits MOF text into tokens; bad characters become diagnostics and are skipped. */
function tokenize(text: string, diagnostics: SchemaDiagnostic[], path?: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const at = (offset: number) => ({ offset, line, column: offset - lineStart + 1 });
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\ufeff') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let k = i; k < stop; k++) {
        if (text[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      if (end < 0) diagnostics.push(diag(path, at(i), 'MOF_UNTERMINATED_COMMENT', 'comment never ends'));
      i = stop;
      continue;
    }
    if (c === '#') {
      // #pragma and other preprocessor lines carry nothing the schema needs.
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = at(i);
    if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, ...start });
      i++;
      continue;
    }
    if (c === '"') {
      const { value, next, ok } = readString(text, i + 1);
      if (!ok) diagnostics.push(diag(path, start, 'MOF_UNTERMINATED_STRING', 'string never ends'));
      tokens.push({ kind: 'string', text: text.slice(i, next), value, ...start });
      i = next;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      const lit = num[0];
      const hex = /^[+-]?0[xX]/.test(lit);
      const value = hex ? parseInt(lit.replace(/0[xX]/, ''), 16) : Number(lit);
      tokens.push({ kind: 'number', text: lit, value, ...start });
      i += lit.length;
      continue;
    }
    IDENT.lastIndex = i;
    const ident = IDENT.exec(text);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], ...start });
      i += ident[0].length;
      continue;
    }
    diagnostics.push(diag(path, start, 'MOF_BAD_CHARACTER', `unexpected character ${JSON.stringify(c)}`));
    i++;
  }
  tokens.push({ kind: 'eof', text: '', ...at(text.length) });
  return tokens;
}

function readString(text: string, from: number): { value: string; next: number; ok: boolean } {
  let out = '';
  let i = from;
  while (i < text.length) {
    STRING_RUN.lastIndex = i;
    const run = STRING_RUN.exec(text)?.[0] ?? '';
    out += run;
    i += run.length;
    const c = text[i];
    if (c === '"') return { value: out, next: i + 1, ok: true };
    if (c !== '\\' || i + 1 >= text.length) break; // newline or end: unterminated
    const e = text[i + 1] as string;
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    const hex = e === 'x' || e === 'X' ? /^[0-9a-fA-F]{1,4}/.exec(text.slice(i + 2, i + 6)) : null;
    if (hex) {
      out += String.fromCharCode(parseInt(hex[0], 16));
      i += 2 + hex[0].length;
      continue;
    }
    out += e;
    i += 2;
  }
  return { value: out, next: i, ok: false };
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

function diag(
  path: string | undefined,
  pos: { offset: number; line: number; column: number },
  code: string,
  message: string,
): SchemaDiagnostic {
  return {
    ...(path ? { path } : {}),
    offset: pos.offset,
    code,
    message: `line ${pos.line} column ${pos.column}: ${message}`,
  };
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly diagnostics: SchemaDiagnostic[],
    private readonly path?: string,
  ) {}

  private get tok(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)] as Token;
  }
  private is(text: string): boolean {
    return this.tok.kind === 'punct' && this.tok.text === text;
  }
  private isWord(word: string): boolean {
    return this.tok.kind === 'ident' && this.tok.text.toLowerCase() === word;
  }
  private expect(text: string): Token {
    if (!this.is(text))
      throw new MofSyntaxError(`expected '${text}' but found ${describe(this.tok)}`, this.tok);
    return this.tokens[this.pos++] as Token;
  }
  private ident(what: string): Token {
    if (this.tok.kind !== 'ident')
      throw new MofSyntaxError(`expected ${what} but found ${describe(this.tok)}`, this.tok);
    return this.tokens[this.pos++] as Token;
  }

  parse(): MofClass[] {
    const classes: MofClass[] = [];
    while (this.tok.kind !== 'eof') {
      const before = this.pos;
      try {
        const cls = this.declaration();
        if (cls) classes.push(cls);
      } catch (e) {
        if (!(e instanceof MofSyntaxError)) throw e;
        this.diagnostics.push(diag(this.path, e.token, 'MOF_SYNTAX', e.message));
        this.pos = before;
        this.recover();
      }
      if (this.pos === before) this.pos++; // always make progress
    }
    return classes;
  }

  /**
   * Moves past the declaration that starts at the current token, to the start of the next one: a
   * `class`/`instance` keyword together with the qualifier list right before it (every MOF class in the
   * wild starts `[...] class`). Brace counting would be thrown off by one stray brace for the rest of
   * the file; the keyword is not.
   */
  private recover(): void {
    const from = this.pos;
    for (let i = from + 1; i < this.tokens.length; i++) {
      const t = this.tokens[i] as Token;
      if (t.kind === 'eof') {
        this.pos = i;
        return;
      }
      if (t.kind !== 'ident' || !/^(class|instance)$/i.test(t.text)) continue;
      const start = this.qualifierListStart(i);
      if (start > from) {
        this.pos = start;
        return;
      }
    }
    this.pos = this.tokens.length - 1;
  }

  /** Index of the `[` opening the qualifier list that ends right before token `at`, else `at`. */
  private qualifierListStart(at: number): number {
    const prev = this.tokens[at - 1];
    if (!prev || prev.kind !== 'punct' || prev.text !== ']') return at;
    let depth = 0;
    for (let i = at - 1; i >= 0 && at - i < 10000; i--) {
      const t = this.tokens[i] as Token;
      if (t.kind !== 'punct') continue;
      if (t.text === ']') depth++;
      else if (t.text === '[' && --depth === 0) return i;
    }
    return at;
  }

  private declaration(): MofClass | undefined {
    const qualifiers = this.is('[') ? this.qualifierList() : {};
    if (this.isWord('class')) {
      const line = this.tok.line;
      this.pos++;
      const name = this.ident('a class name').text;
      let superclass: string | undefined;
      if (this.is(':')) {
        this.pos++;
        superclass = this.ident('a superclass name').text;
      }
      this.expect('{');
      const properties: MofProperty[] = [];
      while (!this.is('}')) {
        if (this.tok.kind === 'eof') throw new MofSyntaxError(`class ${name} never ends`, this.tok);
        properties.push(this.property());
      }
      this.expect('}');
      this.expect(';');
      return { name, ...(superclass ? { superclass } : {}), qualifiers, properties, line };
    }
    if (this.isWord('instance')) {
      this.diagnostics.push(
        diag(this.path, this.tok, 'MOF_SKIPPED', '`instance of` is not a schema; skipped'),
      );
      this.recover();
      return undefined;
    }
    throw new MofSyntaxError(`expected 'class' but found ${describe(this.tok)}`, this.tok);
  }

  private property(): MofProperty {
    const qualifiers = this.is('[') ? this.qualifierList() : {};
    const type = this.ident('a property type').text.toLowerCase();
    const nameTok = this.ident('a property name');
    let array: number | 'dynamic' | undefined;
    if (this.is('[')) {
      this.pos++;
      if (this.tok.kind === 'number') {
        array = Number(this.tok.value);
        this.pos++;
      } else array = 'dynamic';
      this.expect(']');
    }
    if (this.is('=')) {
      this.pos++;
      this.value();
    }
    this.expect(';');
    return {
      name: nameTok.text,
      type,
      ...(array !== undefined ? { array } : {}),
      qualifiers,
      line: nameTok.line,
    };
  }

  private qualifierList(): Record<string, MofValue> {
    const out: Record<string, MofValue> = {};
    this.expect('[');
    while (true) {
      const name = this.ident('a qualifier name').text.toLowerCase();
      let value: MofValue = true;
      if (this.is('(')) {
        this.pos++;
        value = this.value();
        this.expect(')');
      } else if (this.is('{')) {
        this.pos++;
        const items: MofValue[] = [];
        while (!this.is('}')) {
          items.push(this.value());
          if (this.is(',')) this.pos++;
          else break;
        }
        this.expect('}');
        value = items;
      }
      if (this.is(':')) {
        this.pos++;
        while (this.tok.kind === 'ident' && FLAVORS.has(this.tok.text.toLowerCase())) this.pos++;
      }
      out[name] = value;
      if (this.is(',')) {
        this.pos++;
        continue;
      }
      this.expect(']');
      return out;
    }
  }

  private value(): MofValue {
    const t = this.tok;
    if (t.kind === 'string') {
      let s = '';
      while (this.tok.kind === 'string') s += String(this.tokens[this.pos++]?.value ?? '');
      return s;
    }
    if (t.kind === 'number') {
      this.pos++;
      return Number(t.value);
    }
    if (t.kind === 'ident') {
      this.pos++;
      const w = t.text.toLowerCase();
      return w === 'true' ? true : w === 'false' ? false : w === 'null' ? null : t.text;
    }
    if (t.kind === 'punct' && t.text === '{') {
      this.pos++;
      const items: MofValue[] = [];
      while (!this.is('}')) {
        items.push(this.value());
        if (this.is(',')) this.pos++;
        else break;
      }
      this.expect('}');
      return items;
    }
    throw new MofSyntaxError(`expected a value but found ${describe(t)}`, t);
  }
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'the end of the file' : `'${t.text.slice(0, 40)}'`;
}

/** Reads MOF text. Never throws on bad input: problems become diagnostics and reading goes on. */
export function readMof(text: string, path?: string): MofDocument {
  const diagnostics: SchemaDiagnostic[] = [];
  const tokens = tokenize(text, diagnostics, path);
  const classes = new Parser(tokens, diagnostics, path).parse();
  return { classes, diagnostics };
}

/** A qualifier value as a string, when it is one. */
export function qualifierString(q: Record<string, MofValue>, name: string): string | undefined {
  const v = q[name.toLowerCase()];
  return typeof v === 'string' ? v : undefined;
}

/** A qualifier value as a list (a scalar becomes a one-element list). */
export function qualifierList(q: Record<string, MofValue>, name: string): MofValue[] | undefined {
  const v = q[name.toLowerCase()];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v : [v];
}
