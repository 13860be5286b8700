// The demo's building blocks: a timeline of events (time, CPU, process, thread, schema, values) and
// the activities the scenario is made of — processes with their threads and image loads, DNS
// lookups, TCP sessions — each turned into the events the real providers log for it, in the context
// (header pid/tid) Windows logs them in: a ProcessStart in its creator's context, a ThreadStart in
// the creating thread's (so a remote thread shows the injector's pid), DNS-Client events in the
// caller's, Kernel-Network events in the owning process's.
import type { EventSchema } from '../../common/model/schema';
import type { FieldValue, FieldValues } from './payload-encoder';
import type { SeededRandom } from './random';
import { DnsClient, KernelNetwork, KernelProcess } from './schemas';

/** 100-ns ticks per second. */
export const SECOND = 10_000_000;
export const CPUS = 8;
export const LOCAL_IP = '10.20.30.42';
export const DNS_SERVER = '10.20.0.10';
export const VOLUME = '\\Device\\HarddiskVolume3';

export interface DemoEvent {
  /** Ticks since the trace start. */
  t: number;
  /** Insertion order: ties in time keep it. */
  seq: number;
  cpu: number;
  pid: number;
  tid: number;
  schema: EventSchema;
  values: FieldValues;
  activityId?: string;
}

export interface Proc {
  pid: number;
  /** Device path of the image, e.g. \Device\HarddiskVolume3\Windows\explorer.exe. */
  path: string;
  name: string;
  parent: number;
  session: number;
  createTime: bigint;
  threads: number[];
  /** Base of the next image load. */
  nextImageBase: bigint;
}

/** A known DLL: file name under System32 (or a full device path) and its size. */
export interface ImageSpec {
  path: string;
  size: number;
}

export class Timeline {
  readonly events: DemoEvent[] = [];
  private seq = 0;
  private nextTid = 20_000;
  private nextPort = 49_700;
  private nextConn = 1;
  private tcpSeq = 1;

  constructor(
    readonly rand: SeededRandom,
    /** FILETIME of ticks 0. */
    readonly startTime: bigint,
  ) {}

  add(
    t: number,
    pid: number,
    tid: number,
    schema: EventSchema,
    values: FieldValues,
    activityId?: string,
  ): void {
    const e: DemoEvent = {
      t: Math.round(t),
      seq: this.seq++,
      cpu: this.rand.int(0, CPUS - 1),
      pid,
      tid,
      schema,
      values,
    };
    if (activityId !== undefined) e.activityId = activityId;
    this.events.push(e);
  }

  fileTime(t: number): bigint {
    return this.startTime + BigInt(Math.round(t));
  }

  tid(): number {
    this.nextTid += 4 * this.rand.int(1, 6);
    return this.nextTid;
  }

  thread(p: Proc): number {
    return this.rand.pick(p.threads);
  }

  ephemeralPort(): number {
    this.nextPort += this.rand.int(1, 3);
    if (this.nextPort > 65_000) this.nextPort = 49_700;
    return this.nextPort;
  }

  /** A process that was running before the trace started (described by a ProcessRundown event). */
  existing(
    pid: number,
    path: string,
    parent: number,
    session: number,
    createTime: bigint,
    threads: number,
  ): Proc {
    const p = this.proc(pid, path, parent, session, createTime);
    for (let i = 0; i < threads; i++) p.threads.push(this.tid());
    this.add(
      this.rand.range(0.001, 0.02) * SECOND,
      pid,
      p.threads[0] as number,
      KernelProcess.ProcessRundown,
      {
        ...this.processValues(p),
      },
    );
    return p;
  }

  private proc(pid: number, path: string, parent: number, session: number, createTime: bigint): Proc {
    const name = path.slice(path.lastIndexOf('\\') + 1);
    const base = 0x7ff0_0000_0000n + BigInt(this.rand.int(0x100, 0xfff)) * 0x100_0000n;
    return { pid, path, name, parent, session, createTime, threads: [], nextImageBase: base };
  }

  private processValues(p: Proc): Record<string, FieldValue> {
    return {
      ProcessID: p.pid,
      CreateTime: p.createTime,
      ParentProcessID: p.parent,
      SessionID: p.session,
      Flags: 0,
      ImageName: p.path,
      ImageChecksum: this.rand.int(0x10000, 0x7fffff),
      TimeDateStamp: this.rand.int(0x5f000000, 0x65000000),
      PackageFullName: '',
      PackageRelativeAppId: '',
    };
  }

