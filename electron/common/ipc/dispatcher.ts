// The receiving side of the contract, shared by both transports: `createDispatcher` validates every
// call (channel name, capability, arguments as `unknown` against the zod schema), runs the handler,
// and turns anything thrown into an INTERNAL error value. `createEventHub` carries pushed events from
// the services to connections; a Connection is one client (a window, a WebSocket) and owns its
// subscriptions, so closing it leaves no listener behind.
import type { z } from 'zod';
import { err, type Result } from '../result';
import type {
  CallContext,
  Capability,
  ContractShape,
  EventName,
  PayloadOf,
  ServiceHandlers,
} from './contract-kit';

type Listener = (payload: unknown) => void;

export interface EventHub<C extends ContractShape> {
  emit<K extends EventName<C>>(event: K, payload: PayloadOf<C, K>): void;
  /** Listens to one event name; refuses names the contract does not declare. */
  subscribe(event: string, listener: Listener): Result<() => void>;
  /** Listeners registered, for one event or all: tests check that none leak. */
  listenerCount(event?: string): number;
}

export function createEventHub<C extends ContractShape>(
  contract: C,
  onListenerError: (event: string, error: unknown) => void = () => {},
): EventHub<C> {
  const listeners = new Map<string, Set<Listener>>();
  return {
    emit(event, payload) {
      const set = listeners.get(event);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener(payload);
        } catch (e) {
          onListenerError(event, e);
        }
      }
    },
    subscribe(event, listener) {
      if (!Object.hasOwn(contract.events, event)) {
        return err('UNKNOWN_CHANNEL', `no event named '${clip(event)}'`);
      }
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return {
        ok: true,
        value: () => {
          set.delete(listener);
          if (set.size === 0 && listeners.get(event) === set) listeners.delete(event);
        },
      };
    },
    listenerCount(event) {
      if (event !== undefined) return listeners.get(event)?.size ?? 0;
      let n = 0;
      for (const set of listeners.values()) n += set.size;
      return n;
    },
  };
}

/** The far end of a connection: how pushed events reach it, and what it may do. */
export interface Peer {
  push(event: string, payload: unknown): void;
  capabilities: ReadonlySet<Capability>;
}

export interface Connection {
  invoke(channel: unknown, args: unknown): Promise<Result<unknown>>;
  /** Starts pushing `event` to the peer; idempotent. */
  subscribe(event: unknown): Result<{ event: string }>;
  unsubscribe(event: unknown): void;
  /** Drops every subscription; later calls answer CANCELLED. */
  close(): void;
  subscriptions(): string[];
}

export interface Dispatcher<C extends ContractShape> {
  readonly contract: C;
  readonly events: EventHub<C>;
  invoke(channel: unknown, args: unknown, capabilities: ReadonlySet<Capability>): Promise<Result<unknown>>;
  connect(peer: Peer): Connection;
  connectionCount(): number;
}

export interface DispatcherOptions<C extends ContractShape> {
  events?: EventHub<C>;
  /** Told about handler throws (they reach the caller as INTERNAL). */
  onHandlerError?: (channel: string, error: unknown) => void;
}

export function createDispatcher<C extends ContractShape>(
  contract: C,
  handlers: ServiceHandlers<C>,
  options: DispatcherOptions<C> = {},
): Dispatcher<C> {
  const events = options.events ?? createEventHub(contract);
  const handlerTable = handlers as unknown as Record<
    string,
    (args: unknown, context: CallContext) => unknown
  >;
  let connections = 0;

  async function invoke(channel: unknown, args: unknown, capabilities: ReadonlySet<Capability>) {
    if (typeof channel !== 'string' || !Object.hasOwn(contract.channels, channel)) {
      return err('UNKNOWN_CHANNEL', `no channel named '${clip(String(channel))}'`);
    }
    const def = contract.channels[channel];
    const handler = handlerTable[channel];
    if (!def || typeof handler !== 'function') {
      return err('UNKNOWN_CHANNEL', `channel '${channel}' has no handler`);
    }
    if (def.requires && !capabilities.has(def.requires)) {
      return err('FORBIDDEN', `'${channel}' needs ${describeCapability(def.requires)}`);
    }
    const parsed = def.args.safeParse(args);
    if (!parsed.success) return badRequest(channel, parsed.error);
    try {
      const result = await handler(parsed.data, { capabilities });
      if (!isResult(result)) {
        return err('INTERNAL', `handler for '${channel}' returned something that is not a Result`);
      }
      return result;
    } catch (e) {
      options.onHandlerError?.(channel, e);
      return err('INTERNAL', `'${channel}' failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  function connect(peer: Peer): Connection {
    connections++;
    const subs = new Map<string, () => void>();
    let closed = false;
    return {
      invoke: (channel, args) =>
        closed
          ? Promise.resolve(err('CANCELLED', 'connection closed'))
          : invoke(channel, args, peer.capabilities),
      subscribe(event) {
        if (closed) return err('CANCELLED', 'connection closed');
        if (typeof event !== 'string') return err('BAD_REQUEST', 'event name must be a string');
        if (subs.has(event)) return { ok: true, value: { event } };
        const sub = events.subscribe(event, (payload) => peer.push(event, payload));
        if (!sub.ok) return sub;
        subs.set(event, sub.value);
        return { ok: true, value: { event } };
      },
      unsubscribe(event) {
        if (typeof event !== 'string') return;
        subs.get(event)?.();
        subs.delete(event);
      },
      close() {
        if (closed) return;
        closed = true;
        connections--;
        for (const off of subs.values()) off();
        subs.clear();
      },
      subscriptions: () => [...subs.keys()],
    };
  }

  return { contract, events, invoke, connect, connectionCount: () => connections };
}

function badRequest(channel: string, error: z.ZodError): Result<never> {
  const issues = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(arguments)'}: ${i.message}`);
  const first = error.issues[0];
  return err('BAD_REQUEST', `bad arguments for '${channel}': ${issues.join('; ')}`, {
    detail: first ? first.path.map(String).join('.') : '',
  });
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && 'error' in value;
}

function describeCapability(capability: Capability): string {
  switch (capability) {
    case 'sessionControl':
      return 'session control, which this connection is not allowed (web mode: start with --allow-session-control)';
  }
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
