// Windows Performance Recorder profiles (.wprp) read as live-session settings. A .wprp
// (<WindowsPerformanceRecorder><Profiles>) defines collectors (<SystemCollector>/<EventCollector>:
// buffer size and count), providers (<SystemProvider>: kernel keyword names and stacks;
// <EventProvider>: a GUID or registered name, level, keyword masks, event-ID filters) and <Profile>s
// that pick collectors and providers by Id (or define providers inline), optionally inheriting another
// profile with Base=. parseWprp turns each <Profile> into one WprpProfile; profileRequest turns that
// into the `sessions.start` request of the Sessions view, resolving provider names (and keyword names)
// through a lookup the caller gives (the catalog). Whatever cannot be carried over (kernel keywords the
// app does not offer, kernel stacks, buffers, Operation= edits, CustomProviders, names the catalog
// cannot resolve) becomes a warning naming the element path; nothing is dropped silently. Malformed
// XML is an error value with line and column.
import { XMLValidator } from 'fast-xml-parser';
import type { SessionProviderRequest } from '../../common/ipc/session-messages';
import { child, childrenNamed, parseXmlTree, type XmlElement } from '../manifest/xml-tree';

/** WPR's SystemProvider keyword names → the EVENT_TRACE_FLAG_* bits the Sessions view offers. */
const SYSTEM_KEYWORD_FLAGS: Readonly<Record<string, number>> = {
  processthread: 0x00000001 | 0x00000002,
  loader: 0x00000004,
  cswitch: 0x00000010,
  dpc: 0x00000020,
  interrupt: 0x00000040,
  systemcall: 0x00000080,
  diskio: 0x00000100,
  filename: 0x00000200,
  diskioinit: 0x00000400,
  allfaults: 0x00001000,
  hardfaults: 0x00002000,
  networktrace: 0x00010000,
  registry: 0x00020000,
  alpc: 0x00100000,
  splitio: 0x00200000,
  drivers: 0x00800000,
  sampledprofile: 0x01000000,
  fileio: 0x02000000,
  fileioinit: 0x04000000,
};

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;
const MAX_MASK = (1n << 64n) - 1n;

export interface WprpProvider {
  /** Element path, for warnings. */
  path: string;
  /** Lower-case, no braces: when Name= is a GUID. */
  guid?: string;
  /** Name= when it is not a GUID (a registered provider name; "*Name" for an EventSource). */
  name?: string;
  level?: number;
  /** OR of the numeric <Keyword Value=…>. */
  keywords: bigint;
  /** <Keyword Value=…> given as names: resolved through the provider's manifest keywords. */
  keywordNames: string[];
  eventIds?: number[];
  excludeEventIds?: boolean;
  stack: boolean;
}

export interface WprpProfile {
  id: string;
  name: string;
  description?: string;
  detailLevel?: string;
  loggingMode?: string;
  providers: WprpProvider[];
  /** EVENT_TRACE_FLAG_* of the mapped SystemProvider keywords. */
  kernelFlags: number;
  /** SystemProvider <Stack Value=…> names (not applied: live kernel sessions take no stack list). */
  kernelStacks: string[];
  buffers?: { sizeKB?: number; count?: number };
  warnings: string[];
}

export type WprpParse =
  { ok: true; profiles: WprpProfile[] } | { ok: false; message: string; line?: number; column?: number };

/** Resolves what a .wprp names but the request needs as numbers (the catalog, in the service). */
export interface WprpLookup {
  guidOf(name: string): string | undefined;
  keywordMask?(guid: string, keyword: string): bigint | undefined;
  /** The GUID an EventSource takes from its name ("*Name" in a profile): event-source-guid.node.ts. */
  eventSourceGuid?(name: string): string;
}

/** The GUID a profile's provider names: its GUID, an EventSource's name hash ("*Name"), or the catalog's. */
export function providerGuid(
  p: { guid?: string; name?: string },
  lookup: WprpLookup | undefined,
): string | undefined {
  if (p.guid) return p.guid;
  if (!p.name || !lookup) return undefined;
  if (p.name.startsWith('*') && lookup.eventSourceGuid) return lookup.eventSourceGuid(p.name.slice(1));
  return lookup.guidOf(p.name.replace(/^\*/, ''));
}

/** The `sessions.start` request a profile amounts to (the shape the Sessions view sends). */
export interface WprpSessionRequest {
  label?: string;
  providers?: SessionProviderRequest[];
  kernel?: { flags: number };
}

