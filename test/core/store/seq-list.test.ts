import { describe, expect, it } from 'vitest';
import { SeqList } from '../../../electron/core/store/seq-list';

const seqs = (list: SeqList) => Array.from({ length: list.length }, (_, i) => list.seqAt(i));

describe('SeqList', () => {
  it('pushes, grows, drops from the front and keeps order', () => {
    const list = new SeqList(1000, 16);
    for (let s = 1000; s < 1100; s++) list.push(s);
    list.dropFront(30);
    expect(list.length).toBe(70);
    expect(list.seqAt(0)).toBe(1030);
    for (let s = 1100; s < 1200; s++) list.push(s); // compacts or grows past the dropped front
    expect(seqs(list)).toEqual(Array.from({ length: 170 }, (_, i) => 1030 + i));
    list.dropFront(1000);
    expect(list.length).toBe(0);
  });

  it('retains, replaces the tail and shrinks', () => {
    const list = new SeqList(0, 4096);
    for (let s = 0; s < 100; s++) list.push(s);
    list.retain((s) => s % 3 === 0);
    expect(seqs(list)).toEqual(Array.from({ length: 34 }, (_, i) => i * 3));
    list.replaceTail(2, Uint32Array.from([50, 40]));
    expect(seqs(list)).toEqual([0, 3, 50, 40]);
    list.shrinkToFit();
    expect(list.byteSize).toBe(4 * 4);
    expect(seqs(list)).toEqual([0, 3, 50, 40]);
  });

  it('keyed lists keep keys beside rows through retain, tail replacement, growth and shrinking', () => {
    const list = new SeqList(100, 0);
    list.assign(Uint32Array.from([0, 1, 2, 3]), Float64Array.from([10, 20, 30, 40]));
    expect(list.keyed).toBe(true);
    list.retain((s) => s !== 101);
    expect(seqs(list)).toEqual([100, 102, 103]);
    expect(Array.from(list.keys())).toEqual([10, 30, 40]);
    list.replaceTail(1, Uint32Array.from([9, 8, 7, 6, 5]), Float64Array.from([1, 2, 3, 4, 5]));
    expect(seqs(list)).toEqual([100, 109, 108, 107, 106, 105]);
    expect(Array.from(list.keys())).toEqual([10, 1, 2, 3, 4, 5]);
    const big = new SeqList(0, 0);
    big.assign(
      new Uint32Array(4000),
      new Float64Array(4000).map((_, i) => i),
    );
    big.retain((s) => s < 0); // all offsets are 0 → seq 0, none kept
    big.replaceTail(0, Uint32Array.from([1, 2]), Float64Array.from([0.5, 0.25]));
    big.shrinkToFit();
    expect(big.byteSize).toBe(2 * 4 + 2 * 8);
    expect(Array.from(big.keys())).toEqual([0.5, 0.25]);
  });

  it('rebases offsets onto a later base (seqs beyond 2^32)', () => {
    const base = 2 ** 32 - 10;
    const list = new SeqList(0, 16);
    list.rebase(base - 5);
    for (let i = 0; i < 20; i++) list.push(base + i);
    list.rebase(base);
    expect(list.base).toBe(base);
    expect(seqs(list)).toEqual(Array.from({ length: 20 }, (_, i) => base + i));
    expect(Array.from(list.offsets().subarray(0, 3))).toEqual([0, 1, 2]);
  });
});
