// `etwx summary` through runCli with an in-memory io: the process tree and sections as text, one
// process in full with --process, the JSON shape, and clear errors.
import { describe, expect, it } from 'vitest';
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

const PROCESS_ETL = fixture('etl/tx/Process.etl');
const KERNEL_PROCESS_W7 = fixture('manifests/windows7-dump/Microsoft-Windows-Kernel-Process.xml');

describe('etwx summary', () => {
  it('prints the process tree with image names and per-process sections', async () => {
    const r = await run(['summary', PROCESS_ETL, '--manifests', KERNEL_PROCESS_W7]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('10,344 events, 40 processes (4 started and 4 exited during the trace)');
    expect(r.out).toMatch(
      /\n<unknown> \(3324\)\n {2}devenv\.exe \(5864\) started 2010-10-29 19:08:00\.7357072 exited 2010-10-29 19:10:10\.2260725 {2}\\Device\\HarddiskVolume2\\Program Files \(x86\)\\Microsoft Visual Studio 10\.0\\Common7\\IDE\\devenv\.exe\n {2}OUTLOOK\.EXE \(2880\)/,
    );
    expect(r.out).toContain('── devenv.exe (5864)  key 5864@');
    expect(r.out).toContain(
      '  started 2 process(es):\n    devenv.exe (5864) 2010-10-29 19:08:00.7357072\n    OUTLOOK.EXE (2880) 2010-10-29 19:09:26.8208915',
    );
    expect(r.out).toContain('... 376 more (use --process to see all)');
  });

  it('shows one process in full with --process (by name) and its endpoints', async () => {
    const r = await run(['summary', fixture('etl/tx/KernelNetwork.etl'), '--process', '2716']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('── <unknown> (2716)');
    expect(r.out).toContain('TCP 157.56.244.38:443  sent 58.6 KiB in 575, received 14.6 MiB in 7,968');
    expect(r.out).not.toContain('── <unknown> (2432)');
    const byName = await run([
      'summary',
      PROCESS_ETL,
      '--manifests',
      KERNEL_PROCESS_W7,
      '--process',
      'DEVENV.EXE',
    ]);
    expect(byName.out).toContain('── devenv.exe (5864)');
    expect(byName.out).not.toContain('more (use --process to see all)');
    expect(byName.out).toContain('\\LinqPad\\LINQPad.exe');
  });

  it('writes JSON with --json', async () => {
    const r = await run([
      'summary',
      PROCESS_ETL,
      '--manifests',
      KERNEL_PROCESS_W7,
      '--json',
      '--process',
      '5864',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.events).toBe(10_344);
    expect(
      j.processes.find((n: { pid: number }) => n.pid === 3324).children.map((c: { name: string }) => c.name),
    ).toEqual(['devenv.exe', 'OUTLOOK.EXE']);
    expect(j.summaries).toHaveLength(1);
    expect(j.summaries[0].process).toMatchObject({
      name: 'devenv.exe',
      pid: 5864,
      exitCode: 0,
      start: '2010-10-29T19:08:00.7357072Z',
    });
    expect(j.summaries[0].images.length).toBe(672);
    expect(j.summaries[0].parent).toMatchObject({ pid: 3324 });
  });

  it('says what is wrong', async () => {
    expect(await run(['summary'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('expects exactly one FILE'),
    });
    expect(await run(['summary', PROCESS_ETL, '--process', 'nosuch.exe'])).toMatchObject({
      code: 1,
      err: "etwx summary: no process matches 'nosuch.exe'",
    });
    const missing = await run(['summary', fixture('etl/nope.etl')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('nope.etl');
  });
});
