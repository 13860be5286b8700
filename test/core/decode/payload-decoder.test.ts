// Synthetic payloads for every TDH in-type and out-type the decoder knows, structs, arrays (fixed,
// counted by another field, TraceLogging-prefixed, rest-of-payload), value maps and bitmaps, and
// payloads cut short: values, display strings and error messages.
import { describe, expect, it } from 'vitest';
import type { MapSchema } from '../../../electron/common/model/schema';
import { KERNEL_REST_OF_PAYLOAD } from '../../../electron/core/decode/kernel/index';
import type { DecodeFieldSchema } from '../../../electron/core/decode/plan';
import { bytes, decodeWith } from './payload-builder';

const f = (name: string, inType: string, extra: Partial<DecodeFieldSchema> = {}): DecodeFieldSchema => ({
  name,
  inType,
  ...extra,
});

describe('integer and floating in-types', () => {
  it('reads every width, signed and unsigned', () => {
    const p = bytes()
      .u8(0xff)
      .u8(0xff)
      .u16(0xfffe)
      .u16(0xfffe)
      .u32(0xfffffffd)
      .u32(0xfffffffd)
      .u64(-4n)
      .u64(12345n)
      .bytes();
    const { props, error } = decodeWith(
      [
        f('i8', 'Int8'),
        f('u8', 'UInt8'),
        f('i16', 'Int16'),
        f('u16', 'UInt16'),
        f('i32', 'Int32'),
        f('u32', 'UInt32'),
        f('i64', 'Int64'),
        f('u64', 'UInt64'),
      ],
      p,
    );
    expect(error).toBeNull();
    expect(props).toEqual({
      i8: -1,
      u8: 255,
      i16: -2,
      u16: 65534,
      i32: -3,
      u32: 4294967293,
      i64: -4,
      u64: 12345,
    });
  });

  it('gives 64-bit values beyond 2^53 as decimal strings', () => {
    const p = bytes()
      .u64(2n ** 53n)
      .u64(2n ** 53n + 1n)
      .u64(-(2n ** 60n))
      .u64(2n ** 64n - 1n)
      .bytes();
    const { props } = decodeWith([f('a', 'UInt64'), f('b', 'UInt64'), f('c', 'Int64'), f('d', 'UInt64')], p);
    expect(props).toEqual({
      a: '9007199254740992',
      b: '9007199254740993',
      c: '-1152921504606846976',
      d: '18446744073709551615',
    });
  });

  it('reads Float and Double; NaN and infinities become strings', () => {
    const p = bytes().f32(1.5).f64(-2.25).f64(NaN).f32(Infinity).bytes();
    const { props } = decodeWith([f('f', 'Float'), f('d', 'Double'), f('n', 'Double'), f('i', 'Float')], p);
    expect(props).toEqual({ f: 1.5, d: -2.25, n: 'NaN', i: 'Infinity' });
  });

  it('reads Boolean as 4 bytes; UInt8 with out-type Boolean as one', () => {
    const p = bytes().u32(0).u32(7).u8(1).u8(0).bytes();
    const { props } = decodeWith(
      [
        f('a', 'Boolean'),
        f('b', 'Boolean'),
        f('c', 'UInt8', { outType: 'Boolean' }),
        f('d', 'UInt8', { outType: 'Boolean' }),
      ],
      p,
    );
    expect(props).toEqual({ a: false, b: true, c: true, d: false });
  });

  it('shows HexInt32/HexInt64 and Hex out-types in hex', () => {
    const p = bytes().u32(0x1f).u64(0x1b0f1000028n).u8(0xab).u16(0x1234).u64(0xfffffa83031e6cd8n).bytes();
    const { props, display } = decodeWith(
      [
        f('a', 'HexInt32'),
        f('b', 'HexInt64'),
        f('c', 'UInt8', { outType: 'HexInt8' }),
        f('d', 'UInt16', { outType: 'HexInt16' }),
        f('e', 'HexInt64'),
      ],
      p,
    );
    expect(props).toEqual({ a: 31, b: 0x1b0f1000028, c: 0xab, d: 0x1234, e: '18446738039332826328' });
    expect(display).toEqual({
      a: '0x1f',
      b: '0x1b0f1000028',
      c: '0xab',
      d: '0x1234',
      e: '0xfffffa83031e6cd8',
    });
  });
});

