// The property columns of a CSV or Parquet export: chips for the chosen ones, a field that suggests
// property names the capture's events have (the filter bar's completions for `props.`), Enter adds
// what is typed. The header columns every row has are listed above, for reference.
import { useEffect, useState } from 'react';
import { EXPORT_HEADER_COLUMNS } from '@common/ipc/messages';
import { etw } from '../../api/etw';

const MAX_SUGGESTIONS = 12;

export function ColumnPicker(props: {
  viewId: string | undefined;
  columns: string[];
  onChange(columns: string[]): void;
}) {
  const { viewId, columns, onChange } = props;
  const [text, setText] = useState('');
  const [suggestions, setSuggestions] = useState<string[]>([]);

  useEffect(() => {
    if (!viewId) return;
    let current = true;
    const query = `props.${text.trim()}`;
    void etw.invoke('view.completions', { viewId, text: query, cursor: query.length }).then((r) => {
      if (!current || !r.ok) return;
      setSuggestions(
        r.value.items
          .filter((i) => i.kind === 'property')
          .map((i) => i.label)
          .slice(0, MAX_SUGGESTIONS),
      );
    });
    return () => {
      current = false;
    };
  }, [viewId, text]);

  const add = (name: string) => {
    const clean = name.trim().replace(/^props\./, '');
    if (clean !== '' && !columns.includes(clean)) onChange([...columns, clean]);
    setText('');
  };
  const offered = suggestions.filter((s) => !columns.includes(s));

  return (
    <div className="exp-columns">
      <p className="exp-hint">
        Every row has the header columns <span className="mono">{EXPORT_HEADER_COLUMNS.join(', ')}</span>; add
        properties as columns of their own:
      </p>
      <div className="exp-chips" data-testid="export-columns">
        {columns.map((c) => (
          <span key={c} className="exp-chip mono" data-testid="export-column-chip">
            {c}
            <button
              type="button"
              aria-label={`Remove the ${c} column`}
              onClick={() => onChange(columns.filter((x) => x !== c))}
            >
              ×
            </button>
          </span>
        ))}
        <input
          className="text-input mono exp-column-input"
          data-testid="export-column-input"
          placeholder={columns.length ? 'Another property…' : 'Property name, e.g. size or Header.Size'}
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add(text);
            }
          }}
        />
      </div>
      {offered.length > 0 ? (
        <div className="exp-suggestions" aria-label="Properties in this capture">
          {offered.map((s) => (
            <button
              key={s}
              type="button"
              className="exp-suggestion mono"
              data-testid="export-column-suggestion"
              onClick={() => add(s)}
            >
              + {s}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
