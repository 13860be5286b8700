// The export writer contract: every format (JSON Lines, CSV, Parquet, .etl) is a writer with
// begin / write(event) / end over a ByteSink, fed with events — each with its raw record and its
// decoded form — by the file driver (run.ts, time order) or from the capture engine's store
// (stored-export.ts, in a view's order). Writers stream: what they hold at any time is
// bounded (a text chunk, a row group, one ETL buffer per CPU), never the capture.
import type { TraceClock, RawEvent } from '../events/raw-event';
import type { DecodedEvent } from '../decode/decoder';
import type { SchemaRegistry } from '../decode/registry';
import type { EtlHeader } from '../etl/logfile-header';
import type { ParquetCodec } from './parquet-encoder';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'parquet', 'etl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportEvent {
  /** The record as read; payload and ext views are valid only during write(). */
  raw: RawEvent;
  decoded: DecodedEvent;
}

/** What a writer may need to know about the source capture. */
export interface ExportSource {
  clock: TraceClock;
  header: EtlHeader;
  /** The registry the events were decoded with (schemas and maps for self-describing .etl output). */
  registry: SchemaRegistry;
  /**
   * The events are not views into the ETL buffers they were read from (the capture engine's store,
   * a live session): .etl output rebuilds each record from its fields instead of copying its bytes.
   */
  rebuildRecords?: boolean;
}

export interface ExportWriter {
  readonly format: ExportFormat;
  begin(): void;
  write(e: ExportEvent): void;
  /** Finishes the output (footers, header patches). The sink then holds a complete file. */
  end(): void;
  /** Problems met while writing (events that could not be written as asked), capped. */
  readonly problems: readonly string[];
}

/** Options of the row formats (CSV, Parquet). */
export interface RowOptions {
  /** Property columns, by name or dotted path (`Size`, `Header.Size`, `props.Items.0`). */
  columns?: readonly string[];
  /** Keep the `props` column with every decoded property as JSON (default true). */
  propsJson?: boolean;
  /** Parquet page compression (default: snappy in JavaScript; parquet-codec.node.ts has zstd). */
  parquetCodec?: ParquetCodec;
}

export const MAX_PROBLEMS = 100;

/** Appends a problem unless the list is full. */
export function addProblem(list: string[], message: string): void {
  if (list.length < MAX_PROBLEMS) list.push(message);
}
