// The Events-view filters behind every click in the Processes view: a process, one of its endpoints,
// DNS names, images, threads, WMI and PowerShell activity, an event kind, an alert's evidence. Each is
// filter-language text (docs/filter-language.md) that means exactly the thing clicked:
//  - a process is its pid — plus, when it talked on the network, the network events that name it in
//    their PID property (Kernel-Network logs them from the system's context) — and, when Windows reused
//    its pid during the capture, only the time its lifetime covers;
//  - an endpoint is the process's network events to or from that address and port, in whichever form
//    the loaded Kernel-Network manifest decodes them (endpointClause);
//  - evidence is the exact times (100 ns) of the evidence events: `time in (...)`.
import { quote, secondsLiteral } from '../events/filter-text';

/** Provider GUIDs of network events: Microsoft-Windows-Kernel-Network, classic TcpIp and UdpIp. */
const NETWORK_PROVIDERS = [
  '7dd42a49-5329-4832-8dfd-43d979153a88',
  '9a280ac0-c8e0-11d1-84e2-00c04fb998a2',
  'bf3a50c5-a9c9-4988-a005-2df0b7c80f80',
];
/** Evidence times put in one filter at most. */
const MAX_EVIDENCE_TIMES = 64;

/** What the filters need of a process (a ProcessListItem has it; plain shapes keep this file testable). */
export interface ProcessRef {
  pid: number;
  /** Another lifetime in the capture had the same pid: restrict to this one's span. */
  pidReused: boolean;
  spanFromTicks: number | null;
  spanToTicks: number | null;
  counts: { endpoints: number };
}

/** `time >= a and time <= b` for a reused pid's lifetime ('' when the pid is the capture's only one). */
function lifetime(p: ProcessRef): string {
  if (!p.pidReused) return '';
  const parts: string[] = [];
  if (p.spanFromTicks !== null) parts.push(`time >= ${secondsLiteral(p.spanFromTicks)}`);
  if (p.spanToTicks !== null) parts.push(`time <= ${secondsLiteral(p.spanToTicks)}`);
  return parts.join(' and ');
}

const both = (...clauses: string[]) => clauses.filter((c) => c !== '').join(' and ');

/** Every event of the process. */
export function processFilter(p: ProcessRef): string {
  const own = p.counts.endpoints > 0 ? `(pid == ${p.pid} or props.PID == ${p.pid})` : `pid == ${p.pid}`;
  return both(own, lifetime(p));
}

/** The process's network events (all endpoints). */
export function networkFilter(p: ProcessRef): string {
  const providers = NETWORK_PROVIDERS.map((g) => quote(g)).join(', ');
  return both(`provider in (${providers})`, `props.PID == ${p.pid}`, lifetime(p));
}

/** The process's network events with one remote endpoint (whichever Kernel-Network manifest decoded them). */
export function endpointFilter(p: ProcessRef, e: { remoteAddress: string; remotePort: number }): string {
  return both(`props.PID == ${p.pid}`, endpointClause(e.remoteAddress, e.remotePort), lifetime(p));
}

/**
 * One remote endpoint in the events' own terms. Manifests disagree on Kernel-Network's layout: Tx's
 * SystemEvents.man gives addresses as text and ports in host order; the Windows 7 manifest gives an
 * IPv4 address as the UInt32 of its network-order bytes and ports byte-swapped, and an IPv6 event's
 * addresses and ports as one hex blob in `daddr` (daddr, saddr, dport, sport). The clause accepts each
 * form, for either end (datagrams received on a group address name the sender in saddr/sport).
 */
export function endpointClause(address: string, port: number): string {
  const swapped = ((port & 0xff) << 8) | (port >> 8);
  const ports = swapped === port ? String(port) : `${port}, ${swapped}`;
  const v4 = ipv4Number(address);
  const addresses = v4 === undefined ? quote(address) : `${quote(address)}, ${v4}`;
  const byProps = (addr: string, prt: string) =>
    `(props.${addr} in (${addresses}) and props.${prt} in (${ports}))`;
  const clauses = [byProps('daddr', 'dport'), byProps('saddr', 'sport')];
  const hex = v4 === undefined ? ipv6Hex(address) : undefined;
  if (hex !== undefined) {
    const portHex = port.toString(16).padStart(4, '0');
    clauses.push(`props.daddr matches /^(${hex}.{32}${portHex}|.{32}${hex}.{4}${portHex})/i`);
  }
  return `(${clauses.join(' or ')})`;
}

