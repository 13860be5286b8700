// The event-rate timeline above the table: events per time bucket of the current view (view.histogram)
// drawn as bars with uPlot over the capture's time range. Dragging across it filters the view to that
// range (the range shows as a removable chip in the events toolbar). Redrawn when the view changes or
// grows: at most every REDRAW_MS for streams, every REDRAW_READING_MS while a file is read. New counts
// only replace the plot's data; the plot itself is rebuilt just for a new width or time mode.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Histogram } from '@common/ipc/messages';
import { etw } from '../../api/etw';
import { formatCount } from '../../lib/format';
import { useEventsStore } from './events-store';

const HEIGHT = 64;
const BUCKET_PX = 3;
const REDRAW_MS = 500;
/** While a capture is being read the histogram is redrawn less often (it costs the reader time). */
const REDRAW_READING_MS = 2000;

export function Timeline() {
  const viewId = useEventsStore((s) => s.viewId);
  const version = useEventsStore((s) => s.timelineVersion);
  const timeMode = useEventsStore((s) => s.timeMode);
  const setRange = useEventsStore((s) => s.setRange);
  const reading = useEventsStore((s) => s.progress?.phase === 'reading');
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(0);
  const [histogram, setHistogram] = useState<Histogram>();
  const lastFetch = useRef(0);

  useLayoutEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!viewId || width < 50) return;
    const wait = Math.max(
      0,
      lastFetch.current + (reading ? REDRAW_READING_MS : REDRAW_MS) - performance.now(),
    );
    const timer = setTimeout(() => {
      lastFetch.current = performance.now();
      void etw
        .invoke('view.histogram', { viewId, buckets: Math.max(10, Math.floor(width / BUCKET_PX)) })
        .then((r) => {
          if (r.ok && useEventsStore.getState().viewId === viewId) setHistogram(r.value);
        });
    }, wait);
    return () => clearTimeout(timer);
  }, [viewId, version, width, reading]);

  // What the axis and scale read when uPlot asks: kept in a ref so new data only calls setData and
  // never rebuilds the plot (a rebuild under the pointer would drop a drag the user is making).
  const shown = useRef({ start: 0, decimals: 0, fromSeconds: 0, toSeconds: 1, timeMode });
  shown.current.timeMode = timeMode;
  const pendingData = useRef<uPlot.AlignedData | undefined>(undefined);

  useEffect(() => {
    if (!histogram) return;
    const n = histogram.counts.length;
    const span = histogram.toTicks - histogram.fromTicks;
    const xs = Array.from({ length: n }, (_, b) => (histogram.fromTicks + (b * span) / n) / 1e7);
    const spanSeconds = span / 1e7;
    // Short spans need fractions of a second to tell the ticks apart.
    Object.assign(shown.current, {
      start: Date.parse(histogram.startTime),
      decimals: spanSeconds >= 60 ? 0 : spanSeconds >= 6 ? 1 : spanSeconds >= 0.6 ? 2 : 3,
      fromSeconds: xs[0] ?? 0,
      toSeconds: histogram.toTicks / 1e7,
    });
    const data: uPlot.AlignedData = [xs, Array.from(histogram.counts)];
    if (plotRef.current) plotRef.current.setData(data, true);
    else pendingData.current = data;
  }, [histogram]);

  const hasHistogram = histogram !== undefined;
  useEffect(() => {
    const el = hostRef.current;
    if (!el || !hasHistogram || width < 50) return;
    const css = getComputedStyle(el);
    const accent = css.getPropertyValue('--accent').trim() || '#0f62c9';
    const muted = css.getPropertyValue('--text-faint').trim() || '#888';
    const grid = css.getPropertyValue('--border').trim() || '#ddd';
    const axisLabel = (seconds: number) => {
      const { decimals, start } = shown.current;
      return shown.current.timeMode === 'relative'
        ? `${seconds.toFixed(Math.max(decimals, 1))}s`
        : new Date(start + seconds * 1000).toISOString().slice(11, decimals > 0 ? 20 + decimals : 19);
    };
    const data = plotRef.current?.data ?? pendingData.current ?? [[], []];
    plotRef.current?.destroy();
    plotRef.current = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        // Room at the sides for the first and last time labels, which are centred on their ticks.
        padding: [4, 36, 0, 36],
        cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
        select: { show: true, left: 0, top: 0, width: 0, height: 0 },
        scales: {
          x: { time: false, range: () => [shown.current.fromSeconds, shown.current.toSeconds] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [
          {
            stroke: muted,
            grid: { stroke: grid, width: 1 },
            ticks: { show: false },
            size: 18,
            space: () => (shown.current.decimals > 0 ? 110 : 70),
            font: '10px system-ui, sans-serif',
            values: (_u, splits) => splits.map(axisLabel),
          },
          { show: false },
        ],
        series: [
          {},
          {
            stroke: accent,
            fill: `${accent}55`,
            width: 0,
            paths: uPlot.paths.bars?.({ size: [1, Infinity, 1], align: 1 }),
            points: { show: false },
          },
        ],
        hooks: {
          setSelect: [
            (u) => {
              if (u.select.width < 3) return;
              const from = u.posToVal(u.select.left, 'x');
              const to = u.posToVal(u.select.left + u.select.width, 'x');
              u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
              void setRange({ fromTicks: Math.max(0, Math.floor(from * 1e7)), toTicks: Math.ceil(to * 1e7) });
            },
          ],
        },
      },
      data,
      el,
    );
  }, [hasHistogram, width, timeMode, setRange]);

  useEffect(() => () => plotRef.current?.destroy(), []);

  const peak = histogram ? Math.max(0, ...histogram.counts) : 0;
  return (
    <div
      className="ev-timeline"
      data-testid="timeline"
      title="Events over time: drag to filter to a time range"
    >
      <div className="ev-timeline-plot" ref={hostRef} />
      <span className="ev-timeline-peak">{histogram ? `peak ${formatCount(peak)}/bucket` : ''}</span>
    </div>
  );
}
