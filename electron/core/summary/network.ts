// Network events → one NetObservation each (owning pid, operation, protocol, size, remote and local
// endpoint), and the per-process, per-remote-endpoint statistics they feed.
//
// Microsoft-Windows-Kernel-Network (version 0, every Windows from 7 to 11) is read straight from the
// payload, whose layout is fixed: PID u32, size u32, daddr, saddr (4 bytes each, or 16 for the IPv6
// events), dport u16, sport u16 (ports in network byte order). Reading it ourselves makes the numbers
// independent of which manifest (if any) was loaded: the reconstructed Windows 7/10 manifests declare
// the IPv6 addresses as length-less win:Binary, which swallows the rest of the payload. Other versions
// fall back to the decoded properties. Classic TcpIp/UdpIp kernel events are read from their decoded
// properties (the built-in kernel tables are exact).
//
// Ends: daddr/dport is the remote end and saddr/sport the local one, except for UDP datagrams received
// on a multicast or broadcast address (LLMNR, NetBIOS, mDNS), where daddr is that group address and
// saddr the sender: those are swapped so the remote end is the sender. (Broadcast is recognised as
// 255.255.255.255 or an IPv4 address ending in .255.)
//
// Bytes: "sent" sums the size of send events, "received" of receive events. Retransmits, connects,
// disconnects and the TCP "copy" events (data copied on behalf of the user: a second report of
// received data) are counted, not added to the byte totals.

import { ipv6ToString } from '../decode/format';
import type { RawEvent } from '../events/raw-event';
import type { BeaconTracker } from './beacon';
import { propInt, propStr, type Props } from './props';
import type { SlidingSum } from './sliding-sum';

export const NetOp = {
  Send: 1,
  Recv: 2,
  Connect: 3,
  Accept: 4,
  Disconnect: 5,
  Retransmit: 6,
  Reconnect: 7,
  Copy: 8,
} as const;
export type NetOp = (typeof NetOp)[keyof typeof NetOp];

export const IpProto = { Tcp: 6, Udp: 17 } as const;
export type IpProto = (typeof IpProto)[keyof typeof IpProto];

/** One network event, filled in place (one scratch object per analyzer: no allocation per event). */
export interface NetObservation {
  pid: number;
  op: NetOp;
  proto: IpProto;
  size: number;
  /** IPv4 remote address as a 32-bit number (first octet highest), or -1 for IPv6 / text addresses. */
  remoteV4: number;
  /** Remote address text when remoteV4 is -1. */
  remoteText: string;
  remotePort: number;
  /** Local address: an IPv4 number, else IPv6 bytes in `localBytes` at `localAt`, else `localText`. */
  localV4: number;
  localBytes: Uint8Array | null;
  localAt: number;
  localText: string;
  localPort: number;
}

export function newNetObservation(): NetObservation {
  return {
    pid: -1,
    op: NetOp.Send,
    proto: IpProto.Tcp,
    size: 0,
    remoteV4: -1,
    remoteText: '',
    remotePort: 0,
    localV4: -1,
    localBytes: null,
    localAt: 0,
    localText: '',
    localPort: 0,
  };
}

/** The local address as text (built only when an endpoint is first seen). */
export function localAddressText(o: NetObservation): string {
  if (o.localV4 >= 0) return ipv4NumberToText(o.localV4);
  if (o.localBytes !== null) return ipv6ToString(o.localBytes, o.localAt);
  return o.localText;
}

/** Kernel-Network and classic TcpIp/UdpIp operation by id/opcode: [op, proto, ipv6]. */
type NetKind = readonly [NetOp, IpProto, boolean];
const TCP4 = (op: NetOp): NetKind => [op, IpProto.Tcp, false];
const TCP6 = (op: NetOp): NetKind => [op, IpProto.Tcp, true];

/** Kernel-Network event id → kind (the manifest ids; IPv6 = IPv4 + 16, UDP 42/43 and 58/59). */
const KERNEL_NETWORK_KINDS = new Map<number, NetKind>([
  [10, TCP4(NetOp.Send)],
  [11, TCP4(NetOp.Recv)],
  [12, TCP4(NetOp.Connect)],
  [13, TCP4(NetOp.Disconnect)],
  [14, TCP4(NetOp.Retransmit)],
  [15, TCP4(NetOp.Accept)],
  [16, TCP4(NetOp.Reconnect)],
  [18, TCP4(NetOp.Copy)],
  [26, TCP6(NetOp.Send)],
  [27, TCP6(NetOp.Recv)],
  [28, TCP6(NetOp.Connect)],
  [29, TCP6(NetOp.Disconnect)],
  [30, TCP6(NetOp.Retransmit)],
  [31, TCP6(NetOp.Accept)],
  [32, TCP6(NetOp.Reconnect)],
  [34, TCP6(NetOp.Copy)],
  [42, [NetOp.Send, IpProto.Udp, false]],
  [43, [NetOp.Recv, IpProto.Udp, false]],
  [58, [NetOp.Send, IpProto.Udp, true]],
  [59, [NetOp.Recv, IpProto.Udp, true]],
]);

