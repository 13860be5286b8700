// The `etwx dump` JSON of events (EventJson, decode/decoder.ts eventJsonOf) made fast for exports
// of millions of events: `writeLine()` writes the JSON text as UTF-8 directly, byte for byte what
// JSON.stringify(eventJsonOf(raw, clock, decoded)) gives (the round-trip tests hold it to that),
// with the parts that repeat cached as bytes — the time per second, provider and event descriptor
// objects per schema — so only the properties go through JSON.stringify per event. `json()` builds
// the same object for the row formats. Times are exact: FILETIME seconds and 100-ns fraction are
// split once, so no bigint is made per event.
import type { EventJson, PropValue } from '../../common/model/event';
import { FILETIME_UNIX_EPOCH } from '../../common/time';
import type { DecodedEvent } from '../decode/decoder';
import { decodeExtendedData } from '../decode/ext-data';
import { bytesToHex } from '../decode/format';
import type { EventEntry } from '../decode/registry';
import { RecordKind, type RawEvent, type TraceClock } from '../events/raw-event';
import { utf8, type Utf8Out } from './utf8-out';

const TICKS_PER_SECOND = 10_000_000;
const UNIX_EPOCH_SECONDS = Number(FILETIME_UNIX_EPOCH / 10_000_000n);
const CLASSIC_HEADER_FLAG = 0x100;

interface EventSlot {
  /** id | version << 16 | opcode << 24 (as a float: no sign games). */
  a: number;
  /** task | level << 16 | channel << 24. */
  b: number;
  keywords: bigint;
  name: string;
  /** `,"event":{...}` as UTF-8. */
  bytes: Uint8Array;
}

const TS_OPEN = utf8('{"ts":"');
const TS_CLOSE = utf8('Z",');
const PID = utf8(',"pid":');
const TID = utf8(',"tid":');
const CPU = utf8(',"cpu":');
const CLASSIC_TRUE = utf8(',"classic":true,"props":');
const CLASSIC_FALSE = utf8(',"classic":false,"props":');
const DISPLAY = utf8(',"display":');
const EXT = utf8(',"ext":');
const RAW = utf8(',"raw":"');
const DECODE_ERROR = utf8(',"decodeError":');
const QUOTE = 0x22;
const CLOSE = 0x7d;

export function isClassic(raw: RawEvent): boolean {
  return raw.kind !== RecordKind.EventHeader || (raw.flags & CLASSIC_HEADER_FLAG) !== 0;
}

export function keywordsHex(keywords: bigint): string {
  return '0x' + keywords.toString(16).padStart(16, '0');
}

export class EventJsonShaper {
  private readonly startSecond: number;
  private readonly startFraction: number;
  private cachedSecond = Number.NaN;
  private cachedPrefix = '';
  private bytesSecond = Number.NaN;
  private secondBytes: Uint8Array = new Uint8Array(0);
  private readonly providers = new Map<string, { name: string; bytes: Uint8Array }>();
  private readonly slots = new Map<EventEntry | string, EventSlot>();

  constructor(clock: TraceClock) {
    this.startSecond = Number(clock.startFileTime / 10_000_000n);
    this.startFraction = Number(clock.startFileTime % 10_000_000n);
  }

  /** ISO 8601 UTC with 7 fractional digits of the event's time (fileTimeToIso, without bigint). */
  ts(ticks: number): string {
    const total = this.startFraction + Math.round(ticks);
    const carry = Math.floor(total / TICKS_PER_SECOND);
    const second = this.startSecond + carry;
    const fraction = total - carry * TICKS_PER_SECOND;
    if (second !== this.cachedSecond) {
      this.cachedSecond = second;
      this.cachedPrefix = new Date((second - UNIX_EPOCH_SECONDS) * 1000).toISOString().slice(0, 19) + '.';
    }
    return this.cachedPrefix + String(fraction).padStart(7, '0') + 'Z';
  }

  /** The EventJson object (as eventJsonOf makes it). */
  json(raw: RawEvent, d: DecodedEvent): EventJson {
    const json: EventJson = {
      ts: this.ts(raw.ticks),
      provider: { guid: raw.providerId, name: d.providerName },
      event: {
        id: raw.id,
        version: raw.version,
        opcode: raw.opcode,
        task: raw.task,
        level: raw.level,
        keywords: keywordsHex(raw.keywords),
        channel: raw.channel,
        name: d.eventName,
      },
      pid: raw.pid,
      tid: raw.tid,
      cpu: raw.cpu,
      classic: isClassic(raw),
      props: d.props,
    };
    if (d.display) json.display = d.display;
    const ext = extOf(raw);
    if (ext) json.ext = ext;
    if (d.entry === null || d.error !== null) json.raw = bytesToHex(raw.payload);
    if (d.error !== null) json.decodeError = d.error;
    return json;
  }

