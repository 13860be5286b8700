// Lexer of the filter language. Turns the text into tokens that carry their source range
// (`offset`, `length`) so every later error can point at the exact characters. There is no
// arithmetic in the language, so `-` before a digit belongs to a number and `/` always opens a
// regular expression. Strict mode (parse) reports the first bad token as a FilterSyntaxError;
// tolerant mode (autocomplete on half-typed text) keeps going and marks unfinished tokens.
import { FilterSyntaxError } from './errors';

export type OperatorText = '==' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '&' | '&&' | '||' | '!';

interface TokenBase {
  offset: number;
  length: number;
}
/** An identifier or a dotted path (`process.name`, `props.Header.Size`, `props."Odd name"`). */
export interface WordToken extends TokenBase {
  kind: 'word';
  text: string;
  /** Path segments; the last is '' when the text ends with a dot (half-typed `props.`). */
  segments: string[];
}
export interface StringToken extends TokenBase {
  kind: 'string';
  value: string;
  /** Written as cs"..." : compared exactly instead of ignoring case. */
  caseSensitive: boolean;
  /** False only in tolerant mode, for a string the text ends inside. */
  terminated: boolean;
}
export interface NumberToken extends TokenBase {
  kind: 'number';
  text: string;
  /** Duration suffix (`12.5s`, `250ms`, `10us`), if any. */
  unit?: 's' | 'ms' | 'us';
}
export interface RegexToken extends TokenBase {
  kind: 'regex';
  source: string;
  flags: string;
  terminated: boolean;
}
export interface OperatorToken extends TokenBase {
  kind: 'op';
  text: OperatorText;
}
export interface PunctToken extends TokenBase {
  kind: '(' | ')' | ',';
}
export interface EndToken extends TokenBase {
  kind: 'end';
}
/** Tolerant mode only: a character the language does not use. */
export interface UnknownToken extends TokenBase {
  kind: 'unknown';
}

export type Token =
  WordToken | StringToken | NumberToken | RegexToken | OperatorToken | PunctToken | EndToken | UnknownToken;

const isWordStart = (c: string) => /[A-Za-z_]/.test(c);
const isWordChar = (c: string) => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const operatorTexts: readonly OperatorText[] = ['==', '!=', '<=', '>=', '&&', '||', '=', '<', '>', '&', '!'];

