// The renderer's one typed client of the contract, whichever transport carries it: the preload's
// `window.etw` in the desktop app, or a WebSocket in web mode. `etw` can be used right away: calls
// made before the connection is up wait for it, and resolve to an error value if it fails.
import { createClient, type EtwBridge, type EtwClient } from '@common/ipc/client';
import type { EtwContract } from '@common/ipc/contract';
import { createWireBridge } from '@common/ipc/wire-client';
import type { AppError } from '@common/result';
import { desktopBridge } from './bridge';
import { openWebSocket, webSocketUrl } from './web-socket';

export type Etw = EtwClient<EtwContract>;
export type ConnectionState =
  | { state: 'connecting' }
  | { state: 'connected'; mode: 'electron' | 'web' }
  | { state: 'failed'; error: AppError }
  | { state: 'closed'; reason: string };

type Ready = { bridge: EtwBridge } | { error: AppError };

const stateListeners = new Set<(state: ConnectionState) => void>();
let currentState: ConnectionState = { state: 'connecting' };
const setState = (state: ConnectionState) => {
  currentState = state;
  for (const l of stateListeners) l(state);
};

async function connect(): Promise<Ready> {
  const desktop = desktopBridge();
  if (desktop) {
    setState({ state: 'connected', mode: 'electron' });
    return { bridge: desktop };
  }
  const url = webSocketUrl(window.location);
  if (!url.ok) return fail(url.error);
  const socket = await openWebSocket(url.value);
  if (!socket.ok) return fail(socket.error);
  const bridge = createWireBridge(socket.value, {
    onClose: (info) =>
      setState({
        state: 'closed',
        reason: info.reason
          ? `The server closed the connection (${info.reason})`
          : `The connection to the server was lost (code ${info.code})`,
      }),
    onError: (error) => console.warn('etw:', error.message),
  });
  setState({ state: 'connected', mode: 'web' });
  return { bridge };
}

function fail(error: AppError): Ready {
  setState({ state: 'failed', error });
  return { error };
}

let ready: Promise<Ready> | undefined;
const whenReady = () => (ready ??= connect());

/** Waits for the transport; every call and subscription goes through it. */
const lazyBridge: EtwBridge = {
  async invoke(channel, args) {
    const r = await whenReady();
    return 'bridge' in r ? r.bridge.invoke(channel, args) : { ok: false, error: r.error };
  },
  on(event, listener) {
    let off: (() => void) | undefined;
    let cancelled = false;
    void whenReady().then((r) => {
      if (!cancelled && 'bridge' in r) off = r.bridge.on(event, listener);
    });
    return () => {
      cancelled = true;
      off?.();
    };
  },
};

export const etw: Etw = createClient<EtwContract>(lazyBridge);

export function connectionState(): ConnectionState {
  return currentState;
}

export function onConnectionState(listener: (state: ConnectionState) => void): () => void {
  stateListeners.add(listener);
  void whenReady();
  return () => stateListeners.delete(listener);
}

/** The desktop bridge's drag-and-drop helper ('' in web mode, where browsers hide paths). */
export function pathForDroppedFile(file: File): string {
  return desktopBridge()?.pathForFile(file) ?? '';
}
