// TcpIp (group 0x06, class 9a280ac0-...) and UdpIp (group 0x08, class bf3a50c5-...). Layouts from KMOF
// (TcpIp_V0_TypeGroup1 ... TcpIp_TypeGroup4, UdpIp_V0_TypeGroup1 ... UdpIp_TypeGroup2) with one
// correction: in version 2, connid is pointer-sized. TraceEvent reads it with GetAddressAt, and the
// perfview net.4.5.2 capture (x64 kernel) proves it: TcpIp Recv/Send v2 payloads are 32/40 bytes and
// the IPv6 ones 56, which only add up with an 8-byte connid (KMOF's uint32 would give 28/36/52).
// Addresses are in network order (IPv4 out-type), ports big-endian (Port out-type).
// Event names follow TraceEvent ("TcpIp/Send", not the MOF's "SendIPV4").

import type { KernelClassTable } from '../class-table';

const V1_HEAD = ['PID:u32', 'size:u32', 'daddr:ipv4', 'saddr:ipv4', 'dport:port', 'sport:port'];
const V6_HEAD = ['PID:u32', 'size:u32', 'daddr:ipv6', 'saddr:ipv6', 'dport:port', 'sport:port'];
const CONNECT_OPTIONS = [
  'mss:u16',
  'sackopt:u16',
  'tsopt:u16',
  'wsopt:u16',
  'rcvwin:u32',
  'rcvwinscale:i16',
  'sndwinscale:i16',
];
const SEQ_CONN = ['seqnum:u32', 'connid:ptr'];
const FAIL_V2 = ['Proto:u16', 'FailureCode:u16'];

export const tcpIpClass: KernelClassTable = {
  guid: '9a280ac0-c8e0-11d1-84e2-00c04fb998a2',
  provider: 'Windows Kernel',
  task: 'TcpIp',
  opcodes: {
    10: 'Send',
    11: 'Recv',
    12: 'Connect',
    13: 'Disconnect',
    14: 'Retransmit',
    15: 'Accept',
    16: 'Reconnect',
    17: 'Fail',
    18: 'TCPCopy',
    19: 'ARPCopy',
    20: 'FullACK',
    21: 'PartACK',
    22: 'DupACK',
    26: 'SendIPV6',
    27: 'RecvIPV6',
    28: 'ConnectIPV6',
    29: 'DisconnectIPV6',
    30: 'RetransmitIPV6',
    31: 'AcceptIPV6',
    32: 'ReconnectIPV6',
    34: 'TCPCopyIPV6',
  },
  layouts: [
    {
      types: [10, 11, 12, 13, 14, 15],
      versions: [0],
      source: 'TcpIp_V0_TypeGroup1',
      fields: ['daddr:ipv4', 'saddr:ipv4', 'dport:port', 'sport:port', 'size:u32', 'PID:u32'],
    },
    {
      types: [10],
      versions: [1],
      source: 'TcpIp_V1_Send',
      fields: [...V1_HEAD, 'startime:u32', 'endtime:u32', 'connid:u32', 'seqnum:u32'],
    },
    {
      // KMOF TcpIp_V1_Receive, TcpIp_V1_TypeGroup1 and TcpIp_V1_TypeGroup3 share this layout.
      types: [11, 13, 14, 16, 18, 19, 20, 21, 22],
      versions: [1],
      source: 'TcpIp_V1_TypeGroup1',
      fields: [...V1_HEAD, 'connid:u32', 'seqnum:u32'],
    },
    {
      types: [12, 15],
      versions: [1],
      source: 'TcpIp_V1_TypeGroup2',
      fields: [...V1_HEAD, ...CONNECT_OPTIONS, 'connid:u32', 'seqnum:u32'],
    },
    { types: [17], versions: [1], source: 'TcpIp_V1_Fail', fields: ['Proto:u32'] },
    {
      types: [10],
      versions: [2],
      source: 'TcpIp_SendIPV4',
      fields: [...V1_HEAD, 'startime:u32', 'endtime:u32', ...SEQ_CONN],
    },
    {
      types: [11, 13, 14, 16, 18],
      versions: [2],
      source: 'TcpIp_TypeGroup1',
      fields: [...V1_HEAD, ...SEQ_CONN],
    },
    {
      types: [12, 15],
      versions: [2],
      source: 'TcpIp_TypeGroup2',
      fields: [...V1_HEAD, ...CONNECT_OPTIONS, ...SEQ_CONN],
    },
    { types: [17], versions: [2], source: 'TcpIp_Fail', fields: FAIL_V2 },
    {
      types: [26],
      versions: [2],
      source: 'TcpIp_SendIPV6',
      fields: [...V6_HEAD, 'startime:u32', 'endtime:u32', ...SEQ_CONN],
    },
    {
      types: [27, 29, 30, 32, 34],
      versions: [2],
      source: 'TcpIp_TypeGroup3',
      fields: [...V6_HEAD, ...SEQ_CONN],
    },
    {
      types: [28, 31],
      versions: [2],
      source: 'TcpIp_TypeGroup4',
      fields: [...V6_HEAD, ...CONNECT_OPTIONS, ...SEQ_CONN],
    },
  ],
};

export const udpIpClass: KernelClassTable = {
  guid: 'bf3a50c5-a9c9-4988-a005-2df0b7c80f80',
  provider: 'Windows Kernel',
  task: 'UdpIp',
  opcodes: { 10: 'Send', 11: 'Recv', 17: 'Fail', 26: 'SendIPV6', 27: 'RecvIPV6' },
  layouts: [
    {
      types: [10, 11],
      versions: [0],
      source: 'UdpIp_V0_TypeGroup1',
      fields: [
        'context:ptr',
        'saddr:ipv4',
        'sport:port',
        'size:u16',
        'daddr:ipv4',
        'dport:port',
        'dsize:u16',
      ],
    },
    { types: [10, 11], versions: [1], source: 'UdpIp_V1_TypeGroup1', fields: V1_HEAD },
    { types: [10, 11], versions: [2], source: 'UdpIp_TypeGroup1', fields: [...V1_HEAD, ...SEQ_CONN] },
    { types: [17], versions: [2], source: 'UdpIp_Fail', fields: FAIL_V2 },
    { types: [26, 27], versions: [2], source: 'UdpIp_TypeGroup2', fields: [...V6_HEAD, ...SEQ_CONN] },
  ],
};
