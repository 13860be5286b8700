// Test support for the decoder: fixture paths (read in place from ../shared/fixtures), decoding a
// whole capture into EventJson rows (time order, like TraceEvent's dumps), and the TraceEvent oracle
// dumps (`EVENT <ms>: Provider/Event PID=..; TID=..; field=value; ...` and `COUNT name:N`) with a
// comparison that follows the oracle's formatting (thousands separators, values cut to 20 chars
// + "...", times as yy/mm/dd hh:mm:ss.ff in the dumping machine's zone).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventJson, PropValue } from '../../../electron/common/model/event';
import type { ProviderSchema } from '../../../electron/common/model/schema';
import { createDecoder } from '../../../electron/core/decode/index';
import type { EventDecoder } from '../../../electron/core/decode/decoder';
import { openFileSource } from '../../../electron/core/etl/file-source.node';
import { openEtl } from '../../../electron/core/etl/reader';
import { loadManifestPath } from '../../../electron/core/manifest/load.node';

export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));

export interface DecodedRow {
  json: EventJson;
  /** Milliseconds since the trace start, as the oracle prints them. */
  ms: number;
  taskName?: string;
  opcodeName?: string;
  payloadLength: number;
  /** A copy of the payload bytes. */
  payload: Uint8Array;
}

export async function loadManifests(...paths: string[]): Promise<ProviderSchema[]> {
  const out: ProviderSchema[] = [];
  for (const p of paths) out.push(...(await loadManifestPath(FIXTURES + p)).providers);
  return out;
}

/** Decodes every event of a fixture capture in time order. */
export function decodeCapture(
  file: string,
  providers: ProviderSchema[] = [],
): { rows: DecodedRow[]; decoder: EventDecoder } {
  const decoder = createDecoder(providers);
  const reader = openEtl(openFileSource(FIXTURES + file));
  const rows: DecodedRow[] = [];
  try {
    for (const raw of reader.events()) {
      const json = decoder.toEventJson(raw, reader.clock);
      const entry = decoder.schemaFor(raw);
      const row: DecodedRow = {
        json,
        ms: raw.ticks / 10_000,
        payloadLength: raw.payload.length,
        payload: raw.payload.slice(),
      };
      if (entry?.taskName) row.taskName = entry.taskName;
      if (entry?.opcodeName) row.opcodeName = entry.opcodeName;
      rows.push(row);
    }
  } finally {
    reader.close();
  }
  return { rows, decoder };
}

export interface OracleEvent {
  ms: number;
  /** "Provider/Task/Opcode" as TraceEvent names it. */
  name: string;
  provider: string;
  pid: number;
  tid: number;
  dataLen: number;
  fields: Map<string, string>;
}

const HEADER_KEYS = new Set(['PID', 'TID', 'PName', 'ProceNum', 'DataLen']);

export function readOracle(name: string): { events: OracleEvent[]; counts: Map<string, number> } {
  const text = readFileSync(`${FIXTURES}oracles/perfview/${name}`, 'utf8');
  const events: OracleEvent[] = [];
  const counts = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const count = /^COUNT (.*):(\d+)$/.exec(line);
    if (count) {
      counts.set(count[1] as string, Number(count[2]));
      continue;
    }
    const m = /^EVENT ([\d,.]+): (.*?) (PID=.*)$/.exec(line);
    if (!m) continue;
    const fields = new Map<string, string>();
    for (const part of (m[3] as string).split('; ')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1).replace(/;\s*$/, ''));
    }
    const name = m[2] as string;
    events.push({
      ms: Number((m[1] as string).replace(/,/g, '')),
      name,
      provider: name.split('/')[0] as string,
      pid: Number(fields.get('PID')),
      tid: Number(fields.get('TID')),
      dataLen: Number(fields.get('DataLen')),
      fields: new Map([...fields].filter(([k]) => !HEADER_KEYS.has(k))),
    });
  }
  return { events, counts };
}

const TRUNCATED = '...';

function asBigInt(v: PropValue | undefined): bigint | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  if (typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return undefined;
}

/**
 * Whether our value (and its display text) shows what the oracle printed. Returns a reason when not.
 * Numbers compare as numbers (the oracle adds separators and pads hex), cut strings by prefix, times
 * by minutes and seconds (the oracle prints local time of the machine that made it).
 */
