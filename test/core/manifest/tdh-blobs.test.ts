// TDH blobs built byte by byte (tdh.h layouts): PROVIDER_ENUMERATION_INFO, PROVIDER_FIELD_INFOARRAY
// for each field type, and a provider assembled from TRACE_EVENT_INFO + field info + EVENT_MAP_INFO.
import { describe, expect, it } from 'vitest';
import { guidToBytes } from '../../../electron/core/binary/guid';
import {
  EventFieldType,
  parseProviderEnumerationInfo,
  parseProviderFieldInfoArray,
  providerFromTdh,
} from '../../../electron/core/manifest/tdh-blobs';

/** Fixed part, then UTF-16Z strings appended; `str` returns the offset where it put one. */
class Blob {
  bytes: number[];
  constructor(size: number) {
    this.bytes = new Array<number>(size).fill(0);
  }
  u16(at: number, v: number) {
    this.bytes[at] = v & 0xff;
    this.bytes[at + 1] = (v >>> 8) & 0xff;
  }
  u32(at: number, v: number) {
    this.u16(at, v & 0xffff);
    this.u16(at + 2, v >>> 16);
  }
  u64(at: number, v: bigint) {
    this.u32(at, Number(v & 0xffffffffn));
    this.u32(at + 4, Number(v >> 32n));
  }
  guid(at: number, g: string) {
    guidToBytes(g).forEach((b, i) => (this.bytes[at + i] = b));
  }
  str(s: string): number {
    const at = this.bytes.length;
    for (const c of s) this.bytes.push(c.charCodeAt(0) & 0xff, c.charCodeAt(0) >>> 8);
    this.bytes.push(0, 0);
    return at;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const GUID = '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716';

function fieldInfo(type: number, entries: [string, bigint, string?][]): Uint8Array {
  const b = new Blob(8 + entries.length * 16);
  b.u32(0, entries.length);
  b.u32(4, type);
  entries.forEach(([name, value, description], i) => {
    b.u32(8 + i * 16, b.str(name));
    if (description) b.u32(8 + i * 16 + 4, b.str(description));
    b.u64(8 + i * 16 + 8, value);
  });
  return b.done();
}

function eventInfo(
  id: number,
  version: number,
  props: {
    name: string;
    inType: number;
    outType?: number;
    flags?: number;
    count?: number;
    length?: number;
    map?: string;
  }[],
): Uint8Array {
  const b = new Blob(0x70 + props.length * 0x18);
  b.guid(0, GUID);
  b.u16(0x20, id);
  b.bytes[0x22] = version;
  b.bytes[0x23] = 16;
  b.bytes[0x24] = 4;
  b.bytes[0x25] = 1;
  b.u16(0x26, 1);
  b.u64(0x28, 0x8000000000000010n);
  b.u32(0x34, b.str('Microsoft-Windows-Kernel-Process'));
  b.u32(0x44, b.str('ProcessStart'));
  b.u32(0x48, b.str('Start'));
  b.u32(0x4c, b.str('Process %1 started.'));
  b.u32(0x5c, b.str('ProcessStart'));
  b.u32(0x64, props.length);
  b.u32(0x68, props.length);
  props.forEach((p, i) => {
    const at = 0x70 + i * 0x18;
    b.u32(at, p.flags ?? 0);
    b.u32(at + 4, b.str(p.name));
    b.u16(at + 8, p.inType);
    b.u16(at + 10, p.outType ?? 0);
    if (p.map) b.u32(at + 12, b.str(p.map));
    b.u16(at + 16, p.count ?? 1);
    b.u16(at + 18, p.length ?? 0);
  });
  return b.done();
}

function mapInfo(name: string, entries: [number, string][]): Uint8Array {
  const b = new Blob(16 + entries.length * 8);
  b.u32(0, b.str(name));
  b.u32(4, 1);
  b.u32(8, entries.length);
  entries.forEach(([value, text], i) => {
    b.u32(16 + i * 8, b.str(text));
    b.u32(16 + i * 8 + 4, value);
  });
  return b.done();
}

describe('TDH blobs', () => {
  it('PROVIDER_ENUMERATION_INFO → providers with their schema source', () => {
    const b = new Blob(8 + 2 * 24);
    b.u32(0, 2);
    b.guid(8, GUID);
    b.u32(8 + 16, 0);
    b.u32(8 + 20, b.str('Microsoft-Windows-Kernel-Process'));
    b.guid(32, '9e814aad-3204-11d2-9a82-006008a86939');
    b.u32(32 + 16, 1);
    b.u32(32 + 20, b.str('MSNT_SystemTrace'));
    const r = parseProviderEnumerationInfo(b.done());
    expect(r.diagnostics).toEqual([]);
    expect(r.providers).toEqual([
      { guid: GUID, name: 'Microsoft-Windows-Kernel-Process', schemaSource: 'manifest' },
      { guid: '9e814aad-3204-11d2-9a82-006008a86939', name: 'MSNT_SystemTrace', schemaSource: 'mof' },
    ]);
  });

  it('PROVIDER_FIELD_INFOARRAY keeps names, descriptions and 64-bit values', () => {
    const r = parseProviderFieldInfoArray(
      fieldInfo(EventFieldType.Keyword, [
        ['WINEVENT_KEYWORD_PROCESS', 0x10n, 'Process\r\n'],
        ['Analytic', 0x8000000000000000n],
      ]),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.array).toEqual({
      fieldType: 0,
      fields: [
        { name: 'WINEVENT_KEYWORD_PROCESS', value: 0x10n, description: 'Process' },
        { name: 'Analytic', value: 0x8000000000000000n },
      ],
    });
  });

  it('bad blobs give diagnostics, not throws', () => {
    expect(parseProviderFieldInfoArray(new Uint8Array(3)).diagnostics[0]?.code).toBe('TRUNCATED');
    const big = fieldInfo(0, [['a', 1n]]);
    new DataView(big.buffer).setUint32(0, 0xffffffff, true);
    const r = parseProviderFieldInfoArray(big);
    expect(r.diagnostics[0]?.code).toBe('TRUNCATED');
    expect(r.array?.fields).toHaveLength(1);
    const badName = fieldInfo(0, [['a', 1n]]);
    new DataView(badName.buffer).setUint32(8, 0x7fffffff, true);
    expect(parseProviderFieldInfoArray(badName).diagnostics.map((d) => d.code)).toEqual([
      'BAD_OFFSET',
      'NO_NAME',
    ]);
    const e = new Uint8Array(8);
    new DataView(e.buffer).setUint32(0, 5, true);
    expect(parseProviderEnumerationInfo(e).diagnostics[0]?.code).toBe('TRUNCATED');
  });

  it('assembles a provider from TRACE_EVENT_INFO, field info and map info', () => {
    const { provider, diagnostics } = providerFromTdh({
      eventInfos: [
        eventInfo(1, 0, [
          { name: 'ProcessID', inType: 8 },
          { name: 'ImageName', inType: 1 },
          { name: 'Kind', inType: 8, map: 'KindMap' },
        ]),
        eventInfo(2, 0, [
          { name: 'Count', inType: 6 },
          { name: 'Ids', inType: 8, flags: 4, count: 0 },
        ]),
      ],
      fieldInfos: [
        fieldInfo(EventFieldType.Keyword, [
          ['WINEVENT_KEYWORD_PROCESS', 0x10n],
          ['win:ResponseTime', 0x1000000000000n],
        ]),
        fieldInfo(EventFieldType.Level, [
          ['win:Informational', 4n, 'Information'],
          ['Custom', 16n],
        ]),
        fieldInfo(EventFieldType.Channel, [['Microsoft-Windows-Kernel-Process/Analytic', 16n]]),
        fieldInfo(EventFieldType.Task, [['ProcessStart', 1n, 'ProcessStart']]),
        fieldInfo(EventFieldType.Opcode, [
          ['win:Start', 1n << 16n],
          ['Special', (20n << 16n) | 1n],
        ]),
      ],
      mapInfos: [
        mapInfo('KindMap', [
          [1, 'One'],
          [2, 'Two'],
        ]),
      ],
    });
    expect(diagnostics).toEqual([]);
    expect(provider).toMatchObject({
      guid: GUID,
      name: 'Microsoft-Windows-Kernel-Process',
      source: { kind: 'tdh' },
      keywords: [{ name: 'WINEVENT_KEYWORD_PROCESS', mask: '0x10' }],
      levels: [{ name: 'Custom', value: 16 }],
      channels: [{ name: 'Microsoft-Windows-Kernel-Process/Analytic', value: 16 }],
      tasks: [{ name: 'ProcessStart', value: 1, message: 'ProcessStart' }],
      opcodes: [{ name: 'Special', value: 20, task: 1 }],
    });
    expect(provider?.maps[0]?.name).toBe('KindMap');
    expect(provider?.events.map((e) => [e.id, e.name, e.message, e.keywords])).toEqual([
      [1, 'ProcessStart', 'Process %1 started.', '0x8000000000000010'],
      [2, 'ProcessStart', 'Process %1 started.', '0x8000000000000010'],
    ]);
    expect(provider?.events[0]?.fields).toEqual([
      { name: 'ProcessID', inType: 'UInt32' },
      { name: 'ImageName', inType: 'UnicodeString' },
      { name: 'Kind', inType: 'UInt32', map: 'KindMap' },
    ]);
    expect(provider?.events[1]?.fields[1]).toEqual({ name: 'Ids', inType: 'UInt32', count: 'Count' });
  });

  it('reports events of another provider and unusable event blobs', () => {
    const other = eventInfo(3, 0, []);
    guidToBytes('11111111-1111-1111-1111-111111111111').forEach((x, i) => (other[i] = x));
    const r = providerFromTdh({ eventInfos: [eventInfo(1, 0, []), other, new Uint8Array(10)] });
    expect(r.provider?.events).toHaveLength(1);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['OTHER_PROVIDER', 'TRUNCATED']);
    expect(providerFromTdh({ eventInfos: [] }).diagnostics.map((d) => d.code)).toEqual(['NO_EVENTS']);
  });
});
