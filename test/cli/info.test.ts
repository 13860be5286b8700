// `etwx info` through runCli with an in-memory io: text and JSON output on real captures, and clear
// errors for a missing file, a file that is not an ETL and a zip without an .etl entry.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { runCli } from '../../electron/cli/etwx';
import type { CliIo } from '../../electron/cli/io';
import { fixture } from '../core/etl/fixture-paths';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('etwx info', () => {
  it('prints the summary of a kernel capture as text', async () => {
    const r = await run(['info', fixture('etl/airbus/ShutdownPerfDiagLogger.etl')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('session:       PerfDiag Logger');
    expect(r.out).toContain('build 18362');
    expect(r.out).toContain('buffers:       49 of');
    expect(r.out).toMatch(/SYSTEM64 +8,433/);
    expect(r.out).toMatch(/PERFINFO64 +8,645/);
    expect(r.out).toMatch(/3d6fa8d0-fe05-11d0-9dda-00c04fd7ba7c {2}Process/);
    expect(r.out).toContain('diagnostics:   none');
  });

  it('prints JSON with --json (compressed .etl.zip)', async () => {
    const r = await run(['info', '--json', fixture('etl/perfview/net.4.5.2.x86.etl.zip')]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({
      session: 'Relogger',
      os: { major: 6, minor: 2, build: 9200 },
      cpus: 8,
      pointerSize: 8,
      clock: { type: 1, name: 'QPC', frequency: 10_000_000 },
      compression: 'XPRESS',
      buffers: { count: 276, compressed: 275 },
      eventsLost: 0,
      diagnostics: [],
    });
    expect(j.records.byHeaderType.EVENT_HEADER32).toBe(39425);
    expect(j.start).toMatch(/^2020-07-29T00:06:19\.\d{7}Z$/);
    expect(j.providers.find((p: { name: string }) => p.name === 'StackWalk').events).toBe(16474);
  });

  it('reports events lost', async () => {
    const r = await run(['info', '--json', fixture('etl/airbus/AMSITrace.etl')]);
    expect(JSON.parse(r.out).eventsLost).toBe(3);
  });

  it('fails clearly on a missing file, a non-ETL file and a zip without an .etl entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etwx-info-'));
    const missing = await run(['info', join(dir, 'nope.etl')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.etl: no such file/);

    const text = join(dir, 'notes.etl');
    writeFileSync(
      text,
      'this is not a trace, just some text that is long enough to hold a buffer header.'.repeat(4),
    );
    const notEtl = await run(['info', text]);
    expect(notEtl.code).toBe(1);
    expect(notEtl.err).toMatch(/notes\.etl is not an ETL file/);

    const zip = join(dir, 'archive.bin'); // detected by magic, not by extension
    writeFileSync(zip, zipSync({ 'readme.txt': new TextEncoder().encode('hello') }));
    const noEntry = await run(['info', zip]);
    expect(noEntry.code).toBe(1);
    expect(noEntry.err).toMatch(/no \.etl entry \(entries: readme\.txt\)/);
  });

  it('needs exactly one file', async () => {
    const r = await run(['info']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: etwx info FILE');
  });
});
