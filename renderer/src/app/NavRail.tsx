// The navigation rail on the left: one button per view (Ctrl+1…5), the current one highlighted.
import { Icon } from '../components/Icon';
import { formatCombo, isMac } from '../lib/shortcuts';
import { useAppStore } from '../stores/app-store';
import { VIEWS } from './views';

export function NavRail() {
  const view = useAppStore((s) => s.view);
  const setView = useAppStore((s) => s.setView);
  const mac = isMac();
  return (
    <nav className="nav-rail" aria-label="Views">
      {VIEWS.map((v, i) => (
        <button
          key={v.id}
          type="button"
          className={`nav-item ${view === v.id ? 'nav-item-active' : ''}`}
          aria-current={view === v.id ? 'page' : undefined}
          data-testid={`nav-${v.id}`}
          title={`${v.label} (${formatCombo({ key: String(i + 1), mod: true }, mac)})`}
          onClick={() => setView(v.id)}
        >
          <Icon name={v.icon} size={20} />
          <span className="nav-label">{v.label}</span>
        </button>
      ))}
    </nav>
  );
}
