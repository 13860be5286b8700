// Cancellation and the all-or-nothing file: an aborted export stops without finishing its writer
// (before the start, or part way through), and the file sink leaves either the complete file or
// nothing — never a partial file.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDecoder } from '../../../electron/core/decode/index';
import {
  createExportWriter,
  memorySink,
  runExport,
  type ExportWriter,
} from '../../../electron/core/export/index';
import { createFileSink } from '../../../electron/core/export/file-sink.node.js';
import { openSource } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'etwx-cancel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A JSON Lines writer that records calls and aborts after `abortAt` events. */
function watched(controller: AbortController, abortAt: number) {
  const reader = openSource('etl/tx/KernelNetwork.etl');
  const decoder = createDecoder();
  const sink = memorySink();
  const inner = createExportWriter('jsonl', sink, {
    clock: reader.clock,
    header: reader.header,
    registry: decoder.registry,
  });
  const calls = { begin: 0, write: 0, end: 0 };
  const writer: ExportWriter = {
    format: 'jsonl',
    problems: [],
    begin: () => {
      calls.begin++;
      inner.begin();
    },
    write: (e) => {
      if (++calls.write === abortAt) controller.abort();
      inner.write(e);
    },
    end: () => {
      calls.end++;
      inner.end();
    },
  };
  return { reader, decoder, writer, calls, sink };
}

describe('export cancellation', () => {
  it('an already aborted signal writes nothing and does not finish the writer', async () => {
    const controller = new AbortController();
    controller.abort();
    const { reader, decoder, writer, calls } = watched(controller, -1);
    const summary = await runExport({ reader, decoder, writer, signal: controller.signal });
    expect(summary).toMatchObject({ cancelled: true, written: 0 });
    expect(calls.end).toBe(0);
  });

  it('an abort part way stops at the next check and does not finish the writer', async () => {
    const controller = new AbortController();
    const { reader, decoder, writer, calls } = watched(controller, 100);
    const summary = await runExport({ reader, decoder, writer, signal: controller.signal });
    expect(summary.cancelled).toBe(true);
    expect(summary.written).toBeGreaterThanOrEqual(100);
    expect(summary.written).toBeLessThan(8924);
    expect(calls.end).toBe(0);
  });

  it('reports progress and finishes when not aborted', async () => {
    const controller = new AbortController();
    const { reader, decoder, writer, calls } = watched(controller, -1);
    const seen: number[] = [];
    const summary = await runExport({
      reader,
      decoder,
      writer,
      signal: controller.signal,
      onProgress: (p) => seen.push(p.fraction),
    });
    expect(summary).toMatchObject({ cancelled: false, read: 8924, written: 8924 });
    expect(calls).toEqual({ begin: 1, write: 8924, end: 1 });
    expect(seen.at(-1)).toBe(1);
  });
});

describe('file sink', () => {
  it('writes to OUT.partial and renames on commit', () => {
    const out = join(dir, 'a.bin');
    const sink = createFileSink(out);
    sink.write(Uint8Array.of(1, 2, 3, 4));
    sink.writeAt(1, Uint8Array.of(9));
    expect(existsSync(`${out}.partial`)).toBe(true);
    expect(existsSync(out)).toBe(false);
    sink.commit();
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect([...readFileSync(out)]).toEqual([1, 9, 3, 4]);
    expect(() => sink.write(Uint8Array.of(5))).toThrow(/committed/);
    sink.discard(); // no-op after commit
    expect(existsSync(out)).toBe(true);
  });

  it('discard leaves neither the file nor the partial file', () => {
    const out = join(dir, 'b.bin');
    const sink = createFileSink(out);
    sink.write(Uint8Array.of(1));
    expect(() => sink.writeAt(1, Uint8Array.of(2))).toThrow(RangeError);
    sink.discard();
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});
