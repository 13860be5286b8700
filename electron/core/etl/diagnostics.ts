// Problems found while reading a file: each says where (file offset), what (stable code) and why.
// A bad buffer or record becomes one entry and reading goes on. Entries are deduplicated (several
// passes over the same file meet the same problems) and capped so a hostile file cannot grow them.

export interface EtlDiagnostic {
  /** File offset of the problem (for records in compressed buffers: the buffer's file offset). */
  offset: number;
  code: string;
  message: string;
}

export const MAX_DIAGNOSTICS = 1000;

export class DiagnosticLog {
  readonly entries: EtlDiagnostic[] = [];
  /** Entries not kept because the cap was reached. */
  dropped = 0;
  private readonly seen = new Set<string>();

  add(offset: number, code: string, message: string): void {
    const key = `${offset}:${code}`;
    if (this.seen.has(key)) return;
    if (this.entries.length >= MAX_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
    this.seen.add(key);
    this.entries.push({ offset, code, message });
  }
}
