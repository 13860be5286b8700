// Network tab: the process's remote endpoints (protocol, address, port, the DNS name it resolved to,
// bytes each way, packets, connects, first/last seen, beaconing score) and a chart of bytes over time
// for its busiest endpoints (the selected one drawn bold). Clicking an address shows that endpoint's
// events in the Events view.
import { useCallback, useMemo, useState } from 'react';
import uPlot from 'uplot';
import type { EndpointInfo, ProcessDetails } from '@common/ipc/messages';
import { formatBytes, formatCount } from '../../lib/format';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import { ToggleGroup } from '../../components/ToggleGroup';
import { endpointFilter } from './event-filters';
import { clockTime, fullTime, percent } from './format';
import { endpointColumn, endpointLabel, hostColumn } from './endpoint-columns';
import { showInEvents } from './show-in-events';
import {
  axis,
  ChartPanel,
  SERIES_COLOURS,
  UPlotChart,
  type ChartOptions,
  type ChartTheme,
} from './UPlotChart';

const CHARTED = 8;
type Direction = 'both' | 'out' | 'in';
type Scale = 'linear' | 'log';

/** The splits of a log axis that are powers of ten (the others get no label, tick or grid line). */
function powersOfTen(_u: uPlot, splits: number[]): Array<number | null> {
  return splits.map((v) => (v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? v : null));
}

export function NetworkTab({ details }: { details: ProcessDetails }) {
  const [selected, setSelected] = useState<string>();
  const [direction, setDirection] = useState<Direction>('both');
  const [scale, setScale] = useState<Scale>('linear');
  const p = details.process;
  const endpoints = details.network;

  const columns = useMemo(
    (): DataGridColumn<EndpointInfo>[] => [
      { id: 'proto', label: 'Proto', width: 54, render: (e) => e.protocol, sort: (e) => e.protocol },
      endpointColumn(p, { label: 'Remote endpoint', width: 200, testId: 'endpoint-link' }),
      hostColumn(140),
      {
        id: 'out',
        label: 'Bytes out',
        width: 86,
        align: 'right',
        render: (e) => formatBytes(e.bytesSent),
        sort: (e) => e.bytesSent,
        title: (e) => `${formatCount(e.bytesSent)} bytes in ${formatCount(e.sends)} sends`,
      },
      {
        id: 'in',
        label: 'Bytes in',
        width: 82,
        align: 'right',
        render: (e) => formatBytes(e.bytesReceived),
        sort: (e) => e.bytesReceived,
        title: (e) => `${formatCount(e.bytesReceived)} bytes in ${formatCount(e.receives)} receives`,
      },
      {
        id: 'sends',
        label: 'Sends',
        width: 58,
        align: 'right',
        render: (e) => formatCount(e.sends),
        sort: (e) => e.sends,
      },
      {
        id: 'recvs',
        label: 'Recvs',
        width: 58,
        align: 'right',
        render: (e) => formatCount(e.receives),
        sort: (e) => e.receives,
      },
      {
        id: 'conn',
        label: 'Conn.',
        width: 56,
        align: 'right',
        render: (e) => formatCount(e.connects + e.accepts),
        sort: (e) => e.connects + e.accepts,
        headerTitle: 'Connects and accepts',
      },
      {
        id: 'retx',
        label: 'Retx',
        width: 44,
        align: 'right',
        render: (e) => (e.retransmits ? formatCount(e.retransmits) : <span className="pv-zero">–</span>),
        sort: (e) => e.retransmits,
        headerTitle: 'TCP retransmits',
      },
      {
        id: 'first',
        label: 'First',
        width: 92,
        mono: true,
        render: (e) => clockTime(e.first, e.firstTicks),
        sort: (e) => e.firstTicks,
        title: (e) => fullTime(e.first),
      },
      {
        id: 'last',
        label: 'Last',
        width: 92,
        mono: true,
        render: (e) => clockTime(e.last, e.lastTicks),
        sort: (e) => e.lastTicks,
        title: (e) => fullTime(e.last),
      },
      {
        id: 'beacon',
        label: 'Beacon',
        width: 68,
        align: 'right',
        render: (e) =>
          e.beacon ? (
            <span className={e.beacon.score >= 0.7 ? 'pv-warn-text' : ''}>{percent(e.beacon.score)}</span>
          ) : (
            <span className="pv-zero">–</span>
          ),
        sort: (e) => e.beacon?.score ?? -1,
        headerTitle: 'Beaconing score (regular contacts; see the Beaconing tab)',
      },
    ],
    [p],
  );

  return (
    <div className="pv-tab-split">
      <TrafficChart
        details={details}
        selected={selected}
        direction={direction}
        onDirection={setDirection}
        scale={scale}
        onScale={setScale}
      />
      <DataGrid
        density="compact"
        sortFirst="descending"
        rows={endpoints}
        columns={columns}
        rowKey={(e) => e.id}
        label="Endpoints"
        selectedKey={selected}
        onSelect={(e) => setSelected(e.id)}
        onActivate={(e) => void showInEvents(endpointFilter(p, e))}
        defaultSort={{ column: 'out', descending: true }}
        testId="endpoint-grid"
        empty="No network activity."
      />
    </div>
  );
}