/** Classic TcpIp opcodes (same numbering as Kernel-Network ids); UdpIp uses 10/11 and 26/27. */
const CLASSIC_UDP_KINDS = new Map<number, NetKind>([
  [10, [NetOp.Send, IpProto.Udp, false]],
  [11, [NetOp.Recv, IpProto.Udp, false]],
  [26, [NetOp.Send, IpProto.Udp, true]],
  [27, [NetOp.Recv, IpProto.Udp, true]],
]);

function u32le(p: Uint8Array, at: number): number {
  return (
    ((p[at] as number) |
      ((p[at + 1] as number) << 8) |
      ((p[at + 2] as number) << 16) |
      ((p[at + 3] as number) << 24)) >>>
    0
  );
}

function u32be(p: Uint8Array, at: number): number {
  return (
    (((p[at] as number) << 24) |
      ((p[at + 1] as number) << 16) |
      ((p[at + 2] as number) << 8) |
      (p[at + 3] as number)) >>>
    0
  );
}

function u16be(p: Uint8Array, at: number): number {
  return ((p[at] as number) << 8) | (p[at + 1] as number);
}

/** A Kernel-Network event into `out`; false when it is not a data/connection event or is too short. */
export function readKernelNetwork(raw: RawEvent, props: Props, out: NetObservation): boolean {
  const kind = KERNEL_NETWORK_KINDS.get(raw.id);
  if (kind === undefined) return false;
  if (raw.version !== 0) return readDecodedNet(kind, props, out);
  const p = raw.payload;
  const v6 = kind[2];
  if (p.length < (v6 ? 44 : 20)) return false;
  out.op = kind[0];
  out.proto = kind[1];
  out.pid = u32le(p, 0);
  out.size = u32le(p, 4);
  if (v6) {
    out.remoteV4 = -1;
    out.remoteText = ipv6ToString(p, 8);
    out.localV4 = -1;
    out.localBytes = p;
    out.localAt = 24;
    out.remotePort = u16be(p, 40);
    out.localPort = u16be(p, 42);
  } else {
    out.remoteV4 = u32be(p, 8);
    out.remoteText = '';
    out.localV4 = u32be(p, 12);
    out.localBytes = null;
    out.remotePort = u16be(p, 16);
    out.localPort = u16be(p, 18);
  }
  fixGroupReceive(out);
  return true;
}

/** True for a multicast (224.0.0.0/4, ff00::/8) or broadcast (x.x.x.255) remote address. */
function isGroupAddress(o: NetObservation): boolean {
  if (o.remoteV4 >= 0)
    return o.remoteV4 >= 0xe0000000 && o.remoteV4 < 0xf0000000 ? true : (o.remoteV4 & 0xff) === 0xff;
  return o.remoteText.toLowerCase().startsWith('ff');
}

/** Received UDP datagrams addressed to a group: the remote end is the sender (saddr). */
function fixGroupReceive(o: NetObservation): void {
  if (o.proto !== IpProto.Udp || o.op !== NetOp.Recv || !isGroupAddress(o)) return;
  const [groupV4, groupText, groupPort] = [o.remoteV4, o.remoteText, o.remotePort];
  const sender = localAddressText(o);
  o.remoteV4 = o.localV4 >= 0 ? o.localV4 : ipv4TextToNumber(sender);
  o.remoteText = o.remoteV4 >= 0 ? '' : sender;
  o.remotePort = o.localPort;
  o.localV4 = groupV4;
  o.localBytes = null;
  o.localText = groupText;
  o.localPort = groupPort;
}

/** A classic TcpIp/UdpIp kernel event (decoded by the built-in tables) into `out`. */
export function readClassicNet(raw: RawEvent, props: Props, udp: boolean, out: NetObservation): boolean {
  const kind = udp ? CLASSIC_UDP_KINDS.get(raw.opcode) : KERNEL_NETWORK_KINDS.get(raw.opcode);
  if (kind === undefined || (!udp && kind[1] !== IpProto.Tcp)) return false;
  if (!readDecodedNet(kind, props, out)) return false;
  // UdpIp version 0 has no PID field: the header's process sent it.
  if (out.pid < 0) out.pid = raw.pid;
  return true;
}