describe('pointer-sized in-types', () => {
  it('reads Pointer and SizeT as 8 bytes in 64-bit records and 4 in 32-bit ones', () => {
    const fields = [f('p', 'Pointer'), f('s', 'SizeT'), f('after', 'UInt16')];
    const p64 = bytes().u64(0x7ff612340000n).u64(4096n).u16(9).bytes();
    const p32 = bytes().u32(0x77172c91).u32(4096).u16(9).bytes();
    expect(decodeWith(fields, p64, { pointerSize: 8 })).toMatchObject({
      props: { p: 0x7ff612340000, s: 4096, after: 9 },
      display: { p: '0x7ff612340000' },
    });
    expect(decodeWith(fields, p32, { pointerSize: 4 })).toMatchObject({
      props: { p: 0x77172c91, s: 4096, after: 9 },
      display: { p: '0x77172c91' },
    });
  });

  it('reads WbemSID: a zero u32 alone, or TOKEN_USER (two pointers) then the SID', () => {
    const none = decodeWith([f('sid', 'WbemSID'), f('x', 'UInt8')], bytes().u32(0).u8(5).bytes());
    expect(none.props).toEqual({ sid: null, x: 5 });
    const p64 = bytes().u64(0xffffa0001234n).u64(0n).sid(5, 21, 1, 2, 3, 1001).u8(5).bytes();
    expect(decodeWith([f('sid', 'WbemSID'), f('x', 'UInt8')], p64).props).toEqual({
      sid: 'S-1-5-21-1-2-3-1001',
      x: 5,
    });
    const p32 = bytes().u32(0x1234).u32(0).sid(5, 18).u8(5).bytes();
    expect(decodeWith([f('sid', 'WbemSID'), f('x', 'UInt8')], p32, { pointerSize: 4 }).props).toEqual({
      sid: 'S-1-5-18',
      x: 5,
    });
  });
});

describe('strings', () => {
  it('reads NUL-terminated UTF-16 and ANSI strings, and UTF-8 with out-type Utf8', () => {
    const p = bytes().utf16z('C:\\Windows\\notepad.exe').ansiz('cmd.exe').utf8z('héllo ✓').utf16z('').bytes();
    const { props } = decodeWith(
      [
        f('w', 'UnicodeString'),
        f('a', 'AnsiString'),
        f('u', 'AnsiString', { outType: 'Utf8' }),
        f('e', 'UnicodeString'),
      ],
      p,
    );
    expect(props).toEqual({ w: 'C:\\Windows\\notepad.exe', a: 'cmd.exe', u: 'héllo ✓', e: '' });
  });

  it('reads long strings (the TextDecoder path) the same way', () => {
    const long = 'x'.repeat(300) + 'é€';
    const { props } = decodeWith(
      [f('w', 'UnicodeString'), f('a', 'AnsiString')],
      bytes().utf16z(long).ansiz('y'.repeat(100)).bytes(),
    );
    expect(props).toEqual({ w: long, a: 'y'.repeat(100) });
  });

  it('reads fixed-length strings (trimmed at NUL) and lengths from another field', () => {
    const p = bytes()
      .utf16('ab')
      .u16(0)
      .u16(0x41)
      .u16(0)
      .ansi('xyz\0')
      .u16(3)
      .utf16('abc')
      .u8(2)
      .ansi('hi')
      .bytes();
    const { props, error } = decodeWith(
      [
        f('fixedW', 'UnicodeString', { length: 4 }),
        f('pad', 'UInt16'),
        f('fixedA', 'AnsiString', { length: 4 }),
        f('len', 'UInt16'),
        f('byLen', 'UnicodeString', { length: 'len' }),
        f('n', 'UInt8'),
        f('byN', 'AnsiString', { length: 'n' }),
      ],
      p,
    );
    expect(error).toBeNull();
    expect(props).toEqual({ fixedW: 'ab', pad: 0, fixedA: 'xyz', len: 3, byLen: 'abc', n: 2, byN: 'hi' });
  });

  it('takes an unterminated string at the end of the payload up to the end', () => {
    expect(decodeWith([f('w', 'UnicodeString')], bytes().utf16('tail').bytes())).toMatchObject({
      props: { w: 'tail' },
      error: null,
    });
    expect(decodeWith([f('a', 'AnsiString')], bytes().ansi('tail').bytes())).toMatchObject({
      props: { a: 'tail' },
      error: null,
    });
  });

  it('reads counted strings: u16 byte length (LE, or BE for the reversed WBEM types)', () => {
    const p = bytes()
      .u16(6)
      .utf16('abc')
      .u16(2)
      .ansi('hi')
      .u16(4)
      .utf16('de')
      .u16(3)
      .ansi('xyz')
      .u16be(4)
      .utf16('fg')
      .u16be(2)
      .ansi('jk')
      .bytes();
    const { props, error } = decodeWith(
      [
        f('cs', 'CountedString'),
        f('cas', 'CountedAnsiString'),
        f('wcs', 'WbemCountedString'),
        f('wcas', 'WbemCountedAnsiString'),
        f('rcs', 'ReversedCountedString'),
        f('rcas', 'ReversedCountedAnsiString'),
      ],
      p,
    );
    expect(error).toBeNull();
    expect(props).toEqual({ cs: 'abc', cas: 'hi', wcs: 'de', wcas: 'xyz', rcs: 'fg', rcas: 'jk' });
  });

  it('reads non-terminated strings to the end, and single characters', () => {
    expect(
      decodeWith(
        [f('c', 'UnicodeChar'), f('a', 'AnsiChar'), f('rest', 'NonNullTerminatedString')],
        bytes().u16(0x263a).u8(0x41).utf16('to the end').bytes(),
      ).props,
    ).toEqual({
      c: '☺',
      a: 'A',
      rest: 'to the end',
    });
    expect(
      decodeWith([f('rest', 'NonNullTerminatedAnsiString')], bytes().ansi('ansi rest').bytes()).props,
    ).toEqual({ rest: 'ansi rest' });
  });

  it('reads 8- and 16-bit arrays with out-type String as text', () => {
    const p = bytes().u16(5).utf16('Hello').u8(3).ansi('abc').bytes();
    const { props } = decodeWith(
      [
        f('w', 'UInt16', { prefixedCount: true, outType: 'String' }),
        f('n', 'UInt8'),
        f('a', 'UInt8', { count: 'n', outType: 'String' }),
      ],
      p,
    );
    expect(props).toEqual({ w: 'Hello', n: 3, a: 'abc' });
  });
});

