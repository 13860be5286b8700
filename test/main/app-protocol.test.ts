// The app:// protocol's responses: the renderer's files with the CSP header, nothing outside.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProtocolResponse } from '../../electron/main/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/services/content-security';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etw-protocol-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html>');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('appProtocolResponse', () => {
  it('serves index.html with the CSP', async () => {
    const r = await appProtocolResponse(dir, 'app://etw-explorer/index.html');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await r.text()).toBe('<!doctype html>');
  });

  it('answers 404 outside the folder, for other hosts and for missing files', async () => {
    for (const url of [
      'app://etw-explorer/../../etc/passwd',
      'app://etw-explorer/%2e%2e/%2e%2e/etc/passwd',
      'app://other/index.html',
      'app://etw-explorer/missing.js',
    ]) {
      expect((await appProtocolResponse(dir, url)).status, url).toBe(404);
    }
  });
});

describe('CSP', () => {
  it('allows only our own origin and forbids objects, frames and base changes', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
  });
});
