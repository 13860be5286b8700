// Corruption: real events of every kind (TraceLogging, EventSource manifest events, merged-trace
// metadata, kernel, CLR) decoded with their payloads cut at every length and with bytes flipped:
// never an exception, an error that names the field when a decode stops, and what came before kept.
import { describe, expect, it } from 'vitest';
import { createDecoder } from '../../../electron/core/decode/index';
import type { RawEvent } from '../../../electron/core/events/raw-event';
import { openFileSource } from '../../../electron/core/etl/file-source.node';
import { openEtl } from '../../../electron/core/etl/reader';
import { FIXTURES } from './support';

/** Up to `perKind` events of each provider/id/opcode, with payload and ext copied. */
function sampleEvents(file: string, perKind: number): RawEvent[] {
  const reader = openEtl(openFileSource(FIXTURES + file));
  const seen = new Map<string, number>();
  const out: RawEvent[] = [];
  for (const raw of reader.events()) {
    const key = `${raw.providerId}/${raw.id}/${raw.opcode}`;
    const n = seen.get(key) ?? 0;
    if (n >= perKind) continue;
    seen.set(key, n + 1);
    out.push({
      ...raw,
      payload: raw.payload.slice(),
      ext: raw.ext.map((x) => ({ type: x.type, data: x.data.slice() })),
    });
  }
  reader.close();
  return out;
}

describe.each([
  ['etl/airbus/AMSITrace.etl'],
  ['etl/tx/BondEtwSample.etl'],
  ['etl/perfview/net.4.5.2.x86.etl.zip'],
  ['etl/airbus/ShutdownPerfDiagLogger.etl'],
])('%s', (file) => {
  const events = sampleEvents(file, 2);
  const decoder = createDecoder();
  // Learn the schemas from the intact stream first, as a real pass would.
  for (const e of events) decoder.decode(e);

  it('decodes every payload cut at every length without throwing', () => {
    let stopped = 0;
    for (const e of events) {
      const full = decoder.decodeKnown(e);
      if (full.entry === null) continue;
      const limit = Math.min(e.payload.length, 600);
      for (let n = 0; n < limit; n++) {
        const d = decoder.decodeKnown({ ...e, payload: e.payload.subarray(0, n) });
        if (d.error !== null) {
          stopped++;
          expect(d.error).toMatch(/field '.*'/);
        }
        // Whatever decoded is a prefix of the full decode's fields.
        const keys = Object.keys(d.props);
        expect(Object.keys(full.props).slice(0, keys.length)).toEqual(keys);
      }
    }
    expect(stopped).toBeGreaterThan(0);
  });

  it('decodes payloads with flipped bytes without throwing', () => {
    let seed = 7;
    for (const e of events) {
      for (let round = 0; round < 8 && e.payload.length > 0; round++) {
        const p = e.payload.slice();
        for (let k = 0; k < 4; k++) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          const at = seed % p.length;
          p[at] = (p[at] as number) ^ 0xff;
        }
        expect(() => decoder.decodeKnown({ ...e, payload: p })).not.toThrow();
      }
    }
  });
});
