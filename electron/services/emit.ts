// How services push events: a typed emit function (the dispatcher's event hub provides it), so a
// service never knows which transport or how many clients listen.
import type { EventName, PayloadOf } from '../common/ipc/contract-kit';
import type { EtwContract } from '../common/ipc/contract';

export type Emit = <K extends EventName<EtwContract>>(event: K, payload: PayloadOf<EtwContract, K>) => void;
