// WEVT_TEMPLATE ("CRIM") entries, one reader per record, so a single record (e.g. libfwevt's test
// fragments) can be read on its own; crim.ts walks the element lists and provider blocks around them.
// Layouts (shared/docs/etw-formats.md §9; libfwevt, omerbenamram/evtx; checked on Sealighter's blob):
//   CHAN 16 {u32 flags, u32 nameOffset, u32 value, u32 messageId}   LEVL 12 {u32 value, u32 messageId, u32 nameOffset}
//   OPCO 12 {u16 task, u16 opcode, u32 messageId, u32 nameOffset}  KEYW 16 {u64 mask, u32 messageId, u32 nameOffset}
//   TASK 28 {u32 value, u32 messageId, GUID eventGuid, u32 nameOffset}
//   EVNT 48 {u16 id, u8 version, u8 channel, u8 level, u8 opcode, u16 task, u64 keywords, u32 messageId,
//            u32 template, u32 opcode, u32 level, u32 task offsets, u32 nKeywordRefs, u32 keywordRefs, u32 flags}
//   VMAP/BMAP {sig, u32 size, u32 nameOffset, u32 count, {u32 value, u32 messageId}[]}
//   TEMP {sig, u32 size, u32 nItems, u32 nNames, u32 itemsOffset, u32 kind, GUID, BinXML, 20-byte items, names}
//   names {u32 size (incl.), UTF-16Z}, 8-aligned. Offsets are relative to the CRIM start.
import { ByteReader, type BinaryParseError } from '../binary/byte-reader';
import { guidToString } from '../binary/guid';
import { readTemplateBinXml, type BinXmlSummary } from './binxml';

export class CrimBlob {
  readonly reader: ByteReader;
  /**
   * @param bytes the blob (or a window onto one)
   * @param base CRIM offset of bytes[0] (0 for a whole blob)
   * @param fileOffset file offset of CRIM offset 0 (for diagnostics; e.g. where the resource sits in a PE)
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly base = 0,
    readonly fileOffset = 0,
  ) {
    this.reader = new ByteReader(bytes, fileOffset + base, 'CRIM');
  }
  /** Index into `bytes` of a CRIM offset (may be out of range: readers check). */
  private i(offset: number): number {
    return offset - this.base;
  }
  contains(offset: number, size = 1): boolean {
    return offset >= this.base && this.i(offset) + size <= this.bytes.length;
  }
  u8 = (o: number) => this.reader.u8(this.i(o));
  u16 = (o: number) => this.reader.u16(this.i(o));
  u32 = (o: number) => this.reader.u32(this.i(o));
  u64 = (o: number) => this.reader.u64(this.i(o));
  guid(o: number): string {
    return guidToString(this.reader.sub(16, this.i(o)));
  }
  signature(o: number): string {
    const b = this.reader.sub(4, this.i(o));
    return String.fromCharCode(b[0] as number, b[1] as number, b[2] as number, b[3] as number);
  }
  fail(code: string, offset: number, message: string): never {
    return this.reader.fail(code, message, this.i(offset));
  }
  /** A name: u32 size (including itself) then UTF-16 text, NUL-terminated within the size. */
  sizedString(o: number): string {
    const size = this.u32(o);
    if (size < 4 || size > 0x10000 || !this.contains(o, size))
      this.fail('BAD_STRING', o, `string size ${size} does not fit`);
    const text = this.reader.utf16((size - 4) >> 1, this.i(o + 4));
    const nul = text.indexOf('\0');
    return nul < 0 ? text : text.slice(0, nul);
  }
  /** NUL-terminated UTF-16 with no size prefix (PRVA strings), at most 32K chars. */
  utf16z(o: number): string {
    const text = this.reader.utf16z(this.i(o));
    return text.length > 0x8000 ? text.slice(0, 0x8000) : text;
  }
  /** The file offset of a CRIM offset, for diagnostics. */
  fileOffsetOf(o: number): number {
    return this.fileOffset + o;
  }
  /** The CRIM offset the reader's error offsets correspond to. */
  crimOffsetOf(error: BinaryParseError): number {
    return error.offset - this.fileOffset;
  }
}

export const messageIdOrNone = (v: number): number | undefined => (v === 0xffffffff ? undefined : v);
const nameAt = (blob: CrimBlob, o: number): string | undefined => (o === 0 ? undefined : blob.sizedString(o));

