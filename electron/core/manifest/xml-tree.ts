// A small element tree over fast-xml-parser's ordered output: {name, attrs, children, text}, with
// namespace prefixes removed and entities (named and numeric) decoded once, here. The manifest reader
// walks this tree; order of children is kept (templates mix <data> and <struct>).
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: false,
  removeNSPrefix: false, // XmlElement strips prefixes from tag names: cheaper than the per-attribute pass
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  jPath: false, // no path strings per node: nothing here uses them
});

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;

/** Decodes the five XML entities and numeric character references in one pass. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, body: string) => {
    if (body.charCodeAt(0) !== 0x23) return NAMED[body] ?? whole;
    const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

type OrderedNode = Record<string, unknown>;
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * One element of the library's ordered output, wrapped without copying: attribute objects are reused
 * (values entity-decoded in place), children and text are built on first use (most leaf elements
 * never need them).
 */
export class XmlElement {
  /** Local name (namespace prefix removed). */
  readonly name: string;
  /** Attributes as written (qualified names, e.g. `xmlns:win`, stay qualified); values decoded. */
  readonly attrs: Record<string, string>;
  private kids: XmlElement[] | undefined;
  private content: string | undefined;

  constructor(
    private readonly raw: OrderedNode,
    qualifiedName: string,
  ) {
    this.name = localName(qualifiedName);
    const rawAttrs = raw[':@'] as Record<string, unknown> | undefined;
    if (rawAttrs) {
      for (const k in rawAttrs) {
        const v = rawAttrs[k];
        if (typeof v !== 'string') rawAttrs[k] = String(v);
        else if (v.includes('&')) rawAttrs[k] = decodeEntities(v);
      }
      this.attrs = rawAttrs as Record<string, string>;
    } else {
      this.attrs = NO_ATTRS;
    }
  }

  /** Child elements in document order. */
  get children(): XmlElement[] {
    if (!this.kids) this.build();
    return this.kids as XmlElement[];
  }

  /** Text directly inside this element (trimmed). */
  get text(): string {
    if (this.content === undefined) this.build();
    return this.content as string;
  }

  private build(): void {
    const kids: XmlElement[] = [];
    let text = '';
    const rawChildren = this.raw[nodeName(this.raw) ?? ''];
    if (Array.isArray(rawChildren)) {
      for (const c of rawChildren as OrderedNode[]) {
        const name = nodeName(c);
        if (name === undefined) continue;
        if (name === '#text') {
          const v = c['#text'];
          text += typeof v === 'string' ? decodeEntities(v) : v === undefined ? '' : String(v);
        } else {
          kids.push(new XmlElement(c, name));
        }
      }
    }
    this.kids = kids;
    this.content = text.trim();
  }
}

/** The tag (or "#text") of an ordered-output node: its first key that is not the attribute map. */
function nodeName(node: OrderedNode): string | undefined {
  for (const k in node) if (k !== ':@') return k;
  return undefined;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

export interface XmlError {
  message: string;
  line?: number;
  column?: number;
}

export type XmlParseResult =
  | { ok: true; roots: XmlElement[]; /** set when only a prefix could be read */ partial?: XmlError }
  | ({ ok: false } & XmlError);

function rootsOf(raw: unknown): XmlElement[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const roots: XmlElement[] = [];
  for (const n of raw as OrderedNode[]) {
    const name = nodeName(n);
    if (name !== undefined && name !== '#text') roots.push(new XmlElement(n, name));
  }
  return roots;
}

/**
 * Parses a document into its top-level elements. Malformed input gives an error with line and
 * column; a document the parser gives up on (e.g. cut short) is read again up to its last complete
 * tag with the elements still open closed, and what that holds is returned with the error as `partial`.
 */
export function parseXmlTree(text: string): XmlParseResult {
  try {
    const roots = rootsOf(parser.parse(text));
    return roots ? { ok: true, roots } : { ok: false, message: 'not an XML document' };
  } catch (e) {
    const error = describeError(text, validationError(text, e instanceof Error ? e.message : String(e)));
    const partial = { message: error.message, line: error.line, column: error.column };
    const cuts = new Set([text.lastIndexOf('>')]);
    if (error.line !== undefined && error.line > 1)
      cuts.add(text.lastIndexOf('>', lineStart(text, error.line)));
    for (const cut of cuts) {
      if (cut <= 0) continue;
      try {
        const prefix = text.slice(0, cut + 1);
        const roots = rootsOf(parser.parse(prefix + closingTags(prefix)));
        if (roots?.length) return { ok: true, roots, partial };
      } catch {
        // try the next cut; if none works the error stands alone
      }
    }
    return error;
  }
}

/** The parser reports elements left open at the end as "Invalid '[...]' found" at line 1: say it plainly. */
function describeError(text: string, error: XmlError & { ok: false }): XmlError & { ok: false } {
  if (!error.message.startsWith("Invalid '[")) return error;
  const open = closingTags(text);
  const innermost = /^<\/([^>]+)>/.exec(open)?.[1];
  const lines = text.split('\n').length;
  return {
    ok: false,
    message: `the document ends with ${open.split('</').length - 1} elements still open (innermost <${innermost ?? '?'}>)`,
    line: lines,
  };
}

/** Index of the first character of a 1-based line. */
function lineStart(text: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at;
}

const TAG =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>|<(\/?)([A-Za-z_][\w:.-]*)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

/** End tags for the elements a document prefix leaves open (innermost first). */
export function closingTags(prefix: string): string {
  const open: string[] = [];
  for (const m of prefix.matchAll(TAG)) {
    const name = m[2];
    if (name === undefined || m[3] === '/') continue;
    if (m[1] === '/') {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    } else {
      open.push(name);
    }
  }
  return open
    .reverse()
    .map((n) => `</${n}>`)
    .join('');
}

/** Runs the strict validator to say where a document is malformed. */
export function validationError(text: string, fallback: string): XmlParseResult & { ok: false } {
  const v = XMLValidator.validate(text);
  if (v === true) return { ok: false, message: fallback };
  return { ok: false, message: v.err.msg, line: v.err.line, column: v.err.col };
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
