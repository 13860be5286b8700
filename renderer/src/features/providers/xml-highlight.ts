// A tiny XML syntax highlighter for the manifest view: splits one line into tokens (tag names and
// brackets, attribute names, quoted values, comments, processing instructions, CDATA, entities, text).
// State carries from line to line (a comment or a quoted value may span lines), so a long manifest is
// scanned once for the state at each line start and only the visible lines are tokenized for display.

export type TokenKind = 'tag' | 'attr' | 'value' | 'comment' | 'pi' | 'cdata' | 'entity' | 'punct' | 'text';

export interface Token {
  kind: TokenKind;
  text: string;
}

export type LexState =
  { mode: 'text' | 'tag' | 'comment' | 'cdata' | 'pi' } | { mode: 'value'; quote: '"' | "'" };

export const START: LexState = { mode: 'text' };

const TAG_OPEN = /^<\/?[A-Za-z_:][\w:.-]*/;
const ATTR_NAME = /^[^\s=>/"']+/;
const SPACE = /^\s+/;
const ENTITY = /&(?:#x[0-9a-fA-F]+|#\d+|[A-Za-z][\w.-]*);/g;

/** Text with entity references split out as their own tokens. */
function pushText(out: Token[], text: string, kind: 'text' | 'value'): void {
  let last = 0;
  for (const m of text.matchAll(ENTITY)) {
    if (m.index > last) out.push({ kind, text: text.slice(last, m.index) });
    out.push({ kind: 'entity', text: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ kind, text: text.slice(last) });
}

/** Emits up to and including `end` (or the rest of the line) as `kind`; true when `end` was found. */
function until(line: string, at: number, end: string, kind: TokenKind, out: Token[]): [number, boolean] {
  const found = line.indexOf(end, at);
  const stop = found < 0 ? line.length : found + end.length;
  if (stop > at) out.push({ kind, text: line.slice(at, stop) });
  return [stop, found >= 0];
}

export function tokenizeLine(line: string, state: LexState): { tokens: Token[]; state: LexState } {
  const out: Token[] = [];
  let s: LexState = state;
  let i = 0;
  while (i < line.length) {
    const rest = line.slice(i);
    switch (s.mode) {
      case 'text': {
        const lt = line.indexOf('<', i);
        if (lt < 0) {
          pushText(out, rest, 'text');
          i = line.length;
          break;
        }
        if (lt > i) pushText(out, line.slice(i, lt), 'text');
        i = lt;
        const here = line.slice(i);
        if (here.startsWith('<!--')) s = { mode: 'comment' };
        else if (here.startsWith('<![CDATA[')) s = { mode: 'cdata' };
        else if (here.startsWith('<?')) s = { mode: 'pi' };
        else {
          const tag = TAG_OPEN.exec(here);
          if (tag) {
            out.push({ kind: 'tag', text: tag[0] });
            i += tag[0].length;
            s = { mode: 'tag' };
          } else {
            out.push({ kind: 'text', text: '<' });
            i++;
          }
        }
        break;
      }
      case 'comment':
      case 'cdata':
      case 'pi': {
        const end = s.mode === 'comment' ? '-->' : s.mode === 'cdata' ? ']]>' : '?>';
        const [next, closed] = until(line, i, end, s.mode, out);
        i = next;
        if (closed) s = START;
        break;
      }
      case 'tag': {
        const space = SPACE.exec(rest);
        if (space) {
          out.push({ kind: 'text', text: space[0] });
          i += space[0].length;
        } else if (rest.startsWith('/>') || rest.startsWith('>')) {
          const close = rest.startsWith('/>') ? '/>' : '>';
          out.push({ kind: 'tag', text: close });
          i += close.length;
          s = START;
        } else if (rest[0] === '"' || rest[0] === "'") {
          out.push({ kind: 'value', text: rest[0] });
          s = { mode: 'value', quote: rest[0] };
          i++;
        } else if (rest[0] === '=') {
          out.push({ kind: 'punct', text: '=' });
          i++;
        } else {
          const name = ATTR_NAME.exec(rest);
          const text = name ? name[0] : (rest[0] as string);
          out.push({ kind: 'attr', text });
          i += text.length;
        }
        break;
      }
      case 'value': {
        const close = line.indexOf(s.quote, i);
        const stop = close < 0 ? line.length : close + 1;
        pushText(out, line.slice(i, stop), 'value');
        i = stop;
        if (close >= 0) s = { mode: 'tag' };
        break;
      }
    }
  }
  return { tokens: out, state: s };
}

/** The lexer state at the start of every line (index = line number). */
export function lineStates(lines: readonly string[]): LexState[] {
  const states: LexState[] = new Array<LexState>(lines.length);
  let s = START;
  for (let i = 0; i < lines.length; i++) {
    states[i] = s;
    s = tokenizeLine(lines[i] as string, s).state;
  }
  return states;
}
