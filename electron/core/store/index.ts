// The event store's public surface: EventStore (chunked typed-array columns + payload arena, memory
// budget), EventView (filter + sort windows with live-tail refresh), the StoredEventView cursor that
// predicates/keys/comparators receive, and aggregate helpers (counts, timeline histogram).

export { EventStore, MAX_EVENT_DATA_BYTES, type EventStoreOptions, type StoreStats } from './event-store';
export {
  EventView,
  type RowBatch,
  type RowBatchKey,
  type RowCompare,
  type RowKey,
  type RowPredicate,
  type RowSnapshot,
  type ViewOptions,
} from './event-view';
export { StoredEventView } from './stored-event-view';
export { SORT_KEYS, type SortKey } from './sort-keys';
export {
  countByDescriptor,
  countByEvent,
  countByProvider,
  histogram,
  MAX_HISTOGRAM_BUCKETS,
  type EventCount,
  type ProviderCount,
  type RowSource,
} from './aggregates';