interface Definitions {
  collectors: Map<string, XmlElement>;
  systemProviders: Map<string, XmlElement>;
  eventProviders: Map<string, XmlElement>;
  profiles: Map<string, XmlElement>;
}

/** Reads every <Profile> of a .wprp document. */
export function parseWprp(text: string): WprpParse {
  // The tree reader recovers from some mistakes (an unclosed element); a profile is small, so it is
  // checked strictly first and any mistake is reported where it is.
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    return { ok: false, message: valid.err.msg, line: valid.err.line, column: valid.err.col };
  const tree = parseXmlTree(text);
  if (!tree.ok) return { ok: false, message: tree.message, line: tree.line, column: tree.column };
  if (tree.partial) return { ok: false, ...tree.partial };
  const root = tree.roots[0];
  if (!root || root.name !== 'WindowsPerformanceRecorder')
    return { ok: false, message: `not a WPR profile: the root element is <${root?.name ?? 'none'}>` };
  const profilesEl = child(root, 'Profiles');
  if (!profilesEl) return { ok: false, message: 'not a WPR profile: <Profiles> is missing' };
  const base = 'WindowsPerformanceRecorder/Profiles';
  const defs: Definitions = {
    collectors: new Map(),
    systemProviders: new Map(),
    eventProviders: new Map(),
    profiles: new Map(),
  };
  const globalWarnings: string[] = [];
  for (const el of profilesEl.children) {
    const id = el.attrs.Id;
    if (el.name === 'SystemCollector' || el.name === 'EventCollector') {
      if (id) defs.collectors.set(id, el);
    } else if (el.name === 'SystemProvider') {
      if (id) defs.systemProviders.set(id, el);
    } else if (el.name === 'EventProvider') {
      if (id) defs.eventProviders.set(id, el);
    } else if (el.name === 'Profile') {
      if (id) defs.profiles.set(id, el);
      else globalWarnings.push(`${base}/Profile: a profile without Id is skipped`);
    } else {
      globalWarnings.push(`${base}/${el.name}${idPart(el)}: <${el.name}> is not imported`);
    }
  }
  if (defs.profiles.size === 0) return { ok: false, message: 'the document defines no <Profile>' };
  const profiles = [...defs.profiles.values()].map((el) => {
    const p = readProfile(el, defs, base, new Set());
    p.warnings.unshift(...globalWarnings);
    return p;
  });
  return { ok: true, profiles };
}

function idPart(el: XmlElement): string {
  const id = el.attrs.Id ?? el.attrs.Value;
  return id ? `[${id}]` : '';
}

function readProfile(el: XmlElement, defs: Definitions, base: string, seen: Set<string>): WprpProfile {
  const id = el.attrs.Id ?? '';
  const path = `${base}/Profile[${id}]`;
  seen.add(id);
  let profile: WprpProfile = {
    id,
    name: el.attrs.Name ?? id,
    providers: [],
    kernelFlags: 0,
    kernelStacks: [],
    warnings: [],
  };
  const baseId = el.attrs.Base;
  if (baseId) {
    const parent = defs.profiles.get(baseId);
    if (!parent) profile.warnings.push(`${path}: Base="${baseId}" names no profile of this file`);
    else if (seen.has(baseId)) profile.warnings.push(`${path}: Base="${baseId}" inherits in a circle`);
    else {
      const inherited = readProfile(parent, defs, base, seen);
      profile = { ...inherited, id, name: el.attrs.Name ?? id, warnings: [...inherited.warnings] };
      delete profile.description;
    }
  }
  if (el.attrs.Description) profile.description = el.attrs.Description;
  if (el.attrs.DetailLevel) profile.detailLevel = el.attrs.DetailLevel;
  if (el.attrs.LoggingMode) profile.loggingMode = el.attrs.LoggingMode;
  const collectors = child(el, 'Collectors');
  for (const other of el.children)
    if (other.name !== 'Collectors' && other.name !== 'Description')
      profile.warnings.push(`${path}/${other.name}: <${other.name}> is not imported`);
  if (!collectors) return profile;
  for (const c of collectors.children) {
    const cPath = `${path}/Collectors/${c.name}${idPart(c)}`;
    if (unsupportedOperation(c, cPath, profile.warnings)) continue;
    if (c.name !== 'SystemCollectorId' && c.name !== 'EventCollectorId') {
      profile.warnings.push(`${cPath}: <${c.name}> is not imported`);
      continue;
    }
    const collector = defs.collectors.get(c.attrs.Value ?? '');
    if (!collector) profile.warnings.push(`${cPath}: names no collector of this file`);
    else readBuffers(collector, profile);
    for (const group of c.children) {
      const gPath = `${cPath}/${group.name}`;
      if (group.name === 'SystemProviderId') {
        const sp = defs.systemProviders.get(group.attrs.Value ?? '');
        if (sp) readSystemProvider(sp, `${base}/SystemProvider[${sp.attrs.Id ?? ''}]`, profile);
        else
          profile.warnings.push(`${gPath}[${group.attrs.Value ?? ''}]: names no SystemProvider of this file`);
      } else if (group.name === 'SystemProvider') {
        readSystemProvider(group, `${gPath}${idPart(group)}`, profile);
      } else if (group.name === 'EventProviders') {
        readEventProviders(group, gPath, defs, base, profile);
      } else {
        profile.warnings.push(`${gPath}: <${group.name}> is not imported`);
      }
    }
  }
  return profile;
}

