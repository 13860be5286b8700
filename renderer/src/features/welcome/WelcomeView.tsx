// The start page: open a capture, a manifest or binary, or the demo; what this machine can do live;
// the most useful shortcuts. Everything here is also reachable from menus and shortcuts.
import { Icon, type IconName } from '../../components/Icon';
import { liveUnavailableDetail, liveUnavailableTitle } from '../../lib/live-etw';
import { formatCombo, isMac, SHORTCUTS } from '../../lib/shortcuts';
import { useAppStore } from '../../stores/app-store';
import { chooseAndOpen, openDemo } from '../open/open-actions';

function ActionCard(props: {
  icon: IconName;
  title: string;
  text: string;
  hint?: string;
  onClick(): void;
  testId: string;
}) {
  return (
    <button type="button" className="action-card" onClick={props.onClick} data-testid={props.testId}>
      <span className="action-card-icon">
        <Icon name={props.icon} size={22} />
      </span>
      <span className="action-card-body">
        <span className="action-card-title">{props.title}</span>
        <span className="action-card-text">{props.text}</span>
      </span>
      {props.hint ? <kbd className="action-card-hint">{props.hint}</kbd> : null}
    </button>
  );
}

const HIGHLIGHTED = ['find', 'focusFilter', 'togglePause', 'showShortcuts'];

export function WelcomeView() {
  const info = useAppStore((s) => s.info);
  const mac = isMac();
  const key = (id: string) => {
    const combo = SHORTCUTS.find((s) => s.id === id)?.keys[0];
    return combo ? formatCombo(combo, mac) : undefined;
  };
  const web = info?.mode === 'web';

  return (
    <div className="welcome" data-testid="welcome">
      <header className="welcome-header">
        <h1>ETW Explorer</h1>
        <p>Browse provider manifests, read .etl captures on any OS, and watch live sessions on Windows.</p>
      </header>

      <section className="welcome-section">
        <h3 className="section-title">Start</h3>
        <div className="action-list">
          <ActionCard
            icon="capture"
            title="Open capture…"
            text={
              web
                ? 'An .etl file on the server machine'
                : 'An .etl file recorded by WPR, xperf, logman or PerfView'
            }
            hint={key('openCapture')}
            onClick={() => void chooseAndOpen('capture')}
            testId="welcome-open-capture"
          />
          <ActionCard
            icon="manifest"
            title="Open manifest or binary…"
            text="Instrumentation manifest (.man, .xml) or a .dll/.exe/.sys with an embedded manifest"
            hint={key('openManifest')}
            onClick={() => void chooseAndOpen('manifest')}
            testId="welcome-open-manifest"
          />
          <ActionCard
            icon="demo"
            title="Demo"
            text="Explore a built-in sample capture: no file needed"
            onClick={() => void openDemo()}
            testId="welcome-demo"
          />
        </div>
        <p className="welcome-note">
          <Icon name="drop" size={14} />
          {web
            ? 'Web mode reads files on the machine running the server; type their path when asked.'
            : 'You can also drop a capture or manifest anywhere on the window.'}
        </p>
      </section>

      <section className="welcome-section">
        <h3 className="section-title">Live sessions</h3>
        <div className="info-panel" data-testid="welcome-live">
          <Icon name={info?.liveEtw.available ? 'sessions' : 'alert'} size={18} />
          <div>
            {info?.liveEtw.available ? (
              <>
                <strong>Live ETW is available on this machine.</strong> Starting and stopping sessions needs
                an elevated process: run ETW Explorer as Administrator.
              </>
            ) : (
              <>
                <strong>{info ? liveUnavailableTitle(info) : 'Checking live ETW…'}</strong>{' '}
                {info ? `${liveUnavailableDetail(info)} ` : ''}
                Captures recorded on Windows and provider manifests open on every OS.
              </>
            )}
          </div>
        </div>
      </section>

      <section className="welcome-section">
        <h3 className="section-title">Keyboard</h3>
        <ul className="key-list">
          {HIGHLIGHTED.map((id) => {
            const s = SHORTCUTS.find((x) => x.id === id);
            return s ? (
              <li key={id}>
                <kbd>{key(id)}</kbd>
                <span>{s.description}</span>
              </li>
            ) : null;
          })}
        </ul>
      </section>
    </div>
  );
}
