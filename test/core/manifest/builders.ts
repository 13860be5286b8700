// Test builders for binary manifests: a CRIM blob (WEVT_TEMPLATE payload, layout of
// shared/docs/etw-formats.md §9, as the readers expect it), a message table (RT_MESSAGETABLE) and a
// PE image (PE32 or PE32+) with a .rsrc section holding given resources. Used by the synthetic and
// corruption tests; the golden tests use the real fixtures.
import { guidToBytes } from '../../../electron/core/binary/guid';

class Out {
  readonly bytes: number[] = [];
  get at(): number {
    return this.bytes.length;
  }
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  u64(v: bigint): this {
    return this.u32(Number(v & 0xffffffffn)).u32(Number(v >> 32n));
  }
  sig(s: string): this {
    for (const c of s) this.u8(c.charCodeAt(0));
    return this;
  }
  guid(g: string): this {
    for (const b of guidToBytes(g)) this.u8(b);
    return this;
  }
  utf16(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this;
  }
  align(n: number): this {
    while (this.at % n) this.u8(0);
    return this;
  }
  put32(at: number, v: number): void {
    for (let i = 0; i < 4; i++) this.bytes[at + i] = (v >>> (8 * i)) & 0xff;
  }
  put16(at: number, v: number): void {
    this.bytes[at] = v & 0xff;
    this.bytes[at + 1] = (v >>> 8) & 0xff;
  }
  append(b: Uint8Array | number[]): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export interface BItem {
  name: string;
  inType: number;
  outType?: number;
  flags?: number;
  /** u16 at +4..+7 for structs: first member index and member count (flags & 1). */
  structStart?: number;
  structCount?: number;
  count?: number;
  length?: number;
  /** Name of a map of the provider this item refers to. */
  map?: string;
  /** BinXML substitution value type gets the array bit. */
  array?: boolean;
}
export interface BTemplate {
  guid: string;
  items: BItem[];
}
export interface BEvent {
  id: number;
  version?: number;
  channel?: number;
  level?: number;
  opcode?: number;
  task?: number;
  keywords?: bigint;
  messageId?: number;
  /** Index into the provider's templates. */
  template?: number;
}
export interface BProvider {
  guid: string;
  messageId?: number;
  channels?: { flags?: number; name: string; value: number; messageId?: number }[];
  levels?: { value: number; name: string; messageId?: number }[];
  opcodes?: { task?: number; value: number; name: string; messageId?: number }[];
  tasks?: { value: number; name: string; guid?: string; messageId?: number }[];
  keywords?: { mask: bigint; name: string; messageId?: number }[];
  maps?: { kind: 'VMAP' | 'BMAP'; name: string; entries: { value: number; messageId?: number }[] }[];
  templates?: BTemplate[];
  events?: BEvent[];
  /** MAPS offsets as omerbenamram/evtx reads them ('evtx', default) or as libfwevt documents ('libfwevt'). */
  mapsLayout?: 'evtx' | 'libfwevt';
}

const NONE = 0xffffffff;

/** Appends `{u32 size, UTF-16Z}` 8-aligned; returns its offset. */
function sizedString(o: Out, s: string): number {
  const at = o.at;
  const size = 4 + (s.length + 1) * 2;
  o.u32(size + ((8 - (size % 8)) % 8))
    .utf16(s)
    .u16(0)
    .align(8);
  return at;
}

function nameHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 65599) + s.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

function inlineName(o: Out, s: string): void {
  o.u16(nameHash(s)).u16(s.length).utf16(s).u16(0);
}

