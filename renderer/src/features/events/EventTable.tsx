// The event table: an accessible grid (role=grid/row/gridcell/columnheader, aria-rowcount,
// aria-rowindex, aria-sort, aria-activedescendant) over a view of any size. @tanstack/react-virtual
// tracks the scroll position and picks the rows in view; scaled-rows.ts maps millions of rows onto
// a scrollable height browsers can handle; row data comes from the page cache (row-cache.ts). The
// grid keeps focus and moves an active cell: arrows, PgUp/PgDn, Home/End (Ctrl: first/last row),
// Enter opens the detail pane, Shift+F10 or the context-menu key opens the cell menu. Clicking a
// sortable header (property columns too) sorts, its mark showing "…" (aria-busy) until the engine
// has sorted; dragging a header's right edge resizes the column.
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { EventRow } from '@common/ipc/messages';
import { useUiStore } from '../../stores/ui-store';
import type { ColumnDef, TimeMode } from './columns';
import { rowCache, useEventsStore } from './events-store';
import { HEADER_HEIGHT, ROW_HEIGHT, rowGeometry, scrollTopFor } from './scaled-rows';

export interface CellMenuRequest {
  row: EventRow;
  column: ColumnDef;
  x: number;
  y: number;
}

const OVERSCAN = 3;
/** Rows are placed relative to an anchor that moves in blocks, so their positions rarely change. */
const ANCHOR_BLOCK = 256;
/** How long a fast-moving view must rest before its rows are fetched. */
const FLING_REST_MS = 60;

