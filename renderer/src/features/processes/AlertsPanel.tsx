// The Alerts panel: what the rules raised on the open capture — severity, time, rule, process and
// summary — with counts by severity, and for the selected alert its details and evidence events.
// "Show evidence" filters the Events view to exactly the evidence events (their times, exact to
// 100 ns); when the store no longer holds them, to the process's events around the alert. "Edit
// rules…" opens the rule editor.
import { Fragment, useMemo, useState } from 'react';
import type { AlertInfo } from '@common/ipc/messages';
import type { PropValue } from '@common/model/event';
import { formatCount } from '../../lib/format';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import { ActionLink } from './ActionLink';
import { aroundFilter, evidenceFilter } from './event-filters';
import { clockTime, fullTime, SEVERITY_RANK } from './format';
import { useProcessesStore } from './processes-store';
import { RulesEditor } from './RulesEditor';
import { showInEvents } from './show-in-events';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

export function showEvidence(a: AlertInfo): void {
  const filter =
    a.evidenceTicks.length > 0 ? evidenceFilter(a.evidenceTicks) : aroundFilter(a.pid, a.ticks, 5);
  void showInEvents(filter);
}

function detailText(v: PropValue): string {
  if (v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'number' && !Number.isInteger(v)) return String(Number(v.toPrecision(4)));
  return String(v);
}

export function AlertsPanel() {
  const alerts = useProcessesStore((s) => s.alerts);
  const omitted = useProcessesStore((s) => s.alertsOmitted);
  const suppressed = useProcessesStore((s) => s.suppressed);
  const selected = useProcessesStore((s) => s.selectedAlert);
  const selectAlert = useProcessesStore((s) => s.selectAlert);
  const alertProcess = useProcessesStore((s) => s.alertProcess);
  const byKey = useProcessesStore((s) => s.byKey);
  const showAlerts = useProcessesStore((s) => s.showAlerts);
  const search = useProcessesStore((s) => s.search);
  const [editing, setEditing] = useState(false);

  const shown = useMemo(() => {
    const s = search.trim().toLowerCase();
    return alerts.filter(
      (a) =>
        (alertProcess === undefined || a.processKey === alertProcess) &&
        (s === '' ||
          a.title.toLowerCase().includes(s) ||
          a.summary.toLowerCase().includes(s) ||
          a.processName.toLowerCase().includes(s) ||
          a.ruleId.toLowerCase().includes(s)),
    );
  }, [alerts, alertProcess, search]);
  const counts = useMemo(() => {
    const out: Record<string, number> = {};
    for (const a of shown) out[a.severity] = (out[a.severity] ?? 0) + 1;
    return out;
  }, [shown]);
  const current = alerts.find((a) => a.index === selected);
  const suppressedTotal = Object.values(suppressed).reduce((a, b) => a + b, 0);

  const columns = useMemo(
    (): DataGridColumn<AlertInfo>[] => [
      {
        id: 'severity',
        label: 'Severity',
        width: 78,
        render: (a) => <span className={`pv-sev pv-sev-${a.severity}`}>{a.severity}</span>,
        sort: (a) => SEVERITY_RANK[a.severity],
      },
      {
        id: 'time',
        label: 'Time',
        width: 96,
        mono: true,
        render: (a) => clockTime(a.time, a.ticks),
        sort: (a) => a.ticks,
        title: (a) => fullTime(a.time),
      },
      {
        id: 'rule',
        label: 'Rule',
        width: 150,
        grow: 1,
        render: (a) => a.title,
        title: (a) => `${a.ruleId} (${a.ruleType})`,
        sort: (a) => a.title,
      },
      {
        id: 'process',
        label: 'Process',
        width: 130,
        render: (a) =>
          a.processKey === null ? <span className="pv-faint">–</span> : `${a.processName || '?'} (${a.pid})`,
        title: (a) => (a.processKey === null ? undefined : `${a.processName} (pid ${a.pid})`),
        sort: (a) => a.processName.toLowerCase(),
      },
      {
        id: 'summary',
        label: 'Summary',
        width: 200,
        grow: 4,
        render: (a) => a.summary,
        title: (a) => a.summary,
        sort: (a) => a.summary,
      },
      {
        id: 'evidence',
        label: 'Evidence',
        width: 82,
        align: 'right',
        render: (a) => (
          <ActionLink onClick={() => showEvidence(a)} title="Show the evidence events" testId="evidence-link">
            {a.evidence.length > 0
              ? `${a.evidence.length} event${a.evidence.length === 1 ? '' : 's'}`
              : 'nearby'}
          </ActionLink>
        ),
        sort: (a) => a.evidence.length,
      },
    ],
    [],
  );

  const filtered = alertProcess !== undefined ? byKey.get(alertProcess) : undefined;
  return (
    <div className="pv-alerts" data-testid="alerts-panel">
      <div className="pv-subbar">
        {SEVERITIES.filter((s) => counts[s]).map((s) => (
          <span key={s} className={`pv-sev pv-sev-${s}`}>
            {formatCount(counts[s] ?? 0)} {s}
          </span>
        ))}
        {shown.length === 0 ? (
          <span className="pv-faint">No alerts{alertProcess ? ' for this process' : ''}.</span>
        ) : null}
        {filtered ? (
          <span className="pv-chip">
            {filtered.name} ({filtered.pid})
            <button
              type="button"
              aria-label="Show the alerts of every process"
              onClick={() => showAlerts(undefined)}
            >
              ×
            </button>
          </span>
        ) : null}
        {suppressedTotal > 0 || omitted > 0 ? (
          <span
            className="pv-faint"
            title={Object.entries(suppressed)
              .map(([id, n]) => `${id}: ${n}`)
              .join('\n')}
          >
            {suppressedTotal > 0 ? `${formatCount(suppressedTotal)} more not raised (rule limits)` : ''}
            {omitted > 0 ? ` ${formatCount(omitted)} not listed` : ''}
          </span>
        ) : null}
        <span className="pv-spacer" />
        <button
          type="button"
          className="button button-small"
          data-testid="edit-rules"
          onClick={() => setEditing(true)}
        >
          Edit rules…
        </button>
      </div>
      <div className={`pv-alerts-split ${current ? 'pv-alerts-split-detail' : ''}`}>
        <DataGrid
          density="compact"
          sortFirst="descending"
          rows={shown}
          columns={columns}
          rowKey={(a) => String(a.index)}
          label="Alerts"
          selectedKey={selected === undefined ? undefined : String(selected)}
          onSelect={(a) => selectAlert(a.index)}
          onActivate={showEvidence}
          defaultSort={{ column: 'time', descending: false }}
          rowClassName={(a) => `pv-alert-row-${a.severity}`}
          testId="alert-grid"
          empty="The rules raised no alerts on this capture."
        />
        {current ? <AlertDetail alert={current} /> : null}
      </div>
      {editing ? <RulesEditor onClose={() => setEditing(false)} /> : null}
    </div>
  );
}

