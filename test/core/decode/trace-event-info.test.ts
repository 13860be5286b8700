// TRACE_EVENT_INFO / EVENT_MAP_INFO: synthetic blobs (every part of the layout), the 61 EventInfo and
// 25 EventMapInfo blobs of the real merged trace, and corruption (truncation at every length,
// flipped bytes, hostile counts and offsets): a diagnostic, never an exception.
import { describe, expect, it } from 'vitest';
import { KERNEL_TRACE_CONTROL_METADATA_GUID } from '../../../electron/core/decode/registry';
import { parseEventMapInfo, parseTraceEventInfo } from '../../../electron/core/decode/trace-event-info';
import { openFileSource } from '../../../electron/core/etl/file-source.node';
import { openEtl } from '../../../electron/core/etl/reader';
import { FIXTURES } from './support';
import { buildEventMapInfo, buildTraceEventInfo } from './tdh-builder';

const STRUCT = 0x1;
const PARAM_LENGTH = 0x2;
const PARAM_COUNT = 0x4;

const sample = () =>
  buildTraceEventInfo({
    providerGuid: 'edd08927-9cc4-4e65-b970-c2560fb5c289',
    id: 12,
    version: 1,
    channel: 16,
    level: 4,
    opcode: 1,
    task: 12,
    keywords: 0x8000000000000080n,
    providerName: 'Microsoft-Windows-Kernel-File',
    levelName: 'win:Informational',
    channelName: 'Microsoft-Windows-Kernel-File/Analytic',
    keywordNames: ['KERNEL_FILE_KEYWORD_CREATE', 'Analytic'],
    taskName: 'Create',
    opcodeName: 'win:Start',
    message: 'File %1 opened',
    eventName: 'FileCreate',
    topLevel: 6,
    properties: [
      { name: 'Irp', a: 16, b: 0 }, // Pointer
      { name: 'Count', a: 8 }, // UInt32
      { name: 'Items', flags: STRUCT | PARAM_COUNT, a: 6, b: 2, count: 1 }, // struct array counted by property 1
      { name: 'Len', a: 6 }, // UInt16
      { name: 'Path', flags: PARAM_LENGTH, a: 1, length: 3 }, // UnicodeString, length from property 3
      { name: 'Share', a: 8, b: 0, map: 'ShareMap' },
      { name: 'Name', a: 1, length: 8 }, // struct member: fixed 8-char string
      { name: 'Addr', a: 14, b: 24, length: 16 }, // struct member: Binary[16] shown IPv6
    ],
  });

describe('parseTraceEventInfo', () => {
  it('reads the descriptor, the names and the property tree with references resolved to names', () => {
    const { info, diagnostics } = parseTraceEventInfo(sample());
    expect(diagnostics).toEqual([]);
    expect(info).toMatchObject({
      providerGuid: 'edd08927-9cc4-4e65-b970-c2560fb5c289',
      eventGuid: '00000000-0000-0000-0000-000000000000',
      providerName: 'Microsoft-Windows-Kernel-File',
      levelName: 'win:Informational',
      channelName: 'Microsoft-Windows-Kernel-File/Analytic',
      keywordNames: ['KERNEL_FILE_KEYWORD_CREATE', 'Analytic'],
      taskName: 'Create',
      opcodeName: 'win:Start',
      message: 'File %1 opened',
      decodingSource: 0,
    });
    expect(info?.event).toEqual({
      id: 12,
      version: 1,
      channel: 16,
      level: 4,
      opcode: 1,
      task: 12,
      keywords: '0x8000000000000080',
      name: 'FileCreate',
      message: 'File %1 opened',
      fields: [
        { name: 'Irp', inType: 'Pointer' },
        { name: 'Count', inType: 'UInt32' },
        {
          name: 'Items',
          inType: 'Struct',
          count: 'Count',
          fields: [
            { name: 'Name', inType: 'UnicodeString', length: 8 },
            { name: 'Addr', inType: 'Binary', outType: 'IPv6', length: 16 },
          ],
        },
        { name: 'Len', inType: 'UInt16' },
        { name: 'Path', inType: 'UnicodeString', length: 'Len' },
        { name: 'Share', inType: 'UInt32', map: 'ShareMap' },
      ],
    });
  });

  it('reports a blob shorter than the fixed part, and counts that do not fit', () => {
    expect(parseTraceEventInfo(new Uint8Array(0x6f))).toMatchObject({
      info: null,
      diagnostics: [{ code: 'TRUNCATED' }],
    });
    const b = sample();
    new DataView(b.buffer).setUint32(0x64, 0xffffffff, true);
    expect(parseTraceEventInfo(b)).toMatchObject({
      info: null,
      diagnostics: [{ code: 'BAD_COUNT', offset: 0x64 }],
    });
  });

  it('reports string offsets outside the blob and unterminated strings, and keeps the rest', () => {
    const b = sample();
    const v = new DataView(b.buffer);
    v.setUint32(0x44, b.length + 100, true); // TaskName
    v.setUint32(0x48, b.length - 1, true); // OpcodeName: one byte before the end
    const { info, diagnostics } = parseTraceEventInfo(b);
    expect(info?.taskName).toBeUndefined();
    expect(info?.opcodeName).toBeUndefined();
    expect(info?.event.fields).toHaveLength(6);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['BAD_OFFSET', 'BAD_OFFSET']);
    v.setUint16(b.length - 2, 0x41, true); // the last string loses its terminator
    expect(parseTraceEventInfo(b).diagnostics.some((d) => d.code === 'UNTERMINATED_STRING')).toBe(true);
  });

  it('refuses struct ranges that point outside, loop, or nest too deep', () => {
    const outside = buildTraceEventInfo({ properties: [{ name: 's', flags: STRUCT, a: 5, b: 4 }] });
    expect(parseTraceEventInfo(outside).diagnostics[0]?.code).toBe('BAD_RANGE');
    const loop = buildTraceEventInfo({ properties: [{ name: 's', flags: STRUCT, a: 0, b: 1 }] });
    const looped = parseTraceEventInfo(loop);
    expect(looped.diagnostics.some((d) => d.code === 'CYCLE' || d.code === 'TOO_DEEP')).toBe(true);
    expect(looped.info?.event.fields).toEqual([]);
    const badRef = buildTraceEventInfo({ properties: [{ name: 'v', flags: PARAM_COUNT, a: 8, count: 9 }] });
    expect(parseTraceEventInfo(badRef).diagnostics[0]?.code).toBe('BAD_REFERENCE');
  });

  it('never throws on truncated or corrupted blobs', () => {
    const good = sample();
    for (let n = 0; n <= good.length; n++)
      expect(() => parseTraceEventInfo(good.subarray(0, n))).not.toThrow();
    for (let i = 0; i < 0x70 + 0x18 * 8; i++) {
      for (const x of [0xff, 0x80, 0x01]) {
        const b = good.slice();
        b[i] = (b[i] as number) ^ x;
        expect(() => parseTraceEventInfo(b)).not.toThrow();
      }
    }
  });
});

