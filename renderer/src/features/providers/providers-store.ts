// State of the Providers view, kept while other views show: the catalog listing (fetched whole and
// filtered here, so typing is instant), the sidebar's mode (provider filter or search across every
// provider), the selected provider (schemas cached), its tab and selected event, what a search hit
// asked to highlight, and a keyword picker per provider. Every fetch goes through `etw`; answers
// that arrive after a newer request are dropped.
import { create } from 'zustand';
import type { CatalogHit, CatalogListing, CatalogSearchResult, ManifestOpened } from '@common/ipc/messages';
import type { ProviderSchema } from '@common/model/schema';
import type { AppError } from '@common/result';
import { etw } from '../../api/etw';

export type ProviderTab = 'events' | 'keywords' | 'levels' | 'tasks' | 'channels' | 'maps' | 'xml';
export type SidebarMode = 'providers' | 'search';

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading'; value?: T }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: AppError; value?: T };

export interface EventRef {
  id: number;
  version: number;
}

/** What a followed search hit points at inside the provider page. */
export interface Highlight {
  where: CatalogHit['where'];
  text: string;
}

export interface PickerState {
  /** Masks of the ticked keywords (hex strings as the schema writes them). */
  ticked: string[];
  /** Also require every ticked bit (MatchAllKeyword = MatchAnyKeyword). */
  requireAll: boolean;
  level: number;
}

const EMPTY_PICKER: PickerState = { ticked: [], requireAll: false, level: 5 };
const SEARCH_LIMIT = 500;
const SEARCH_DELAY_MS = 120;
const CACHED_PROVIDERS = 24;

interface ProvidersState {
  listing: Loadable<CatalogListing>;
  filter: string;
  mode: SidebarMode;
  searchText: string;
  search: Loadable<CatalogSearchResult>;
  selectedGuid?: string;
  provider: Loadable<ProviderSchema>;
  tab: ProviderTab;
  selectedEvent?: EventRef;
  highlight?: Highlight;
  /** The search hit followed last (catalogHitKey), marked in the results. */
  followedHit?: string;
  /** Keyword pickers by provider GUID (each provider keeps its ticks). */
  pickers: Record<string, PickerState>;
  /** The manifest or folder opened last (its diagnostics show above the page). */
  lastOpened?: ManifestOpened;
  /** How many of the app store's opened manifests this view has taken in. */
  manifestsSeen: number;

  loadListing(): Promise<void>;
  setFilter(filter: string): void;
  setMode(mode: SidebarMode): void;
  setSearchText(text: string): void;
  selectProvider(
    guid: string,
    options?: { tab?: ProviderTab; event?: EventRef; highlight?: Highlight; refresh?: boolean },
  ): void;
  followHit(hit: CatalogHit): void;
  setTab(tab: ProviderTab): void;
  selectEvent(event: EventRef | undefined): void;
  /** The Maps tab, at the named map (a field's map link). */
  openMap(name: string): void;
  toggleKeyword(mask: string): void;
  setRequireAll(requireAll: boolean): void;
  setLevel(level: number): void;
  clearPicker(): void;
  takeOpened(opened: ManifestOpened[]): void;
  dismissOpened(): void;
}

/** The selected provider's picker, changed by `change`. */
function updatePicker(
  set: (f: (s: ProvidersState) => Partial<ProvidersState>) => void,
  change: (p: PickerState) => PickerState,
): void {
  set((s) => {
    if (!s.selectedGuid) return {};
    return { pickers: { ...s.pickers, [s.selectedGuid]: change(s.pickers[s.selectedGuid] ?? EMPTY_PICKER) } };
  });
}

/** The keyword picker of a provider (untouched pickers: nothing ticked, level Verbose). */
export const usePicker = (guid: string): PickerState =>
  useProvidersStore((s) => s.pickers[guid] ?? EMPTY_PICKER);

export const pickerOf = (guid: string): PickerState =>
  useProvidersStore.getState().pickers[guid] ?? EMPTY_PICKER;

const cache = new Map<string, ProviderSchema>();
function remember(p: ProviderSchema): void {
  cache.delete(p.guid);
  cache.set(p.guid, p);
  while (cache.size > CACHED_PROVIDERS) cache.delete(cache.keys().next().value as string);
}

let listingSerial = 0;
let providerSerial = 0;
let searchSerial = 0;
let searchTimer: ReturnType<typeof setTimeout> | undefined;

const previous = <T>(l: Loadable<T>): T | undefined => ('value' in l ? l.value : undefined);

