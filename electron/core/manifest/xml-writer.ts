// ProviderSchema[] → instrumentation manifest XML (schema http://schemas.microsoft.com/win/2004/08/events)
// that xml-reader.ts reads back to the same model (modulo `source`): explicit channel values, per-task
// opcodes nested in their task, templates shared by events that share a field list, messages in an
// en-US string table, event keywords written as names (the channel's keyword bit is implied by the
// channel, as mc.exe does). Used by `etwx manifest --xml` and the UI's "export manifest".
import type {
  ChannelSchema,
  EventSchema,
  FieldSchema,
  KeywordSchema,
  OpcodeSchema,
  ProviderSchema,
} from '../../common/model/schema';
import { STANDARD_KEYWORDS, STANDARD_CHANNELS } from './winmeta';
import { STANDARD_LEVELS, STANDARD_OPCODES } from '../../common/model/schema';
import { channelKeywordBits } from './xml-events';

const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Attribute value: markup and control characters escaped; edge whitespace as character references. */
export function escapeAttribute(value: string): string {
  let out = '';
  for (const c of value) {
    const code = c.charCodeAt(0);
    out += ATTR_ESCAPES[c] ?? (code < 0x20 ? `&#x${code.toString(16).toUpperCase()};` : c);
  }
  return out.replace(/^ +| +$/g, (spaces) => '&#x20;'.repeat(spaces.length));
}

type Attrs = [string, string | number | undefined][];

