// Web mode's export downloads: GET /download/<id>?token=<the page's token> sends a finished export
// (export-service.ts registers it under a random id) as an attachment, once — the id is forgotten
// when it is handed out, and a temporary export is deleted once sent. Everything else the server
// checks (Host) happened before; this adds the token, the id's shape and the method.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../services/content-security';
import { DOWNLOAD_PATH_PREFIX, type ExportDownload } from '../services/export-service';
import { tokenMatches, type AccessPolicy } from './access';

export { DOWNLOAD_PATH_PREFIX };

/** Where finished exports come from (the export service). */
export interface DownloadSource {
  takeDownload(downloadId: string): ExportDownload | undefined;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

export function sendDownload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  policy: AccessPolicy,
  source: DownloadSource | undefined,
): void {
  if (!tokenMatches(policy, url.searchParams.get('token')))
    return text(res, 403, 'this download needs the token of the page that asked for it\n');
  if (req.method !== 'GET') return text(res, 405, 'downloads are fetched with GET, once\n');
  const id = url.pathname.slice(DOWNLOAD_PATH_PREFIX.length);
  const download = ID.test(id) ? source?.takeDownload(id) : undefined;
  if (!download) return text(res, 404, 'no such download (each export can be downloaded once)\n');
  let size: number;
  try {
    size = statSync(download.path).size;
  } catch {
    download.release();
    return text(res, 404, 'the exported file is gone\n');
  }
  const extension = download.fileName.slice(download.fileName.lastIndexOf('.') + 1).toLowerCase();
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
    'Content-Length': size,
    'Content-Disposition': contentDisposition(download.fileName),
    'Cache-Control': 'no-store',
  });
  const stream = createReadStream(download.path);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    download.release();
  };
  stream.on('error', () => {
    res.destroy();
    release();
  });
  stream.on('close', release);
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
