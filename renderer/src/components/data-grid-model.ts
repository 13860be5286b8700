// The DOM-free logic of the shared table (DataGrid.tsx): how rows sort (numbers and bigints by value,
// text case-insensitively with digits as numbers), which way a header click turns the sort, the CSS
// grid template of the columns, and which row a navigation key selects. Kept apart so tests can pin it
// without a browser.

/** What a column sorts by: bigint for 64-bit values such as keyword masks. */
export type SortValue = number | string | bigint;

export interface GridSort {
  column: string;
  descending: boolean;
}

/** The part of a column the model reads. */
export interface SizedColumn {
  /** Width in pixels; with `grow` the minimum, sharing what is left (as fr units). */
  width: number;
  grow?: number;
}

export interface SortableColumn<T> {
  id: string;
  sort?(row: T): SortValue;
}

export function compareSortValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  return String(a).localeCompare(String(b), undefined, { sensitivity: 'base', numeric: true });
}

/** The rows in `sort` order; the same array when nothing sorts (no sort, or a column without `sort`). */
export function sortRows<T>(
  rows: readonly T[],
  columns: readonly SortableColumn<T>[],
  sort: GridSort | undefined,
): readonly T[] {
  const key = sort ? columns.find((c) => c.id === sort.column)?.sort : undefined;
  if (!sort || !key) return rows;
  const out = rows.slice().sort((a, b) => compareSortValues(key(a), key(b)));
  return sort.descending ? out.reverse() : out;
}

/** The sort after a click on `column`'s header: the same column reverses, another starts `first`. */
export function nextSort(
  current: GridSort | undefined,
  column: string,
  first: 'ascending' | 'descending',
): GridSort {
  return current?.column === column
    ? { column, descending: !current.descending }
    : { column, descending: first === 'descending' };
}

/** `grid-template-columns` for the header and every row. */
export function columnTemplate(columns: readonly SizedColumn[]): string {
  return columns.map((c) => (c.grow ? `minmax(${c.width}px, ${c.grow}fr)` : `${c.width}px`)).join(' ');
}

/** The narrowest the table gets before it scrolls sideways. */
export function minimumWidth(columns: readonly SizedColumn[]): number {
  return columns.reduce((n, c) => n + c.width, 0);
}

/**
 * The index a navigation key moves the selection to (clamped to the rows), or undefined for any other
 * key or no rows. `selected` is -1 when no row is selected: ↓ then selects the first row.
 */
export function navigationTarget(
  key: string,
  selected: number,
  count: number,
  pageRows: number,
): number | undefined {
  if (count === 0) return undefined;
  const moves: Record<string, number> = {
    ArrowDown: selected + 1,
    ArrowUp: selected - 1,
    PageDown: selected + pageRows,
    PageUp: selected - pageRows,
    Home: 0,
    End: count - 1,
  };
  const target = moves[key];
  return target === undefined ? undefined : Math.max(0, Math.min(count - 1, target));
}

/** A sortable header's tooltip: "Sort by events"; words in capitals (PID, DNS, GUID) stay as they are. */
export function sortTitle(label: string): string {
  const words = label.split(' ').map((w) => (/[A-Z]{2,}/.test(w) ? w : w.toLowerCase()));
  return `Sort by ${words.join(' ')}`;
}
