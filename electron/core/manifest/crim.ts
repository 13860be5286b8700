// WEVT_TEMPLATE payload ("CRIM" compiled instrumentation manifest) → raw records: the CRIM header, each
// WEVT provider block and its element lists (CHAN, LEVL, OPCO, TASK, KEYW, MAPS, EVNT, TTBL, PRVA), the
// entries of which crim-entries.ts reads one by one. Layout: shared/docs/etw-formats.md §9 (libfwevt,
// omerbenamram/evtx src/wevt_templates/manifest/parse.rs), checked against Sealighter's mc.exe output:
//   CRIM  {"CRIM", u32 size, u16 major, u16 minor, u32 nProviders, {GUID, u32 offset}[n]}
//   WEVT  {"WEVT", u32 size, u32 messageId, u32 nElements, u32 nUnknown, {u32 offset, u32 ?}[nElements]}
//   lists {sig, u32 size, u32 count[, u32 0 for EVNT]} + entries; TTBL holds TEMP blocks back to back.
// Offsets and counts are bounded; a BinaryParseError in one element or entry becomes a report (with the
// file offset) and reading goes on with the next.
import { BinaryParseError } from '../binary/byte-reader';
import {
  messageIdOrNone,
  readChannelEntry,
  readEventEntry,
  readKeywordEntry,
  readLevelEntry,
  readMapEntry,
  readOpcodeEntry,
  readTaskEntry,
  readTemplate,
  type CrimBlob,
  type CrimChannel,
  type CrimEvent,
  type CrimKeyword,
  type CrimLevel,
  type CrimMap,
  type CrimOpcode,
  type CrimProviderAttribute,
  type CrimTask,
  type CrimTemplate,
} from './crim-entries';

// ---- element lists ---------------------------------------------------------------------------------

export interface CrimReport {
  (code: string, crimOffset: number, message: string): void;
}

/** Runs `read`, turning a BinaryParseError into a report (returns undefined then). */
export function guarded<T>(blob: CrimBlob, report: CrimReport, what: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof BinaryParseError)) throw e;
    report(e.code, blob.crimOffsetOf(e), `${what}: ${e.message}`);
    return undefined;
  }
}

interface ListHeader {
  count: number;
  first: number;
  end: number;
}

/** {sig, u32 size, u32 count}; size 0 is allowed (libfwevt: then count decides). */
function listHeader(blob: CrimBlob, o: number, sig: string, entrySize: number, headerSize = 12): ListHeader {
  const found = blob.signature(o);
  if (found !== sig) blob.fail('BAD_SIGNATURE', o, `expected ${sig}, found "${found}"`);
  const size = blob.u32(o + 4);
  const count = blob.u32(o + 8);
  const end = size === 0 ? o + headerSize + count * entrySize : o + size;
  if (count * entrySize > end - o - headerSize || !blob.contains(o, end - o)) {
    blob.fail('BAD_ELEMENT', o, `${sig}: ${count} entries of ${entrySize} bytes do not fit in ${size} bytes`);
  }
  return { count, first: o + headerSize, end };
}

function readList<T>(
  blob: CrimBlob,
  o: number,
  sig: string,
  entrySize: number,
  report: CrimReport,
  read: (b: CrimBlob, at: number) => T,
  headerSize = 12,
): T[] {
  const out: T[] = [];
  const header = guarded(blob, report, sig, () => listHeader(blob, o, sig, entrySize, headerSize));
  if (!header) return out;
  for (let i = 0; i < header.count; i++) {
    const at = header.first + i * entrySize;
    const v = guarded(blob, report, `${sig} entry ${i}`, () => read(blob, at));
    if (v !== undefined) out.push(v);
  }
  return out;
}

export const readChannelList = (b: CrimBlob, o: number, r: CrimReport) =>
  readList(b, o, 'CHAN', 16, r, readChannelEntry);
export const readLevelList = (b: CrimBlob, o: number, r: CrimReport) =>
  readList(b, o, 'LEVL', 12, r, readLevelEntry);
export const readOpcodeList = (b: CrimBlob, o: number, r: CrimReport) =>
  readList(b, o, 'OPCO', 12, r, readOpcodeEntry);
export const readTaskList = (b: CrimBlob, o: number, r: CrimReport) =>
  readList(b, o, 'TASK', 28, r, readTaskEntry);
