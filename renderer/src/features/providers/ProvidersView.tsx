// Providers: the manifest explorer. Left, the catalog (every provider opened: manifests, binaries,
// folders of them; web mode's --manifests) with instant filtering and a search across all providers;
// right, the selected provider's page. Opening a manifest anywhere (welcome page, menu, Ctrl+Shift+O,
// drag and drop) lands here with its first provider shown and what the readers reported. With nothing
// open the view says what can be opened.
import { useEffect, useState } from 'react';
import type { ManifestOpened } from '@common/ipc/messages';
import { fileNameOf } from '@common/ipc/file-kinds';
import { EmptyState } from '../../components/EmptyState';
import { formatCount, sentence } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { chooseAndOpen } from '../open/open-actions';
import { ProviderPage } from './ProviderPage';
import { ProviderSidebar } from './ProviderSidebar';
import { useProvidersStore } from './providers-store';
import './providers.css';

function OpenedBanner({ opened }: { opened: ManifestOpened }) {
  const dismiss = useProvidersStore((s) => s.dismissOpened);
  const [open, setOpen] = useState(false);
  const warnings = opened.diagnosticCount - opened.errorCount;
  const tone = opened.errorCount > 0 ? 'banner-error' : warnings > 0 ? 'banner-warn' : '';
  return (
    <div className={`banner ${tone}`} data-testid="opened-banner">
      <div className="banner-line">
        <span>
          Opened <strong title={opened.path}>{fileNameOf(opened.path)}</strong>:{' '}
          {formatCount(opened.providers.length)} provider{opened.providers.length === 1 ? '' : 's'}
          {opened.files > 1 ? ` from ${formatCount(opened.files)} files` : ''}
          {opened.errorCount ? ` · ${formatCount(opened.errorCount)} errors` : ''}
          {warnings ? ` · ${formatCount(warnings)} warnings` : ''}
        </span>
        <span className="spacer" />
        {opened.diagnosticCount ? (
          <button
            type="button"
            className="link-button"
            onClick={() => setOpen(!open)}
            data-testid="diagnostics-toggle"
          >
            {open ? 'Hide details' : 'Details'}
          </button>
        ) : null}
        <button type="button" className="link-button" onClick={dismiss} aria-label="Dismiss">
          Dismiss
        </button>
      </div>
      {open ? (
        <div className="diagnostics" data-testid="diagnostics">
          {opened.diagnostics.map((d, i) => (
            <div key={i} className="diagnostic">
              <span className="mono diagnostic-code">{d.code}</span>
              <span className="mono faint" title={d.path}>
                {d.path ? fileNameOf(d.path) : ''}
                {d.offset !== undefined ? `@${d.offset}` : ''}
              </span>
              <span>{d.message}</span>
            </div>
          ))}
          {opened.diagnosticCount > opened.diagnostics.length ? (
            <div className="faint">
              … and {formatCount(opened.diagnosticCount - opened.diagnostics.length)} more (etwx manifest
              lists them all).
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function OpenButton({ primary = false }: { primary?: boolean }) {
  return (
    <button
      type="button"
      className={`button ${primary ? 'button-primary' : ''}`}
      data-testid="providers-open"
      onClick={() => void chooseAndOpen('manifest')}
    >
      Open manifest or binary…
    </button>
  );
}

function NothingSelected() {
  const listing = useProvidersStore((s) => s.listing);
  const setMode = useProvidersStore((s) => s.setMode);
  const value = 'value' in listing ? listing.value : undefined;
  const events = value?.providers.reduce((n, p) => n + p.events, 0) ?? 0;
  return (
    <EmptyState
      icon="providers"
      title="Select a provider"
      testId="providers-nothing-selected"
      actions={<OpenButton />}
    >
      {value ? `${formatCount(value.total)} providers with ${formatCount(events)} events are open. ` : ''}
      Pick one on the left, filter by name or GUID, or{' '}
      <button type="button" className="link-button" onClick={() => setMode('search')}>
        search inside every provider
      </button>{' '}
      for an event, field, keyword or message.
      {value && !value.system.available ? (
        <p className="faint">{sentence(value.system.reason ?? '')}.</p>
      ) : null}
    </EmptyState>
  );
}

function ProviderMain() {
  const selectedGuid = useProvidersStore((s) => s.selectedGuid);
  const provider = useProvidersStore((s) => s.provider);
  if (!selectedGuid) return <NothingSelected />;
  if (provider.status === 'error')
    return (
      <EmptyState icon="error" title="Cannot show this provider">
        {sentence(provider.error.message)}.
      </EmptyState>
    );
  if (provider.status !== 'ready') return <div className="detail-empty">Loading the provider…</div>;
  return <ProviderPage provider={provider.value} />;
}

export function ProvidersView() {
  const manifests = useAppStore((s) => s.manifests);
  const listing = useProvidersStore((s) => s.listing);
  const lastOpened = useProvidersStore((s) => s.lastOpened);

  useEffect(() => {
    void useProvidersStore.getState().loadListing();
  }, []);
  useEffect(() => useProvidersStore.getState().takeOpened(manifests), [manifests]);

  const value = 'value' in listing ? listing.value : undefined;
  if (listing.status === 'error' && !value) {
    return (
      <EmptyState
        icon="error"
        title="The provider catalog is unavailable"
        testId="view-providers"
        actions={<OpenButton />}
      >
        {sentence(listing.error.message)}.
      </EmptyState>
    );
  }
  if (value && value.total === 0) {
    return (
      <EmptyState
        icon="providers"
        title="No providers open"
        testId="view-providers"
        actions={<OpenButton primary />}
      >
        Open a manifest (.man, .xml) or a binary (.dll, .exe, .sys) — or a folder of them — to browse its
        events, fields, keywords, levels, tasks, opcodes, channels and maps.
        {!value.system.available ? <p className="faint">{sentence(value.system.reason ?? '')}.</p> : null}
      </EmptyState>
    );
  }
  return (
    <div className="providers-view" data-testid="view-providers">
      <ProviderSidebar />
      <div className="providers-main">
        {lastOpened ? <OpenedBanner opened={lastOpened} /> : null}
        {value ? <ProviderMain /> : <div className="detail-empty">Loading the provider catalog…</div>}
      </div>
    </div>
  );
}