/** "157.18.244.38" → the UInt32 of its bytes read little-endian (653539485), else undefined. */
function ipv4Number(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const b = m.slice(1).map(Number);
  if (b.some((x) => x > 255)) return undefined;
  return (
    ((b[0] as number) +
      (b[1] as number) * 0x100 +
      (b[2] as number) * 0x10000 +
      (b[3] as number) * 0x1000000) >>>
    0
  );
}

/** An IPv6 address as 32 hex digits (its 16 bytes), or undefined when the text is not one. */
export function ipv6Hex(text: string): string | undefined {
  const lower = text.toLowerCase();
  if (!/^[0-9a-f:]+$/.test(lower) || lower.split('::').length > 2) return undefined;
  const [head = '', tail] = lower.split('::');
  const parts = (s: string) => (s === '' ? [] : s.split(':'));
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...new Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return groups.map((g) => g.padStart(4, '0')).join('');
}

/** DNS-Client events of the process, or only those about one name. */
export function dnsFilter(p: ProcessRef, lookup?: { name: string }): string {
  return both(
    `pid == ${p.pid}`,
    lookup ? `props.QueryName == ${quote(lookup.name)}` : 'provider == "Microsoft-Windows-DNS-Client"',
    lifetime(p),
  );
}

/** Image load, unload and rundown events of the process (Kernel-Process and classic Image). */
export function imagesFilter(p: ProcessRef): string {
  return both(`props.ProcessId == ${p.pid}`, 'event contains "Image"', lifetime(p));
}

/** Load, unload and rundown events of one image in the process (Kernel-Process and classic Image). */
export function imageFilter(p: ProcessRef, image: { ntPath: string }): string {
  const path = quote(image.ntPath);
  return both(
    `props.ProcessId == ${p.pid}`,
    `(props.ImageName == ${path} or props.FileName == ${path})`,
    lifetime(p),
  );
}

/** The start (and stop) events of a thread one process started in another. */
export function threadFilter(t: { tid: number }): string {
  return `(props.ThreadID == ${t.tid} or props.TThreadId == ${t.tid}) and event contains "Thread"`;
}

/** WMI-Activity events the process caused. */
export function wmiFilter(p: ProcessRef): string {
  return both(
    'provider == "Microsoft-Windows-WMI-Activity"',
    `(pid == ${p.pid} or props.ClientProcessId == ${p.pid})`,
    lifetime(p),
  );
}

/** PowerShell events of the process, or the parts of one script block. */
export function powershellFilter(p: ProcessRef, block?: { id: string }): string {
  return both(
    `pid == ${p.pid}`,
    block ? `props.ScriptBlockId == ${quote(block.id)}` : 'provider == "Microsoft-Windows-PowerShell"',
    lifetime(p),
  );
}

/** One kind of event of the process. */
export function eventKindFilter(p: ProcessRef, provider: string, event: string): string {
  return both(processFilter(p), `provider == ${quote(provider)}`, `event == ${quote(event)}`);
}

/** Events at exactly these times (an alert's evidence); '' when there are none. */
export function evidenceFilter(ticks: readonly number[]): string {
  const times = [...new Set(ticks)].slice(0, MAX_EVIDENCE_TIMES).map(secondsLiteral);
  return times.length === 0 ? '' : `time in (${times.join(', ')})`;
}

/** A process's events around a moment (an alert whose evidence events are no longer stored). */
export function aroundFilter(pid: number, ticks: number, seconds: number): string {
  const from = Math.max(0, ticks - seconds * 1e7);
  return both(
    pid >= 0 ? `pid == ${pid}` : '',
    `time >= ${secondsLiteral(from)}`,
    `time <= ${secondsLiteral(ticks + seconds * 1e7)}`,
  );
}
