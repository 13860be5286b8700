// Where JSON text goes wrong. JSON.parse says what is wrong but not always where (V8 often prints a
// snippet instead of a position), so this small syntax checker (RFC 8259, no value building) finds the
// offset of the first error for the "line N, column M" of rule-file errors.

const MAX_DEPTH = 512;

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** The first syntax error of `text`, or null when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  let pos = 0;
  const ws = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos] as string)) pos++;
  };
  const describe = () => (pos >= text.length ? 'the end of the text' : `'${text[pos]}'`);
  const expect = (what: string): never => {
    throw new Fail(pos, `expected ${what}, found ${describe()}`);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, pos)) pos += word.length;
    else expect('a value');
  };
  const string = () => {
    pos++; // opening quote
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        return;
      }
      if (c < 0x20) throw new Fail(pos, 'control character in a string');
      if (c === 0x5c) {
        const e = text[pos + 1] ?? '';
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) throw new Fail(pos, 'bad \\u escape');
          pos += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e) || e === '') throw new Fail(pos, 'bad escape in a string');
        pos += 2;
        continue;
      }
      pos++;
    }
    throw new Fail(pos, 'unterminated string');
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!m || m[0] === '' || m[0] === '-') expect('a value');
    pos += (m as RegExpExecArray)[0].length;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new Fail(pos, 'nested too deeply');
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      ws();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') expect('a property name in double quotes');
        string();
        ws();
        if (text[pos] !== ':') expect("':'");
        pos++;
        value(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return;
        }
        expect("',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      ws();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return;
        }
        expect("',' or ']'");
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    number();
  };
  try {
    value(0);
    ws();
    if (pos < text.length) expect('the end of the text');
    return null;
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, message: e.message };
    throw e;
  }
}
