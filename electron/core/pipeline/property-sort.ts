// Sorting a view by a decoded property (`prop:Header.Size`), the way WPA and PerfView sort a payload
// column: numbers first — 64-bit integers exactly, and integer-like text ("18446744073709551615",
// pointers as "0xfffff80012345678") as the number it writes — then text ignoring case, then the
// events without the property (or whose value there is a struct or an array), last in both
// directions. Ties stay in seq (time) order.
//
// The store sorts on one Float64 key per row, kept beside the row and never recomputed (a live view
// merges new rows by their keys), so a row's key must stay right as rows arrive:
//  - numbers within ±2^53 are their own key (exact); booleans are 0 and 1;
//  - integers beyond ±2^53 and text get *labels* from an ordered dictionary of the values seen
//    (OrderedLabels): a value keeps its label once given. A batch's new values are sorted and put
//    between their neighbours' labels, evenly spaced; big integers use key ranges just beyond
//    ±2^53 (below/above the exact numbers), text a range above every number;
//  - missing: NaN, which the store sorts last whether ascending or descending.
// When a gap between two labels is too narrow for the new values that fall into it (after some 25
// levels of bisection at one spot), that dictionary lays all its labels out afresh and `epoch`
// changes: the engine then rebuilds the view (at most every 2 s), decoding it again.
//
// Decoding is the cost: each row is decoded once per sort, in the batch that keys it (every row of
// the view when it is made, in seq order; then the rows each refresh adds). Keys come through the
// store view's `batchKey`, so the labels of a batch are settled before any of its keys is given.
import type { PropValue } from '../../common/model/event';
import type { RowBatch, RowBatchKey } from '../store/index';
import { LazySubject, type RowContext } from './row-filter';

const TWO_53 = 2 ** 53;
const BIG_TWO_53 = 2n ** 53n;
const TWO_62 = 2 ** 62;
/** Key of the number -Infinity / +Infinity: beyond every big integer's label, below any text. */
const NEGATIVE_INFINITY_KEY = -TWO_62;
const POSITIVE_INFINITY_KEY = TWO_62;
const TEXT_LOW = 2 ** 63;
const TEXT_HIGH = 2 ** 66;
/** Labels laid out at most this far apart: room for ~2^23 values appended at either end. */
const MAX_STEPS = 2 ** 24;

const DECIMAL = /^[-+]?\d+$/;
const HEX = /^0[xX][0-9a-fA-F]+$/;
/** Longest decimal digits / hex digits that Number() reads exactly (< 2^53). */
const SAFE_DECIMAL_DIGITS = 15;
const SAFE_HEX_DIGITS = 13;

/** The store view options and rebuild epoch of a sort by the property at `path`. */
export function propertyOrder(
  path: readonly string[],
  ctx: RowContext,
  descending: boolean,
): { batchKey: RowBatchKey; descending: boolean; epoch(): number } {
  const keys = new PropertyKeys(path, ctx);
  return { batchKey: (rows) => keys.keysOf(rows), descending, epoch: () => keys.epoch };
}

/** Keys of rows by one decoded property (see the header). */
class PropertyKeys {
  private readonly subject: LazySubject;
  private readonly negativeBig = new OrderedLabels<bigint>(-TWO_62, -TWO_53, compareBigints);
  private readonly positiveBig = new OrderedLabels<bigint>(TWO_53, TWO_62, compareBigints);
  private readonly text = new OrderedLabels<string>(TEXT_LOW, TEXT_HIGH, compareStrings);

  constructor(
    private readonly path: readonly string[],
    ctx: RowContext,
  ) {
    this.subject = new LazySubject(ctx);
  }

  /** Changes when a dictionary relabels (keys given before no longer order with keys given after). */
  get epoch(): number {
    return this.negativeBig.relabels + this.positiveBig.relabels + this.text.relabels;
  }

  keysOf(rows: RowBatch): Float64Array {
    const keys = new Float64Array(rows.length);
    const subject = this.subject;
    const path = this.path;
    rows.forEach((row, i) => {
      keys[i] = this.keyOf(subject.ofRow(row).prop(path), i);
    });
    this.negativeBig.settle(keys);
    this.positiveBig.settle(keys);
    this.text.settle(keys);
    return keys;
  }

