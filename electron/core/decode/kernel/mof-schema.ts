// MOF classes (mof-reader.ts) to ProviderSchema: one ProviderSchema per event class GUID, the way
// classic events are identified (EVENT_TRACE_HEADER.Guid, or the kernel group's class GUID), with one
// EventSchema per (EventType, EventVersion) of each event-type class. Property mapping follows
// learn.microsoft.com "Event Tracing MOF Qualifiers" and shared/docs/etw-formats.md §7.2:
//   pointer / extension("SizeT")  -> Pointer          extension("Sid")   -> WbemSID
//   extension("IPAddrV4"/"IPAddr") -> UInt32 + IPv4    extension("IPAddrV6") -> Binary[16] + IPv6
//   extension("Port")             -> UInt16 + Port   extension("Guid")  -> GUID
//   extension("WmiTime")          -> UInt64          extension("NoPrint") -> Binary
//   string + StringTermination("NullTerminated") -> UnicodeString with format("w"), else AnsiString
//   string without StringTermination -> AnsiString (as TraceEvent and the PerfView .man.xml read it)
//   char16 X[N] -> UnicodeString of N chars;  uintN X[N] -> N-element array;  format("x") -> Hex out-type
// Used to load user .mof files and, in tests, to check the built-in kernel tables against the kernel MOF.

import type {
  EventSchema,
  FieldSchema,
  ProviderSchema,
  SchemaDiagnostic,
} from '../../../common/model/schema';
import { normalizeGuid } from '../../../common/model/schema';
import {
  type MofClass,
  type MofDocument,
  type MofProperty,
  type MofValue,
  qualifierList,
  qualifierString,
} from './mof-reader';

export interface MofSchemaOptions {
  /** Source path recorded in the schema. */
  path?: string;
  /**
   * Version of an event class that has no EventVersion qualifier and no versioned siblings (the MOF
   * rule: "optional for the latest version"). The kernel's Vista MOF needs 2; the default is 0.
   */
  unversionedClassVersion?: number;
}

export interface MofSchemaResult {
  providers: ProviderSchema[];
  diagnostics: SchemaDiagnostic[];
}

const SCALARS: Record<string, string> = {
  uint8: 'UInt8',
  sint8: 'Int8',
  uint16: 'UInt16',
  sint16: 'Int16',
  uint32: 'UInt32',
  sint32: 'Int32',
  uint64: 'UInt64',
  sint64: 'Int64',
  real32: 'Float',
  real64: 'Double',
  boolean: 'Boolean',
  char16: 'UnicodeChar',
  char8: 'AnsiChar',
  datetime: 'UInt64',
};
const HEX_OUT: Record<string, string> = {
  UInt8: 'HexInt8',
  UInt16: 'HexInt16',
  UInt32: 'HexInt32',
  UInt64: 'HexInt64',
};

/** Converts one MOF property to a field; undefined (plus a diagnostic) when the type is unknown. */
export function mofPropertyToField(p: MofProperty, problems: string[]): FieldSchema | undefined {
  const q = p.qualifiers;
  const ext = qualifierString(q, 'extension')?.toLowerCase();
  const format = qualifierString(q, 'format')?.toLowerCase();
  const sizeIs = qualifierString(q, 'WmiSizeIs');
  const count = sizeIs ?? (typeof p.array === 'number' ? p.array : undefined);
  const withCount = (f: FieldSchema): FieldSchema => (count !== undefined ? { ...f, count } : f);
  const name = p.name;

  if (q['pointer'] === true || ext === 'sizet') return withCount({ name, inType: 'Pointer' });
  switch (ext) {
    case 'sid':
      return { name, inType: 'WbemSID' };
    case 'ipaddrv4':
    case 'ipaddr':
      return withCount({ name, inType: 'UInt32', outType: 'IPv4' });
    case 'ipaddrv6':
      return withCount({ name, inType: 'Binary', outType: 'IPv6', length: 16 });
    case 'port':
      return withCount({ name, inType: 'UInt16', outType: 'Port' });
    case 'guid':
      return withCount({ name, inType: 'GUID' });
    case 'wmitime':
      return withCount({ name, inType: 'UInt64' });
    case 'noprint':
      break; // the declared type says how big it is
    case undefined:
      break;
    default:
      problems.push(`property ${name}: unknown extension("${ext}")`);
  }

  if (p.type === 'string') {
    const term = qualifierString(q, 'StringTermination')?.toLowerCase() ?? 'nullterminated';
    const wide = format === 'w';
    const maxLen = q['maxlen'];
    if (term === 'counted') return { name, inType: wide ? 'WbemCountedString' : 'WbemCountedAnsiString' };
    if (term === 'reversecounted')
      return { name, inType: wide ? 'ReversedCountedString' : 'ReversedCountedAnsiString' };
    if (term === 'notcounted')
      return { name, inType: wide ? 'NonNullTerminatedString' : 'NonNullTerminatedAnsiString' };
    if (term !== 'nullterminated') problems.push(`property ${name}: unknown StringTermination("${term}")`);
    const f: FieldSchema = { name, inType: wide ? 'UnicodeString' : 'AnsiString' };
    return typeof maxLen === 'number' ? { ...f, length: maxLen } : f;
  }
  if ((p.type === 'char16' || p.type === 'char8') && p.array !== undefined) {
    const inType = p.type === 'char16' ? 'UnicodeString' : 'AnsiString';
    if (typeof p.array === 'number') return { name, inType, length: p.array };
    if (sizeIs) return { name, inType, length: sizeIs };
    problems.push(`property ${name}: character array without a size`);
    return { name, inType };
  }
  if (p.type === 'object') {
    problems.push(`property ${name}: object without a known extension`);
    return undefined;
  }
  const inType = SCALARS[p.type];
  if (!inType) {
    problems.push(`property ${name}: unknown type ${p.type}`);
    return undefined;
  }
  const hex = format === 'x' ? HEX_OUT[inType] : undefined;
  if (p.array === 'dynamic' && !sizeIs) problems.push(`property ${name}: array without WmiSizeIs`);
  return withCount(hex ? { name, inType, outType: hex } : { name, inType });
}