describe('GUID, times, SID, binary and network out-types', () => {
  it('reads GUID, FILETIME and SYSTEMTIME', () => {
    const p = bytes()
      .guid('0ad614c4-0ef4-4225-8013-f44f37cb0397')
      .u64(132756731757990000n)
      .u16(2021)
      .u16(9)
      .u16(4)
      .u16(9)
      .u16(14)
      .u16(59)
      .u16(35)
      .u16(799)
      .u64(132756731757990000n)
      .bytes();
    const { props } = decodeWith(
      [
        f('g', 'GUID'),
        f('ft', 'FILETIME'),
        f('st', 'SYSTEMTIME'),
        f('asDate', 'UInt64', { outType: 'DateTime' }),
      ],
      p,
    );
    expect(props).toEqual({
      g: '0ad614c4-0ef4-4225-8013-f44f37cb0397',
      ft: '2021-09-09T14:59:35.7990000Z',
      st: '2021-09-09T14:59:35.7990000',
      asDate: '2021-09-09T14:59:35.7990000Z',
    });
  });

  it('reads SIDs (authority beyond 32 bits in hex) and refuses a SID with too many sub-authorities', () => {
    expect(decodeWith([f('s', 'SID'), f('n', 'UInt8')], bytes().sid(5, 32, 544).u8(1).bytes()).props).toEqual(
      { s: 'S-1-5-32-544', n: 1 },
    );
    const bigAuthority = bytes().u8(1, 1, 0x12, 0x34, 0, 0, 0, 0).u32(7).bytes();
    expect(decodeWith([f('s', 'SID')], bigAuthority).props).toEqual({ s: 'S-1-0x123400000000-7' });
    const bad = decodeWith([f('s', 'SID')], bytes().u8(1, 200, 0, 0, 0, 0, 0, 5).bytes());
    expect(bad.error).toMatch(/'s' at payload offset 0 is not a SID \(200 sub-authorities\)/);
  });

  it('reads Binary as hex: fixed length, from a field, counted, HexDump, and the rest of the payload', () => {
    const p = bytes().u8(1, 2).u8(3).u8(0xa, 0xb, 0xc).u16(2).u8(0xde, 0xad).u32(1).u8(0xff).u8(9, 8).bytes();
    const { props, error } = decodeWith(
      [
        f('fixed', 'Binary', { length: 2 }),
        f('len', 'UInt8'),
        f('byLen', 'Binary', { length: 'len' }),
        f('counted', 'CountedBinary'),
        f('dump', 'HexDump'),
        f('rest', 'Binary'),
      ],
      p,
    );
    expect(error).toBeNull();
    expect(props).toEqual({
      fixed: '0102',
      len: 3,
      byLen: '0a0b0c',
      counted: 'dead',
      dump: 'ff',
      rest: '0908',
    });
  });

  it('renders IPv4 (network order), Port (big-endian), IPv6 and socket addresses', () => {
    const p = bytes()
      .u8(10, 50, 10, 50)
      .u8(0x01, 0xbb)
      .u8(0x20, 0x01, 0x48, 0x98, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x50, 0x10, 0x50)
      .u16(2)
      .u8(0x00, 0x50)
      .u8(192, 168, 1, 2)
      .u8(0, 0, 0, 0, 0, 0, 0, 0)
      .u16(23)
      .u8(0x01, 0xbb)
      .u32(0)
      .u8(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
      .u32(0)
      .u8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4)
      .bytes();
    const { props } = decodeWith(
      [
        f('v4', 'UInt32', { outType: 'IPv4' }),
        f('port', 'UInt16', { outType: 'Port' }),
        f('v6', 'Binary', { length: 16, outType: 'IPv6' }),
        f('sa4', 'Binary', { length: 16, outType: 'SocketAddress' }),
        f('sa6', 'Binary', { length: 28, outType: 'SocketAddress' }),
        f('mapped', 'Binary', { length: 16, outType: 'IPv6' }),
      ],
      p,
    );
    expect(props).toEqual({
      v4: '10.50.10.50',
      port: 443,
      v6: '2001:4898::1050:1050',
      sa4: '192.168.1.2:80',
      sa6: '[fe80::1]:443',
      mapped: '::ffff:1.2.3.4',
    });
  });

  it('names Win32 errors, NTSTATUS and HRESULT codes', () => {
    const p = bytes()
      .u32(5)
      .u32(0xc0000022)
      .u32(0x80004005)
      .u32(0x80070002)
      .u32(0xc0001234)
      .u32(999999)
      .bytes();
    const { props, display } = decodeWith(
      [
        f('w', 'UInt32', { outType: 'Win32Error' }),
        f('nt', 'UInt32', { outType: 'NTSTATUS' }),
        f('hr', 'Int32', { outType: 'HResult' }),
        f('hr2', 'UInt32', { outType: 'HResult' }),
        f('ntUnknown', 'UInt32', { outType: 'NTSTATUS' }),
        f('wUnknown', 'UInt32', { outType: 'Win32Error' }),
      ],
      p,
    );
    expect(props).toEqual({
      w: 5,
      nt: 0xc0000022,
      hr: -2147467259,
      hr2: 0x80070002,
      ntUnknown: 0xc0001234,
      wUnknown: 999999,
    });
    expect(display).toEqual({
      w: 'ERROR_ACCESS_DENIED',
      nt: 'STATUS_ACCESS_DENIED',
      hr: 'E_FAIL',
      hr2: 'HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)',
      ntUnknown: '0xC0001234',
      wUnknown: '999999',
    });
  });
});

