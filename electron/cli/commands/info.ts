// `etwx info FILE [--json]`: what an .etl (or .etl.zip) capture holds — session, OS build, CPUs,
// clock, time span, buffers, records by header type, providers with event counts, events lost and
// the reader's diagnostics. Uses the ETL reader's header and its fast scan (no event decoding).
import { fileTimeToIso } from '../../common/time';
import { compressionName } from '../../core/etl/compression/decompress';
import { openFileSource } from '../../core/etl/file-source.node.js';
import { headerTypeNames } from '../../core/etl/layout';
import { openEtl, type EtlReader, type EtlScanSummary } from '../../core/etl/reader';
import { parseFlags, UsageError, type CliIo, type Command } from '../io';

const usage = `usage: etwx info FILE [--json]

Summarizes an ETL capture (.etl, or a zip holding one such as PerfView's .etl.zip):
session, OS build, CPUs, pointer size, clock, start/end time, buffers (compressed), records by
header type, events lost, providers with event counts, and any problems found while reading.

options:
  --json   print one JSON object instead of text`;

const CLOCKS: Record<number, string> = { 0: 'raw', 1: 'QPC', 2: 'system time', 3: 'CPU cycles' };

const LOG_FILE_MODES: [number, string][] = [
  [0x00000001, 'sequential'],
  [0x00000002, 'circular'],
  [0x00000004, 'append'],
  [0x00000008, 'new file'],
  [0x00000100, 'real-time'],
  [0x00000200, 'delay open'],
  [0x00000400, 'buffering'],
  [0x00010000, 'relog'],
  [0x04000000, 'compressed'],
];

function modeNames(mode: number): string[] {
  return LOG_FILE_MODES.filter(([bit]) => mode & bit).map(([, name]) => name);
}

function typeName(t: number): string {
  return headerTypeNames[t] ?? `0x${t.toString(16).padStart(2, '0')}`;
}

/** The info report as plain data (what --json prints). */
export function infoReport(r: EtlReader, s: EtlScanSummary) {
  const h = r.header;
  return {
    file: r.source.name,
    bytes: s.bytes,
    session: h.loggerName,
    logFileName: h.logFileName,
    os: { major: h.osVersionMajor, minor: h.osVersionMinor, build: h.build },
    cpus: h.numberOfProcessors,
    cpuSpeedMHz: h.cpuSpeedMHz,
    pointerSize: h.pointerSize,
    clock: {
      type: h.clockType,
      name: CLOCKS[h.clockType] ?? 'unknown',
      frequency: r.clock.frequency,
      timerResolution: h.timerResolution,
    },
    start: fileTimeToIso(h.startTime),
    end: fileTimeToIso(h.endTime),
    boot: fileTimeToIso(h.bootTime),
    timeZoneBiasMinutes: h.timeZoneBiasMinutes,
    logFileMode: { value: h.logFileMode, flags: modeNames(h.logFileMode) },
    maximumFileSizeMB: h.maximumFileSize,
    compression: compressionName(h.compressionFormat),
    buffers: {
      count: s.buffers,
      size: h.bufferSize,
      written: h.buffersWritten,
      compressed: s.compressedBuffers,
      withEventsLost: s.buffersWithEventsLost,
      lost: h.buffersLost,
      bad: s.badBuffers,
    },
    eventsLost: h.eventsLost,
    records: {
      total: s.records,
      byHeaderType: Object.fromEntries([...s.recordsByHeaderType].map(([t, n]) => [typeName(t), n])),
    },
    providers: s.providers.map((p) => ({ id: p.id, name: p.name, events: p.events })),
    diagnostics: r.diagnostics.map((d) => ({ offset: d.offset, code: d.code, message: d.message })),
  };
}

const n = (x: number) => x.toLocaleString('en-US');

function text(report: ReturnType<typeof infoReport>): string {
  const r = report;
  const lines = [
    `file:          ${r.file} (${n(r.bytes)} bytes)`,
    `session:       ${r.session}`,
    `log file:      ${r.logFileName}`,
    `OS:            Windows ${r.os.major}.${r.os.minor}, build ${r.os.build}`,
    `CPUs:          ${r.cpus} (${n(r.cpuSpeedMHz)} MHz), pointer size ${r.pointerSize}`,
    `clock:         ${r.clock.name} (${n(r.clock.frequency)} Hz), timer resolution ${r.clock.timerResolution / 10000} ms`,
    `start:         ${r.start}`,
    `end:           ${r.end}`,
    `boot:          ${r.boot}`,
    `UTC offset:    ${-r.timeZoneBiasMinutes} minutes`,
    `log file mode: 0x${r.logFileMode.value.toString(16).padStart(8, '0')} (${r.logFileMode.flags.join(', ') || 'none'})`,
    `buffers:       ${n(r.buffers.count)} of ${n(r.buffers.size)} bytes, ${n(r.buffers.compressed)} compressed (${r.compression})` +
      (r.buffers.count !== r.buffers.written ? `; header says ${n(r.buffers.written)} written` : ''),
    `events lost:   ${n(r.eventsLost)} (buffers lost ${n(r.buffers.lost)}, buffers flagged with lost events ${n(r.buffers.withEventsLost)})`,
    `records:       ${n(r.records.total)}`,
    ...Object.entries(r.records.byHeaderType).map(([t, c]) => `  ${t.padEnd(15)} ${n(c).padStart(12)}`),
    `providers:     ${r.providers.length}`,
    ...r.providers.map((p) => `  ${n(p.events).padStart(12)}  ${p.id}  ${p.name}`.trimEnd()),
    `diagnostics:   ${r.diagnostics.length === 0 ? 'none' : r.diagnostics.length}`,
    ...r.diagnostics.map((d) => `  0x${d.offset.toString(16)} ${d.code}: ${d.message}`),
  ];
  return lines.join('\n');
}

export const infoCommand: Command = {
  summary: 'summarize an .etl capture: session, clock, buffers, records, providers',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { bools, positionals } = parseFlags(args, { booleans: ['json'] });
    if (positionals.length !== 1) throw new UsageError('expects exactly one FILE');
    const path = positionals[0] as string;
    const reader = openEtl(openFileSource(path));
    try {
      const report = infoReport(reader, reader.scan());
      io.out(bools.has('json') ? JSON.stringify(report, null, 2) : text(report));
    } finally {
      reader.close();
    }
    return 0;
  },
};