function unsupportedOperation(el: XmlElement, path: string, warnings: string[]): boolean {
  const op = el.attrs.Operation;
  if (op === undefined || op === 'Add') return false;
  warnings.push(`${path}: Operation="${op}" is not supported; the element is ignored`);
  return true;
}

function readBuffers(collector: XmlElement, profile: WprpProfile): void {
  const size = numberAttr(child(collector, 'BufferSize'));
  const count = numberAttr(child(collector, 'Buffers'));
  if (size === undefined && count === undefined) return;
  profile.buffers = {
    ...profile.buffers,
    ...(size !== undefined ? { sizeKB: size } : {}),
    ...(count !== undefined ? { count } : {}),
  };
}

function numberAttr(el: XmlElement | undefined): number | undefined {
  const v = el?.attrs.Value;
  if (v === undefined || !/^\d{1,9}$/.test(v)) return undefined;
  return Number(v);
}

function readSystemProvider(el: XmlElement, path: string, profile: WprpProfile): void {
  for (const part of el.children) {
    const pPath = `${path}/${part.name}`;
    if (unsupportedOperation(part, pPath, profile.warnings)) continue;
    if (part.name === 'Keywords') {
      for (const k of childrenNamed(part, 'Keyword')) {
        const value = k.attrs.Value ?? '';
        const flags = SYSTEM_KEYWORD_FLAGS[value.toLowerCase()];
        if (flags === undefined)
          profile.warnings.push(
            `${pPath}/Keyword[${value}]: kernel keyword '${value}' has no matching kernel flag here; not enabled`,
          );
        else profile.kernelFlags = (profile.kernelFlags | flags) >>> 0;
      }
    } else if (part.name === 'Stacks') {
      for (const s of childrenNamed(part, 'Stack'))
        if (s.attrs.Value && !profile.kernelStacks.includes(s.attrs.Value))
          profile.kernelStacks.push(s.attrs.Value);
    } else {
      profile.warnings.push(`${pPath}: <${part.name}> is not imported`);
    }
  }
}

function readEventProviders(
  group: XmlElement,
  path: string,
  defs: Definitions,
  base: string,
  profile: WprpProfile,
): void {
  for (const el of group.children) {
    const ePath = `${path}/${el.name}${idPart(el)}`;
    if (unsupportedOperation(el, ePath, profile.warnings)) continue;
    let provider: WprpProvider | undefined;
    if (el.name === 'EventProviderId') {
      const def = defs.eventProviders.get(el.attrs.Value ?? '');
      if (def)
        provider = readEventProvider(def, `${base}/EventProvider[${def.attrs.Id ?? ''}]`, profile.warnings);
      else profile.warnings.push(`${ePath}: names no EventProvider of this file`);
    } else if (el.name === 'EventProvider') {
      provider = readEventProvider(el, ePath, profile.warnings);
    } else {
      profile.warnings.push(`${ePath}: <${el.name}> is not imported`);
    }
    if (!provider) continue;
    const key = provider.guid ?? provider.name?.toLowerCase();
    const same = profile.providers.findIndex((p) => (p.guid ?? p.name?.toLowerCase()) === key);
    if (same < 0) profile.providers = [...profile.providers, provider];
    else profile.providers = profile.providers.map((p, i) => (i === same ? provider : p));
  }
}

