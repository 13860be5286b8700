// Sessions: the ETW trace sessions running on this machine and the live sessions this app starts.
// Until they are built this says so, and explains when live ETW is unavailable and why.
import { EmptyState } from '../../components/EmptyState';
import { liveUnavailableDetail, liveUnavailableTitle } from '../../lib/live-etw';
import { useAppStore } from '../../stores/app-store';

export function SessionsView() {
  const info = useAppStore((s) => s.info);
  if (info && !info.liveEtw.available) {
    return (
      <EmptyState icon="sessions" title={liveUnavailableTitle(info)} testId="view-sessions">
        {liveUnavailableDetail(info)} Captures (.etl) recorded on Windows open here all the same.
      </EmptyState>
    );
  }
  return (
    <EmptyState icon="sessions" title="No sessions yet" testId="view-sessions">
      Nothing open yet. Live sessions need an elevated process: run ETW Explorer as Administrator to start,
      attach to or stop trace sessions.
    </EmptyState>
  );
}
