// Beaconing tab: for each endpoint the process contacted (a contact = a connect or send after 2 s of
// outbound silence), the number of contacts, the median interval between them, the jitter (robust
// spread: 1.4826·MAD / median) and the score (1 − jitter, from 3 intervals on; docs/alert-rules.md),
// and a chart of the intervals of the selected endpoint with its median: a beacon draws a flat band.
import { useCallback, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { EndpointInfo, ProcessDetails } from '@common/ipc/messages';
import { formatCount } from '../../lib/format';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import { endpointFilter } from './event-filters';
import { duration, percent } from './format';
import { endpointColumn, endpointLabel, hostColumn } from './endpoint-columns';
import { showInEvents } from './show-in-events';
import { axis, ChartPanel, UPlotChart, type ChartOptions, type ChartTheme } from './UPlotChart';

function ScoreBar({ score }: { score: number }) {
  return (
    <span className="pv-score" title={`score ${score.toFixed(2)}`}>
      <span
        className={`pv-score-fill ${score >= 0.7 ? 'pv-score-high' : ''}`}
        style={{ width: `${score * 100}%` }}
      />
      <span className="pv-score-text">{percent(score)}</span>
    </span>
  );
}

export function BeaconTab({ details }: { details: ProcessDetails }) {
  const p = details.process;
  const contacted = useMemo(() => details.network.filter((e) => e.contacts > 0), [details]);
  const best = useMemo(
    () =>
      contacted.reduce<EndpointInfo | undefined>(
        (a, e) => ((e.beacon?.score ?? -1) > (a?.beacon?.score ?? -1) ? e : a),
        undefined,
      ),
    [contacted],
  );
  const [chosen, setChosen] = useState<string>();
  const selected = contacted.find((e) => e.id === chosen) ?? best ?? contacted[0];

  const columns = useMemo(
    (): DataGridColumn<EndpointInfo>[] => [
      endpointColumn(p, { label: 'Endpoint', width: 190, withProtocol: true }),
      hostColumn(150),
      {
        id: 'contacts',
        label: 'Contacts',
        width: 78,
        align: 'right',
        render: (e) => formatCount(e.contacts),
        sort: (e) => e.contacts,
      },
      {
        id: 'median',
        label: 'Median interval',
        width: 116,
        align: 'right',
        render: (e) =>
          e.beacon ? duration(e.beacon.medianIntervalSeconds) : <span className="pv-zero">–</span>,
        sort: (e) => e.beacon?.medianIntervalSeconds ?? -1,
      },
      {
        id: 'jitter',
        label: 'Jitter',
        width: 64,
        align: 'right',
        render: (e) =>
          e.beacon ? percent(Math.min(e.beacon.jitter, 9.99)) : <span className="pv-zero">–</span>,
        sort: (e) => e.beacon?.jitter ?? Infinity,
        headerTitle: 'Robust spread of the intervals: 1.4826 × MAD / median',
      },
      {
        id: 'score',
        label: 'Score',
        width: 130,
        render: (e) =>
          e.beacon ? <ScoreBar score={e.beacon.score} /> : <span className="pv-faint">too few contacts</span>,
        sort: (e) => e.beacon?.score ?? -1,
        headerTitle: 'Beaconing score: 1 − jitter (0..1); the built-in rule alerts from 0.7 with 16 contacts',
      },
    ],
    [p],
  );

  return (
    <div className="pv-tab-split">
      {selected ? (
        <IntervalChart endpoint={selected} />
      ) : (
        <div className="pv-chart-empty">No outbound contacts.</div>
      )}
      <DataGrid
        density="compact"
        sortFirst="descending"
        rows={contacted}
        columns={columns}
        rowKey={(e) => e.id}
        label="Beaconing by endpoint"
        selectedKey={selected?.id}
        onSelect={(e) => setChosen(e.id)}
        onActivate={(e) => void showInEvents(endpointFilter(p, e))}
        defaultSort={{ column: 'score', descending: true }}
        testId="beacon-grid"
        empty="No outbound contacts."
      />
    </div>
  );
}

function IntervalChart({ endpoint }: { endpoint: EndpointInfo }) {
  const intervals = endpoint.intervalsSeconds;
  const median = endpoint.beacon?.medianIntervalSeconds;
  const data = useMemo((): uPlot.AlignedData => {
    const xs = intervals.map((_, i) => i + 1);
    return median === undefined ? [xs, intervals] : [xs, intervals, xs.map(() => median)];
  }, [intervals, median]);
  const build = useCallback(
    (theme: ChartTheme): ChartOptions => ({
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        axis(theme, {
          size: 20,
          values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? String(s) : '')),
        }),
        axis(theme, { size: 52, values: (_u, splits) => splits.map((v) => duration(v)) }),
      ],
      series: [
        {},
        {
          label: 'interval',
          stroke: theme.accent,
          width: 1,
          points: { show: true, size: 5, fill: theme.accent },
        },
        ...(median === undefined
          ? []
          : [{ label: 'median', stroke: theme.warn, width: 1.5, dash: [5, 4], points: { show: false } }]),
      ],
    }),
    [median],
  );
  return (
    <ChartPanel
      title={
        <>
          Intervals between contacts — {endpoint.protocol} {endpointLabel(endpoint)}
          {endpoint.remoteHost ? ` (${endpoint.remoteHost})` : ''}
        </>
      }
      head={
        <>
          <span className="pv-spacer" />
          {median !== undefined ? (
            <span className="pv-legend-item">
              <span className="pv-swatch pv-swatch-dash" /> median {duration(median)}
            </span>
          ) : null}
        </>
      }
    >
      {intervals.length > 0 ? (
        <UPlotChart data={data} build={build} testId="interval-chart" label="Intervals between contacts" />
      ) : (
        <div className="pv-chart-empty">One contact only: no interval yet.</div>
      )}
    </ChartPanel>
  );
}
