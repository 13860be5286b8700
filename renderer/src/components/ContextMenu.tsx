// A context menu at a point (right-click, or Shift+F10 on a focused cell): role=menu with menuitems,
// arrow keys and Enter to choose, Escape or a click elsewhere to close. Items can be disabled with
// a reason shown as their title. The caller owns `open` through `onClose`.
import { useEffect, useRef, useState } from 'react';
import './menus.css';

export interface MenuItem {
  label: string;
  /** Shown muted on the right (the filter clause the item adds, for example). */
  hint?: string;
  disabled?: boolean;
  testId?: string;
  run(): void;
}

export function ContextMenu(props: {
  x: number;
  y: number;
  items: MenuItem[];
  onClose(): void;
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(() => props.items.findIndex((i) => !i.disabled));
  const { onClose } = props;

  useEffect(() => {
    ref.current?.focus();
    const away = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    window.addEventListener('mousedown', away, true);
    window.addEventListener('blur', onClose);
    return () => {
      window.removeEventListener('mousedown', away, true);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);

  // Keep the menu inside the window.
  const width = 320;
  const height = props.items.length * 28 + 8;
  const left = Math.max(4, Math.min(props.x, window.innerWidth - width - 4));
  const top = Math.max(4, Math.min(props.y, window.innerHeight - height - 4));

  const move = (step: number) => {
    const n = props.items.length;
    for (let k = 1; k <= n; k++) {
      const i = (active + step * k + n * k) % n;
      if (!props.items[i]?.disabled) {
        setActive(i);
        return;
      }
    }
  };
  const choose = (item: MenuItem | undefined) => {
    if (!item || item.disabled) return;
    onClose();
    item.run();
  };

  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={props.label}
      tabIndex={-1}
      style={{ left, top, width }}
      data-testid="context-menu"
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'ArrowDown') move(1);
        else if (e.key === 'ArrowUp') move(-1);
        else if (e.key === 'Enter' || e.key === ' ') choose(props.items[active]);
        else if (e.key === 'Escape' || e.key === 'Tab') onClose();
        else return;
        e.preventDefault();
      }}
      onContextMenu={(e) => e.preventDefault()}
    >
      {props.items.map((item, i) => (
        <div
          key={item.label}
          role="menuitem"
          aria-disabled={item.disabled || undefined}
          className={`context-menu-item ${i === active ? 'context-menu-item-active' : ''}`}
          data-testid={item.testId}
          title={item.hint}
          onMouseEnter={() => !item.disabled && setActive(i)}
          onClick={() => choose(item)}
        >
          <span>{item.label}</span>
          {item.hint ? <span className="context-menu-hint mono">{item.hint}</span> : null}
        </div>
      ))}
    </div>
  );
}
