// The Maps tab: the provider's value and bit maps (how many fields use each) beside the chosen map's
// entries (value, hex, message). A field's map link or a followed hit opens it at that map.
import { useMemo, useState } from 'react';
import type { MapSchema, ProviderSchema } from '@common/model/schema';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import { useProvidersStore } from './providers-store';
import { countColumn, messageColumn, valueColumn } from './schema-columns';

const hex = (v: number) => `0x${v.toString(16)}`;

interface MapRow {
  map: MapSchema;
  fields: number;
}

export function MapsTab({ provider }: { provider: ProviderSchema }) {
  const highlight = useProvidersStore((s) => s.highlight);
  const rows = useMemo<MapRow[]>(() => {
    const used = new Map<string, number>();
    const walk = (fields: ProviderSchema['events'][number]['fields']) => {
      for (const f of fields) {
        if (f.map) used.set(f.map, (used.get(f.map) ?? 0) + 1);
        if (f.fields) walk(f.fields);
      }
    };
    for (const e of provider.events) walk(e.fields);
    return provider.maps.map((map) => ({ map, fields: used.get(map.name) ?? 0 }));
  }, [provider]);
  const wanted = highlight?.where === 'map' ? highlight.text : undefined;
  const [chosen, setChosen] = useState<string | undefined>(wanted);
  const selectedName = chosen ?? rows[0]?.map.name;
  const selected = rows.find((r) => r.map.name === selectedName)?.map;

  const mapColumns: DataGridColumn<MapRow>[] = [
    {
      id: 'name',
      label: 'Map',
      width: 180,
      grow: 1,
      mono: true,
      render: (r) => r.map.name,
      sort: (r) => r.map.name,
    },
    { id: 'kind', label: 'Kind', width: 64, render: (r) => r.map.kind, sort: (r) => r.map.kind },
    countColumn((r) => r.map.entries.length, { id: 'entries', label: 'Entries' }),
    countColumn((r) => r.fields, {
      id: 'fields',
      label: 'Used by',
      headerTitle: 'Fields (in events) that use this map',
    }),
  ];
  const entryColumns: DataGridColumn<MapSchema['entries'][number]>[] = [
    valueColumn((e) => e.value, 80),
    {
      id: 'hex',
      label: 'Hex',
      width: 96,
      align: 'right',
      mono: true,
      render: (e) => hex(e.value),
      sort: (e) => e.value,
    },
    messageColumn((e) => e.message, { width: 200, grow: 1, sortable: true }),
  ];
  if (rows.length === 0)
    return <div className="detail-empty">This provider defines no value or bit maps.</div>;
  return (
    <div className="tab-columns tab-columns-side">
      <section className="tab-section">
        <h3 className="section-title">Maps ({rows.length})</h3>
        <DataGrid
          rows={rows}
          columns={mapColumns}
          rowKey={(r) => r.map.name}
          label="Maps"
          testId="maps-grid"
          selectedKey={selectedName}
          onSelect={(r) => setChosen(r.map.name)}
          defaultSort={{ column: 'name', descending: false }}
        />
      </section>
      <section className="tab-section">
        <h3 className="section-title">
          {selected ? (
            <>
              <span className="mono">{selected.name}</span> · {selected.kind} map · {selected.entries.length}{' '}
              entries
            </>
          ) : (
            'Entries'
          )}
        </h3>
        <DataGrid
          key={selectedName}
          rows={selected?.entries ?? []}
          columns={entryColumns}
          rowKey={(e) => String(e.value)}
          label="Map entries"
          testId="map-entries-grid"
          defaultSort={{ column: 'value', descending: false }}
          empty="No entries."
        />
      </section>
    </div>
  );
}
