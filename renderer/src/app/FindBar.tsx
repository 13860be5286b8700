// The find bar (Ctrl+F), floating at the top right of the content like an editor's: the text is
// shared through the UI store with whichever view can search.
import { useEffect, useRef } from 'react';
import { Icon } from '../components/Icon';
import { useUiStore } from '../stores/ui-store';

export function FindBar() {
  const open = useUiStore((s) => s.findOpen);
  const text = useUiStore((s) => s.findText);
  const setText = useUiStore((s) => s.setFindText);
  const setOpen = useUiStore((s) => s.setFindOpen);
  const status = useUiStore((s) => s.findStatus);
  const requestFind = useUiStore((s) => s.requestFind);
  const focusRequest = useUiStore((s) => s.focusRequest);
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open && focusRequest?.target === 'find') {
      ref.current?.focus();
      ref.current?.select();
    }
  }, [open, focusRequest]);

  if (!open) return null;
  return (
    <div className="find-bar" role="search" data-testid="find-bar">
      <Icon name="search" size={14} />
      <input
        ref={ref}
        className="find-input"
        aria-label="Find"
        placeholder="Find"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || text === '') return;
          e.preventDefault();
          requestFind(e.shiftKey);
        }}
      />
      <span className="find-count" data-testid="find-status" aria-live="polite">
        {status}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Find previous (Shift+Enter)"
        title="Previous (Shift+Enter)"
        disabled={text === ''}
        onClick={() => requestFind(true)}
      >
        ▲
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Find next (Enter)"
        title="Next (Enter)"
        disabled={text === ''}
        data-testid="find-next"
        onClick={() => requestFind(false)}
      >
        ▼
      </button>
      <button type="button" className="icon-button" aria-label="Close find" onClick={() => setOpen(false)}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}