function dataId(p: MofProperty): number | undefined {
  const v = p.qualifiers['wmidataid'];
  return typeof v === 'number' ? v : undefined;
}

/** Builds provider schemas from a MOF document. */
export function mofToProviders(doc: MofDocument, options: MofSchemaOptions = {}): MofSchemaResult {
  const diagnostics: SchemaDiagnostic[] = [];
  const byName = new Map<string, MofClass>();
  for (const c of doc.classes) byName.set(c.name.toLowerCase(), c);
  const parentOf = (c: MofClass) => (c.superclass ? byName.get(c.superclass.toLowerCase()) : undefined);
  const report = (code: string, message: string) =>
    diagnostics.push({ ...(options.path ? { path: options.path } : {}), code, message });

  /** Nearest class (itself included) that carries a Guid: the event class of an event-type class. */
  const eventClassOf = (c: MofClass): MofClass | undefined => {
    let cur: MofClass | undefined = c;
    for (let depth = 0; cur && depth < 64; depth++, cur = parentOf(cur))
      if (qualifierString(cur.qualifiers, 'Guid')) return cur;
    return undefined;
  };
  /** Root class under EventTrace: the provider (e.g. MSNT_SystemTrace). */
  const providerClassOf = (c: MofClass): MofClass => {
    let cur = c;
    for (let depth = 0; depth < 64; depth++) {
      const up = parentOf(cur);
      if (!up) return cur;
      cur = up;
    }
    return cur;
  };

  // Versions of event classes, per GUID.
  const explicitVersions = new Map<string, number[]>();
  for (const c of doc.classes) {
    const g = qualifierString(c.qualifiers, 'Guid');
    const v = c.qualifiers['eventversion'];
    if (g && typeof v === 'number') {
      const key = normalizeGuid(g);
      explicitVersions.set(key, [...(explicitVersions.get(key) ?? []), v]);
    }
  }
  const versionOf = (eventClass: MofClass, guid: string): number => {
    const v = eventClass.qualifiers['eventversion'];
    if (typeof v === 'number') return v;
    const others = explicitVersions.get(guid);
    return others && others.length ? Math.max(...others) + 1 : (options.unversionedClassVersion ?? 0);
  };

  const providers = new Map<string, ProviderSchema>();
  for (const c of doc.classes) {
    const types = qualifierList(c.qualifiers, 'EventType');
    if (!types) continue;
    const eventClass = eventClassOf(c);
    const guidText = eventClass ? qualifierString(eventClass.qualifiers, 'Guid') : undefined;
    if (!eventClass || !guidText) {
      report('MOF_NO_GUID', `class ${c.name} (line ${c.line}) has EventType but no class GUID above it`);
      continue;
    }
    const guid = normalizeGuid(guidText);
    const version = versionOf(eventClass, guid);
    const typeNames = qualifierList(c.qualifiers, 'EventTypeName') ?? [];
    const taskName = qualifierString(eventClass.qualifiers, 'DisplayName') ?? eventClass.name;

    let provider = providers.get(guid);
    if (!provider) {
      provider = {
        guid,
        name: providerClassOf(c).name,
        source: { kind: 'mof', ...(options.path ? { path: options.path } : {}) },
        events: [],
        keywords: [],
        levels: [],
        opcodes: [],
        tasks: [{ name: taskName, value: 0, eventGuid: guid }],
        channels: [],
        maps: [],
      };
      providers.set(guid, provider);
    } else if (eventClass.qualifiers['eventversion'] === undefined) {
      // The latest version of a class names the task (Process, not Process_V0).
      const task = provider.tasks[0];
      if (task) task.name = taskName;
    }

    const problems: string[] = [];
    const props = c.properties
      .filter((p) => dataId(p) !== undefined)
      .sort((a, b) => (dataId(a) ?? 0) - (dataId(b) ?? 0));
    const fields: FieldSchema[] = [];
    for (const p of props) {
      const f = mofPropertyToField(p, problems);
      if (f) fields.push(f);
    }
    for (const m of problems) report('MOF_PROPERTY', `class ${c.name} (line ${c.line}): ${m}`);

    types.forEach((t, i) => {
      if (typeof t !== 'number') {
        report('MOF_EVENT_TYPE', `class ${c.name}: EventType value ${String(t)} is not a number`);
        return;
      }
      const opName = valueText(typeNames[i]) ?? `Type${t}`;
      if (!provider.opcodes.some((o) => o.value === t))
        provider.opcodes.push({ name: opName, value: t, task: 0 });
      const event: EventSchema = {
        id: 0,
        version,
        level: 0,
        opcode: t,
        task: 0,
        keywords: '0x0',
        name: `${taskName}/${opName}`,
        template: c.name,
        fields,
      };
      provider.events.push(event);
    });
  }
  return { providers: [...providers.values()], diagnostics: [...doc.diagnostics, ...diagnostics] };
}

function valueText(v: MofValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
