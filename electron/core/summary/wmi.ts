// WMI activity per client process, from Microsoft-Windows-WMI-Activity. The events are logged by the
// WMI service (svchost / WmiPrvSE), so they are attributed to the process named in the payload:
// ClientProcessId for operations (1, 11) and errors (5858), processid for event subscriptions
// (5859, 5860), ProcessID for provider loads (5857: the host process). Permanent event consumers
// (5861, a persistence mechanism) have no client and stay with the logging process.
// An operation reads "Start IWbemServices::ExecQuery - root\cimv2 : select * from Win32_Process": the
// method, namespace and query are split out.

import { WmiEvent } from './known';
import { propInt, propStr, propStrOf, type Props } from './props';

const MAX_OPERATIONS = 2048;

export type WmiKind = 'operation' | 'error' | 'subscription' | 'provider' | 'consumer';

export interface WmiOperation {
  kind: WmiKind;
  /** IWbemServices method (ExecQuery, ExecMethod, GetObject...) or the event's own label. */
  method: string;
  namespace: string;
  /** The WQL query or object path, when the operation names one. */
  query: string;
  /** Operation text as logged. */
  operation: string;
  user: string;
  /** ResultCode of errors (5858), else null. */
  resultCode: number | null;
  count: number;
  firstTicks: number;
  lastTicks: number;
  firstSeq: number;
}

/** The pid an event belongs to (-1: the logging process). */
export function wmiClientPid(id: number, props: Props): number {
  if (WmiEvent.Operation.has(id) || id === WmiEvent.Error) return propInt(props, 'ClientProcessId');
  if (WmiEvent.Subscription.has(id)) return propInt(props, 'processid');
  if (id === WmiEvent.ProviderLoaded) return propInt(props, 'ProcessID');
  return -1;
}

/** Splits "Start IWbemServices::ExecQuery - root\cimv2 : select ..." into method, namespace, query. */
export function parseWmiOperation(text: string): { method: string; namespace: string; query: string } {
  const method = /IWbem\w+::(\w+)/.exec(text)?.[1] ?? '';
  const rest = /::\w+\s+-\s+(.*)$/s.exec(text)?.[1] ?? '';
  const colon = rest.indexOf(' : ');
  if (colon < 0) return { method, namespace: rest.trim(), query: '' };
  return { method, namespace: rest.slice(0, colon).trim(), query: rest.slice(colon + 3).trim() };
}

export class WmiActivity {
  private readonly ops = new Map<string, WmiOperation>();
  dropped = 0;

  observe(id: number, props: Props, ticks: number, seq: number): WmiOperation | null {
    let op: Omit<WmiOperation, 'count' | 'firstTicks' | 'lastTicks' | 'firstSeq'>;
    const user = propStr(props, 'User');
    if (WmiEvent.Operation.has(id) || id === WmiEvent.Error) {
      const operation = propStr(props, 'Operation');
      const parsed = parseWmiOperation(operation);
      op = {
        kind: id === WmiEvent.Error ? 'error' : 'operation',
        ...parsed,
        namespace: propStr(props, 'NamespaceName') || parsed.namespace,
        operation,
        user,
        resultCode: id === WmiEvent.Error ? propInt(props, 'ResultCode') : null,
      };
    } else if (WmiEvent.Subscription.has(id)) {
      const query = propStr(props, 'Query');
      op = {
        kind: 'subscription',
        method: 'ExecNotificationQuery',
        namespace: propStr(props, 'NamespaceName'),
        query,
        operation: query,
        user,
        resultCode: null,
      };
    } else if (id === WmiEvent.ProviderLoaded) {
      const name = propStr(props, 'ProviderName');
      op = {
        kind: 'provider',
        method: 'ProviderLoaded',
        namespace: '',
        query: propStr(props, 'ProviderPath'),
        operation: name,
        user,
        resultCode: null,
      };
    } else if (id === WmiEvent.Consumer) {
      const consumer = propStrOf(props, ['CONSUMER', 'Consumer']);
      op = {
        kind: 'consumer',
        method: 'EventConsumer',
        namespace: propStrOf(props, ['Namespace']),
        query: propStr(props, 'ESS'),
        operation: consumer,
        user,
        resultCode: null,
      };
    } else {
      return null;
    }
    const key = `${op.kind}|${op.namespace}|${op.method}|${op.query}|${op.operation}`;
    let entry = this.ops.get(key);
    if (entry === undefined) {
      if (this.ops.size >= MAX_OPERATIONS) {
        this.dropped++;
        return null;
      }
      entry = { ...op, count: 0, firstTicks: ticks, lastTicks: ticks, firstSeq: seq };
      this.ops.set(key, entry);
    }
    entry.count++;
    entry.lastTicks = ticks;
    return entry;
  }

  get size(): number {
    return this.ops.size;
  }

  operations(): WmiOperation[] {
    return [...this.ops.values()].map((o) => ({ ...o }));
  }
}
