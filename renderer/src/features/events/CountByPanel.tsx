// "Count by": a panel beside the event table that counts the view's events by one column (provider,
// event, process, pid, tid, level, opcode, cpu), noisiest first, with a bar per group. Clicking a
// group (or its +) narrows the view to it; − excludes it: the spam filter of tools like
// InstantTraceViewer, over the whole view (counted in the services by `view.groups`). Recounted when
// the view changes, at most every REFRESH_MS while a capture grows.
import { useEffect, useRef, useState } from 'react';
import { GROUP_COLUMNS, type GroupColumn, type ViewGroups } from '@common/ipc/messages';
import { etw } from '../../api/etw';
import { formatCount } from '../../lib/format';
import { useEventsStore } from './events-store';
import { refineFilter } from './refine';

const LIMIT = 200;
const REFRESH_MS = 1000;

const LABELS: Record<GroupColumn, string> = {
  provider: 'Provider',
  event: 'Event',
  process: 'Process',
  pid: 'PID',
  tid: 'TID',
  level: 'Level',
  opcode: 'Opcode',
  cpu: 'CPU',
};

export function CountByPanel() {
  const viewId = useEventsStore((s) => s.viewId);
  const version = useEventsStore((s) => s.timelineVersion);
  const column = useEventsStore((s) => s.groupColumn);
  const setGroups = useEventsStore((s) => s.setGroups);
  const [groups, setGroupsResult] = useState<ViewGroups>();
  const [error, setError] = useState<string>();
  const [counting, setCounting] = useState(false);
  const lastFetch = useRef(0);

  const lastAsked = useRef('');
  useEffect(() => {
    if (!viewId) return;
    // A new view or column is counted at once; growth of the same view at most every REFRESH_MS.
    const asked = `${viewId}\u0000${column}`;
    const wait =
      asked === lastAsked.current ? Math.max(0, lastFetch.current + REFRESH_MS - performance.now()) : 0;
    lastAsked.current = asked;
    let stale = false;
    const timer = setTimeout(() => {
      lastFetch.current = performance.now();
      setCounting(true);
      void etw.invoke('view.groups', { viewId, column, limit: LIMIT }).then((r) => {
        if (stale) return;
        setCounting(false);
        if (r.ok) {
          setGroupsResult(r.value);
          setError(undefined);
        } else setError(r.error.message);
      });
    }, wait);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [viewId, version, column]);

  const shown = groups?.column === column ? groups : undefined;
  const peak = shown?.groups[0]?.count ?? 0;
  return (
    <aside className="ev-groups" aria-label="Count by" data-testid="count-by">
      <div className="ev-groups-head">
        <label>
          Count by{' '}
          <select
            value={column}
            onChange={(e) => setGroups(true, e.target.value as GroupColumn)}
            data-testid="count-by-column"
          >
            {GROUP_COLUMNS.map((c) => (
              <option key={c} value={c}>
                {LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <span className="ev-muted">{counting ? 'Counting…' : ''}</span>
        <button
          type="button"
          className="icon-button"
          aria-label="Close Count by"
          onClick={() => setGroups(false)}
        >
          ×
        </button>
      </div>
      {error ? <p className="status-error ev-groups-note">{error}</p> : null}
      <ul className="ev-groups-list" role="list">
        {shown?.groups.map((g) => (
          <li key={g.filter} className="ev-group" data-testid="count-by-group">
            <button
              type="button"
              className="ev-group-main"
              title={`${g.detail ? `${g.label} (${g.detail})\n` : ''}Show only: ${g.filter}`}
              onClick={() => refineFilter(g.filter)}
            >
              <span
                className="ev-group-bar"
                style={{ width: `${peak > 0 ? Math.max(1, (100 * g.count) / peak) : 0}%` }}
                aria-hidden="true"
              />
              <span className="ev-group-label">
                {g.label}
                {g.detail ? <span className="ev-muted"> {g.detail}</span> : null}
              </span>
              <span className="ev-group-count">{formatCount(g.count)}</span>
            </button>
            <button
              type="button"
              className="ev-group-action"
              title={`Exclude: not (${g.filter})`}
              aria-label={`Exclude ${g.label}`}
              data-testid="count-by-exclude"
              onClick={() => refineFilter(`not (${g.filter})`)}
            >
              −
            </button>
          </li>
        ))}
      </ul>
      {shown ? (
        <p className="ev-muted ev-groups-note" data-testid="count-by-summary">
          {formatCount(shown.groups.length + shown.otherGroups)} groups · {formatCount(shown.total)} events
          {shown.otherGroups > 0
            ? ` · ${formatCount(shown.otherGroups)} smaller groups (${formatCount(shown.otherEvents)} events) not listed`
            : ''}
        </p>
      ) : null}
    </aside>
  );
}
