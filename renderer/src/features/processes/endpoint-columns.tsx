// What the Network and Beaconing tabs show of a remote endpoint: its address ("[::1]:443"), the
// address column (a link to the endpoint's events in the Events view) and the DNS name column.
import type { EndpointInfo } from '@common/ipc/messages';
import type { DataGridColumn } from '../../components/DataGrid';
import { ActionLink } from './ActionLink';
import { endpointFilter, type ProcessRef } from './event-filters';
import { showInEvents } from './show-in-events';

export function endpointLabel(e: Pick<EndpointInfo, 'remoteAddress' | 'remotePort'>): string {
  const host = e.remoteAddress.includes(':') ? `[${e.remoteAddress}]` : e.remoteAddress;
  return `${host}:${e.remotePort}`;
}

/** The remote address, as a link to the events between `process` and the endpoint. */
export function endpointColumn(
  process: ProcessRef,
  header: { label: string; width: number; withProtocol?: boolean; testId?: string },
): DataGridColumn<EndpointInfo> {
  return {
    id: 'remote',
    label: header.label,
    width: header.width,
    grow: 2,
    mono: true,
    render: (e) => (
      <ActionLink
        onClick={() => void showInEvents(endpointFilter(process, e))}
        title="Show this endpoint’s events"
        testId={header.testId}
      >
        {header.withProtocol ? e.protocol : null}
        {header.withProtocol ? ' ' : null}
        {endpointLabel(e)}
      </ActionLink>
    ),
    sort: (e) => e.remoteAddress,
  };
}

/** The name the process resolved the address from (DNS), when it did. */
export function hostColumn(width: number): DataGridColumn<EndpointInfo> {
  return {
    id: 'host',
    label: 'Host (DNS)',
    width,
    grow: 1,
    render: (e) => e.remoteHost || <span className="pv-faint">–</span>,
    sort: (e) => e.remoteHost,
    title: (e) => e.remoteHost,
  };
}
