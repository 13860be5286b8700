// The provider catalog: every provider from every schema source the user pointed at (folders of
// manifests, PE files, TDH blobs), merged by GUID with every source kept, plus a search index.
// - list/search providers by name or GUID substring (a filter over a few thousand summaries)
// - cross-provider search over event names and symbols, field names, keyword/task/opcode names and
//   messages: all searchable text is lower-cased once into one string, NUL-separated, with a table of
//   where each entry starts; a query is repeated indexOf over that string and a binary search per hit.
// Portable: the node loader (load.node.ts) fills it from disk.
import {
  normalizeGuid,
  type EventSchema,
  type ProviderSchema,
  type SchemaDiagnostic,
  type SchemaSource,
} from '../../common/model/schema';

export interface ProviderSummary {
  guid: string;
  name: string;
  eventCount: number;
  sources: SchemaSource[];
}

export type SearchHitKind =
  'provider' | 'event' | 'symbol' | 'field' | 'keyword' | 'task' | 'opcode' | 'message';

export interface SearchHit {
  providerGuid: string;
  providerName: string;
  /** Present for hits inside an event (its name, symbol, fields, message). */
  eventId?: number;
  eventVersion?: number;
  kind: SearchHitKind;
  /** The text that matched (a name, or a message). */
  text: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Every match, including those past the limit. */
  total: number;
}

const KIND_RANK: Record<SearchHitKind, number> = {
  provider: 0,
  event: 1,
  symbol: 1,
  keyword: 2,
  task: 2,
  opcode: 3,
  field: 4,
  message: 5,
};

/** One searchable string and where it belongs. */
interface IndexEntry {
  provider: number;
  /** Events the text belongs to (indexes in the provider; a template's field names belong to every event using it). */
  events: readonly number[];
  kind: SearchHitKind;
  text: string;
}

const NO_EVENTS: readonly number[] = [];

const hasGuidPlaceholderName = (p: ProviderSchema) => p.name === `{${p.guid}}`;

/** Adds what `extra` knows and `into` does not (events by id+version, names by name); keeps both sources. */
export function mergeProviders(into: ProviderSchema, extra: ProviderSchema): ProviderSchema {
  const merged: ProviderSchema = {
    ...into,
    sources: [...(into.sources ?? [into.source]), ...(extra.sources ?? [extra.source])],
  };
  if (hasGuidPlaceholderName(merged) && !hasGuidPlaceholderName(extra)) merged.name = extra.name;
  for (const k of ['symbol', 'resourceFileName', 'messageFileName', 'message'] as const) {
    if (merged[k] === undefined && extra[k] !== undefined) merged[k] = extra[k];
  }
  const events = into.events.slice();
  const byKey = new Map<string, number>();
  events.forEach((e, i) => byKey.set(`${e.id}/${e.version}`, i));
  for (const e of extra.events) {
    const key = `${e.id}/${e.version}`;
    const at = byKey.get(key);
    const mine = at === undefined ? undefined : events[at];
    if (at === undefined || !mine) {
      byKey.set(key, events.length);
      events.push(e);
      continue;
    }
    const filled = { ...mine };
    if (mine.fields.length === 0 && e.fields.length > 0) {
      filled.fields = e.fields;
      if (e.template !== undefined) filled.template = e.template;
    }
    if (mine.message === undefined && e.message !== undefined) filled.message = e.message;
    events[at] = filled;
  }
  merged.events = events;
  const union = <T extends { name: string }>(a: T[], b: T[]): T[] => {
    const names = new Set(a.map((x) => x.name));
    return [...a, ...b.filter((x) => !names.has(x.name))];
  };
  merged.keywords = union(into.keywords, extra.keywords);
  merged.levels = union(into.levels, extra.levels);
  merged.opcodes = union(into.opcodes, extra.opcodes);
  merged.tasks = union(into.tasks, extra.tasks);
  merged.channels = union(into.channels, extra.channels);
  merged.maps = union(into.maps, extra.maps);
  return merged;
}

export class ManifestCatalog {
  private readonly byGuid = new Map<string, ProviderSchema>();
  private list: ProviderSchema[] = [];
  readonly diagnostics: SchemaDiagnostic[] = [];
  private index: { text: string; starts: Int32Array; entries: IndexEntry[] } | undefined;

  constructor(providers: readonly ProviderSchema[] = [], diagnostics: readonly SchemaDiagnostic[] = []) {
    this.add(providers, diagnostics);
  }

  /** Adds providers (merging by GUID) and diagnostics; the search index is rebuilt on next search. */
  add(providers: readonly ProviderSchema[], diagnostics: readonly SchemaDiagnostic[] = []): void {
    for (const p of providers) {
      const have = this.byGuid.get(p.guid);
      if (have) {
        const merged = mergeProviders(have, p);
        this.byGuid.set(p.guid, merged);
        this.list[this.list.indexOf(have)] = merged;
      } else {
        const first = { ...p, sources: p.sources ?? [p.source] };
        this.byGuid.set(p.guid, first);
        this.list.push(first);
      }
    }
    this.diagnostics.push(...diagnostics);
    this.index = undefined;
  }

  get providers(): readonly ProviderSchema[] {
    return this.list;
  }

  get(guid: string): ProviderSchema | undefined {
    return this.byGuid.get(normalizeGuid(guid));
  }

  /** By GUID, else exact name (case-insensitive), else the only provider whose name contains it. */
  find(nameOrGuid: string): ProviderSchema | undefined {
    const byGuid = this.get(nameOrGuid);
    if (byGuid) return byGuid;
    const q = nameOrGuid.trim().toLowerCase();
    const exact = this.list.find((p) => p.name.toLowerCase() === q);
    if (exact) return exact;
    const partial = this.list.filter((p) => p.name.toLowerCase().includes(q));
    return partial.length === 1 ? partial[0] : undefined;
  }

