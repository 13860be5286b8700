// The simpler tabs of the process page: Overview (image, path, command line, parent chain, user,
// session, times, exit code, alerts), DNS, Images, Threads (both directions), WMI, Children and Events
// (counts by provider and event). Every name, image, thread and count links to its events.
import { useMemo, type ReactNode } from 'react';
import type {
  DnsLookupInfo,
  EventCountInfo,
  ImageInfo,
  ProcessDetails,
  ProcessInfo,
  ProcessListItem,
  RemoteThreadInfo,
  WmiOperationInfo,
} from '@common/ipc/messages';
import { formatBytes, formatCount } from '../../lib/format';
import { DataGrid, type DataGridColumn } from '../../components/DataGrid';
import {
  dnsFilter,
  eventKindFilter,
  imageFilter,
  processFilter,
  threadFilter,
  wmiFilter,
} from './event-filters';
import { ActionLink } from './ActionLink';
import { clockTime, duration, fullTime, ticksClock } from './format';
import { useProcessesStore } from './processes-store';
import { showInEvents } from './show-in-events';

function ProcessLink({ p }: { p: Pick<ProcessInfo, 'key' | 'name' | 'pid'> }) {
  const select = useProcessesStore((s) => s.select);
  return (
    <ActionLink onClick={() => select(p.key)} title="Select this process">
      {p.name || '(unknown)'} <span className="pv-faint">({p.pid})</span>
    </ActionLink>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function OverviewTab({ details }: { details: ProcessDetails }) {
  const p = details.process;
  const lifetime =
    p.startTicks !== null && p.endTicks !== null
      ? duration((p.endTicks - p.startTicks) / 1e7)
      : p.endTicks === null
        ? 'still running at the end of the capture'
        : '';
  return (
    <div className="pv-tab-scroll">
      <dl className="pv-facts" data-testid="process-overview">
        <Field label="Image">{p.name || <span className="pv-faint">unknown</span>}</Field>
        <Field label="Path">
          <span className="mono pv-select">{p.path || <span className="pv-faint">unknown</span>}</span>
        </Field>
        <Field label="Command line">
          <span className="mono pv-select pv-wrap">
            {p.cmdline || <span className="pv-faint">not in the capture</span>}
          </span>
        </Field>
        <Field label="Process id">
          {p.pid}
          {p.pidReused ? <span className="pv-tag">pid reused in this capture</span> : null}
        </Field>
        <Field label="Parent chain">
          {details.ancestors.length === 0 ? (
            <span className="pv-faint">
              {p.ppid !== null ? `pid ${p.ppid} (not in the capture)` : 'unknown'}
            </span>
          ) : (
            <span className="pv-chain">
              {details.ancestors.map((a, i) => (
                <span key={a.key}>
                  {i > 0 ? <span className="pv-faint"> ← </span> : null}
                  <ProcessLink p={a} />
                </span>
              ))}
            </span>
          )}
          {p.parentSpoofed ? (
            <span className="pv-tag pv-tag-warn">created by pid {p.creatorPid}: parent spoofed</span>
          ) : null}
        </Field>
        <Field label="User">{p.user || <span className="pv-faint">unknown</span>}</Field>
        <Field label="Session">{p.session ?? <span className="pv-faint">–</span>}</Field>
        <Field label="Started">
          {p.startTicks === null ? (
            <span className="pv-faint">before the capture</span>
          ) : (
            fullTime(p.start) || clockTime(p.start, p.startTicks)
          )}
        </Field>
        <Field label="Exited">
          {p.endTicks === null ? (
            <span className="pv-faint">no</span>
          ) : (
            fullTime(p.end) || clockTime(p.end, p.endTicks)
          )}
          {p.exitCode !== null ? (
            <span className="pv-faint">
              {' '}
              — exit code {p.exitCode} (0x{(p.exitCode >>> 0).toString(16)})
            </span>
          ) : null}
        </Field>
        <Field label="Lifetime">{lifetime}</Field>
        <Field label="Known from">
          {p.origin === 'start'
            ? 'its start event'
            : p.origin === 'rundown'
              ? 'a rundown (it existed when tracing began)'
              : 'its events only'}
        </Field>
        <Field label="Events">
          <ActionLink onClick={() => void showInEvents(processFilter(p))} testId="overview-events">
            {formatCount(p.counts.events)} events
          </ActionLink>
        </Field>
        {details.alerts.length > 0 ? (
          <Field label="Alerts">
            <ul className="pv-alert-mini">
              {details.alerts.map((a) => (
                <li key={a.index}>
                  <span className={`pv-sev pv-sev-${a.severity}`}>{a.severity}</span> {a.title}:{' '}
                  <span className="pv-faint">{a.summary}</span>
                </li>
              ))}
            </ul>
          </Field>
        ) : null}
        {Object.keys(details.dropped).length > 0 ? (
          <Field label="Left out">
            <span className="pv-faint">
              {Object.entries(details.dropped)
                .map(([what, n]) => `${formatCount(n)} ${what}`)
                .join(', ')}{' '}
              (per-process limits)
            </span>
          </Field>
        ) : null}
      </dl>
    </div>
  );
}

export function DnsTab({ details }: { details: ProcessDetails }) {
  const p = details.process;
  const columns = useMemo(
    (): DataGridColumn<DnsLookupInfo>[] => [
      {
        id: 'name',
        label: 'Name',
        width: 220,
        grow: 2,
        mono: true,
        render: (d) => (
          <ActionLink
            onClick={() => void showInEvents(dnsFilter(p, d))}
            title="Show the lookups of this name"
            testId="dns-link"
          >
            {d.name}
          </ActionLink>
        ),
        sort: (d) => d.name,
      },
      {
        id: 'types',
        label: 'Types',
        width: 80,
        render: (d) => d.types.join(', '),
        sort: (d) => d.types.join(','),
      },
      {
        id: 'queries',
        label: 'Queries',
        width: 64,
        align: 'right',
        render: (d) => formatCount(d.queries),
        sort: (d) => d.queries,
      },
      {
        id: 'status',
        label: 'Status',
        width: 70,
        align: 'right',
        render: (d) =>
          d.status === null ? (
            <span className="pv-zero">–</span>
          ) : d.status === 0 ? (
            'ok'
          ) : (
            <span className="pv-warn-text">{d.status}</span>
          ),
        sort: (d) => d.status ?? -1,
      },
      {
        id: 'results',
        label: 'Answers',
        width: 200,
        grow: 3,
        mono: true,
        render: (d) => d.results.join(', '),
        title: (d) => d.results.join('\n'),
        sort: (d) => d.results.length,
      },
      {
        id: 'first',
        label: 'First',
        width: 92,
        mono: true,
        render: (d) => clockTime(d.first, d.firstTicks),
        sort: (d) => d.firstTicks,
        title: (d) => fullTime(d.first),
      },
    ],
    [p],
  );
  return (
    <DataGrid
      density="compact"
      sortFirst="descending"
      rows={details.dns}
      columns={columns}
      rowKey={(d) => d.name}
      label="DNS lookups"
      onActivate={(d) => void showInEvents(dnsFilter(p, d))}
      testId="dns-grid"
      empty="No DNS lookups (they need the Microsoft-Windows-DNS-Client provider)."
    />
  );
}

export function ImagesTab({ details }: { details: ProcessDetails }) {
  const p = details.process;
  const columns = useMemo(
    (): DataGridColumn<ImageInfo>[] => [
      {
        id: 'path',
        label: 'Image',
        width: 320,
        grow: 3,
        mono: true,
        render: (i) => (
          <ActionLink
            onClick={() => void showInEvents(imageFilter(p, i))}
            title={`${i.ntPath}\nShow its load events`}
            testId="image-link"
          >
            {i.path}
          </ActionLink>
        ),
        sort: (i) => i.path.toLowerCase(),
      },
      { id: 'base', label: 'Base', width: 130, mono: true, render: (i) => i.base, sort: (i) => i.base },
      {
        id: 'size',
        label: 'Size',
        width: 70,
        align: 'right',
        render: (i) => (i.size > 0 ? formatBytes(i.size) : ''),
        sort: (i) => i.size,
      },
      {
        id: 'loads',
        label: 'Loads',
        width: 52,
        align: 'right',
        render: (i) =>
          i.rundown && i.loads === 0 ? (
            <span className="pv-faint" title="Listed by a rundown">
              rundown
            </span>
          ) : (
            i.loads
          ),
        sort: (i) => i.loads,
      },
      {
        id: 'unloads',
        label: 'Unloads',
        width: 60,
        align: 'right',
        render: (i) => i.unloads || <span className="pv-zero">–</span>,
        sort: (i) => i.unloads,
      },
      {
        id: 'first',
        label: 'First',
        width: 92,
        mono: true,
        render: (i) => clockTime(i.first, i.firstTicks),
        sort: (i) => i.firstTicks,
        title: (i) => fullTime(i.first),
      },
    ],
    [p],
  );
  return (
    <DataGrid
      density="compact"
      sortFirst="descending"
      rows={details.images}
      columns={columns}
      rowKey={(i) => i.ntPath}
      label="Images"
      onActivate={(i) => void showInEvents(imageFilter(p, i))}
      testId="image-grid"
      empty="No image loads (they need image events: classic Image or Kernel-Process ImageLoad)."
    />
  );
}

function threadColumns(start: string | null, direction: 'into' | 'from'): DataGridColumn<RemoteThreadInfo>[] {
  return [
    {
      id: 'other',
      label: direction === 'into' ? 'Target process' : 'Creator process',
      width: 200,
      grow: 2,
      render: (t) => <ProcessLink p={{ key: t.otherKey, name: t.otherName, pid: t.otherPid }} />,
      sort: (t) => t.otherName.toLowerCase(),
    },
    {
      id: 'tid',
      label: 'Thread',
      width: 70,
      align: 'right',
      render: (t) => (
        <ActionLink onClick={() => void showInEvents(threadFilter(t))} title="Show this thread’s start event">
          {t.tid}
        </ActionLink>
      ),
      sort: (t) => t.tid,
    },
    {
      id: 'addr',
      label: 'Start address',
      width: 140,
      mono: true,
      render: (t) => t.startAddress,
      sort: (t) => t.startAddress,
    },
    {
      id: 'time',
      label: 'Time',
      width: 96,
      mono: true,
      render: (t) => clockTime(t.time, t.ticks) || ticksClock(start, t.ticks),
      sort: (t) => t.ticks,
      title: (t) => fullTime(t.time),
    },
  ];
}

export function ThreadsTab({ details }: { details: ProcessDetails }) {
  const start = details.status.startTime;
  const into = useMemo(() => threadColumns(start, 'into'), [start]);
  const from = useMemo(() => threadColumns(start, 'from'), [start]);
  const key = (t: RemoteThreadInfo) => `${t.tid}@${t.ticks}`;
  return (
    <div className="pv-tab-halves">
      <section className="pv-half">
        <h3 className="pv-section-title">
          Started by other processes in this one ({details.threads.createdByOtherProcesses.length})
        </h3>
        <DataGrid
          density="compact"
          sortFirst="descending"
          rows={details.threads.createdByOtherProcesses}
          columns={from}
          rowKey={key}
          label="Threads started in this process"
          testId="threads-in"
          empty="None."
        />
      </section>
      <section className="pv-half">
        <h3 className="pv-section-title">
          Started by this process in others ({details.threads.createdInOtherProcesses.length})
        </h3>
        <DataGrid
          density="compact"
          sortFirst="descending"
          rows={details.threads.createdInOtherProcesses}
          columns={into}
          rowKey={key}
          label="Threads started in other processes"
          testId="threads-out"
          empty="None."
        />
      </section>
    </div>
  );
}

export function WmiTab({ details }: { details: ProcessDetails }) {
  const p = details.process;
  const columns = useMemo(
    (): DataGridColumn<WmiOperationInfo>[] => [
      { id: 'kind', label: 'Kind', width: 86, render: (w) => w.kind, sort: (w) => w.kind },
      {
        id: 'method',
        label: 'Method',
        width: 110,
        render: (w) => w.method || <span className="pv-faint">–</span>,
        sort: (w) => w.method,
      },
      {
        id: 'ns',
        label: 'Namespace',
        width: 120,
        mono: true,
        render: (w) => w.namespace,
        sort: (w) => w.namespace,
      },
      {
        id: 'query',
        label: 'Query / operation',
        width: 260,
        grow: 3,
        mono: true,
        render: (w) => w.query || w.operation,
        title: (w) => w.operation,
        sort: (w) => w.query || w.operation,
      },
      {
        id: 'count',
        label: 'Count',
        width: 56,
        align: 'right',
        render: (w) => formatCount(w.count),
        sort: (w) => w.count,
      },
      {
        id: 'result',
        label: 'Result',
        width: 80,
        mono: true,
        render: (w) => (w.resultCode === null ? '' : `0x${(w.resultCode >>> 0).toString(16)}`),
        sort: (w) => w.resultCode ?? -1,
      },
      {
        id: 'first',
        label: 'First',
        width: 96,
        mono: true,
        render: (w) => ticksClock(details.status.startTime, w.firstTicks),
        sort: (w) => w.firstTicks,
      },
    ],
    [details.status.startTime],
  );
  return (
    <div className="pv-tab-stack">
      <div className="pv-tab-bar-note">
        <ActionLink onClick={() => void showInEvents(wmiFilter(p))}>
          Show the WMI events of this process
        </ActionLink>
      </div>
      <DataGrid
        density="compact"
        sortFirst="descending"
        rows={details.wmi}
        columns={columns}
        rowKey={(w) => `${w.kind}|${w.firstSeq}`}
        label="WMI operations"
        onActivate={() => void showInEvents(wmiFilter(p))}
        testId="wmi-grid"
        empty="No WMI activity (it needs the Microsoft-Windows-WMI-Activity provider)."
      />
    </div>
  );
}

export function ChildrenTab({ details }: { details: ProcessDetails }) {
  const select = useProcessesStore((s) => s.select);
  const columns = useMemo(
    (): DataGridColumn<ProcessListItem>[] => [
      {
        id: 'name',
        label: 'Process',
        width: 180,
        grow: 1,
        render: (c) => <ProcessLink p={c} />,
        sort: (c) => c.name.toLowerCase(),
      },
      { id: 'pid', label: 'PID', width: 62, align: 'right', render: (c) => c.pid, sort: (c) => c.pid },
      {
        id: 'start',
        label: 'Started',
        width: 96,
        mono: true,
        render: (c) => clockTime(c.start, c.startTicks),
        sort: (c) => c.startTicks ?? -1,
      },
      {
        id: 'end',
        label: 'Exited',
        width: 96,
        mono: true,
        render: (c) =>
          c.endTicks === null ? <span className="pv-faint">running</span> : clockTime(c.end, c.endTicks),
        sort: (c) => c.endTicks ?? Infinity,
      },
      {
        id: 'events',
        label: 'Events',
        width: 70,
        align: 'right',
        render: (c) => (
          <ActionLink onClick={() => void showInEvents(processFilter(c))}>
            {formatCount(c.counts.events)}
          </ActionLink>
        ),
        sort: (c) => c.counts.events,
      },
      {
        id: 'cmd',
        label: 'Command line',
        width: 240,
        grow: 3,
        mono: true,
        render: (c) => <span className="pv-faint">{c.cmdline || c.path}</span>,
        title: (c) => c.cmdline,
      },
    ],
    [],
  );
  return (
    <DataGrid
      density="compact"
      sortFirst="descending"
      rows={details.children}
      columns={columns}
      rowKey={(c) => c.key}
      label="Child processes"
      onActivate={(c) => select(c.key)}
      rowClassName={(c) => (c.exited ? 'pv-row-exited' : '')}
      testId="children-grid"
      empty="It started no processes during the capture."
    />
  );
}

export function EventsTab({ details }: { details: ProcessDetails }) {
  const p = details.process;
  const total = Math.max(1, details.events.total);
  const columns = useMemo(
    (): DataGridColumn<EventCountInfo>[] => [
      {
        id: 'provider',
        label: 'Provider',
        width: 220,
        grow: 2,
        render: (e) => e.provider,
        sort: (e) => e.provider,
      },
      {
        id: 'event',
        label: 'Event',
        width: 200,
        grow: 2,
        render: (e) => (
          <ActionLink
            onClick={() => void showInEvents(eventKindFilter(p, e.provider, e.event))}
            title="Show these events"
          >
            {e.event}
          </ActionLink>
        ),
        sort: (e) => e.event,
      },
      {
        id: 'count',
        label: 'Count',
        width: 80,
        align: 'right',
        render: (e) => formatCount(e.count),
        sort: (e) => e.count,
      },
      {
        id: 'share',
        label: 'Share',
        width: 120,
        render: (e) => (
          <span className="pv-score">
            <span className="pv-score-fill" style={{ width: `${(e.count / total) * 100}%` }} />
            <span className="pv-score-text">{((e.count / total) * 100).toFixed(1)} %</span>
          </span>
        ),
        sort: (e) => e.count,
      },
    ],
    [p, total],
  );
  return (
    <DataGrid
      density="compact"
      sortFirst="descending"
      rows={details.events.byEvent}
      columns={columns}
      rowKey={(e) => `${e.provider}|${e.event}`}
      label="Events by provider and event"
      onActivate={(e) => void showInEvents(eventKindFilter(p, e.provider, e.event))}
      defaultSort={{ column: 'count', descending: true }}
      testId="event-kinds-grid"
    />
  );
}
