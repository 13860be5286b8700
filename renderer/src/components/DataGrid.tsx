// The dense table every feature shares (provider events, keywords, levels, tasks, maps; the process
// list and tree, endpoints, beaconing, images, DNS, alerts…): a sticky header whose cells sort on click
// (again = reverse; `sortable={false}` keeps the given order, as the process tree does), rows drawn only
// where visible (@tanstack/react-virtual), one selected row (click, or ↑/↓/Home/End/PageUp/PageDown with
// focus) kept in view when the selection changes from outside (a followed search hit), and Enter or a
// double click to "activate" a row. Columns have a width that is a minimum when they `grow`; narrow
// windows scroll sideways. Two densities: `regular` (13 px text, 24 px striped rows, the selected row
// marked at its left) and `compact` (12 px text, 22 px rows). Sorting and key logic: data-grid-model.ts.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  columnTemplate,
  minimumWidth,
  navigationTarget,
  nextSort,
  sortRows,
  sortTitle,
  type GridSort,
  type SortValue,
} from './data-grid-model';
import './data-grid.css';

export type { GridSort } from './data-grid-model';

export interface DataGridColumn<T> {
  id: string;
  label: string;
  /** Width in pixels; with `grow` the minimum, sharing what is left (as fr units). */
  width: number;
  grow?: number;
  align?: 'right' | 'center';
  mono?: boolean;
  render(row: T): ReactNode;
  /** Present: the column sorts by this value. */
  sort?(row: T): SortValue;
  /** The cell's tooltip. */
  title?(row: T): string | undefined;
  /** The header's tooltip (else "Sort by …" on a sortable column, the label on another). */
  headerTitle?: string;
}

export type GridDensity = 'regular' | 'compact';

interface DataGridProps<T> {
  rows: readonly T[];
  columns: readonly DataGridColumn<T>[];
  rowKey(row: T): string;
  /** The accessible name of the table. */
  label: string;
  selectedKey?: string;
  onSelect?(row: T): void;
  /** Enter on the selected row, or a double click. */
  onActivate?(row: T): void;
  defaultSort?: GridSort;
  /** false: the rows stay in the given order and headers do not sort. */
  sortable?: boolean;
  /** Which way a first click on a header sorts (default ascending). */
  sortFirst?: 'ascending' | 'descending';
  density?: GridDensity;
  /** The table's test id; its rows get `${testId}-row`. */
  testId?: string;
  empty?: ReactNode;
  rowClassName?(row: T): string | undefined;
}

const HEIGHTS: Record<GridDensity, { header: number; row: number }> = {
  regular: { header: 26, row: 24 },
  compact: { header: 24, row: 22 },
};

export function DataGrid<T>(props: DataGridProps<T>) {
  const { rows, columns, rowKey, selectedKey, onSelect, onActivate } = props;
  const density = props.density ?? 'regular';
  const { header: headerHeight, row: rowHeight } = HEIGHTS[density];
  const sortable = props.sortable ?? true;
  const [sort, setSort] = useState<GridSort | undefined>(props.defaultSort);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowIdPrefix = `${useId()}-row-`;

  const activeSort = sortable ? sort : undefined;
  const sorted = useMemo(() => sortRows(rows, columns, activeSort), [rows, columns, activeSort]);
  const template = columnTemplate(columns);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    paddingStart: headerHeight,
    // A row scrolled into view lands below the sticky header, not under it.
    scrollPaddingStart: headerHeight,
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
    if (e.key === 'Enter') {
      const row = sorted[selectedIndex];
      if (row !== undefined) onActivate?.(row);
      return;
    }
    if (!onSelect) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 240) / rowHeight) - 2);
    const target = navigationTarget(e.key, selectedIndex, sorted.length, page);
    if (target === undefined) return;
    e.preventDefault();
    const row = sorted[target];
    if (row !== undefined) onSelect(row);
  };

  const toggleSort = (column: DataGridColumn<T>) => {
    if (!sortable || !column.sort) return;
    setSort((s) => nextSort(s, column.id, props.sortFirst ?? 'ascending'));
  };

  return (
    <div
      ref={scrollRef}
      className={`data-grid data-grid-${density}`}
      role="grid"
      aria-label={props.label}
      aria-rowcount={sorted.length + 1}
      aria-activedescendant={selectedIndex >= 0 ? `${rowIdPrefix}${selectedIndex}` : undefined}
      tabIndex={0}
      data-testid={props.testId}
      onKeyDown={onKeyDown}
    >
      <div
        className="data-grid-inner"
        style={{ minWidth: minimumWidth(columns), height: virtualizer.getTotalSize() }}
      >
        <div
          className="data-grid-header"
          role="row"
          aria-rowindex={1}
          style={{ gridTemplateColumns: template, height: headerHeight }}
        >
          {columns.map((c) => {
            const canSort = sortable && c.sort !== undefined;
            const active = activeSort?.column === c.id;
            return (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={active ? (activeSort.descending ? 'descending' : 'ascending') : undefined}
                className={`data-grid-cell data-grid-head ${canSort ? 'data-grid-head-sortable' : ''} ${c.align ? `data-grid-${c.align}` : ''}`}
                title={c.headerTitle ?? (canSort ? sortTitle(c.label) : c.label || undefined)}
                onClick={() => toggleSort(c)}
              >
                <span className="data-grid-head-label">{c.label}</span>
                {active ? (
                  <span className="data-grid-sort-mark">{activeSort.descending ? '▾' : '▴'}</span>
                ) : null}
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
              id={`${rowIdPrefix}${item.index}`}
              role="row"
              aria-selected={selected}
              aria-rowindex={item.index + 2}
              data-key={key}
              data-testid={props.testId ? `${props.testId}-row` : undefined}
              className={`data-grid-row ${item.index % 2 ? 'data-grid-row-odd' : ''} ${selected ? 'data-grid-row-selected' : ''} ${props.rowClassName?.(row) ?? ''}`}
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
                  className={`data-grid-cell ${c.mono ? 'mono' : ''} ${c.align ? `data-grid-${c.align}` : ''}`}
                  title={c.title?.(row)}
                >
                  {c.render(row)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
      {sorted.length === 0 && props.empty ? <div className="data-grid-empty">{props.empty}</div> : null}
    </div>
  );
}
