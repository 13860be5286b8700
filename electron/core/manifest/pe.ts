// PE image reader, just enough for manifests: DOS/PE headers (PE32 and PE32+), the section table,
// RVA → file offset, and a walk of the resource directory (types by id or by name, e.g. the named type
// "WEVT_TEMPLATE" and RT_MESSAGETABLE = 11). Layouts: Microsoft PE/COFF specification ("Optional Header",
// "Section Table", "The .rsrc Section"). Every offset is bounded; a bad image gives diagnostics with
// the file offset, never a throw.
import type { SchemaDiagnostic } from '../../common/model/schema';
import { BinaryParseError, ByteReader } from '../binary/byte-reader';

export const RT_MESSAGETABLE = 11;
export const WEVT_TEMPLATE = 'WEVT_TEMPLATE';

export interface PeSection {
  name: string;
  virtualAddress: number;
  virtualSize: number;
  rawOffset: number;
  rawSize: number;
}

export interface PeResource {
  /** Resource type: numeric id (11 = RT_MESSAGETABLE) or name ("WEVT_TEMPLATE"). */
  type: number | string;
  name: number | string;
  language: number;
  /** File offset of the data. */
  offset: number;
  data: Uint8Array;
}

export interface PeImage {
  is64: boolean;
  machine: number;
  sections: PeSection[];
  resources: PeResource[];
}

const MAX_SECTIONS = 96; // the PE loader's own limit
const MAX_RESOURCE_ENTRIES = 65536;
const IMAGE_DIRECTORY_ENTRY_RESOURCE = 2;

/** The section holding an RVA, and the file offset it maps to (undefined when outside every section). */
export function rvaToOffset(sections: readonly PeSection[], rva: number): number | undefined {
  for (const s of sections) {
    const span = Math.max(s.virtualSize, s.rawSize);
    if (rva >= s.virtualAddress && rva < s.virtualAddress + span) {
      const delta = rva - s.virtualAddress;
      return delta < s.rawSize ? s.rawOffset + delta : undefined;
    }
  }
  return undefined;
}

function diag(code: string, offset: number, message: string, path?: string): SchemaDiagnostic {
  const d: SchemaDiagnostic = { code, offset, message };
  if (path !== undefined) d.path = path;
  return d;
}

/** Reads headers, sections and every resource; resources that do not fit are reported and skipped. */
export function readPeImage(
  bytes: Uint8Array,
  path?: string,
): { image?: PeImage; diagnostics: SchemaDiagnostic[] } {
  const diagnostics: SchemaDiagnostic[] = [];
  const r = new ByteReader(bytes, 0, 'PE image');
  try {
    if (r.u16(0) !== 0x5a4d) return { diagnostics: [diag('NOT_PE', 0, 'no MZ signature', path)] };
    const peOffset = r.u32(0x3c);
    if (r.u32(peOffset) !== 0x00004550) {
      return { diagnostics: [diag('NOT_PE', peOffset, 'no PE signature at e_lfanew', path)] };
    }
    const coff = peOffset + 4;
    const machine = r.u16(coff);
    const sectionCount = r.u16(coff + 2);
    const optionalSize = r.u16(coff + 16);
    const optional = coff + 20;
    const magic = r.u16(optional);
    if (magic !== 0x10b && magic !== 0x20b) {
      return {
        diagnostics: [
          diag('BAD_PE', optional, `unknown optional header magic 0x${magic.toString(16)}`, path),
        ],
      };
    }
    const is64 = magic === 0x20b;
    const dirCountAt = optional + (is64 ? 108 : 92);
    const dirCount = r.u32(dirCountAt);
    let resourceRva = 0;
    let resourceSize = 0;
    if (dirCount > IMAGE_DIRECTORY_ENTRY_RESOURCE) {
      const at = dirCountAt + 4 + IMAGE_DIRECTORY_ENTRY_RESOURCE * 8;
      resourceRva = r.u32(at);
      resourceSize = r.u32(at + 4);
    }
    if (sectionCount > MAX_SECTIONS) {
      diagnostics.push(
        diag('BAD_PE', coff + 2, `${sectionCount} sections (more than ${MAX_SECTIONS})`, path),
      );
    }
    const sections: PeSection[] = [];
    const sectionTable = optional + optionalSize;
    for (let i = 0; i < Math.min(sectionCount, MAX_SECTIONS); i++) {
      const at = sectionTable + i * 40;
      const nameBytes = r.sub(8, at);
      const nul = nameBytes.indexOf(0);
      sections.push({
        name: String.fromCharCode(...nameBytes.subarray(0, nul < 0 ? 8 : nul)),
        virtualSize: r.u32(at + 8),
        virtualAddress: r.u32(at + 12),
        rawSize: r.u32(at + 16),
        rawOffset: r.u32(at + 20),
      });
    }
    const image: PeImage = { is64, machine, sections, resources: [] };
    if (resourceRva !== 0 && resourceSize !== 0) {
      const base = rvaToOffset(sections, resourceRva);
      if (base === undefined) {
        diagnostics.push(
          diag(
            'BAD_PE',
            dirCountAt,
            `resource directory RVA 0x${resourceRva.toString(16)} is in no section`,
            path,
          ),
        );
      } else {
        image.resources = readResourceDirectory(r, base, sections, diagnostics, path);
      }
    }
    return { image, diagnostics };
  } catch (e) {
    if (e instanceof BinaryParseError) {
      diagnostics.push(diag(e.code === 'TRUNCATED' ? 'TRUNCATED' : e.code, e.offset, e.message, path));
      return { diagnostics };
    }
    throw e;
  }
}