describe('parseEventMapInfo', () => {
  it('reads value maps and bitmaps (manifest and WBEM flags), trimming texts', () => {
    const value = parseEventMapInfo(
      buildEventMapInfo({
        name: 'KindMap',
        flag: 1,
        entries: [
          { value: 0, text: 'Small ' },
          { value: 1, text: 'Large' },
        ],
      }),
    );
    expect(value).toEqual({
      map: {
        name: 'KindMap',
        kind: 'value',
        entries: [
          { value: 0, message: 'Small' },
          { value: 1, message: 'Large' },
        ],
      },
      diagnostics: [],
    });
    expect(
      parseEventMapInfo(buildEventMapInfo({ name: 'B', flag: 2, entries: [{ value: 4, text: 'Delete' }] }))
        .map?.kind,
    ).toBe('bitmap');
    expect(parseEventMapInfo(buildEventMapInfo({ name: 'W', flag: 0x10, entries: [] })).map?.kind).toBe(
      'bitmap',
    );
    expect(parseEventMapInfo(buildEventMapInfo({ name: 'W', flag: 0x8, entries: [] })).map?.kind).toBe(
      'value',
    );
  });

  it('reports pattern maps, string-valued maps, missing names, and counts that do not fit', () => {
    expect(
      parseEventMapInfo(buildEventMapInfo({ name: 'P', flag: 4, entries: [] })).diagnostics[0]?.code,
    ).toBe('UNSUPPORTED_MAP');
    expect(
      parseEventMapInfo(buildEventMapInfo({ name: 'S', flag: 8, valueType: 1, entries: [] })).diagnostics[0]
        ?.code,
    ).toBe('UNSUPPORTED_MAP');
    expect(parseEventMapInfo(buildEventMapInfo({ flag: 1, entries: [] })).diagnostics[0]?.code).toBe(
      'NO_NAME',
    );
    const b = buildEventMapInfo({ name: 'X', flag: 1, entries: [{ value: 1, text: 'a' }] });
    new DataView(b.buffer).setUint32(8, 0x10000000, true);
    expect(parseEventMapInfo(b)).toMatchObject({ map: null, diagnostics: [{ code: 'BAD_COUNT' }] });
    for (let n = 0; n <= b.length; n++) expect(() => parseEventMapInfo(b.subarray(0, n))).not.toThrow();
  });
});

describe('the MetaData events of a real merged trace (perfview net.4.5.2.x86)', () => {
  const infos: Uint8Array[] = [];
  const maps: Uint8Array[] = [];
  const reader = openEtl(openFileSource(`${FIXTURES}etl/perfview/net.4.5.2.x86.etl.zip`));
  for (const raw of reader.eventsInFileOrder()) {
    if (raw.providerId !== KERNEL_TRACE_CONTROL_METADATA_GUID) continue;
    if (raw.opcode === 32) infos.push(raw.payload.slice());
    if (raw.opcode === 33) maps.push(raw.payload.slice());
  }
  reader.close();

  it('parses all 61 EventInfo blobs without a diagnostic', () => {
    expect(infos).toHaveLength(61);
    const parsed = infos.map((b) => parseTraceEventInfo(b));
    expect(parsed.flatMap((p) => p.diagnostics)).toEqual([]);
    const create = parsed.find(
      (p) => p.info?.providerName === 'Microsoft-Windows-Kernel-File' && p.info.taskName === 'Create',
    );
    expect(create?.info?.event.fields.map((f) => f.name)).toEqual([
      'Irp',
      'FileObject',
      'IssuingThreadId',
      'CreateOptions',
      'CreateAttributes',
      'ShareAccess',
      'FileName',
    ]);
    const dns = parsed.find((p) => p.info?.providerName === 'Microsoft-Windows-DNS-Client');
    expect(dns?.info?.event.fields.find((f) => f.name === 'Address')).toMatchObject({
      inType: 'Binary',
      outType: 'SocketAddress',
    });
  });

  it('parses all 25 EventMapInfo blobs (provider GUID, then EVENT_MAP_INFO)', () => {
    expect(maps).toHaveLength(25);
    const parsed = maps.map((b) => parseEventMapInfo(b.subarray(16)));
    expect(parsed.flatMap((p) => p.diagnostics)).toEqual([]);
    expect(parsed.every((p) => p.map !== null && p.map.entries.length > 0)).toBe(true);
  });
});
