// `etwx manifest NAME|GUID [--source PATH]... [--json|--xml]`: one provider's schema from manifest
// sources: a readable summary (channels, levels, tasks, opcodes, keywords, maps, events with their
// fields), the schema model as JSON (types as TDH names: UnicodeString, Int32, ...) or a manifest XML
// that reads back to the same model.
import type { FieldSchema, ProviderSchema } from '../../common/model/schema';
import type { ManifestCatalog } from '../../core/manifest/catalog';
import { writeManifestXml } from '../../core/manifest/xml-writer';
import { parseFlags, UsageError, type CliIo, type Command } from '../io';
import { loadSources, noSystemProviders } from './providers';

const usage = `usage: etwx manifest NAME|GUID [--source PATH]... [--json | --xml]

Shows one provider (found by GUID, exact name, or a unique part of its name) from the given sources:
channels, levels, tasks, opcodes, keywords, maps and every event with its fields.

options:
  --source PATH  manifest (.man/.xml/.manifest), folder of manifests, PE file with a WEVT_TEMPLATE
                 resource, or raw CRIM blob; repeatable (without it: the system's providers, Windows only)
  --json         print the schema model as JSON
  --xml          print an instrumentation manifest (reads back to the same model)`;

function fieldLine(f: FieldSchema, indent: string): string[] {
  const array = f.count !== undefined ? `[${f.count}]` : '';
  const extras = [
    f.outType ? `out=${f.outType}` : '',
    f.length !== undefined ? `length=${f.length}` : '',
    f.map ? `map=${f.map}` : '',
  ].filter(Boolean);
  const line = `${indent}${f.name}: ${f.inType}${array}${extras.length ? `  (${extras.join(', ')})` : ''}`;
  return [line, ...(f.fields ?? []).flatMap((m) => fieldLine(m, indent + '  '))];
}

function summary(p: ProviderSchema): string {
  const lines: string[] = [`provider  ${p.name}  {${p.guid}}`];
  for (const s of p.sources ?? [p.source]) lines.push(`source    ${s.kind}${s.path ? `  ${s.path}` : ''}`);
  if (p.message) lines.push(`message   ${p.message}`);
  const section = (title: string, rows: string[]) => {
    if (rows.length) lines.push(`${title} (${rows.length})`, ...rows.map((r) => `  ${r}`));
  };
  section(
    'channels',
    p.channels.map(
      (c) => `${c.value}  ${c.name}${c.type ? `  ${c.type}` : ''}${c.imported ? '  imported' : ''}`,
    ),
  );
  section(
    'levels',
    p.levels.map((l) => `${l.value}  ${l.name}`),
  );
  section(
    'tasks',
    p.tasks.map((t) => `${t.value}  ${t.name}`),
  );
  section(
    'opcodes',
    p.opcodes.map((o) => `${o.value}  ${o.name}${o.task !== undefined ? `  (task ${o.task})` : ''}`),
  );
  section(
    'keywords',
    p.keywords.map((k) => `${k.mask}  ${k.name}`),
  );
  section(
    'maps',
    p.maps.map((m) => `${m.name} (${m.kind}): ${m.entries.map((e) => `${e.value}=${e.message}`).join(', ')}`),
  );
  lines.push(`events (${p.events.length})`);
  for (const e of p.events) {
    const attrs = [`level ${e.level}`, `task ${e.task}`, `opcode ${e.opcode}`, `keywords ${e.keywords}`];
    if (e.channel !== undefined) attrs.push(`channel ${e.channel}`);
    lines.push(`  ${e.id} v${e.version}  ${e.name ?? ''}  ${attrs.join(', ')}`);
    if (e.message) lines.push(`      message: ${e.message.replace(/\s+/g, ' ')}`);
    for (const f of e.fields) lines.push(...fieldLine(f, '      '));
  }
  return lines.join('\n');
}

function candidates(catalog: ManifestCatalog, query: string): string[] {
  return catalog
    .listProviders(query)
    .slice(0, 10)
    .map((p) => `  ${p.guid}  ${p.name}`);
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { flags, bools, positionals } = parseFlags(args, {
    booleans: ['json', 'xml'],
    repeatable: ['source'],
  });
  if (positionals.length !== 1) throw new UsageError('give one provider NAME or GUID');
  if (bools.has('json') && bools.has('xml')) throw new UsageError('--json and --xml exclude each other');
  const query = positionals[0] as string;
  const sources = flags.get('source') ?? [];
  if (sources.length === 0) {
    io.err(noSystemProviders('manifest'));
    return 1;
  }
  const catalog = await loadSources(sources, io, 'manifest');
  const provider = catalog.find(query);
  if (!provider) {
    const near = candidates(catalog, query);
    io.err(
      near.length
        ? `etwx manifest: "${query}" matches several providers; give the GUID or the full name:\n${near.join('\n')}`
        : `etwx manifest: no provider "${query}" in the given sources (${catalog.providers.length} providers)`,
    );
    return 1;
  }
  if (bools.has('json')) io.out(JSON.stringify(provider, null, 2));
  else if (bools.has('xml')) io.out(writeManifestXml([provider]));
  else io.out(summary(provider));
  return 0;
}

export const manifestCommand: Command = {
  summary: "show one provider's schema (text, JSON model, or manifest XML)",
  usage,
  run,
};