export const readKeywordList = (b: CrimBlob, o: number, r: CrimReport) =>
  readList(b, o, 'KEYW', 16, r, readKeywordEntry);
export const readEventList = (b: CrimBlob, o: number, r: CrimReport) =>
  readList(b, o, 'EVNT', 48, r, readEventEntry, 16);

/**
 * MAPS: {sig, size, count} then map offsets. libfwevt reads count-1 offsets with the first map right
 * after them; omerbenamram/evtx (checked on wevtsvc.dll) reads the first map's offset at +12 followed by
 * count-1 more. Both are tried; an offset is accepted when it points at a VMAP/BMAP signature.
 */
export function readMapList(blob: CrimBlob, o: number, report: CrimReport): CrimMap[] {
  const maps: CrimMap[] = [];
  const header = guarded(blob, report, 'MAPS', () => {
    if (blob.signature(o) !== 'MAPS')
      blob.fail('BAD_SIGNATURE', o, `expected MAPS, found "${blob.signature(o)}"`);
    const count = blob.u32(o + 8);
    if (
      count * 4 > Math.max(blob.u32(o + 4), 0x10000000) ||
      !blob.contains(o + 12, Math.max(0, count - 1) * 4)
    ) {
      blob.fail('BAD_ELEMENT', o, `MAPS: ${count} maps do not fit`);
    }
    return count;
  });
  if (header === undefined || header === 0) return maps;
  const isMapAt = (at: number) => blob.contains(at, 4) && ['VMAP', 'BMAP'].includes(blob.signature(at));
  const offsets: number[] = [];
  const readU32s = (from: number, n: number) => Array.from({ length: n }, (_, i) => blob.u32(from + i * 4));
  const evtxStyle = guarded(blob, report, 'MAPS offsets', () =>
    blob.contains(o + 12, header * 4) ? readU32s(o + 12, header) : [],
  );
  if (evtxStyle && evtxStyle.length === header && evtxStyle.every(isMapAt)) offsets.push(...evtxStyle);
  else {
    const first = o + 12 + (header - 1) * 4;
    const rest = guarded(blob, report, 'MAPS offsets', () => readU32s(o + 12, header - 1)) ?? [];
    offsets.push(first, ...rest);
  }
  for (const at of offsets) {
    const map = guarded(blob, report, `map at 0x${at.toString(16)}`, () => readMapEntry(blob, at));
    if (map) maps.push(map);
  }
  return maps;
}

/** TTBL: {sig, size, count} then `count` TEMP blocks back to back. */
export function readTemplateTable(blob: CrimBlob, o: number, report: CrimReport): CrimTemplate[] {
  const templates: CrimTemplate[] = [];
  const header = guarded(blob, report, 'TTBL', () => {
    if (blob.signature(o) !== 'TTBL')
      blob.fail('BAD_SIGNATURE', o, `expected TTBL, found "${blob.signature(o)}"`);
    const size = blob.u32(o + 4);
    if (size < 12 || !blob.contains(o, size)) blob.fail('BAD_ELEMENT', o, `TTBL size ${size} does not fit`);
    return { count: blob.u32(o + 8), end: o + size };
  });
  if (!header) return templates;
  let at = o + 12;
  for (let i = 0; i < header.count && at + 40 <= header.end; i++) {
    const size = guarded(blob, report, `TEMP ${i}`, () => blob.u32(at + 4));
    if (size === undefined || size < 40) {
      report(
        'BAD_TEMPLATE',
        at,
        `TEMP ${i}: size ${size ?? '?'} is too small; the rest of the table is skipped`,
      );
      break;
    }
    const t = guarded(blob, report, `TEMP ${i}`, () => readTemplate(blob, at));
    if (t) templates.push(t);
    at += size;
  }
  return templates;
}

/** PRVA (CRIM 5): {sig, size, count, {u32 id, u32 stringOffset}[count]} with NUL-terminated UTF-16. */
export function readProviderAttributes(
  blob: CrimBlob,
  o: number,
  report: CrimReport,
): CrimProviderAttribute[] {
  return readList(blob, o, 'PRVA', 8, report, (b, at) => ({ id: b.u32(at), text: b.utf16z(b.u32(at + 4)) }));
}

