// The client end of the wire protocol (wire.ts): an EtwBridge over any TextSocket. Requests carry an
// id and resolve when the matching result arrives; when the socket closes every pending request
// resolves to an IO_ERROR value. Event listeners are reference-counted: one `sub` per event name.
import { err, type AppError, type Result } from '../result';
import type { EtwBridge } from './client';
import { createListenerRegistry } from './listeners';
import { parseServerMessage, type ClientMessage, type TextSocket } from './wire';

export interface WireBridge extends EtwBridge {
  close(): void;
  /** Requests still waiting for an answer. */
  pendingCount(): number;
  listenerCount(event?: string): number;
  readonly closed: boolean;
}

export interface WireBridgeOptions {
  /** Protocol-level errors from the server (refused subscription, malformed message). */
  onError?(error: AppError): void;
  /** The connection ended; `reason` says why when known. */
  onClose?(info: { code: number; reason: string }): void;
}

export function createWireBridge(socket: TextSocket, options: WireBridgeOptions = {}): WireBridge {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;
  let closed = false;
  let closeReason = 'connection closed';

  const send = (message: ClientMessage) => {
    if (!closed) socket.send(JSON.stringify(message));
  };
  const listeners = createListenerRegistry({
    first: (event) => send({ t: 'sub', event }),
    last: (event) => send({ t: 'unsub', event }),
  });

  const offMessage = socket.onMessage((text) => {
    const message = parseServerMessage(text);
    if (!message) {
      options.onError?.({ code: 'PARSE_ERROR', message: 'unreadable message from the server' });
      return;
    }
    switch (message.t) {
      case 'result': {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.result);
        break;
      }
      case 'event':
        listeners.emit(message.event, message.payload);
        break;
      case 'error':
        options.onError?.(message.error);
        break;
    }
  });

  const offClose = socket.onClose((info) => {
    if (closed) return;
    closed = true;
    closeReason = info.reason ? `connection closed: ${info.reason}` : `connection closed (code ${info.code})`;
    for (const resolve of pending.values()) resolve(err('IO_ERROR', closeReason));
    pending.clear();
    offMessage();
    offClose();
    options.onClose?.(info);
  });

  return {
    invoke(channel, args) {
      if (closed) return Promise.resolve(err('IO_ERROR', closeReason));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        try {
          send({ t: 'invoke', id, channel, args });
        } catch (e) {
          pending.delete(id);
          resolve(
            err(
              'BAD_REQUEST',
              `arguments for '${channel}' cannot be sent: ${e instanceof Error ? e.message : String(e)}`,
            ),
          );
        }
      });
    },
    on: (event, listener) => listeners.add(event, listener),
    close() {
      socket.close(1000, 'client closed');
    },
    pendingCount: () => pending.size,
    listenerCount: (event) => listeners.count(event),
    get closed() {
      return closed;
    },
  };
}
