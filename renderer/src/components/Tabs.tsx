// A row of tabs over one panel (the provider page's definitions, the process page's summaries), each
// tab with an optional count so an empty one reads as such before it is opened. The WAI-ARIA tabs
// pattern: one tab stop (the selected tab); ←/→ (wrapping), Home and End select and focus another; the
// panel is labelled by its tab. Two densities like DataGrid: `regular` (body text, an underline drawn
// inside the strip) and `compact` (small text on the panel colour, empty tabs faint).
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { formatCount } from '../lib/format';
import './tabs.css';

export interface TabItem<K extends string> {
  id: K;
  label: string;
  /** Shown beside the label; undefined shows none. */
  count?: number;
}

export function Tabs<K extends string>(props: {
  /** The accessible name of the tab list. */
  label: string;
  tabs: readonly TabItem<K>[];
  selected: K;
  onSelect(id: K): void;
  density?: 'regular' | 'compact';
  panelClassName?: string;
  /** The selected tab's panel. */
  children: ReactNode;
}) {
  const { tabs, selected, onSelect } = props;
  const base = useId();
  const buttons = useRef(new Map<K, HTMLButtonElement>());
  const tabId = (id: K) => `${base}-tab-${id}`;
  const panelId = `${base}-panel`;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === selected);
    const n = tabs.length;
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1 + n, Home: 0, End: n - 1 };
    const target = moves[e.key];
    if (target === undefined || n === 0) return;
    e.preventDefault();
    const next = tabs[target % n];
    if (!next) return;
    onSelect(next.id);
    buttons.current.get(next.id)?.focus();
  };

  return (
    <>
      <div
        className={`tab-strip tab-strip-${props.density ?? 'regular'}`}
        role="tablist"
        aria-label={props.label}
        onKeyDown={onKeyDown}
      >
        {tabs.map((t) => {
          const active = t.id === selected;
          return (
            <button
              key={t.id}
              ref={(el) => {
                if (el) buttons.current.set(t.id, el);
                else buttons.current.delete(t.id);
              }}
              id={tabId(t.id)}
              type="button"
              role="tab"
              aria-selected={active}
              aria-controls={panelId}
              tabIndex={active ? 0 : -1}
              className={`tab-strip-tab ${active ? 'tab-strip-active' : ''} ${t.count === 0 ? 'tab-strip-empty' : ''}`}
              data-testid={`tab-${t.id}`}
              onClick={() => onSelect(t.id)}
            >
              {t.label}
              {t.count !== undefined ? <span className="tab-strip-count">{formatCount(t.count)}</span> : null}
            </button>
          );
        })}
      </div>
      <div className={props.panelClassName} role="tabpanel" id={panelId} aria-labelledby={tabId(selected)}>
        {props.children}
      </div>
    </>
  );
}
