// The process grid: the tree (parent → children, expand/collapse) or the flat, sortable list, with
// a lifetime bar over the capture's time span, per-process counts and the worst alert. Exited
// processes are greyed. Counts are links: clicking one shows those events in the Events view
// (events, DNS lookups, network traffic, image loads, remote threads, alerts' evidence by process);
// a double click or Enter on a row shows all of the process's events.
import { useMemo, type ReactNode } from 'react';
import type { ProcessListItem } from '@common/ipc/messages';
import { formatBytes, formatCount } from '../../lib/format';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import { ActionLink } from './ActionLink';
import { dnsFilter, imagesFilter, networkFilter, processFilter } from './event-filters';
import { clockTime, fullTime, severityRank } from './format';
import { useProcessesStore } from './processes-store';
import { showInEvents } from './show-in-events';
import { listRows, treeRows, type ProcessRow } from './tree-rows';

function CountLink(props: {
  value: number;
  text?: string;
  filter: () => string;
  title: string;
  testId?: string;
}) {
  if (props.value === 0) return <span className="pv-zero">–</span>;
  return (
    <ActionLink onClick={() => void showInEvents(props.filter())} title={props.title} testId={props.testId}>
      {props.text ?? formatCount(props.value)}
    </ActionLink>
  );
}

function LifetimeBar({ p, from, to }: { p: ProcessListItem; from: number; to: number }) {
  const span = Math.max(1, to - from);
  const start = p.startTicks === null ? 0 : Math.max(0, Math.min(1, (p.startTicks - from) / span));
  const end = p.endTicks === null ? 1 : Math.max(start, Math.min(1, (p.endTicks - from) / span));
  const title = `${p.startTicks === null ? 'started before the capture' : `started ${fullTime(p.start)}`}\n${
    p.endTicks === null
      ? 'still running at the end'
      : `exited ${fullTime(p.end)}${p.exitCode !== null ? ` (exit code ${p.exitCode})` : ''}`
  }`;
  return (
    <div className="pv-life" title={title}>
      <span
        className={`pv-life-bar ${p.startTicks === null ? 'pv-life-open-start' : ''} ${p.endTicks === null ? 'pv-life-open-end' : ''}`}
        style={{ left: `${start * 100}%`, width: `${Math.max(0.6, (end - start) * 100)}%` }}
      />
    </div>
  );
}

function NameCell({ row }: { row: ProcessRow }) {
  const toggle = useProcessesStore((s) => s.toggleCollapsed);
  const p = row.process;
  let expander: ReactNode = <span className="pv-tree-leaf" />;
  if (row.childCount > 0) {
    expander = (
      <button
        type="button"
        className="pv-tree-toggle"
        aria-label={row.collapsed ? 'Expand' : 'Collapse'}
        aria-expanded={!row.collapsed}
        onClick={(e) => {
          e.stopPropagation();
          toggle(p.key);
        }}
      >
        {row.collapsed ? '▸' : '▾'}
      </button>
    );
  }
  return (
    <span className="pv-name" style={{ paddingLeft: row.depth * 14 }}>
      {expander}
      <span className="pv-name-text">{p.name || <span className="pv-faint">pid {p.pid}</span>}</span>
      {p.parentSpoofed ? (
        <span
          className="pv-tag pv-tag-warn"
          title={`Created by pid ${p.creatorPid}, parent set to pid ${p.ppid}`}
        >
          spoofed parent
        </span>
      ) : null}
    </span>
  );
}

function AlertBadge({ p }: { p: ProcessListItem }) {
  const showAlerts = useProcessesStore((s) => s.showAlerts);
  if (p.counts.alerts === 0) return <span className="pv-zero">–</span>;
  return (
    <button
      type="button"
      className={`pv-sev pv-sev-${p.worstSeverity}`}
      title={`${p.counts.alerts} alert(s), worst ${p.worstSeverity}: show the alerts`}
      onClick={(e) => {
        e.stopPropagation();
        useProcessesStore.getState().select(p.key);
        showAlerts(p.key);
      }}
    >
      {p.counts.alerts}
    </button>
  );
}

