// JSON Lines export: one EventJson object per line, exactly the `etwx dump` shape (eventJsonOf),
// written to the sink in UTF-8 chunks as it goes.
import { EventJsonShaper } from './event-json';
import type { ByteSink } from './sink';
import { Utf8Out } from './utf8-out';
import type { ExportEvent, ExportSource, ExportWriter } from './types';

export class JsonlWriter implements ExportWriter {
  readonly format = 'jsonl';
  readonly problems: string[] = [];
  private readonly out: Utf8Out;
  private readonly shaper: EventJsonShaper;

  constructor(sink: ByteSink, source: ExportSource) {
    this.out = new Utf8Out(sink);
    this.shaper = new EventJsonShaper(source.clock);
  }

  begin(): void {}

  write(e: ExportEvent): void {
    this.shaper.writeLine(this.out, e.raw, e.decoded);
    this.out.byte(0x0a);
    this.out.maybeFlush();
  }

  end(): void {
    this.out.flush();
  }
}
