// buildTraceEventInfo / buildEventMapInfo are the inverse of the parsers the decoder uses for
// merged-trace metadata: parse(build(x)) gives x back for every event of real manifests (every
// in-type and out-type, arrays by fixed and field counts, strings by length, maps, structs), and
// schemas that cannot be expressed fail with a message naming the field.
import { describe, expect, it } from 'vitest';
import type { EventSchema, FieldSchema } from '../../../electron/common/model/schema';
import { parseEventMapInfo, parseTraceEventInfo } from '../../../electron/core/decode/index';
import { DEMO_PROVIDERS } from '../../../electron/core/demo/index';
import { buildEventMapInfo, buildTraceEventInfo } from '../../../electron/core/export/index';
import { manifests } from './helpers';

const LENGTH_TYPES = new Set(['UnicodeString', 'AnsiString', 'Binary']);

/** The schema as TRACE_EVENT_INFO can carry it (the parser's conventions for absent values). */
function normalizeFields(fields: readonly FieldSchema[]): FieldSchema[] {
  return fields.map((f) => {
    const out: FieldSchema = { name: f.name, inType: f.inType };
    if (f.outType !== undefined && f.outType !== 'Null') out.outType = f.outType;
    if (f.map !== undefined && f.inType !== 'Struct') out.map = f.map;
    if (f.fields) out.fields = normalizeFields(f.fields);
    if (LENGTH_TYPES.has(f.inType) && f.length !== undefined && f.length !== 0) out.length = f.length;
    if (f.count !== undefined && f.count !== 1) out.count = f.count;
    return out;
  });
}

function normalize(e: EventSchema): EventSchema {
  const out: EventSchema = {
    id: e.id,
    version: e.version,
    channel: e.channel ?? 0,
    level: e.level,
    opcode: e.opcode,
    task: e.task,
    keywords: '0x' + BigInt(e.keywords).toString(16),
    fields: normalizeFields(e.fields),
  };
  if (e.name) out.name = e.name;
  if (e.message) out.message = e.message;
  return out;
}

function roundTrip(guid: string, providerName: string, e: EventSchema) {
  const blob = buildTraceEventInfo(guid, providerName, e, {
    taskName: 'Task',
    opcodeName: 'Op',
    levelName: 'Informational',
  });
  const { info, diagnostics } = parseTraceEventInfo(blob);
  expect(diagnostics).toEqual([]);
  return info;
}

