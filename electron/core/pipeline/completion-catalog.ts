// What the filter bar's autocomplete offers from a capture: the provider names, event names and
// property names (top-level and dotted struct members) of the event types stored. Built from the
// store's descriptor table (one schema lookup per distinct event type, not per event) and cached
// until a new event type arrives or the decoder learns a schema.
import type { FieldSchema } from '../../common/model/schema';
import type { CompletionCatalog } from '../filter/index';
import type { EventStore } from '../store/index';
import type { RowContext } from './row-filter';
import { descriptorRaw } from './view-sorts';

/** Most names of each kind offered (the completion list shows far fewer). */
const MAX_NAMES = 5000;

interface Cached {
  descriptors: number;
  generation: number;
  catalog: CompletionCatalog;
}

const cache = new WeakMap<EventStore, Cached>();

export function completionCatalog(store: EventStore, ctx: RowContext): CompletionCatalog {
  const hit = cache.get(store);
  if (hit && hit.descriptors === store.descriptors.count && hit.generation === ctx.names.generation)
    return hit.catalog;
  const providers = new Set<string>();
  const events = new Set<string>();
  const props = new Set<string>();
  for (let d = 0; d < store.descriptors.count; d++) {
    const raw = descriptorRaw(store, d);
    const names = ctx.names.forRaw(raw);
    if (names.providerName !== '' && providers.size < MAX_NAMES) providers.add(names.providerName);
    if (events.size < MAX_NAMES) events.add(names.eventName);
    const fields = ctx.decoder.schemaFor(raw)?.schema.fields ?? [];
    addFields(fields, '', props);
  }
  const catalog: CompletionCatalog = {
    providers: [...providers].sort(),
    eventNames: [...events].sort(),
    propNames: [...props].sort(),
  };
  cache.set(store, { descriptors: store.descriptors.count, generation: ctx.names.generation, catalog });
  return catalog;
}

function addFields(fields: readonly FieldSchema[], prefix: string, out: Set<string>): void {
  for (const f of fields) {
    if (out.size >= MAX_NAMES) return;
    const name = prefix + f.name;
    out.add(name);
    if (f.fields && f.count === undefined) addFields(f.fields, `${name}.`, out);
  }
}
