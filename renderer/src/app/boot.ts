// Start-up of the shell: follow the connection, then read `app.info` and the status snapshot, and
// keep the status current from the `status` event. Returns the function that undoes it all.
import type { StatusSnapshot } from '@common/ipc/messages';
import { etw, onConnectionState } from '../api/etw';
import { subscribeEvents, useEventsStore } from '../features/events/events-store';
import { useAppStore } from '../stores/app-store';
import { useUiStore } from '../stores/ui-store';

export function boot(): () => void {
  const app = useAppStore.getState();
  const offState = onConnectionState((state) => {
    app.setConnection(state);
    if (state.state === 'failed')
      useUiStore.getState().notifyError('Cannot connect to ETW Explorer', state.error);
  });
  const offStatus = etw.on('status', (status) => {
    useAppStore.getState().setStatus(status);
    followCapture(status, false);
  });
  const offEvents = subscribeEvents();
  void etw.invoke('app.info').then((info) => {
    if (info.ok) useAppStore.getState().setInfo(info.value);
  });
  void etw.invoke('status.get').then((status) => {
    if (!status.ok) return;
    useAppStore.getState().setStatus(status.value);
    followCapture(status.value, true);
  });
  return () => {
    offState();
    offStatus();
    offEvents();
  };
}

/**
 * The Events view shows the capture the services opened last (from this window, a menu, or
 * `serve --open/--replay/--demo`); a capture that appears while the start page shows opens the
 * Events view.
 */
function followCapture(status: StatusSnapshot, atStart: boolean): void {
  const { captureId, kind } = status.source;
  if (!captureId || captureId === useEventsStore.getState().captureId) return;
  void useEventsStore.getState().attach(captureId, kind);
  const app = useAppStore.getState();
  if (atStart || app.view === 'welcome') app.setView('events');
}
