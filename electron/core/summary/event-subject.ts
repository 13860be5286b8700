// The filter language's view of an observed event (FilterSubject) as a reusable object: the analyzer
// points one instance at each event its filter rules must look at (`reset`), so evaluating a rule
// allocates nothing per event; the file export driver (core/export/run.ts) uses it too. Predicates
// do not keep the subject, so reuse is safe; callers that want to keep one make their own instance.

import type { PropValue } from '../../common/model/event';
import type { DecodedEvent } from '../decode/index';
import type { RawEvent } from '../events/raw-event';
import { propAt, type FilterSubject, type ProcessInfo } from '../filter/index';
import type { ProcessRecord } from './process-table';
import type { Props } from './props';

export class EventSubject implements FilterSubject {
  providerId = '';
  id = 0;
  version = 0;
  opcode = 0;
  task = 0;
  level = 0;
  keywords = 0n;
  channel = 0;
  pid = -1;
  tid = -1;
  cpu = 0;
  ticks = 0;
  providerName = '';
  eventName = '';
  private props: Props = {};
  private display: DecodedEvent['display'] = null;
  private record: ProcessRecord | null = null;

  /** `infoOf` gives the filter a record's process; without it `process.*` finds nothing. */
  constructor(private readonly infoOf?: (record: ProcessRecord) => ProcessInfo) {}

  reset(raw: RawEvent, decoded: DecodedEvent, record: ProcessRecord | null): this {
    this.providerId = raw.providerId;
    this.id = raw.id;
    this.version = raw.version;
    this.opcode = raw.opcode;
    this.task = raw.task;
    this.level = raw.level;
    this.keywords = raw.keywords;
    this.channel = raw.channel;
    this.pid = raw.pid;
    this.tid = raw.tid;
    this.cpu = raw.cpu;
    this.ticks = raw.ticks;
    this.providerName = decoded.providerName;
    this.eventName = decoded.eventName;
    this.props = decoded.props;
    this.display = decoded.display;
    this.record = record;
    return this;
  }

  prop(path: readonly string[]): PropValue | undefined {
    return propAt(this.props, path);
  }

  process(): ProcessInfo | undefined {
    return this.record === null || !this.infoOf ? undefined : this.infoOf(this.record);
  }

  *anyText(): Iterable<string> {
    const stack: PropValue[] = Object.values(this.props);
    while (stack.length > 0) {
      const v = stack.pop();
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) stack.push(...v);
      else if (typeof v === 'object') stack.push(...Object.values(v));
      else yield String(v);
    }
    if (this.display !== null) yield* Object.values(this.display);
  }
}
