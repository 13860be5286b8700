// Builds TRACE_EVENT_INFO and EVENT_MAP_INFO blobs (tdh.h layouts, see trace-event-info.ts) for tests:
// the fixed part, the property array, then every string (UTF-16Z) after it, offsets from the start.
import { guidToBytes } from '../../../electron/core/binary/guid';

export interface PropertySpec {
  flags?: number;
  name: string;
  /** InType, or StructStartIndex when flags & 1. */
  a: number;
  /** OutType, or NumOfStructMembers when flags & 1. */
  b?: number;
  map?: string;
  count?: number;
  length?: number;
}

export interface EventInfoSpec {
  providerGuid?: string;
  eventGuid?: string;
  id?: number;
  version?: number;
  channel?: number;
  level?: number;
  opcode?: number;
  task?: number;
  keywords?: bigint;
  decodingSource?: number;
  providerName?: string;
  levelName?: string;
  channelName?: string;
  keywordNames?: string[];
  taskName?: string;
  opcodeName?: string;
  message?: string;
  eventName?: string;
  properties: PropertySpec[];
  topLevel?: number;
}

class StringArea {
  readonly chunks: Uint8Array[] = [];
  size = 0;
  constructor(private readonly base: number) {}
  /** Offset of the string (0 when absent); `list` ends the strings with an empty one. */
  add(s: string | string[] | undefined): number {
    if (s === undefined) return 0;
    const list = Array.isArray(s) ? [...s, ''] : [s];
    const at = this.base + this.size;
    for (const one of list) {
      const b = new Uint8Array((one.length + 1) * 2);
      for (let i = 0; i < one.length; i++) {
        b[2 * i] = one.charCodeAt(i) & 0xff;
        b[2 * i + 1] = one.charCodeAt(i) >> 8;
      }
      this.chunks.push(b);
      this.size += b.length;
    }
    return at;
  }
}

function concat(head: Uint8Array, strings: StringArea): Uint8Array {
  const out = new Uint8Array(head.length + strings.size);
  out.set(head);
  let at = head.length;
  for (const c of strings.chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function buildTraceEventInfo(spec: EventInfoSpec): Uint8Array {
  const n = spec.properties.length;
  const head = new Uint8Array(0x70 + 0x18 * n);
  const v = new DataView(head.buffer);
  const strings = new StringArea(head.length);
  head.set(guidToBytes(spec.providerGuid ?? '11111111-2222-3333-4444-555555555555'), 0);
  head.set(guidToBytes(spec.eventGuid ?? '00000000-0000-0000-0000-000000000000'), 0x10);
  v.setUint16(0x20, spec.id ?? 0, true);
  v.setUint8(0x22, spec.version ?? 0);
  v.setUint8(0x23, spec.channel ?? 0);
  v.setUint8(0x24, spec.level ?? 0);
  v.setUint8(0x25, spec.opcode ?? 0);
  v.setUint16(0x26, spec.task ?? 0, true);
  v.setBigUint64(0x28, spec.keywords ?? 0n, true);
  v.setUint32(0x30, spec.decodingSource ?? 0, true);
  v.setUint32(0x34, strings.add(spec.providerName), true);
  v.setUint32(0x38, strings.add(spec.levelName), true);
  v.setUint32(0x3c, strings.add(spec.channelName), true);
  v.setUint32(0x40, strings.add(spec.keywordNames), true);
  v.setUint32(0x44, strings.add(spec.taskName), true);
  v.setUint32(0x48, strings.add(spec.opcodeName), true);
  v.setUint32(0x4c, strings.add(spec.message), true);
  v.setUint32(0x5c, strings.add(spec.eventName), true);
  v.setUint32(0x64, n, true);
  v.setUint32(0x68, spec.topLevel ?? n, true);
  spec.properties.forEach((p, i) => {
    const at = 0x70 + 0x18 * i;
    v.setUint32(at, p.flags ?? 0, true);
    v.setUint32(at + 4, strings.add(p.name), true);
    v.setUint16(at + 8, p.a, true);
    v.setUint16(at + 10, p.b ?? 0, true);
    v.setUint32(at + 12, strings.add(p.map), true);
    v.setUint16(at + 16, p.count ?? 1, true);
    v.setUint16(at + 18, p.length ?? 0, true);
  });
  return concat(head, strings);
}

export interface MapInfoSpec {
  name?: string;
  flag: number;
  valueType?: number;
  entries: { value: number; text: string }[];
}

export function buildEventMapInfo(spec: MapInfoSpec): Uint8Array {
  const head = new Uint8Array(16 + 8 * spec.entries.length);
  const v = new DataView(head.buffer);
  const strings = new StringArea(head.length);
  v.setUint32(0, strings.add(spec.name), true);
  v.setUint32(4, spec.flag, true);
  v.setUint32(8, spec.entries.length, true);
  v.setUint32(12, spec.valueType ?? 0, true);
  spec.entries.forEach((e, i) => {
    v.setUint32(16 + 8 * i, strings.add(e.text), true);
    v.setUint32(16 + 8 * i + 4, e.value, true);
  });
  return concat(head, strings);
}