function readDecodedNet(kind: NetKind, props: Props, out: NetObservation): boolean {
  const remote = propStr(props, 'daddr');
  if (remote === '') return false;
  out.op = kind[0];
  out.proto = kind[1];
  out.pid = propInt(props, 'PID');
  out.size = Math.max(0, propInt(props, 'size', 0));
  const v4 = ipv4TextToNumber(remote);
  out.remoteV4 = v4;
  out.remoteText = v4 < 0 ? remote : '';
  out.remotePort = Math.max(0, propInt(props, 'dport', 0));
  out.localV4 = -1;
  out.localBytes = null;
  out.localText = propStr(props, 'saddr');
  out.localPort = Math.max(0, propInt(props, 'sport', 0));
  fixGroupReceive(out);
  return true;
}

/** "10.1.2.3" → 0x0a010203, or -1 when the text is not a dotted quad. */
export function ipv4TextToNumber(text: string): number {
  let value = 0;
  let octet = -1;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (octet < 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = -1;
      dots++;
    } else if (c >= 0x30 && c <= 0x39) {
      octet = (octet < 0 ? 0 : octet * 10) + (c - 0x30);
      if (octet > 255) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || octet < 0) return -1;
  return value * 256 + octet;
}

export function ipv4NumberToText(v: number): string {
  return `${Math.floor(v / 0x1000000) & 0xff}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** Map key of a remote endpoint: a number for IPv4 (exact in a double), a string for IPv6. */
export function endpointKey(o: NetObservation): number | string {
  if (o.remoteV4 >= 0)
    return (o.proto === IpProto.Udp ? 0x1000000000000 : 0) + o.remoteV4 * 0x10000 + o.remotePort;
  return `${o.proto}|${o.remoteText}|${o.remotePort}`;
}

/** Send sequence numbers kept per endpoint as exfiltration evidence. */
export const SEND_EVIDENCE = 32;

/** Traffic between one process and one remote endpoint (protocol, address, port). */
export class EndpointStats {
  readonly proto: IpProto;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly localAddress: string;
  localPort: number;
  bytesSent = 0;
  bytesReceived = 0;
  sends = 0;
  receives = 0;
  connects = 0;
  accepts = 0;
  disconnects = 0;
  retransmits = 0;
  firstTicks: number;
  lastTicks: number;
  /** Netflow accumulators for the open interval (see netflow.ts). */
  flowInterval = -Infinity;
  flowBytesSent = 0;
  flowBytesReceived = 0;
  flowSends = 0;
  flowReceives = 0;
  flowConnects = 0;
  flowFirstSeq = -1;
  flowLastSeq = -1;
  /** Beaconing contacts, created with the first outbound activity. */
  beacon: BeaconTracker | null = null;
  /** Exfiltration windows, one per exfiltration rule (rule order), created with the first send. */
  sentWindows: SlidingSum[] | null = null;
  /** Sequence numbers of the most recent sends (evidence ring) and how many were written. */
  readonly recentSendSeqs = new Float64Array(SEND_EVIDENCE);
  sendSeqCount = 0;
  /** Ids of the rules that already alerted on this endpoint. */
  alerted: Set<string> | null = null;

  constructor(o: NetObservation, ticks: number) {
    this.proto = o.proto;
    this.remoteAddress = o.remoteV4 >= 0 ? ipv4NumberToText(o.remoteV4) : o.remoteText;
    this.remotePort = o.remotePort;
    this.localAddress = localAddressText(o);
    this.localPort = o.localPort;
    this.firstTicks = ticks;
    this.lastTicks = ticks;
  }

  noteSendSeq(seq: number): void {
    this.recentSendSeqs[this.sendSeqCount % SEND_EVIDENCE] = seq;
    this.sendSeqCount++;
  }

  /** The most recent send sequence numbers, oldest first. */
  sendEvidence(): number[] {
    const kept = Math.min(this.sendSeqCount, SEND_EVIDENCE);
    const out: number[] = [];
    for (let i = this.sendSeqCount - kept; i < this.sendSeqCount; i++)
      out.push(this.recentSendSeqs[i % SEND_EVIDENCE] as number);
    return out;
  }

  get label(): string {
    const proto = this.proto === IpProto.Udp ? 'UDP' : 'TCP';
    const host = this.remoteAddress.includes(':') ? `[${this.remoteAddress}]` : this.remoteAddress;
    return `${proto} ${host}:${this.remotePort}`;
  }
}
