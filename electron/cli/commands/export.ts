// `etwx export FILE -o OUT [--format jsonl|csv|parquet|etl] [--filter EXPR] [--manifests PATH]...
// [--columns a,b] [--no-props]`: writes the capture's events (all, or those the filter keeps) in
// time order to OUT, streaming. OUT appears only when complete: the export writes OUT.partial and
// renames it at the end; Ctrl-C or an error removes the partial file. A progress line goes to
// stderr when it is a terminal. The .etl output is self-describing: manifest-decoded events carry
// their schemas as merged-trace metadata and decode without the manifests.
import { extname } from 'node:path';
import type { ProviderSchema } from '../../common/model/schema';
import { createDecoder } from '../../core/decode/index';
import { openFileSource } from '../../core/etl/file-source.node.js';
import { openEtl } from '../../core/etl/reader';
import {
  createExportWriter,
  EXPORT_FORMATS,
  runExport,
  type ExportFormat,
  type ExportProgress,
} from '../../core/export/index';
import { createFileSink } from '../../core/export/file-sink.node.js';
import { fastParquetCodec } from '../../core/export/parquet-codec.node.js';
import { compileFilter, type CompiledFilter } from '../../core/filter/index';
import { isWarning } from '../../core/manifest/diagnostics';
import { loadManifestPath } from '../../core/manifest/load.node.js';
import { parseFlags, UsageError, type CliIo, type Command } from '../io';

const usage = `usage: etwx export FILE -o OUT [--format jsonl|csv|parquet|etl] [--filter EXPR]
                   [--manifests PATH]... [--columns NAME,...] [--no-props]

Writes the events of an ETL capture (.etl or .etl.zip), decoded, in time order, to OUT. OUT appears
only once complete (the export writes OUT.partial, then renames it); Ctrl-C cancels and leaves nothing.

options:
  -o, --out OUT      output file
  --format F         jsonl: one JSON object per event (the etwx dump shape)
                     csv: RFC 4180, header columns, --columns, and props as JSON
                     parquet: typed header columns, --columns, props as a JSON string column
                     etl: the selected records unchanged, plus the schemas of manifest-decoded events
                          as merged-trace metadata: the file decodes without the manifests
                     (default: from OUT's extension)
  --filter EXPR      keep only the events the filter accepts (see docs/filter-language.md)
  --manifests P      manifest file or folder (.man/.xml, PE files with WEVT_TEMPLATE); repeatable
  --columns A,B      property columns for csv and parquet (Size, Header.Size, props.X)
  --no-props         csv and parquet: leave out the props JSON column`;

const MAX_DIAGNOSTIC_LINES = 20;
const EXTENSIONS: Readonly<Record<string, ExportFormat>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
  '.parquet': 'parquet',
  '.etl': 'etl',
};