export interface CrimChannel {
  offset: number;
  flags: number;
  name?: string;
  value: number;
  messageId?: number;
}
export interface CrimLevel {
  offset: number;
  value: number;
  messageId?: number;
  name?: string;
}
export interface CrimOpcode {
  offset: number;
  task: number;
  value: number;
  messageId?: number;
  name?: string;
}
export interface CrimTask {
  offset: number;
  value: number;
  messageId?: number;
  eventGuid: string;
  name?: string;
}
export interface CrimKeyword {
  offset: number;
  mask: bigint;
  messageId?: number;
  name?: string;
}
export interface CrimMapEntry {
  value: number;
  messageId?: number;
}
export interface CrimMap {
  offset: number;
  kind: 'value' | 'bitmap';
  name?: string;
  entries: CrimMapEntry[];
}
export interface CrimEvent {
  offset: number;
  id: number;
  version: number;
  channel: number;
  level: number;
  opcode: number;
  task: number;
  keywords: bigint;
  messageId?: number;
  templateOffset: number;
  opcodeOffset: number;
  levelOffset: number;
  taskOffset: number;
  keywordOffsets: number[];
  flags: number;
}
export interface CrimTemplateItem {
  offset: number;
  /** First u32: always 0 in the samples; read as EVENT_PROPERTY_INFO-style flags (see crim-template.ts). */
  flags: number;
  inType: number;
  outType: number;
  /** u16 after the types (struct member count when flags & 1, by the same reading). */
  extra: number;
  /** u32 at +8 (map reference, by the same reading). */
  mapOffset: number;
  count: number;
  length: number;
  name?: string;
}
export interface CrimTemplate {
  offset: number;
  size: number;
  guid: string;
  /** 1 = EventData, 2 = UserData. */
  kind: number;
  items: CrimTemplateItem[];
  binxml?: BinXmlSummary;
}
export interface CrimProviderAttribute {
  id: number;
  text: string;
}

// ---- single entries ----------------------------------------------------------------------------

export function readChannelEntry(blob: CrimBlob, o: number): CrimChannel {
  const ch: CrimChannel = { offset: o, flags: blob.u32(o), value: blob.u32(o + 8) };
  const name = nameAt(blob, blob.u32(o + 4));
  if (name !== undefined) ch.name = name;
  const m = messageIdOrNone(blob.u32(o + 12));
  if (m !== undefined) ch.messageId = m;
  return ch;
}

export function readLevelEntry(blob: CrimBlob, o: number): CrimLevel {
  const level: CrimLevel = { offset: o, value: blob.u32(o) };
  const m = messageIdOrNone(blob.u32(o + 4));
  if (m !== undefined) level.messageId = m;
  const name = nameAt(blob, blob.u32(o + 8));
  if (name !== undefined) level.name = name;
  return level;
}

/** OPCO entry: the first u32 is (opcode << 16) | task (task 0 for global opcodes). */
export function readOpcodeEntry(blob: CrimBlob, o: number): CrimOpcode {
  const opcode: CrimOpcode = { offset: o, task: blob.u16(o), value: blob.u16(o + 2) };
  const m = messageIdOrNone(blob.u32(o + 4));
  if (m !== undefined) opcode.messageId = m;
  const name = nameAt(blob, blob.u32(o + 8));
  if (name !== undefined) opcode.name = name;
  return opcode;
}

export function readTaskEntry(blob: CrimBlob, o: number): CrimTask {
  const task: CrimTask = { offset: o, value: blob.u32(o), eventGuid: blob.guid(o + 8) };
  const m = messageIdOrNone(blob.u32(o + 4));
  if (m !== undefined) task.messageId = m;
  const name = nameAt(blob, blob.u32(o + 24));
  if (name !== undefined) task.name = name;
  return task;
}

export function readKeywordEntry(blob: CrimBlob, o: number): CrimKeyword {
  const keyword: CrimKeyword = { offset: o, mask: blob.u64(o) };
  const m = messageIdOrNone(blob.u32(o + 8));
  if (m !== undefined) keyword.messageId = m;
  const name = nameAt(blob, blob.u32(o + 12));
  if (name !== undefined) keyword.name = name;
  return keyword;
}

const MAX_EVENT_KEYWORD_REFS = 64;

