// The status bar: the connection (web mode: "Reconnecting…" while a lost connection is retried, then
// for a while what the reconnection found), where the data comes from (a button that opens "About
// this capture" when a capture is open), how many events, what was
// lost (each cause on its own, highlighted when non-zero), errors, pause state, live ETW availability
// and the app version.
import { useEffect, useState } from 'react';
import type { LossCounters } from '@common/ipc/messages';
import type { ConnectionState, ResumeNote } from '../api/etw';
import { formatCount, platformName } from '../lib/format';
import { useAppStore } from '../stores/app-store';
import { useUiStore } from '../stores/ui-store';
import { Icon } from './Icon';

const LOSS_PARTS: Array<[keyof LossCounters, string, string]> = [
  ['etwEventsLost', 'ETW', 'Events lost by ETW (session or trace header)'],
  ['realtimeBuffersLost', 'buffers', 'Real-time buffers lost'],
  ['inStreamLost', 'stream', 'Lost-event records in the stream'],
  ['queueDropped', 'dropped', 'Dropped by ETW Explorer’s own queues'],
];

/** How long the note about a reconnection stays. */
const RESUME_NOTE_MS = 15_000;

function connectionLabel(connection: ConnectionState): { text: string; title: string } {
  switch (connection.state) {
    case 'connected':
      return connection.mode === 'electron'
        ? { text: 'Desktop', title: 'Connection' }
        : { text: `Web · ${window.location.host}`, title: 'Connected to the server' };
    case 'connecting':
      return { text: 'Connecting…', title: 'Connection' };
    case 'reconnecting':
      return {
        text: 'Reconnecting…',
        title: `${connection.lastError}; attempt ${connection.attempt} in ${Math.ceil(connection.retryInMs / 1000)} s`,
      };
    case 'failed':
      return { text: 'Disconnected', title: connection.error.message };
    case 'closed':
      return { text: 'Disconnected', title: connection.reason };
  }
}

/** The latest reconnection note: until it is RESUME_NOTE_MS old, or for good when the capture is gone. */
function useResumeNote(connection: ConnectionState): ResumeNote | undefined {
  const note = connection.state === 'connected' ? connection.resumed : undefined;
  const [shown, setShown] = useState<ResumeNote | undefined>(undefined);
  useEffect(() => {
    setShown(note);
    if (!note || note.captureKept === false) return;
    const timer = setTimeout(() => setShown(undefined), RESUME_NOTE_MS);
    return () => clearTimeout(timer);
  }, [note]);
  return shown;
}

export function StatusBar() {
  const connection = useAppStore((s) => s.connection);
  const info = useAppStore((s) => s.info);
  const status = useAppStore((s) => s.status);
  const busy = useAppStore((s) => s.busy);
  const paused = useUiStore((s) => s.paused);
  const notifyError = useUiStore((s) => s.notifyError);
  const openDialog = useUiStore((s) => s.openDialog);
  const captureId = status.source.captureId;
  const lost = LOSS_PARTS.reduce((n, [k]) => n + status.loss[k], 0);
  const mode = connectionLabel(connection);
  const resumed = useResumeNote(connection);

  return (
    <footer className="status-bar" data-testid="status-bar">
      <div className="status-group">
        <span
          className={`status-item status-mode ${connection.state === 'connected' ? '' : 'status-warn'}`}
          data-testid="status-connection"
          title={mode.title}
        >
          <Icon name={connection.state === 'connected' ? 'shield' : 'disconnected'} size={13} />
          {mode.text}
        </span>
        {resumed ? (
          <span
            className={`status-item ${resumed.captureKept === false ? 'status-warn' : ''}`}
            data-testid="status-resumed"
            role="status"
          >
            {resumed.message}
          </span>
        ) : null}
        {captureId !== undefined ? (
          <button
            type="button"
            className="status-item status-button"
            data-testid="status-source"
            aria-label="About this capture"
            title={`${status.source.path ?? status.source.label}\nAbout this capture`}
            onClick={() => openDialog({ kind: 'captureInfo', captureId })}
          >
            <Icon name={status.source.kind === 'live' ? 'sessions' : 'capture'} size={13} />
            {status.source.label}
          </button>
        ) : (
          <span
            className="status-item"
            data-testid="status-source"
            title={status.source.path ?? status.source.label}
          >
            <Icon name={status.source.kind === 'live' ? 'sessions' : 'capture'} size={13} />
            {status.source.label}
          </span>
        )}
        <span
          className="status-item"
          data-testid="status-events"
          title="Events in the source · shown by the view"
        >
          {formatCount(status.counts.events)} events
          {status.counts.shown !== status.counts.events ? ` · ${formatCount(status.counts.shown)} shown` : ''}
          {status.counts.eventsPerSecond !== undefined
            ? ` · ${formatCount(Math.round(status.counts.eventsPerSecond))}/s`
            : ''}
        </span>
        <span
          className={`status-item ${lost > 0 ? 'status-warn' : ''}`}
          data-testid="status-loss"
          title={LOSS_PARTS.map(([k, , t]) => `${t}: ${formatCount(status.loss[k])}`).join('\n')}
        >
          Lost {LOSS_PARTS.map(([k, label]) => `${label} ${formatCount(status.loss[k])}`).join(' · ')}
        </span>
        <button
          type="button"
          className={`status-item status-button ${status.errors.count > 0 ? 'status-error' : ''}`}
          data-testid="status-errors"
          disabled={!status.errors.last}
          title={status.errors.last ? `Last: ${status.errors.last.message}` : 'No errors'}
          onClick={() => status.errors.last && notifyError('Last error from the source', status.errors.last)}
        >
          <Icon name="error" size={13} />
          {formatCount(status.errors.count)} errors
        </button>
        {busy ? <span className="status-item status-busy">{busy}</span> : null}
      </div>
      <div className="status-group">
        {paused ? (
          <span className="status-item status-warn" data-testid="status-paused">
            <Icon name="pause" size={13} /> Paused
          </span>
        ) : null}
        {info ? (
          <span
            className="status-item"
            data-testid="status-live"
            title={info.liveEtw.available ? 'Live ETW sessions can be used' : (info.liveEtw.reason ?? '')}
          >
            <Icon name="sessions" size={13} />
            {info.liveEtw.available
              ? 'Live ETW ready'
              : `Live ETW unavailable (${platformName(info.platform)})`}
          </span>
        ) : null}
        {info ? <span className="status-item">v{info.version}</span> : null}
      </div>
    </footer>
  );
}