export function oracleMismatch(
  expected: string,
  value: PropValue | undefined,
  display: string | undefined,
): string | null {
  const ours =
    display ?? (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
  const truncated = expected.endsWith(TRUNCATED);
  const shown = truncated ? expected.slice(0, -TRUNCATED.length) : expected;
  const time = /^\d\d\/\d\d\/\d\d (\d\d):(\d\d):(\d\d)\.?(\d*)$/.exec(shown);
  if (time && typeof value === 'string') {
    const iso = /T\d\d:(\d\d):(\d\d)(?:\.(\d+))?/.exec(value);
    if (!iso) return `expected a time, got ${value}`;
    const frac = (time[4] ?? '').slice(0, 2);
    return iso[1] === time[2] && iso[2] === time[3] && (iso[3] ?? '').startsWith(frac)
      ? null
      : `time ${value} vs ${expected}`;
  }
  if (/^-?[\d,]+$/.test(shown) && !truncated) {
    // The oracle prints some unsigned fields signed (HRESULTs, -1): compare modulo 2^32 / 2^64.
    const n = BigInt(shown.replace(/,/g, ''));
    const wanted = n < 0n ? [n, n + (1n << 32n), n + (1n << 64n)] : [n];
    const candidates = [asBigInt(value), display !== undefined ? asBigInt(display) : undefined];
    return candidates.some((c) => c !== undefined && wanted.includes(c))
      ? null
      : `number ${ours} vs ${expected}`;
  }
  if (/^0x[0-9a-f]+$/i.test(shown) && !truncated) {
    const n = BigInt(shown);
    const candidates = [asBigInt(value), display !== undefined ? asBigInt(display) : undefined];
    return candidates.some((c) => c === n) ? null : `hex ${ours} vs ${expected}`;
  }
  if (shown === 'True' || shown === 'False') {
    return value === (shown === 'True') ? null : `boolean ${ours} vs ${expected}`;
  }
  if (truncated) return ours.startsWith(shown) ? null : `"${ours}" does not start with "${shown}"`;
  return ours === shown ? null : `"${ours}" vs "${expected}"`;
}

export interface OracleComparison {
  /** Oracle events checked (of the providers asked for). */
  checked: number;
  /** Field values compared. */
  compared: number;
  /** Oracle events with no decoded event at the same time, PID, TID and payload length. */
  unmatched: string[];
  /** Matched events that had no schema or stopped early. */
  undecoded: string[];
  /** Oracle fields our event does not have (TraceEvent computes some, or knows newer versions). */
  missing: string[];
  /** Values that differ. */
  diffs: string[];
}

export interface CompareOptions {
  /** Provider names (as the oracle prints them) to check. */
  providers: ReadonlySet<string>;
  /** Oracle field name → ours, where TraceEvent renames. */
  rename?: Readonly<Record<string, string>>;
  /** "Event.field" or "field" that TraceEvent post-processes (not comparable). */
  skip?: ReadonlySet<string>;
}

/** Matches each oracle event of the chosen providers to a decoded event and compares every field. */
export function compareWithOracle(
  rows: DecodedRow[],
  events: OracleEvent[],
  options: CompareOptions,
): OracleComparison {
  const out: OracleComparison = {
    checked: 0,
    compared: 0,
    unmatched: [],
    undecoded: [],
    missing: [],
    diffs: [],
  };
  const compareOne = (o: OracleEvent, r: DecodedRow, record: boolean): number => {
    let bad = 0;
    for (const [k, v] of o.fields) {
      if (options.skip?.has(k) || options.skip?.has(`${o.name}.${k}`)) continue;
      const key = options.rename?.[k] ?? k;
      if (!(key in r.json.props)) {
        if (record) out.missing.push(`${o.name}.${k}`);
        continue;
      }
      if (record) out.compared++;
      // Flags print as "A, B" from TraceEvent's built-in enums and "A|B" from maps: either may match.
      const value = r.json.props[key];
      const display = r.json.display?.[key];
      const asIs = oracleMismatch(v, value, display);
      const why =
        asIs && v.includes(', ') && oracleMismatch(v.replace(/, /g, '|'), value, display)
          ? asIs
          : asIs && !v.includes(', ')
            ? asIs
            : null;
      if (why) {
        bad++;
        if (record) out.diffs.push(`${o.name} @${o.ms}.${k}: ${why}`);
      }
    }
    return bad;
  };
  const byMs = new Map<number, DecodedRow[]>();
  for (const r of rows) {
    const k = Math.floor(r.ms);
    const list = byMs.get(k);
    if (list) list.push(r);
    else byMs.set(k, [r]);
  }
  for (const o of events) {
    if (!options.providers.has(o.provider)) continue;
    out.checked++;
    const near = [
      ...(byMs.get(Math.floor(o.ms) - 1) ?? []),
      ...(byMs.get(Math.floor(o.ms)) ?? []),
      ...(byMs.get(Math.floor(o.ms) + 1) ?? []),
    ];
    const candidates = near.filter(
      (r) =>
        Math.abs(r.ms - o.ms) < 0.0011 &&
        r.json.pid === o.pid &&
        r.json.tid === o.tid &&
        r.payloadLength === o.dataLen &&
        r.json.provider.name === o.provider,
    );
    if (candidates.length === 0) {
      out.unmatched.push(`${o.name} @${o.ms}`);
      continue;
    }
    // Several events can share a millisecond, thread and size: take the one that agrees best.
    let best = candidates[0] as DecodedRow;
    let bestBad = Infinity;
    for (const c of candidates) {
      const bad = compareOne(o, c, false);
      if (bad < bestBad) [best, bestBad] = [c, bad];
    }
    if (best.json.raw !== undefined)
      out.undecoded.push(`${o.name} @${o.ms}: ${best.json.decodeError ?? 'no schema'}`);
    compareOne(o, best, true);
  }
  return out;
}
