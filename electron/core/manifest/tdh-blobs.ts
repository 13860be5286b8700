// TDH provider blobs (what the Windows addon copies out of tdh.dll, parsed here on any OS):
//   PROVIDER_ENUMERATION_INFO (TdhEnumerateProviders): u32 NumberOfProviders, u32 Reserved,
//     TRACE_PROVIDER_INFO[] {GUID ProviderGuid, u32 SchemaSource (0 manifest, 1 MOF), u32 ProviderNameOffset}
//   PROVIDER_FIELD_INFOARRAY (TdhEnumerateProviderFieldInformation): u32 NumberOfElements,
//     u32 FieldType (EVENT_FIELD_TYPE: 0 keyword, 1 level, 2 channel, 3 task, 4 opcode),
//     PROVIDER_FIELD_INFO[] {u32 NameOffset, u32 DescriptionOffset, u64 Value} (16 bytes, from offset 8);
//     an opcode's Value holds the task in bits 0-15 and the opcode in bits 16-23 (tdh.h EVENT_FIELD_TYPE).
// String offsets are from the blob start to UTF-16Z text. providerFromTdh assembles a ProviderSchema
// from these and the events' TRACE_EVENT_INFO blobs (electron/core/decode/trace-event-info.ts).
import type {
  ChannelSchema,
  EventSchema,
  KeywordSchema,
  LevelSchema,
  MapSchema,
  OpcodeSchema,
  ProviderSchema,
  SchemaDiagnostic,
  SchemaSource,
  TaskSchema,
} from '../../common/model/schema';
import { textDecoders } from '../binary/byte-reader';
import { guidToString } from '../binary/guid';
import { parseEventMapInfo, parseTraceEventInfo } from '../decode/trace-event-info';
import { isStandardKeyword, isStandardLevel, isStandardOpcode, isStandardTask } from './winmeta';

export const EventFieldType = { Keyword: 0, Level: 1, Channel: 2, Task: 3, Opcode: 4 } as const;

export interface ProviderFieldInfo {
  name: string;
  description?: string;
  value: bigint;
}

export interface ProviderFieldInfoArray {
  fieldType: number;
  fields: ProviderFieldInfo[];
}

export interface EnumeratedProvider {
  guid: string;
  name: string;
  /** 'manifest' (0) or 'mof' (1); other values as numbers. */
  schemaSource: 'manifest' | 'mof' | number;
}

const MAX_ELEMENTS = 1 << 20;

