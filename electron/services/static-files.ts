// Maps a URL path onto a file inside the built renderer (dist/renderer) without ever leaving that
// folder, and names its content type. Used by web mode's HTTP server and the desktop app's app://
// protocol, so both serve exactly the same files the same way.
import { readFile } from 'node:fs/promises';
import { extname, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The file a URL path names inside `root`, or undefined when it would escape `root` or is malformed. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = resolve(root);
  const full = resolve(base, normalize(relative));
  if (full !== base && !full.startsWith(base + sep)) return undefined;
  return full;
}

export async function readStaticFile(
  root: string,
  urlPath: string,
): Promise<{ path: string; body: Buffer; contentType: string } | undefined> {
  const path = resolveStaticPath(root, urlPath);
  if (!path) return undefined;
  try {
    return { path, body: await readFile(path), contentType: contentTypeOf(path) };
  } catch {
    return undefined;
  }
}

export const isHtmlPath = (path: string): boolean => extname(path).toLowerCase() === '.html';
