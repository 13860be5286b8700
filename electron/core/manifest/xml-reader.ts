// Instrumentation manifest XML (.man / .xml / .manifest; schema
// http://schemas.microsoft.com/win/2004/08/events) → ProviderSchema[]. One function per manifest
// element (channel, level, task, opcode, keyword, map, template/data/struct; events in xml-events.ts) so
// each can be used on a single element. References (`win:*` names, chids, task/opcode/keyword names, template ids,
// `$(string.id)` messages) are resolved here; anything that does not resolve becomes a diagnostic
// that names the provider and element, and reading goes on. Text must already be decoded
// (text-decoding.ts does bytes → text).
import {
  normalizeGuid,
  type ChannelSchema,
  type FieldSchema,
  type KeywordSchema,
  type LevelSchema,
  type MapSchema,
  type OpcodeSchema,
  type ProviderSchema,
  type SchemaDiagnostic,
  type SchemaSource,
  type TaskSchema,
} from '../../common/model/schema';
import { resolveInTypeName, resolveOutTypeName } from './type-names';
import { FIRST_PROVIDER_CHANNEL, standardChannel } from './winmeta';
import {
  GUID_TEXT,
  newReadContext,
  parseIntegerText,
  parseMaskText,
  report,
  requireInteger,
  resolveMessage,
  setIf,
  type XmlReadContext,
} from './xml-context';
import { buildProviderScope, readEventElement } from './xml-events';
import { child, childrenNamed, parseXmlTree, validationError, type XmlElement } from './xml-tree';

export interface ManifestReadResult {
  providers: ProviderSchema[];
  diagnostics: SchemaDiagnostic[];
}

export function parseManifestXml(text: string, source: SchemaSource): ManifestReadResult {
  const diagnostics: SchemaDiagnostic[] = [];
  const fail = (code: string, message: string): ManifestReadResult => {
    const d: SchemaDiagnostic = { code, message };
    if (source.path !== undefined) d.path = source.path;
    diagnostics.push(d);
    return { providers: [], diagnostics };
  };
  const tree = parseXmlTree(text);
  if (!tree.ok) return fail('XML_MALFORMED', xmlErrorText(tree));
  // <instrumentationManifest>, or a Windows component manifest (<assembly>) holding <instrumentation>.
  const root = tree.roots.find((r) => r.name === 'instrumentationManifest' || child(r, 'instrumentation'));
  if (!root) {
    const v = validationError(text, 'no <instrumentationManifest> or <instrumentation> element');
    return fail(v.line ? 'XML_MALFORMED' : 'NOT_A_MANIFEST', xmlErrorText(v));
  }
  const ctx = newReadContext(readStringTable(root), source.path);
  ctx.diagnostics = diagnostics;
  if (tree.partial) {
    const d: SchemaDiagnostic = {
      code: 'XML_MALFORMED',
      message: `${xmlErrorText(tree.partial)}; what comes before was read`,
    };
    if (source.path !== undefined) d.path = source.path;
    diagnostics.push(d);
  }
  // The parser is lenient; a document whose root is not closed at its end is cut short or malformed:
  // say where (the strict validator is slow, so it runs only then) and keep what was read.
  const malformed =
    tree.partial || endsWithClosingTag(text, root.name) ? undefined : validationError(text, '');
  if (malformed?.message) {
    const d: SchemaDiagnostic = {
      code: 'XML_MALFORMED',
      message: `${xmlErrorText(malformed)}; what comes before was read`,
    };
    if (source.path !== undefined) d.path = source.path;
    diagnostics.push(d);
  }
  const providers: ProviderSchema[] = [];
  const instrumentation = child(root, 'instrumentation');
  const events = instrumentation ? child(instrumentation, 'events') : undefined;
  for (const p of events ? childrenNamed(events, 'provider') : []) {
    const provider = readProviderElement(p, ctx, source);
    if (provider) providers.push(provider);
  }
  if (providers.length === 0 && diagnostics.length === 0) {
    const v = validationError(text, 'the manifest defines no provider');
    return fail(v.line ? 'XML_MALFORMED' : 'NO_PROVIDERS', xmlErrorText(v));
  }
  return { providers, diagnostics };
}

