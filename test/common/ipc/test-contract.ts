// A small contract for the IPC tests: one channel of each kind the dispatcher must handle (no
// arguments, required arguments, a capability, a handler that throws, one that breaks the Result
// rule, one whose reply JSON cannot carry) and two events.
import { z } from 'zod';
import {
  channel,
  defineContract,
  event,
  type ServiceHandlers,
} from '../../../electron/common/ipc/contract-kit';
import { ok, type Result } from '../../../electron/common/result';

export const testContract = defineContract({
  channels: {
    ping: channel<{ pong: true }>()(z.strictObject({}).optional()),
    add: channel<{ sum: number }>()(
      z.strictObject({ a: z.number(), b: z.number(), note: z.string().max(8).optional() }),
    ),
    control: channel<{ done: true }>()(z.strictObject({ name: z.string() }), { requires: 'sessionControl' }),
    explode: channel<never>()(z.strictObject({}).optional()),
    notAResult: channel<unknown>()(z.strictObject({}).optional()),
    bigint: channel<unknown>()(z.strictObject({}).optional()),
  },
  events: {
    tick: event<{ n: number }>(),
    other: event<string>(),
  },
});
export type TestContract = typeof testContract;

export const testHandlers: ServiceHandlers<TestContract> = {
  ping: () => ok({ pong: true }),
  add: ({ a, b }) => ok({ sum: a + b }),
  control: () => ok({ done: true }),
  explode: () => {
    throw new Error('kaboom');
  },
  notAResult: () => ({ value: 1 }) as unknown as Result<unknown>,
  bigint: () => ok(10n),
};
