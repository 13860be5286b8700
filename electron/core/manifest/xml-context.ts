// What the manifest XML element readers share: the read context (string table, diagnostics, where we
// are), `$(string.id)` message resolution and the number/mask attribute parsers.
import type { SchemaDiagnostic } from '../../common/model/schema';
import type { XmlElement } from './xml-tree';

/** What element readers need: the string table and a place to report problems. */
export interface XmlReadContext {
  strings: ReadonlyMap<string, string>;
  diagnostics: SchemaDiagnostic[];
  path?: string;
  /** Where the reader is, for messages ("provider X, event 12"). */
  where: string;
  /** `$(string.id)` references the string table lacks (reported once per provider). */
  missingStrings?: string[];
}

export function newReadContext(
  strings: ReadonlyMap<string, string> = new Map(),
  path?: string,
): XmlReadContext {
  return { strings, diagnostics: [], path, where: '' };
}

export function report(ctx: XmlReadContext, code: string, message: string): void {
  const d: SchemaDiagnostic = { code, message: ctx.where ? `${ctx.where}: ${message}` : message };
  if (ctx.path !== undefined) d.path = ctx.path;
  ctx.diagnostics.push(d);
}

export const GUID_TEXT = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const STRING_REF = /^\$\(string\.(.+)\)$/;

/** A `message` attribute: `$(string.id)` from the string table, or literal text. */
export function resolveMessage(value: string | undefined, ctx: XmlReadContext): string | undefined {
  if (value === undefined) return undefined;
  const ref = STRING_REF.exec(value.trim());
  if (!ref) return value;
  const text = ctx.strings.get(ref[1] as string);
  if (text === undefined) (ctx.missingStrings ??= []).push(ref[1] as string);
  return text;
}

/** Integer attribute (decimal or 0x hex). */
export function parseIntegerText(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^[0-9]+$/.test(t)) return parseInt(t, 10);
  return undefined;
}

/** Keyword mask (decimal or hex, up to 64 bits) → canonical "0x…" lowercase, or undefined. */
export function parseMaskText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^(0x[0-9a-f]{1,16}|[0-9]{1,20})$/i.test(t)) return undefined;
  const v = BigInt(t);
  return v > 0xffffffffffffffffn ? undefined : `0x${v.toString(16)}`;
}

export function requireInteger(el: XmlElement, attr: string, ctx: XmlReadContext): number | undefined {
  const raw = el.attrs[attr];
  const v = parseIntegerText(raw);
  if (v === undefined) {
    report(
      ctx,
      'BAD_VALUE',
      `<${el.name} name="${el.attrs.name ?? ''}"> ${attr}="${raw ?? ''}" is not a number`,
    );
  }
  return v;
}

export function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
