// The building blocks of a typed IPC contract: a request channel is a zod schema for its arguments
// (the receiving side validates `unknown` with it) plus a response type carried only in the type
// system; a pushed event is a payload type. `contract.ts` is the app's table built from these; tests
// build small tables of their own. Responses always travel as `Result<T>`, never as throws.
import type { z } from 'zod';
import type { Result } from '../result';

declare const responseType: unique symbol;
declare const payloadType: unique symbol;

/** What a connection is allowed to do beyond reading: checked by the dispatcher before a call. */
export type Capability = 'sessionControl';

export interface ChannelDef<A extends z.ZodType = z.ZodType, R = unknown> {
  args: A;
  /** Capability the caller must hold (live session control, for example). */
  requires?: Capability;
  /** Type-only: the response value. Never set at run time. */
  readonly [responseType]?: R;
}

export interface EventDef<P = unknown> {
  /** Type-only: the payload. Never set at run time. */
  readonly [payloadType]?: P;
}

export interface ContractShape {
  channels: Record<string, ChannelDef>;
  events: Record<string, EventDef>;
}

/** A request channel whose arguments match `args` and whose response value is `R`. */
export function channel<R>() {
  return <A extends z.ZodType>(args: A, options: { requires?: Capability } = {}): ChannelDef<A, R> =>
    options.requires ? { args, requires: options.requires } : { args };
}

/** A pushed event with payload `P`. */
export function event<P>(): EventDef<P> {
  return {};
}

export function defineContract<C extends ContractShape>(contract: C): C {
  return contract;
}

export type ChannelName<C extends ContractShape> = keyof C['channels'] & string;
export type EventName<C extends ContractShape> = keyof C['events'] & string;

/** What a caller passes (zod input type: defaults may be omitted). */
export type ArgsOf<C extends ContractShape, K extends ChannelName<C>> = z.input<C['channels'][K]['args']>;
/** What a handler receives after validation (zod output type). */
export type ParsedArgsOf<C extends ContractShape, K extends ChannelName<C>> = z.output<
  C['channels'][K]['args']
>;
export type ResponseOf<C extends ContractShape, K extends ChannelName<C>> =
  C['channels'][K] extends ChannelDef<z.ZodType, infer R> ? R : never;
export type PayloadOf<C extends ContractShape, K extends EventName<C>> =
  C['events'][K] extends EventDef<infer P> ? P : never;

/** Argument list of `invoke`: channels whose arguments may be undefined can be called without them. */
export type InvokeArgs<C extends ContractShape, K extends ChannelName<C>> =
  undefined extends ArgsOf<C, K> ? [args?: ArgsOf<C, K>] : [args: ArgsOf<C, K>];

/** Who is calling: handlers that answer differently per connection read it. */
export interface CallContext {
  capabilities: ReadonlySet<Capability>;
}

/** The object that answers every channel: one method per channel name, returning a Result. */
export type ServiceHandlers<C extends ContractShape> = {
  [K in ChannelName<C>]: (
    args: ParsedArgsOf<C, K>,
    context: CallContext,
  ) => Promise<Result<ResponseOf<C, K>>> | Result<ResponseOf<C, K>>;
};
