// Web mode's connection: opens the WebSocket at /ws with the token from the page's own URL and
// adapts it to the wire protocol's TextSocket. Resolves with an error value when there is no token
// or the server refuses the connection. `checkServer` tells a reconnecting page whether the server
// that answers still knows its token (a restarted `npm run serve` has a new one).
import type { ServerCheck } from '@common/ipc/reconnecting-bridge';
import type { TextSocket } from '@common/ipc/wire';
import { err, ok, type Result } from '@common/result';

type PageLocation = Pick<Location, 'protocol' | 'host' | 'search'>;

export const SERVER_RESTARTED =
  'ETW Explorer was restarted, and this page’s link (with its token) is from the earlier run: ' +
  'open the new link that npm run serve printed';

function pageToken(location: Pick<Location, 'search'>): string | null {
  return new URLSearchParams(location.search).get('token');
}

export function webSocketUrl(location: PageLocation): Result<string> {
  const token = pageToken(location);
  if (!token) {
    return err(
      'FORBIDDEN',
      'this page was opened without its token: use the link printed by `npm run serve`',
    );
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return ok(`${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`);
}

export function openWebSocket(url: string): Promise<Result<TextSocket>> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      resolve(ok(adapt(ws)));
    });
    ws.addEventListener('close', (event) => {
      if (!opened) {
        resolve(
          err(
            'FORBIDDEN',
            `the server refused the connection (code ${event.code}); the link may be from an earlier run`,
          ),
        );
      }
    });
  });
}

/**
 * Asks for the page itself (HEAD, with the page's token): 403 means a server answers on this address
 * but refuses the token, i.e. it was restarted and this page can never reconnect; anything else
 * (no answer yet, 200) is worth another attempt.
 */
export async function checkServer(
  location: PageLocation,
  fetchPage: (url: string, init: RequestInit) => Promise<Pick<Response, 'status'>> = fetch,
): Promise<ServerCheck> {
  const token = pageToken(location) ?? '';
  try {
    const page = await fetchPage(
      `${location.protocol}//${location.host}/?token=${encodeURIComponent(token)}`,
      {
        method: 'HEAD',
        cache: 'no-store',
        credentials: 'omit',
        redirect: 'error',
      },
    );
    return page.status === 403 ? { verdict: 'gone', reason: SERVER_RESTARTED } : { verdict: 'retry' };
  } catch {
    return { verdict: 'retry', why: 'the server does not answer' };
  }
}

function adapt(ws: WebSocket): TextSocket {
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    onMessage(listener) {
      const handler = (event: MessageEvent) => {
        if (typeof event.data === 'string') listener(event.data);
      };
      ws.addEventListener('message', handler);
      return () => ws.removeEventListener('message', handler);
    },
    onClose(listener) {
      const handler = (event: CloseEvent) => listener({ code: event.code, reason: event.reason });
      ws.addEventListener('close', handler);
      return () => ws.removeEventListener('close', handler);
    },
    close: (code, reason) => ws.close(code, reason),
  };
}
