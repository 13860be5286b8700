// Stable sort of view rows by a numeric key, for millions of rows: LSD radix sort with 11-bit digits.
// Keys that are integers spanning less than 2^32 (pid, tid, cpu, ids, ticks of a short trace, ...)
// sort as one 32-bit word in at most 3 passes — NaN / +Infinity (a missing key, last) taking the word
// after the largest integer's when the span leaves one; any other doubles are mapped to
// order-preserving 64-bit words (sign flip / bit inversion) in at most 6 passes. Digits that are equal for every key
// are skipped, so small ranges cost 1-2 passes. Ties keep input order (stable).
// NaN sorts last; -0 equals +0. The sorted keys come back too: views keep them beside their rows so
// that merging live rows never reads the store's columns in (random) sorted order.

const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;
const DIGIT_MASK = RADIX - 1;
const SMALL = 32;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface SortedByKey {
  items: Uint32Array;
  /** The keys in the same (sorted) order, normalized (NaN → Infinity, -0 → 0). */
  keys: Float64Array;
}

/**
 * Sorts `items` by ascending `keys` (parallel arrays), ties in input order. Returns new items and the
 * sorted keys; `keys` is scratch (its buffer may be reused for the returned keys), `items` is kept.
 */
export function sortByKey(items: Uint32Array, keys: Float64Array): SortedByKey {
  const n = items.length;
  let min = Infinity;
  let max = -Infinity;
  /** Largest key below +Infinity. */
  let maxFinite = -Infinity;
  let integral = true;
  for (let i = 0; i < n; i++) {
    let k = keys[i] as number;
    if (k !== k) keys[i] = k = Infinity;
    else if (k === 0) keys[i] = k = 0;
    if (k < min) min = k;
    if (k > max) max = k;
    if (k === Infinity) continue;
    if (k > maxFinite) maxFinite = k;
    if (integral && !Number.isInteger(k)) integral = false;
  }
  if (n < 2 || min === max) return { items: items.slice(), keys };
  if (n <= SMALL) return insertionSort(items, keys);
  if (integral && max - min <= 0xffffffff) return sortByWord(items, keys, min, -1);
  // Integers and some +Infinity keys: +Infinity takes the word after the largest integer's.
  if (integral && max === Infinity && maxFinite - min < 0xffffffff) {
    return sortByWord(items, keys, min, maxFinite - min + 1);
  }
  return sortByDouble(items, keys);
}

function insertionSort(items: Uint32Array, keys: Float64Array): SortedByKey {
  const out = items.slice();
  for (let i = 1; i < out.length; i++) {
    const item = out[i] as number;
    const key = keys[i] as number;
    let j = i - 1;
    while (j >= 0 && (keys[j] as number) > key) {
      out[j + 1] = out[j] as number;
      keys[j + 1] = keys[j] as number;
      j--;
    }
    out[j + 1] = item;
    keys[j + 1] = key;
  }
  return { items: out, keys };
}

/**
 * Integer keys in [min, min + 2^32): one 32-bit word per key. With `infinityWord` >= 0, keys are
 * integers below min + infinityWord, or +Infinity, which takes that word.
 */
function sortByWord(items: Uint32Array, keys: Float64Array, min: number, infinityWord: number): SortedByKey {
  const n = items.length;
  let words = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number;
    words[i] = k === Infinity ? infinityWord : k - min;
  }
  const counts = countDigits([words]);
  const passes = [0, 1, 2].filter((pass) => prefixSums(counts, pass, n, digit(words[0] as number, pass)));
  const buffers = new PingPong(items, n);
  let nextWords = new Uint32Array(n);
  for (const pass of passes) {
    const shift = pass * DIGIT_BITS;
    const next = counts.subarray(pass * RADIX, (pass + 1) * RADIX);
    const from = buffers.from;
    const to = buffers.next();
    for (let i = 0; i < n; i++) {
      const w = words[i] as number;
      const d = (w >>> shift) & DIGIT_MASK;
      const at = next[d] as number;
      next[d] = at + 1;
      to[at] = from[i] as number;
      nextWords[at] = w;
    }
    [words, nextWords] = [nextWords, words];
  }
  for (let i = 0; i < n; i++) {
    const w = words[i] as number;
    keys[i] = w === infinityWord ? Infinity : w + min;
  }
  return { items: buffers.from, keys };
}

