// A button that opens a small panel below it (column chooser, saved filters): the panel closes on
// Escape, on a click outside, or when its content calls `close`.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import './menus.css';

export function Popover(props: {
  label: ReactNode;
  title: string;
  testId?: string;
  align?: 'left' | 'right';
  children(close: () => void): ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', away, true);
    return () => window.removeEventListener('mousedown', away, true);
  }, [open]);
  return (
    <div
      className="popover"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        className={`button button-small ${open ? 'button-pressed' : ''}`}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={props.title}
        data-testid={props.testId}
        onClick={() => setOpen((o) => !o)}
      >
        {props.label}
      </button>
      {open ? (
        <div
          className={`popover-panel popover-${props.align ?? 'left'}`}
          role="dialog"
          aria-label={props.title}
        >
          {props.children(() => setOpen(false))}
        </div>
      ) : null}
    </div>
  );
}
