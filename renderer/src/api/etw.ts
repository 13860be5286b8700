// The renderer's one typed client of the contract, whichever transport carries it: the preload's
// `window.etw` in the desktop app, or a WebSocket in web mode. `etw` can be used right away: calls
// made before the connection is up wait for it, and resolve to an error value if it fails.
// In web mode a lost connection is retried with backoff (common/ipc/reconnecting-bridge.ts): the
// state says `reconnecting` meanwhile; on success the subscriptions are renewed, the status is read
// again, and `resumed` says whether the capture the page showed is still open; a restarted server
// (new token) ends in `closed` with `restarted`, as the page must be reopened from the new link.
import { createClient, type EtwBridge, type EtwClient } from '@common/ipc/client';
import type { EtwContract } from '@common/ipc/contract';
import type { StatusSnapshot } from '@common/ipc/messages';
import { createReconnectingBridge, type ReconnectingBridge } from '@common/ipc/reconnecting-bridge';
import type { AppError } from '@common/result';
import { desktopBridge } from './bridge';
import { checkServer, openWebSocket, webSocketUrl } from './web-socket';

export type Etw = EtwClient<EtwContract>;

/** What a reconnection found on the server. */
export interface ResumeNote {
  /** true: the capture the page showed is still open; false: it is gone; null: none was open. */
  captureKept: boolean | null;
  message: string;
}

export type ConnectionState =
  | { state: 'connecting' }
  | { state: 'connected'; mode: 'electron' | 'web'; resumed?: ResumeNote }
  | { state: 'reconnecting'; attempt: number; retryInMs: number; lastError: string }
  | { state: 'failed'; error: AppError }
  | { state: 'closed'; reason: string; restarted?: boolean };

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
  let lastStatus: StatusSnapshot | undefined;
  const bridge: ReconnectingBridge = createReconnectingBridge(socket.value, {
    open: () => openWebSocket(url.value),
    check: () => checkServer(window.location),
    wait: (ms) => new Promise((done) => setTimeout(done, ms)),
    now: () => Date.now(),
    onState: (link) => {
      if (link.state === 'connected') setState({ state: 'connected', mode: 'web' });
      else if (link.state === 'reconnecting')
        setState({
          state: 'reconnecting',
          attempt: link.attempt,
          retryInMs: link.retryInMs,
          lastError: link.lastError,
        });
      else setState({ state: 'closed', reason: link.reason, restarted: link.restarted });
    },
    onError: (error) => console.warn('etw:', error.message),
    onReconnected: () => void resume(bridge, lastStatus),
  });
  // The last status seen, to tell after a reconnection whether its capture is still open.
  bridge.on('status', (status) => (lastStatus = status as StatusSnapshot));
  const retrySoon = () => {
    if (document.visibilityState === 'visible') bridge.retryNow();
  };
  window.addEventListener('online', retrySoon);
  document.addEventListener('visibilitychange', retrySoon);
  setState({ state: 'connected', mode: 'web' });
  return { bridge };
}

/** After a reconnection: the status pushed meanwhile is read again and handed to the page. */
async function resume(bridge: ReconnectingBridge, before: StatusSnapshot | undefined): Promise<void> {
  const now = await bridge.invoke('status.get');
  if (!now.ok) return;
  const status = now.value as StatusSnapshot;
  bridge.deliver('status', status);
  if (currentState.state !== 'connected') return;
  setState({ ...currentState, resumed: resumeNote(before, status) });
}

function resumeNote(before: StatusSnapshot | undefined, now: StatusSnapshot): ResumeNote {
  const was = before?.source;
  if (!was?.captureId) return { captureKept: null, message: 'Reconnected to the server' };
  if (now.source.captureId === was.captureId)
    return { captureKept: true, message: `Reconnected: ${was.label} is still open` };
  return {
    captureKept: false,
    message: `Reconnected, but ${was.label} is no longer open on the server: open it again`,
  };
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