export function tokenize(text: string, tolerant = false): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string, offset: number, length: number): never => {
    throw new FilterSyntaxError(message, offset, length);
  };

  /** Reads a quoted string whose opening quote is at `start`; returns [value, end, terminated]. */
  const readQuoted = (start: number): [string, number, boolean] => {
    const quote = text[start];
    let value = '';
    let j = start + 1;
    while (j < text.length) {
      const c = text[j] as string;
      if (c === quote) return [value, j + 1, true];
      // Only \\ \" \' are escapes, so Windows paths like "C:\Windows\temp" work as typed.
      const next = text[j + 1];
      if (c === '\\' && (next === '\\' || next === '"' || next === "'")) {
        value += next;
        j += 2;
        continue;
      }
      value += c;
      j++;
    }
    if (!tolerant) fail('unterminated string: add the closing quote', start, text.length - start);
    return [value, text.length, false];
  };

  while (i < text.length) {
    const c = text[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, offset: i, length: 1 });
      i++;
    } else if (c === '"' || c === "'") {
      const [value, end, terminated] = readQuoted(i);
      tokens.push({
        kind: 'string',
        value,
        caseSensitive: false,
        terminated,
        offset: start,
        length: end - start,
      });
      i = end;
    } else if (c === '/') {
      i = readRegex(start);
    } else if (isDigit(c) || (c === '-' && isDigit(text[i + 1] ?? ''))) {
      i = readNumber(start);
    } else if (isWordStart(c)) {
      i = readWord(start);
    } else {
      const op = operatorTexts.find((o) => text.startsWith(o, i));
      if (op) {
        tokens.push({ kind: 'op', text: op, offset: i, length: op.length });
        i += op.length;
      } else if (tolerant) {
        tokens.push({ kind: 'unknown', offset: i, length: 1 });
        i++;
      } else {
        fail(`unexpected character '${c}'`, i, 1);
      }
    }
  }
  tokens.push({ kind: 'end', offset: text.length, length: 0 });
  return tokens;

  function readRegex(start: number): number {
    let j = start + 1;
    let inClass = false;
    let source = '';
    while (j < text.length) {
      const c = text[j] as string;
      if (c === '\\' && j + 1 < text.length) {
        source += c + text[j + 1];
        j += 2;
        continue;
      }
      if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      source += c;
      j++;
    }
    if (j >= text.length) {
      if (!tolerant) fail('unterminated regular expression: add the closing /', start, text.length - start);
      tokens.push({ kind: 'regex', source, flags: '', terminated: false, offset: start, length: j - start });
      return j;
    }
    j++; // closing slash
    const flagsStart = j;
    while (j < text.length && isWordChar(text[j] as string)) j++;
    const flags = text.slice(flagsStart, j);
    tokens.push({ kind: 'regex', source, flags, terminated: true, offset: start, length: j - start });
    return j;
  }

  function readNumber(start: number): number {
    let j = start;
    if (text[j] === '-') j++;
    if (text[j] === '0' && (text[j + 1] === 'x' || text[j + 1] === 'X')) {
      j += 2;
      while (j < text.length && /[0-9a-fA-F]/.test(text[j] as string)) j++;
    } else {
      while (j < text.length && isDigit(text[j] as string)) j++;
      if (text[j] === '.' && isDigit(text[j + 1] ?? '')) {
        j++;
        while (j < text.length && isDigit(text[j] as string)) j++;
      }
    }
    const numberText = text.slice(start, j);
    let unit: NumberToken['unit'];
    const suffix = /^(ms|us|s)(?![A-Za-z0-9_])/.exec(text.slice(j, j + 3));
    if (suffix && !/0x/i.test(numberText)) {
      unit = suffix[1] as NumberToken['unit'];
      j += (unit as string).length;
    }
    let end = j;
    while (end < text.length && (isWordChar(text[end] as string) || text[end] === '.')) end++;
    const wellFormed = end === j && !/^-?0x$/i.test(numberText);
    if (!wellFormed) {
      if (!tolerant) {
        fail(
          `'${text.slice(start, end)}' is not a number (write decimal 42, hex 0x2A, or a duration like 1.5s)`,
          start,
          end - start,
        );
      }
      tokens.push({ kind: 'unknown', offset: start, length: end - start });
      return end;
    }
    tokens.push({ kind: 'number', text: numberText, unit, offset: start, length: j - start });
    return j;
  }

  function readWord(start: number): number {
    let j = start;
    while (j < text.length && isWordChar(text[j] as string)) j++;
    const first = text.slice(start, j);
    // cs"..." : a case-sensitive string literal.
    if (first.toLowerCase() === 'cs' && (text[j] === '"' || text[j] === "'")) {
      const [value, end, terminated] = readQuoted(j);
      tokens.push({
        kind: 'string',
        value,
        caseSensitive: true,
        terminated,
        offset: start,
        length: end - start,
      });
      return end;
    }
    const segments = [first];
    while (text[j] === '.') {
      const next = text[j + 1] ?? '';
      if (next === '"' || next === "'") {
        const [value, end] = readQuoted(j + 1);
        segments.push(value);
        j = end;
      } else {
        let k = j + 1;
        while (k < text.length && isWordChar(text[k] as string)) k++;
        const segment = text.slice(j + 1, k);
        segments.push(segment);
        j = k;
        if (segment === '') break; // trailing dot: the parser reports it, autocomplete fills it
      }
    }
    tokens.push({ kind: 'word', text: text.slice(start, j), segments, offset: start, length: j - start });
    return j;
  }
}
