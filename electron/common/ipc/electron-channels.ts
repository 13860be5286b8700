// The Electron IPC channel names the preload and the main process agree on. The contract's channels
// all travel inside these four: `invoke` carries (channel, args) to the dispatcher, `subscribe` and
// `unsubscribe` carry event names, `event` brings (event, payload) back; `reset` tells main that a
// fresh page loaded in that window, so subscriptions of the previous page are dropped.
export const IPC_INVOKE = 'etw:invoke';
export const IPC_SUBSCRIBE = 'etw:subscribe';
export const IPC_UNSUBSCRIBE = 'etw:unsubscribe';
export const IPC_EVENT = 'etw:event';
export const IPC_RESET = 'etw:reset';
