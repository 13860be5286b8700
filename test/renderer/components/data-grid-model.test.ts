// The shared table's sorting, header-click and navigation logic (renderer/src/components/
// data-grid-model.ts), on the keywords and tasks of the real Microsoft-Windows-Kernel-Process manifest.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  columnTemplate,
  compareSortValues,
  minimumWidth,
  navigationTarget,
  nextSort,
  sortRows,
  sortTitle,
  type SortableColumn,
} from '../../../renderer/src/components/data-grid-model';

const KERNEL_PROCESS = resolve(
  __dirname,
  '../../../..',
  'shared/fixtures/manifests/windows10-dump/{22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716}.xml',
);
const manifest = readFileSync(KERNEL_PROCESS, 'utf8');

interface Item {
  name: string;
  mask: bigint;
}
const keywords: Item[] = [...manifest.matchAll(/<keyword name="([^"]+)"[^>]*mask="(0x[0-9a-fA-F]+)"/g)].map(
  (m) => ({ name: m[1] ?? '', mask: BigInt(m[2] ?? '0') }),
);
const taskNames = [...manifest.matchAll(/<task name="([^"]+)"/g)].map((m) => m[1] ?? '');

const columns: SortableColumn<Item>[] = [
  { id: 'mask', sort: (k) => k.mask },
  { id: 'name', sort: (k) => k.name },
  { id: 'pick' },
];

describe('DataGrid sorting', () => {
  it('reads the fixture: ten keywords from 0x10 to 0x2000 and the tasks', () => {
    expect(keywords.map((k) => k.mask)).toEqual([
      0x10n,
      0x20n,
      0x40n,
      0x80n,
      0x100n,
      0x200n,
      0x400n,
      0x800n,
      0x1000n,
      0x2000n,
    ]);
    expect(taskNames).toContain('ProcessStart');
  });

  it('sorts 64-bit masks by value, beyond what a double holds apart', () => {
    const rows = [
      ...keywords,
      { name: 'RESERVED_HIGH', mask: 0x8000000000000001n },
      { name: 'RESERVED', mask: 0x8000000000000000n },
    ];
    const shuffled = [rows[5], rows[11], rows[0], rows[10], rows[9], rows[2]] as Item[];
    const up = sortRows(shuffled, columns, { column: 'mask', descending: false }).map((k) => k.name);
    expect(up).toEqual([
      'WINEVENT_KEYWORD_PROCESS',
      'WINEVENT_KEYWORD_IMAGE',
      'WINEVENT_KEYWORD_PROCESS_FREEZE',
      'WINEVENT_KEYWORD_WORK_ON_BEHALF',
      'RESERVED',
      'RESERVED_HIGH',
    ]);
    const down = sortRows(shuffled, columns, { column: 'mask', descending: true }).map((k) => k.name);
    expect(down).toEqual([...up].reverse());
    expect(compareSortValues(0x8000000000000001n, 0x8000000000000000n)).toBe(1);
  });

  it('sorts names case-insensitively with digit runs as numbers', () => {
    const names = ['task_10', 'Task_9', 'ProcessStop', 'processStart'];
    const sorted = [...names].sort(compareSortValues);
    expect(sorted).toEqual(['processStart', 'ProcessStop', 'Task_9', 'task_10']);
    const byName = sortRows(keywords, columns, { column: 'name', descending: false }).map((k) => k.name);
    expect(byName[0]).toBe('WINEVENT_KEYWORD_CPU_PRIORITY');
    expect(byName.at(-1)).toBe('WINEVENT_KEYWORD_WORK_ON_BEHALF');
  });

  it('keeps the given array when nothing sorts', () => {
    expect(sortRows(keywords, columns, undefined)).toBe(keywords);
    expect(sortRows(keywords, columns, { column: 'pick', descending: true })).toBe(keywords);
    expect(sortRows(keywords, columns, { column: 'gone', descending: false })).toBe(keywords);
  });

  it('turns a header click into the next sort', () => {
    expect(nextSort(undefined, 'events', 'ascending')).toEqual({ column: 'events', descending: false });
    expect(nextSort(undefined, 'events', 'descending')).toEqual({ column: 'events', descending: true });
    const once = nextSort({ column: 'value', descending: false }, 'events', 'descending');
    expect(once).toEqual({ column: 'events', descending: true });
    expect(nextSort(once, 'events', 'descending')).toEqual({ column: 'events', descending: false });
  });

  it('names the sort in the header tooltip, acronyms kept', () => {
    expect(sortTitle('Defined by')).toBe('Sort by defined by');
    expect(sortTitle('PID')).toBe('Sort by PID');
    expect(sortTitle('Host (DNS)')).toBe('Sort by host (DNS)');
  });
});

describe('DataGrid layout and keys', () => {
  it('lays out fixed and growing columns', () => {
    const cols = [{ width: 64 }, { width: 200, grow: 1 }, { width: 160, grow: 1.5 }];
    expect(columnTemplate(cols)).toBe('64px minmax(200px, 1fr) minmax(160px, 1.5fr)');
    expect(minimumWidth(cols)).toBe(424);
  });

  it('moves the selection with the navigation keys, clamped to the rows', () => {
    expect(navigationTarget('ArrowDown', -1, 32, 10)).toBe(0);
    expect(navigationTarget('ArrowDown', 5, 32, 10)).toBe(6);
    expect(navigationTarget('ArrowUp', 0, 32, 10)).toBe(0);
    expect(navigationTarget('PageDown', 25, 32, 10)).toBe(31);
    expect(navigationTarget('PageUp', 3, 32, 10)).toBe(0);
    expect(navigationTarget('Home', 17, 32, 10)).toBe(0);
    expect(navigationTarget('End', 0, 32, 10)).toBe(31);
    expect(navigationTarget('Enter', 3, 32, 10)).toBeUndefined();
    expect(navigationTarget('ArrowDown', -1, 0, 10)).toBeUndefined();
  });
});
