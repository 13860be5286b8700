// Notifications stacked above the status bar: errors stay until dismissed or replaced, information
// fades after a few seconds. Each error shows its code, so a report can quote it.
import { useEffect } from 'react';
import { sentence } from '../lib/format';
import { useUiStore, type Toast } from '../stores/ui-store';
import { Icon } from './Icon';

const INFO_MS = 6000;

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useUiStore((s) => s.dismiss);
  useEffect(() => {
    if (toast.tone !== 'info') return;
    const timer = setTimeout(() => dismiss(toast.id), INFO_MS);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
      <Icon name={toast.tone === 'error' ? 'error' : 'info'} />
      <div className="toast-body">
        <div className="toast-title">{toast.title}</div>
        <div className="toast-message">{sentence(toast.message)}</div>
        {toast.code ? <div className="toast-code">{toast.code}</div> : null}
      </div>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useUiStore((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
