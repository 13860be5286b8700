// An .etl capture (or the .etl inside a .zip) read as fast as the pipeline takes it: the reader's
// time-ordered merge across CPUs, handed over in slices. Progress is the furthest buffer reached
// (buffers are written roughly in time order, so this tracks the merge well) and the event total is
// extrapolated from it. Loss: the header's EventsLost/BuffersLost plus lost-event records met.
import type { RawEvent, TraceClock } from '../../events/raw-event';
import type { EtlHeader, EtlReader } from '../../etl/reader';
import {
  countLostRecord,
  type EventSink,
  type EventSource,
  type PullResult,
  type SourceDescription,
  type SourceDiagnostic,
  type SourceLoss,
  type SourceProgress,
} from './event-source';

export class EtlFileSource implements EventSource {
  readonly clock: TraceClock;
  readonly header: EtlHeader;
  private iterator: Iterator<RawEvent> | undefined;
  private events = 0;
  private furthestOffset = 0;
  private finished = false;
  private readonly lossCounts: SourceLoss;

  constructor(
    private readonly reader: EtlReader,
    readonly description: SourceDescription,
  ) {
    this.clock = reader.clock;
    this.header = reader.header;
    this.lossCounts = {
      etwEventsLost: reader.header.eventsLost,
      realtimeBuffersLost: reader.header.buffersLost,
      inStreamLost: 0,
      queueDropped: 0,
    };
  }

  pull(sink: EventSink, maxEvents: number): PullResult {
    if (this.finished) return { state: 'done' };
    const it = (this.iterator ??= this.reader.events());
    const loss = this.lossCounts;
    let n = 0;
    let furthest = this.furthestOffset;
    while (n < maxEvents) {
      const step = it.next();
      if (step.done) {
        this.finished = true;
        break;
      }
      const raw = step.value;
      if (raw.bufferOffset > furthest) furthest = raw.bufferOffset;
      countLostRecord(raw, loss);
      sink(raw);
      n++;
    }
    this.events += n;
    this.furthestOffset = furthest;
    return this.finished ? { state: 'done' } : { state: 'more' };
  }

  progress(): SourceProgress {
    const total = this.reader.source.size;
    const bytesRead = this.finished ? total : Math.min(total, this.furthestOffset + this.header.bufferSize);
    const progress: SourceProgress = { bytesRead, bytesTotal: total, events: this.events };
    if (this.finished) progress.estimatedEvents = this.events;
    else if (bytesRead > 0 && this.events > 0)
      progress.estimatedEvents = Math.round((this.events * total) / bytesRead);
    return progress;
  }

  loss(): SourceLoss {
    return { ...this.lossCounts };
  }

  diagnostics(): readonly SourceDiagnostic[] {
    return this.reader.diagnostics;
  }

  close(): void {
    this.finished = true;
    this.reader.close();
  }
}
