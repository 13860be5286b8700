// Every trace session on the machine (QueryAllTraces through the addon, on Windows) and every replay
// session of this app: name, mode, whether it is ours, events/s (ours), loss counters, buffers and log
// file. Ours can be stopped; another tool's session only with an explicit, confirmed force stop, and
// it can be attached to read-only — both only where this connection may control sessions.
import { useState } from 'react';
import type { SessionFigures, SessionListing, TraceSessionInfo } from '@common/ipc/session-messages';
import { etw } from '../../api/etw';
import { formatCount } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { useUiStore } from '../../stores/ui-store';
import { useEventsStore } from '../events/events-store';
import { useSessionsStore } from './sessions-store';

async function stop(name: string, force: boolean): Promise<void> {
  const r = await etw.invoke('sessions.stop', force ? { name, force } : { name });
  if (!r.ok) useUiStore.getState().notifyError(`Cannot stop ${name}`, r.error);
  else
    useUiStore.getState().notify({
      tone: 'info',
      title: `${name} stopped`,
      message: 'What it delivered stays open in the Events view.',
    });
  await useSessionsStore.getState().refresh();
}

async function attach(name: string): Promise<void> {
  const r = await etw.invoke('sessions.attach', { name });
  if (!r.ok) {
    useUiStore.getState().notifyError(`Cannot attach to ${name}`, r.error);
    return;
  }
  await useEventsStore.getState().attach(r.value.capture.captureId, 'live');
  useAppStore.getState().setView('events');
}

export async function showEvents(captureId: string): Promise<void> {
  await useEventsStore.getState().attach(captureId, 'live');
  useAppStore.getState().setView('events');
}

function Actions({ session, canControl }: { session: TraceSessionInfo; canControl: boolean }) {
  const [confirm, setConfirm] = useState(false);
  const mine = session.ours || session.source === 'replay';
  const running = session.replay?.state !== 'ended';
  return (
    <span className="ses-actions">
      {session.captureId ? (
        <button
          type="button"
          className="link-button"
          onClick={() => void showEvents(session.captureId as string)}
        >
          Events
        </button>
      ) : null}
      {mine && running && (canControl || session.source === 'replay') ? (
        <button
          type="button"
          className="button ses-small"
          data-testid={`stop-${session.name}`}
          onClick={() => void stop(session.name, false)}
        >
          Stop
        </button>
      ) : null}
      {!mine && canControl ? (
        <>
          {session.mode !== 'file' ? (
            <button
              type="button"
              className="button ses-small"
              onClick={() => void attach(session.name)}
              title="Read its events without controlling it"
            >
              Attach
            </button>
          ) : null}
          {confirm ? (
            <button
              type="button"
              className="button ses-small ses-danger"
              onClick={() => void stop(session.name, true)}
            >
              Really stop {session.name}?
            </button>
          ) : (
            <button
              type="button"
              className="button ses-small"
              title="Another tool owns this session: stopping it breaks that tool's tracing"
              onClick={() => setConfirm(true)}
            >
              Force stop…
            </button>
          )}
        </>
      ) : null}
    </span>
  );
}

function lossText(
  s: TraceSessionInfo,
  f: SessionFigures | undefined,
): { text: string; bad: boolean; title: string } {
  const ours = f ? f.loss.queueDropped.consumer + f.loss.queueDropped.views : 0;
  const inStream = f ? f.loss.inStream.events + f.loss.inStream.buffers + f.loss.inStream.files : 0;
  const parts = [s.eventsLost, s.buffersLost, inStream, ours];
  return {
    text: parts.map(formatCount).join(' · '),
    bad: parts.some((n) => n > 0),
    title:
      `ETW events lost ${s.eventsLost}, real-time buffers lost ${s.buffersLost}, in-stream lost records ${inStream}, dropped by ETW Explorer ${ours}` +
      (s.logBuffersLost ? `, log buffers lost ${s.logBuffersLost}` : ''),
  };
}

export function SessionTable({ listing }: { listing: SessionListing }) {
  const figures = useSessionsStore((s) => s.figures);
  const byName = new Map(figures.map((f) => [f.name, f]));
  if (listing.sessions.length === 0) {
    return (
      <p className="ses-faint ses-empty" data-testid="no-sessions">
        {listing.liveEtw.available
          ? 'No trace session is running.'
          : 'No session to show: the machine’s sessions need Windows, and no replay is running. Replay a capture to see one here.'}
      </p>
    );
  }
  return (
    <table className="ses-table" data-testid="sessions-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Mode</th>
          <th className="ses-num">Events/s</th>
          <th
            className="ses-num ses-th-wrap"
            title="ETW events lost / real-time buffers lost / in-stream lost-event records / dropped by ETW Explorer"
          >
            Lost
            <span className="ses-th-sub">ETW · RT · stream · ours</span>
          </th>
          <th className="ses-num">Buffers</th>
          <th>Log file</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {listing.sessions.map((s) => {
          const f = byName.get(s.name);
          const loss = lossText(s, f);
          return (
            <tr
              key={`${s.source}/${s.name}`}
              data-testid={`session-row-${s.name}`}
              className={s.ours ? 'ses-ours' : ''}
            >
              <td>
                <div className="ses-name">{s.name}</div>
                <div className="ses-chips">
                  {s.ours ? <span className="ses-chip ses-chip-ours">ours</span> : null}
                  {s.source === 'replay' ? (
                    <span className="ses-chip" title={s.replay?.path}>
                      replay {s.replay?.speed === 'max' ? 'max' : `${s.replay?.speed}×`} · {s.replay?.state}
                    </span>
                  ) : null}
                  {s.kernel ? <span className="ses-chip">kernel</span> : null}
                </div>
              </td>
              <td>{s.mode}</td>
              <td className="ses-num" data-testid="row-rate">
                {f ? formatCount(Math.round(f.eventsPerSecond)) : '—'}
              </td>
              <td className={`ses-num ${loss.bad ? 'ses-bad' : ''}`} title={loss.title}>
                {loss.text}
              </td>
              <td
                className="ses-num"
                title={
                  s.buffers
                    ? `${s.buffers.count} in use (min ${s.buffers.min}, max ${s.buffers.max}), ${s.buffers.free} free, ${s.buffers.written} written`
                    : undefined
                }
              >
                {s.buffers ? `${s.buffers.count} × ${s.buffers.sizeKB} KB` : '—'}
              </td>
              <td className="ses-file" title={s.logFile ?? s.replay?.path}>
                {s.logFile ?? (s.replay ? s.replay.path : '—')}
              </td>
              <td>
                <Actions session={s} canControl={listing.control.live} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