function formatOf(text: string | undefined, out: string): ExportFormat {
  if (text !== undefined) {
    if (!(EXPORT_FORMATS as readonly string[]).includes(text)) {
      throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not '${text}'`);
    }
    return text as ExportFormat;
  }
  const byExtension = EXTENSIONS[extname(out).toLowerCase()];
  if (!byExtension) throw new UsageError(`cannot tell the format from '${out}': give --format`);
  return byExtension;
}

async function loadSchemas(paths: string[], io: CliIo): Promise<ProviderSchema[]> {
  const providers: ProviderSchema[] = [];
  for (const p of paths) {
    const r = await loadManifestPath(p);
    providers.push(...r.providers);
    const errors = r.diagnostics.filter((d) => !isWarning(d));
    for (const d of errors.slice(0, MAX_DIAGNOSTIC_LINES))
      io.err(`etwx export: ${d.path ?? p}: ${d.code}: ${d.message}`);
    if (r.providers.length === 0) io.err(`etwx export: ${p}: no providers found`);
  }
  return providers;
}

/** A one-line progress display on a terminal's stderr (nothing when stderr is not a terminal). */
function progressLine(): { show(p: ExportProgress): void; clear(): void } {
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let shown = false;
  return {
    show(p) {
      if (!tty) return;
      const seconds = (performance.now() - started) / 1000;
      const rate = Math.round(p.read / Math.max(seconds, 1e-3));
      process.stderr.write(
        `\r${(p.fraction * 100).toFixed(0).padStart(3)}%  ${p.read.toLocaleString('en-US')} events read, ` +
          `${p.written.toLocaleString('en-US')} written, ${rate.toLocaleString('en-US')} events/s  (Ctrl-C cancels)\x1b[K`,
      );
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

export const exportCommand: Command = {
  summary: 'write the events of an .etl capture to JSON Lines, CSV, Parquet or a self-describing .etl',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const normalized = args.map((a) => (a === '-o' ? '--out' : a));
    const { flags, bools, positionals } = parseFlags(normalized, {
      strings: ['out', 'format', 'filter', 'columns'],
      repeatable: ['manifests'],
      booleans: ['no-props'],
    });
    if (positionals.length !== 1) throw new UsageError('expects exactly one FILE');
    const out = flags.get('out')?.[0];
    if (out === undefined) throw new UsageError('needs -o OUT');
    const format = formatOf(flags.get('format')?.[0], out);
    const columns = (flags.get('columns')?.[0] ?? '').split(',').filter((c) => c.trim() !== '');
    if (columns.length > 0 && format !== 'csv' && format !== 'parquet') {
      throw new UsageError('--columns applies to csv and parquet only');
    }

    const decoder = createDecoder(await loadSchemas(flags.get('manifests') ?? [], io));
    const reader = openEtl(openFileSource(positionals[0] as string));
    try {
      const filterText = flags.get('filter')?.[0];
      let filter: CompiledFilter | undefined;
      if (filterText !== undefined) {
        const compiled = compileFilter(filterText, {
          startFileTime: reader.clock.startFileTime,
          providerName: (id) => decoder.registry.providerName(id),
        });
        if (!compiled.ok) {
          const e = compiled.error;
          throw new UsageError(
            `--filter: ${e.message}\n  ${filterText}\n  ${' '.repeat(e.offset)}${'^'.repeat(Math.max(1, e.length))}`,
          );
        }
        filter = compiled.value;
      }
      const sink = createFileSink(out);
      const controller = new AbortController();
      const onInterrupt = () => controller.abort();
      process.on('SIGINT', onInterrupt);
      const progress = progressLine();
      try {
        const writer = createExportWriter(
          format,
          sink,
          { clock: reader.clock, header: reader.header, registry: decoder.registry },
          {
            columns,
            propsJson: !bools.has('no-props'),
            parquetCodec: fastParquetCodec(),
          },
        );
        const summary = await runExport({
          reader,
          decoder,
          writer,
          signal: controller.signal,
          onProgress: progress.show,
          ...(filter ? { filter } : {}),
        });
        progress.clear();
        if (summary.cancelled) {
          sink.discard();
          io.err(
            `etwx export: cancelled after ${summary.read.toLocaleString('en-US')} events; ${out} not written`,
          );
          return 130;
        }
        sink.commit();
        for (const p of writer.problems) io.err(`etwx export: ${p}`);
        io.err(
          `etwx export: ${summary.written.toLocaleString('en-US')} of ${summary.read.toLocaleString('en-US')} events ` +
            `written to ${out} (${format}, ${sink.size.toLocaleString('en-US')} bytes, ${summary.seconds.toFixed(1)} s` +
            (summary.undecoded > 0 ? `, ${summary.undecoded} without a schema` : '') +
            ')',
        );
      } finally {
        progress.clear();
        process.removeListener('SIGINT', onInterrupt);
        sink.discard();
      }
    } finally {
      reader.close();
    }
    const problems = reader.diagnostics.map((d) => `0x${d.offset.toString(16)} ${d.code}: ${d.message}`);
    for (const p of problems.slice(0, MAX_DIAGNOSTIC_LINES)) io.err(`etwx export: ${p}`);
    if (problems.length > MAX_DIAGNOSTIC_LINES)
      io.err(`etwx export: ${problems.length - MAX_DIAGNOSTIC_LINES} more problems`);
    return 0;
  },
};
