// Renderer entry: theme first (no flash of the wrong colours), then the shell under a top-level
// error boundary.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { installTheme } from './stores/theme-store';
import './styles/theme.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/views.css';

installTheme();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary where="ETW Explorer">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