function TrafficChart(props: {
  details: ProcessDetails;
  selected: string | undefined;
  direction: Direction;
  onDirection(d: Direction): void;
  scale: Scale;
  onScale(s: Scale): void;
}) {
  const { details, selected, direction, scale } = props;
  const fromSeconds = details.status.fromTicks / 1e7;
  const toSeconds = details.status.toTicks / 1e7;
  const startMs = details.status.startTime ? Date.parse(details.status.startTime) : NaN;

  const charted = useMemo(() => {
    const withSeries = details.network.filter((e) => e.series !== null);
    const top = withSeries
      .slice()
      .sort((a, b) => b.bytesSent + b.bytesReceived - (a.bytesSent + a.bytesReceived))
      .slice(0, CHARTED);
    const chosen = withSeries.find((e) => e.id === selected);
    if (chosen && !top.includes(chosen)) top[top.length === CHARTED ? CHARTED - 1 : top.length] = chosen;
    return top;
  }, [details, selected]);

  const data = useMemo((): uPlot.AlignedData => {
    const first = charted[0]?.series;
    if (!first) return [[]];
    const length = Math.max(...charted.map((e) => e.series?.sent.length ?? 0));
    const bucketSeconds = first.bucketTicks / 1e7;
    const xs = Array.from({ length }, (_, i) => (first.fromTicks + i * first.bucketTicks) / 1e7);
    const ys = charted.map((e) =>
      Array.from({ length }, (_, i) => {
        const s = e.series;
        const out = s?.sent[i] ?? 0;
        const inb = s?.received[i] ?? 0;
        const rate = (direction === 'out' ? out : direction === 'in' ? inb : out + inb) / bucketSeconds;
        // A log scale cannot show 0: leave the gap.
        return scale === 'log' && rate <= 0 ? null : rate;
      }),
    );
    return [xs, ...ys];
  }, [charted, direction, scale]);

  const build = useCallback(
    (theme: ChartTheme): ChartOptions => ({
      cursor: { points: { size: 5 } },
      scales: {
        x: { time: false, range: (_u, min, max) => [Math.min(min, fromSeconds), Math.max(max, toSeconds)] },
        y:
          scale === 'log'
            ? { distr: 3, log: 10 }
            : { range: (_u, _min, max) => [0, Math.max(1, max * 1.05)] },
      },
      axes: [
        axis(theme, {
          size: 20,
          values: (_u, splits) =>
            splits.map((s) =>
              Number.isFinite(startMs)
                ? new Date(startMs + s * 1000).toISOString().slice(11, 19)
                : `${s.toFixed(0)}s`,
            ),
        }),
        axis(theme, {
          size: 58,
          // Log scale: label and grid the powers of ten only.
          ...(scale === 'log'
            ? {
                filter: powersOfTen,
                grid: { stroke: theme.grid, width: 1, filter: powersOfTen },
                ticks: { stroke: theme.grid, width: 1, size: 3, filter: powersOfTen },
              }
            : {}),
          values: (_u, splits) => splits.map((v) => (v == null ? '' : `${formatBytes(Math.round(v))}/s`)),
        }),
      ],
      series: [
        {},
        ...charted.map((e, i) => {
          const colour = SERIES_COLOURS[i % SERIES_COLOURS.length] as string;
          const bold = selected === undefined || e.id === selected;
          return {
            label: endpointLabel(e),
            stroke: bold ? colour : `${colour}66`,
            width: e.id === selected ? 2.25 : 1.25,
            fill: e.id === selected ? `${colour}22` : undefined,
            paths: uPlot.paths.stepped?.({ align: 1 }),
            spanGaps: false,
            // Isolated buckets between gaps draw no line on a log scale: mark them.
            points: { show: scale === 'log', size: 4 },
          };
        }),
      ],
    }),
    [charted, selected, startMs, scale, fromSeconds, toSeconds],
  );

  if (charted.length === 0) {
    return <div className="pv-chart-empty">No traffic to chart.</div>;
  }
  const bucket = (charted[0]?.series?.bucketTicks ?? 0) / 1e7;
  return (
    <ChartPanel
      title="Bytes per second by endpoint"
      head={
        <>
          <span className="pv-faint">
            {bucket >= 1 ? `${bucket.toFixed(bucket < 10 ? 1 : 0)} s` : `${Math.round(bucket * 1000)} ms`}{' '}
            buckets
          </span>
          <span className="pv-spacer" />
          <ToggleGroup
            label="Direction"
            value={direction}
            options={[
              { value: 'both', label: 'Out + in' },
              { value: 'out', label: 'Out' },
              { value: 'in', label: 'In' },
            ]}
            onChange={props.onDirection}
          />
          <ToggleGroup
            label="Scale"
            value={scale}
            options={[
              { value: 'linear', label: 'Linear', testId: 'scale-linear' },
              { value: 'log', label: 'Log', testId: 'scale-log' },
            ]}
            onChange={props.onScale}
          />
        </>
      }
    >
      <UPlotChart data={data} build={build} testId="traffic-chart" label="Bytes per second by endpoint" />
      <div className="pv-legend">
        {charted.map((e, i) => (
          <span
            key={e.id}
            className={`pv-legend-item ${selected !== undefined && e.id !== selected ? 'pv-legend-dim' : ''}`}
          >
            <span className="pv-swatch" style={{ background: SERIES_COLOURS[i % SERIES_COLOURS.length] }} />
            {e.remoteHost ? `${e.remoteHost} ` : ''}
            <span className="mono">{endpointLabel(e)}</span>
          </span>
        ))}
      </div>
    </ChartPanel>
  );
}
