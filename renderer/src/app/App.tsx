// The shell: toolbar, navigation rail, the current view (each behind its own error boundary),
// find bar, status bar, dialogs, notifications and the drop overlay. A failed or lost connection
// replaces the content with an explanation instead of a dead UI.
import { useEffect, type ReactElement } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Icon } from '../components/Icon';
import { StatusBar } from '../components/StatusBar';
import { Toasts } from '../components/Toasts';
import { EventsView } from '../features/events/EventsView';
import { CaptureInfoDialog } from '../features/capture-info/CaptureInfoDialog';
import { ExportDialog } from '../features/export/ExportDialog';
import { AboutDialog } from '../features/help/AboutDialog';
import { ShortcutsDialog } from '../features/help/ShortcutsDialog';
import { OpenPathDialog } from '../features/open/OpenPathDialog';
import { ProcessesView } from '../features/processes/ProcessesView';
import { ProvidersView } from '../features/providers/ProvidersView';
import { SessionsView } from '../features/sessions/SessionsView';
import { WelcomeView } from '../features/welcome/WelcomeView';
import { sentence } from '../lib/format';
import { useAppStore, type ViewId } from '../stores/app-store';
import { useUiStore } from '../stores/ui-store';
import { boot } from './boot';
import { FindBar } from './FindBar';
import { NavRail } from './NavRail';
import { Toolbar } from './Toolbar';
import { useAppCommands, useFileDrop, useShortcuts } from './use-global-input';
import { VIEWS } from './views';

const VIEW_COMPONENTS: Record<ViewId, () => ReactElement> = {
  welcome: WelcomeView,
  providers: ProvidersView,
  events: EventsView,
  processes: ProcessesView,
  sessions: SessionsView,
};

function Dialogs() {
  const dialog = useUiStore((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'openPath':
      return <OpenPathDialog fileKind={dialog.fileKind} initialPath={dialog.initialPath} />;
    case 'shortcuts':
      return <ShortcutsDialog />;
    case 'about':
      return <AboutDialog />;
    case 'captureInfo':
      return <CaptureInfoDialog captureId={dialog.captureId} />;
  }
}

function Content() {
  const view = useAppStore((s) => s.view);
  const connection = useAppStore((s) => s.connection);
  if (connection.state === 'failed' || connection.state === 'closed') {
    const message = connection.state === 'failed' ? connection.error.message : connection.reason;
    return (
      <EmptyState icon="disconnected" title="Not connected to ETW Explorer" testId="disconnected">
        {sentence(message)}.
        {connection.state === 'closed' && connection.restarted ? null : (
          <>
            {' '}
            In web mode, restart <code>npm run serve</code> and open the link it prints.
          </>
        )}
      </EmptyState>
    );
  }
  const View = VIEW_COMPONENTS[view];
  const label = VIEWS.find((v) => v.id === view)?.label ?? view;
  return (
    <ErrorBoundary key={view} where={`the ${label} view`}>
      <View />
    </ErrorBoundary>
  );
}

export function App() {
  useEffect(() => boot(), []);
  useShortcuts();
  useAppCommands();
  const dragging = useFileDrop();
  const view = useAppStore((s) => s.view);

  return (
    <div className="shell" data-view={view}>
      <Toolbar />
      <div className="shell-body">
        <NavRail />
        <main className="content" data-testid="content">
          <FindBar />
          <Content />
        </main>
      </div>
      <StatusBar />
      <Dialogs />
      <ExportDialog />
      <Toasts />
      {dragging ? (
        <div className="drop-overlay" data-testid="drop-overlay">
          <Icon name="drop" size={36} />
          <span>Drop a capture or manifest to open it</span>
        </div>
      ) : null}
    </div>
  );
}
