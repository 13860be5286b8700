// Saved filters: a named list in localStorage. Apply one (it replaces the filter text and runs),
// delete one, or save the current filter under a name.
import { useState } from 'react';
import { Popover } from '../../components/Popover';
import { useUiStore } from '../../stores/ui-store';
import { useEventsStore } from './events-store';
import { deleteFilter, loadSavedFilters, saveFilter, type SavedFilter } from './saved-filters';

export function SavedFilters() {
  return (
    <Popover label="Saved filters" title="Saved filters" testId="saved-filters" align="right">
      {(close) => <SavedFiltersPanel close={close} />}
    </Popover>
  );
}

function SavedFiltersPanel({ close }: { close(): void }) {
  const [list, setList] = useState<SavedFilter[]>(loadSavedFilters);
  const [name, setName] = useState('');
  const current = useUiStore((s) => s.filterText);
  const apply = async (f: SavedFilter) => {
    useUiStore.getState().setFilterText(f.text);
    if (await useEventsStore.getState().applyFilter(f.text)) close();
  };
  return (
    <div className="saved-filters" data-testid="saved-filters-panel">
      {list.length === 0 ? <p className="ev-muted">No saved filters yet.</p> : null}
      <ul className="saved-list">
        {list.map((f) => (
          <li key={f.name}>
            <button type="button" className="saved-apply" title={f.text} onClick={() => void apply(f)}>
              <span className="saved-name">{f.name}</span>
              <span className="saved-text mono">{f.text}</span>
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`Delete saved filter ${f.name}`}
              onClick={() => setList(deleteFilter(f.name))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="saved-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() === '' || current.trim() === '') return;
          setList(saveFilter(name.trim(), current));
          setName('');
        }}
      >
        <input
          className="text-input"
          placeholder={current.trim() ? 'Name for the current filter' : 'Type a filter first'}
          aria-label="Name for the current filter"
          value={name}
          disabled={current.trim() === ''}
          onChange={(e) => setName(e.target.value)}
          data-testid="saved-filter-name"
        />
        <button type="submit" className="button" disabled={current.trim() === '' || name.trim() === ''}>
          Save
        </button>
      </form>
    </div>
  );
}
