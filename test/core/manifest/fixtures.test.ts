// Every manifest fixture, all folders (incl. the 841-file windows10-dump and the 412-file windows7-dump):
// loads without error diagnostics (warnings are names a reconstructed dump uses without defining
// them), and writes back to manifest XML that reads to the same model (modulo `source`).
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import { errorsOf, isWarning } from '../../../electron/core/manifest/diagnostics';
import { loadManifestFiles, type FileReadResult } from '../../../electron/core/manifest/load.node';
import { parseManifestXml } from '../../../electron/core/manifest/xml-reader';
import { writeManifestXml } from '../../../electron/core/manifest/xml-writer';
import { fixture } from './fixtures';

const FOLDERS: [string, number, number][] = [
  // folder, files read, providers
  ['manifests/windows-classic-samples', 3, 3],
  ['manifests/windows-driver-samples', 3, 3],
  ['manifests/perfview', 11, 18],
  ['manifests/tx', 8, 42],
  ['manifests/windows10-dump', 841, 841],
  ['manifests/windows7-dump', 412, 412],
  ['wevt/sealighter', 2, 2], // the manifest and mc.exe's CRIM blob (with MSG00001.bin)
];

const withoutSource = ({ source: _s, sources: _ss, ...rest }: ProviderSchema) => rest;

function roundTrip(results: FileReadResult[]): string[] {
  const failures: string[] = [];
  for (const r of results) {
    if (r.providers.length === 0) continue;
    const back = parseManifestXml(writeManifestXml(r.providers), { kind: 'xml' });
    if (back.diagnostics.some((d) => !isWarning(d)))
      failures.push(`${r.path}: ${back.diagnostics[0]?.message}`);
    if (!isDeepStrictEqual(back.providers.map(withoutSource), r.providers.map(withoutSource)))
      failures.push(r.path);
  }
  return failures;
}

describe('every fixture manifest', () => {
  for (const [folder, files, providers] of FOLDERS) {
    it(`${folder}: ${files} files, ${providers} providers, no errors, XML round trip`, async () => {
      const results = await loadManifestFiles(fixture(folder));
      expect(results).toHaveLength(files);
      expect(errorsOf(results.flatMap((r) => r.diagnostics))).toEqual([]);
      expect(results.filter((r) => r.providers.length === 0).map((r) => r.path)).toEqual([]);
      expect(results.reduce((n, r) => n + r.providers.length, 0)).toBe(providers);
      expect(roundTrip(results)).toEqual([]);
    });
  }

  it('the whole manifests folder has non-trivial content', async () => {
    const results = await loadManifestFiles(fixture('manifests/windows10-dump'));
    const all = results.flatMap((r) => r.providers);
    const events = all.reduce((n, p) => n + p.events.length, 0);
    const fields = all.reduce((n, p) => n + p.events.reduce((m, e) => m + e.fields.length, 0), 0);
    expect(events).toBeGreaterThan(50_000);
    expect(fields).toBeGreaterThan(100_000);
    expect(new Set(all.map((p) => p.guid)).size).toBe(841);
    const kernelProcess = all.find((p) => p.guid === '22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716');
    expect(kernelProcess?.name).toBe('Microsoft-Windows-Kernel-Process');
    expect(
      kernelProcess?.events.find((e) => e.id === 1 && e.version === 2)?.fields.map((f) => f.name),
    ).toContain('ImageName');
  });
});
