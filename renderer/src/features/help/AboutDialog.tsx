// Help › About: version, mode, platform, and why live ETW is or is not available here (including
// the administrator requirement for live sessions).
import { Dialog } from '../../components/Dialog';
import { platformName } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { useUiStore } from '../../stores/ui-store';

export function AboutDialog() {
  const close = useUiStore((s) => s.closeDialog);
  const info = useAppStore((s) => s.info);
  return (
    <Dialog title="About ETW Explorer" onClose={close} width={440} testId="about-dialog">
      <dl className="about-list">
        <dt>Version</dt>
        <dd>{info?.version ?? '—'}</dd>
        <dt>Mode</dt>
        <dd>{info ? (info.mode === 'electron' ? 'Desktop app' : 'Web mode (browser)') : '—'}</dd>
        <dt>Platform</dt>
        <dd>{info ? `${platformName(info.platform)} ${info.arch}` : '—'}</dd>
        <dt>Live ETW</dt>
        <dd>
          {info ? (info.liveEtw.available ? 'Available' : (info.liveEtw.reason ?? 'Unavailable')) : '—'}
        </dd>
      </dl>
      <p className="dialog-note">
        Captures (.etl) and manifests open on every OS. Live sessions need Windows and an elevated process:
        run ETW Explorer as Administrator to start or stop sessions.
      </p>
    </Dialog>
  );
}
