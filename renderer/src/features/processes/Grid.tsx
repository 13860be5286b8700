// The dense table of the Processes view (process list and tree, endpoints, images, DNS, alerts...):
// a sticky header whose cells sort on click (again = reverse; `sortable={false}` keeps the given
// order, as the tree does), rows drawn only where visible (@tanstack/react-virtual), one selected row
// (click, or ↑/↓/Home/End/PageUp/PageDown with focus; Enter or a double click "activates" it), and
// the selected row kept in view when the selection changes from outside.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface GridColumn<T> {
  id: string;
  label: string;
  /** Width in pixels; with `grow` the minimum, sharing what is left (as fr units). */
  width: number;
  grow?: number;
  align?: 'right';
  mono?: boolean;
  render(row: T): ReactNode;
  /** Present: the column sorts by this value. */
  sort?(row: T): number | string;
  title?(row: T): string | undefined;
  headerTitle?: string;
}

export interface GridSort {
  column: string;
  descending: boolean;
}

interface GridProps<T> {
  rows: readonly T[];
  columns: readonly GridColumn<T>[];
  rowKey(row: T): string;
  label: string;
  selectedKey?: string;
  onSelect?(row: T): void;
  onActivate?(row: T): void;
  defaultSort?: GridSort;
  sortable?: boolean;
  rowHeight?: number;
  testId?: string;
  empty?: ReactNode;
  rowClassName?(row: T): string;
}

const HEADER_HEIGHT = 24;

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { sensitivity: 'base', numeric: true });
}

export function Grid<T>(props: GridProps<T>) {
  const { rows, columns, rowKey, selectedKey, onSelect, onActivate } = props;
  const rowHeight = props.rowHeight ?? 22;
  const sortable = props.sortable ?? true;
  const [sort, setSort] = useState<GridSort | undefined>(props.defaultSort);
  const scrollRef = useRef<HTMLDivElement>(null);

  const sorted = useMemo(() => {
    const column = sortable && sort ? columns.find((c) => c.id === sort.column) : undefined;
    if (!sort || !column?.sort) return rows;
    const key = column.sort;
    const out = rows.slice().sort((a, b) => compare(key(a), key(b)));
    return sort.descending ? out.reverse() : out;
  }, [rows, columns, sort, sortable]);

  const template = columns
    .map((c) => (c.grow ? `minmax(${c.width}px, ${c.grow}fr)` : `${c.width}px`))
    .join(' ');
  const minWidth = columns.reduce((n, c) => n + c.width, 0);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    paddingStart: HEADER_HEIGHT,
    overscan: 12,
  });

  const selectedIndex = useMemo(
    () => (selectedKey === undefined ? -1 : sorted.findIndex((r) => rowKey(r) === selectedKey)),
    [sorted, selectedKey, rowKey],
  );
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (sorted.length === 0) return;
    if (e.key === 'Enter' && selectedIndex >= 0) {
      const row = sorted[selectedIndex];
      if (row !== undefined) onActivate?.(row);
      return;
    }
    if (!onSelect) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 240) / rowHeight) - 2);
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex + 1,
      ArrowUp: selectedIndex - 1,
      PageDown: selectedIndex + page,
      PageUp: selectedIndex - page,
      Home: 0,
      End: sorted.length - 1,
    };
    const target = moves[e.key];
    if (target === undefined) return;
    e.preventDefault();
    const row = sorted[Math.max(0, Math.min(sorted.length - 1, target))];
    if (row !== undefined) onSelect(row);
  };

  const toggleSort = (column: GridColumn<T>) => {
    if (!sortable || !column.sort) return;
    setSort((s) =>
      s?.column === column.id
        ? { column: column.id, descending: !s.descending }
        : { column: column.id, descending: true },
    );
  };

  return (
    <div
      ref={scrollRef}
      className="pv-grid"
      role="grid"
      aria-label={props.label}
      aria-rowcount={sorted.length + 1}
      tabIndex={0}
      data-testid={props.testId}
      onKeyDown={onKeyDown}
    >
      <div className="pv-grid-inner" style={{ minWidth, height: virtualizer.getTotalSize() }}>
        <div
          className="pv-grid-header"
          role="row"
          style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}
        >
          {columns.map((c) => {
            const active = sortable && sort?.column === c.id;
            return (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                className={`pv-cell pv-head ${sortable && c.sort ? 'pv-head-sortable' : ''} ${c.align === 'right' ? 'pv-right' : ''}`}
                title={c.headerTitle ?? c.label}
                onClick={() => toggleSort(c)}
              >
                <span className="pv-head-label">{c.label}</span>
                {active ? <span className="pv-sort-mark">{sort.descending ? '▾' : '▴'}</span> : null}
              </div>
            );
          })}
        </div>
        {virtualizer.getVirtualItems().map((item) => {
          const row = sorted[item.index] as T;
          const key = rowKey(row);
          const selected = key === selectedKey;
          return (
            <div
              key={key}
              role="row"
              aria-selected={selected}
              aria-rowindex={item.index + 2}
              data-key={key}
              data-testid={props.testId ? `${props.testId}-row` : undefined}
              className={`pv-row ${selected ? 'pv-row-selected' : ''} ${props.rowClassName?.(row) ?? ''}`}
              style={{
                gridTemplateColumns: template,
                height: rowHeight,
                transform: `translateY(${item.start}px)`,
              }}
              onClick={() => onSelect?.(row)}
              onDoubleClick={() => onActivate?.(row)}
            >
              {columns.map((c) => (
                <div
                  key={c.id}
                  role="gridcell"
                  className={`pv-cell ${c.mono ? 'mono' : ''} ${c.align === 'right' ? 'pv-right' : ''}`}
                  title={c.title?.(row)}
                >
                  {c.render(row)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
      {sorted.length === 0 && props.empty ? <div className="pv-grid-empty">{props.empty}</div> : null}
    </div>
  );
}