/** EventData BinXML with one <Data Name="..."> substitution per top-level item. */
function templateBinXml(o: Out, items: BItem[], members: Set<number>): void {
  o.u8(0x0f).u8(1).u8(1).u8(0);
  o.u8(0x01).u16(0xffff).u32(0);
  inlineName(o, 'EventData');
  o.u8(0x02);
  items.forEach((item, index) => {
    if (members.has(index)) return;
    o.u8(0x41).u16(0xffff).u32(0);
    inlineName(o, 'Data');
    o.u32(0);
    o.u8(0x06);
    inlineName(o, 'Name');
    o.u8(0x05).u8(0x01).u16(item.name.length).utf16(item.name);
    o.u8(0x02);
    o.u8(0x0d)
      .u16(index)
      .u8((item.inType & 0x7f) | (item.array ? 0x80 : 0));
    o.u8(0x04);
  });
  o.u8(0x04).u8(0x00);
}

function list<T>(
  o: Out,
  sig: string,
  entries: T[],
  entrySize: number,
  write: (e: T, patchName: (rel: number, s: string) => void) => void,
  headerExtra = 0,
): number {
  const start = o.at;
  o.sig(sig).u32(0).u32(entries.length);
  if (headerExtra) o.u32(0);
  const names: [number, string][] = [];
  for (const e of entries) {
    const at = o.at;
    write(e, (rel, s) => names.push([at + rel, s]));
    if (o.at - at !== entrySize) throw new Error(`${sig} entry is ${o.at - at} bytes`);
  }
  for (const [at, s] of names) o.put32(at, sizedString(o, s));
  o.put32(start + 4, o.at - start);
  return start;
}