  /**
   * Starts a process at t: ProcessStart and the first ThreadStart in the creator's context, then the
   * image and its DLLs loaded over the next second or two, and more threads.
   */
  start(
    t: number,
    creator: Proc,
    pid: number,
    path: string,
    dlls: readonly ImageSpec[],
    threads = 4,
    session = creator.session,
  ): Proc {
    const p = this.proc(pid, path, creator.pid, session, this.fileTime(t));
    const creatorTid = this.thread(creator);
    this.add(t, creator.pid, creatorTid, KernelProcess.ProcessStart, this.processValues(p));
    const first = this.tid();
    p.threads.push(first);
    this.threadStart(t + 200, creator.pid, creatorTid, p, first, this.imageAddress(p));
    let at = t + this.rand.int(300, 2000);
    this.imageLoad(at, p, { path, size: this.rand.int(0x40, 0x900) * 0x1000 });
    for (const dll of dlls) {
      at += this.rand.int(500, 40_000);
      this.imageLoad(at, p, dll);
    }
    for (let i = 1; i < threads; i++) {
      const tid = this.tid();
      p.threads.push(tid);
      this.threadStart(t + this.rand.range(0.05, 2) * SECOND, p.pid, first, p, tid, this.imageAddress(p));
    }
    return p;
  }

  /** A user-mode address inside one of the process's images. */
  imageAddress(p: Proc): bigint {
    return p.nextImageBase - BigInt(this.rand.int(1, 0x3f_ffff) & ~0xf);
  }

  threadStart(t: number, pid: number, tid: number, target: Proc, newTid: number, win32Start: bigint): void {
    const stack = 0xffff_d000_0000_0000n + BigInt(this.rand.int(0x1000, 0xfffff)) * 0x6000n;
    const userStack = 0x0000_00a0_0000_0000n + BigInt(this.rand.int(0x100, 0xffff)) * 0x10_0000n;
    this.add(t, pid, tid, KernelProcess.ThreadStart, {
      ProcessID: target.pid,
      ThreadID: newTid,
      StackBase: stack,
      StackLimit: stack - 0x6000n,
      UserStackBase: userStack,
      UserStackLimit: userStack - 0x1_0000n,
      StartAddr: 0x7ffc_5e1a_2b90n,
      Win32StartAddr: win32Start,
      TebBase: 0x0000_00b8_0000_0000n + BigInt(this.rand.int(1, 0xff)) * 0x2000n,
      SubProcessTag: 0,
    });
  }

  imageLoad(t: number, p: Proc, image: ImageSpec): void {
    const base = p.nextImageBase;
    const size = BigInt(image.size);
    p.nextImageBase = base + ((size + 0x1_0000n) & ~0xffffn);
    const path = image.path.startsWith('\\') ? image.path : `${VOLUME}\\Windows\\System32\\${image.path}`;
    this.add(t, p.pid, this.thread(p), KernelProcess.ImageLoad, {
      ImageBase: base,
      ImageSize: size,
      ProcessID: p.pid,
      ImageCheckSum: this.rand.int(0x10000, 0x1fffff),
      TimeDateStamp: this.rand.int(0x5f000000, 0x65000000),
      DefaultBase: base,
      ImageName: path,
    });
  }

  stop(t: number, p: Proc, exitCode = 0): void {
    for (const tid of p.threads.slice(1)) this.threadStop(t - this.rand.int(1000, 50_000), p, tid);
    this.threadStop(t - 500, p, p.threads[0] as number);
    const cycles = BigInt(this.rand.int(1, 400)) * 10_000_000n;
    this.add(t, p.pid, p.threads[0] as number, KernelProcess.ProcessStop, {
      ProcessID: p.pid,
      CreateTime: p.createTime,
      ExitTime: this.fileTime(t),
      ExitCode: exitCode,
      TokenElevationType: 3,
      HandleCount: this.rand.int(80, 900),
      CommitCharge: BigInt(this.rand.int(2, 120)) * 0x10_0000n,
      CommitPeak: BigInt(this.rand.int(120, 300)) * 0x10_0000n,
      CPUCycleCount: cycles,
      ReadOperationCount: this.rand.int(10, 5000),
      WriteOperationCount: this.rand.int(1, 900),
      ReadTransferKiloBytes: this.rand.int(10, 90_000),
      WriteTransferKiloBytes: this.rand.int(1, 9000),
      HardFaultCount: this.rand.int(0, 400),
      ImageName: p.name,
    });
  }

