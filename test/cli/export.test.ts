// `etwx export` and `etwx demo` through runCli with an in-memory io: every format to a file (and no
// partial file left), filters, usage errors, and Ctrl-C (SIGINT) leaving no output at all.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../electron/cli/etwx';
import type { CliIo } from '../../electron/cli/io';
import { createDecoder } from '../../electron/core/decode/index';
import { openFileSource } from '../../electron/core/etl/file-source.node.js';
import { openEtl } from '../../electron/core/etl/reader';
import { fixture } from '../core/etl/fixture-paths';

const dir = mkdtempSync(join(tmpdir(), 'etwx-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KERNEL_NETWORK = fixture('etl/tx/KernelNetwork.etl');
const MANIFEST = fixture('manifests/windows7-dump/Microsoft-Windows-Kernel-Network.xml');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const partials = () => readdirSync(dir).filter((f) => f.endsWith('.partial'));

describe('etwx export', () => {
  it('writes JSON Lines with a filter', async () => {
    const out = join(dir, 'recv.jsonl');
    const r = await run([
      'export',
      KERNEL_NETWORK,
      '-o',
      out,
      '--manifests',
      MANIFEST,
      '--filter',
      'id == 11 and props.size > 1000',
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/etwx export: [\d,]+ of 8,924 events written to .*recv\.jsonl \(jsonl/);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((j) => j.event.id === 11 && j.props.size > 1000)).toBe(true);
    expect(partials()).toEqual([]);
  });

  it('writes CSV, Parquet and .etl chosen by extension or --format', async () => {
    for (const [name, format, magic] of [
      ['a.csv', undefined, 'ts,provider'],
      ['a.parquet', undefined, 'PAR1'],
      ['a.bin', 'etl', undefined],
    ] as const) {
      const out = join(dir, name);
      const r = await run([
        'export',
        KERNEL_NETWORK,
        '-o',
        out,
        '--manifests',
        MANIFEST,
        ...(format ? ['--format', format] : []),
      ]);
      expect(r.code).toBe(0);
      const bytes = readFileSync(out);
      if (magic) expect(bytes.subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
    // The .etl decodes without the manifest.
    const reader = openEtl(openFileSource(join(dir, 'a.bin')));
    const decoder = createDecoder();
    let undecoded = 0;
    let n = 0;
    for (const e of reader.events()) {
      n++;
      if (decoder.decode(e).entry === null) undecoded++;
    }
    expect(n).toBeGreaterThan(8924);
    expect(undecoded).toBe(0);
    expect(partials()).toEqual([]);
  });

  it('explains usage errors', async () => {
    const noOut = await run(['export', KERNEL_NETWORK]);
    expect(noOut.code).toBe(2);
    expect(noOut.err).toContain('needs -o OUT');
    const unknown = await run(['export', KERNEL_NETWORK, '-o', join(dir, 'x.txt')]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('cannot tell the format from');
    const badFormat = await run(['export', KERNEL_NETWORK, '-o', join(dir, 'x.txt'), '--format', 'xml']);
    expect(badFormat.err).toContain('--format must be one of jsonl, csv, parquet, etl');
    const badFilter = await run(['export', KERNEL_NETWORK, '-o', join(dir, 'x.jsonl'), '--filter', 'id ==']);
    expect(badFilter.code).toBe(2);
    expect(badFilter.err).toMatch(/--filter: .*\n {2}id ==\n {2}\s*\^/);
    const columns = await run(['export', KERNEL_NETWORK, '-o', join(dir, 'x.jsonl'), '--columns', 'size']);
    expect(columns.err).toContain('--columns applies to csv and parquet only');
    const missing = await run(['export', join(dir, 'nope.etl'), '-o', join(dir, 'x.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no such file');
    expect(existsSync(join(dir, 'x.jsonl'))).toBe(false);
    expect(partials()).toEqual([]);
  });

  it('Ctrl-C cancels and leaves neither the output nor a partial file', async () => {
    const out = join(dir, 'cancelled.etl');
    const interrupt = setInterval(() => process.emit('SIGINT'), 5);
    let r: Awaited<ReturnType<typeof run>>;
    try {
      r = await run(['export', fixture('etl/perfview/net.4.5.2.x86.etl.zip'), '-o', out]);
    } finally {
      clearInterval(interrupt);
    }
    expect(r.code).toBe(130);
    expect(r.err).toMatch(/cancelled after [\d,]+ events; .*cancelled\.etl not written/);
    expect(existsSync(out)).toBe(false);
    expect(partials()).toEqual([]);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});

describe('etwx demo', () => {
  it('writes the demo capture and says what is in it', async () => {
    const out = join(dir, 'demo.etl');
    const r = await run(['demo', '-o', out, '--seed', '42']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('implant: C:\\Users\\alice\\AppData\\Roaming\\updater.exe');
    expect(r.out).toMatch(/exfiltration: 125,829,120 bytes/);
    const reader = openEtl(openFileSource(out));
    expect(reader.diagnostics).toEqual([]);
    expect(reader.header.loggerName).toBe('ETW Explorer Demo');
    expect((await run(['demo', '-o', out, '--seed', 'x'])).code).toBe(2);
  });
});
