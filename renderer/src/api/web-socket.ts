// Web mode's connection: opens the WebSocket at /ws with the token from the page's own URL and
// adapts it to the wire protocol's TextSocket. Resolves with an error value when there is no token
// or the server refuses the connection.
import type { TextSocket } from '@common/ipc/wire';
import { err, ok, type Result } from '@common/result';

export function webSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): Result<string> {
  const token = new URLSearchParams(location.search).get('token');
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
