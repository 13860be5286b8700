// EventDecoder and the `etwx dump` JSON shape: header fields, time, keywords, raw bytes for events
// without a schema or cut short, extended data items, string-only events; plus the text helpers
// (IPv6 compression, status code names) the display strings rely on.
import { describe, expect, it } from 'vitest';
import type { TraceClock } from '../../../electron/core/events/raw-event';
import { ExtType, RecordKind } from '../../../electron/core/events/raw-event';
import { guidToBytes } from '../../../electron/core/binary/guid';
import { EventDecoder } from '../../../electron/core/decode/decoder';
import { decodeExtendedData } from '../../../electron/core/decode/ext-data';
import { ipv6ToString, socketAddressToString } from '../../../electron/core/decode/format';
import { SchemaRegistry } from '../../../electron/core/decode/registry';
import { hresultName, ntStatusName, win32ErrorName } from '../../../electron/core/decode/status-codes';
import { bytes } from './payload-builder';
import { classicEvent, ext, rawEvent } from './raw-events';

const GUID = '11111111-2222-3333-4444-555555555555';
// 2021-09-09T14:59:32.8578510Z as FILETIME.
const clock: TraceClock = { startFileTime: 132756731728578510n, clockType: 1, frequency: 10_000_000, t0: 0n };

function decoderWith(fields: { name: string; inType: string }[]): EventDecoder {
  const registry = new SchemaRegistry();
  registry.addProvider({
    guid: GUID,
    name: 'Test-Provider',
    source: { kind: 'xml' },
    events: [{ id: 1, version: 0, level: 4, opcode: 0, task: 0, keywords: '0x0', name: 'Thing', fields }],
    keywords: [],
    levels: [],
    opcodes: [],
    tasks: [],
    channels: [],
    maps: [],
  });
  return new EventDecoder(registry);
}

