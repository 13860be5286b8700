// TraceLogging metadata grammar (TraceLoggingDynamic.h): tags, out-types and their mapping to TDH
// names, fixed and variable counts, custom schemas, nested structs, and malformed blobs.
import { describe, expect, it } from 'vitest';
import { parseEventMetadata, parseProviderTraits } from '../../../electron/core/decode/tracelogging';

const utf8 = (s: string) => [...new TextEncoder().encode(s), 0];

/** Event metadata blob: u16 size, tag bytes, name, then fields (already encoded). */
function meta(name: string, fields: number[][], tags: number[] = [0]): Uint8Array {
  const body = [...tags, ...utf8(name), ...fields.flat()];
  return new Uint8Array([(body.length + 2) & 0xff, (body.length + 2) >> 8, ...body]);
}
const field = (name: string, ...typeBytes: number[]) => [...utf8(name), ...typeBytes];

describe('parseEventMetadata', () => {
  it('reads names, in-types and out-types (mapped to TDH names), and event tags', () => {
    const r = parseEventMetadata(
      meta(
        'Evt',
        [
          field('s', 1),
          field('hex', 0x88, 4), // UInt32 + Hex
          field('hex8', 0x84, 4), // UInt8 + Hex
          field('pid', 0x88, 5),
          field('ip', 0x88, 8),
          field('port', 0x86, 7),
          field('err', 0x88, 13),
          field('nt', 0x88, 14),
          field('hr', 0x87, 15),
          field('when', 0x8a, 16), // UInt64 + FileTime
          field('u8s', 0x82, 0x23), // AnsiString + Utf8
          field('signed', 0x8a, 0x11), // UInt64 + Signed → Int64
          field('unsigned', 0x87, 0x12), // Int32 + Unsigned → UInt32
          field('bin', 14), // Binary: u16-counted on the wire
          field('tagged', 0x88, 0x84, 0x81, 0x02), // out-type Hex with a chained tag
        ],
        [0x81, 0x80, 0x01],
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.event.name).toBe('Evt');
    expect(r.event.tags).toBe((1 << 14) | 1);
    expect(r.event.fields).toEqual([
      { name: 's', inType: 'UnicodeString' },
      { name: 'hex', inType: 'UInt32', outType: 'HexInt32' },
      { name: 'hex8', inType: 'UInt8', outType: 'HexInt8' },
      { name: 'pid', inType: 'UInt32', outType: 'PID' },
      { name: 'ip', inType: 'UInt32', outType: 'IPv4' },
      { name: 'port', inType: 'UInt16', outType: 'Port' },
      { name: 'err', inType: 'UInt32', outType: 'Win32Error' },
      { name: 'nt', inType: 'UInt32', outType: 'NTSTATUS' },
      { name: 'hr', inType: 'Int32', outType: 'HResult' },
      { name: 'when', inType: 'UInt64', outType: 'DateTime' },
      { name: 'u8s', inType: 'AnsiString', outType: 'Utf8' },
      { name: 'signed', inType: 'Int64' },
      { name: 'unsigned', inType: 'UInt32' },
      { name: 'bin', inType: 'CountedBinary' },
      { name: 'tagged', inType: 'UInt32', outType: 'HexInt32' },
    ]);
  });

  it('reads fixed counts (Ccount), variable counts (Vcount) and nested structs', () => {
    const r = parseEventMetadata(
      meta('Evt', [
        field('fixed', 0x20 | 8, 3, 0), // UInt32[3]
        field('var', 0x40 | 6), // UInt16[] with a u16 count in the payload
        field('outer', 0x80 | 24, 2), // struct of the next 2 fields
        field('a', 8),
        field('inner', 0x80 | 0x40 | 24, 1), // array of struct of 1 field
        field('b', 1),
        field('after', 4),
      ]),
    );
    expect(r.ok && r.event.fields).toEqual([
      { name: 'fixed', inType: 'UInt32', count: 3 },
      { name: 'var', inType: 'UInt16', prefixedCount: true },
      {
        name: 'outer',
        inType: 'Struct',
        fields: [
          { name: 'a', inType: 'UInt32' },
          {
            name: 'inner',
            inType: 'Struct',
            prefixedCount: true,
            fields: [{ name: 'b', inType: 'UnicodeString' }],
          },
        ],
      },
      { name: 'after', inType: 'UInt8' },
    ]);
  });

  it('marks custom-schema fields (the decoder stops there) and skips their schema bytes', () => {
    const r = parseEventMetadata(meta('Evt', [field('c', 0x60 | 14, 2, 0, 0xaa, 0xbb), field('next', 8)]));
    expect(r.ok && r.event.fields).toEqual([
      { name: 'c', inType: 'Custom' },
      { name: 'next', inType: 'UInt32' },
    ]);
  });

  it('reports blobs that are short, oversized or cut inside a field', () => {
    expect(parseEventMetadata(new Uint8Array([1]))).toMatchObject({ ok: false });
    expect(parseEventMetadata(new Uint8Array([200, 0, 0, 65, 0]))).toMatchObject({
      ok: false,
      diagnostic: { code: 'BAD_TRACELOGGING_METADATA' },
    });
    const good = meta('Evt', [field('fixed', 0x20 | 8, 3, 0), field('x', 0x88, 4)]);
    for (let n = 3; n < good.length; n++) {
      const cut = good.slice(0, n);
      cut[0] = n;
      expect(() => parseEventMetadata(cut)).not.toThrow();
    }
    const noName = new Uint8Array([6, 0, 0, 65, 66, 67]);
    expect(parseEventMetadata(noName)).toMatchObject({ ok: false });
  });
});

describe('parseProviderTraits', () => {
  it('reads the provider name and ignores the traits after it', () => {
    const name = utf8('Microsoft.Windows.Subsystem.LxCore');
    const trait = [19, 0, 1, ...new Array(16).fill(7)];
    const blob = new Uint8Array([2 + name.length + trait.length, 0, ...name, ...trait]);
    expect(parseProviderTraits(blob)).toBe('Microsoft.Windows.Subsystem.LxCore');
    expect(parseProviderTraits(new Uint8Array([2, 0]))).toBeUndefined();
  });
});
