// Messages between the catalog service's manifest parser (catalog-parser.ts, the service thread) and
// its worker threads (catalog.worker.ts). The host sends a batch of file paths with their positions;
// the worker answers `ready` once when it starts, then one `file` message per file as soon as it is
// parsed (so the service thread takes the results in small pieces between its other requests), and
// `done` at the end of the batch.
import type { FileReadResult } from '../../core/manifest/load.node.js';

export interface CatalogBatch {
  type: 'batch';
  /** Paths to parse, in order, and each one's position in the caller's list. */
  files: ReadonlyArray<{ index: number; path: string }>;
}

export type CatalogWorkerMessage =
  { type: 'ready' } | { type: 'file'; index: number; result: FileReadResult } | { type: 'done' };
