// Serves the renderer over app://etw-explorer/ (a standard, secure scheme) instead of file://, so
// the page has a real origin, gets the Content-Security-Policy header, and cannot read other files:
// paths are confined to dist/renderer (services/static-files.ts).
import type { Protocol } from 'electron';
import { SECURITY_HEADERS } from '../services/content-security';
import { readStaticFile } from '../services/static-files';
import { APP_HOST, APP_SCHEME } from './app-url';

/** Must run before app 'ready'. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** The response for one app:// request (exported for tests: no Electron needed). */
export async function appProtocolResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
  const file = await readStaticFile(rendererDir, url.pathname);
  if (!file) return new Response('not found', { status: 404 });
  return new Response(new Uint8Array(file.body), {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
  });
}

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, request.url));
}