function endsWithClosingTag(text: string, localName: string): boolean {
  const tail = text
    .slice(-400)
    .replace(/<!--[\s\S]*?-->/g, '')
    .trimEnd();
  const name = localName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`</\\s*(?:[\\w.-]+:)?${name}\\s*>$`).test(tail);
}

function xmlErrorText(e: { message: string; line?: number; column?: number }): string {
  if (e.line === undefined) return e.message;
  return `${e.message} (line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''})`;
}

/** The string table of the `<localization>` element: en-US when present, else the first culture. */
export function readStringTable(root: XmlElement): Map<string, string> {
  const strings = new Map<string, string>();
  const localization = child(root, 'localization');
  if (!localization) return strings;
  const cultures = childrenNamed(localization, 'resources');
  const chosen = cultures.find((r) => r.attrs.culture?.toLowerCase() === 'en-us') ?? cultures[0];
  const table = chosen ? child(chosen, 'stringTable') : undefined;
  for (const s of table ? childrenNamed(table, 'string') : []) {
    const id = s.attrs.id;
    if (id !== undefined) strings.set(id, s.attrs.value ?? s.text);
  }
  return strings;
}

// ---- element readers ----------------------------------------------------------------------------

/** `<channel>` / `<importChannel>`; `nextValue` is the value mc.exe would assign when none is given. */
export function readChannelElement(
  el: XmlElement,
  ctx: XmlReadContext,
  nextValue: number,
): ChannelSchema | undefined {
  const name = el.attrs.name;
  if (!name) {
    report(ctx, 'MISSING_ATTRIBUTE', `<${el.name}> without a name`);
    return undefined;
  }
  const imported = el.name === 'importChannel';
  const standard = imported ? standardChannel(name) : undefined;
  const explicit = parseIntegerText(el.attrs.value);
  const channel: ChannelSchema = { name, value: explicit ?? standard?.value ?? nextValue };
  setIf(channel, 'type', el.attrs.type ?? standard?.type);
  setIf(channel, 'chid', el.attrs.chid);
  setIf(channel, 'message', resolveMessage(el.attrs.message, ctx));
  if (imported) channel.imported = true;
  return channel;
}

export function readLevelElement(el: XmlElement, ctx: XmlReadContext): LevelSchema | undefined {
  const value = requireInteger(el, 'value', ctx);
  if (value === undefined || !el.attrs.name) return undefined;
  const level: LevelSchema = { name: el.attrs.name, value };
  setIf(level, 'message', resolveMessage(el.attrs.message, ctx));
  return level;
}

export function readOpcodeElement(
  el: XmlElement,
  ctx: XmlReadContext,
  task?: number,
): OpcodeSchema | undefined {
  const value = requireInteger(el, 'value', ctx);
  if (value === undefined || !el.attrs.name) return undefined;
  const opcode: OpcodeSchema = { name: el.attrs.name, value };
  if (task !== undefined) opcode.task = task;
  setIf(opcode, 'message', resolveMessage(el.attrs.message, ctx));
  return opcode;
}

/** `<task>`, with its own `<opcodes>` (returned separately, tagged with the task value). */
export function readTaskElement(
  el: XmlElement,
  ctx: XmlReadContext,
): { task: TaskSchema; opcodes: OpcodeSchema[] } | undefined {
  const value = requireInteger(el, 'value', ctx);
  if (value === undefined || !el.attrs.name) return undefined;
  const task: TaskSchema = { name: el.attrs.name, value };
  setIf(task, 'message', resolveMessage(el.attrs.message, ctx));
  const guid = el.attrs.eventGUID;
  if (guid) task.eventGuid = normalizeGuid(guid);
  const opcodes: OpcodeSchema[] = [];
  const list = child(el, 'opcodes');
  for (const o of list ? childrenNamed(list, 'opcode') : []) {
    const opcode = readOpcodeElement(o, ctx, value);
    if (opcode) opcodes.push(opcode);
  }
  return { task, opcodes };
}

