// The filter box in the toolbar: the filter language with autocomplete (fields, operators, the
// capture's providers, event names and property names, from view.completions) and errors that point
// at the column: a bad filter underlines the offending characters, says why, and changes nothing.
// Enter applies (or takes the highlighted completion), Tab takes a completion, Escape closes the list
// and then leaves the box.
import { useEffect, useRef, useState } from 'react';
import type { FilterCompletion, FilterCompletions } from '@common/ipc/messages';
import { etw } from '../../api/etw';
import { formatCombo, isMac } from '../../lib/shortcuts';
import { useUiStore } from '../../stores/ui-store';
import { useEventsStore } from './events-store';

const SUGGEST_DELAY_MS = 120;
const MAX_SHOWN = 12;

export function FilterBox() {
  const text = useUiStore((s) => s.filterText);
  const setText = useUiStore((s) => s.setFilterText);
  const focusRequest = useUiStore((s) => s.focusRequest);
  const viewId = useEventsStore((s) => s.viewId);
  const applied = useEventsStore((s) => s.filter);
  const problem = useEventsStore((s) => s.filterProblem);
  const ref = useRef<HTMLInputElement>(null);
  const [suggest, setSuggest] = useState<FilterCompletions>();
  const [active, setActive] = useState(0);
  const [cursor, setCursor] = useState(0);
  const [focused, setFocused] = useState(false);
  /** The user moved into the list with the arrows: Enter takes the item instead of applying. */
  const suggestChosen = useRef(false);

  useEffect(() => {
    if (focusRequest?.target === 'filter') {
      ref.current?.focus();
      ref.current?.select();
    }
  }, [focusRequest]);

  useEffect(() => {
    if (!focused || !viewId) {
      setSuggest(undefined);
      return;
    }
    const timer = setTimeout(() => {
      void etw.invoke('view.completions', { viewId, text, cursor }).then((r) => {
        if (!r.ok) return;
        setSuggest(r.value.items.length > 0 ? r.value : undefined);
        setActive(0);
      });
    }, SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, cursor, focused, viewId]);

  const accept = (item: FilterCompletion) => {
    if (!suggest) return;
    const before = text.slice(0, suggest.from);
    const after = text.slice(suggest.to);
    const spaced = item.kind === 'field' || item.kind === 'operator' || item.kind === 'keyword' ? ' ' : '';
    const insert = item.insert + (after.startsWith(' ') ? '' : spaced);
    const next = before + insert + after;
    setText(next);
    setSuggest(undefined);
    suggestChosen.current = false;
    const at = before.length + insert.length;
    requestAnimationFrame(() => {
      ref.current?.setSelectionRange(at, at);
      setCursor(at);
    });
  };

  const apply = () => {
    setSuggest(undefined);
    void useEventsStore.getState().applyFilter(text);
  };

  const shown = problem ? [] : (suggest?.items.slice(0, MAX_SHOWN) ?? []);
  const dirty = text !== applied;

  return (
    <div className="filter-box">
      <input
        ref={ref}
        className={`toolbar-filter-input mono ${problem ? 'filter-invalid' : ''}`}
        data-testid="filter-input"
        aria-label="Filter events"
        aria-invalid={problem ? true : undefined}
        aria-autocomplete="list"
        aria-expanded={shown.length > 0}
        aria-controls="filter-suggestions"
        placeholder={`Filter events   (/ or ${formatCombo({ key: 'l', mod: true }, isMac())})`}
        spellCheck={false}
        value={text}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(e) => {
          setText(e.target.value);
          setCursor(e.target.selectionStart ?? e.target.value.length);
          if (problem) useEventsStore.getState().clearFilterProblem();
        }}
        onSelect={(e) => setCursor(e.currentTarget.selectionStart ?? 0)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && shown.length > 0) {
            setActive((a) => (a + 1) % shown.length);
          } else if (e.key === 'ArrowUp' && shown.length > 0) {
            setActive((a) => (a - 1 + shown.length) % shown.length);
          } else if (e.key === 'Tab' && shown.length > 0 && !e.shiftKey) {
            accept(shown[active] as FilterCompletion);
          } else if (e.key === 'Enter') {
            if (shown.length > 0 && suggestChosen.current) accept(shown[active] as FilterCompletion);
            else apply();
          } else if (e.key === 'Escape') {
            if (shown.length > 0) setSuggest(undefined);
            else e.currentTarget.blur();
          } else {
            suggestChosen.current = false;
            return;
          }
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') suggestChosen.current = true;
          e.preventDefault();
        }}
      />
      {dirty && !problem && focused ? <span className="filter-hint">Enter to apply</span> : null}
      {shown.length > 0 && focused ? (
        <ul
          className="filter-suggestions"
          id="filter-suggestions"
          role="listbox"
          data-testid="filter-suggestions"
        >
          {shown.map((item, i) => (
            <li
              key={`${item.kind}:${item.label}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'filter-suggestion-active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(item);
              }}
            >
              <span className="mono">{item.label}</span>
              <span className="filter-suggestion-kind">{item.detail ?? item.kind}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {problem ? (
        <div className="filter-error" role="alert" data-testid="filter-error">
          <div className="filter-error-text mono" aria-hidden="true">
            {text.slice(0, problem.offset)}
            <span className="filter-error-mark" data-testid="filter-error-mark">
              {text.slice(problem.offset, problem.offset + Math.max(1, problem.length)) || ' '}
            </span>
            {text.slice(problem.offset + Math.max(1, problem.length))}
          </div>
          <div>
            <span className="filter-error-where">Column {problem.offset + 1}:</span> {problem.message}
          </div>
        </div>
      ) : null}
    </div>
  );
}
