// Corruption: real captures truncated at many lengths and with bytes flipped at every buffer-header
// offset and in the first record headers. Opening either fails with EtlOpenError (header buffer
// damaged) or every pass (buffers, scan, file order, time order) runs to its end with diagnostics
// for what it skipped: never another exception, a hang, or more events than the intact file has.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { bytesSource } from '../../../electron/core/etl/byte-source';
import { EtlOpenError, openEtl } from '../../../electron/core/etl/reader';
import { fixture } from './fixture-paths';

function load(rel: string): Uint8Array {
  const bytes = readFileSync(fixture(rel));
  if (!rel.endsWith('.zip')) return bytes;
  const files = unzipSync(bytes, { filter: (f) => f.name.endsWith('.etl') });
  return Object.values(files)[0] as Uint8Array;
}

interface Outcome {
  opened: boolean;
  events: number;
  diagnostics: number;
}

function readAll(bytes: Uint8Array): Outcome {
  let r;
  try {
    r = openEtl(bytesSource('corrupt.etl', bytes));
  } catch (e) {
    expect(e).toBeInstanceOf(EtlOpenError);
    return { opened: false, events: 0, diagnostics: 0 };
  }
  r.buffers();
  const s = r.scan();
  let fileOrder = 0;
  for (const _ of r.eventsInFileOrder()) fileOrder++;
  let merged = 0;
  for (const _ of r.events()) merged++;
  expect(fileOrder).toBe(merged);
  // A record with a bad extended item or PMC block is framed (counted by scan) but not delivered.
  expect(s.records).toBeGreaterThanOrEqual(merged);
  if (s.records > merged) expect(r.diagnostics.length).toBeGreaterThan(0);
  for (const d of r.diagnostics) {
    expect(d.offset).toBeGreaterThanOrEqual(0);
    expect(d.code).toMatch(/^[A-Z_]+$/);
    expect(d.message.length).toBeGreaterThan(0);
  }
  return { opened: true, events: merged, diagnostics: r.diagnostics.length };
}

/** Offsets of the buffers in file order (BufferSize chain). */
function bufferOffsets(bytes: Uint8Array): number[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let off = 0; off + 0x48 <= bytes.length; off += v.getUint32(off, true)) out.push(off);
  return out;
}

const CASES = [
  'etl/airbus/AMSITrace.etl',
  'etl/airbus/lxcore_kernel.etl',
  'etl/syzygy/image_data_32_v1.etl',
  'etl/tx/HTTP_Server.etl',
  'etl/perfview/SelfDescribingSingleEvent.etl',
  'etl/perfview/gcevents.etl.zip',
];

describe('corrupted captures', () => {
  for (const rel of CASES) {
    const intact = load(rel);
    const baseline = readAll(intact);
    const all = bufferOffsets(intact);
    // The header buffer, the first data buffers and the last one (keeps the test quick on big files).
    const offsets = [...new Set([...all.slice(0, 4), all[all.length - 1] as number])];

    it(`${rel}: intact baseline has no diagnostics`, () => {
      expect(baseline).toMatchObject({ opened: true, diagnostics: 0 });
    });

    it(`${rel}: truncated at many lengths`, () => {
      const cuts = new Set<number>();
      for (let i = 1; i < 40; i++) cuts.add(Math.floor((intact.length * i) / 40));
      for (const off of offsets) for (const d of [-1, 1, 0x47, 0x49, 0x51]) cuts.add(off + d);
      for (const len of cuts) {
        if (len <= 0 || len >= intact.length) continue;
        const out = readAll(intact.subarray(0, len));
        expect(out.events).toBeLessThanOrEqual(baseline.events);
        if (out.opened) expect(out.diagnostics).toBeGreaterThan(0);
      }
    });

    it(`${rel}: a byte flipped at every buffer-header offset`, () => {
      for (const off of offsets) {
        for (let i = 0; i < 0x48; i++) {
          const bad = intact.slice();
          bad[off + i] = bad[off + i]! ^ 0xff;
          const out = readAll(bad);
          expect(out.events).toBeLessThanOrEqual(baseline.events);
          // A changed BufferSize breaks the chain or cuts the file short: it must be noticed.
          if (out.opened && off > 0 && i === 2) expect(out.diagnostics).toBeGreaterThan(0);
        }
      }
    });

    it(`${rel}: bytes flipped in the first record headers of each buffer`, () => {
      for (const off of offsets) {
        for (let i = 0x48; i < 0x48 + 0x60 && off + i < intact.length; i++) {
          const bad = intact.slice();
          bad[off + i] = bad[off + i]! ^ 0xff;
          readAll(bad);
        }
      }
    });
  }

  it('garbage that starts like a buffer is refused at open', () => {
    const junk = new Uint8Array(4096).fill(0x41);
    expect(() => openEtl(bytesSource('junk', junk))).toThrow(EtlOpenError);
    expect(() => openEtl(bytesSource('empty', new Uint8Array(0)))).toThrow(/too short/);
  });
});
