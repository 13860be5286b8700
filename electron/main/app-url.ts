// Where the desktop app's renderer lives: the privileged app:// scheme served from dist/renderer
// (app-protocol.ts). Every trust decision in main (IPC sender, navigation) compares against this.
export const APP_SCHEME = 'app';
export const APP_HOST = 'etw-explorer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs of our own renderer, and nothing else (not other app:// hosts, not file://). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