function AlertDetail({ alert }: { alert: AlertInfo }) {
  const select = useProcessesStore((s) => s.select);
  const setMode = useProcessesStore((s) => s.setMode);
  return (
    <aside className="pv-alert-detail" data-testid="alert-detail">
      <div className="pv-alert-detail-head">
        <span className={`pv-sev pv-sev-${alert.severity}`}>{alert.severity}</span>
        <span className="pv-alert-title">{alert.title}</span>
      </div>
      <p className="pv-alert-summary">{alert.summary}</p>
      <dl className="pv-facts pv-facts-compact">
        <dt>Rule</dt>
        <dd className="mono">
          {alert.ruleId} <span className="pv-faint">({alert.ruleType})</span>
        </dd>
        <dt>When</dt>
        <dd className="mono">{fullTime(alert.time) || clockTime(alert.time, alert.ticks)}</dd>
        {Object.entries(alert.details).map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd className="mono pv-wrap">{detailText(v)}</dd>
          </Fragment>
        ))}
        <dt>Evidence</dt>
        <dd className="mono pv-wrap">
          {alert.evidence.length > 0 ? (
            alert.evidence.map((s) => `#${s}`).join(' ')
          ) : (
            <span className="pv-faint">no longer stored</span>
          )}
        </dd>
      </dl>
      <div className="pv-alert-actions">
        <button
          type="button"
          className="button button-small button-primary"
          data-testid="show-evidence"
          onClick={() => showEvidence(alert)}
        >
          Show evidence in Events
        </button>
        {alert.processKey !== null ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              if (alert.processKey === null) return;
              select(alert.processKey);
              setMode('processes');
            }}
          >
            Open process
          </button>
        ) : null}
      </div>
    </aside>
  );
}