export function ProcessGrid() {
  const layout = useProcessesStore((s) => s.layout);
  const processes = useProcessesStore((s) => s.processes);
  const byKey = useProcessesStore((s) => s.byKey);
  const roots = useProcessesStore((s) => s.roots);
  const collapsed = useProcessesStore((s) => s.collapsed);
  const search = useProcessesStore((s) => s.search);
  const selectedKey = useProcessesStore((s) => s.selectedKey);
  const status = useProcessesStore((s) => s.status);
  const select = useProcessesStore((s) => s.select);
  const from = status?.fromTicks ?? 0;
  const to = status?.toTicks ?? 1;

  const rows = useMemo(
    () =>
      layout === 'tree'
        ? treeRows(roots, byKey, collapsed, search.trim())
        : listRows(processes, search.trim()),
    [layout, roots, byKey, collapsed, search, processes],
  );

  const columns = useMemo((): DataGridColumn<ProcessRow>[] => {
    const c = (row: ProcessRow) => row.process.counts;
    return [
      {
        id: 'name',
        label: 'Process',
        width: 200,
        grow: 2,
        render: (row) => <NameCell row={row} />,
        sort: (row) => row.process.name.toLowerCase(),
        title: (row) => row.process.path || row.process.name,
      },
      {
        id: 'pid',
        label: 'PID',
        width: 58,
        align: 'right',
        render: (r) => r.process.pid,
        sort: (r) => r.process.pid,
      },
      {
        id: 'life',
        label: 'Lifetime',
        width: 110,
        render: (r) => <LifetimeBar p={r.process} from={from} to={to} />,
        sort: (r) => r.process.startTicks ?? -1,
        headerTitle: 'When the process ran, over the capture’s time span (sort: start time)',
      },
      {
        id: 'start',
        label: 'Started',
        width: 92,
        mono: true,
        render: (r) =>
          r.process.startTicks === null ? (
            <span className="pv-faint">before</span>
          ) : (
            clockTime(r.process.start, r.process.startTicks)
          ),
        sort: (r) => r.process.startTicks ?? -1,
        title: (r) => fullTime(r.process.start),
      },
      {
        id: 'events',
        label: 'Events',
        width: 66,
        align: 'right',
        render: (r) => (
          <CountLink
            value={c(r).events}
            filter={() => processFilter(r.process)}
            title="Show this process’s events"
            testId="count-events"
          />
        ),
        sort: (r) => c(r).events,
      },
      {
        id: 'dns',
        label: 'DNS',
        width: 48,
        align: 'right',
        render: (r) => (
          <CountLink value={c(r).dns} filter={() => dnsFilter(r.process)} title="Show its DNS lookups" />
        ),
        sort: (r) => c(r).dns,
        headerTitle: 'DNS names looked up',
      },
      {
        id: 'endpoints',
        label: 'Endpts',
        width: 64,
        align: 'right',
        render: (r) => (
          <CountLink
            value={c(r).endpoints}
            filter={() => networkFilter(r.process)}
            title="Show its network events"
          />
        ),
        sort: (r) => c(r).endpoints,
        headerTitle: 'Remote endpoints (protocol, address, port)',
      },
      {
        id: 'out',
        label: 'Out',
        width: 70,
        align: 'right',
        render: (r) => (
          <CountLink
            value={c(r).bytesSent}
            text={formatBytes(c(r).bytesSent)}
            filter={() => networkFilter(r.process)}
            title="Show its network events"
          />
        ),
        sort: (r) => c(r).bytesSent,
        headerTitle: 'Bytes sent',
      },
      {
        id: 'in',
        label: 'In',
        width: 70,
        align: 'right',
        render: (r) => (
          <CountLink
            value={c(r).bytesReceived}
            text={formatBytes(c(r).bytesReceived)}
            filter={() => networkFilter(r.process)}
            title="Show its network events"
          />
        ),
        sort: (r) => c(r).bytesReceived,
        headerTitle: 'Bytes received',
      },
      {
        id: 'images',
        label: 'Images',
        width: 62,
        align: 'right',
        render: (r) => (
          <CountLink
            value={c(r).images}
            filter={() => imagesFilter(r.process)}
            title="Show its image loads"
          />
        ),
        sort: (r) => c(r).images,
        headerTitle: 'DLLs and executables loaded',
      },
      {
        id: 'threads',
        label: 'Inj.',
        width: 44,
        align: 'right',
        render: (r) =>
          c(r).threadsInjected + c(r).threadsCreated === 0 ? (
            <span className="pv-zero">–</span>
          ) : (
            <span
              className={c(r).threadsInjected > 0 ? 'pv-warn-text' : ''}
              title={`${c(r).threadsInjected} started in it by other processes, ${c(r).threadsCreated} started by it in others`}
            >
              {c(r).threadsInjected}/{c(r).threadsCreated}
            </span>
          ),
        sort: (r) => c(r).threadsInjected * 1e6 + c(r).threadsCreated,
        headerTitle: 'Cross-process threads: started in it by others / started by it in others',
      },
      {
        id: 'alerts',
        label: 'Alerts',
        width: 58,
        align: 'right',
        render: (r) => <AlertBadge p={r.process} />,
        sort: (r) => severityRank(r.process.worstSeverity) * 1e6 + c(r).alerts,
      },
      {
        id: 'cmdline',
        label: 'Command line',
        width: 160,
        grow: 3,
        mono: true,
        render: (r) => <span className="pv-faint">{r.process.cmdline || r.process.path}</span>,
        sort: (r) => r.process.cmdline.toLowerCase(),
        title: (r) => r.process.cmdline || r.process.path,
      },
    ];
  }, [from, to]);

  return (
    <DataGrid
      density="compact"
      sortFirst="descending"
      key={layout}
      rows={rows}
      columns={columns}
      rowKey={(r) => r.process.key}
      label={layout === 'tree' ? 'Process tree' : 'Processes'}
      selectedKey={selectedKey}
      onSelect={(r) => select(r.process.key)}
      onActivate={(r) => void showInEvents(processFilter(r.process))}
      sortable={layout === 'list'}
      defaultSort={layout === 'list' ? { column: 'events', descending: true } : undefined}
      rowClassName={(r) => (r.process.exited ? 'pv-row-exited' : '')}
      testId="process-grid"
      empty={search ? 'No process matches the search.' : 'No processes yet.'}
    />
  );
}
