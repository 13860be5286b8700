// Web mode over a real HTTP server and real WebSockets on 127.0.0.1: the token and Host/Origin
// checks, the contract over the socket (values, validation errors, capabilities), no leaked
// listeners or connections after clients leave, and connections cut at once (dropConnections) that
// a reconnecting client resumes.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createClient } from '../../electron/common/ipc/client';
import type { EtwContract } from '../../electron/common/ipc/contract';
import type { StatusSnapshot } from '../../electron/common/ipc/messages';
import { createReconnectingBridge, type LinkState } from '../../electron/common/ipc/reconnecting-bridge';
import type { TextSocket } from '../../electron/common/ipc/wire';
import { createWireBridge } from '../../electron/common/ipc/wire-client';
import { err, ok, type Result } from '../../electron/common/result';
import { createAppDispatcher, type AppDispatcher } from '../../electron/services/app-services';
import { CONTENT_SECURITY_POLICY } from '../../electron/services/content-security';
import { browserDialogService } from '../../electron/services/dialog-service';
import { startWebServer, type RunningWebServer } from '../../electron/server/web-server';
import { wsTextSocket } from '../../electron/server/ws-socket';

let staticDir = '';
const servers: RunningWebServer[] = [];

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'etw-web-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>ETW Explorer</title>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'export {}');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await rm(staticDir, { recursive: true, force: true });
});

function appDispatcher(): AppDispatcher {
  return createAppDispatcher({
    identity: {
      name: 'ETW Explorer',
      version: '1.2.3',
      mode: 'web',
      platform: 'linux',
      arch: 'x64',
      liveEtw: {
        available: false,
        code: 'UNSUPPORTED_PLATFORM',
        reason: 'live ETW needs Windows (this is linux)',
      },
    },
    dialog: browserDialogService,
  });
}

async function start(options: { allowSessionControl?: boolean } = {}) {
  const app = appDispatcher();
  const r = await startWebServer({
    dispatcher: app.dispatcher,
    staticDir,
    port: 0,
    host: '127.0.0.1',
    allowRemote: false,
    allowSessionControl: options.allowSessionControl ?? false,
  });
  if (!r.ok) throw new Error(r.error.message);
  servers.push(r.value);
  return { server: r.value, ...app };
}

/** Opens a WebSocket; resolves with the socket or the HTTP status of the refusal. */
function openSocket(
  url: string,
  headers: { origin?: string; host?: string } = {},
): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, {
      origin: headers.origin,
      headers: headers.host ? { host: headers.host } : {},
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', () => resolve(-1));
  });
}

