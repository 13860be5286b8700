// The left pane of the Providers view: a search box with two modes. "Providers" filters the catalog by
// name or GUID as you type (the list is virtualized: thousands of providers scroll smoothly); "Search
// all" looks inside every provider (event names, fields, keywords, tasks, messages) and lists hits that
// open the provider at the matching event. ↑/↓ move through either list; Ctrl+F puts the cursor in the box.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import type { CatalogHit, ProviderListItem } from '@common/ipc/messages';
import { navigationTarget } from '../../components/data-grid-model';
import { SearchBox } from '../../components/SearchBox';
import { formatCount } from '../../lib/format';
import { matchShortcut } from '../../lib/shortcuts';
import { useUiStore } from '../../stores/ui-store';
import { catalogHitKey, useProvidersStore, type SidebarMode } from './providers-store';
import { SourceBadges } from './SourceBadges';

/** Same rule as the service: name or GUID contains the text (case-insensitive, braces ignored). */
export function filterProviders(
  list: readonly ProviderListItem[],
  text: string,
): readonly ProviderListItem[] {
  const q = text
    .trim()
    .toLowerCase()
    .replace(/^\{|\}$/g, '');
  if (!q) return list;
  return list.filter((p) => p.name.toLowerCase().includes(q) || p.guid.includes(q));
}

const PROVIDER_ROW = 42;
const NO_PROVIDERS: readonly ProviderListItem[] = [];
const HIT_ROW = 44;
const NO_HITS: readonly CatalogHit[] = [];

function ProviderList({ items }: { items: readonly ProviderListItem[] }) {
  const selectedGuid = useProvidersStore((s) => s.selectedGuid);
  const selectProvider = useProvidersStore((s) => s.selectProvider);
  const ref = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => ref.current,
    estimateSize: () => PROVIDER_ROW,
    overscan: 10,
  });
  const selectedIndex = useMemo(() => items.findIndex((p) => p.guid === selectedGuid), [items, selectedGuid]);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((ref.current?.clientHeight ?? 400) / PROVIDER_ROW) - 1);
    const next = navigationTarget(e.key, selectedIndex, items.length, page);
    if (next === undefined) return;
    e.preventDefault();
    const item = items[next];
    if (item) selectProvider(item.guid);
  };

  return (
    <div
      ref={ref}
      className="side-list"
      role="listbox"
      aria-label="Providers"
      tabIndex={0}
      data-testid="provider-list"
      onKeyDown={onKeyDown}
    >
      <div className="side-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const p = items[v.index] as ProviderListItem;
          const selected = p.guid === selectedGuid;
          return (
            <div
              key={p.guid}
              role="option"
              aria-selected={selected}
              className={`provider-item ${selected ? 'provider-item-selected' : ''}`}
              data-testid="provider-item"
              data-guid={p.guid}
              style={{ height: PROVIDER_ROW, transform: `translateY(${v.start}px)` }}
              onClick={() => selectProvider(p.guid)}
              title={`${p.name}\n{${p.guid}}\n${p.events} events, ${p.keywords} keywords`}
            >
              <div className="provider-item-line">
                <span className="provider-item-name">{p.name}</span>
                <SourceBadges kinds={p.sources} />
              </div>
              <div className="provider-item-line provider-item-sub">
                <span className="mono">{p.guid}</span>
                <span className="provider-item-count">{formatCount(p.events)} ev</span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

const WHERE_LABEL: Record<CatalogHit['where'], string> = {
  provider: 'provider',
  event: 'event',
  symbol: 'symbol',
  field: 'field',
  keyword: 'keyword',
  task: 'task',
  opcode: 'opcode',
  channel: 'channel',
  map: 'map',
  message: 'message',
};

/** The hit's text with the query marked (first occurrence, any case). */
function Marked({ text, query }: { text: string; query: string }) {
  const at = query ? text.toLowerCase().indexOf(query.toLowerCase()) : -1;
  if (at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + query.length)}</mark>
      {text.slice(at + query.length)}
    </>
  );
}

const hitKey = (h: CatalogHit, i: number) => `${catalogHitKey(h)}|${i}`;

