// The calling side of the contract. `EtwBridge` is the untyped surface every transport offers (the
// preload's `window.etw`, the WebSocket client, the in-memory pair); `createClient` puts the
// contract's types on it and guarantees that `invoke` never throws: a transport failure comes back
// as an error value like any other.
import { err, type Result } from '../result';
import type {
  ChannelName,
  ContractShape,
  EventName,
  InvokeArgs,
  PayloadOf,
  ResponseOf,
} from './contract-kit';

export interface EtwBridge {
  invoke(channel: string, args?: unknown): Promise<Result<unknown>>;
  /** Listens to a pushed event; returns the function that stops listening. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export interface EtwClient<C extends ContractShape> {
  invoke<K extends ChannelName<C>>(channel: K, ...args: InvokeArgs<C, K>): Promise<Result<ResponseOf<C, K>>>;
  on<K extends EventName<C>>(event: K, listener: (payload: PayloadOf<C, K>) => void): () => void;
}

export function createClient<C extends ContractShape>(bridge: EtwBridge): EtwClient<C> {
  return {
    async invoke(channel, ...args) {
      try {
        const result = await bridge.invoke(channel, args[0]);
        return result as Result<never>;
      } catch (e) {
        return err(
          'IO_ERROR',
          `'${channel}' did not reach the app: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    },
    on(event, listener) {
      return bridge.on(event, listener as (payload: unknown) => void);
    },
  };
}
