import { describe, expect, it } from 'vitest';
import { sortByKey } from '../../../electron/core/store/radix-sort';
import { Rng } from './synthetic-events';

/** Reference: items stably sorted by key (NaN last, -0 = +0). */
function reference(keys: number[]): number[] {
  const norm = (k: number) => (Number.isNaN(k) ? Infinity : k);
  return keys
    .map((k, i) => ({ k: norm(k), i }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((r) => r.i);
}

function check(keys: number[]): void {
  const items = Uint32Array.from(keys, (_, i) => i);
  const sorted = sortByKey(items, Float64Array.from(keys));
  const order = reference(keys);
  expect(Array.from(sorted.items)).toEqual(order);
  // The sorted keys come back normalized: NaN as Infinity, -0 as +0 (Object.is tells them apart).
  const normalized = (k: number) => (Number.isNaN(k) ? Infinity : k === 0 ? 0 : k);
  expect(Array.from(sorted.keys)).toEqual(order.map((i) => normalized(keys[i] as number)));
  expect(Array.from(sorted.keys).some((k) => Object.is(k, -0))).toBe(false);
  expect(Array.from(items)).toEqual(keys.map((_, i) => i)); // input untouched
}

describe('sortByKey (radix)', () => {
  const rng = new Rng(11);
  const n = 20000;
  it('small integer keys (one pass), with many ties', () =>
    check(Array.from({ length: n }, () => rng.int(300))));
  it('integers spanning 32 bits', () => check(Array.from({ length: n }, () => rng.next() + 5e9)));
  it('negative integers', () => check(Array.from({ length: n }, () => rng.int(1 << 20) - (1 << 19))));
  it('doubles of both signs, huge ranges, infinities, NaN, -0', () => {
    const specials = [NaN, -0, 0, Infinity, -Infinity, 1e300, -1e-300, Number.MIN_VALUE];
    check(
      Array.from({ length: n }, (_, i) =>
        i % 97 === 0
          ? (specials[i % specials.length] as number)
          : (rng.next() - 2 ** 31) / (1 + rng.int(1000)),
      ),
    );
  });
  it('integer keys with missing ones (NaN, +Infinity: last), both signs, up to the widest span', () => {
    const missing = (i: number) => (i % 2 ? NaN : Infinity);
    check(Array.from({ length: n }, (_, i) => (i % 9 === 0 ? missing(i) : rng.int(500) - 250)));
    check(Array.from({ length: n }, (_, i) => (i % 9 === 0 ? missing(i) : -rng.int(400))));
    // Spans that leave the top word free, and one that does not (then the doubles path).
    for (const span of [2 ** 32 - 2, 2 ** 32 - 1]) {
      const keys = Array.from({ length: n }, (_, i) => (i % 9 === 0 ? missing(i) : 7 + rng.int(1000) * 13));
      keys[1] = 7;
      keys[2] = 7 + span;
      check(keys);
    }
  });
  it('keys wider than 2^53', () => check(Array.from({ length: n }, () => rng.next() * 2 ** 40 + rng.int(3))));
  it('short inputs (insertion sort) and edge sizes', () => {
    check([]);
    check([5]);
    check([3, 1, 2, 1, NaN, -0, 0]);
    check(Array.from({ length: 32 }, () => rng.int(4)));
    check(Array.from({ length: 33 }, () => rng.int(4)));
    check(Array.from({ length: 1000 }, () => 7));
  });
});
