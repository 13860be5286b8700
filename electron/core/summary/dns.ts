// DNS lookups per process from Microsoft-Windows-DNS-Client: every event with a QueryName counts for
// the process that logged it (the DNS client runs inside the querying process). Query start events
// (3006, older 3000) count as queries; completion/response events (3008, 3003, 3018, 3020) give the
// status and the answers. QueryResults reads like "type:  5 cdn.example.net;::ffff:93.184.216.34;":
// addresses (IPv4-mapped IPv6 shown as IPv4) and CNAME targets are kept, and the addresses are
// returned so the analyzer can name the remote endpoints that the process later connects to.

import { DnsEvent } from './known';
import { propInt, propIntOf, propStr, type Props } from './props';

const QUERY_TYPES: Readonly<Record<number, string>> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  64: 'SVCB',
  65: 'HTTPS',
  255: 'ANY',
};

export function dnsTypeName(type: number): string {
  return QUERY_TYPES[type] ?? `TYPE${type}`;
}

/** Names kept per process, and answers per name. */
const MAX_NAMES = 4096;
const MAX_RESULTS_PER_NAME = 64;

export interface DnsLookup {
  name: string;
  types: string[];
  /** Query start events. */
  queries: number;
  /** Completion/response events. */
  responses: number;
  /** Last status (0 = success; a Win32/DNS error code otherwise), null when none was seen. */
  status: number | null;
  results: string[];
  firstTicks: number;
  lastTicks: number;
}

class NameStats {
  readonly types = new Set<number>();
  queries = 0;
  responses = 0;
  status: number | null = null;
  readonly results = new Set<string>();
  constructor(
    readonly name: string,
    readonly firstTicks: number,
    public lastTicks: number,
  ) {}
}

/** Parses QueryResults into answer texts and the addresses among them. */
export function parseDnsResults(text: string): { answers: string[]; addresses: string[] } {
  const answers: string[] = [];
  const addresses: string[] = [];
  for (const part of text.split(';')) {
    const token = part.trim();
    if (token === '') continue;
    const typed = /^type:\s*(\d+)\s+(\S+)$/i.exec(token);
    if (typed) {
      answers.push(`${dnsTypeName(Number(typed[1]))} ${typed[2]}`);
      continue;
    }
    const address = token.toLowerCase().startsWith('::ffff:') && token.includes('.') ? token.slice(7) : token;
    if (/^[\d.]+$/.test(address) || /^[0-9a-f:]+$/i.test(address)) addresses.push(address);
    answers.push(address);
  }
  return { answers, addresses };
}

export class DnsActivity {
  private readonly names = new Map<string, NameStats>();
  dropped = 0;

  /** Records one DNS-Client event; returns the answered addresses (for endpoint naming) or null. */
  observe(id: number, props: Props, ticks: number): { name: string; addresses: string[] } | null {
    const name = propStr(props, 'QueryName');
    if (name === '') return null;
    const key = name.toLowerCase();
    let stats = this.names.get(key);
    if (stats === undefined) {
      if (this.names.size >= MAX_NAMES) {
        this.dropped++;
        return null;
      }
      stats = new NameStats(name, ticks, ticks);
      this.names.set(key, stats);
    }
    stats.lastTicks = ticks;
    const type = propInt(props, 'QueryType');
    if (type >= 0) stats.types.add(type);
    if (DnsEvent.QueryStart.has(id)) stats.queries++;
    if (!DnsEvent.QueryComplete.has(id)) return null;
    stats.responses++;
    const status = propIntOf(props, ['QueryStatus', 'Status']);
    if (status >= 0) stats.status = status;
    const results = propStr(props, 'QueryResults');
    if (results === '') return null;
    const parsed = parseDnsResults(results);
    for (const a of parsed.answers) if (stats.results.size < MAX_RESULTS_PER_NAME) stats.results.add(a);
    return parsed.addresses.length > 0 ? { name, addresses: parsed.addresses } : null;
  }

  get size(): number {
    return this.names.size;
  }

  lookups(): DnsLookup[] {
    return [...this.names.values()].map((s) => ({
      name: s.name,
      types: [...s.types].sort((a, b) => a - b).map(dnsTypeName),
      queries: s.queries,
      responses: s.responses,
      status: s.status,
      results: [...s.results],
      firstTicks: s.firstTicks,
      lastTicks: s.lastTicks,
    }));
  }
}