export const catalogHitKey = (h: CatalogHit): string =>
  `${h.guid}|${h.where}|${h.eventId ?? ''}|${h.eventVersion ?? ''}|${h.text}`;

/** The tab a hit of this kind is shown in. */
function tabFor(hit: CatalogHit): ProviderTab {
  if (hit.eventId !== undefined) return 'events';
  switch (hit.where) {
    case 'keyword':
      return 'keywords';
    case 'task':
    case 'opcode':
      return 'tasks';
    case 'channel':
      return 'channels';
    case 'map':
      return 'maps';
    default:
      return 'events';
  }
}

export const useProvidersStore = create<ProvidersState>()((set, get) => ({
  listing: { status: 'idle' },
  filter: '',
  mode: 'providers',
  searchText: '',
  search: { status: 'idle' },
  provider: { status: 'idle' },
  tab: 'events',
  pickers: {},
  manifestsSeen: 0,

  async loadListing() {
    const serial = ++listingSerial;
    set((s) => ({ listing: { status: 'loading', value: previous(s.listing) } }));
    const r = await etw.invoke('catalog.list');
    if (serial !== listingSerial) return;
    set((s) => ({
      listing: r.ok
        ? { status: 'ready', value: r.value }
        : { status: 'error', error: r.error, value: previous(s.listing) },
    }));
  },

  setFilter: (filter) => set({ filter }),
  setMode: (mode) => set({ mode }),

  setSearchText(text) {
    set({ searchText: text });
    if (searchTimer) clearTimeout(searchTimer);
    const query = text.trim();
    const serial = ++searchSerial;
    if (!query) {
      set({ search: { status: 'idle' } });
      return;
    }
    set((s) => ({ search: { status: 'loading', value: previous(s.search) } }));
    searchTimer = setTimeout(() => {
      void etw.invoke('catalog.search', { text: query, limit: SEARCH_LIMIT }).then((r) => {
        if (serial !== searchSerial) return;
        set({ search: r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error } });
      });
    }, SEARCH_DELAY_MS);
  },

  selectProvider(guid, options = {}) {
    const same = get().selectedGuid === guid;
    set((s) => ({
      selectedGuid: guid,
      tab: options.tab ?? s.tab,
      selectedEvent: options.event ?? (same ? s.selectedEvent : undefined),
      highlight: options.highlight,
    }));
    if (same && !options.refresh && get().provider.status === 'ready') return;
    const cached = options.refresh ? undefined : cache.get(guid);
    if (cached) {
      remember(cached);
      set({ provider: { status: 'ready', value: cached } });
      return;
    }
    const serial = ++providerSerial;
    set({ provider: { status: 'loading' } });
    void etw.invoke('catalog.provider', { guid }).then((r) => {
      if (serial !== providerSerial) return;
      if (r.ok) remember(r.value);
      set({ provider: r.ok ? { status: 'ready', value: r.value } : { status: 'error', error: r.error } });
    });
  },

  followHit(hit) {
    set({ followedHit: catalogHitKey(hit) });
    const event = hit.eventId !== undefined ? { id: hit.eventId, version: hit.eventVersion ?? 0 } : undefined;
    get().selectProvider(hit.guid, {
      tab: tabFor(hit),
      event,
      highlight: { where: hit.where, text: hit.text },
    });
  },

  setTab: (tab) => set({ tab }),
  selectEvent: (selectedEvent) => set({ selectedEvent }),
  openMap: (name) => set({ tab: 'maps', highlight: { where: 'map', text: name } }),

  toggleKeyword: (mask) =>
    updatePicker(set, (p) => ({
      ...p,
      ticked: p.ticked.includes(mask) ? p.ticked.filter((m) => m !== mask) : [...p.ticked, mask],
    })),
  setRequireAll: (requireAll) => updatePicker(set, (p) => ({ ...p, requireAll })),
  setLevel: (level) => updatePicker(set, (p) => ({ ...p, level })),
  clearPicker: () => updatePicker(set, () => EMPTY_PICKER),

  takeOpened(opened) {
    const { manifestsSeen } = get();
    if (opened.length <= manifestsSeen) return;
    const latest = opened[opened.length - 1] as ManifestOpened;
    set({ manifestsSeen: opened.length, lastOpened: latest, mode: 'providers', filter: '' });
    void get().loadListing();
    // A provider read again may have gained events from the new source.
    for (const p of latest.providers) cache.delete(p.guid);
    const first = latest.providers[0];
    if (first) get().selectProvider(first.guid, { tab: 'events', refresh: true });
  },

  dismissOpened: () => set({ lastOpened: undefined }),
}));