export function readEventEntry(blob: CrimBlob, o: number): CrimEvent {
  const keywordCount = blob.u32(o + 36);
  const keywordArray = blob.u32(o + 40);
  const keywordOffsets: number[] = [];
  if (keywordCount > MAX_EVENT_KEYWORD_REFS)
    blob.fail('BAD_EVENT', o + 36, `${keywordCount} keyword references`);
  for (let i = 0; i < keywordCount; i++) keywordOffsets.push(blob.u32(keywordArray + i * 4));
  const event: CrimEvent = {
    offset: o,
    id: blob.u16(o),
    version: blob.u8(o + 2),
    channel: blob.u8(o + 3),
    level: blob.u8(o + 4),
    opcode: blob.u8(o + 5),
    task: blob.u16(o + 6),
    keywords: blob.u64(o + 8),
    templateOffset: blob.u32(o + 20),
    opcodeOffset: blob.u32(o + 24),
    levelOffset: blob.u32(o + 28),
    taskOffset: blob.u32(o + 32),
    keywordOffsets,
    flags: blob.u32(o + 44),
  };
  const m = messageIdOrNone(blob.u32(o + 16));
  if (m !== undefined) event.messageId = m;
  return event;
}

/** VMAP / BMAP: {sig, u32 size, u32 nameOffset, u32 count, {u32 value, u32 messageId}[count]}. */
export function readMapEntry(blob: CrimBlob, o: number): CrimMap {
  const sig = blob.signature(o);
  if (sig !== 'VMAP' && sig !== 'BMAP') blob.fail('BAD_SIGNATURE', o, `map signature "${sig}"`);
  const size = blob.u32(o + 4);
  const count = blob.u32(o + 12);
  if (16 + count * 8 > Math.max(size, 16) || !blob.contains(o, 16 + count * 8)) {
    blob.fail('BAD_MAP', o, `${count} entries do not fit in ${size} bytes`);
  }
  const map: CrimMap = { offset: o, kind: sig === 'BMAP' ? 'bitmap' : 'value', entries: [] };
  const name = nameAt(blob, blob.u32(o + 8));
  if (name !== undefined) map.name = name;
  for (let i = 0; i < count; i++) {
    const e = o + 16 + i * 8;
    const entry: CrimMapEntry = { value: blob.u32(e) };
    const m = messageIdOrNone(blob.u32(e + 4));
    if (m !== undefined) entry.messageId = m;
    map.entries.push(entry);
  }
  return map;
}

/** TEMP: {sig, size, nItems, nNames, itemsOffset, kind, GUID, BinXML, item descriptors (20 bytes), names}. */
export function readTemplate(blob: CrimBlob, o: number): CrimTemplate {
  if (blob.signature(o) !== 'TEMP')
    blob.fail('BAD_SIGNATURE', o, `template signature "${blob.signature(o)}"`);
  const size = blob.u32(o + 4);
  const itemCount = blob.u32(o + 8);
  const itemsOffset = blob.u32(o + 16);
  if (size < 40 || !blob.contains(o, size))
    blob.fail('BAD_TEMPLATE', o, `template size ${size} does not fit`);
  if (itemCount > 0 && (itemsOffset < o + 40 || itemsOffset + itemCount * 20 > o + size)) {
    blob.fail(
      'BAD_TEMPLATE',
      o + 16,
      `${itemCount} item descriptors at 0x${itemsOffset.toString(16)} are outside the template`,
    );
  }
  const template: CrimTemplate = {
    offset: o,
    size,
    guid: blob.guid(o + 24),
    kind: blob.u32(o + 20),
    items: [],
  };
  for (let i = 0; i < itemCount; i++) {
    const d = itemsOffset + i * 20;
    const item: CrimTemplateItem = {
      offset: d,
      flags: blob.u32(d),
      inType: blob.u8(d + 4),
      outType: blob.u8(d + 5),
      extra: blob.u16(d + 6),
      mapOffset: blob.u32(d + 8),
      count: blob.u16(d + 12),
      length: blob.u16(d + 14),
    };
    const nameOffset = blob.u32(d + 16);
    if (nameOffset !== 0) {
      if (nameOffset < o || nameOffset >= o + size)
        blob.fail('BAD_TEMPLATE', d + 16, 'item name outside the template');
      item.name = blob.sizedString(nameOffset);
    }
    template.items.push(item);
  }
  const binxmlEnd = itemCount > 0 ? itemsOffset : o + size;
  if (binxmlEnd > o + 40) {
    const window = new ByteReader(
      blob.bytes.subarray(0, binxmlEnd - blob.base),
      blob.fileOffset + blob.base,
      'template BinXML',
    );
    window.pos = o + 40 - blob.base;
    template.binxml = readTemplateBinXml(window);
  }
  return template;
}