export interface CrimProvider {
  guid: string;
  offset: number;
  messageId?: number;
  channels: CrimChannel[];
  levels: CrimLevel[];
  opcodes: CrimOpcode[];
  tasks: CrimTask[];
  keywords: CrimKeyword[];
  maps: CrimMap[];
  events: CrimEvent[];
  templates: CrimTemplate[];
  attributes: CrimProviderAttribute[];
}

const MAX_ELEMENTS = 64;

/** WEVT provider block; element types are found by their signature. */
export function readProviderBlock(
  blob: CrimBlob,
  o: number,
  guid: string,
  report: CrimReport,
): CrimProvider | undefined {
  const header = guarded(blob, report, 'WEVT', () => {
    if (blob.signature(o) !== 'WEVT')
      blob.fail('BAD_SIGNATURE', o, `expected WEVT, found "${blob.signature(o)}"`);
    const count = blob.u32(o + 12);
    if (count > MAX_ELEMENTS)
      blob.fail('BAD_PROVIDER', o + 12, `${count} elements (more than ${MAX_ELEMENTS})`);
    const offsets = Array.from({ length: count }, (_, i) => blob.u32(o + 20 + i * 8));
    return { messageId: messageIdOrNone(blob.u32(o + 8)), offsets };
  });
  if (!header) return undefined;
  const provider: CrimProvider = {
    guid,
    offset: o,
    channels: [],
    levels: [],
    opcodes: [],
    tasks: [],
    keywords: [],
    maps: [],
    events: [],
    templates: [],
    attributes: [],
  };
  if (header.messageId !== undefined) provider.messageId = header.messageId;
  for (const at of header.offsets) {
    const sig = guarded(blob, report, 'WEVT element', () => blob.signature(at));
    switch (sig) {
      case undefined:
        break;
      case 'CHAN':
        provider.channels = readChannelList(blob, at, report);
        break;
      case 'LEVL':
        provider.levels = readLevelList(blob, at, report);
        break;
      case 'OPCO':
        provider.opcodes = readOpcodeList(blob, at, report);
        break;
      case 'TASK':
        provider.tasks = readTaskList(blob, at, report);
        break;
      case 'KEYW':
        provider.keywords = readKeywordList(blob, at, report);
        break;
      case 'MAPS':
        provider.maps = readMapList(blob, at, report);
        break;
      case 'EVNT':
        provider.events = readEventList(blob, at, report);
        break;
      case 'TTBL':
        provider.templates = readTemplateTable(blob, at, report);
        break;
      case 'PRVA':
        provider.attributes = readProviderAttributes(blob, at, report);
        break;
      default:
        report(
          'UNKNOWN_ELEMENT',
          at,
          `provider ${guid}: unknown element "${sig.replace(/[^\x20-\x7e]/g, '?')}"`,
        );
    }
  }
  return provider;
}

export interface CrimManifest {
  major: number;
  minor: number;
  providers: CrimProvider[];
}

const MAX_PROVIDERS = 4096;

/** The whole blob: header, then each provider block. Returns undefined when the header is unusable. */
export function readCrim(blob: CrimBlob, report: CrimReport): CrimManifest | undefined {
  const header = guarded(blob, report, 'CRIM header', () => {
    if (blob.signature(0) !== 'CRIM')
      blob.fail('BAD_SIGNATURE', 0, `expected CRIM, found "${blob.signature(0)}"`);
    const size = blob.u32(4);
    const count = blob.u32(12);
    if (size < 16) blob.fail('BAD_CRIM', 4, `size ${size} is smaller than the header`);
    const limit = Math.min(size, blob.bytes.length);
    if (count > MAX_PROVIDERS || 16 + count * 20 > limit)
      blob.fail('BAD_CRIM', 12, `${count} providers do not fit in ${limit} bytes`);
    return { major: blob.u16(8), minor: blob.u16(10), count, size };
  });
  if (!header) return undefined;
  if (header.size > blob.bytes.length) {
    report(
      'TRUNCATED',
      4,
      `CRIM says ${header.size} bytes, only ${blob.bytes.length} present; reading what is there`,
    );
  }
  const manifest: CrimManifest = { major: header.major, minor: header.minor, providers: [] };
  for (let i = 0; i < header.count; i++) {
    const d = 16 + i * 20;
    const guid = blob.guid(d);
    const provider = readProviderBlock(blob, blob.u32(d + 16), guid, report);
    if (provider) manifest.providers.push(provider);
  }
  return manifest;
}
