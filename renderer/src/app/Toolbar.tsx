// The top bar: product name and what is open, the filter box (/ or Ctrl+L; features/events/FilterBox),
// export (features/export), pause, theme and help.
import { Icon } from '../components/Icon';
import { FilterBox } from '../features/events/FilterBox';
import { useExportStore } from '../features/export/export-store';
import { formatCombo, isMac } from '../lib/shortcuts';
import { useAppStore } from '../stores/app-store';
import { useThemeStore } from '../stores/theme-store';
import { useUiStore } from '../stores/ui-store';

export function Toolbar() {
  const source = useAppStore((s) => s.status.source);
  const paused = useUiStore((s) => s.paused);
  const togglePaused = useUiStore((s) => s.togglePaused);
  const openDialog = useUiStore((s) => s.openDialog);
  const theme = useThemeStore((s) => s.theme);
  const toggleTheme = useThemeStore((s) => s.toggle);
  const mac = isMac();

  return (
    <header className="toolbar">
      <div className="toolbar-brand">
        <img src="./favicon.svg" alt="" width={18} height={18} />
        <span className="toolbar-title">ETW Explorer</span>
        <span className="toolbar-source" data-testid="toolbar-source" title={source.path ?? source.label}>
          {source.kind === 'none' ? 'No source open' : source.label}
        </span>
      </div>
      <div className="toolbar-filter">
        <Icon name="filter" size={14} />
        <FilterBox />
      </div>
      <div className="toolbar-actions">
        <button
          type="button"
          className="icon-button"
          onClick={() => useExportStore.getState().openDialog()}
          data-testid="export-button"
          title={`Export events to JSON Lines, CSV, Parquet or ETL (${formatCombo({ key: 'e', mod: true }, mac)})`}
        >
          <Icon name="drop" />
        </button>
        <button
          type="button"
          className={`icon-button ${paused ? 'icon-button-active' : ''}`}
          onClick={togglePaused}
          aria-pressed={paused}
          data-testid="pause-button"
          title={`${paused ? 'Resume' : 'Pause'} the live view (Space or ${formatCombo({ key: 'p', mod: true }, mac)})`}
        >
          <Icon name={paused ? 'play' : 'pause'} />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={toggleTheme}
          data-testid="theme-toggle"
          title={`Switch to the ${theme === 'dark' ? 'light' : 'dark'} theme`}
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => openDialog({ kind: 'shortcuts' })}
          data-testid="help-button"
          title="Keyboard shortcuts (F1)"
        >
          <Icon name="keyboard" />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => openDialog({ kind: 'about' })}
          title="About ETW Explorer"
        >
          <Icon name="help" />
        </button>
      </div>
    </header>
  );
}
