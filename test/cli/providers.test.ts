// `etwx providers` through runCli: listing, filtering and searching real fixture manifests, JSON
// output, and the clear refusal when no --source is given off Windows.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/etwx';
import type { CliIo } from '../../electron/cli/io';
import { fixture } from '../core/manifest/fixtures';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('etwx providers', () => {
  it('lists the providers of a folder, sorted by name, with sources', async () => {
    const r = await run(['providers', '--source', fixture('manifests/tx')]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines.at(-1)).toBe('42 providers');
    expect(lines.find((l) => l.includes('Microsoft-Windows-Kernel-Process '))).toMatch(
      /^22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716 {2}Microsoft-Windows-Kernel-Process +\d+ {2}.*SystemEvents\.man$/,
    );
  });

  it('filters by name or GUID and merges repeated --source', async () => {
    const r = await run([
      'providers',
      'sealighter',
      '--source',
      fixture('wevt/sealighter/sealighter_provider.man'),
      '--source',
      fixture('wevt/sealighter/sealighter_providerTEMP.BIN'),
      '--source',
      fixture('manifests/tx'),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^cdd5f0cc-ab0c-4abe-97b2-cc82b7e68f30 {2}Sealighter {2}\s+1 {2}.*sealighter_provider\.man, .*sealighter_providerTEMP\.BIN$/m,
    );
    expect(r.out.split('\n').at(-1)).toBe('1 providers (of 43)');
  });

  it('prints JSON', async () => {
    const r = await run(['providers', '--json', '--source', fixture('manifests/windows-classic-samples')]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      providers: { guid: string; name: string; eventCount: number }[];
      diagnostics: unknown[];
    };
    expect(json.providers.map((p) => p.name)).toEqual([
      'Microsoft-Windows-SDKSample-AdvancedProvider',
      'Microsoft-Windows-SDKSample-AdvancedProvider-CS',
      'Microsoft-Windows-SDKSample-SimpleProvider',
    ]);
    expect(json.providers[0]?.eventCount).toBeGreaterThan(50);
    expect(json.diagnostics).toEqual([]);
  });

  it('searches across providers with --search', async () => {
    const r = await run([
      'providers',
      '--source',
      fixture('manifests/windows10-dump'),
      '--search',
      'imagename',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Microsoft-Windows-Kernel-Process +1 v2 +field +ImageName$/m);
    expect(r.out.split('\n').at(-1)).toMatch(/^\d+ matches/);
    const j = await run([
      'providers',
      '--source',
      fixture('manifests/windows10-dump'),
      '--search',
      'imagename',
      '--json',
    ]);
    const result = JSON.parse(j.out) as { hits: { kind: string }[]; total: number };
    expect(result.total).toBeGreaterThan(50);
    expect(result.hits[0]?.kind).toBeDefined();
  });

  it('restricts --search hits to the providers FILTER names', async () => {
    const r = await run([
      'providers',
      'kernel-process',
      '--source',
      fixture('manifests/windows10-dump'),
      '--search',
      'imagename',
      '--json',
    ]);
    const result = JSON.parse(r.out) as { hits: { providerName: string }[]; total: number };
    expect(result.total).toBeGreaterThan(0);
    expect(new Set(result.hits.map((h) => h.providerName))).toEqual(
      new Set(['Microsoft-Windows-Kernel-Process']),
    );
  });

  it('says clearly that system providers need Windows when no --source is given', async () => {
    const r = await run(['providers']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/only be read on Windows/);
    expect(r.err).toMatch(/--source PATH/);
  });

  it('reports unreadable sources with their path, and fails when nothing was found', async () => {
    const r = await run(['providers', '--source', fixture('no/such/place.man')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/IO_ERROR/);
    expect(r.err).toMatch(/no provider found/);
    const minimal = await run(['providers', '--source', fixture('wevt/evtx/wevt_template_minimal_pe.bin')]);
    expect(minimal.code).toBe(1);
    expect(minimal.err).toMatch(/wevt_template_minimal_pe\.bin @ offset 0x50c: BAD_CRIM/);
  });

  it('rejects unknown options', async () => {
    const r = await run(['providers', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option --bogus/);
  });
});
