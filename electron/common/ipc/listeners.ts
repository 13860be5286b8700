// Client-side listener bookkeeping shared by the preload and the WebSocket client: many local
// listeners per event, one subscription on the wire. `first`/`last` fire when an event gains its first
// listener or loses its last, so the transport subscribes and unsubscribes exactly once.
export interface ListenerRegistry {
  add(event: string, listener: (payload: unknown) => void): () => void;
  emit(event: string, payload: unknown): void;
  count(event?: string): number;
  events(): string[];
}

export function createListenerRegistry(hooks: {
  first(event: string): void;
  last(event: string): void;
  onListenerError?(event: string, error: unknown): void;
}): ListenerRegistry {
  const byEvent = new Map<string, Set<(payload: unknown) => void>>();
  return {
    add(event, listener) {
      // The same function added twice must be removable twice: wrap it so each add is distinct.
      const entry = (payload: unknown) => listener(payload);
      let set = byEvent.get(event);
      if (!set) {
        byEvent.set(event, (set = new Set()));
        hooks.first(event);
      }
      set.add(entry);
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        set.delete(entry);
        if (set.size === 0 && byEvent.get(event) === set) {
          byEvent.delete(event);
          hooks.last(event);
        }
      };
    },
    emit(event, payload) {
      const set = byEvent.get(event);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener(payload);
        } catch (e) {
          hooks.onListenerError?.(event, e);
        }
      }
    },
    count(event) {
      if (event !== undefined) return byEvent.get(event)?.size ?? 0;
      let n = 0;
      for (const set of byEvent.values()) n += set.size;
      return n;
    },
    events: () => [...byEvent.keys()],
  };
}
