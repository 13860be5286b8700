// Web mode's server: one HTTP server on 127.0.0.1 (by default) that serves the built renderer and
// carries the IPC contract over a WebSocket at /ws, so the same UI and the same services run in a
// browser (remote analysis, end-to-end tests). The HTML page and the WebSocket need the per-run
// token; every request's Host and every upgrade's Origin are checked (access.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Capability, ContractShape } from '../common/ipc/contract-kit';
import type { Dispatcher } from '../common/ipc/dispatcher';
import { serveWire } from '../common/ipc/wire-server';
import { err, ok, type Result } from '../common/result';
import { SECURITY_HEADERS } from '../services/content-security';
import { isHtmlPath, readStaticFile } from '../services/static-files';
import {
  hostAllowed,
  loopbackHosts,
  newToken,
  originAllowed,
  tokenMatches,
  type AccessPolicy,
} from './access';
import { DOWNLOAD_PATH_PREFIX, sendDownload, type DownloadSource } from './download';
import { isLoopback } from './options';
import { wsTextSocket } from './ws-socket';

export const WS_PATH = '/ws';
/** Largest message a browser may send (arguments are small; this bounds memory per message). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface WebServerOptions<C extends ContractShape> {
  dispatcher: Dispatcher<C>;
  staticDir: string;
  port: number;
  host: string;
  allowRemote: boolean;
  allowSessionControl: boolean;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
  /** Finished exports offered to the browser once at /download/<id> (token-checked). */
  downloads?: DownloadSource;
}

export interface RunningWebServer {
  /** The link to open: http://HOST:PORT/?token=... */
  url: string;
  origin: string;
  port: number;
  token: string;
  connectionCount(): number;
  /** Cuts every WebSocket at once, as a network drop would (no close handshake); pages reconnect.
   * Returns how many were cut. */
  dropConnections(): number;
  close(): Promise<void>;
}

export async function startWebServer<C extends ContractShape>(
  options: WebServerOptions<C>,
): Promise<Result<RunningWebServer>> {
  if (!isLoopback(options.host) && !options.allowRemote) {
    return err('FORBIDDEN', `refusing to bind ${options.host} without --allow-remote`);
  }
  const token = options.token ?? newToken();
  // Loopback: no Host is accepted until the port is known (then exactly our names); remote: any Host.
  const policy: AccessPolicy = { token, allowedHosts: isLoopback(options.host) ? new Set() : undefined };
  const capabilities = new Set<Capability>(options.allowSessionControl ? ['sessionControl'] : []);
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://request.invalid');
    if (!hostAllowed(policy, req.headers.host)) return plain(res, 421, 'unknown host name for this server\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed\n');
    if (url.pathname === WS_PATH) return plain(res, 426, 'WebSocket only\n');
    if (url.pathname.startsWith(DOWNLOAD_PATH_PREFIX))
      return sendDownload(req, res, url, policy, options.downloads);
    const file = await readStaticFile(options.staticDir, url.pathname);
    if (!file) return plain(res, 404, 'not found\n');
    const html = isHtmlPath(file.path);
    if (html && !tokenMatches(policy, url.searchParams.get('token'))) {
      return plain(
        res,
        403,
        'This ETW Explorer server needs the link with its token: copy it from the terminal that started it.\n',
      );
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Cache-Control': html ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://request.invalid');
    const host = req.headers.host;
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(policy, host)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!originAllowed(host, req.headers.origin)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!tokenMatches(policy, url.searchParams.get('token')))
      return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      serveWire(wsTextSocket(ws), options.dispatcher, capabilities);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => ws.terminate());
    });
  });

  const listening = await new Promise<Result<number>>((resolve) => {
    const onError = (e: NodeJS.ErrnoException) => {
      resolve(
        err(
          'IO_ERROR',
          e.code === 'EADDRINUSE'
            ? `port ${options.port} is in use on ${options.host}: try --port 0`
            : `cannot listen on ${options.host}:${options.port}: ${e.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(
        typeof address === 'object' && address ? ok(address.port) : err('INTERNAL', 'server has no address'),
      );
    });
  });
  if (!listening.ok) return listening;
  const port = listening.value;
  if (isLoopback(options.host)) policy.allowedHosts = loopbackHosts(options.host, port);

  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `http://${hostInUrl}:${port}`;
  return ok({
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    connectionCount: () => sockets.size,
    dropConnections() {
      const count = sockets.size;
      for (const ws of sockets) ws.terminate();
      return count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.close(1001, 'server stopping');
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const ws of sockets) ws.terminate();
      }),
  });
}

function plain(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function refuseUpgrade(socket: Duplex, status: number, text: string) {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
