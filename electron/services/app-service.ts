// `app.info`: what the renderer needs to know about the process it talks to (version, platform,
// desktop or web mode, whether live ETW can run and why not, what this connection may do).
import type { CallContext } from '../common/ipc/contract-kit';
import type { AppInfo, LiveEtwStatus } from '../common/ipc/messages';

export interface AppIdentity {
  name: string;
  version: string;
  mode: AppInfo['mode'];
  platform: string;
  arch: string;
  liveEtw: LiveEtwStatus;
}

export interface AppService {
  info(context: CallContext): AppInfo;
}

export function createAppService(identity: AppIdentity): AppService {
  return {
    info: (context) => ({
      ...identity,
      liveEtw: { ...identity.liveEtw },
      sessionControl: context.capabilities.has('sessionControl'),
    }),
  };
}
