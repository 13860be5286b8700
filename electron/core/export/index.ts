// The export layer's public face: writers for JSON Lines, CSV, Parquet and self-describing .etl
// over a ByteSink, the drivers that feed them — from a capture file (run.ts: filter, decode,
// progress, cancel) or from the capture engine's store (stored-export.ts: a view's rows in its order) —
// the ETL file writer and metadata builders the demo generator reuses, and the shared row shaping
// (`etwx dump --format csv` can use csvRow/rowColumnNames from event-row.ts).
import { CsvWriter } from './csv-writer';
import { EtlExportWriter } from './etl-export-writer';
import { JsonlWriter } from './jsonl-writer';
import { ParquetExportWriter } from './parquet-writer';
import type { ByteSink } from './sink';
import type { ExportFormat, ExportSource, ExportWriter, RowOptions } from './types';

export { runExport, type ExportProgress, type ExportSummary, type RunExportOptions } from './run';
export {
  runStoredExport,
  type StoredExportOptions,
  type StoredExportProgress,
  type StoredExportSummary,
} from './stored-export';
export { streamHeader } from './etl-export-writer';
export { RecordRebuilder, type RebuiltRecord } from './record-rebuild';
export { memorySink, type ByteSink, type MemorySink } from './sink';
export {
  EXPORT_FORMATS,
  type ExportEvent,
  type ExportFormat,
  type ExportSource,
  type ExportWriter,
  type RowOptions,
} from './types';
export { csvField, csvRow, cellText, propColumns, rowColumnNames, HEADER_COLUMNS } from './event-row';
export { EtlFileWriter, DEFAULT_BUFFER_SIZE } from './etl-writer';
export { classicRecord, eventHeaderRecord, logfileHeaderRecord, type EtlFileHeader } from './etl-records';
export { buildTraceEventInfo, buildEventMapInfo, type TraceEventInfoNames } from './trace-event-info-writer';
export { MetadataEmitter, type SchemaMetadata } from './metadata-emitter';
export { recordBytesOf } from './record-bytes';
export { CsvWriter, EtlExportWriter, JsonlWriter, ParquetExportWriter };

/** A writer for `format` over `sink`. Row options apply to CSV and Parquet. */
export function createExportWriter(
  format: ExportFormat,
  sink: ByteSink,
  source: ExportSource,
  options: RowOptions = {},
): ExportWriter {
  switch (format) {
    case 'jsonl':
      return new JsonlWriter(sink, source);
    case 'csv':
      return new CsvWriter(sink, source, options);
    case 'parquet':
      return new ParquetExportWriter(sink, source, options);
    case 'etl':
      return new EtlExportWriter(sink, source);
  }
}