export function readKeywordElement(el: XmlElement, ctx: XmlReadContext): KeywordSchema | undefined {
  const mask = parseMaskText(el.attrs.mask);
  if (mask === undefined || !el.attrs.name) {
    report(
      ctx,
      'BAD_VALUE',
      `<keyword name="${el.attrs.name ?? ''}"> mask="${el.attrs.mask ?? ''}" is not a 64-bit mask`,
    );
    return undefined;
  }
  const keyword: KeywordSchema = { name: el.attrs.name, mask };
  setIf(keyword, 'message', resolveMessage(el.attrs.message, ctx));
  return keyword;
}

/** `<valueMap>` / `<bitMap>` with their `<map value message>` entries. */
export function readMapElement(el: XmlElement, ctx: XmlReadContext): MapSchema | undefined {
  if (!el.attrs.name) {
    report(ctx, 'MISSING_ATTRIBUTE', `<${el.name}> without a name`);
    return undefined;
  }
  const map: MapSchema = {
    name: el.attrs.name,
    kind: el.name === 'bitMap' ? 'bitmap' : 'value',
    entries: [],
  };
  for (const m of childrenNamed(el, 'map')) {
    const value = requireInteger(m, 'value', ctx);
    if (value === undefined) continue;
    map.entries.push({ value, message: resolveMessage(m.attrs.message, ctx) ?? '' });
  }
  return map;
}

/** A `count` or `length` attribute: a number, or the name of the field that holds it. */
function countOrField(text: string | undefined): number | string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return parseIntegerText(text) ?? text.trim();
}

/** `<data>`: types are stored as TDH names without prefix ("UnicodeString", out-type "HexInt32"). */
export function readDataElement(el: XmlElement, ctx: XmlReadContext): FieldSchema | undefined {
  const name = el.attrs.name;
  const rawIn = el.attrs.inType;
  if (!name || !rawIn) {
    report(ctx, 'MISSING_ATTRIBUTE', `<data name="${name ?? ''}"> needs a name and an inType`);
    return undefined;
  }
  const resolved = resolveInTypeName(rawIn);
  if (!resolved) report(ctx, 'UNKNOWN_TYPE', `field ${name}: unknown inType "${rawIn}"`);
  const field: FieldSchema = { name, inType: resolved?.inType ?? bareTypeName(rawIn) };
  const rawOut = el.attrs.outType;
  if (rawOut) {
    const out = resolveOutTypeName(rawOut);
    if (out === undefined) report(ctx, 'UNKNOWN_TYPE', `field ${name}: unknown outType "${rawOut}"`);
    field.outType = out ?? bareTypeName(rawOut);
  } else if (resolved?.outType) {
    field.outType = resolved.outType;
  }
  setIf(field, 'length', countOrField(el.attrs.length));
  setIf(field, 'count', countOrField(el.attrs.count));
  setIf(field, 'map', el.attrs.map);
  return field;
}

function bareTypeName(name: string): string {
  return name.replace(/^(win|xs|trace):/, '');
}

/** `<struct name count length>` with nested `<data>`/`<struct>`. */
export function readStructElement(el: XmlElement, ctx: XmlReadContext, depth = 0): FieldSchema | undefined {
  const name = el.attrs.name;
  if (!name) {
    report(ctx, 'MISSING_ATTRIBUTE', '<struct> without a name');
    return undefined;
  }
  const field: FieldSchema = { name, inType: 'Struct', fields: readFieldList(el, ctx, depth + 1) };
  setIf(field, 'length', countOrField(el.attrs.length));
  setIf(field, 'count', countOrField(el.attrs.count));
  return field;
}

const MAX_STRUCT_DEPTH = 32;

/** The `<data>` and `<struct>` children of a template or struct, in order. */
export function readFieldList(el: XmlElement, ctx: XmlReadContext, depth = 0): FieldSchema[] {
  const fields: FieldSchema[] = [];
  if (depth > MAX_STRUCT_DEPTH) {
    report(ctx, 'TOO_DEEP', `structs nested deeper than ${MAX_STRUCT_DEPTH}`);
    return fields;
  }
  for (const c of el.children) {
    const f =
      c.name === 'data'
        ? readDataElement(c, ctx)
        : c.name === 'struct'
          ? readStructElement(c, ctx, depth)
          : undefined;
    if (f) fields.push(f);
  }
  return fields;
}