function element(indent: string, name: string, attrs: Attrs, children?: string[]): string {
  const a = attrs
    .filter((x): x is [string, string | number] => x[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`)
    .join('');
  if (!children || children.length === 0) return `${indent}<${name}${a}/>`;
  return [`${indent}<${name}${a}>`, ...children, `${indent}</${name}>`].join('\n');
}

/** Messages become `$(string.id)` references into one string table (equal texts share an id). */
class StringTable {
  private readonly ids = new Map<string, string>();
  ref(text: string | undefined, hint: string): string | undefined {
    if (text === undefined) return undefined;
    let id = this.ids.get(text);
    if (!id) {
      id = `${hint}.${this.ids.size + 1}`;
      this.ids.set(text, id);
    }
    return `$(string.${id})`;
  }
  render(indent: string): string[] {
    return [...this.ids].map(([text, id]) =>
      element(indent, 'string', [
        ['id', id],
        ['value', text],
      ]),
    );
  }
}

const XS_OUT_TYPES: Record<string, string> = {
  String: 'xs:string',
  DateTime: 'xs:dateTime',
  Byte: 'xs:byte',
  UnsignedByte: 'xs:unsignedByte',
  Short: 'xs:short',
  UnsignedShort: 'xs:unsignedShort',
  Int: 'xs:int',
  UnsignedInt: 'xs:unsignedInt',
  Long: 'xs:long',
  UnsignedLong: 'xs:unsignedLong',
  Float: 'xs:float',
  Double: 'xs:double',
  Boolean: 'xs:boolean',
  GUID: 'xs:GUID',
  HexBinary: 'xs:hexBinary',
};
const IN_TYPE_NAMES: Record<string, string> = { CountedString: 'CountedUnicodeString' };

const inTypeText = (t: string) => `win:${IN_TYPE_NAMES[t] ?? t}`;
const outTypeText = (t: string) => XS_OUT_TYPES[t] ?? `win:${t}`;

function fieldElement(f: FieldSchema, indent: string): string {
  const common: Attrs = [
    ['name', f.name],
    ['count', f.count],
    ['length', f.length],
  ];
  if (f.inType === 'Struct' && f.fields) {
    return element(
      indent,
      'struct',
      common,
      f.fields.map((x) => fieldElement(x, indent + '  ')),
    );
  }
  return element(indent, 'data', [
    ['name', f.name],
    ['inType', inTypeText(f.inType)],
    ['outType', f.outType === undefined ? undefined : outTypeText(f.outType)],
    ['count', f.count],
    ['length', f.length],
    ['map', f.map],
  ]);
}

/** Template ids for every distinct field list (events sharing a list share a template). */
function assignTemplates(events: readonly EventSchema[]): {
  byEvent: Map<EventSchema, string>;
  templates: [string, FieldSchema[]][];
} {
  const byEvent = new Map<EventSchema, string>();
  const templates: [string, FieldSchema[]][] = [];
  const byTid = new Map<string, FieldSchema[]>();
  const byList = new Map<FieldSchema[], string>();
  const json = new Map<FieldSchema[], string>();
  const same = (a: FieldSchema[], b: FieldSchema[]) => {
    if (a === b) return true;
    const ja = json.get(a) ?? JSON.stringify(a);
    const jb = json.get(b) ?? JSON.stringify(b);
    json.set(a, ja).set(b, jb);
    return ja === jb;
  };
  for (const e of events) {
    if (e.template === undefined && e.fields.length === 0) continue;
    const known = byList.get(e.fields);
    if (known && (e.template === undefined || e.template === known)) {
      byEvent.set(e, known);
      continue;
    }
    let tid = e.template ?? `T_${e.id}_v${e.version}`;
    const existing = byTid.get(tid);
    if (existing && !same(existing, e.fields)) {
      let n = 2;
      while (byTid.has(`${tid}_${n}`)) n++;
      tid = `${tid}_${n}`;
    }
    if (!byTid.has(tid)) {
      byTid.set(tid, e.fields);
      templates.push([tid, e.fields]);
    }
    byList.set(e.fields, tid);
    byEvent.set(e, tid);
  }
  return { byEvent, templates };
}

/** Keyword names whose masks OR to `mask` (provider keywords first, then win:*; leftovers as hex). */
export function keywordNames(mask: bigint, keywords: readonly KeywordSchema[]): string | undefined {
  let left = mask;
  const names: string[] = [];
  for (const k of [...keywords, ...STANDARD_KEYWORDS]) {
    const m = BigInt(k.mask);
    if (m !== 0n && (m & left) === m) {
      names.push(k.name);
      left &= ~m;
    }
  }
  if (left !== 0n) names.push(`0x${left.toString(16)}`);
  return names.length ? names.join(' ') : undefined;
}

function channelRef(value: number, channels: readonly ChannelSchema[]): string {
  const c = channels.find((x) => x.value === value);
  if (c) return c.chid ?? c.name;
  return STANDARD_CHANNELS.find((x) => x.value === value)?.name ?? String(value);
}

function opcodeRef(e: EventSchema, opcodes: readonly OpcodeSchema[]): string | undefined {
  if (e.opcode === 0 && !opcodes.some((o) => o.value === 0)) return undefined;
  const o =
    opcodes.find((x) => x.value === e.opcode && x.task === e.task && e.task !== 0) ??
    opcodes.find((x) => x.value === e.opcode && x.task === undefined) ??
    STANDARD_OPCODES.find((x) => x.value === e.opcode);
  return o?.name ?? String(e.opcode);
}

function providerElement(p: ProviderSchema, strings: StringTable, indent: string): string {
  const i1 = indent + '  ';
  const i2 = i1 + '  ';
  const i3 = i2 + '  ';
  const children: string[] = [];
  const list = (name: string, items: string[]) => {
    if (items.length) children.push(element(i1, name, [], items));
  };

  // channels: values written out; importChannel keeps only what the reader cannot infer
  let next = 16;
  list(
    'channels',
    p.channels.map((c) => {
      const inferred = c.imported
        ? (STANDARD_CHANNELS.find((s) => s.name === c.name)?.value ?? next)
        : undefined;
      if (c.value >= next) next = c.value + 1;
      if (c.imported) {
        return element(i2, 'importChannel', [
          ['name', c.name],
          ['chid', c.chid],
          ['value', inferred === c.value ? undefined : c.value],
          ['message', strings.ref(c.message, 'channel')],
        ]);
      }
      return element(i2, 'channel', [
        ['name', c.name],
        ['chid', c.chid],
        ['type', c.type],
        ['value', c.value],
        ['message', strings.ref(c.message, 'channel')],
      ]);
    }),
  );
  list(
    'levels',
    p.levels.map((l) =>
      element(i2, 'level', [
        ['name', l.name],
        ['value', l.value],
        ['message', strings.ref(l.message, 'level')],
      ]),
    ),
  );
  list(
    'tasks',
    p.tasks.map((t) => {
      const own = p.opcodes.filter((o) => o.task === t.value);
      const nested = own.map((o) =>
        element(i3 + '  ', 'opcode', [
          ['name', o.name],
          ['value', o.value],
          ['message', strings.ref(o.message, 'opcode')],
        ]),
      );
      return element(
        i2,
        'task',
        [
          ['name', t.name],
          ['value', t.value],
          ['eventGUID', t.eventGuid ? `{${t.eventGuid}}` : undefined],
          ['message', strings.ref(t.message, 'task')],
        ],
        nested.length ? [element(i3, 'opcodes', [], nested)] : undefined,
      );
    }),
  );
  const taskValues = new Set(p.tasks.map((t) => t.value));
  list(
    'opcodes',
    p.opcodes
      .filter((o) => o.task === undefined || !taskValues.has(o.task))
      .map((o) =>
        element(i2, 'opcode', [
          ['name', o.name],
          ['value', o.value],
          ['message', strings.ref(o.message, 'opcode')],
        ]),
      ),
  );
  list(
    'keywords',
    p.keywords.map((k) =>
      element(i2, 'keyword', [
        ['name', k.name],
        ['mask', k.mask],
        ['message', strings.ref(k.message, 'keyword')],
      ]),
    ),
  );
  list(
    'maps',
    p.maps.map((m) =>
      element(
        i2,
        m.kind === 'bitmap' ? 'bitMap' : 'valueMap',
        [['name', m.name]],
        m.entries.map((e) =>
          element(i3, 'map', [
            ['value', m.kind === 'bitmap' ? `0x${e.value.toString(16)}` : e.value],
            ['message', strings.ref(e.message, 'map')],
          ]),
        ),
      ),
    ),
  );
  const { byEvent, templates } = assignTemplates(p.events);
  list(
    'templates',
    templates.map(([tid, fields]) =>
      element(
        i2,
        'template',
        [['tid', tid]],
        fields.map((f) => fieldElement(f, i3)),
      ),
    ),
  );
  const channelBits = channelKeywordBits(p.channels);
  list(
    'events',
    p.events.map((e) => {
      const channelBit = e.channel === undefined ? 0n : (channelBits.get(e.channel) ?? 0n);
      const level =
        p.levels.find((l) => l.value === e.level) ?? STANDARD_LEVELS.find((l) => l.value === e.level);
      const task = p.tasks.find((t) => t.value === e.task);
      return element(i2, 'event', [
        ['value', e.id],
        ['version', e.version],
        ['symbol', e.symbol],
        ['channel', e.channel === undefined ? undefined : channelRef(e.channel, p.channels)],
        ['level', e.level === 0 && !level ? undefined : (level?.name ?? e.level)],
        ['task', e.task === 0 ? undefined : (task?.name ?? e.task)],
        ['opcode', opcodeRef(e, p.opcodes)],
        ['keywords', keywordNames(BigInt(e.keywords) & ~channelBit, p.keywords)],
        ['template', byEvent.get(e)],
        ['message', strings.ref(e.message, 'event')],
      ]);
    }),
  );
  return element(
    indent,
    'provider',
    [
      ['name', p.name],
      ['guid', `{${p.guid}}`],
      ['symbol', p.symbol],
      ['resourceFileName', p.resourceFileName],
      ['messageFileName', p.messageFileName],
      ['message', strings.ref(p.message, 'provider')],
    ],
    children,
  );
}

/** A complete manifest document for the providers. */
export function writeManifestXml(providers: readonly ProviderSchema[]): string {
  const strings = new StringTable();
  const body = providers.map((p) => providerElement(p, strings, '      '));
  const table = strings.render('          ');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<instrumentationManifest xmlns="http://schemas.microsoft.com/win/2004/08/events"',
    '    xmlns:win="http://manifests.microsoft.com/win/2004/08/windows/events"',
    '    xmlns:xs="http://www.w3.org/2001/XMLSchema"',
    '    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    '  <instrumentation>',
    '    <events>',
    ...body,
    '    </events>',
    '  </instrumentation>',
    '  <localization>',
    '    <resources culture="en-US">',
    table.length
      ? ['      <stringTable>', ...table, '      </stringTable>'].join('\n')
      : '      <stringTable/>',
    '    </resources>',
    '  </localization>',
    '</instrumentationManifest>',
    '',
  ].join('\n');
}
