// Sessions: every trace session on the machine (Windows) and every replay session, the live figures of
// this app's sessions (events/s, loss by source, queues, where each filter runs), and the new-session
// panel (live providers and kernel flags, or a capture replayed as a session). Off Windows the live
// parts say why they are disabled (app.info) and replays work. The list refreshes every two seconds
// while the view shows; figures arrive every second from `sessions.figures`.
import { useEffect } from 'react';
import { Icon } from '../../components/Icon';
import { liveUnavailableDetail, liveUnavailableTitle } from '../../lib/live-etw';
import { useAppStore } from '../../stores/app-store';
import { FiguresPanel } from './FiguresPanel';
import { NewSessionPanel } from './NewSessionPanel';
import { SessionTable, showEvents } from './SessionTable';
import { subscribeFigures, useSessionsStore } from './sessions-store';
import './sessions.css';

const LIST_REFRESH_MS = 2000;

export function SessionsView() {
  const info = useAppStore((s) => s.info);
  const listing = useSessionsStore((s) => s.listing);
  const listError = useSessionsStore((s) => s.listError);
  const figures = useSessionsStore((s) => s.figures);
  const history = useSessionsStore((s) => s.history);
  const refresh = useSessionsStore((s) => s.refresh);

  useEffect(() => {
    const off = subscribeFigures();
    void refresh();
    const timer = setInterval(() => void refresh(), LIST_REFRESH_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [refresh]);

  const live = info?.liveEtw;
  return (
    <div className="ses-view" data-testid="view-sessions">
      <div className="ses-main">
        <header className="ses-header">
          <h2>Sessions</h2>
          <span className="ses-grow" />
          <button type="button" className="button" onClick={() => void refresh()}>
            Refresh
          </button>
        </header>
        {info && live && !live.available ? (
          <div className="ses-banner" data-testid="live-banner">
            <Icon name="info" />
            <span>
              <strong>{liveUnavailableTitle(info)}</strong> {liveUnavailableDetail(info)} The machine’s
              sessions cannot be listed or controlled here; replaying a capture as a session works, through
              the same path as live events.
            </span>
          </div>
        ) : null}
        {listing?.reclaimed.length ? (
          <div className="ses-banner">
            <Icon name="info" />
            <span>
              Stopped {listing.reclaimed.length} stale session{listing.reclaimed.length === 1 ? '' : 's'} left
              by an earlier run: {listing.reclaimed.join(', ')}.
            </span>
          </div>
        ) : null}
        {listing?.machineError ? (
          <p className="field-error">
            <span className="field-error-code">{listing.machineError.code}</span>
            {listing.machineError.message}
          </p>
        ) : null}
        {listError ? (
          <p className="field-error">
            <span className="field-error-code">{listError.code}</span>
            {listError.message}
          </p>
        ) : null}
        <h3 className="section-title">{live?.available ? 'Trace sessions on this machine' : 'Sessions'}</h3>
        {listing ? <SessionTable listing={listing} /> : <p className="ses-faint">Loading…</p>}
        {listing && !listing.complete ? (
          <p className="ses-warning">
            Windows returned only part of the list (more sessions than it would report).
          </p>
        ) : null}
        <h3 className="section-title">Live figures</h3>
        {figures.length === 0 ? (
          <p className="ses-faint" data-testid="no-figures">
            Figures of the sessions this app runs show here every second: events/s, loss by source, queues.
          </p>
        ) : (
          <div className="ses-cards">
            {figures.map((f) => (
              <FiguresPanel
                key={f.name}
                figures={f}
                history={history[f.name] ?? []}
                onShowEvents={f.captureId ? () => void showEvents(f.captureId as string) : undefined}
              />
            ))}
          </div>
        )}
      </div>
      <NewSessionPanel listing={listing} />
    </div>
  );
}