async function connectClient(server: RunningWebServer) {
  const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    origin: server.origin,
  });
  if (typeof ws === 'number') throw new Error(`refused: ${ws}`);
  const bridge = createWireBridge(wsTextSocket(ws));
  return { ws, bridge, client: createClient<EtwContract>(bridge) };
}

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('HTTP', () => {
  it('serves the page only with the token, with the CSP and no-referrer headers', async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const good = await fetch(server.url);
    expect(good.status).toBe(200);
    expect(good.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(good.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await good.text()).toContain('ETW Explorer');
    for (const bad of [
      `${server.origin}/`,
      `${server.origin}/?token=wrong`,
      `${server.origin}/index.html?token=${server.token}x`,
    ]) {
      const r = await fetch(bad);
      expect(r.status, bad).toBe(403);
    }
    expect((await fetch(`${server.origin}/index.html?token=${server.token}`)).status).toBe(200);
  });

  it('serves assets, 404s the rest, refuses other methods and foreign Host headers', async () => {
    const { server } = await start();
    const js = await fetch(`${server.origin}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${server.origin}/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${server.origin}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    expect((await fetch(`${server.origin}/ws`)).status).toBe(426);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example:PORT.
    const rebinding = await new Promise<number>((resolve) => {
      void import('node:http').then(({ request }) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: server.port,
            path: `/?token=${server.token}`,
            headers: { host: `evil.example:${server.port}` },
          },
          (res) => {
            resolve(res.statusCode ?? 0);
            res.resume();
          },
        );
        req.end();
      });
    });
    expect(rebinding).toBe(421);
  });
});

describe('WebSocket access', () => {
  it('refuses a bad or missing token, a foreign or missing Origin, a foreign Host and other paths', async () => {
    const { server, dispatcher } = await start();
    const base = `ws://127.0.0.1:${server.port}`;
    expect(await openSocket(`${base}/ws?token=nope`, { origin: server.origin })).toBe(401);
    expect(await openSocket(`${base}/ws`, { origin: server.origin })).toBe(401);
    expect(await openSocket(`${base}/ws?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(
      await openSocket(`${base}/ws?token=${server.token}`, { origin: `http://localhost:${server.port + 1}` }),
    ).toBe(403);
    expect(await openSocket(`${base}/ws?token=${server.token}`)).toBe(403);
    expect(
      await openSocket(`${base}/ws?token=${server.token}`, {
        origin: `http://evil.example:${server.port}`,
        host: `evil.example:${server.port}`,
      }),
    ).toBe(403);
    expect(await openSocket(`${base}/other?token=${server.token}`, { origin: server.origin })).toBe(404);
    expect(dispatcher.connectionCount()).toBe(0);
    // localhost is the same server: its own origin works.
    const viaLocalhost = await openSocket(`ws://localhost:${server.port}/ws?token=${server.token}`, {
      origin: `http://localhost:${server.port}`,
    });
    expect(viaLocalhost).toBeInstanceOf(WebSocket);
    if (viaLocalhost instanceof WebSocket) viaLocalhost.close();
  });
});

describe('contract over WebSocket', () => {
  it('answers calls with values and refuses bad ones with error values', async () => {
    const { server } = await start();
    const { client, bridge } = await connectClient(server);
    const info = await client.invoke('app.info');
    expect(info).toMatchObject({ ok: true, value: { mode: 'web', version: '1.2.3', sessionControl: false } });
    expect(await bridge.invoke('capture.open', { path: 42 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', detail: 'path' },
    });
    expect(await bridge.invoke('shell.exec', { cmd: 'calc' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    expect(await client.invoke('capture.open', { path: '/definitely/not/here.etl' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await client.invoke('dialog.openFile', { kind: 'capture' })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_PLATFORM' },
    });
    bridge.close();
  });

  it('grants session control only when the server allows it', async () => {
    // The capability reaches the services per connection (the session service checks it per call;
    // its refusals are tested in test/services/session-service.test.ts with a stand-in addon).
    const refused = await start();
    const a = await connectClient(refused.server);
    expect(await a.client.invoke('app.info')).toMatchObject({ ok: true, value: { sessionControl: false } });
    a.bridge.close();

    const allowed = await start({ allowSessionControl: true });
    const b = await connectClient(allowed.server);
    expect(await b.client.invoke('app.info')).toMatchObject({ ok: true, value: { sessionControl: true } });
    // Allowed through, then refused by the platform (this is not Windows).
    expect(await b.client.invoke('sessions.stop', { name: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED_PLATFORM' },
    });
    b.bridge.close();
  });

  it('pushes events to subscribers, stops after unsubscribe, and leaks nothing when clients leave', async () => {
    const { server, dispatcher, services } = await start();
    const before = dispatcher.events.listenerCount();
    const clients = await Promise.all([connectClient(server), connectClient(server), connectClient(server)]);
    const received: StatusSnapshot[][] = clients.map(() => []);
    const offs = clients.map((c, i) => c.client.on('status', (s) => received[i]?.push(s)));
    await until(() => dispatcher.events.listenerCount('status') === before + 3, 'three subscriptions');
    services.status.setSource({ kind: 'capture', label: 'one.etl' });
    await until(() => received.every((r) => r.length === 1), 'first push');
    offs[0]?.();
    await until(() => dispatcher.events.listenerCount('status') === before + 2, 'unsubscribe');
    services.status.setSource({ kind: 'capture', label: 'two.etl' });
    await until(() => (received[1]?.length ?? 0) === 2 && (received[2]?.length ?? 0) === 2, 'second push');
    expect(received[0]?.map((s) => s.source.label)).toEqual(['one.etl']);
    expect(received[1]?.map((s) => s.source.label)).toEqual(['one.etl', 'two.etl']);

    for (const c of clients) c.ws.close();
    await until(() => server.connectionCount() === 0, 'sockets closed');
    expect(dispatcher.events.listenerCount()).toBe(before);
    expect(dispatcher.connectionCount()).toBe(0);
  });

  it('cuts every connection at once; a reconnecting client resumes with its subscriptions', async () => {
    const { server, dispatcher, services } = await start();
    const before = dispatcher.events.listenerCount('status');
    const open = async (): Promise<Result<TextSocket>> => {
      const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
        origin: server.origin,
      });
      return typeof ws === 'number' ? err('FORBIDDEN', `refused (${ws})`) : ok(wsTextSocket(ws));
    };
    const first = await open();
    if (!first.ok) throw new Error(first.error.message);
    const states: LinkState[] = [];
    const bridge = createReconnectingBridge(first.value, {
      open,
      wait: (ms) => new Promise((r) => setTimeout(r, ms)),
      now: () => performance.now(),
      delays: [20],
      onState: (state) => states.push(state),
    });
    const labels: string[] = [];
    createClient<EtwContract>(bridge).on('status', (status) => labels.push(status.source.label));
    await until(() => dispatcher.events.listenerCount('status') === before + 1, 'the subscription');

    expect(server.dropConnections()).toBe(1);
    await until(() => states.length >= 2 && bridge.state.state === 'connected', 'the reconnection');
    await until(() => dispatcher.events.listenerCount('status') === before + 1, 'the renewed subscription');
    expect(states.map((s) => s.state)).toEqual(['reconnecting', 'connected']);
    expect(server.connectionCount()).toBe(1);
    services.status.setSource({ kind: 'capture', label: 'after.etl' });
    await until(() => labels.includes('after.etl'), 'a push on the new connection');
    bridge.close();
    await until(() => server.connectionCount() === 0, 'the client to leave');
  });

  it('answers garbage frames with a protocol error and keeps the connection', async () => {
    const { server } = await start();
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
      origin: server.origin,
    });
    if (typeof ws === 'number') throw new Error('refused');
    const replies: string[] = [];
    ws.on('message', (d) => replies.push(String(d)));
    ws.send('{{{');
    ws.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'app.info' }));
    await until(() => replies.length === 2, 'two replies');
    expect(JSON.parse(replies[0] ?? '{}')).toMatchObject({ t: 'error', error: { code: 'BAD_REQUEST' } });
    expect(JSON.parse(replies[1] ?? '{}')).toMatchObject({ t: 'result', id: 1, result: { ok: true } });
    ws.close();
  });

  it('closes connections on oversized messages', async () => {
    const { server, dispatcher } = await start();
    const ws = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
      origin: server.origin,
    });
    if (typeof ws === 'number') throw new Error('refused');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    await until(() => dispatcher.connectionCount() === 0, 'connection released');
  });

  it('refuses to bind a non-loopback address without allowRemote', async () => {
    const r = await startWebServer({
      dispatcher: appDispatcher().dispatcher,
      staticDir,
      port: 0,
      host: '0.0.0.0',
      allowRemote: false,
      allowSessionControl: false,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
