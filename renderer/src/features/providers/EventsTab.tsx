// The Events tab: every event of the provider in a sortable table (id, version, name, level, opcode,
// task, keywords, channel, message, template) with a filter box (text in any column, or an exact id),
// optionally only the events the keyword picker's selection lets through; the selected event's
// definition and fields below.
import { useEffect, useMemo, useState } from 'react';
import type { EventSchema, ProviderSchema } from '@common/model/schema';
import { formatCount } from '../../lib/format';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import { eventPasses, orMasks } from './keyword-mask';
import { EventFields } from './EventFields';
import { messageColumn } from './schema-columns';
import { usePicker, useProvidersStore } from './providers-store';
import {
  channelName,
  eventKey,
  eventName,
  keywordNames,
  levelName,
  opcodeName,
  taskName,
} from './schema-names';

interface EventRow {
  key: string;
  event: EventSchema;
  name: string;
  level: string;
  opcode: string;
  task: string;
  keywords: string;
  channel: string;
  /** Everything the filter box looks at, lower-cased. */
  haystack: string;
}

function rowsOf(p: ProviderSchema): EventRow[] {
  return p.events.map((e) => {
    const name = eventName(p, e);
    const level = levelName(p, e.level) ?? String(e.level);
    const opcode = opcodeName(p, e.task, e.opcode) ?? String(e.opcode);
    const task = taskName(p, e.task) ?? String(e.task);
    const keywords = keywordNames(p, e.keywords).join(', ');
    const channel = channelName(p, e.channel) ?? (e.channel !== undefined ? String(e.channel) : '');
    const haystack = [
      name,
      e.symbol,
      level,
      opcode,
      task,
      keywords,
      e.keywords,
      channel,
      e.message,
      e.template,
    ]
      .filter(Boolean)
      .join('\n')
      .toLowerCase();
    return { key: eventKey(e), event: e, name, level, opcode, task, keywords, channel, haystack };
  });
}

const COLUMNS: DataGridColumn<EventRow>[] = [
  {
    id: 'id',
    label: 'ID',
    width: 56,
    align: 'right',
    mono: true,
    render: (r) => r.event.id,
    sort: (r) => r.event.id * 256 + r.event.version,
  },
  {
    id: 'version',
    label: 'Ver',
    width: 40,
    align: 'right',
    mono: true,
    render: (r) => r.event.version,
    sort: (r) => r.event.version,
  },
  {
    id: 'name',
    label: 'Name',
    width: 170,
    grow: 1.4,
    render: (r) => r.name,
    sort: (r) => r.name,
    title: (r) => r.event.symbol ?? r.name,
  },
  {
    id: 'level',
    label: 'Level',
    width: 108,
    render: (r) => r.level,
    sort: (r) => r.event.level,
    title: (r) => `${r.level} (${r.event.level})`,
  },
  {
    id: 'opcode',
    label: 'Opcode',
    width: 90,
    render: (r) => r.opcode,
    sort: (r) => r.opcode,
    title: (r) => `${r.opcode} (${r.event.opcode})`,
  },
  {
    id: 'task',
    label: 'Task',
    width: 120,
    grow: 0.6,
    render: (r) => r.task,
    sort: (r) => r.task,
    title: (r) => `${r.task} (${r.event.task})`,
  },
  {
    id: 'keywords',
    label: 'Keywords',
    width: 150,
    grow: 1,
    render: (r) => (
      <>
        <span className="mono faint">{r.event.keywords}</span> {r.keywords}
      </>
    ),
    sort: (r) => r.keywords,
    title: (r) => `${r.event.keywords}\n${r.keywords.split(', ').join('\n')}`,
  },
  {
    id: 'channel',
    label: 'Channel',
    width: 100,
    render: (r) => r.channel,
    sort: (r) => r.channel,
    title: (r) => r.channel,
  },
  messageColumn((r) => r.event.message, { width: 160, grow: 1.6, sortable: true }),
  {
    id: 'template',
    label: 'Template',
    width: 120,
    mono: true,
    render: (r) => r.event.template ?? '',
    sort: (r) => r.event.template ?? '',
  },
];

export function EventsTab({ provider }: { provider: ProviderSchema }) {
  const selectedEvent = useProvidersStore((s) => s.selectedEvent);
  const selectEvent = useProvidersStore((s) => s.selectEvent);
  const picker = usePicker(provider.guid);
  const [filter, setFilter] = useState('');
  const [onlyPicked, setOnlyPicked] = useState(false);
  const all = useMemo(() => rowsOf(provider), [provider]);

  const pickerActive = picker.ticked.length > 0 || picker.level !== 5;
  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const id = /^#?\d+$/.test(q) ? Number(q.replace('#', '')) : undefined;
    const any = orMasks(picker.ticked);
    const selection = { matchAny: any, matchAll: picker.requireAll ? any : 0n, level: picker.level };
    return all.filter(
      (r) =>
        (!q || (id !== undefined ? r.event.id === id : r.haystack.includes(q))) &&
        (!onlyPicked || eventPasses(r.event.keywords, r.event.level, selection)),
    );
  }, [all, filter, onlyPicked, picker]);

  const selectedKey = selectedEvent ? eventKey(selectedEvent) : undefined;
  const selected = selectedKey ? all.find((r) => r.key === selectedKey)?.event : undefined;
  // A provider opens with its first event (lowest id, then version) selected, so its fields show.
  useEffect(() => {
    if (selected || provider.events.length === 0) return;
    const first = provider.events.reduce((a, b) =>
      b.id < a.id || (b.id === a.id && b.version < a.version) ? b : a,
    );
    selectEvent({ id: first.id, version: first.version });
  }, [selected, provider, selectEvent]);

  return (
    <div className="events-tab">
      <div className="tab-toolbar">
        <input
          className="tab-filter"
          data-testid="event-filter"
          aria-label="Filter events"
          placeholder="Filter: name, id, task, keyword, message…"
          spellCheck={false}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <label
          className={`check ${pickerActive ? '' : 'check-disabled'}`}
          title="Only the events the keyword selection (Keywords tab) and level let through"
        >
          <input
            type="checkbox"
            checked={onlyPicked && pickerActive}
            disabled={!pickerActive}
            onChange={(e) => setOnlyPicked(e.target.checked)}
          />
          Only the keyword selection
        </label>
        <span className="tab-count" data-testid="event-count">
          {rows.length === all.length
            ? `${formatCount(all.length)} event${all.length === 1 ? '' : 's'}`
            : `${formatCount(rows.length)} of ${formatCount(all.length)} events`}
        </span>
      </div>
      <div className="events-split">
        <DataGrid
          rows={rows}
          columns={COLUMNS}
          rowKey={(r) => r.key}
          label="Events"
          testId="events-grid"
          selectedKey={selectedKey}
          onSelect={(r) => selectEvent({ id: r.event.id, version: r.event.version })}
          defaultSort={{ column: 'id', descending: false }}
          empty={all.length === 0 ? 'This provider defines no events.' : 'No event matches the filter.'}
        />
        <div className="events-detail">
          {selected ? (
            <EventFields key={selectedKey} provider={provider} event={selected} />
          ) : (
            <div className="detail-empty">Select an event to see its fields.</div>
          )}
        </div>
      </div>
    </div>
  );
}
