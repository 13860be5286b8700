// The session being prepared: providers with the keywords and level to enable them with. The Providers
// view adds a provider here ("Start session with this selection": its keyword picker's masks and level);
// the Sessions view reads it to start a live session (live ETW needs Windows). One entry per provider GUID.
import { create } from 'zustand';

export interface SessionDraftProvider {
  guid: string;
  name: string;
  /** Hex strings ("0x50"); 0x0 = every keyword. */
  matchAnyKeyword: string;
  matchAllKeyword: string;
  /** Maximum level (1 Critical … 5 Verbose; 255 every level). */
  level: number;
}

interface SessionDraftState {
  providers: SessionDraftProvider[];
  /** Adds the provider, or replaces its settings if it is already in the draft. */
  put(provider: SessionDraftProvider): void;
  remove(guid: string): void;
  clear(): void;
}

export const useSessionDraftStore = create<SessionDraftState>()((set) => ({
  providers: [],
  put: (provider) =>
    set((s) => {
      const at = s.providers.findIndex((p) => p.guid === provider.guid);
      if (at < 0) return { providers: [...s.providers, provider] };
      const providers = s.providers.slice();
      providers[at] = provider;
      return { providers };
    }),
  remove: (guid) => set((s) => ({ providers: s.providers.filter((p) => p.guid !== guid) })),
  clear: () => set({ providers: [] }),
}));