export function readTemplateElement(
  el: XmlElement,
  ctx: XmlReadContext,
): { tid: string; fields: FieldSchema[] } | undefined {
  const tid = el.attrs.tid;
  if (!tid) {
    report(ctx, 'MISSING_ATTRIBUTE', '<template> without a tid');
    return undefined;
  }
  return { tid, fields: readFieldList(el, ctx) };
}

function listOf<T>(
  el: XmlElement,
  container: string,
  item: string,
  read: (e: XmlElement) => T | undefined,
): T[] {
  const out: T[] = [];
  const list = child(el, container);
  for (const c of list ? childrenNamed(list, item) : []) {
    const v = read(c);
    if (v !== undefined) out.push(v);
  }
  return out;
}

/** `<provider>`: every list, then the events that refer into them. */
export function readProviderElement(
  el: XmlElement,
  ctx: XmlReadContext,
  source: SchemaSource,
): ProviderSchema | undefined {
  const a = el.attrs;
  if (!a.guid || !a.name) {
    report(ctx, 'MISSING_ATTRIBUTE', `<provider name="${a.name ?? ''}"> needs a name and a guid`);
    return undefined;
  }
  if (!GUID_TEXT.test(a.guid.trim())) {
    report(ctx, 'BAD_VALUE', `<provider name="${a.name}"> guid="${a.guid}" is not a GUID`);
    return undefined;
  }
  const outer = ctx.where;
  ctx.where = `provider ${a.name}`;
  const channels: ChannelSchema[] = [];
  const channelList = child(el, 'channels');
  let next = FIRST_PROVIDER_CHANNEL;
  for (const c of channelList?.children ?? []) {
    if (c.name !== 'channel' && c.name !== 'importChannel') continue;
    const channel = readChannelElement(c, ctx, next);
    if (!channel) continue;
    channels.push(channel);
    if (channel.value >= next) next = channel.value + 1;
  }
  const opcodes: OpcodeSchema[] = [];
  const tasks = listOf(el, 'tasks', 'task', (t) => {
    const r = readTaskElement(t, ctx);
    if (r) opcodes.push(...r.opcodes);
    return r?.task;
  });
  opcodes.unshift(...listOf(el, 'opcodes', 'opcode', (o) => readOpcodeElement(o, ctx)));
  const templates = new Map<string, FieldSchema[]>();
  for (const t of listOf(el, 'templates', 'template', (t) => readTemplateElement(t, ctx))) {
    if (templates.has(t.tid)) report(ctx, 'DUPLICATE', `template "${t.tid}" is defined twice`);
    templates.set(t.tid, t.fields);
  }
  const maps: MapSchema[] = [];
  const mapList = child(el, 'maps');
  for (const m of mapList?.children ?? []) {
    if (m.name !== 'valueMap' && m.name !== 'bitMap') continue;
    const map = readMapElement(m, ctx);
    if (map) maps.push(map);
  }
  const provider: ProviderSchema = {
    guid: normalizeGuid(a.guid),
    name: a.name,
    source,
    events: [],
    keywords: listOf(el, 'keywords', 'keyword', (k) => readKeywordElement(k, ctx)),
    levels: listOf(el, 'levels', 'level', (l) => readLevelElement(l, ctx)),
    opcodes,
    tasks,
    channels,
    maps,
  };
  setIf(provider, 'symbol', a.symbol);
  setIf(provider, 'resourceFileName', a.resourceFileName);
  setIf(provider, 'messageFileName', a.messageFileName);
  setIf(provider, 'message', resolveMessage(a.message, ctx));
  const scope = buildProviderScope(provider, templates);
  provider.events = listOf(el, 'events', 'event', (e) => readEventElement(e, scope, ctx));
  const missing = ctx.missingStrings ?? [];
  if (missing.length) {
    report(
      ctx,
      'UNRESOLVED_STRING',
      `${missing.length} messages refer to strings the string table lacks (first: ${missing[0]}); they are left out`,
    );
    ctx.missingStrings = [];
  }
  ctx.where = outer;
  return provider;
}
