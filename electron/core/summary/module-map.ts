// ModuleMap: the images one process had loaded, over time, looked up by address — what turns a stack
// frame's address into `ntdll.dll+0x1a2b3`. The Analyzer feeds it from the image events it already
// reads (classic Image Load/Unload/DCStart/DCStop, Microsoft-Windows-Kernel-Process ImageLoad/
// ImageUnload): each load opens a range [base, base + size) from the load's time; an unload closes the
// open range at that base. A rundown (DCStart/DCStop) lists an image loaded before the trace or still
// loaded at its end, so its range runs from the beginning. Ranges are kept sorted by base; a lookup
// walks back from the last base at or below the address only as far as the largest image reaches.
// Addresses are bigint (kernel addresses need all 64 bits); lookups happen when a stack is shown, not
// per event. At most MAX_MODULE_RANGES per process; more are counted in `dropped`.

/** Ranges kept per process (a process loading and unloading one DLL in a loop adds one per load). */
export const MAX_MODULE_RANGES = 16_384;

export interface ModuleRange {
  base: bigint;
  /** base + size (exclusive). */
  end: bigint;
  /** Path as logged (NT form). */
  ntPath: string;
  /** Loaded at (ticks); -Infinity when loaded before the trace (rundown). */
  from: number;
  /** Unloaded at (ticks); Infinity while loaded. */
  to: number;
}

/** An address as logged ("0x7ff8..." or decimal text); undefined when it is not one. */
export function parseAddress(text: string): bigint | undefined {
  if (!/^(0[xX][0-9a-fA-F]{1,16}|[0-9]{1,20})$/.test(text)) return undefined;
  const value = BigInt(text);
  return value < 1n << 64n ? value : undefined;
}

export class ModuleMap {
  private readonly ranges: ModuleRange[] = [];
  /** Largest image size seen: how far back a lookup must walk. */
  private maxSize = 0n;
  /** Loads that did not fit under MAX_MODULE_RANGES. */
  dropped = 0;

  get size(): number {
    return this.ranges.length;
  }

  /** An image loaded at `ticks`; `rundown`: listed by a rundown, so loaded from the trace's beginning. */
  load(baseText: string, size: number, ntPath: string, ticks: number, rundown: boolean): void {
    const base = parseAddress(baseText);
    if (base === undefined || !(size > 0) || !Number.isSafeInteger(size)) return;
    const open = this.openAt(base);
    if (open !== undefined) {
      if (open.ntPath === ntPath) return; // the load or rundown of an image already known
      open.to = ticks; // a new image at the base of one whose unload was not seen
    }
    this.insert({ base, end: base + BigInt(size), ntPath, from: rundown ? -Infinity : ticks, to: Infinity });
  }

  /** An image unloaded at `ticks` (one loaded before the trace without a rundown gets a closed range). */
  unload(baseText: string, size: number, ntPath: string, ticks: number): void {
    const base = parseAddress(baseText);
    if (base === undefined) return;
    const open = this.openAt(base);
    if (open !== undefined) {
      open.to = ticks;
      return;
    }
    if (size > 0 && Number.isSafeInteger(size))
      this.insert({ base, end: base + BigInt(size), ntPath, from: -Infinity, to: ticks });
  }

  /** The image that held `address` at `ticks` (the latest loaded when several did). */
  find(address: bigint, ticks: number): ModuleRange | undefined {
    const ranges = this.ranges;
    let best: ModuleRange | undefined;
    for (let i = this.lastAtOrBelow(address); i >= 0; i--) {
      const r = ranges[i] as ModuleRange;
      if (address - r.base >= this.maxSize) break;
      if (address < r.end && r.from <= ticks && ticks <= r.to && (best === undefined || r.from > best.from))
        best = r;
    }
    return best;
  }

  /** The range still loaded at `base`, if any. */
  private openAt(base: bigint): ModuleRange | undefined {
    for (let i = this.lastAtOrBelow(base); i >= 0; i--) {
      const r = this.ranges[i] as ModuleRange;
      if (r.base !== base) return undefined;
      if (r.to === Infinity) return r;
    }
    return undefined;
  }

  private insert(range: ModuleRange): void {
    if (this.ranges.length >= MAX_MODULE_RANGES) {
      this.dropped++;
      return;
    }
    this.ranges.splice(this.lastAtOrBelow(range.base) + 1, 0, range);
    const size = range.end - range.base;
    if (size > this.maxSize) this.maxSize = size;
  }

  /** Index of the last range whose base is <= `address` (-1 when none). */
  private lastAtOrBelow(address: bigint): number {
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ranges[mid] as ModuleRange).base <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}