describe('buildTraceEventInfo', () => {
  it('round-trips every event of real manifests through parseTraceEventInfo', async () => {
    const providers = [
      ...(await manifests(
        'manifests/windows-classic-samples/AdvancedProvider.cpp.man',
        'manifests/tx/SystemEvents.man',
        'manifests/perfview/ClrEtwAll.man',
      )),
      ...DEMO_PROVIDERS,
    ];
    let events = 0;
    const inTypes = new Set<string>();
    let arrays = 0;
    let structs = 0;
    for (const p of providers) {
      for (const e of p.events) {
        const info = roundTrip(p.guid, p.name, e);
        expect(info?.providerGuid).toBe(p.guid);
        expect(info?.providerName).toBe(p.name);
        expect(info?.decodingSource).toBe(0);
        expect(info?.taskName).toBe('Task');
        expect(info?.opcodeName).toBe('Op');
        expect(info?.levelName).toBe('Informational');
        expect(info?.event).toEqual(normalize(e));
        events++;
        const walk = (fs: readonly FieldSchema[]) => {
          for (const f of fs) {
            inTypes.add(f.inType);
            if (f.count !== undefined) arrays++;
            if (f.fields) {
              structs++;
              walk(f.fields);
            }
          }
        };
        walk(e.fields);
      }
    }
    expect(events).toBeGreaterThan(900);
    expect(inTypes.size).toBeGreaterThanOrEqual(20);
    expect(arrays).toBeGreaterThan(10);
    expect(structs).toBeGreaterThan(0);
  });

  it('lays out structs after the top-level fields and resolves count/length references by name', () => {
    const e: EventSchema = {
      id: 7,
      version: 2,
      level: 4,
      opcode: 1,
      task: 3,
      keywords: '0x8000000000000010',
      channel: 16,
      name: 'Nested',
      message: 'A %1 message',
      fields: [
        { name: 'Count', inType: 'UInt16' },
        { name: 'Size', inType: 'UInt32' },
        {
          name: 'Items',
          inType: 'Struct',
          count: 'Count',
          fields: [
            { name: 'Len', inType: 'UInt16' },
            { name: 'Name', inType: 'UnicodeString', length: 'Len' },
            {
              name: 'Inner',
              inType: 'Struct',
              fields: [{ name: 'Flags', inType: 'HexInt32', map: 'FlagMap' }],
            },
          ],
        },
        { name: 'Blob', inType: 'Binary', length: 'Size' },
        { name: 'Fixed', inType: 'UInt8', count: 4 },
        { name: 'Text', inType: 'AnsiString', length: 12 },
        { name: 'Ip', inType: 'UInt32', outType: 'IPv4' },
      ],
    };
    const blob = buildTraceEventInfo('22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716', 'P', e);
    const view = new DataView(blob.buffer);
    expect(view.getUint32(0x64, true)).toBe(11); // PropertyCount: 7 top-level + 3 members + 1 inner member
    expect(view.getUint32(0x68, true)).toBe(7); // TopLevelPropertyCount
    expect(parseTraceEventInfo(blob).info?.event).toEqual(normalize(e));
  });

  it('writes WBEM (classic) metadata with the class GUID', () => {
    const e: EventSchema = {
      id: 0,
      version: 3,
      level: 0,
      opcode: 10,
      task: 0,
      keywords: '0x0',
      fields: [{ name: 'ImageBase', inType: 'Pointer' }],
    };
    const blob = buildTraceEventInfo('9e814aad-3204-11d2-9a82-006008a86939', 'MSNT_SystemTrace', e, {
      decodingSource: 1,
      eventGuid: '2cb15d1d-5fc1-11d2-abe1-00a0c911f518',
      taskName: 'Image',
      opcodeName: 'Load',
    });
    const info = parseTraceEventInfo(blob).info;
    expect(info).toMatchObject({
      decodingSource: 1,
      eventGuid: '2cb15d1d-5fc1-11d2-abe1-00a0c911f518',
      taskName: 'Image',
      opcodeName: 'Load',
    });
  });

  it('refuses schemas it cannot express, naming the field', () => {
    const base: EventSchema = {
      id: 1,
      version: 0,
      level: 4,
      opcode: 0,
      task: 0,
      keywords: '0x0',
      fields: [],
    };
    expect(() =>
      buildTraceEventInfo('22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716', 'P', {
        ...base,
        fields: [{ name: 'X', inType: 'NoSuchType' }],
      }),
    ).toThrow(/unknown in-type 'NoSuchType'/);
    expect(() =>
      buildTraceEventInfo('22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716', 'P', {
        ...base,
        fields: [{ name: 'Data', inType: 'Binary', length: 'Missing' }],
      }),
    ).toThrow(/field 'Data': length refers to 'Missing'/);
  });
});

describe('buildEventMapInfo', () => {
  it('round-trips the value maps and bitmaps of real manifests', async () => {
    const providers = await manifests(
      'manifests/windows-classic-samples/AdvancedProvider.cpp.man',
      'manifests/tx/SystemEvents.man',
    );
    const maps = providers.flatMap((p) => p.maps);
    expect(maps.some((m) => m.kind === 'bitmap')).toBe(true);
    expect(maps.some((m) => m.kind === 'value')).toBe(true);
    for (const m of maps) {
      const { map, diagnostics } = parseEventMapInfo(buildEventMapInfo(m));
      expect(diagnostics).toEqual([]);
      expect(map).toEqual({
        ...m,
        entries: m.entries.map((x) => ({ value: x.value >>> 0, message: x.message.trim() })),
      });
    }
  });
});