interface DirectoryEntry {
  id: number | string;
  /** Offset (from the resource section start) of a subdirectory or a data entry. */
  target: number;
  isDirectory: boolean;
}

function readDirectoryEntries(r: ByteReader, base: number, dir: number): DirectoryEntry[] {
  const at = base + dir;
  const named = r.u16(at + 12);
  const ids = r.u16(at + 14);
  const entries: DirectoryEntry[] = [];
  for (let i = 0; i < named + ids; i++) {
    const e = at + 16 + i * 8;
    const nameField = r.u32(e);
    const offsetField = r.u32(e + 4);
    let id: number | string = nameField & 0xffff;
    if (nameField & 0x80000000) {
      const nameAt = base + (nameField & 0x7fffffff);
      id = r.utf16(r.u16(nameAt), nameAt + 2);
    }
    entries.push({ id, target: offsetField & 0x7fffffff, isDirectory: (offsetField & 0x80000000) !== 0 });
  }
  return entries;
}

/** Type → name → language tree (IMAGE_RESOURCE_DIRECTORY), each level bounded and loop-checked. */
function readResourceDirectory(
  r: ByteReader,
  base: number,
  sections: readonly PeSection[],
  diagnostics: SchemaDiagnostic[],
  path?: string,
): PeResource[] {
  const resources: PeResource[] = [];
  const visited = new Set<number>();
  let budget = MAX_RESOURCE_ENTRIES;
  const walk = (dir: number, level: number, trail: (number | string)[]): void => {
    if (visited.has(dir) || level > 2) {
      diagnostics.push(
        diag('BAD_RESOURCES', base + dir, 'resource directory loops or is nested too deep', path),
      );
      return;
    }
    visited.add(dir);
    let entries: DirectoryEntry[];
    try {
      entries = readDirectoryEntries(r, base, dir);
    } catch (e) {
      if (!(e instanceof BinaryParseError)) throw e;
      diagnostics.push(diag('BAD_RESOURCES', e.offset, `resource directory: ${e.message}`, path));
      return;
    }
    for (const entry of entries) {
      if (--budget < 0) {
        diagnostics.push(
          diag('BAD_RESOURCES', base + dir, `more than ${MAX_RESOURCE_ENTRIES} resource entries`, path),
        );
        return;
      }
      const next = [...trail, entry.id];
      if (entry.isDirectory) {
        walk(entry.target, level + 1, next);
        continue;
      }
      try {
        const at = base + entry.target;
        const rva = r.u32(at);
        const size = r.u32(at + 4);
        const offset = rvaToOffset(sections, rva);
        if (offset === undefined || offset + size > r.length) {
          diagnostics.push(
            diag(
              'BAD_RESOURCES',
              at,
              `resource ${next.join('/')} data (RVA 0x${rva.toString(16)}, ${size} bytes) is outside the file`,
              path,
            ),
          );
          continue;
        }
        resources.push({
          type: next[0] ?? 0,
          name: next[1] ?? 0,
          language: typeof next[2] === 'number' ? next[2] : 0,
          offset,
          data: r.sub(size, offset),
        });
      } catch (e) {
        if (!(e instanceof BinaryParseError)) throw e;
        diagnostics.push(diag('BAD_RESOURCES', e.offset, `resource data entry: ${e.message}`, path));
      }
    }
  };
  walk(0, 0, []);
  return resources;
}

export function resourcesOfType(image: PeImage, type: number | string): PeResource[] {
  return image.resources.filter((x) => x.type === type);
}
