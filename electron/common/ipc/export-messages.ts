// The values of the export channels (export-contract.ts): what an export asks for, what starting one
// answers and the progress it pushes until it is done. An export writes the events of a capture —
// those of a view (its filter and time range), all of them, or the selected rows — in the view's
// sort order or in time order, to JSON Lines, CSV, Parquet or a self-describing .etl, off the thread
// that serves the UI. Plain JSON only.
import type { AppError } from '../result';
import type { ViewSort } from './messages';

/** Output formats (the same names as core/export's EXPORT_FORMATS and `etwx export --format`). */
export const EXPORT_FORMAT_NAMES = ['jsonl', 'csv', 'parquet', 'etl'] as const;
export type ExportFormatName = (typeof EXPORT_FORMAT_NAMES)[number];

/** `view`: the rows of a view (its filter, time range included); `all`: every event; `selection`: given events. */
export const EXPORT_SCOPES = ['view', 'all', 'selection'] as const;
export type ExportScope = (typeof EXPORT_SCOPES)[number];

/**
 * Order of the events in the file: `view` follows the view's sort (what the user sees; time order
 * when the view is not sorted), `time` is time order. .etl files are always in time order.
 */
export const EXPORT_ORDERS = ['view', 'time'] as const;
export type ExportOrder = (typeof EXPORT_ORDERS)[number];

/** File extension of each format, for suggested file names and save dialogs. */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormatName, string>> = {
  jsonl: 'jsonl',
  csv: 'csv',
  parquet: 'parquet',
  etl: 'etl',
};

/** Header columns every CSV and Parquet row has, in order (core/export/event-row.ts writes them). */
export const EXPORT_HEADER_COLUMNS = [
  'ts',
  'provider',
  'providerGuid',
  'event',
  'id',
  'version',
  'opcode',
  'task',
  'level',
  'keywords',
  'channel',
  'pid',
  'tid',
  'cpu',
  'classic',
] as const;

export interface ExportRequest {
  captureId: string;
  /** The view whose rows `scope: 'view'` exports, and whose sort `order: 'view'` follows (any scope). */
  viewId?: string;
  scope: ExportScope;
  /** Default 'view' (the view's sort order; time order without a viewId). */
  order?: ExportOrder;
  /** Event numbers (EventRow.seq) that `scope: 'selection'` exports. */
  seqs?: number[];
  format: ExportFormatName;
  /** CSV and Parquet: property columns (`Size`, `Header.Size`, `props.X`) after the header columns. */
  columns?: string[];
  /** CSV and Parquet: keep the `props` column with every property as JSON (default true). */
  propsJson?: boolean;
  /** Where to write, on the machine that runs the services. Absent (web mode only): a download. */
  path?: string;
}

export interface ExportStarted {
  exportId: string;
  /** The file being written ('' for a download: the file name is in `fileName`). */
  path: string;
  fileName: string;
  /** The filter the export applies ('' = every event of the scope). */
  filter: string;
  /** Events expected, when known (the view's rows, the selection's size, the capture's events). */
  total?: number;
  /** The order the file is written in (`time` ascending: time order). */
  sort: ViewSort;
  /**
   * Where the events come from: the capture file read again (`file`), or the capture's event store
   * (`store`: live sessions, replays, sorted orders; what the store no longer holds is counted).
   */
  source: 'file' | 'store';
}

/** Pushed while an export runs (a few times a second) and once when it ends (`done`). */
export interface ExportProgressEvent {
  exportId: string;
  /** Events written so far. */
  events: number;
  /** Events read from the capture so far (an export with a filter reads more than it writes). */
  read: number;
  /** Bytes written so far. */
  bytes: number;
  /** Events expected, when known. */
  total?: number;
  /** Share of the work done, 0..1. */
  fraction: number;
  /** Events written per second, averaged since the start. */
  eventsPerSecond: number;
  done: boolean;
  /** Done because the user cancelled (nothing is left on disk). */
  cancelled?: boolean;
  /** Done because it failed (nothing is left on disk). */
  error?: AppError;
  /** The file written ('' for a download). */
  path: string;
  fileName: string;
  /** Web mode, once done: where the browser can fetch the file, once (needs the page's token). */
  downloadUrl?: string;
  /** Once done: what the export noticed. */
  summary?: ExportSummaryInfo;
}

export interface ExportSummaryInfo {
  seconds: number;
  /** Written events without a schema (written undecoded). */
  undecoded: number;
  /** Written events whose decoding stopped early. */
  decodeErrors: number;
  /** Events the writer could not write as asked (capped). */
  problems: string[];
  /** Events of the export that the capture dropped under its memory budget before they were written. */
  notAvailable: number;
  /**
   * Events the capture had dropped (memory budget) before the export began: gone from every view,
   * so not in the file either (whether the view's filter would have kept them is unknown).
   */
  droppedEarlier: number;
}

/** dialog.saveFile: a native save dialog (desktop app only). */
export interface SaveFileRequest {
  /** Suggested file name, e.g. `KernelNetwork.jsonl`. */
  defaultName: string;
  format: ExportFormatName;
}
