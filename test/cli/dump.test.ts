// `etwx dump` through runCli with an in-memory io, on real captures: JSONL (header event first, every
// Kernel-Network event decoded with --manifests), CSV (RFC 4180 quoting, props as JSON), text, the
// `--format none` summary, --limit, and clear errors for bad options and missing files.
import { describe, expect, it } from 'vitest';
import type { EventJson } from '../../electron/common/model/event';
import { runCli } from '../../electron/cli/etwx';
import type { CliIo } from '../../electron/cli/io';
import { FIXTURES } from '../core/decode/support';

async function run(args: string[]): Promise<{ code: number; lines: string[]; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(['dump', ...args], io);
  const lines = out
    .join('\n')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  return { code, lines, err: err.join('\n') };
}

/** Splits one RFC 4180 record (no embedded newlines in these fixtures). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') break;
        else v += line[i++];
      }
      cells.push(v);
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      cells.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return cells;
}

describe('etwx dump', () => {
  it('writes JSONL: the header as event 0, then every event decoded with the manifests given', async () => {
    const r = await run([
      `${FIXTURES}etl/tx/KernelNetwork.etl`,
      '--manifests',
      `${FIXTURES}manifests/windows7-dump`,
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.lines).toHaveLength(8924);
    const events = r.lines.map((l) => JSON.parse(l) as EventJson);
    expect(events[0]).toMatchObject({
      event: { name: 'EventTrace/Header' },
      classic: true,
      props: {
        BufferSize: 8192,
        BuffersWritten: 129,
        PointerSize: 8,
        SessionNameString: 'DataCollector01',
        StartTime: '2012-06-19T20:33:52.8135944Z',
      },
    });
    expect(events.filter((e) => e.raw !== undefined)).toEqual([]);
    expect(events[events.length - 1]?.provider.name).toBe('Microsoft-Windows-Kernel-Network');
    for (const e of events) expect(e.ts).toMatch(/^2012-06-19T20:3\d:\d\d\.\d{7}Z$/);
  });

  it('learns in-stream EventSource manifests without --manifests', async () => {
    const r = await run([`${FIXTURES}etl/tx/BondEtwSample.etl`]);
    const events = r.lines.map((l) => JSON.parse(l) as EventJson);
    expect(events).toHaveLength(13);
    expect(
      events
        .slice(1)
        .every((e) => e.provider.name === 'MSOpenTech-Tx-BinaryEventSource' && e.raw === undefined),
    ).toBe(true);
  });

  it('writes CSV with a header row, quoted cells and props as compact JSON', async () => {
    const r = await run([`${FIXTURES}etl/airbus/AMSITrace.etl`, '--format', 'csv']);
    expect(r.code).toBe(0);
    const header = csvCells(r.lines[0] as string);
    expect(header).toEqual([
      'ts',
      'provider',
      'providerGuid',
      'event',
      'id',
      'version',
      'opcode',
      'task',
      'level',
      'keywords',
      'channel',
      'pid',
      'tid',
      'cpu',
      'classic',
      'props',
      'ext',
      'raw',
      'decodeError',
    ]);
    const rows = r.lines.slice(1).map(csvCells);
    expect(rows).toHaveLength(21);
    const amsi = rows.filter((c) => c[1] === 'AmsiTrace');
    expect(amsi).toHaveLength(19);
    for (const c of amsi) {
      expect(c).toHaveLength(header.length);
      const props = JSON.parse(c[15] as string);
      expect(Object.keys(props)).toEqual(['Engine', 'Script', 'Raw Script']);
    }
    expect(JSON.parse(amsi[0]?.[15] as string).Script).toContain('"0", "true"');
  });

  it('writes readable text lines and honours --limit', async () => {
    const r = await run([`${FIXTURES}etl/airbus/lxcore_kernel.etl`, '--format', 'text', '--limit', '3']);
    expect(r.lines).toHaveLength(3);
    expect(r.lines[0]).toMatch(
      /^2020-07-14T\d\d:\d\d:\d\d\.\d{7}Z Windows Kernel\/EventTrace\/Header pid=\d+/,
    );
    expect(
      r.lines.some(
        (l) =>
          l.includes('Microsoft.Windows.Subsystem.LxCore/BreakPoint') &&
          l.includes('Function=LxpDrvFsTypeMount'),
      ),
    ).toBe(true);
  });

  it('prints only a summary with --format none', async () => {
    const r = await run([`${FIXTURES}etl/perfview/net.4.5.2.x86.etl.zip`, '--format', 'none']);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(1);
    const m =
      /^events (\d+), decoded (\d+), undecoded (\d+), decode errors (\d+), seconds [\d.]+, events\/s \d+$/.exec(
        r.lines[0] as string,
      );
    expect(m).not.toBeNull();
    const [events, decoded, undecoded, errors] = (m as RegExpExecArray).slice(1).map(Number);
    expect(events).toBe(168298);
    expect(errors).toBe(0);
    expect((decoded as number) + (undecoded as number)).toBe(events);
    expect(undecoded).toBeLessThan(600);
  });

  it('refuses bad options and reports a missing file', async () => {
    expect((await run([`${FIXTURES}etl/tx/BondEtwSample.etl`, '--format', 'xml'])).code).toBe(2);
    expect((await run([`${FIXTURES}etl/tx/BondEtwSample.etl`, '--limit', 'ten'])).err).toMatch(
      /--limit needs a whole number/,
    );
    expect((await run([])).code).toBe(2);
    const missing = await run(['/nonexistent/file.etl']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no such file/);
  });
});
