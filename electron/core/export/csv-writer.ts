// CSV export (RFC 4180): a header row, then one row per event with the header columns, the chosen
// property columns and (by default) every decoded property as a JSON column. Rows end with CRLF.
import { EventJsonShaper } from './event-json';
import { csvField, csvRow, propColumns, rowColumnNames, type PropColumn } from './event-row';
import type { ByteSink } from './sink';
import { Utf8Out } from './utf8-out';
import type { ExportEvent, ExportSource, ExportWriter, RowOptions } from './types';

export class CsvWriter implements ExportWriter {
  readonly format = 'csv';
  readonly problems: string[] = [];
  private readonly out: Utf8Out;
  private readonly props: PropColumn[];
  private readonly propsJson: boolean;
  private readonly shaper: EventJsonShaper;

  constructor(sink: ByteSink, source: ExportSource, options: RowOptions = {}) {
    this.out = new Utf8Out(sink);
    this.shaper = new EventJsonShaper(source.clock);
    this.props = propColumns(options.columns ?? []);
    this.propsJson = options.propsJson ?? true;
  }

  begin(): void {
    this.out.text(rowColumnNames(this.props, this.propsJson).map(csvField).join(',') + '\r\n');
  }

  write(e: ExportEvent): void {
    const j = this.shaper.json(e.raw, e.decoded);
    this.out.text(csvRow(j, this.props, this.propsJson));
    this.out.byte(0x0d);
    this.out.byte(0x0a);
    this.out.maybeFlush();
  }

  end(): void {
    this.out.flush();
  }
}
