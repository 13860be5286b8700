// "New session": a live session (providers picked from the catalog or handed over by the Providers
// view or imported from a WPR profile (.wprp), each with level, keywords, properties and kernel-side
// filters; kernel flags; a view filter) —
// disabled with the reason where live ETW cannot run or this connection may not control sessions — or
// a replay of a capture as a session (path and speed 1×/10×/max), which works everywhere. Starting
// either opens its events in the Events view.
import { useEffect, useState } from 'react';
import type { ProviderListItem } from '@common/ipc/messages';
import type { SessionListing, SessionProviderRequest } from '@common/ipc/session-messages';
import { KERNEL_FLAGS } from '@common/ipc/session-options';
import { etw } from '../../api/etw';
import { liveUnavailableDetail, liveUnavailableTitle } from '../../lib/live-etw';
import { useAppStore } from '../../stores/app-store';
import { useSessionDraftStore } from '../../stores/session-draft-store';
import { useUiStore } from '../../stores/ui-store';
import { useEventsStore } from '../events/events-store';
import { DraftProviderCard } from './DraftProviderCard';
import { providerRequest } from './session-request';
import { NO_EXTRAS, useSessionsStore, type ReplaySpeed } from './sessions-store';
import { WprpImport } from './WprpImport';

function ProviderSearch({ disabled }: { disabled: boolean }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<ProviderListItem[]>([]);
  const put = useSessionDraftStore((s) => s.put);
  const chosen = useSessionDraftStore((s) => s.providers);
  useEffect(() => {
    let live = true;
    const query = text.trim();
    if (!query) {
      setFound([]);
      return;
    }
    const timer = setTimeout(() => {
      void etw.invoke('catalog.list', { search: query }).then((r) => {
        if (live) setFound(r.ok ? r.value.providers.slice(0, 12) : []);
      });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  const guid = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(text.trim())
    ? text.trim().replace(/[{}]/g, '').toLowerCase()
    : undefined;
  const add = (p: { guid: string; name: string }) => {
    put({ guid: p.guid, name: p.name, matchAnyKeyword: '0x0', matchAllKeyword: '0x0', level: 5 });
    setText('');
  };
  return (
    <div className="ses-search">
      <input
        className="text-input"
        placeholder="Add a provider: name or GUID (from the catalog)"
        value={text}
        disabled={disabled}
        data-testid="provider-search"
        onChange={(e) => setText(e.target.value)}
      />
      {found.length > 0 || guid ? (
        <ul className="ses-search-results" role="listbox">
          {guid && !found.some((p) => p.guid === guid) ? (
            <li>
              <button type="button" onClick={() => add({ guid, name: '' })}>
                Add <span className="ses-mono">{guid}</span> by GUID
              </button>
            </li>
          ) : null}
          {found.map((p) => (
            <li key={p.guid}>
              <button type="button" onClick={() => add(p)} disabled={chosen.some((c) => c.guid === p.guid)}>
                <strong>{p.name}</strong> <span className="ses-mono ses-faint">{p.guid}</span>{' '}
                <span className="ses-faint">{p.keywords} keywords</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function KernelFlags() {
  const flags = useSessionsStore((s) => s.kernelFlags);
  const setFlags = useSessionsStore((s) => s.setKernelFlags);
  return (
    <div className="ses-kernel">
      {KERNEL_FLAGS.map((f) => (
        <label key={f.flag} className="ses-check" title={`EVENT_TRACE_FLAG 0x${f.flag.toString(16)}`}>
          <input
            type="checkbox"
            checked={(flags & f.flag) !== 0}
            onChange={(e) => setFlags(e.target.checked ? flags | f.flag : flags & ~f.flag)}
          />
          <span>{f.label}</span>
          {f.volume ? (
            <span className={`ses-volume ses-volume-${f.volume.replace(' ', '-')}`}>{f.volume} volume</span>
          ) : null}
        </label>
      ))}
    </div>
  );
}

/** After a start: show the session's events. */
async function openStarted(captureId: string, title: string, message: string): Promise<void> {
  useUiStore.getState().notify({ tone: 'info', title, message });
  await useEventsStore.getState().attach(captureId, 'live');
  useAppStore.getState().setView('events');
}

function LiveForm({ listing }: { listing?: SessionListing }) {
  const info = useAppStore((s) => s.info);
  const drafts = useSessionDraftStore((s) => s.providers);
  const extras = useSessionsStore((s) => s.extras);
  const kernelFlags = useSessionsStore((s) => s.kernelFlags);
  const viewFilter = useSessionsStore((s) => s.viewFilter);
  const setViewFilter = useSessionsStore((s) => s.setViewFilter);
  const [busy, setBusy] = useState(false);
  const restricted = new Map((listing?.restrictedProviders ?? []).map((r) => [r.guid, r]));
  const liveWhy = !info
    ? 'Connecting…'
    : !info.liveEtw.available
      ? `${liveUnavailableTitle(info)} ${liveUnavailableDetail(info)}`
      : !info.sessionControl
        ? 'This connection may not control trace sessions (web mode: start the server with --allow-session-control).'
        : undefined;
  const checks = drafts.map((d) => providerRequest(d, extras[d.guid] ?? NO_EXTRAS));
  const errors = checks.flatMap((c) => c.errors);
  const blocked = drafts.filter((d) => restricted.has(d.guid));
  const nothing = drafts.length === 0 && kernelFlags === 0;

  const start = async () => {
    setBusy(true);
    const providers: SessionProviderRequest[] = checks.map((c) => c.request);
    const r = await etw.invoke('sessions.start', {
      ...(providers.length ? { providers } : {}),
      ...(kernelFlags ? { kernel: { flags: kernelFlags } } : {}),
      ...(viewFilter.trim() ? { filter: viewFilter } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      useUiStore.getState().notifyError('Cannot start the session', r.error);
      return;
    }
    void useSessionsStore.getState().refresh();
    await openStarted(
      r.value.capture.captureId,
      `Session ${r.value.sessions.join(', ')} started`,
      'Its events show in the Events view as they arrive.',
    );
  };

  return (
    <div className="ses-form" data-testid="live-form">
      {liveWhy ? (
        <p className="ses-warning" data-testid="live-unavailable">
          {liveWhy} The selection is kept; replays of captures work here.
        </p>
      ) : null}
      <WprpImport />
      <h3 className="ses-form-title">Providers</h3>
      <ProviderSearch disabled={false} />
      {drafts.length === 0 ? (
        <p className="ses-faint">
          No provider yet: add one above, or use “Start session with this selection” in the Providers view.
        </p>
      ) : (
        drafts.map((d) => <DraftProviderCard key={d.guid} draft={d} restricted={restricted.get(d.guid)} />)
      )}
      <h3 className="ses-form-title">Kernel events (private system logger session)</h3>
      <KernelFlags />
      <label className="ses-filter">
        <span className="ses-filter-label">View filter (optional)</span>
        <input
          className="text-input"
          placeholder='e.g. process.name == "powershell.exe"'
          value={viewFilter}
          onChange={(e) => setViewFilter(e.target.value)}
        />
      </label>
      <div className="ses-form-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="start-live"
          disabled={busy || liveWhy !== undefined || nothing || errors.length > 0 || blocked.length > 0}
          title={liveWhy ?? (blocked.length ? 'Remove the providers that cannot be used' : errors[0])}
          onClick={() => void start()}
        >
          Start live session
        </button>
      </div>
    </div>
  );
}

const SPEEDS: { value: ReplaySpeed; label: string }[] = [
  { value: 1, label: '1×' },
  { value: 10, label: '10×' },
  { value: 'max', label: 'max' },
];

function ReplayForm() {
  const info = useAppStore((s) => s.info);
  const path = useSessionsStore((s) => s.replayPath);
  const speed = useSessionsStore((s) => s.replaySpeed);
  const usesDraft = useSessionsStore((s) => s.replayUsesDraft);
  const setReplay = useSessionsStore((s) => s.setReplay);
  const drafts = useSessionDraftStore((s) => s.providers);
  const extras = useSessionsStore((s) => s.extras);
  const [busy, setBusy] = useState(false);
  const browse = async () => {
    const chosen = await etw.invoke('dialog.openFile', { kind: 'capture' });
    if (chosen.ok && chosen.value.path) setReplay({ replayPath: chosen.value.path });
  };
  const start = async () => {
    setBusy(true);
    const providers = usesDraft
      ? drafts.map((d) => providerRequest(d, extras[d.guid] ?? NO_EXTRAS).request)
      : [];
    const r = await etw.invoke('sessions.start', {
      replay: { path: path.trim(), speed },
      ...(providers.length ? { providers } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      useUiStore.getState().notifyError('Cannot replay the capture', r.error);
      return;
    }
    void useSessionsStore.getState().refresh();
    await openStarted(
      r.value.capture.captureId,
      `Replaying as ${r.value.sessions.join(', ')}`,
      `${r.value.providers.length} provider${r.value.providers.length === 1 ? '' : 's'} enabled; events arrive through the live path.`,
    );
  };
  return (
    <div className="ses-form" data-testid="replay-form">
      <p className="ses-faint">
        Plays a capture again as if it were happening now, through the same path as a live session: providers
        are enabled, events arrive in batches, loss is counted. Nothing on this machine is touched.
      </p>
      <label className="ses-filter">
        <span className="ses-filter-label">
          Capture (.etl or .etl.zip) on the {info?.mode === 'web' ? 'server' : 'computer'}
        </span>
        <span className="ses-row">
          <input
            className="text-input"
            value={path}
            placeholder="/path/to/trace.etl"
            data-testid="replay-path"
            onChange={(e) => setReplay({ replayPath: e.target.value })}
          />
          {info?.mode === 'electron' ? (
            <button type="button" className="button" onClick={() => void browse()}>
              Browse…
            </button>
          ) : null}
        </span>
      </label>
      <div className="ses-row" role="radiogroup" aria-label="Replay speed">
        <span className="ses-filter-label">Speed</span>
        {SPEEDS.map((s) => (
          <button
            key={String(s.value)}
            type="button"
            role="radio"
            aria-checked={speed === s.value}
            className={`ses-seg ${speed === s.value ? 'ses-seg-on' : ''}`}
            data-testid={`replay-speed-${s.value}`}
            onClick={() => setReplay({ replaySpeed: s.value })}
          >
            {s.label}
          </button>
        ))}
      </div>
      <label className="ses-check">
        <input
          type="checkbox"
          checked={usesDraft && drafts.length > 0}
          disabled={drafts.length === 0}
          onChange={(e) => setReplay({ replayUsesDraft: e.target.checked })}
        />
        <span>
          Enable only the providers of the live form ({drafts.length}); otherwise every provider in the
          capture
        </span>
      </label>
      <div className="ses-form-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="start-replay"
          disabled={busy || path.trim() === ''}
          onClick={() => void start()}
        >
          Replay as a session
        </button>
      </div>
    </div>
  );
}

export function NewSessionPanel({ listing }: { listing?: SessionListing }) {
  const tab = useSessionsStore((s) => s.tab);
  const setTab = useSessionsStore((s) => s.setTab);
  return (
    <aside className="ses-new" data-testid="new-session">
      <div className="ses-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'live'}
          className={`ses-tab ${tab === 'live' ? 'ses-tab-on' : ''}`}
          onClick={() => setTab('live')}
        >
          New live session
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'replay'}
          className={`ses-tab ${tab === 'replay' ? 'ses-tab-on' : ''}`}
          data-testid="tab-replay"
          onClick={() => setTab('replay')}
        >
          Replay a capture
        </button>
      </div>
      {tab === 'live' ? <LiveForm listing={listing} /> : <ReplayForm />}
    </aside>
  );
}