/** UTF-16Z at `offset` (0 = none); out of bounds → undefined and a diagnostic. */
function stringAt(
  bytes: Uint8Array,
  offset: number,
  what: string,
  diagnostics: SchemaDiagnostic[],
): string | undefined {
  if (offset === 0) return undefined;
  if (offset + 2 > bytes.length) {
    diagnostics.push({
      code: 'BAD_OFFSET',
      offset,
      message: `${what}: string offset 0x${offset.toString(16)} is outside the ${bytes.length}-byte blob`,
    });
    return undefined;
  }
  let end = offset;
  while (end + 1 < bytes.length && (bytes[end] !== 0 || bytes[end + 1] !== 0)) end += 2;
  return textDecoders.utf16.decode(bytes.subarray(offset, end));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function parseProviderFieldInfoArray(bytes: Uint8Array): {
  array: ProviderFieldInfoArray | null;
  diagnostics: SchemaDiagnostic[];
} {
  const diagnostics: SchemaDiagnostic[] = [];
  if (bytes.length < 8) {
    diagnostics.push({
      code: 'TRUNCATED',
      offset: 0,
      message: `PROVIDER_FIELD_INFOARRAY needs 8 bytes, the blob has ${bytes.length}`,
    });
    return { array: null, diagnostics };
  }
  const v = view(bytes);
  const count = v.getUint32(0, true);
  const fieldType = v.getUint32(4, true);
  const room = Math.floor((bytes.length - 8) / 16);
  if (count > room || count > MAX_ELEMENTS) {
    diagnostics.push({
      code: 'TRUNCATED',
      offset: 0,
      message: `PROVIDER_FIELD_INFOARRAY: ${count} elements, room for ${room}`,
    });
  }
  const fields: ProviderFieldInfo[] = [];
  for (let i = 0; i < Math.min(count, room); i++) {
    const at = 8 + i * 16;
    const what = `PROVIDER_FIELD_INFO ${i}`;
    const name = stringAt(bytes, v.getUint32(at, true), what, diagnostics);
    if (name === undefined) {
      diagnostics.push({ code: 'NO_NAME', offset: at, message: `${what} has no name` });
      continue;
    }
    const field: ProviderFieldInfo = { name, value: v.getBigUint64(at + 8, true) };
    const description = stringAt(bytes, v.getUint32(at + 4, true), what, diagnostics);
    if (description) field.description = description.replace(/\r\n$/, '');
    fields.push(field);
  }
  return { array: { fieldType, fields }, diagnostics };
}

export function parseProviderEnumerationInfo(bytes: Uint8Array): {
  providers: EnumeratedProvider[];
  diagnostics: SchemaDiagnostic[];
} {
  const diagnostics: SchemaDiagnostic[] = [];
  const providers: EnumeratedProvider[] = [];
  if (bytes.length < 8) {
    diagnostics.push({
      code: 'TRUNCATED',
      offset: 0,
      message: `PROVIDER_ENUMERATION_INFO needs 8 bytes, the blob has ${bytes.length}`,
    });
    return { providers, diagnostics };
  }
  const v = view(bytes);
  const count = v.getUint32(0, true);
  const room = Math.floor((bytes.length - 8) / 24);
  if (count > room || count > MAX_ELEMENTS) {
    diagnostics.push({
      code: 'TRUNCATED',
      offset: 0,
      message: `PROVIDER_ENUMERATION_INFO: ${count} providers, room for ${room}`,
    });
  }
  for (let i = 0; i < Math.min(count, room); i++) {
    const at = 8 + i * 24;
    const guid = guidToString(bytes, at);
    const source = v.getUint32(at + 16, true);
    const name =
      stringAt(bytes, v.getUint32(at + 20, true), `TRACE_PROVIDER_INFO ${i}`, diagnostics) ?? `{${guid}}`;
    providers.push({ guid, name, schemaSource: source === 0 ? 'manifest' : source === 1 ? 'mof' : source });
  }
  return { providers, diagnostics };
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

function applyFieldInfo(p: ProviderSchema, array: ProviderFieldInfoArray): void {
  for (const f of array.fields) {
    const message = f.description;
    const withMessage = <T extends object>(x: T): T => (message ? { ...x, message } : x);
    const n = Number(f.value & 0xffffffffn);
    switch (array.fieldType) {
      case EventFieldType.Keyword:
        if (!isStandardKeyword(f.name, hex(f.value)))
          p.keywords.push(withMessage<KeywordSchema>({ name: f.name, mask: hex(f.value) }));
        break;
      case EventFieldType.Level:
        if (!isStandardLevel(f.name, n)) p.levels.push(withMessage<LevelSchema>({ name: f.name, value: n }));
        break;
      case EventFieldType.Channel:
        p.channels.push(withMessage<ChannelSchema>({ name: f.name, value: n }));
        break;
      case EventFieldType.Task:
        if (!isStandardTask(f.name, n)) p.tasks.push(withMessage<TaskSchema>({ name: f.name, value: n }));
        break;
      case EventFieldType.Opcode: {
        const task = n & 0xffff;
        const value = (n >>> 16) & 0xff;
        if (isStandardOpcode(f.name, value, task)) break;
        const opcode: OpcodeSchema = { name: f.name, value };
        if (task !== 0) opcode.task = task;
        p.opcodes.push(withMessage(opcode));
        break;
      }
    }
  }
}

export interface TdhBlobs {
  /** TRACE_EVENT_INFO per event (TdhGetManifestEventInformation / TdhGetEventInformation). */
  eventInfos: readonly Uint8Array[];
  /** PROVIDER_FIELD_INFOARRAY per field type (each says its type). */
  fieldInfos?: readonly Uint8Array[];
  /** EVENT_MAP_INFO per map (TdhGetEventMapInformation). */
  mapInfos?: readonly Uint8Array[];
}

/** One provider from its TDH blobs; events of another provider are reported and skipped. */
export function providerFromTdh(
  blobs: TdhBlobs,
  source: SchemaSource = { kind: 'tdh' },
): { provider: ProviderSchema | null; diagnostics: SchemaDiagnostic[] } {
  const diagnostics: SchemaDiagnostic[] = [];
  const tag = (what: string, list: readonly SchemaDiagnostic[]) => {
    for (const d of list) diagnostics.push({ ...d, message: `${what}: ${d.message}` });
  };
  let provider: ProviderSchema | null = null;
  const events: EventSchema[] = [];
  blobs.eventInfos.forEach((bytes, i) => {
    const r = parseTraceEventInfo(bytes);
    tag(`TRACE_EVENT_INFO #${i}`, r.diagnostics);
    if (!r.info) return;
    provider ??= {
      guid: r.info.providerGuid,
      name: r.info.providerName ?? `{${r.info.providerGuid}}`,
      source,
      events,
      keywords: [],
      levels: [],
      opcodes: [],
      tasks: [],
      channels: [],
      maps: [],
    };
    if (r.info.providerGuid !== provider.guid) {
      diagnostics.push({
        code: 'OTHER_PROVIDER',
        offset: 0,
        message: `TRACE_EVENT_INFO #${i} is for provider ${r.info.providerGuid}, not ${provider.guid}`,
      });
      return;
    }
    if (r.info.providerMessage && provider.message === undefined) provider.message = r.info.providerMessage;
    events.push(r.info.event);
  });
  if (!provider) {
    diagnostics.push({
      code: 'NO_EVENTS',
      offset: 0,
      message: 'no usable TRACE_EVENT_INFO: the provider GUID and name are unknown',
    });
    return { provider: null, diagnostics };
  }
  const p: ProviderSchema = provider;
  (blobs.fieldInfos ?? []).forEach((bytes, i) => {
    const r = parseProviderFieldInfoArray(bytes);
    tag(`PROVIDER_FIELD_INFOARRAY #${i}`, r.diagnostics);
    if (r.array) applyFieldInfo(p, r.array);
  });
  const maps: MapSchema[] = [];
  (blobs.mapInfos ?? []).forEach((bytes, i) => {
    const r = parseEventMapInfo(bytes);
    tag(`EVENT_MAP_INFO #${i}`, r.diagnostics);
    if (r.map && !maps.some((m) => m.name === r.map?.name)) maps.push(r.map);
  });
  p.maps = maps;
  return { provider: p, diagnostics };
}
