// `etwx dump FILE [--format jsonl|csv|text|none] [--manifests PATH]... [--limit N]`: every event of a
// capture, decoded, one per line, in time order. Event 0 is the trace header (EventTrace/Header with
// the TRACE_LOGFILE_HEADER fields as props). Schemas: the built-in kernel tables, the manifests given
// with --manifests (files or folders), and what the capture carries (KernelTraceControl metadata,
// EventSource manifests, TraceLogging). `--format none` decodes everything and prints one summary
// line (a throughput measure). Output goes out in chunks as it is produced: memory stays flat.
import type { EventJson, PropValue } from '../../common/model/event';
import { isWarning } from '../../core/manifest/diagnostics';
import { loadManifestPath } from '../../core/manifest/load.node.js';
import { createDecoder } from '../../core/decode/index';
import { eventJsonOf } from '../../core/decode/decoder';
import { openFileSource } from '../../core/etl/file-source.node.js';
import { openEtl } from '../../core/etl/reader';
import { csvRow, rowColumnNames } from '../../core/export/event-row';
import type { ProviderSchema } from '../../common/model/schema';
import { parseFlags, UsageError, type CliIo, type Command } from '../io';

const usage = `usage: etwx dump FILE [--format jsonl|csv|text|none] [--manifests PATH]... [--limit N]

Decodes every event of an ETL capture (.etl or .etl.zip), one per line, in time order. Event 0 is the
trace header. Schemas come from the built-in kernel layouts, the manifests you give, and the capture
itself (merged-trace metadata, .NET EventSource manifests, TraceLogging).

options:
  --format F       jsonl (default): one JSON object per event (ts, provider, event, pid, tid, cpu,
                   classic, props, display, ext, raw, decodeError)
                   csv: RFC 4180 with a header row; props (and ext) as compact JSON columns
                   text: one readable line per event
                   none: decode everything, print only a summary (events, decoded, events/s)
  --manifests P    manifest file or folder (.man/.xml, PE files with WEVT_TEMPLATE); repeatable
  --limit N        stop after N events`;

const FORMATS = new Set(['jsonl', 'csv', 'text', 'none']);
/** Characters of output gathered before one write. */
const CHUNK_CHARS = 256 * 1024;
const MAX_DIAGNOSTIC_LINES = 20;

function textValue(v: PropValue): string {
  if (typeof v === 'string') return v.replace(/\r?\n/g, '\\n');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function textLine(j: EventJson): string {
  const parts = [
    `${j.ts} ${j.provider.name || j.provider.guid}/${j.event.name} pid=${j.pid} tid=${j.tid} cpu=${j.cpu}`,
  ];
  for (const [k, v] of Object.entries(j.props)) parts.push(`${k}=${j.display?.[k] ?? textValue(v)}`);
  if (j.ext) for (const [k, v] of Object.entries(j.ext)) parts.push(`[${k}=${textValue(v)}]`);
  if (j.raw !== undefined) parts.push(`raw=${j.raw}`);
  if (j.decodeError !== undefined) parts.push(`decodeError=${JSON.stringify(j.decodeError)}`);
  return parts.join(' ');
}

async function loadSchemas(paths: string[], io: CliIo): Promise<ProviderSchema[]> {
  const providers: ProviderSchema[] = [];
  for (const p of paths) {
    const r = await loadManifestPath(p);
    providers.push(...r.providers);
    const errors = r.diagnostics.filter((d) => !isWarning(d));
    for (const d of errors.slice(0, MAX_DIAGNOSTIC_LINES))
      io.err(`etwx dump: ${d.path ?? p}: ${d.code}: ${d.message}`);
    if (errors.length > MAX_DIAGNOSTIC_LINES)
      io.err(`etwx dump: ${p}: ${errors.length - MAX_DIAGNOSTIC_LINES} more manifest problems`);
    if (r.providers.length === 0) io.err(`etwx dump: ${p}: no providers found`);
  }
  return providers;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return Infinity;
  if (!/^\d+$/.test(text)) throw new UsageError(`--limit needs a whole number, got '${text}'`);
  return Number(text);
}

/** Lets queued asynchronous stdout writes drain (pipes on Windows) between chunks. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export const dumpCommand: Command = {
  summary: 'decode every event of an .etl capture (jsonl, csv, text, or a throughput summary)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { flags, positionals } = parseFlags(args, {
      strings: ['format', 'limit'],
      repeatable: ['manifests'],
    });
    if (positionals.length !== 1) throw new UsageError('expects exactly one FILE');
    const format = flags.get('format')?.[0] ?? 'jsonl';
    if (!FORMATS.has(format))
      throw new UsageError(`--format must be jsonl, csv, text or none, not '${format}'`);
    const limit = parseLimit(flags.get('limit')?.[0]);

    const providers = await loadSchemas(flags.get('manifests') ?? [], io);
    const decoder = createDecoder(providers);
    const reader = openEtl(openFileSource(positionals[0] as string));
    const started = performance.now();
    let events = 0;
    let undecoded = 0;
    let failed = 0;
    let chunk = format === 'csv' ? rowColumnNames([], true).join(',') + '\r\n' : '';
    const eol = format === 'csv' ? '\r\n' : '\n';
    const flush = async () => {
      if (chunk === '') return;
      io.out(chunk);
      chunk = '';
      await breathe();
    };
    try {
      for (const raw of reader.events()) {
        if (events >= limit) break;
        events++;
        const d = decoder.decode(raw);
        if (d.entry === null) undecoded++;
        else if (d.error !== null) failed++;
        if (format === 'none') continue;
        const j = eventJsonOf(raw, reader.clock, d);
        chunk +=
          (format === 'jsonl' ? JSON.stringify(j) : format === 'csv' ? csvRow(j, [], true) : textLine(j)) +
          eol;
        if (chunk.length >= CHUNK_CHARS) await flush();
      }
      await flush();
    } finally {
      reader.close();
    }
    const seconds = (performance.now() - started) / 1000;
    if (format === 'none') {
      io.out(
        `events ${events}, decoded ${events - undecoded - failed}, undecoded ${undecoded}, decode errors ${failed}, ` +
          `seconds ${seconds.toFixed(3)}, events/s ${Math.round(events / Math.max(seconds, 1e-9))}`,
      );
    }
    const problems = [
      ...reader.diagnostics.map((d) => `0x${d.offset.toString(16)} ${d.code}: ${d.message}`),
      ...decoder.registry.diagnostics.map(
        (d) => `${d.offset !== undefined ? `+0x${d.offset.toString(16)} ` : ''}${d.code}: ${d.message}`,
      ),
    ];
    for (const p of problems.slice(0, MAX_DIAGNOSTIC_LINES)) io.err(`etwx dump: ${p}`);
    if (problems.length > MAX_DIAGNOSTIC_LINES)
      io.err(`etwx dump: ${problems.length - MAX_DIAGNOSTIC_LINES} more problems`);
    return 0;
  },
};
