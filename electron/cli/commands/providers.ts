// `etwx providers [FILTER] [--source PATH]... [--search TEXT] [--json]`: the providers found in manifest
// sources (name, GUID, event count, where they came from), filtered by a name/GUID substring; or, with
// --search, every event name/symbol, field, keyword/task/opcode name and message matching TEXT across
// all of them.
import type { SchemaDiagnostic } from '../../common/model/schema';
import type { ManifestCatalog, SearchResult } from '../../core/manifest/catalog';
import { errorsOf } from '../../core/manifest/diagnostics';
import { loadCatalog } from '../../core/manifest/load.node.js';
import { parseFlags, UsageError, type CliIo, type Command } from '../io';

// ---- shared with `etwx manifest`: load --source paths, report problems -----------------------------
// Errors are listed with file and offset (first 20); warnings only counted. Without --source the
// system's registered providers would be used, which needs Windows and the native addon.

const MAX_LISTED_ERRORS = 20;
const SEARCH_LIMIT = 200;

export function noSystemProviders(command: string): string {
  const where =
    process.platform === 'win32'
      ? 'this build has no native ETW addon'
      : `this is ${process.platform}, not Windows`;
  return (
    `etwx ${command}: no --source given, and the providers registered on the system can only be read ` +
    `on Windows through the native addon (${where}).\n` +
    'Use --source PATH: an instrumentation manifest (.man/.xml), a folder of them, a PE file with a ' +
    'WEVT_TEMPLATE resource (.dll/.exe/.sys) or a raw CRIM blob.'
  );
}

export function formatDiagnostic(d: SchemaDiagnostic): string {
  const where = [d.path, d.offset !== undefined ? `offset 0x${d.offset.toString(16)}` : undefined]
    .filter(Boolean)
    .join(' @ ');
  return `${where ? `${where}: ` : ''}${d.code}: ${d.message}`;
}

/** Loads every source; errors go to stderr (first 20), warnings are counted. */
export async function loadSources(
  paths: readonly string[],
  io: CliIo,
  command: string,
): Promise<ManifestCatalog> {
  const catalog = await loadCatalog(paths);
  const errors = errorsOf(catalog.diagnostics);
  for (const d of errors.slice(0, MAX_LISTED_ERRORS)) io.err(`etwx ${command}: ${formatDiagnostic(d)}`);
  if (errors.length > MAX_LISTED_ERRORS)
    io.err(`etwx ${command}: ... and ${errors.length - MAX_LISTED_ERRORS} more errors`);
  return catalog;
}

export function warningSummary(catalog: ManifestCatalog): string | undefined {
  const warnings = catalog.diagnostics.length - errorsOf(catalog.diagnostics).length;
  return warnings
    ? `${warnings} warnings (e.g. names the manifests use without defining them); --json lists them`
    : undefined;
}

// ---- etwx providers -------------------------------------------------------------------------------

const usage = `usage: etwx providers [FILTER] [--source PATH]... [--search TEXT] [--json]

Lists the providers defined by the given sources, sorted by name: GUID, name, number of events and
the files they came from (duplicates are merged by GUID). FILTER keeps those whose name or GUID
contains it (with --search: the hits in those providers). Without --source, the system's registered
providers are listed (Windows only).

options:
  --source PATH  manifest (.man/.xml/.manifest), folder of manifests, PE file with a WEVT_TEMPLATE
                 resource, or raw CRIM blob; repeatable
  --search TEXT  search event names, symbols, field names, keyword/task/opcode names and messages
                 of every provider instead of listing providers
  --json         print JSON`;

function printHits(result: SearchResult, io: CliIo): void {
  const rows = result.hits.map((h) => [
    h.providerName,
    h.eventId === undefined ? '' : `${h.eventId} v${h.eventVersion ?? 0}`,
    h.kind,
    h.text.replace(/\s+/g, ' ').slice(0, 120),
  ]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => (r[c] as string).length), 4));
  io.out(rows.map((r) => r.map((x, i) => (i < 3 ? x.padEnd(widths[i] as number) : x)).join('  ')).join('\n'));
  io.out(
    `${result.total} matches${result.total > result.hits.length ? ` (first ${result.hits.length} shown)` : ''}`,
  );
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { flags, bools, positionals } = parseFlags(args, {
    booleans: ['json'],
    strings: ['search'],
    repeatable: ['source'],
  });
  if (positionals.length > 1) throw new UsageError(`one FILTER at most (got ${positionals.length})`);
  const sources = flags.get('source') ?? [];
  if (sources.length === 0) {
    io.err(noSystemProviders('providers'));
    return 1;
  }
  const catalog = await loadSources(sources, io, 'providers');
  if (catalog.providers.length === 0) {
    io.err('etwx providers: no provider found in the given sources');
    return 1;
  }
  const search = flags.get('search')?.[0];
  if (search !== undefined) {
    const filter = positionals[0]?.toLowerCase();
    const found = catalog.search(search, filter ? Number.MAX_SAFE_INTEGER : SEARCH_LIMIT);
    const hits = filter
      ? found.hits.filter(
          (h) => h.providerName.toLowerCase().includes(filter) || h.providerGuid.includes(filter),
        )
      : found.hits;
    const result = filter ? { hits: hits.slice(0, SEARCH_LIMIT), total: hits.length } : found;
    if (bools.has('json')) io.out(JSON.stringify(result, null, 2));
    else printHits(result, io);
    return 0;
  }
  const list = catalog.listProviders(positionals[0] ?? '');
  if (bools.has('json')) {
    io.out(JSON.stringify({ providers: list, diagnostics: catalog.diagnostics }, null, 2));
    return 0;
  }
  const nameWidth = Math.min(60, Math.max(4, ...list.map((p) => p.name.length)));
  for (const p of list) {
    const from = p.sources.map((s) => s.path ?? s.kind).join(', ');
    io.out(`${p.guid}  ${p.name.padEnd(nameWidth)}  ${String(p.eventCount).padStart(5)}  ${from}`);
  }
  io.out(
    `${list.length} providers${list.length < catalog.providers.length ? ` (of ${catalog.providers.length})` : ''}`,
  );
  const warnings = warningSummary(catalog);
  if (warnings) io.err(`etwx providers: ${warnings}`);
  return 0;
}

export const providersCommand: Command = {
  summary: 'list or search the providers of manifest sources (files, folders, PE files)',
  usage,
  run,
};
