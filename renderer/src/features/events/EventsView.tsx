// Events: the table analysts live in. The toolbar and timeline on top, the virtualized grid, the
// detail pane beside it. Right-click on a cell offers "include / exclude this value" and "filter to
// this process"; Ctrl+F finds text in the rows (find bar: Enter next, Shift+Enter previous); the
// toolbar's pause freezes the view while a stream goes on; "Count by" (CountByPanel) shows what fills
// the view and narrows it with a click. With nothing open it offers to open a capture or the demo.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ContextMenu, type MenuItem } from '../../components/ContextMenu';
import { EmptyState } from '../../components/EmptyState';
import { etw } from '../../api/etw';
import { formatCount } from '../../lib/format';
import { useUiStore } from '../../stores/ui-store';
import { chooseAndOpen, openDemo } from '../open/open-actions';
import { columnById, timeClauses, type ColumnDef } from './columns';
import { DetailPane } from './DetailPane';
import { EventsToolbar } from './EventsToolbar';
import { EventTable, type CellMenuRequest } from './EventTable';
import { rowCache, useEventsStore } from './events-store';
import { quote } from './filter-text';
import { refineFilter } from './refine';
import { CountByPanel } from './CountByPanel';
import { Timeline } from './Timeline';
import './events.css';

export function EventsView() {
  const captureId = useEventsStore((s) => s.captureId);
  if (!captureId) {
    return (
      <EmptyState
        icon="events"
        title="No events to show"
        testId="view-events"
        actions={
          <>
            <button
              type="button"
              className="button button-primary"
              onClick={() => void chooseAndOpen('capture')}
            >
              Open capture…
            </button>
            <button type="button" className="button" onClick={() => void openDemo()}>
              Open demo
            </button>
          </>
        }
      >
        Nothing open yet. Open an .etl capture to see its events, filter them and inspect their fields.
      </EmptyState>
    );
  }
  return <EventsWorkspace />;
}

function EventsWorkspace() {
  const columnIds = useEventsStore((s) => s.columns);
  const detailOpen = useEventsStore((s) => s.detailOpen && s.selectedIndex >= 0);
  const groupsOpen = useEventsStore((s) => s.groupsOpen);
  const columns = useMemo(
    () => columnIds.map(columnById).filter((c): c is ColumnDef => c !== undefined),
    [columnIds],
  );
  const [menu, setMenu] = useState<CellMenuRequest>();
  const closeMenu = useCallback(() => setMenu(undefined), []);
  usePauseFollowsToolbar();
  useFind();

  return (
    <div className="ev-view" data-testid="view-events">
      <EventsToolbar />
      <Timeline />
      <div
        className={`ev-split ${detailOpen ? 'ev-split-detail' : ''} ${groupsOpen ? 'ev-split-groups' : ''}`}
      >
        {groupsOpen ? <CountByPanel /> : null}
        <EventTable columns={columns} onCellMenu={setMenu} />
        {detailOpen ? <DetailPane /> : null}
      </div>
      {menu ? (
        <ContextMenu x={menu.x} y={menu.y} items={menuItems(menu)} onClose={closeMenu} label="Cell actions" />
      ) : null}
    </div>
  );
}

/** The filter clauses a cell offers. */
function menuItems({ row, column }: CellMenuRequest): MenuItem[] {
  const refine = refineFilter;
  const items: MenuItem[] = [];
  const clause = column.clause?.(row);
  const why = `The ${column.label} column cannot be filtered by value`;
  items.push({
    label: 'Include this value',
    hint: clause ?? why,
    disabled: !clause,
    testId: 'menu-include',
    run: () => clause && refine(clause),
  });
  items.push({
    label: 'Exclude this value',
    hint: clause ? `not ${clause}` : why,
    disabled: !clause,
    testId: 'menu-exclude',
    run: () => clause && refine(`not ${clause}`),
  });
  const processClause = row.processName
    ? `process.name == ${quote(row.processName)}`
    : row.pid >= 0
      ? `pid == ${row.pid}`
      : undefined;
  items.push({
    label: 'Filter to this process',
    hint: processClause ?? 'This event has no process',
    disabled: !processClause,
    testId: 'menu-process',
    run: () => processClause && refine(processClause),
  });
  if (column.id === 'time') {
    const t = timeClauses(row);
    items.push({ label: 'Show from this time', hint: t.from, run: () => refine(t.from) });
    items.push({ label: 'Show until this time', hint: t.until, run: () => refine(t.until) });
  }
  items.push({
    label: 'Copy cell text',
    run: () => void navigator.clipboard?.writeText(column.text(row, useEventsStore.getState().timeMode)),
  });
  return items;
}

/** The toolbar's pause button (Space, Ctrl+P) freezes the view; resuming catches up. */
function usePauseFollowsToolbar(): void {
  const paused = useUiStore((s) => s.paused);
  const viewId = useEventsStore((s) => s.viewId);
  useEffect(() => {
    if (viewId) void useEventsStore.getState().setPaused(paused);
  }, [paused, viewId]);
}

/** Find next/previous (the find bar's requests) through view.find, which searches in the services. */
function useFind(): void {
  const request = useUiStore((s) => s.findRequest);
  useEffect(() => {
    if (request.serial === 0) return;
    const ui = useUiStore.getState();
    const events = useEventsStore.getState();
    const text = ui.findText;
    const viewId = events.viewId;
    if (!viewId || text === '') return;
    let cancelled = false;
    const backwards = request.backwards;
    const start =
      events.selectedIndex >= 0
        ? events.selectedIndex + (backwards ? -1 : 1)
        : backwards
          ? events.total - 1
          : 0;
    ui.setFindStatus('Searching…');
    void (async () => {
      let from = start;
      for (let round = 0; round < 400 && !cancelled; round++) {
        const r = await etw.invoke('view.find', { viewId, text, from, backwards });
        if (cancelled) return;
        if (!r.ok) {
          ui.setFindStatus(r.error.message);
          return;
        }
        if (r.value.index >= 0) {
          const index = r.value.index;
          useEventsStore.getState().reveal(index, rowCache.row(index)?.seq);
          ui.setFindStatus(`Row ${formatCount(index + 1)}`);
          return;
        }
        if (r.value.done) {
          ui.setFindStatus(backwards ? 'No earlier match' : 'No more matches');
          return;
        }
        from = r.value.next;
        ui.setFindStatus(`Searching… row ${formatCount(from + 1)}`);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [request]);
}