  /** The key of `value`, or NaN with the row left waiting in a dictionary for its label. */
  private keyOf(value: PropValue | undefined, row: number): number {
    switch (typeof value) {
      case 'number':
        if (value >= -TWO_53 && value <= TWO_53) return value;
        if (value !== value) return NaN;
        if (value === Infinity) return POSITIVE_INFINITY_KEY;
        if (value === -Infinity) return NEGATIVE_INFINITY_KEY;
        return this.bigKey(String(value), BigInt(value), row);
      case 'boolean':
        return value ? 1 : 0;
      case 'string':
        return this.stringKey(value, row);
      default:
        return NaN;
    }
  }

  private stringKey(text: string, row: number): number {
    const first = text.charCodeAt(0);
    const digitOrSign = (first >= 48 && first <= 57) || first === 45 || first === 43;
    if (digitOrSign && DECIMAL.test(text)) {
      const digits = first === 45 || first === 43 ? text.length - 1 : text.length;
      if (digits <= SAFE_DECIMAL_DIGITS) return Number(text);
      return this.bigKey(text, undefined, row);
    }
    if (first === 48 && HEX.test(text)) {
      if (text.length - 2 <= SAFE_HEX_DIGITS) return Number(text);
      return this.bigKey(text, undefined, row);
    }
    const known = this.text.labelOf(text);
    if (known !== undefined) return known;
    this.text.wait(text, () => text.toLowerCase(), row);
    return NaN;
  }

  /** An integer written `text` (decimal or 0x hex), its value given when already parsed. */
  private bigKey(text: string, parsed: bigint | undefined, row: number): number {
    const labels = text.charCodeAt(0) === 45 ? this.negativeBig : this.positiveBig;
    const known = labels.labelOf(text);
    if (known !== undefined) return known;
    const value = parsed ?? BigInt(text);
    // Many leading zeros: a small value after all.
    if (value >= -BIG_TWO_53 && value <= BIG_TWO_53) return Number(value);
    labels.wait(text, () => value, row);
    return NaN;
  }
}

interface Entry<S> {
  order: S;
  label: number;
}

/**
 * Labels (doubles in (low, high)) for values, increasing with the values' order; equal values share
 * a label. Values are found by their text; rows wait for the labels of a batch's new values, which
 * `settle` gives them all at once.
 */
export class OrderedLabels<S> {
  /** Entries in order (equal ones adjacent). */
  private sorted: Entry<S>[] = [];
  private readonly byText = new Map<string, Entry<S>>();
  /** New values of the current batch: their texts and order values, and the rows waiting for them. */
  private readonly fresh = new Map<string, number>();
  private freshOrders: S[] = [];
  private freshTexts: string[] = [];
  private waitingRows: number[] = [];
  private waitingIds: number[] = [];
  /** How many times every label was laid out afresh (for a batch that did not fit). */
  relabels = 0;

  constructor(
    private readonly low: number,
    private readonly high: number,
    private readonly compare: (a: S, b: S) => number,
  ) {}

  get size(): number {
    return this.sorted.length;
  }

  labelOf(text: string): number | undefined {
    return this.byText.get(text)?.label;
  }

  /** Row `row` of the batch waits for the label of `text` (a value not labelled yet). */
  wait(text: string, order: () => S, row: number): void {
    let id = this.fresh.get(text);
    if (id === undefined) {
      id = this.freshTexts.length;
      this.fresh.set(text, id);
      this.freshTexts.push(text);
      this.freshOrders.push(order());
    }
    this.waitingRows.push(row);
    this.waitingIds.push(id);
  }

  /** Labels the batch's new values and writes the waiting rows' keys. */
  settle(keys: Float64Array): void {
    if (this.freshTexts.length === 0) return;
    const orders = this.freshOrders;
    const ids = orders.map((_, i) => i).sort((a, b) => this.compare(orders[a] as S, orders[b] as S));
    const added = ids.map((id) => ({ order: orders[id] as S, label: NaN }));
    const merged = this.merge(added);
    if (!this.labelRuns(merged)) {
      this.layOut(merged);
      if (this.sorted.length > 0) this.relabels++;
    }
    this.sorted = merged;
    ids.forEach((id, k) => this.byText.set(this.freshTexts[id] as string, added[k] as Entry<S>));
    const labelOfId = new Float64Array(ids.length);
    ids.forEach((id, k) => (labelOfId[id] = (added[k] as Entry<S>).label));
    for (let i = 0; i < this.waitingRows.length; i++) {
      keys[this.waitingRows[i] as number] = labelOfId[this.waitingIds[i] as number] as number;
    }
    this.fresh.clear();
    this.freshOrders = [];
    this.freshTexts = [];
    this.waitingRows = [];
    this.waitingIds = [];
  }

