// Node adapter: runs an Analyzer over an .etl capture on disk (the `etwx summary` and `etwx alerts`
// path, and the tests' golden runs): manifests loaded from files/folders, every event decoded and
// observed in time order with its index as `seq` (0 = the trace header event), finish() at the end.
// Problems (manifest errors, ETL diagnostics, decoder diagnostics) come back as text lines. (Import as
// './analyze-file.node.js': tsx takes a bare './x.node' for a native addon.)

import type { ProviderSchema } from '../../common/model/schema';
import { createDecoder } from '../decode/index';
import { openFileSource } from '../etl/file-source.node.js';
import { openEtl, type EtlHeader } from '../etl/reader';
import type { TraceClock } from '../events/raw-event';
import { isWarning } from '../manifest/diagnostics';
import { loadManifestPath } from '../manifest/load.node.js';
import { Analyzer, type AnalyzerOptions } from './analyzer';

export interface AnalyzeFileResult {
  analyzer: Analyzer;
  header: EtlHeader;
  clock: TraceClock;
  events: number;
  /** Manifest, ETL and decoder problems, one line each (capped). */
  problems: string[];
}

const MAX_PROBLEMS = 50;

/** Providers from manifest files or folders, with their error lines. */
export async function loadManifests(
  paths: readonly string[],
): Promise<{ providers: ProviderSchema[]; problems: string[] }> {
  const providers: ProviderSchema[] = [];
  const problems: string[] = [];
  for (const p of paths) {
    const r = await loadManifestPath(p);
    providers.push(...r.providers);
    for (const d of r.diagnostics.filter((x) => !isWarning(x)))
      problems.push(`${d.path ?? p}: ${d.code}: ${d.message}`);
    if (r.providers.length === 0) problems.push(`${p}: no providers found`);
  }
  return { providers, problems };
}

export async function analyzeEtlFile(
  path: string,
  manifestPaths: readonly string[],
  options: Omit<AnalyzerOptions, 'startFileTime'> = {},
): Promise<AnalyzeFileResult> {
  const { providers, problems } = await loadManifests(manifestPaths);
  const decoder = createDecoder(providers);
  const reader = openEtl(openFileSource(path));
  const analyzer = new Analyzer({ ...options, startFileTime: reader.clock.startFileTime });
  let seq = 0;
  try {
    for (const raw of reader.events()) {
      analyzer.observe(raw, decoder.decode(raw), seq++);
    }
  } finally {
    reader.close();
  }
  analyzer.finish();
  for (const d of reader.diagnostics)
    problems.push(`${path}: 0x${d.offset.toString(16)} ${d.code}: ${d.message}`);
  for (const d of decoder.registry.diagnostics) problems.push(`${path}: ${d.code}: ${d.message}`);
  return {
    analyzer,
    header: reader.header,
    clock: reader.clock,
    events: seq,
    problems: problems.slice(0, MAX_PROBLEMS),
  };
}