describe('maps', () => {
  const maps: MapSchema[] = [
    {
      name: 'Kind',
      kind: 'value',
      entries: [
        { value: 0, message: 'Small ' },
        { value: 1, message: 'Large' },
      ],
    },
    {
      name: 'Flags',
      kind: 'bitmap',
      entries: [
        { value: 1, message: 'Read' },
        { value: 2, message: 'Write' },
        { value: 4, message: 'Delete' },
      ],
    },
  ];

  it('shows the map text (trimmed), the number when no entry matches, and bits with leftovers', () => {
    const p = bytes().u32(0).u32(9).u32(5).u32(0x13).u32(0).bytes();
    const { props, display } = decodeWith(
      [
        f('k', 'UInt32', { map: 'Kind' }),
        f('k2', 'UInt32', { map: 'Kind' }),
        f('b', 'UInt32', { map: 'Flags' }),
        f('b2', 'UInt32', { map: 'Flags' }),
        f('b3', 'UInt32', { map: 'Flags' }),
      ],
      p,
      { maps },
    );
    expect(props).toEqual({ k: 0, k2: 9, b: 5, b2: 0x13, b3: 0 });
    expect(display).toEqual({ k: 'Small', k2: '9', b: 'Read|Delete', b2: 'Read|Write|0x10', b3: '0' });
  });

  it('decodes without the display when the map is unknown', () => {
    const { props, display } = decodeWith([f('k', 'UInt32', { map: 'Missing' })], bytes().u32(1).bytes());
    expect(props).toEqual({ k: 1 });
    expect(display).toBeNull();
  });
});