export function EventTable(props: { columns: ColumnDef[]; onCellMenu(request: CellMenuRequest): void }) {
  const { columns, onCellMenu } = props;
  const total = useEventsStore((s) => s.total);
  const rowsVersion = useEventsStore((s) => s.rowsVersion);
  const selectedIndex = useEventsStore((s) => s.selectedIndex);
  const selectedSeq = useEventsStore((s) => s.selectedSeq);
  const sort = useEventsStore((s) => s.sort);
  const sorting = useEventsStore((s) => s.sorting);
  const follow = useEventsStore((s) => s.follow);
  const timeMode = useEventsStore((s) => s.timeMode);
  const viewId = useEventsStore((s) => s.viewId);
  const revealSerial = useEventsStore((s) => s.revealSerial);
  const findText = useUiStore((s) => (s.findOpen ? s.findText : ''));
  const { select, setSort, setFollow, setDetailOpen } = useEventsStore.getState();

  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewportHeight, setViewportHeight] = useState(600);
  const [activeColumn, setActiveColumn] = useState(0);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const programmatic = useRef(false);
  const wheelRemainder = useRef(0);

  const geometry = rowGeometry(total, viewportHeight);
  const widthOf = (c: ColumnDef) => widths[c.id] ?? c.width;
  const tableWidth = columns.reduce((sum, c) => sum + widthOf(c), 0);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => geometry.unit,
    overscan: 0,
    rangeExtractor: (range) => {
      const start = Math.max(0, range.startIndex - OVERSCAN);
      const end = Math.min(range.count - 1, range.startIndex + geometry.visibleRows + OVERSCAN);
      const out: number[] = [];
      for (let i = start; i <= end; i++) out.push(i);
      return out;
    },
  });
  useLayoutEffect(() => virtualizer.measure(), [geometry.unit, virtualizer]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    observer.observe(el);
    setViewportHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  const scrollTo = useCallback((top: number) => {
    const el = scrollRef.current;
    if (!el || Math.abs(el.scrollTop - top) < 0.5) return;
    programmatic.current = true;
    el.scrollTop = top;
  }, []);

  // A new view starts at the top; a following view stays at the bottom as it grows.
  useLayoutEffect(() => {
    scrollTo(0);
  }, [viewId, sort, scrollTo]);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (follow && el) scrollTo(el.scrollHeight - el.clientHeight);
  }, [follow, total, scrollTo]);

  // Find and locate ask for the selected row to be shown.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const index = useEventsStore.getState().selectedIndex;
    if (el && index >= 0 && revealSerial > 0) scrollTo(scrollTopFor(index, el.scrollTop, geometry));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new reveal request scrolls
  }, [revealSerial, scrollTo]);

  // Huge views scroll by rows, not by scaled pixels: the wheel is taken over once rows are shrunk.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || geometry.unit >= ROW_HEIGHT) return;
    const onWheel = (e: WheelEvent) => {
      if (e.ctrlKey || Math.abs(e.deltaY) < Math.abs(e.deltaX)) return;
      e.preventDefault();
      const px =
        e.deltaMode === 1 ? e.deltaY * ROW_HEIGHT : e.deltaMode === 2 ? e.deltaY * el.clientHeight : e.deltaY;
      wheelRemainder.current += (px / ROW_HEIGHT) * geometry.unit;
      const step = Math.trunc(wheelRemainder.current);
      if (step !== 0) {
        wheelRemainder.current -= step;
        el.scrollTop += step;
      }
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [geometry.unit]);

  const items = virtualizer.getVirtualItems();
  const scrollTop = virtualizer.scrollOffset ?? 0;
  const firstFloat = scrollTop / geometry.unit;
  const anchor = Math.floor(firstFloat / ANCHOR_BLOCK) * ANCHOR_BLOCK;
  const windowTop = scrollTop + (anchor - firstFloat) * ROW_HEIGHT;

  // Stable callbacks for the memoized rows; they read the latest state through a ref.
  const latest = useRef({ columns, onCellMenu });
  latest.current = { columns, onCellMenu };
  const rowActions = useMemo<RowActions>(
    () => ({
      select(index, seq, column) {
        select(index, seq);
        setActiveColumn(column);
      },
      open: () => setDetailOpen(true),
      menu(index, column, x, y) {
        const row = rowCache.row(index);
        const col = latest.current.columns[column];
        if (!row || !col) return;
        select(index, row.seq);
        setActiveColumn(column);
        latest.current.onCellMenu({ row, column: col, x, y });
      },
    }),
    [select, setDetailOpen],
  );
  // Rows are keyed by slot (index modulo the most rows in view), so a row scrolled in takes over the
  // DOM of the row that left: cells get new text instead of being built anew.
  const slots = geometry.visibleRows + 2 * OVERSCAN + 1;
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  // Rows are fetched for where the view is. While the scrollbar is dragged across the view (jumps of
  // more than two screens, one after another) nothing is fetched until it rests for FLING_REST_MS:
  // rows flying past cannot be read, and fetching them would only slow the frames and queue work in
  // the services. A single jump (a click in the scrollbar, Ctrl+End) fetches at once.
  const shownFirst = useRef(first);
  const lastJumpAt = useRef(-Infinity);
  useEffect(() => {
    const jumped = Math.abs(first - shownFirst.current) > 2 * geometry.visibleRows;
    shownFirst.current = first;
    const now = performance.now();
    const flinging = jumped && now - lastJumpAt.current < FLING_REST_MS;
    if (jumped) lastJumpAt.current = now;
    if (!flinging) {
      rowCache.ensure(first, last, total);
      return;
    }
    const timer = setTimeout(() => rowCache.ensure(first, last, total), FLING_REST_MS);
    return () => clearTimeout(timer);
  }, [first, last, total, rowsVersion, geometry.visibleRows]);

  // A selection made before its row arrived (End on a huge view) gets its detail once the row is here.
  useEffect(() => {
    if (selectedIndex < 0 || selectedSeq !== undefined) return;
    const row = rowCache.row(selectedIndex);
    if (row) select(selectedIndex, row.seq);
  }, [rowsVersion, selectedIndex, selectedSeq, select]);

  const moveTo = (index: number) => {
    if (total === 0) return;
    const i = Math.max(0, Math.min(total - 1, index));
    select(i, rowCache.row(i)?.seq);
    const el = scrollRef.current;
    if (el) scrollTo(scrollTopFor(i, el.scrollTop, geometry));
    if (follow && i < total - 1) void setFollow(false);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, geometry.visibleRows - 1);
    const at = selectedIndex < 0 ? Math.floor(scrollTop / geometry.unit) - 1 : selectedIndex;
    switch (e.key) {
      case 'ArrowDown':
        moveTo(at + 1);
        break;
      case 'ArrowUp':
        moveTo(at - 1);
        break;
      case 'PageDown':
        moveTo(at + page);
        break;
      case 'PageUp':
        moveTo(at - page);
        break;
      case 'Home':
        if (e.ctrlKey || e.metaKey) moveTo(0);
        else setActiveColumn(0);
        break;
      case 'End':
        if (e.ctrlKey || e.metaKey) moveTo(total - 1);
        else setActiveColumn(columns.length - 1);
        break;
      case 'ArrowRight':
        setActiveColumn((c) => Math.min(columns.length - 1, c + 1));
        break;
      case 'ArrowLeft':
        setActiveColumn((c) => Math.max(0, c - 1));
        break;
      case 'Enter':
        if (selectedIndex >= 0) setDetailOpen(true);
        break;
      case 'ContextMenu':
      case 'F10': {
        if (e.key === 'F10' && !e.shiftKey) return;
        const row = rowCache.row(selectedIndex);
        const column = columns[activeColumn];
        const cell = document.getElementById(cellId(selectedIndex, activeColumn));
        if (!row || !column || !cell) return;
        const box = cell.getBoundingClientRect();
        onCellMenu({ row, column, x: box.left + 8, y: box.bottom });
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  const onScroll = () => {
    if (programmatic.current) {
      programmatic.current = false;
      return;
    }
    const el = scrollRef.current;
    if (follow && el && el.scrollTop < el.scrollHeight - el.clientHeight - 2 * ROW_HEIGHT)
      void setFollow(false);
  };

  // The header re-renders only when columns, widths or the sort change, not on every scrolled frame.
  const header = useMemo(
    () => (
      <div
        className="ev-header"
        role="row"
        aria-rowindex={1}
        style={{ width: tableWidth, height: HEADER_HEIGHT }}
      >
        {columns.map((c, ci) => {
          const sorted = c.sort !== undefined && sort.column === c.sort;
          const pending = c.sort !== undefined && sorting?.column === c.sort;
          // A second click while the first sort runs turns the direction it asked for.
          const shown = pending ? sorting : sorted ? sort : undefined;
          return (
            <div
              key={c.id}
              role="columnheader"
              aria-colindex={ci + 1}
              aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : undefined}
              aria-busy={pending || undefined}
              className={`ev-th ${c.sort ? 'ev-th-sortable' : ''} ${c.align === 'right' ? 'ev-right' : ''}`}
              style={{ width: widthOf(c) }}
              data-testid={`col-${c.id}`}
              title={c.sort ? `Sort by ${c.label}` : c.label}
              onClick={() => {
                if (!c.sort) return;
                void setSort({ column: c.sort, descending: shown ? !shown.descending : false });
              }}
            >
              <span className="ev-th-label">{c.label}</span>
              {pending ? (
                <span className="ev-sort-mark" title="Sorting…" data-testid="sort-busy">
                  …
                </span>
              ) : sorted ? (
                <span className="ev-sort-mark">{sort.descending ? '▼' : '▲'}</span>
              ) : null}
              <span
                className="ev-resizer"
                onClick={(e) => e.stopPropagation()}
                onPointerDown={(e) => {
                  e.stopPropagation();
                  const startX = e.clientX;
                  const startWidth = widthOf(c);
                  const target = e.currentTarget;
                  target.setPointerCapture(e.pointerId);
                  const onMove = (m: PointerEvent) =>
                    setWidths((w) => ({ ...w, [c.id]: Math.max(36, startWidth + m.clientX - startX) }));
                  const onUp = () => {
                    target.removeEventListener('pointermove', onMove);
                    target.removeEventListener('pointerup', onUp);
                  };
                  target.addEventListener('pointermove', onMove);
                  target.addEventListener('pointerup', onUp);
                }}
              />
            </div>
          );
        })}
      </div>
    ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- widthOf and setSort read only these
    [columns, widths, sort, sorting, tableWidth],
  );

  return (
    <div
      ref={scrollRef}
      className="ev-grid"
      role="grid"
      tabIndex={0}
      aria-label="Events"
      aria-rowcount={total + 1}
      aria-colcount={columns.length}
      aria-activedescendant={
        selectedIndex >= 0 && selectedIndex >= first && selectedIndex <= last
          ? cellId(selectedIndex, activeColumn)
          : undefined
      }
      data-testid="event-grid"
      onKeyDown={onKeyDown}
      onScroll={onScroll}
    >
      {header}
      <div className="ev-body" role="rowgroup" style={{ height: geometry.bodyHeight, width: tableWidth }}>
        <div className="ev-window" style={{ transform: `translateY(${windowTop}px)` }}>
          {items.map((item) => (
            <EventRowView
              key={item.index % slots}
              index={item.index}
              top={(item.index - anchor) * ROW_HEIGHT}
              row={rowCache.row(item.index)}
              selected={item.index === selectedIndex}
              activeColumn={item.index === selectedIndex ? activeColumn : -1}
              columns={columns}
              widths={widths}
              width={tableWidth}
              timeMode={timeMode}
              findText={findText}
              actions={rowActions}
            />
          ))}
        </div>
      </div>
    </div>
  );
}

interface RowActions {
  select(index: number, seq: number | undefined, column: number): void;
  open(): void;
  menu(index: number, column: number, x: number, y: number): void;
}

/**
 * One row. Memoized: while the view scrolls only the window moves (one transform), so rows that stay
 * in view keep their props and do not re-render; rows entering at the edges reuse the leaving rows' slots.
 */
const EventRowView = memo(function EventRowView(props: {
  index: number;
  top: number;
  row: EventRow | undefined;
  selected: boolean;
  activeColumn: number;
  columns: ColumnDef[];
  widths: Record<string, number>;
  width: number;
  timeMode: TimeMode;
  findText: string;
  actions: RowActions;
}) {
  const { index, row, columns, widths, actions } = props;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={props.selected}
      className={`ev-row ${props.selected ? 'ev-row-selected' : ''} ${row ? levelClass(row.event.level) : 'ev-row-pending'}`}
      style={{ transform: `translateY(${props.top}px)`, width: props.width }}
      data-index={index}
      onDoubleClick={actions.open}
    >
      {columns.map((c, ci) => (
        <div
          key={c.id}
          id={cellId(index, ci)}
          role="gridcell"
          aria-colindex={ci + 1}
          className={`ev-td ${c.mono ? 'mono' : ''} ${c.align === 'right' ? 'ev-right' : ''} ${ci === props.activeColumn ? 'ev-td-active' : ''}`}
          style={{ width: widths[c.id] ?? c.width }}
          onMouseDown={() => actions.select(index, row?.seq, ci)}
          onContextMenu={(e) => {
            e.preventDefault();
            actions.menu(index, ci, e.clientX, e.clientY);
          }}
        >
          {row ? highlight(visible(c.text(row, props.timeMode)), props.findText) : ci === 0 ? '…' : ''}
        </div>
      ))}
    </div>
  );
});

/** Characters a cell can show at most (more would only cost layout: the cell ends in an ellipsis). */
const CELL_CHARS = 300;
const visible = (text: string) => (text.length > CELL_CHARS ? text.slice(0, CELL_CHARS) : text);

const cellId = (row: number, column: number) => `ev-cell-${row}-${column}`;

function levelClass(level: number): string {
  if (level === 1 || level === 2) return 'ev-row-error';
  if (level === 3) return 'ev-row-warning';
  return '';
}

/** The text with every occurrence of `needle` (ignoring case) marked. */
function highlight(text: string, needle: string): ReactNode {
  if (needle === '' || text === '') return text;
  const lower = text.toLowerCase();
  const n = needle.toLowerCase();
  let at = lower.indexOf(n);
  if (at < 0) return text;
  const parts: ReactNode[] = [];
  let from = 0;
  while (at >= 0 && parts.length < 20) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + n.length)}</mark>);
    from = at + n.length;
    at = lower.indexOf(n, from);
  }
  parts.push(text.slice(from));
  return parts;
}
