// How the UI words "live ETW is unavailable", from app.info's verdict: another OS reads as
// "Live ETW needs Windows"; a missing or broken addon shows the loader's reason.
import type { AppInfo } from '@common/ipc/messages';
import { platformName, sentence } from './format';

export function liveUnavailableTitle(info: AppInfo): string {
  return info.liveEtw.code === 'UNSUPPORTED_PLATFORM'
    ? 'Live ETW needs Windows.'
    : 'Live ETW is unavailable.';
}

export function liveUnavailableDetail(info: AppInfo): string {
  if (info.liveEtw.code === 'UNSUPPORTED_PLATFORM')
    return `This machine runs ${platformName(info.platform)}.`;
  return `${sentence(info.liveEtw.reason ?? 'the native ETW addon could not be used')}.`;
}