describe('structs and arrays', () => {
  it('nests structs, with display paths for their members', () => {
    const p = bytes().u32(7).utf16z('in').u32(0xff).u8(1).bytes();
    const { props, display } = decodeWith(
      [
        f('outer', 'Struct', {
          fields: [
            f('a', 'UInt32'),
            f('s', 'UnicodeString'),
            f('inner', 'Struct', { fields: [f('h', 'HexInt32')] }),
          ],
        }),
        f('z', 'UInt8'),
      ],
      p,
    );
    expect(props).toEqual({ outer: { a: 7, s: 'in', inner: { h: 255 } }, z: 1 });
    expect(display).toEqual({ 'outer.inner.h': '0xff' });
  });

  it('reads arrays of fixed count, of a count from another field, and arrays of structs', () => {
    const p = bytes()
      .u16(1)
      .u16(2)
      .u16(3)
      .u8(2)
      .utf16z('a')
      .utf16z('bc')
      .u8(2)
      .u32(1)
      .guid('00000000-0000-0000-0000-000000000001')
      .u32(2)
      .guid('00000000-0000-0000-0000-000000000002')
      .bytes();
    const { props, error } = decodeWith(
      [
        f('fixed', 'UInt16', { count: 3 }),
        f('n', 'UInt8'),
        f('names', 'UnicodeString', { count: 'n' }),
        f('m', 'UInt8'),
        f('items', 'Struct', { count: 'm', fields: [f('id', 'UInt32'), f('g', 'GUID')] }),
      ],
      p,
    );
    expect(error).toBeNull();
    expect(props).toEqual({
      fixed: [1, 2, 3],
      n: 2,
      names: ['a', 'bc'],
      m: 2,
      items: [
        { id: 1, g: '00000000-0000-0000-0000-000000000001' },
        { id: 2, g: '00000000-0000-0000-0000-000000000002' },
      ],
    });
  });

  it('reads count references inside structs to the struct member, and hex display per element', () => {
    const p = bytes().u8(2).u32(0xa).u32(0xb).bytes();
    const { props, display } = decodeWith(
      [f('s', 'Struct', { fields: [f('count', 'UInt8'), f('v', 'HexInt32', { count: 'count' })] })],
      p,
    );
    expect(props).toEqual({ s: { count: 2, v: [10, 11] } });
    expect(display).toEqual({ 's.v[0]': '0xa', 's.v[1]': '0xb' });
  });

  it('reads TraceLogging u16-prefixed arrays, and kernel rest-of-payload arrays', () => {
    const p = bytes().u16(2).u32(5).u32(6).u64(0x1000n).u64(0x2000n).bytes();
    const { props, display } = decodeWith(
      [f('v', 'UInt32', { prefixedCount: true }), f('stack', 'Pointer', { count: KERNEL_REST_OF_PAYLOAD })],
      p,
    );
    expect(props).toEqual({ v: [5, 6], stack: [0x1000, 0x2000] });
    expect(display).toEqual({ 'stack[0]': '0x1000', 'stack[1]': '0x2000' });
  });

  it('treats a count of 1 as a scalar, and a count of 0 as an empty array', () => {
    const { props } = decodeWith(
      [f('one', 'UInt8', { count: 1 }), f('none', 'UInt8', { count: 0 }), f('z', 'UInt8')],
      bytes().u8(4).u8(5).bytes(),
    );
    expect(props).toEqual({ one: 4, none: [], z: 5 });
  });
});

