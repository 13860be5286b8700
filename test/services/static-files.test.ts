// Serving the built renderer: paths stay inside the folder, content types are right.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, readStaticFile, resolveStaticPath } from '../../electron/services/static-files';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'etw-static-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>x</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, '..', `${root.split('/').pop()}-secret.txt`), 'secret');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(`${root}-secret.txt`, { force: true });
});

describe('static files', () => {
  it('maps / to index.html and serves assets with their types', async () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    const js = await readStaticFile(root, '/assets/app.js');
    expect(js?.contentType).toBe('text/javascript; charset=utf-8');
    expect(js?.body.toString()).toBe('console.log(1)');
    expect(contentTypeOf('x.svg')).toBe('image/svg+xml');
    expect(contentTypeOf('x.weird')).toBe('application/octet-stream');
  });

  it('never leaves the folder', async () => {
    const name = `${root.split('/').pop()}-secret.txt`;
    for (const attempt of [
      `/../${name}`,
      `/%2e%2e/${name}`,
      `/assets/../../${name}`,
      `/..%2f${name}`,
      '/%00',
      '/%E0%A4%A',
      '/../../../../etc/passwd',
    ]) {
      const file = await readStaticFile(root, attempt);
      expect(file, attempt).toBeUndefined();
    }
  });

  it('answers undefined for missing files', async () => {
    expect(await readStaticFile(root, '/assets/missing.js')).toBeUndefined();
    expect(await readStaticFile(root, '/assets')).toBeUndefined();
  });
});
