// File › Recent: newest first, no duplicates, bounded, robust against a damaged file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecentFiles, MAX_RECENT, parseRecent } from '../../electron/main/recent-files';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etw-recent-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('recent files', () => {
  it('keeps newest first without duplicates, at most MAX_RECENT, and persists', async () => {
    const file = join(dir, 'recent.json');
    const recent = createRecentFiles(file);
    for (let i = 0; i < MAX_RECENT + 3; i++) recent.add({ path: `/t/${i}.etl`, kind: 'capture' });
    recent.add({ path: '/t/5.etl', kind: 'capture' });
    const list = recent.list();
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]?.path).toBe('/t/5.etl');
    expect(list.filter((e) => e.path === '/t/5.etl')).toHaveLength(1);
    expect(createRecentFiles(file).list()).toEqual(list);
    recent.clear();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual([]);
  });

  it('drops damaged entries and survives a damaged file', async () => {
    expect(
      parseRecent('[{"path":"/a.etl","kind":"capture"},{"path":3},{"path":"/b","kind":"zip"},null]'),
    ).toEqual([{ path: '/a.etl', kind: 'capture' }]);
    const file = join(dir, 'broken.json');
    await writeFile(file, '{not json');
    expect(createRecentFiles(file).list()).toEqual([]);
  });
});