describe('payloads cut short and schemas the decoder cannot follow', () => {
  it('stops mid-field with an error saying where, keeping what came before', () => {
    const { props, error } = decodeWith(
      [f('a', 'UInt32'), f('b', 'UInt64'), f('c', 'UInt8')],
      bytes().u32(1).u8(1, 2, 3).bytes(),
    );
    expect(props).toEqual({ a: 1 });
    expect(error).toBe("field 'b' at payload offset 4 needs 8 bytes, 3 left");
  });

  it('treats a payload ending exactly at a top-level field boundary as missing trailing fields', () => {
    const { props, error } = decodeWith(
      [f('a', 'UInt32'), f('b', 'UInt32'), f('s', 'UnicodeString')],
      bytes().u32(1).bytes(),
    );
    expect(error).toBeNull();
    expect(props).toEqual({ a: 1 });
    expect(Object.keys(props)).toEqual(['a']);
  });

  it('keeps a struct cut short, with its decoded members', () => {
    const { props, error } = decodeWith(
      [f('s', 'Struct', { fields: [f('a', 'UInt16'), f('b', 'UInt32')] })],
      bytes().u16(3).u8(1).bytes(),
    );
    expect(props).toEqual({ s: { a: 3 } });
    expect(error).toMatch(/field 'b' at payload offset 2 needs 4 bytes, 1 left/);
  });

  it('keeps the elements of an array cut short', () => {
    const { props, error } = decodeWith(
      [f('v', 'UInt32', { count: 3 })],
      bytes().u32(1).u32(2).u8(0).bytes(),
    );
    expect(props).toEqual({ v: [1, 2] });
    expect(error).toMatch(/field 'v' at payload offset 8/);
  });

  it('refuses an element count the payload cannot hold, without looping over it', () => {
    const { props, error } = decodeWith(
      [f('n', 'UInt32'), f('v', 'Null', { count: 'n' })],
      bytes().u32(0xffffffff).bytes(),
    );
    expect(props).toEqual({ n: 0xffffffff });
    expect(error).toMatch(/element count 4294967295, more than the payload can hold/);
  });

  it('stops at an unknown in-type and at a count field that does not exist', () => {
    const unknown = decodeWith(
      [f('a', 'UInt8'), f('b', 'InType77'), f('c', 'UInt8')],
      bytes().u8(1, 2, 3).bytes(),
    );
    expect(unknown.props).toEqual({ a: 1 });
    expect(unknown.error).toMatch(/field 'b' has in-type 77/);
    const noRef = decodeWith([f('a', 'UInt8'), f('v', 'UInt8', { count: 'Nope' })], bytes().u8(1, 2).bytes());
    expect(noRef.props).toEqual({ a: 1 });
    expect(noRef.error).toMatch(/count of field 'v' refers to field 'Nope', which does not come before it/);
  });

  it('never throws on random bytes for a schema of every kind', () => {
    const fields = [
      f('a', 'UInt16'),
      f('s', 'UnicodeString'),
      f('n', 'UInt8'),
      f('arr', 'Struct', {
        count: 'n',
        fields: [f('x', 'SID'), f('y', 'CountedString'), f('z', 'AnsiString', { length: 'n' })],
      }),
      f('w', 'WbemSID'),
      f('rest', 'HexInt64', { count: KERNEL_REST_OF_PAYLOAD }),
    ];
    let seed = 12345;
    for (let round = 0; round < 500; round++) {
      const len = round % 97;
      const b = new Uint8Array(len);
      for (let i = 0; i < len; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        b[i] = seed >>> 24;
      }
      expect(() => decodeWith(fields, b)).not.toThrow();
    }
  });
});

describe('generated prefix readers', () => {
  it('give the same props as the interpreter, including "__proto__" names and odd characters', () => {
    const fields = [
      f('__proto__', 'UInt32'),
      f('a "quoted" \\ name', 'Int16'),
      f('x\u2028y', 'UInt8'),
      f('tail', 'UnicodeString'),
    ];
    const { props, plan } = decodeWith(fields, bytes().u32(9).u16(0xffff).u8(3).utf16z('t').bytes());
    expect(plan.prefix?.count).toBe(3);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(Object.keys(props)).toEqual(['__proto__', 'a "quoted" \\ name', 'x\u2028y', 'tail']);
    expect(JSON.parse(JSON.stringify(props))).toEqual(
      JSON.parse('{"__proto__":9,"a \\"quoted\\" \\\\ name":-1,"x\\u2028y":3,"tail":"t"}'),
    );
  });

  it('fall back to the interpreter for payloads shorter than the prefix', () => {
    const { props, error, plan } = decodeWith([f('a', 'UInt32'), f('b', 'UInt32')], bytes().u32(5).bytes());
    expect(plan.prefix?.width).toBe(8);
    expect(error).toBeNull();
    expect(props).toEqual({ a: 5 });
  });
});
