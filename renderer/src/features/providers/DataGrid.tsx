// A dense, sortable, virtualized table for the provider page (events, keywords, tasks, maps…): a sticky
// header whose cells sort on click (again = reverse), rows drawn only where visible (@tanstack/react-virtual),
// one selected row (click, or ↑/↓/Home/End/PageUp/PageDown when the table has focus) kept in view when the
// selection changes from outside (a followed search hit). Columns have a minimum width and may grow;
// narrow windows scroll sideways.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './data-grid.css';

export interface Column<T> {
  id: string;
  label: string;
  /** Minimum width in pixels; `grow` shares what is left (as fr units). */
  min: number;
  grow?: number;
  align?: 'right' | 'center';
  mono?: boolean;
  render(row: T): ReactNode;
  /** Present: the column sorts by this value. */
  sort?(row: T): number | string | bigint;
  title?(row: T): string | undefined;
  headerTitle?: string;
}

export interface Sort {
  column: string;
  descending: boolean;
}

interface DataGridProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string;
  label: string;
  selectedKey?: string;
  onSelect?(row: T): void;
  defaultSort?: Sort;
  rowHeight?: number;
  testId?: string;
  empty?: ReactNode;
  rowClassName?(row: T): string | undefined;
}

const HEADER_HEIGHT = 26;

type SortValue = number | string | bigint;

function compare(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return String(a).localeCompare(String(b), undefined, { sensitivity: 'base', numeric: true });
}

export function DataGrid<T>(props: DataGridProps<T>) {
  const { rows, columns, rowKey, selectedKey, onSelect } = props;
  const rowHeight = props.rowHeight ?? 24;
  const [sort, setSort] = useState<Sort | undefined>(props.defaultSort);
  const scrollRef = useRef<HTMLDivElement>(null);

  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.id === sort.column);
    if (!sort || !column?.sort) return rows;
    const key = column.sort;
    const out = rows.slice().sort((a, b) => compare(key(a), key(b)));
    return sort.descending ? out.reverse() : out;
  }, [rows, columns, sort]);

  const template = columns.map((c) => (c.grow ? `minmax(${c.min}px, ${c.grow}fr)` : `${c.min}px`)).join(' ');
  const minWidth = columns.reduce((n, c) => n + c.min, 0);

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
    if (!onSelect || sorted.length === 0) return;
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

  const toggleSort = (column: Column<T>) => {
    if (!column.sort) return;
    setSort((s) =>
      s?.column === column.id
        ? { column: column.id, descending: !s.descending }
        : { column: column.id, descending: false },
    );
  };

  return (
    <div
      ref={scrollRef}
      className="grid"
      role="grid"
      aria-label={props.label}
      aria-rowcount={sorted.length + 1}
      tabIndex={0}
      data-testid={props.testId}
      onKeyDown={onKeyDown}
    >
      <div className="grid-inner" style={{ minWidth, height: virtualizer.getTotalSize() }}>
        <div
          className="grid-header"
          role="row"
          style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}
        >
          {columns.map((c) => {
            const active = sort?.column === c.id;
            return (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
                className={`grid-cell grid-head ${c.sort ? 'grid-head-sortable' : ''} ${c.align ? `grid-${c.align}` : ''}`}
                title={c.headerTitle ?? (c.sort ? `Sort by ${c.label.toLowerCase()}` : undefined)}
                onClick={() => toggleSort(c)}
              >
                <span className="grid-head-label">{c.label}</span>
                {active ? <span className="grid-sort-arrow">{sort.descending ? '▾' : '▴'}</span> : null}
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
              className={`grid-row ${item.index % 2 ? 'grid-row-odd' : ''} ${selected ? 'grid-row-selected' : ''} ${props.rowClassName?.(row) ?? ''}`}
              style={{
                gridTemplateColumns: template,
                height: rowHeight,
                transform: `translateY(${item.start}px)`,
              }}
              onClick={() => onSelect?.(row)}
            >
              {columns.map((c) => (
                <div
                  key={c.id}
                  role="gridcell"
                  className={`grid-cell ${c.mono ? 'mono' : ''} ${c.align ? `grid-${c.align}` : ''}`}
                  title={c.title?.(row)}
                >
                  {c.render(row)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
      {sorted.length === 0 && props.empty ? <div className="grid-empty">{props.empty}</div> : null}
    </div>
  );
}
