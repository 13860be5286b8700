import { describe, expect, it } from 'vitest';
import { BinaryParseError, ByteReader } from '../../../electron/core/binary/byte-reader';
import { GuidInterner, guidToBytes, guidToString } from '../../../electron/core/binary/guid';

describe('ByteReader', () => {
  it('reads little-endian values and strings', () => {
    const b = new Uint8Array([1, 0, 2, 0, 0, 0, 0x41, 0, 0x42, 0, 0, 0, 0x43, 0x44, 0]);
    const r = new ByteReader(b);
    expect(r.u16()).toBe(1);
    expect(r.u32()).toBe(2);
    expect(r.utf16z()).toBe('AB');
    expect(r.ansiz()).toBe('CD');
    expect(r.remaining).toBe(0);
  });
  it('throws BinaryParseError with the file offset, never RangeError', () => {
    const r = new ByteReader(new Uint8Array(3), 0x100, 'record');
    expect(() => r.u32()).toThrow(BinaryParseError);
    try {
      r.u32();
    } catch (e) {
      expect((e as BinaryParseError).offset).toBe(0x100);
      expect((e as BinaryParseError).code).toBe('TRUNCATED');
    }
  });
});

describe('GUIDs', () => {
  it('round-trips Windows byte order and interns', () => {
    const g = '3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c';
    const bytes = guidToBytes(g);
    expect(guidToString(bytes)).toBe(g);
    const i = new GuidInterner();
    const view = new DataView(bytes.buffer);
    expect(i.get(view, 0)).toBe(g);
    expect(i.get(view, 0)).toBe(i.get(view, 0));
  });
});
