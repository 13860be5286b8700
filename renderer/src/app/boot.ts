// Start-up of the shell: follow the connection, then read `app.info` and the status snapshot, and
// keep the status current from the `status` event. Returns the function that undoes it all.
import { etw, onConnectionState } from '../api/etw';
import { useAppStore } from '../stores/app-store';
import { useUiStore } from '../stores/ui-store';

export function boot(): () => void {
  const app = useAppStore.getState();
  const offState = onConnectionState((state) => {
    app.setConnection(state);
    if (state.state === 'failed')
      useUiStore.getState().notifyError('Cannot connect to ETW Explorer', state.error);
  });
  const offStatus = etw.on('status', (status) => useAppStore.getState().setStatus(status));
  void etw.invoke('app.info').then((info) => {
    if (info.ok) useAppStore.getState().setInfo(info.value);
  });
  void etw.invoke('status.get').then((status) => {
    if (status.ok) useAppStore.getState().setStatus(status.value);
  });
  return () => {
    offState();
    offStatus();
  };
}
