// Web mode's client transport that outlives a dropped connection (server restarted, laptop slept,
// network blip): an EtwBridge over a succession of wire connections (wire-client.ts). When the socket
// closes it retries with backoff, asking after each failed attempt whether retrying can still help
// (a server that now refuses this page's token was restarted: the page must be reopened from the new
// link, so it stops at once). On success it renews every subscription the page holds, and calls made
// meanwhile go out on the new connection; when it gives up they resolve to an IO_ERROR value.
// Listeners belong to this object, not to a connection, so the page never re-registers anything.
// Timers come from the caller (this layer has neither DOM nor Node), which also makes tests exact.
import { err, type AppError, type Result } from '../result';
import type { EtwBridge } from './client';
import { createListenerRegistry } from './listeners';
import type { TextSocket } from './wire';
import { createWireBridge, type WireBridge } from './wire-client';

export type LinkState =
  | {
      state: 'connected';
      /** 1 for the first connection, 2 after the first reconnection, ... */ connection: number;
    }
  | {
      state: 'reconnecting';
      attempt: number;
      /** Wait before this attempt. */
      retryInMs: number;
      /** When the connection was lost (the caller's clock). */
      since: number;
      /** Why the connection ended, or why the last attempt failed. */
      lastError: string;
    }
  | {
      state: 'closed';
      reason: string;
      /** The server answers but no longer knows this page's token. */ restarted: boolean;
    };

/** After a failed attempt: keep trying (`why` it failed, when the check knows better than the
 * socket), or stop because no retry can succeed. */
export type ServerCheck = { verdict: 'retry'; why?: string } | { verdict: 'gone'; reason: string };

export interface ReconnectingBridgeOptions {
  /** Opens a new socket to the same server with the same token. */
  open(): Promise<Result<TextSocket>>;
  /** Asked after each failed attempt (default: always retry). */
  check?(): Promise<ServerCheck>;
  /** Resolves after `ms`. */
  wait(ms: number): Promise<void>;
  /** Milliseconds on the caller's clock. */
  now(): number;
  /** Waits before each attempt; the last one repeats (default: 250 ms doubling to 15 s). */
  delays?: readonly number[];
  /** Stops trying after this long without a connection (default: 5 minutes). */
  giveUpAfterMs?: number;
  onState(state: LinkState): void;
  /** Protocol-level errors from the server. */
  onError?(error: AppError): void;
  /** A reconnection is complete (subscriptions renewed): the place to re-read state pushed meanwhile. */
  onReconnected?(): void;
}

export interface ReconnectingBridge extends EtwBridge {
  readonly state: LinkState;
  /** Hands `payload` to this page's listeners of `event` as if the server had pushed it. */
  deliver(event: string, payload: unknown): void;
  /** Cuts the current wait short (the browser came back online, the page became visible). */
  retryNow(): void;
  /** Closes the connection for good. */
  close(): void;
  listenerCount(event?: string): number;
}

export const DEFAULT_RETRY_DELAYS: readonly number[] = [250, 500, 1000, 2000, 4000, 8000, 15000];
export const DEFAULT_GIVE_UP_AFTER_MS = 5 * 60_000;

export function createReconnectingBridge(
  first: TextSocket,
  options: ReconnectingBridgeOptions,
): ReconnectingBridge {
  const delays = options.delays?.length ? options.delays : DEFAULT_RETRY_DELAYS;
  const giveUpAfter = options.giveUpAfterMs ?? DEFAULT_GIVE_UP_AFTER_MS;
  let wire: WireBridge | undefined;
  const wireSubscriptions = new Map<string, () => void>();
  let connection = 0;
  let state: LinkState = { state: 'connected', connection: 1 };
  let ended = false;
  /** Calls waiting for the next connection (or for the end). */
  let waiting: Array<() => void> = [];
  let wake: (() => void) | undefined;

  const registry = createListenerRegistry({
    first: (event) => subscribe(event),
    last: (event) => {
      wireSubscriptions.get(event)?.();
      wireSubscriptions.delete(event);
    },
  });

  const setState = (next: LinkState) => {
    state = next;
    options.onState(next);
  };

  function subscribe(event: string): void {
    if (!wire || wire.closed || wireSubscriptions.has(event)) return;
    wireSubscriptions.set(
      event,
      wire.on(event, (payload) => registry.emit(event, payload)),
    );
  }

  function attach(socket: TextSocket): void {
    connection++;
    wire = createWireBridge(socket, {
      onError: options.onError,
      onClose: (info) => dropped(info.reason ? `${info.reason} (code ${info.code})` : `code ${info.code}`),
    });
    for (const event of registry.events()) subscribe(event);
  }

  const release = () => {
    const calls = waiting;
    waiting = [];
    for (const resume of calls) resume();
  };

  function end(reason: string, restarted: boolean): void {
    if (ended) return;
    ended = true;
    wake?.();
    setState({ state: 'closed', reason, restarted });
    release();
  }

  function dropped(why: string): void {
    wire = undefined;
    wireSubscriptions.clear();
    if (!ended) void reconnect(why);
  }

  async function reconnect(why: string): Promise<void> {
    const since = options.now();
    let lastError = `the connection to the server was lost (${why})`;
    for (let attempt = 1; !ended; attempt++) {
      const retryInMs = delays[Math.min(attempt, delays.length) - 1] as number;
      if (options.now() - since + retryInMs > giveUpAfter) {
        const minutes = Math.round(giveUpAfter / 60_000);
        const wait = minutes >= 1 ? `${minutes} min` : `${Math.round(giveUpAfter / 1000)} s`;
        end(`The server has not answered for ${wait} (last attempt: ${lastError})`, false);
        return;
      }
      setState({ state: 'reconnecting', attempt, retryInMs, since, lastError });
      await new Promise<void>((resume) => {
        wake = resume;
        void options.wait(retryInMs).then(resume);
      });
      wake = undefined;
      if (ended) return;
      const opened = await options.open();
      if (ended) {
        if (opened.ok) opened.value.close(1000, 'client closed');
        return;
      }
      if (opened.ok) {
        attach(opened.value);
        setState({ state: 'connected', connection });
        release();
        options.onReconnected?.();
        return;
      }
      lastError = opened.error.message;
      const verdict: ServerCheck = options.check ? await options.check() : { verdict: 'retry' };
      if (verdict.verdict === 'gone') {
        end(verdict.reason, true);
        return;
      }
      if (verdict.why) lastError = verdict.why;
    }
  }

  attach(first);

  const bridge: ReconnectingBridge = {
    async invoke(channel, args) {
      for (;;) {
        if (wire && !wire.closed) return wire.invoke(channel, args);
        if (ended) {
          const reason = state.state === 'closed' ? state.reason : 'the connection is closed';
          return err('IO_ERROR', `'${channel}' was not sent: ${reason}`);
        }
        await new Promise<void>((resume) => waiting.push(resume));
      }
    },
    on: (event, listener) => registry.add(event, listener),
    get state() {
      return state;
    },
    deliver: (event, payload) => registry.emit(event, payload),
    retryNow: () => wake?.(),
    close() {
      const current = wire;
      end('the page closed the connection', false);
      current?.close();
    },
    listenerCount: (event) => registry.count(event),
  };
  return bridge;
}