/** Any doubles: order-preserving 64-bit (hi, lo) words. */
function sortByDouble(items: Uint32Array, keys: Float64Array): SortedByKey {
  const n = items.length;
  const raw = new Uint32Array(keys.buffer, keys.byteOffset, n * 2);
  const loAt = LITTLE_ENDIAN ? 0 : 1;
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const l = raw[2 * i + loAt] as number;
    const h = raw[2 * i + 1 - loAt] as number;
    const negative = (h & 0x80000000) !== 0;
    lo[i] = negative ? ~l : l;
    hi[i] = negative ? ~h : h | 0x80000000;
  }
  const counts = countDigits([lo, hi]);
  const passes = [0, 1, 2, 3, 4, 5].filter((pass) =>
    prefixSums(counts, pass, n, digit((pass < 3 ? lo[0] : hi[0]) as number, pass)),
  );
  const buffers = new PingPong(items, n);
  let nextLo = new Uint32Array(n);
  let nextHi = new Uint32Array(n);
  for (const pass of passes) {
    const shift = (pass % 3) * DIGIT_BITS;
    const next = counts.subarray(pass * RADIX, (pass + 1) * RADIX);
    const digitWords = pass < 3 ? lo : hi;
    const from = buffers.from;
    const to = buffers.next();
    for (let i = 0; i < n; i++) {
      const d = ((digitWords[i] as number) >>> shift) & DIGIT_MASK;
      const at = next[d] as number;
      next[d] = at + 1;
      to[at] = from[i] as number;
      nextLo[at] = lo[i] as number;
      nextHi[at] = hi[i] as number;
    }
    [lo, nextLo] = [nextLo, lo];
    [hi, nextHi] = [nextHi, hi];
  }
  // Back from order-preserving words to doubles, in sorted order.
  for (let i = 0; i < n; i++) {
    const l = lo[i] as number;
    const h = hi[i] as number;
    const negative = (h & 0x80000000) === 0;
    raw[2 * i + loAt] = negative ? ~l : l;
    raw[2 * i + 1 - loAt] = negative ? ~h : h & 0x7fffffff;
  }
  return { items: buffers.from, keys };
}

function digit(word: number, pass: number): number {
  return (word >>> ((pass % 3) * DIGIT_BITS)) & DIGIT_MASK;
}

/** Item buffers for the passes: the input is only read; a second buffer is made on demand. */
class PingPong {
  from: Uint32Array;
  private spare: Uint32Array | undefined;

  constructor(
    private readonly input: Uint32Array,
    private readonly n: number,
  ) {
    this.from = input;
  }

  /** The buffer the next pass writes (then becomes `from`). */
  next(): Uint32Array {
    const previous = this.from;
    const to = this.spare ?? new Uint32Array(this.n);
    this.spare = previous === this.input ? undefined : previous;
    this.from = to;
    return to;
  }
}

/** Histograms of the three 11-bit digits of each word array, in one pass per array. */
function countDigits(wordArrays: Uint32Array[]): Uint32Array {
  const counts = new Uint32Array(wordArrays.length * 3 * RADIX);
  wordArrays.forEach((words, a) => {
    const c0 = counts.subarray((a * 3 + 0) * RADIX, (a * 3 + 1) * RADIX);
    const c1 = counts.subarray((a * 3 + 1) * RADIX, (a * 3 + 2) * RADIX);
    const c2 = counts.subarray((a * 3 + 2) * RADIX, (a * 3 + 3) * RADIX);
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as number;
      const d0 = w & DIGIT_MASK;
      const d1 = (w >>> DIGIT_BITS) & DIGIT_MASK;
      const d2 = w >>> (2 * DIGIT_BITS);
      c0[d0] = (c0[d0] as number) + 1;
      c1[d1] = (c1[d1] as number) + 1;
      c2[d2] = (c2[d2] as number) + 1;
    }
  });
  return counts;
}

/**
 * Turns the counts of `pass` into start positions. False (nothing to do) when every key has the
 * same digit, which `firstDigit` (the first key's digit) detects.
 */
function prefixSums(counts: Uint32Array, pass: number, n: number, firstDigit: number): boolean {
  const base = pass * RADIX;
  if (counts[base + firstDigit] === n) return false;
  let sum = 0;
  for (let d = 0; d < RADIX; d++) {
    const c = counts[base + d] as number;
    counts[base + d] = sum;
    sum += c;
  }
  return true;
}