describe('toEventJson', () => {
  it('gives the header fields, an ISO time with 7 digits and 16-digit hex keywords', () => {
    const d = decoderWith([{ name: 'Value', inType: 'UInt32' }]);
    const j = d.toEventJson(
      rawEvent({ id: 1, ticks: 12_345_678, keywords: 0x10n, payload: bytes().u32(7).bytes() }),
      clock,
    );
    expect(j).toEqual({
      ts: '2021-09-09T14:59:34.0924188Z',
      provider: { guid: GUID, name: 'Test-Provider' },
      event: {
        id: 1,
        version: 0,
        opcode: 0,
        task: 0,
        level: 4,
        keywords: '0x0000000000000010',
        channel: 16,
        name: 'Thing',
      },
      pid: 100,
      tid: 200,
      cpu: 1,
      classic: false,
      props: { Value: 7 },
    });
  });

  it('keeps an event without a schema: header, name from the id, raw payload hex', () => {
    const d = decoderWith([]);
    const j = d.toEventJson(rawEvent({ id: 9, payload: new Uint8Array([0xde, 0xad]) }), clock);
    expect(j).toMatchObject({
      event: { id: 9, name: 'Event9' },
      provider: { name: 'Test-Provider' },
      props: {},
      raw: 'dead',
    });
    expect(j.decodeError).toBeUndefined();
    const k = d.toEventJson(
      classicEvent('99999999-0000-0000-0000-000000000000', 37, new Uint8Array([1])),
      clock,
    );
    expect(k).toMatchObject({ classic: true, event: { name: 'Type37' }, provider: { name: '' }, raw: '01' });
  });

  it('keeps what decoded before a payload ended early, with the error and the raw bytes', () => {
    const d = decoderWith([
      { name: 'A', inType: 'UInt16' },
      { name: 'B', inType: 'UInt32' },
    ]);
    const j = d.toEventJson(rawEvent({ id: 1, payload: bytes().u16(5).u8(1).bytes() }), clock);
    expect(j.props).toEqual({ A: 5 });
    expect(j.decodeError).toBe("field 'B' at payload offset 2 needs 4 bytes, 1 left");
    expect(j.raw).toBe('050001');
  });

  it('decodes extended data items and the activity id into ext', () => {
    const d = decoderWith([]);
    const sid = bytes().sid(5, 21, 10, 20, 30, 500).bytes();
    const j = d.toEventJson(
      rawEvent({
        id: 1,
        activityId: 'aaaaaaaa-0000-0000-0000-000000000001',
        ext: [
          ext(ExtType.RelatedActivityId, guidToBytes('bbbbbbbb-0000-0000-0000-000000000002')),
          ext(ExtType.Sid, sid),
          ext(ExtType.TsId, bytes().u32(3).bytes()),
          ext(
            ExtType.InstanceInfo,
            bytes().u32(1).u32(2).guid('cccccccc-0000-0000-0000-000000000003').bytes(),
          ),
          ext(ExtType.StackTrace64, bytes().u64(77n).u64(0x7ff812345678n).u64(0xfffff80012345678n).bytes()),
          ext(ExtType.ProcessStartKey, bytes().u64(0x1000000000000123n).bytes()),
          ext(ExtType.ContainerId, guidToBytes('dddddddd-0000-0000-0000-000000000004')),
          ext(ExtType.PmcCounters, bytes().u64(5n).u64(6n).bytes()),
          ext(ExtType.EventSchemaTl, new Uint8Array(4)),
          ext(99, new Uint8Array([1, 2])),
        ],
      }),
      clock,
    );
    expect(j.ext).toEqual({
      relatedActivityId: 'bbbbbbbb-0000-0000-0000-000000000002',
      sid: 'S-1-5-21-10-20-30-500',
      tsId: 3,
      instanceInfo: {
        instanceId: 1,
        parentInstanceId: 2,
        parentGuid: 'cccccccc-0000-0000-0000-000000000003',
      },
      stackMatchId: 77,
      stack: ['0x7ff812345678', '0xfffff80012345678'],
      processStartKey: '1152921504606847267',
      containerId: 'dddddddd-0000-0000-0000-000000000004',
      pmcCounters: [5, 6],
      ext99: '0102',
      activityId: 'aaaaaaaa-0000-0000-0000-000000000001',
    });
  });

  it('decodes 32-bit stacks and keeps malformed items as hex', () => {
    expect(
      decodeExtendedData([ext(ExtType.StackTrace32, bytes().u64(1n).u32(0x401000).u32(0x77001234).bytes())]),
    ).toEqual({
      stackMatchId: 1,
      stack: ['0x401000', '0x77001234'],
    });
    expect(decodeExtendedData([ext(ExtType.RelatedActivityId, new Uint8Array(3))])).toEqual({
      ext1: '000000',
    });
    expect(decodeExtendedData([])).toBeUndefined();
  });

  it('decodes string-only events (EventWriteString) as one String property', () => {
    const d = decoderWith([]);
    const j = d.toEventJson(
      rawEvent({ kind: RecordKind.EventHeader, id: 0, flags: 0x4, payload: bytes().utf16z('hello').bytes() }),
      clock,
    );
    expect(j).toMatchObject({ event: { name: 'String' }, props: { String: 'hello' } });
  });
});

describe('text helpers', () => {
  it('compresses IPv6 addresses as RFC 5952 says', () => {
    const v6 = (...groups: number[]) => {
      const b = new Uint8Array(16);
      groups.forEach((g, i) => {
        b[2 * i] = g >> 8;
        b[2 * i + 1] = g & 0xff;
      });
      return ipv6ToString(b, 0);
    };
    expect(v6(0, 0, 0, 0, 0, 0, 0, 1)).toBe('::1');
    expect(v6(0, 0, 0, 0, 0, 0, 0, 0)).toBe('::');
    expect(v6(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1)).toBe('2001:db8::1:0:0:1');
    expect(v6(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1)).toBe('2001:db8:0:1:1:1:1:1');
    expect(socketAddressToString(new Uint8Array([99, 0, 1, 2]), 0, 4)).toBe('63000102');
  });

  it('names well-known status codes and shows the others as numbers', () => {
    expect(win32ErrorName(1223)).toBe('ERROR_CANCELLED');
    expect(win32ErrorName(10054)).toBe('WSAECONNRESET');
    expect(ntStatusName(0xc0000034)).toBe('STATUS_OBJECT_NAME_NOT_FOUND');
    expect(ntStatusName(0x103)).toBe('STATUS_PENDING');
    expect(hresultName(0x8007000e)).toBe('E_OUTOFMEMORY');
    expect(hresultName(0x80070020)).toBe('HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION)');
    expect(hresultName(0xd0000022)).toBe('HRESULT_FROM_NT(STATUS_ACCESS_DENIED)');
    expect(hresultName(0x8badf00d)).toBe('0x8BADF00D');
  });
});
