// Hardening of the desktop app's web contents: no navigation away from our renderer, no new
// windows (links open in the system browser only if they are http(s)), no <webview>, no permission
// (camera, notifications...) ever granted, and no request leaves for anything but app:// and
// devtools. Together with contextIsolation + sandbox + the CSP this keeps an elevated app safe from
// whatever a trace file contains.
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-url';

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('app:') || details.url.startsWith('devtools:');
    callback({ cancel: !allowed });
  });
}

export function hardenWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
