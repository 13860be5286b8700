// Adapts a `ws` WebSocket to the wire protocol's TextSocket (common/ipc/wire.ts). The web server
// uses it for each browser connection; tests use it for Node clients. Binary frames are not part of
// the protocol and are ignored.
import type { WebSocket } from 'ws';
import type { TextSocket } from '../common/ipc/wire';

export function wsTextSocket(ws: WebSocket): TextSocket {
  return {
    send(text) {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
    onMessage(listener) {
      const handler = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        if (!isBinary)
          listener(
            Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(toBuffers(data)).toString('utf8'),
          );
      };
      ws.on('message', handler);
      return () => ws.off('message', handler);
    },
    onClose(listener) {
      const handler = (code: number, reason: Buffer) => listener({ code, reason: reason.toString('utf8') });
      ws.on('close', handler);
      return () => ws.off('close', handler);
    },
    close(code, reason) {
      ws.close(code, reason);
    },
  };
}

function toBuffers(data: ArrayBuffer | Buffer[]): Buffer[] {
  return Array.isArray(data) ? data : [Buffer.from(data)];
}