export function buildCrim(providers: BProvider[], version: [number, number] = [3, 1]): Uint8Array {
  const o = new Out();
  o.sig('CRIM').u32(0).u16(version[0]).u16(version[1]).u32(providers.length);
  const descriptors: number[] = [];
  for (const p of providers) {
    o.guid(p.guid);
    descriptors.push(o.at);
    o.u32(0);
  }
  for (const [pi, p] of providers.entries()) {
    const wevt = o.at;
    o.put32(descriptors[pi] as number, wevt);
    const elementCount = 8;
    o.sig('WEVT')
      .u32(0)
      .u32(p.messageId ?? NONE)
      .u32(elementCount)
      .u32(0);
    const slots: number[] = [];
    for (let i = 0; i < elementCount; i++) {
      slots.push(o.at);
      o.u32(0).u32(i);
    }
    const element = (i: number, at: number) => o.put32(slots[i] as number, at);

    element(
      0,
      list(
        o,
        'CHAN',
        p.channels ?? [],
        16,
        (c, name) => (
          name(4, c.name),
          o
            .u32(c.flags ?? 0)
            .u32(0)
            .u32(c.value)
            .u32(c.messageId ?? NONE)
        ),
      ),
    );
    element(
      1,
      list(
        o,
        'LEVL',
        p.levels ?? [],
        12,
        (l, name) => (
          name(8, l.name),
          o
            .u32(l.value)
            .u32(l.messageId ?? NONE)
            .u32(0)
        ),
      ),
    );
    element(
      2,
      list(
        o,
        'OPCO',
        p.opcodes ?? [],
        12,
        (x, name) => (
          name(8, x.name),
          o
            .u16(x.task ?? 0)
            .u16(x.value)
            .u32(x.messageId ?? NONE)
            .u32(0)
        ),
      ),
    );
    element(
      3,
      list(
        o,
        'TASK',
        p.tasks ?? [],
        28,
        (t, name) => (
          name(24, t.name),
          o
            .u32(t.value)
            .u32(t.messageId ?? NONE)
            .guid(t.guid ?? '00000000-0000-0000-0000-000000000000')
            .u32(0)
        ),
      ),
    );
    element(
      4,
      list(
        o,
        'KEYW',
        p.keywords ?? [],
        16,
        (k, name) => (
          name(12, k.name),
          o
            .u64(k.mask)
            .u32(k.messageId ?? NONE)
            .u32(0)
        ),
      ),
    );

    // MAPS
    const maps = p.maps ?? [];
    const mapOffsets = new Map<string, number>();
    const mapsAt = o.at;
    o.sig('MAPS').u32(0).u32(maps.length);
    const offsetSlots: number[] = [];
    const evtx = (p.mapsLayout ?? 'evtx') === 'evtx';
    const slotCount = evtx ? maps.length : Math.max(0, maps.length - 1);
    for (let i = 0; i < slotCount; i++) {
      offsetSlots.push(o.at);
      o.u32(0);
    }
    const nameSlots: [number, string][] = [];
    maps.forEach((m, i) => {
      const at = o.at;
      mapOffsets.set(m.name, at);
      if (evtx) o.put32(offsetSlots[i] as number, at);
      else if (i > 0) o.put32(offsetSlots[i - 1] as number, at);
      o.sig(m.kind).u32(16 + m.entries.length * 8);
      nameSlots.push([o.at, m.name]);
      o.u32(0).u32(m.entries.length);
      for (const e of m.entries) o.u32(e.value).u32(e.messageId ?? NONE);
    });
    for (const [at, s] of nameSlots) o.put32(at, sizedString(o, s));
    o.put32(mapsAt + 4, o.at - mapsAt);
    element(5, mapsAt);

    // TTBL
    const ttbl = o.at;
    const templates = p.templates ?? [];
    o.sig('TTBL').u32(0).u32(templates.length);
    const templateOffsets: number[] = [];
    for (const t of templates) {
      const temp = o.at;
      templateOffsets.push(temp);
      o.sig('TEMP').u32(0).u32(t.items.length).u32(t.items.length).u32(0).u32(1).guid(t.guid);
      const members = new Set<number>();
      for (const item of t.items) {
        if ((item.flags ?? 0) & 1)
          for (let m = 0; m < (item.structCount ?? 0); m++) members.add((item.structStart ?? 0) + m);
      }
      templateBinXml(o, t.items, members);
      o.align(4);
      o.put32(temp + 16, o.at);
      const nameSlotsT: [number, string][] = [];
      for (const item of t.items) {
        const isStruct = ((item.flags ?? 0) & 1) !== 0;
        o.u32(item.flags ?? 0);
        if (isStruct) o.u16(item.structStart ?? 0).u16(item.structCount ?? 0);
        else
          o.u8(item.inType)
            .u8(item.outType ?? 0)
            .u16(0);
        o.u32(item.map !== undefined ? (mapOffsets.get(item.map) ?? 0) : 0);
        o.u16(item.count ?? 0).u16(item.length ?? 0);
        nameSlotsT.push([o.at, item.name]);
        o.u32(0);
      }
      for (const [at, s] of nameSlotsT) o.put32(at, sizedString(o, s));
      o.put32(temp + 4, o.at - temp);
    }
    o.put32(ttbl + 4, o.at - ttbl);
    element(6, ttbl);

    // EVNT
    const events = p.events ?? [];
    element(
      7,
      list(
        o,
        'EVNT',
        events,
        48,
        (e) => {
          o.u16(e.id)
            .u8(e.version ?? 0)
            .u8(e.channel ?? 0)
            .u8(e.level ?? 0)
            .u8(e.opcode ?? 0)
            .u16(e.task ?? 0)
            .u64(e.keywords ?? 0n);
          o.u32(e.messageId ?? NONE).u32(e.template === undefined ? 0 : (templateOffsets[e.template] ?? 0));
          o.u32(0).u32(0).u32(0).u32(0).u32(0).u32(0);
        },
        4,
      ),
    );
    o.put32(wevt + 4, o.at - wevt);
  }
  o.put32(4, o.at);
  return o.done();
}

/** RT_MESSAGETABLE with one block per message, UTF-16 entries. */
export function buildMessageTable(messages: [number, string][]): Uint8Array {
  const o = new Out();
  o.u32(messages.length);
  const slots: number[] = [];
  for (const [id] of messages) {
    o.u32(id).u32(id);
    slots.push(o.at);
    o.u32(0);
  }
  messages.forEach(([, text], i) => {
    o.put32(slots[i] as number, o.at);
    const body = text + '\r\n';
    const length = 4 + (body.length + 1) * 2;
    const padded = length + (length % 4);
    o.u16(padded).u16(1).utf16(body).u16(0);
    while (o.at % 4) o.u8(0);
  });
  return o.done();
}

