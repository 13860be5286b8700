// The column chooser: show or hide the built-in columns, add a property column (`props.Name`, with the
// property names of the capture offered), remove property columns, or go back to the defaults.
import { useEffect, useState } from 'react';
import { etw } from '../../api/etw';
import { Popover } from '../../components/Popover';
import { BUILTIN_COLUMNS, DEFAULT_COLUMNS, PROP_PREFIX } from './columns';
import { useEventsStore } from './events-store';

export function ColumnChooser() {
  return (
    <Popover label="Columns" title="Choose columns" testId="column-chooser" align="right">
      {() => <ColumnPanel />}
    </Popover>
  );
}

function ColumnPanel() {
  const columns = useEventsStore((s) => s.columns);
  const setColumns = useEventsStore((s) => s.setColumns);
  const viewId = useEventsStore((s) => s.viewId);
  const [property, setProperty] = useState('');
  const [known, setKnown] = useState<string[]>([]);

  useEffect(() => {
    if (!viewId) return;
    void etw
      .invoke('view.completions', { viewId, text: PROP_PREFIX, cursor: PROP_PREFIX.length })
      .then((r) => {
        if (r.ok) setKnown(r.value.items.filter((i) => i.kind === 'property').map((i) => i.label));
      });
  }, [viewId]);

  const toggle = (id: string) => {
    if (columns.includes(id)) setColumns(columns.filter((c) => c !== id));
    else {
      const order = BUILTIN_COLUMNS.map((c) => c.id);
      const next = [...columns, id].sort((a, b) => rank(order, a) - rank(order, b));
      setColumns(next);
    }
  };
  const props = columns.filter((c) => c.startsWith(PROP_PREFIX));

  return (
    <div className="column-panel" data-testid="column-panel">
      {BUILTIN_COLUMNS.map((c) => (
        <label key={c.id} className="check-row">
          <input type="checkbox" checked={columns.includes(c.id)} onChange={() => toggle(c.id)} />
          {c.label}
        </label>
      ))}
      {props.length > 0 ? <div className="column-panel-sep" /> : null}
      {props.map((id) => (
        <label key={id} className="check-row">
          <input type="checkbox" checked onChange={() => setColumns(columns.filter((c) => c !== id))} />
          <span className="mono">{id}</span>
        </label>
      ))}
      <form
        className="column-add"
        onSubmit={(e) => {
          e.preventDefault();
          const name = property.trim().replace(/^props\./, '');
          if (name === '' || columns.includes(PROP_PREFIX + name)) return;
          const at = columns.indexOf('summary');
          const next = [...columns];
          next.splice(at >= 0 ? at : next.length, 0, PROP_PREFIX + name);
          setColumns(next);
          setProperty('');
        }}
      >
        <input
          className="text-input mono"
          list="ev-property-names"
          placeholder="Add property column"
          aria-label="Property to add as a column"
          value={property}
          onChange={(e) => setProperty(e.target.value)}
          data-testid="column-add-input"
        />
        <datalist id="ev-property-names">
          {known.slice(0, 500).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <button type="submit" className="button">
          Add
        </button>
      </form>
      <button type="button" className="button button-link" onClick={() => setColumns(DEFAULT_COLUMNS)}>
        Reset to defaults
      </button>
    </div>
  );
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i >= 0 ? i : order.indexOf('summary') - 0.5;
}
