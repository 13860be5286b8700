// The message-based wire protocol used by the WebSocket transport and the in-memory test transport
// (Electron IPC has its own channels, see electron/preload). Messages are JSON text:
//   client → server: invoke {id, channel, args}, sub {event}, unsub {event}
//   server → client: result {id, result}, event {event, payload}, error {error} (protocol problems)
// `TextSocket` is the least a socket must do, so browsers, `ws` and tests adapt to it in a few lines.
// (The server's schema for client messages lives in wire-server.ts, keeping zod out of the renderer.)
import type { AppError, Result } from '../result';

export interface TextSocket {
  send(text: string): void;
  /** Registers a handler for incoming text; returns the function that removes it. */
  onMessage(listener: (text: string) => void): () => void;
  /** Called once when the socket closes (either side). */
  onClose(listener: (info: { code: number; reason: string }) => void): () => void;
  close(code?: number, reason?: string): void;
}

export type ClientMessage =
  | { t: 'invoke'; id: number; channel: string; args?: unknown }
  | { t: 'sub'; event: string }
  | { t: 'unsub'; event: string };

export type ServerMessage =
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; event: string; payload: unknown }
  | { t: 'error'; error: AppError };

/** Light structural check of a message from the server (the server is trusted, the bytes are not). */
export function parseServerMessage(text: string): ServerMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || !('t' in value)) return undefined;
  const m = value as Record<string, unknown>;
  if (m.t === 'result' && typeof m.id === 'number' && typeof m.result === 'object' && m.result !== null) {
    return value as ServerMessage;
  }
  if (m.t === 'event' && typeof m.event === 'string') return value as ServerMessage;
  if (m.t === 'error' && typeof m.error === 'object' && m.error !== null) return value as ServerMessage;
  return undefined;
}