  /** Providers whose name or GUID contains `query` (all when empty), sorted by name. */
  listProviders(query = ''): ProviderSummary[] {
    const q = query
      .trim()
      .toLowerCase()
      .replace(/^\{|\}$/g, '');
    const out: ProviderSummary[] = [];
    for (const p of this.list) {
      if (q && !p.name.toLowerCase().includes(q) && !p.guid.includes(q)) continue;
      out.push({ guid: p.guid, name: p.name, eventCount: p.events.length, sources: p.sources ?? [p.source] });
    }
    return out.sort((a, b) =>
      a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0,
    );
  }

  /** Builds the cross-provider search index now (otherwise the first search does). */
  buildIndex(): void {
    const entries: IndexEntry[] = [];
    const push = (
      provider: number,
      events: readonly number[],
      kind: SearchHitKind,
      text: string | undefined,
    ) => {
      if (text) entries.push({ provider, events, kind, text });
    };
    this.list.forEach((p, pi) => {
      push(pi, NO_EVENTS, 'provider', p.name);
      for (const k of p.keywords) push(pi, NO_EVENTS, 'keyword', k.name);
      for (const t of p.tasks) push(pi, NO_EVENTS, 'task', t.name);
      for (const o of p.opcodes) push(pi, NO_EVENTS, 'opcode', o.name);
      // Events sharing a template share its field list: index those names once.
      const users = new Map<EventSchema['fields'], number[]>();
      p.events.forEach((e, ei) => {
        const one = [ei];
        push(pi, one, 'event', e.name);
        if (e.symbol !== e.name) push(pi, one, 'symbol', e.symbol);
        push(pi, one, 'message', e.message);
        if (e.fields.length === 0) return;
        const list = users.get(e.fields);
        if (list) list.push(ei);
        else users.set(e.fields, one.slice());
      });
      for (const [fields, events] of users) {
        const walk = (list: EventSchema['fields']) => {
          for (const f of list) {
            push(pi, events, 'field', f.name);
            if (f.fields) walk(f.fields);
          }
        };
        walk(fields);
      }
    });
    // NUL separates entries (queries never contain it); lower-casing the joined text is one pass unless
    // some character changes length when lower-cased (then each entry is lower-cased on its own).
    const joined = entries.map((e) => e.text).join('\0');
    let text = joined.toLowerCase();
    const parts = text.length === joined.length ? undefined : entries.map((e) => e.text.toLowerCase());
    if (parts) text = parts.join('\0');
    const starts = new Int32Array(entries.length);
    let at = 0;
    for (let i = 0; i < entries.length; i++) {
      starts[i] = at;
      at += (parts ? (parts[i] as string) : (entries[i] as IndexEntry).text).length + 1;
    }
    this.index = { text, starts, entries };
  }

  /** Cross-provider search: case-insensitive substring; exact and prefix matches and names rank first. */
  search(query: string, limit = 200): SearchResult {
    const q = query.trim().toLowerCase();
    if (!q || q.includes('\0')) return { hits: [], total: 0 };
    if (!this.index) this.buildIndex();
    const { text, starts, entries } = this.index as NonNullable<typeof this.index>;
    const matched: number[] = [];
    let from = 0;
    while (true) {
      const pos = text.indexOf(q, from);
      if (pos < 0) break;
      const entry = entryAt(starts, pos);
      matched.push(entry);
      // continue after this entry: one hit per entry
      from = entry + 1 < starts.length ? (starts[entry + 1] as number) : text.length;
    }
    const score = (i: number): number => {
      const e = entries[i] as IndexEntry;
      const len = e.text.length;
      const start = starts[i] as number;
      const exact = len === q.length ? 0 : text.startsWith(q, start) ? 1 : 2;
      return exact * 16 + KIND_RANK[e.kind];
    };
    const ranked =
      matched.length > limit
        ? topByScore(matched, score, limit)
        : matched.sort((a, b) => score(a) - score(b) || a - b);
    const hits: SearchHit[] = [];
    let total = 0;
    for (const i of matched) total += Math.max(1, (entries[i] as IndexEntry).events.length);
    for (const i of ranked) {
      if (hits.length >= limit) break;
      this.pushHits(entries[i] as IndexEntry, hits, limit);
    }
    return { hits, total };
  }

  private pushHits(e: IndexEntry, hits: SearchHit[], limit: number): void {
    const p = this.list[e.provider] as ProviderSchema;
    if (e.events.length === 0) {
      hits.push({ providerGuid: p.guid, providerName: p.name, kind: e.kind, text: e.text });
      return;
    }
    for (const ei of e.events) {
      if (hits.length >= limit) return;
      const event = p.events[ei] as EventSchema;
      hits.push({
        providerGuid: p.guid,
        providerName: p.name,
        eventId: event.id,
        eventVersion: event.version,
        kind: e.kind,
        text: e.text,
      });
    }
  }
}

/** Index of the entry whose text contains position `pos` (starts is ascending). */
function entryAt(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The `limit` best (lowest score, then earliest) without sorting every match. */
function topByScore(items: number[], score: (i: number) => number, limit: number): number[] {
  const buckets = new Map<number, number[]>();
  for (const i of items) {
    const s = score(i);
    let b = buckets.get(s);
    if (!b) buckets.set(s, (b = []));
    if (b.length < limit) b.push(i);
  }
  const out: number[] = [];
  for (const s of [...buckets.keys()].sort((a, b) => a - b)) {
    for (const i of buckets.get(s) as number[]) {
      if (out.length >= limit) return out;
      out.push(i);
    }
  }
  return out;
}