function SearchHits() {
  const search = useProvidersStore((s) => s.search);
  const text = useProvidersStore((s) => s.searchText).trim();
  const followHit = useProvidersStore((s) => s.followHit);
  const followed = useProvidersStore((s) => s.followedHit);
  const ref = useRef<HTMLDivElement>(null);
  const hits = ('value' in search ? search.value?.hits : undefined) ?? NO_HITS;
  const virtualizer = useVirtualizer({
    count: hits.length,
    getScrollElement: () => ref.current,
    estimateSize: () => HIT_ROW,
    overscan: 8,
  });
  const followedIndex = useMemo(() => hits.findIndex((h) => catalogHitKey(h) === followed), [hits, followed]);
  useEffect(() => {
    if (followedIndex >= 0) virtualizer.scrollToIndex(followedIndex, { align: 'auto' });
  }, [followedIndex, virtualizer]);

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((ref.current?.clientHeight ?? 400) / HIT_ROW) - 1);
    const next = navigationTarget(e.key, followedIndex, hits.length, page);
    if (next === undefined) return;
    e.preventDefault();
    const hit = hits[next];
    if (hit) followHit(hit);
  };

  if (!text) {
    return (
      <div className="side-note">
        Search event names and symbols, field names, keywords, tasks, opcodes and messages in every provider.
      </div>
    );
  }
  if (search.status === 'error')
    return <div className="side-note side-note-error">{search.error.message}</div>;
  const result = 'value' in search ? search.value : undefined;
  return (
    <>
      <div className="side-summary" data-testid="search-summary">
        {search.status === 'loading' && !result
          ? 'Searching…'
          : result
            ? result.total === 0
              ? 'No matches'
              : `${formatCount(result.total)} matches${result.truncated ? `, best ${formatCount(result.hits.length)} shown` : ''}`
            : ''}
      </div>
      <div
        ref={ref}
        className="side-list"
        role="listbox"
        aria-label="Search results"
        tabIndex={0}
        data-testid="search-hits"
        onKeyDown={onKeyDown}
      >
        <div className="side-list-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const h = hits[v.index] as CatalogHit;
            const selected = catalogHitKey(h) === followed;
            return (
              <div
                key={hitKey(h, v.index)}
                role="option"
                aria-selected={selected}
                className={`hit-item ${selected ? 'provider-item-selected' : ''}`}
                data-testid="search-hit"
                style={{ height: HIT_ROW, transform: `translateY(${v.start}px)` }}
                onClick={() => followHit(h)}
                title={`${h.providerName}${h.eventId !== undefined ? ` › event ${h.eventId} v${h.eventVersion ?? 0}` : ''}\n${h.where}: ${h.text}`}
              >
                <div className="provider-item-line">
                  <span className={`hit-kind hit-kind-${h.where}`}>{WHERE_LABEL[h.where]}</span>
                  <span className="hit-text">
                    <Marked text={h.text} query={text} />
                  </span>
                </div>
                <div className="provider-item-line provider-item-sub">
                  <span className="hit-where">
                    {h.providerName}
                    {h.eventId !== undefined ? (
                      <>
                        {' › '}
                        {h.eventName ?? 'event'} <span className="mono">#{h.eventId}</span>
                        {h.eventVersion ? <span className="mono"> v{h.eventVersion}</span> : null}
                      </>
                    ) : null}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}

export function ProviderSidebar() {
  const mode = useProvidersStore((s) => s.mode);
  const setMode = useProvidersStore((s) => s.setMode);
  const filter = useProvidersStore((s) => s.filter);
  const setFilter = useProvidersStore((s) => s.setFilter);
  const searchText = useProvidersStore((s) => s.searchText);
  const setSearchText = useProvidersStore((s) => s.setSearchText);
  const listing = useProvidersStore((s) => s.listing);
  const all = ('value' in listing ? listing.value?.providers : undefined) ?? NO_PROVIDERS;
  const items = useMemo(() => filterProviders(all, filter), [all, filter]);
  const inputRef = useRef<HTMLInputElement>(null);

  // Ctrl+F (⌘F) here finds in the catalog: the cursor goes to this box, in its current mode, instead of
  // the Events view's find bar opening. Capture phase, so the shell's shortcut handler sees it handled.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || useUiStore.getState().dialog) return;
      if (matchShortcut(e, true) !== 'find') return;
      e.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
  // The desktop app's Edit › Find menu item asks for the same.
  const focusRequest = useUiStore((s) => s.focusRequest);
  useEffect(() => {
    if (focusRequest?.target !== 'providers') return;
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusRequest]);

  // Switching modes puts the cursor in the box; opening the view does not take the focus (shortcuts keep working).
  const switchMode = (next: SidebarMode) => {
    setMode(next);
    requestAnimationFrame(() => inputRef.current?.focus());
  };

  const providers = mode === 'providers';
  return (
    <aside className="providers-side" aria-label="Provider catalog">
      <div className="side-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={providers}
          className={`side-tab ${providers ? 'side-tab-active' : ''}`}
          data-testid="sidebar-mode-providers"
          onClick={() => switchMode('providers')}
        >
          Providers
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={!providers}
          className={`side-tab ${!providers ? 'side-tab-active' : ''}`}
          data-testid="sidebar-mode-search"
          onClick={() => switchMode('search')}
          title="Search events, fields, keywords and messages in every provider"
        >
          Search all
        </button>
      </div>
      <SearchBox
        className="side-search"
        icon={providers ? 'filter' : 'search'}
        inputRef={inputRef}
        testId={providers ? 'provider-filter' : 'catalog-search'}
        label={providers ? 'Filter providers by name or GUID' : 'Search every provider'}
        placeholder={providers ? 'Name or GUID' : 'Event, field, keyword, message…'}
        value={providers ? filter : searchText}
        onChange={providers ? setFilter : setSearchText}
      />
      {providers ? (
        <>
          <div className="side-summary" data-testid="provider-count">
            {listing.status === 'loading' && all.length === 0
              ? 'Loading providers…'
              : filter.trim()
                ? `${formatCount(items.length)} of ${formatCount(all.length)} providers`
                : `${formatCount(all.length)} providers`}
          </div>
          <ProviderList items={items} />
        </>
      ) : (
        <SearchHits />
      )}
    </aside>
  );
}
