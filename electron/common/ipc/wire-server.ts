// The server end of the wire protocol (wire.ts): one dispatcher Connection per socket. Every
// incoming message is untrusted text: it is parsed and checked before anything runs, and a bad one
// gets an error message back without closing the connection. Closing the socket drops every
// subscription of that connection.
import { z } from 'zod';
import { err, type Result } from '../result';
import type { Capability, ContractShape } from './contract-kit';
import type { Dispatcher } from './dispatcher';
import type { ClientMessage, ServerMessage, TextSocket } from './wire';

const clientMessageSchema: z.ZodType<ClientMessage> = z.discriminatedUnion('t', [
  z.strictObject({
    t: z.literal('invoke'),
    id: z.int().min(0),
    channel: z.string().max(256),
    args: z.unknown().optional(),
  }),
  z.strictObject({ t: z.literal('sub'), event: z.string().max(256) }),
  z.strictObject({ t: z.literal('unsub'), event: z.string().max(256) }),
]);

export function serveWire<C extends ContractShape>(
  socket: TextSocket,
  dispatcher: Dispatcher<C>,
  capabilities: ReadonlySet<Capability>,
): { close(): void } {
  let open = true;
  const send = (message: ServerMessage) => {
    if (!open) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (e) {
      // A value JSON cannot carry (bigint, cycle) is a bug in a service: say so instead of dropping it.
      const problem = err(
        'INTERNAL',
        `reply cannot be encoded: ${e instanceof Error ? e.message : String(e)}`,
      );
      if (message.t === 'result') text = JSON.stringify({ t: 'result', id: message.id, result: problem });
      else text = JSON.stringify({ t: 'error', error: problem.ok ? undefined : problem.error });
    }
    socket.send(text);
  };
  const connection = dispatcher.connect({
    capabilities,
    push: (event, payload) => send({ t: 'event', event, payload }),
  });

  const protocolError = (message: string) => send({ t: 'error', error: { code: 'BAD_REQUEST', message } });

  const offMessage = socket.onMessage((text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      protocolError('message is not JSON');
      return;
    }
    const parsed = clientMessageSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      protocolError(
        `malformed message${issue ? ` at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : ''}`,
      );
      return;
    }
    const message = parsed.data;
    switch (message.t) {
      case 'invoke':
        void connection
          .invoke(message.channel, message.args)
          .then((result: Result<unknown>) => send({ t: 'result', id: message.id, result }));
        break;
      case 'sub': {
        const result = connection.subscribe(message.event);
        if (!result.ok) send({ t: 'error', error: result.error });
        break;
      }
      case 'unsub':
        connection.unsubscribe(message.event);
        break;
    }
  });

  const close = () => {
    if (!open) return;
    open = false;
    offMessage();
    offClose();
    connection.close();
  };
  const offClose = socket.onClose(close);
  return { close };
}
