// OwnerColumn: one process ordinal per stored event, by seq — none/unknown told apart, 16-bit chunks
// widened when an ordinal needs more, chunks of dropped events released, seqs that start high.
import { describe, expect, it } from 'vitest';
import { OwnerColumn } from '../../../electron/core/analysis/owner-column';

describe('OwnerColumn', () => {
  it('answers the recorded ordinal, -1 for no process and undefined for what it was never told', () => {
    const column = new OwnerColumn();
    column.set(0, 0);
    column.set(1, -1);
    column.set(70_000, 12);
    expect([column.get(0), column.get(1), column.get(2), column.get(70_000)]).toEqual([0, -1, undefined, 12]);
    expect(column.get(-1)).toBeUndefined();
    expect(column.get(10_000_000)).toBeUndefined();
  });

  it('widens a chunk for large ordinals without losing the values it held', () => {
    const column = new OwnerColumn();
    for (let seq = 0; seq < 1000; seq++) column.set(seq, seq % 7);
    column.set(1000, 262_144);
    column.set(1001, 70_000);
    expect(column.get(1000)).toBe(262_144);
    expect(column.get(1001)).toBe(70_000);
    for (let seq = 0; seq < 1000; seq++) expect(column.get(seq)).toBe(seq % 7);
  });

  it('releases the chunks of events older than the store keeps, and starts at any seq', () => {
    const column = new OwnerColumn();
    const first = 5 * 65_536 + 17;
    for (let seq = first; seq < first + 300_000; seq += 1000) column.set(seq, 3);
    column.dropBefore(first + 200_000);
    expect(column.get(first)).toBeUndefined();
    expect(column.get(first + 250_000)).toBe(3);
    column.set(first + 1000, 4); // older than what is kept: ignored
    expect(column.get(first + 1000)).toBeUndefined();
    column.set(first + 400_000, 5);
    expect(column.get(first + 400_000)).toBe(5);
  });
});