  /** Writes JSON.stringify(eventJsonOf(raw, clock, d)) as UTF-8, built from cached parts. */
  writeLine(out: Utf8Out, raw: RawEvent, d: DecodedEvent): void {
    out.bytes(TS_OPEN);
    this.writeTs(out, raw.ticks);
    out.bytes(this.providerBytes(raw.providerId, d.providerName));
    out.bytes(this.eventBytes(raw, d));
    out.bytes(PID);
    out.int(raw.pid);
    out.bytes(TID);
    out.int(raw.tid);
    out.bytes(CPU);
    out.int(raw.cpu);
    out.bytes(isClassic(raw) ? CLASSIC_TRUE : CLASSIC_FALSE);
    out.text(JSON.stringify(d.props));
    if (d.display) {
      out.bytes(DISPLAY);
      out.text(JSON.stringify(d.display));
    }
    if (raw.ext.length > 0 || raw.activityId !== '') {
      const ext = extOf(raw);
      if (ext) {
        out.bytes(EXT);
        out.text(JSON.stringify(ext));
      }
    }
    if (d.entry === null || d.error !== null) {
      out.bytes(RAW);
      out.ascii(bytesToHex(raw.payload));
      out.byte(QUOTE);
    }
    if (d.error !== null) {
      out.bytes(DECODE_ERROR);
      out.text(JSON.stringify(d.error));
    }
    out.byte(CLOSE);
  }

  /** ts(ticks) without building the string: the cached second's bytes, then 7 digits and Z. */
  private writeTs(out: Utf8Out, ticks: number): void {
    const total = this.startFraction + Math.round(ticks);
    const carry = Math.floor(total / TICKS_PER_SECOND);
    const second = this.startSecond + carry;
    if (second !== this.bytesSecond) {
      this.bytesSecond = second;
      this.secondBytes = utf8(
        new Date((second - UNIX_EPOCH_SECONDS) * 1000).toISOString().slice(0, 19) + '.',
      );
    }
    out.bytes(this.secondBytes);
    let fraction = total - carry * TICKS_PER_SECOND;
    for (let div = 1_000_000; div >= 1; div /= 10) {
      const digit = Math.floor(fraction / div);
      out.byte(0x30 + digit);
      fraction -= digit * div;
    }
    out.bytes(TS_CLOSE);
  }

  private providerBytes(guid: string, name: string): Uint8Array {
    const hit = this.providers.get(guid);
    if (hit !== undefined && hit.name === name) return hit.bytes;
    const bytes = utf8('"provider":' + JSON.stringify({ guid, name }));
    this.providers.set(guid, { name, bytes });
    return bytes;
  }

  private eventBytes(raw: RawEvent, d: DecodedEvent): Uint8Array {
    const key = d.entry ?? raw.providerId;
    const a = raw.id + raw.version * 0x10000 + raw.opcode * 0x1000000;
    const b = raw.task + raw.level * 0x10000 + raw.channel * 0x1000000;
    const slot = this.slots.get(key);
    if (
      slot !== undefined &&
      slot.a === a &&
      slot.b === b &&
      slot.keywords === raw.keywords &&
      slot.name === d.eventName
    ) {
      return slot.bytes;
    }
    const bytes = utf8(
      ',"event":' +
        JSON.stringify({
          id: raw.id,
          version: raw.version,
          opcode: raw.opcode,
          task: raw.task,
          level: raw.level,
          keywords: keywordsHex(raw.keywords),
          channel: raw.channel,
          name: d.eventName,
        }),
    );
    this.slots.set(key, { a, b, keywords: raw.keywords, name: d.eventName, bytes });
    return bytes;
  }
}

/** Decoded extended data items plus the activity id, or undefined when there are none. */
export function extOf(raw: RawEvent): { [name: string]: PropValue } | undefined {
  let ext: { [name: string]: PropValue } | undefined =
    raw.ext.length > 0 ? decodeExtendedData(raw.ext) : undefined;
  if (raw.activityId !== '') (ext ??= {}).activityId = raw.activityId;
  return ext;
}
