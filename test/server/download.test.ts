// Web mode's export downloads over a real HTTP server on 127.0.0.1: the page's token is required, an
// export is handed out once (then 404) with its name as an attachment, its bytes intact, and a
// temporary export is released (deleted) once sent.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppDispatcher } from '../../electron/services/app-services';
import { browserDialogService } from '../../electron/services/dialog-service';
import type { ExportDownload } from '../../electron/services/export-service';
import { contentDisposition } from '../../electron/server/download';
import { startWebServer, type RunningWebServer } from '../../electron/server/web-server';

let dir = '';
let server: RunningWebServer;
const released: string[] = [];
const offered = new Map<string, ExportDownload>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etw-download-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>ETW Explorer</title>');
  await writeFile(join(dir, 'KernelNetwork.csv'), 'ts,provider\r\n2012-06-19T20:33:52Z,Kernel\r\n');
  offered.set('abcDEF123_-xyz', {
    path: join(dir, 'KernelNetwork.csv'),
    fileName: 'KernelNetwork.csv',
    release: () => released.push('abcDEF123_-xyz'),
  });
  const app = createAppDispatcher({
    identity: {
      name: 'ETW Explorer',
      version: '1.0.0',
      mode: 'web',
      platform: 'linux',
      arch: 'x64',
      liveEtw: { available: false, code: 'UNSUPPORTED_PLATFORM', reason: 'live ETW needs Windows' },
    },
    dialog: browserDialogService,
  });
  const started = await startWebServer({
    dispatcher: app.dispatcher,
    staticDir: dir,
    port: 0,
    host: '127.0.0.1',
    allowRemote: false,
    allowSessionControl: false,
    token: 'T0ken-for-tests',
    downloads: {
      takeDownload: (id) => {
        const d = offered.get(id);
        offered.delete(id);
        return d;
      },
    },
  });
  if (!started.ok) throw new Error(started.error.message);
  server = started.value;
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GET /download/<id>', () => {
  it('needs the token, then sends the file once as an attachment and releases it', async () => {
    const url = `${server.origin}/download/abcDEF123_-xyz`;
    expect((await fetch(url)).status).toBe(403);
    expect((await fetch(`${url}?token=wrong`)).status).toBe(403);
    expect((await fetch(`${url}?token=T0ken-for-tests`, { method: 'HEAD' })).status).toBe(405);
    expect(released).toEqual([]);

    const first = await fetch(`${url}?token=T0ken-for-tests`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(first.headers.get('content-disposition')).toBe(
      `attachment; filename="KernelNetwork.csv"; filename*=UTF-8''KernelNetwork.csv`,
    );
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await first.text()).toBe('ts,provider\r\n2012-06-19T20:33:52Z,Kernel\r\n');
    await expect.poll(() => released).toEqual(['abcDEF123_-xyz']);

    expect((await fetch(`${url}?token=T0ken-for-tests`)).status).toBe(404);
    expect((await fetch(`${server.origin}/download/..%2Fetc?token=T0ken-for-tests`)).status).toBe(404);
  });

  it('names files safely in Content-Disposition', () => {
    expect(contentDisposition('capture "1" é.jsonl')).toBe(
      `attachment; filename="capture _1_ _.jsonl"; filename*=UTF-8''capture%20%221%22%20%C3%A9.jsonl`,
    );
  });
});
