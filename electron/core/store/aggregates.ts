// Cheap aggregates over the whole store or one view: counts by descriptor/provider/event (for filter
// autocomplete and the "spam filter" that shows the noisiest providers/events) and the event-rate
// histogram the timeline draws. Store-wide descriptor counts are kept up to date by the store itself,
// so provider/event counts over the store cost O(descriptors); over a view they cost one pass.

import type { Chunk } from './chunk';
import { EventStore } from './event-store';
import type { EventView } from './event-view';

export type RowSource = EventStore | EventView;

export interface ProviderCount {
  providerId: string;
  count: number;
}

export interface EventCount {
  providerId: string;
  id: number;
  version: number;
  task: number;
  opcode: number;
  count: number;
}

/** Largest histogram the helpers build (a timeline is a few thousand pixels wide). */
export const MAX_HISTOGRAM_BUCKETS = 1 << 20;

function storeOf(source: RowSource): EventStore {
  return source instanceof EventStore ? source : source.store;
}

/** Events per descriptor index (see StoredEventView.descriptorIndex). */
export function countByDescriptor(source: RowSource): Uint32Array {
  if (source instanceof EventStore) return source.descriptorCounts().slice();
  const counts = new Uint32Array(source.store.descriptors.count);
  source.forEachRow((chunk, row) => {
    const d = chunk.desc[row] as number;
    counts[d] = (counts[d] as number) + 1;
  });
  return counts;
}

/** Events per provider, most frequent first (ties by provider id). */
export function countByProvider(source: RowSource): ProviderCount[] {
  const store = storeOf(source);
  const perDescriptor = countByDescriptor(source);
  const perProvider = new Float64Array(store.providers.count);
  perDescriptor.forEach((count, d) => {
    const p = store.descriptors.providerIndex(d);
    perProvider[p] = (perProvider[p] as number) + count;
  });
  const out: ProviderCount[] = [];
  perProvider.forEach((count, p) => {
    if (count > 0) out.push({ providerId: store.providers.id(p), count });
  });
  return out.sort((a, b) => b.count - a.count || (a.providerId < b.providerId ? -1 : 1));
}

/** Events per (provider, id, version, task, opcode), most frequent first. */
export function countByEvent(source: RowSource): EventCount[] {
  const store = storeOf(source);
  const perDescriptor = countByDescriptor(source);
  const t = store.descriptors;
  const groups = new Map<string, EventCount>();
  perDescriptor.forEach((count, d) => {
    if (count === 0) return;
    const providerId = store.providers.id(t.providerIndex(d));
    const [id, version, task, opcode] = [t.id(d), t.version(d), t.task(d), t.opcode(d)];
    const key = `${providerId}/${id}/${version}/${task}/${opcode}`;
    const group = groups.get(key);
    if (group) group.count += count;
    else groups.set(key, { providerId, id, version, task, opcode, count });
  });
  return [...groups.values()].sort(
    (a, b) =>
      b.count - a.count ||
      (a.providerId < b.providerId ? -1 : a.providerId > b.providerId ? 1 : 0) ||
      a.id - b.id ||
      a.task - b.task ||
      a.opcode - b.opcode ||
      a.version - b.version,
  );
}

/**
 * Events per time bucket: bucket b counts events with ticks in
 * [from + b·(to−from)/buckets, from + (b+1)·(to−from)/buckets), i.e. floor((t−from)·(buckets/(to−from))).
 * Events outside [fromTicks, toTicks) are not counted. An empty or inverted range counts nothing.
 */
export function histogram(
  source: RowSource,
  buckets: number,
  fromTicks: number,
  toTicks: number,
): Uint32Array {
  const n = Math.min(MAX_HISTOGRAM_BUCKETS, Math.max(0, Math.floor(buckets) || 0));
  const out = new Uint32Array(n);
  const span = toTicks - fromTicks;
  if (n === 0 || !(span > 0)) return out;
  const scale = n / span;
  const add = (t: number) => {
    if (t >= fromTicks && t < toTicks) {
      const b = Math.min(n - 1, Math.floor((t - fromTicks) * scale));
      out[b] = (out[b] as number) + 1;
    }
  };
  if (source instanceof EventStore) {
    for (const chunk of source.chunkList) {
      if (chunk.maxTicks < fromTicks || chunk.minTicks >= toTicks) continue;
      const ticks = chunk.ticks;
      for (let row = 0; row < chunk.count; row++) add(ticks[row] as number);
    }
  } else {
    source.forEachRow((chunk: Chunk, row: number) => add(chunk.ticks[row] as number));
  }
  return out;
}
