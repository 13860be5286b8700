// Geometry of a table with more rows than a browser can scroll: elements taller than ~16M px do not
// render, and 5M rows × 22 px is 110M px. Rows therefore take `unit` px of scroll space each (at most
// the row height, less for huge views, so the scrollable height stays under MAX_SCROLL_PX) while they
// are drawn at full height. The first visible row is `scrollTop / unit` (fractional: rows move
// smoothly), and row i is drawn at `scrollTop + (i - first) * rowHeight` inside the body. With few
// enough rows `unit` equals the row height and this is ordinary virtualization.

export const ROW_HEIGHT = 22;
export const HEADER_HEIGHT = 26;
export const MAX_SCROLL_PX = 8_000_000;

export interface RowGeometry {
  /** Scroll pixels per row. */
  unit: number;
  /** Rows that fit in the body. */
  visibleRows: number;
  /** Height of the body element (below the sticky header). */
  bodyHeight: number;
}

export function rowGeometry(total: number, viewportHeight: number): RowGeometry {
  const bodyViewport = Math.max(ROW_HEIGHT, viewportHeight - HEADER_HEIGHT);
  const visibleRows = Math.max(1, Math.floor(bodyViewport / ROW_HEIGHT));
  const unit = total > 0 ? Math.min(ROW_HEIGHT, MAX_SCROLL_PX / total) : ROW_HEIGHT;
  const scrollable = Math.max(0, total - visibleRows) * unit;
  return { unit, visibleRows, bodyHeight: scrollable + bodyViewport };
}

/** Fractional index of the first visible row. */
export const firstRow = (scrollTop: number, g: RowGeometry): number => scrollTop / g.unit;

/** The scrollTop that makes `index` visible (unchanged when it already is). */
export function scrollTopFor(index: number, scrollTop: number, g: RowGeometry): number {
  const first = firstRow(scrollTop, g);
  if (index < first) return Math.floor(index * g.unit);
  if (index > first + g.visibleRows - 1) return Math.ceil((index - g.visibleRows + 1) * g.unit);
  return scrollTop;
}