export interface BResource {
  type: number | string;
  name: number;
  language: number;
  data: Uint8Array;
}

const SECTION_RVA = 0x1000;
const SECTION_FILE = 0x400;

/** A minimal PE32 (or PE32+) image whose only section is .rsrc with the given resources. */
export function buildPe(resources: BResource[], is64 = false): Uint8Array {
  // resource directory (offsets from the section start)
  const r = new Out();
  const types = [...new Set(resources.map((x) => x.type))].sort((a, b) =>
    typeof a === typeof b ? (a < b ? -1 : 1) : typeof a === 'string' ? -1 : 1,
  );
  const dir = (named: number, ids: number) => r.u32(0).u32(0).u16(4).u16(0).u16(named).u16(ids);
  dir(types.filter((t) => typeof t === 'string').length, types.filter((t) => typeof t === 'number').length);
  const typeSlots = types.map((t) => {
    const at = r.at;
    r.u32(0).u32(0);
    return { at, t };
  });
  const stringSlots: [number, string][] = [];
  const dataSlots: [number, Uint8Array][] = [];
  for (const { at, t } of typeSlots) {
    if (typeof t === 'string') stringSlots.push([at, t]);
    else r.put32(at, t);
    r.put32(at + 4, 0x80000000 | r.at);
    const ofType = resources.filter((x) => x.type === t);
    const names = [...new Set(ofType.map((x) => x.name))];
    dir(0, names.length);
    const nameSlots = names.map((n) => {
      const s = r.at;
      r.u32(n).u32(0);
      return { s, n };
    });
    for (const { s, n } of nameSlots) {
      r.put32(s + 4, 0x80000000 | r.at);
      const langs = ofType.filter((x) => x.name === n);
      dir(0, langs.length);
      const langSlots = langs.map((l) => {
        const s2 = r.at;
        r.u32(l.language).u32(0);
        return { s2, l };
      });
      for (const { s2, l } of langSlots) {
        r.put32(s2 + 4, r.at);
        dataSlots.push([r.at, l.data]);
        r.u32(0).u32(l.data.length).u32(0).u32(0);
      }
    }
  }
  for (const [at, s] of stringSlots) {
    r.put32(at, 0x80000000 | r.at);
    r.u16(s.length).utf16(s);
  }
  for (const [at, data] of dataSlots) {
    r.align(8);
    r.put32(at, SECTION_RVA + r.at);
    r.append(data);
  }
  r.align(0x200);
  const rsrc = r.done();

  const o = new Out();
  o.sig('MZ');
  while (o.at < 0x3c) o.u8(0);
  o.u32(0x40);
  o.sig('PE').u16(0);
  const optionalSize = is64 ? 240 : 224;
  o.u16(is64 ? 0x8664 : 0x14c)
    .u16(1)
    .u32(0)
    .u32(0)
    .u32(0)
    .u16(optionalSize)
    .u16(0x2102);
  const optional = o.at;
  o.u16(is64 ? 0x20b : 0x10b);
  while (o.at < optional + (is64 ? 108 : 92)) o.u8(0);
  o.u32(16);
  for (let i = 0; i < 16; i++) {
    if (i === 2) o.u32(SECTION_RVA).u32(rsrc.length);
    else o.u32(0).u32(0);
  }
  o.sig('.rsrc').u8(0).u8(0).u8(0);
  o.u32(rsrc.length)
    .u32(SECTION_RVA)
    .u32(rsrc.length)
    .u32(SECTION_FILE)
    .u32(0)
    .u32(0)
    .u16(0)
    .u16(0)
    .u32(0x40000040);
  while (o.at < SECTION_FILE) o.u8(0);
  o.append(rsrc);
  return o.done();
}
