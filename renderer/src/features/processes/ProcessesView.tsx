// Processes: per-process summaries and alerts of the open capture or live session. The toolbar
// switches between the processes (tree or sortable list, search, the selected process's tabs below)
// and the Alerts panel, and says where the analysis stands (reading, re-evaluating new rules, done).
// Everything here links to the Events view: a click on a process, endpoint, name, image or count
// filters the events to it. With nothing open it offers to open a capture.
import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { SearchBox } from '../../components/SearchBox';
import { ToggleGroup } from '../../components/ToggleGroup';
import { formatCount, sentence } from '../../lib/format';
import { useAppStore } from '../../stores/app-store';
import { chooseAndOpen, openDemo } from '../open/open-actions';
import { AlertsPanel } from './AlertsPanel';
import { ProcessDetailsPane } from './ProcessDetails';
import { ProcessGrid } from './ProcessGrid';
import { subscribeProcesses, useProcessesStore } from './processes-store';
import './processes.css';

export function ProcessesView() {
  const captureId = useAppStore((s) => s.status.source.captureId);
  const follow = useProcessesStore((s) => s.follow);

  useEffect(() => subscribeProcesses(), []);
  useEffect(() => {
    void follow(captureId);
  }, [captureId, follow]);
  // Coming back to the view: catch up with what changed while it was hidden.
  useEffect(() => {
    void useProcessesStore.getState().refresh();
  }, []);

  if (!captureId) {
    return (
      <EmptyState
        icon="processes"
        title="No processes to show"
        testId="view-processes"
        actions={
          <>
            <button
              type="button"
              className="button button-primary"
              onClick={() => void chooseAndOpen('capture')}
            >
              Open capture…
            </button>
            <button type="button" className="button" onClick={() => void openDemo()}>
              Open demo
            </button>
          </>
        }
      >
        Nothing open yet. Open a capture to see its processes — what each one resolved, contacted, loaded,
        injected and ran — and the alerts the rules raise.
      </EmptyState>
    );
  }
  return <ProcessesWorkspace />;
}

function ProcessesWorkspace() {
  const mode = useProcessesStore((s) => s.mode);
  const error = useProcessesStore((s) => s.error);
  return (
    <div className="pv-view" data-testid="view-processes">
      <ProcessesToolbar />
      {error ? (
        <div className="pv-details-empty pv-error-text">{sentence(error.message)}</div>
      ) : mode === 'alerts' ? (
        <AlertsPanel />
      ) : (
        <div className="pv-split">
          <ProcessGrid />
          <ProcessDetailsPane />
        </div>
      )}
    </div>
  );
}

function ProcessesToolbar() {
  const mode = useProcessesStore((s) => s.mode);
  const setMode = useProcessesStore((s) => s.setMode);
  const showAlerts = useProcessesStore((s) => s.showAlerts);
  const layout = useProcessesStore((s) => s.layout);
  const setLayout = useProcessesStore((s) => s.setLayout);
  const search = useProcessesStore((s) => s.search);
  const setSearch = useProcessesStore((s) => s.setSearch);
  const status = useProcessesStore((s) => s.status);
  const processes = useProcessesStore((s) => s.processes);
  const alerts = useProcessesStore((s) => s.alerts.length);
  const exited = processes.filter((p) => p.exited).length;

  return (
    <div className="pv-toolbar">
      <ToggleGroup
        label="Show"
        value={mode}
        options={[
          { value: 'processes', label: 'Processes', testId: 'mode-processes' },
          {
            value: 'alerts',
            label: `Alerts${alerts > 0 ? ` (${formatCount(alerts)})` : ''}`,
            testId: 'mode-alerts',
          },
        ]}
        onChange={(m) => (m === 'alerts' ? showAlerts(undefined) : setMode(m))}
      />
      {mode === 'processes' ? (
        <ToggleGroup
          label="Layout"
          value={layout}
          options={[
            { value: 'tree', label: 'Tree', testId: 'layout-tree' },
            { value: 'list', label: 'List', testId: 'layout-list' },
          ]}
          onChange={setLayout}
        />
      ) : null}
      <SearchBox
        className="pv-search"
        type="search"
        iconSize={13}
        testId="process-search"
        label={mode === 'processes' ? 'Search processes' : 'Search alerts'}
        placeholder={mode === 'processes' ? 'Search name, pid, path, command line, user' : 'Search alerts'}
        value={search}
        onChange={setSearch}
      />
      <span className="pv-spacer" />
      <span className="pv-status" data-testid="analysis-status">
        {status === undefined ? (
          'Loading…'
        ) : (
          <>
            {status.state === 'reading' ? <span className="pv-live-dot" /> : null}
            {status.state === 'rebuilding'
              ? 'Re-evaluating the rules… '
              : status.state === 'reading'
                ? 'Reading… '
                : ''}
            <b>{formatCount(processes.length)}</b> processes ({formatCount(exited)} exited) ·{' '}
            {formatCount(status.events)} events
          </>
        )}
      </span>
    </div>
  );
}
