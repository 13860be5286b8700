// The charts of the process page (bytes over time, beaconing intervals): a uPlot chart that fits its
// container's width and follows the theme, and ChartPanel, the titled block around one. `build`
// receives the theme's colours (read from the CSS variables, so both themes stay readable) and returns
// the scales, axes and series; what every chart shares (size, no uPlot legend — the panel draws its own
// —, padding for the axis labels, no drag-to-zoom) is added here. The chart is rebuilt when the data,
// the width or the theme changes. SERIES_COLOURS are mid-tone hues that read on the light and the dark
// background alike.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useThemeStore } from '../../stores/theme-store';

export const SERIES_COLOURS = [
  '#3b82f6',
  '#f59e0b',
  '#10b981',
  '#ef4444',
  '#8b5cf6',
  '#06b6d4',
  '#ec4899',
  '#84cc16',
];

export interface ChartTheme {
  text: string;
  faint: string;
  grid: string;
  accent: string;
  warn: string;
  font: string;
}

/** What a chart chooses; UPlotChart adds the size, no legend, the padding and the cursor's no-drag. */
export type ChartOptions = Omit<uPlot.Options, 'width' | 'height' | 'legend' | 'padding'>;

const CHART_HEIGHT = 150;

interface Props {
  data: uPlot.AlignedData;
  build(theme: ChartTheme): ChartOptions;
  testId?: string;
  label: string;
}

function themeOf(el: HTMLElement): ChartTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text-muted', '#5c6370'),
    faint: v('--text-faint', '#8b919b'),
    grid: v('--border', '#e2e2e5'),
    accent: v('--accent', '#0f62c9'),
    warn: v('--warn', '#9a6700'),
    font: '10px system-ui, sans-serif',
  };
}

function fullOptions(chart: ChartOptions, width: number): uPlot.Options {
  return {
    ...chart,
    width,
    height: CHART_HEIGHT,
    legend: { show: false },
    padding: [8, 10, 0, 4],
    cursor: { ...chart.cursor, drag: { x: false, y: false } },
  };
}

export function UPlotChart({ data, build, testId, label }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(0);
  const theme = useThemeStore((s) => s.theme);

  useLayoutEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = hostRef.current;
    if (!el || width < 80) return;
    plotRef.current?.destroy();
    plotRef.current = new uPlot(fullOptions(build(themeOf(el)), width), data, el);
  }, [data, width, build, theme]);

  useEffect(() => () => plotRef.current?.destroy(), []);

  return (
    <div
      ref={hostRef}
      className="pv-chart"
      style={{ height: CHART_HEIGHT }}
      data-testid={testId}
      role="img"
      aria-label={label}
    />
  );
}

/** Axis defaults in the theme's colours. */
export function axis(theme: ChartTheme, extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: theme.text,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 3 },
    font: theme.font,
    ...extra,
  };
}

/** A chart's block: its title, then what the chart puts beside it (legend, switches), then the chart. */
export function ChartPanel(props: { title: ReactNode; head?: ReactNode; children: ReactNode }) {
  return (
    <div className="pv-chart-block">
      <div className="pv-chart-head">
        <span className="pv-chart-title">{props.title}</span>
        {props.head}
      </div>
      {props.children}
    </div>
  );
}