  private threadStop(t: number, p: Proc, tid: number): void {
    this.add(t, p.pid, tid, KernelProcess.ThreadStop, {
      ProcessID: p.pid,
      ThreadID: tid,
      StackBase: 0xffff_d000_0000_0000n,
      StackLimit: 0xffff_cfff_ffff_a000n,
      UserStackBase: 0x0000_00a0_0010_0000n,
      UserStackLimit: 0x0000_00a0_000f_0000n,
      StartAddr: 0x7ffc_5e1a_2b90n,
      Win32StartAddr: this.imageAddress(p),
      TebBase: 0x0000_00b8_0000_2000n,
      SubProcessTag: 0,
      CycleTime: BigInt(this.rand.int(1, 90_000)) * 1000n,
    });
  }

  /**
   * A name lookup by `p`: DNS-Client 3006 (query), the DNS service's UDP exchange with the server
   * when `network`, then 3008 (completed) with the address. Returns the time it completed.
   */
  dns(t: number, p: Proc, dnsService: Proc, name: string, ip: string, network = true): number {
    const activity = this.rand.guid();
    const tid = this.thread(p);
    this.add(
      t,
      p.pid,
      tid,
      DnsClient.QueryStart,
      {
        QueryName: name,
        QueryType: 1,
        QueryOptions: 0x40000000n,
        ServerList: '',
        IsNetworkQuery: 0,
        NetworkQueryIndex: 0,
        InterfaceIndex: 0,
        IsAsyncQuery: 0,
      },
      activity,
    );
    let done = t + this.rand.int(2000, 20_000);
    if (network) {
      const port = this.ephemeralPort();
      const sent = t + this.rand.int(1000, 5000);
      const udp = (at: number, schema: EventSchema, size: number) =>
        this.add(at, dnsService.pid, this.thread(dnsService), schema, {
          PID: dnsService.pid,
          size,
          daddr: DNS_SERVER,
          saddr: LOCAL_IP,
          dport: 53,
          sport: port,
          seqnum: 0,
          connid: 0,
        });
      udp(sent, KernelNetwork.UdpSend, 29 + name.length + 2);
      done = sent + this.rand.int(80_000, 400_000);
      udp(done - 1000, KernelNetwork.UdpRecv, 45 + name.length + 2);
    }
    this.add(
      done,
      p.pid,
      tid,
      DnsClient.QueryComplete,
      {
        QueryName: name,
        QueryType: 1,
        QueryOptions: 0x40000000n,
        QueryStatus: 0,
        QueryResults: `::ffff:${ip};`,
      },
      activity,
    );
    return done;
  }

  /** Opens a TCP connection from `p` to ip:port at t; returns its handle for send/recv/close. */
  connect(t: number, p: Proc, ip: string, port: number): TcpConnection {
    const c: TcpConnection = { p, ip, port, sport: this.ephemeralPort(), connid: this.nextConn++ };
    this.add(t, p.pid, this.thread(p), KernelNetwork.TcpConnect, {
      ...this.tcpAddresses(c, 0),
      mss: 1460,
      sackopt: 1,
      tsopt: 0,
      wsopt: 1,
      rcvwin: 65_535,
      rcvwinscale: 8,
      sndwinscale: 8,
      seqnum: 0,
      connid: c.connid,
    });
    return c;
  }

  send(t: number, c: TcpConnection, size: number): void {
    const start = Math.round(t / 10_000) >>> 0;
    this.add(t, c.p.pid, this.thread(c.p), KernelNetwork.TcpSend, {
      ...this.tcpAddresses(c, size),
      startime: start,
      endtime: start + this.rand.int(0, 3),
      seqnum: this.tcpSeq++,
      connid: c.connid,
    });
  }

  recv(t: number, c: TcpConnection, size: number): void {
    this.add(t, c.p.pid, this.thread(c.p), KernelNetwork.TcpRecv, {
      ...this.tcpAddresses(c, size),
      seqnum: this.tcpSeq++,
      connid: c.connid,
    });
  }

  close(t: number, c: TcpConnection): void {
    this.add(t, c.p.pid, this.thread(c.p), KernelNetwork.TcpDisconnect, {
      ...this.tcpAddresses(c, 0),
      seqnum: 0,
      connid: c.connid,
    });
  }

  private tcpAddresses(c: TcpConnection, size: number): Record<string, FieldValue> {
    return { PID: c.p.pid, size, daddr: c.ip, saddr: LOCAL_IP, dport: c.port, sport: c.sport };
  }
}

export interface TcpConnection {
  p: Proc;
  ip: string;
  port: number;
  sport: number;
  connid: number;
}