function readEventProvider(el: XmlElement, path: string, warnings: string[]): WprpProvider | undefined {
  const nameAttr = (el.attrs.Name ?? '').trim();
  if (!nameAttr) {
    warnings.push(`${path}: an EventProvider without Name is skipped`);
    return undefined;
  }
  const guid = GUID.exec(nameAttr)?.[1]?.toLowerCase();
  const provider: WprpProvider = {
    path,
    ...(guid ? { guid } : { name: nameAttr }),
    keywords: 0n,
    keywordNames: [],
    stack: el.attrs.Stack === 'true',
  };
  if (el.attrs.Base)
    warnings.push(`${path}: Base="${el.attrs.Base}" on a provider is not supported; ignored`);
  const level = el.attrs.Level;
  if (level !== undefined) {
    if (/^(0x[0-9a-f]{1,2}|\d{1,3})$/i.test(level) && Number(level) <= 255) provider.level = Number(level);
    else warnings.push(`${path}: Level="${level}" is not a level 0..255; the default is used`);
  }
  for (const part of el.children) {
    const pPath = `${path}/${part.name}`;
    if (unsupportedOperation(part, pPath, warnings)) continue;
    if (part.name === 'Keywords') {
      for (const k of childrenNamed(part, 'Keyword'))
        readKeyword(k.attrs.Value ?? '', pPath, provider, warnings);
    } else if (part.name === 'EventFilters') {
      const ids: number[] = [];
      for (const e of childrenNamed(part, 'EventId')) {
        const v = e.attrs.Value ?? '';
        if (/^\d{1,5}$/.test(v) && Number(v) <= 0xffff) ids.push(Number(v));
        else warnings.push(`${pPath}/EventId[${v}]: not an event ID 0..65535; skipped`);
      }
      if (ids.length) {
        provider.eventIds = [...new Set(ids)];
        if (part.attrs.FilterIn === 'false') provider.excludeEventIds = true;
      }
    } else if (part.name === 'StackEnabled' || part.name === 'Stack') {
      if (part.attrs.Value === 'true') provider.stack = true;
    } else {
      warnings.push(`${pPath}: <${part.name}> is not imported`);
    }
  }
  return provider;
}

function readKeyword(value: string, path: string, provider: WprpProvider, warnings: string[]): void {
  const v = value.trim();
  if (/^(0x[0-9a-f]{1,16}|\d{1,20})$/i.test(v)) {
    const mask = BigInt(v);
    if (mask <= MAX_MASK) provider.keywords |= mask;
    else warnings.push(`${path}/Keyword[${v}]: more than 64 bits; skipped`);
  } else if (/^[A-Za-z_][\w.:-]*$/.test(v)) {
    provider.keywordNames.push(v);
  } else {
    warnings.push(`${path}/Keyword[${v}]: not a keyword mask or name; skipped`);
  }
}

/** The session start request of a profile, with the warnings of what it leaves out. */
export function profileRequest(
  profile: WprpProfile,
  lookup?: WprpLookup,
): { request: WprpSessionRequest; warnings: string[] } {
  const warnings = [...profile.warnings];
  const providers: SessionProviderRequest[] = [];
  for (const p of profile.providers) {
    const guid = providerGuid(p, lookup);
    if (!guid) {
      warnings.push(
        `${p.path}: provider '${p.name ?? ''}' is not in the catalog, so its GUID is unknown; add it by GUID`,
      );
      continue;
    }
    let mask = p.keywords;
    for (const k of p.keywordNames) {
      const m = lookup?.keywordMask?.(guid, k);
      if (m === undefined)
        warnings.push(
          `${p.path}/Keywords/Keyword[${k}]: keyword '${k}' is unknown for this provider; not enabled`,
        );
      else mask |= m;
    }
    const request: SessionProviderRequest = { guid, anyKeyword: `0x${mask.toString(16)}`, allKeyword: '0x0' };
    if (p.name && !p.name.startsWith('*')) request.name = p.name;
    else if (p.name) request.name = p.name.slice(1);
    request.level = p.level ?? 5;
    if (p.stack) request.properties = { stackTrace: true };
    if (p.eventIds)
      request.filters = { eventIds: p.eventIds, ...(p.excludeEventIds ? { excludeEventIds: true } : {}) };
    providers.push(request);
  }
  if (profile.kernelStacks.length)
    warnings.push(
      `Profile[${profile.id}]: kernel stacks (${profile.kernelStacks.join(', ')}) are not collected: live kernel sessions here take no stack list`,
    );
  if (profile.buffers)
    warnings.push(
      `Profile[${profile.id}]: buffers (${profile.buffers.sizeKB ?? '?'} KB × ${profile.buffers.count ?? '?'}) are not applied: the app's sessions use their own buffer settings`,
    );
  const request: WprpSessionRequest = { label: profile.name };
  if (providers.length) request.providers = providers;
  if (profile.kernelFlags) request.kernel = { flags: profile.kernelFlags };
  return { request, warnings };
}
