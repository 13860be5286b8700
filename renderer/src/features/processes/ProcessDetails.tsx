// The selected process: a header (name, pid, path, alerts, "Show events") and one tab per summary —
// Overview, DNS, Network, Beaconing, Images, Threads, WMI, PowerShell, Children, Events — each with
// its count, so empty ones read as such before they are opened.
import type { ReactElement } from 'react';
import type { ProcessDetails as Details } from '@common/ipc/messages';
import { Tabs } from '../../components/Tabs';
import { formatCount } from '../../lib/format';
import { sentence } from '../../lib/format';
import { BeaconTab } from './BeaconTab';
import { ChildrenTab, DnsTab, EventsTab, ImagesTab, OverviewTab, ThreadsTab, WmiTab } from './detail-tabs';
import { processFilter } from './event-filters';
import { NetworkTab } from './NetworkTab';
import { PowerShellTab } from './PowerShellTab';
import { useProcessesStore, type ProcessTab } from './processes-store';
import { showInEvents } from './show-in-events';

interface TabDef {
  id: ProcessTab;
  label: string;
  count(d: Details): number | undefined;
  render(d: Details): ReactElement;
}

const TABS: TabDef[] = [
  { id: 'overview', label: 'Overview', count: () => undefined, render: (d) => <OverviewTab details={d} /> },
  { id: 'dns', label: 'DNS', count: (d) => d.dns.length, render: (d) => <DnsTab details={d} /> },
  {
    id: 'network',
    label: 'Network',
    count: (d) => d.network.length,
    render: (d) => <NetworkTab details={d} />,
  },
  {
    id: 'beaconing',
    label: 'Beaconing',
    count: (d) => d.network.filter((e) => e.contacts > 0).length,
    render: (d) => <BeaconTab details={d} />,
  },
  { id: 'images', label: 'Images', count: (d) => d.images.length, render: (d) => <ImagesTab details={d} /> },
  {
    id: 'threads',
    label: 'Threads',
    count: (d) => d.threads.createdByOtherProcesses.length + d.threads.createdInOtherProcesses.length,
    render: (d) => <ThreadsTab details={d} />,
  },
  { id: 'wmi', label: 'WMI', count: (d) => d.wmi.length, render: (d) => <WmiTab details={d} /> },
  {
    id: 'powershell',
    label: 'PowerShell',
    count: (d) =>
      d.powershell.scriptBlocks.length + d.powershell.commands.length + d.powershell.encodedCommands.length,
    render: (d) => <PowerShellTab details={d} />,
  },
  {
    id: 'children',
    label: 'Children',
    count: (d) => d.children.length,
    render: (d) => <ChildrenTab details={d} />,
  },
  {
    id: 'events',
    label: 'Events',
    count: (d) => d.events.byEvent.length,
    render: (d) => <EventsTab details={d} />,
  },
];

export function ProcessDetailsPane() {
  const details = useProcessesStore((s) => s.details);
  const error = useProcessesStore((s) => s.detailsError);
  const selectedKey = useProcessesStore((s) => s.selectedKey);
  const tab = useProcessesStore((s) => s.tab);
  const setTab = useProcessesStore((s) => s.setTab);

  if (selectedKey === undefined) {
    return (
      <div className="pv-details-empty">
        Select a process to see what it did: DNS, network, images, threads, WMI, PowerShell…
      </div>
    );
  }
  if (error) return <div className="pv-details-empty pv-error-text">{sentence(error.message)}</div>;
  if (!details || details.process.key !== selectedKey)
    return <div className="pv-details-empty">Loading…</div>;

  const p = details.process;
  const current = TABS.find((t) => t.id === tab) ?? (TABS[0] as TabDef);
  return (
    <section className="pv-details" data-testid="process-details" aria-label={`Process ${p.name} (${p.pid})`}>
      <header className="pv-details-head">
        <span className={`pv-details-name ${p.exited ? 'pv-exited-text' : ''}`}>
          {p.name || `pid ${p.pid}`}
        </span>
        {p.name ? <span className="pv-faint">pid {p.pid}</span> : null}
        {p.exited ? <span className="pv-tag">exited</span> : null}
        {p.counts.alerts > 0 ? (
          <span className={`pv-sev pv-sev-${p.worstSeverity}`}>
            {p.counts.alerts} alert{p.counts.alerts === 1 ? '' : 's'}
          </span>
        ) : null}
        <span className="pv-details-path mono" title={p.path}>
          {p.path}
        </span>
        <button
          type="button"
          className="button button-small"
          data-testid="show-process-events"
          onClick={() => void showInEvents(processFilter(p))}
        >
          Show {formatCount(p.counts.events)} events
        </button>
      </header>
      <Tabs
        label="Process summaries"
        tabs={TABS.map((t) => ({ id: t.id, label: t.label, count: t.count(details) }))}
        selected={current.id}
        onSelect={setTab}
        density="compact"
        panelClassName="pv-tab-body"
      >
        {current.render(details)}
      </Tabs>
    </section>
  );
}
