// "Count by": the events of a view counted by one column (provider, event, process, pid, tid, level,
// opcode, cpu), noisiest first — the spam filter analysts use to see what fills a capture and to drop
// it with one click. Each group carries the filter clause that selects exactly its events, in the
// filter language, so the UI can include or exclude it without knowing how the group was formed.
// Descriptor-derived columns cost one pass over the view's descriptor column; process names come from
// the enricher per row, TraceLogging event names per row.
import type { GroupColumn, ViewGroup, ViewGroups } from '../../common/ipc/messages';
import { quoteString } from '../filter/completions';
import type { Chunk } from '../store/chunk';
import { countByDescriptor, type EventStore, type EventView } from '../store/index';
import type { RowContext } from './row-filter';
import { descriptorRaw } from './view-sorts';

const EVENT_HEADER_FLAG_EXTENDED_INFO = 0x1;
const LEVEL_NAMES = ['Always', 'Critical', 'Error', 'Warning', 'Information', 'Verbose'];

type Describe = () => Omit<ViewGroup, 'count'>;

export function groupView(
  view: EventView,
  store: EventStore,
  ctx: RowContext,
  column: GroupColumn,
  limit: number,
): ViewGroups {
  const tallies = new Map<string, ViewGroup>();
  const add = (key: string, count: number, describe: Describe) => {
    if (count === 0) return;
    const tally = tallies.get(key);
    if (tally) tally.count += count;
    else tallies.set(key, { ...describe(), count });
  };
  let total = 0;

  switch (column) {
    case 'provider':
    case 'event':
    case 'level':
    case 'opcode': {
      const perDescriptor = countByDescriptor(view);
      const t = store.descriptors;
      const perRow: number[] = [];
      perDescriptor.forEach((count, d) => {
        if (count === 0) return;
        total += count;
        const providerId = store.providers.id(t.providerIndex(d));
        const provider = ctx.names.providerName(providerId) || providerId;
        if (column === 'provider') {
          add(providerId, count, () => ({ label: provider, filter: `provider == ${quoteString(provider)}` }));
        } else if (column === 'level') {
          const level = t.level(d);
          add(String(level), count, () => ({
            label: `${LEVEL_NAMES[level] ?? 'Level'} (${level})`,
            filter: `level == ${level}`,
          }));
        } else if (column === 'opcode') {
          const opcode = t.opcode(d);
          add(String(opcode), count, () => ({ label: `opcode ${opcode}`, filter: `opcode == ${opcode}` }));
        } else {
          // Events with extended data may be TraceLogging, whose events share descriptors and carry
          // their names per event: those are named row by row below.
          if (t.flags(d) & EVENT_HEADER_FLAG_EXTENDED_INFO) perRow.push(d);
          else {
            const names = ctx.names.forRaw(descriptorRaw(store, d));
            addEvent(add, providerId, provider, names.eventName, t.id(d), count);
          }
        }
      });
      if (perRow.length > 0) {
        const wanted = new Set(perRow);
        const cursor = store.cursor();
        view.forEachRow((chunk: Chunk, row: number) => {
          if (!wanted.has(chunk.desc[row] as number)) return;
          cursor.at(chunk, row);
          const names = ctx.names.forRow(cursor);
          const providerId = cursor.providerId;
          const provider = names.providerName || providerId;
          addEvent(add, providerId, provider, names.eventName, cursor.id, 1);
        });
      }
      break;
    }
    case 'pid':
    case 'tid':
    case 'cpu': {
      const counts = new Map<number, number>();
      const firstSeq = new Map<number, number>();
      view.forEachRow((chunk: Chunk, row: number) => {
        const value = (column === 'pid' ? chunk.pid : column === 'tid' ? chunk.tid : chunk.cpu)[
          row
        ] as number;
        const n = counts.get(value);
        if (n === undefined) {
          counts.set(value, 1);
          firstSeq.set(value, chunk.firstSeq + row);
        } else counts.set(value, n + 1);
        total++;
      });
      const cursor = store.cursor();
      for (const [value, count] of counts) {
        add(String(value), count, () => {
          const name =
            column === 'pid' && cursor.moveTo(firstSeq.get(value) as number)
              ? ctx.enricher.processName(cursor)
              : undefined;
          return { label: String(value), ...(name ? { detail: name } : {}), filter: `${column} == ${value}` };
        });
      }
      break;
    }
    case 'process': {
      const cursor = store.cursor();
      const byName = new Map<string, number>();
      const unnamed = new Map<number, number>();
      view.forEachRow((chunk: Chunk, row: number) => {
        total++;
        // Asked per row: a pid's name depends on the time (a process starts, a pid is reused).
        const name = ctx.enricher.processName(cursor.at(chunk, row));
        if (name) byName.set(name, (byName.get(name) ?? 0) + 1);
        else {
          const pid = chunk.pid[row] as number;
          unnamed.set(pid, (unnamed.get(pid) ?? 0) + 1);
        }
      });
      // The filter compares names ignoring case: so do the groups.
      for (const [name, count] of byName)
        add(`n:${name.toLowerCase()}`, count, () => ({
          label: name,
          filter: `process.name == ${quoteString(name)}`,
        }));
      for (const [pid, count] of unnamed)
        add(`p:${pid}`, count, () => ({
          label: `pid ${pid} (no name)`,
          filter: `pid == ${pid} and process.name == ""`,
        }));
      break;
    }
  }

  const sorted = [...tallies.values()].sort((a, b) => b.count - a.count || compareLabels(a.label, b.label));
  const shown: ViewGroup[] = sorted.slice(0, Math.max(0, limit));
  const rest = sorted.slice(shown.length);
  return {
    column,
    total,
    groups: shown,
    otherGroups: rest.length,
    otherEvents: rest.reduce((n, g) => n + g.count, 0),
  };
}

function addEvent(
  add: (key: string, count: number, describe: Describe) => void,
  providerId: string,
  provider: string,
  eventName: string,
  id: number,
  count: number,
): void {
  const byName = eventName !== '';
  add(`${providerId}\u0000${byName ? eventName : `#${id}`}`, count, () => ({
    label: byName ? eventName : `id ${id}`,
    detail: provider,
    filter: `provider == ${quoteString(provider)} and ${byName ? `event == ${quoteString(eventName)}` : `id == ${id}`}`,
  }));
}

function compareLabels(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
