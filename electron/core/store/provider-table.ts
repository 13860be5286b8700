// Interned provider ids for the event store: each distinct RawEvent.providerId string gets a small
// index, which descriptors (descriptor-table.ts) refer to. The table only grows; a trace has tens to
// a few thousand providers (classic/kernel events count their event-class GUIDs here).

export class ProviderTable {
  private readonly ids: string[] = [];
  private readonly indexById = new Map<string, number>();
  private lastId: string | undefined;
  private lastIndex = 0;
  private rankCache: Uint32Array | undefined;

  get count(): number {
    return this.ids.length;
  }

  /** Index of `providerId`, added if new. Consecutive events often share a provider: one-entry cache. */
  intern(providerId: string): number {
    if (providerId === this.lastId) return this.lastIndex;
    let index = this.indexById.get(providerId);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(providerId);
      this.indexById.set(providerId, index);
      this.rankCache = undefined;
    }
    this.lastId = providerId;
    this.lastIndex = index;
    return index;
  }

  id(index: number): string {
    return this.ids[index] ?? '';
  }

  indexOf(providerId: string): number | undefined {
    return this.indexById.get(providerId);
  }

  /** rank[index] = position of the provider id in lexicographic order (for sorting by provider). */
  ranks(): Uint32Array {
    if (this.rankCache && this.rankCache.length === this.ids.length) return this.rankCache;
    const order = this.ids
      .map((_, i) => i)
      .sort((a, b) => {
        const x = this.ids[a] as string;
        const y = this.ids[b] as string;
        return x < y ? -1 : x > y ? 1 : 0;
      });
    const ranks = new Uint32Array(order.length);
    order.forEach((providerIndex, rank) => {
      ranks[providerIndex] = rank;
    });
    this.rankCache = ranks;
    return ranks;
  }

  /** Approximate heap bytes: strings (2 bytes/char + header) and map entries. */
  get byteSize(): number {
    return this.ids.length * (36 * 2 + 32 + 40);
  }
}
