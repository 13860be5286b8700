import { describe, expect, it } from 'vitest';
import { fileTimeToIso, isoToFileTime } from '../../electron/common/time';

describe('exact time', () => {
  it('formats FILETIME with 7 fractional digits and parses it back', () => {
    const ft = 132061983941234567n; // 2019-07-01T...
    const iso = fileTimeToIso(ft);
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    expect(iso.endsWith('.1234567Z')).toBe(true);
    expect(isoToFileTime(iso)).toBe(ft);
  });
  it('formats the Unix epoch', () => {
    expect(fileTimeToIso(116444736000000000n)).toBe('1970-01-01T00:00:00.0000000Z');
  });
});