  /** The existing entries and `added` (sorted, unlabelled) in one order; existing first among equals. */
  private merge(added: Entry<S>[]): Entry<S>[] {
    const old = this.sorted;
    const out: Entry<S>[] = [];
    let i = 0;
    let j = 0;
    while (i < old.length || j < added.length) {
      const takeOld =
        j >= added.length ||
        (i < old.length && this.compare((old[i] as Entry<S>).order, (added[j] as Entry<S>).order) <= 0);
      out.push((takeOld ? old[i++] : added[j++]) as Entry<S>);
    }
    return out;
  }

  /**
   * Gives each unlabelled entry a label between its labelled neighbours (equal values: the same
   * label). False when some run does not fit; then nothing is kept from this attempt.
   */
  private labelRuns(entries: Entry<S>[]): boolean {
    if (this.sorted.length === 0) return false;
    const step = this.stepFor(entries.length);
    const given: Array<[Entry<S>, number]> = [];
    let k = 0;
    while (k < entries.length) {
      if (!Number.isNaN((entries[k] as Entry<S>).label)) {
        k++;
        continue;
      }
      const start = k;
      while (k < entries.length && Number.isNaN((entries[k] as Entry<S>).label)) k++;
      const before = entries[start - 1];
      const after = entries[k];
      // Entries equal to a labelled neighbour take its label; the rest are spread between.
      const run: Entry<S>[][] = [];
      for (let r = start; r < k; r++) {
        const entry = entries[r] as Entry<S>;
        const group = run[run.length - 1];
        if (group && this.compare((group[0] as Entry<S>).order, entry.order) === 0) group.push(entry);
        else run.push([entry]);
      }
      if (before && this.compare(before.order, (run[0]![0] as Entry<S>).order) === 0) {
        for (const e of run.shift() as Entry<S>[]) given.push([e, before.label]);
      }
      const last = run[run.length - 1];
      if (after && last && this.compare(after.order, (last[0] as Entry<S>).order) === 0) {
        for (const e of run.pop() as Entry<S>[]) given.push([e, after.label]);
      }
      if (run.length === 0) continue;
      const labels = spread(run.length, before?.label, after?.label, step, this.low, this.high);
      if (!labels) return false;
      run.forEach((group, g) => group.forEach((e) => given.push([e, labels[g] as number])));
    }
    for (const [entry, label] of given) entry.label = label;
    return true;
  }

  /** Every entry labelled afresh: equal values share a label, labels centred in (low, high). */
  private layOut(entries: Entry<S>[]): void {
    let distinct = 0;
    entries.forEach((e, i) => {
      if (i > 0 && this.compare((entries[i - 1] as Entry<S>).order, e.order) !== 0) distinct++;
    });
    const step = this.stepFor(entries.length);
    const mid = Math.round((this.low + this.high) / 2 / step) * step;
    let label = mid - Math.floor(distinct / 2) * step;
    entries.forEach((e, i) => {
      if (i > 0 && this.compare((entries[i - 1] as Entry<S>).order, e.order) !== 0) label += step;
      e.label = label;
    });
  }

  /** Distance between labels laid out for `count` values: a power of two, leaving room at both ends. */
  private stepFor(count: number): number {
    const width = this.high - this.low;
    const step = Math.min(width / MAX_STEPS, width / (2 * count + 2));
    return 2 ** Math.floor(Math.log2(step));
  }
}

/**
 * `count` increasing labels strictly between `before` and `after` (either may be absent: then one
 * `step` apart, inside (low, high)); undefined when they do not fit.
 */
function spread(
  count: number,
  before: number | undefined,
  after: number | undefined,
  step: number,
  low: number,
  high: number,
): number[] | undefined {
  const labels: number[] = [];
  if (before !== undefined && after !== undefined) {
    const gap = (after - before) / (count + 1);
    for (let i = 1; i <= count; i++) labels.push(before + gap * i);
  } else if (before !== undefined) {
    for (let i = 1; i <= count; i++) labels.push(before + step * i);
  } else if (after !== undefined) {
    for (let i = count; i >= 1; i--) labels.push(after - step * i);
  } else {
    return undefined;
  }
  let previous = before ?? low;
  for (const label of labels) {
    if (!(label > previous)) return undefined;
    previous = label;
  }
  return previous < (after ?? high) ? labels : undefined;
}

function compareBigints(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
