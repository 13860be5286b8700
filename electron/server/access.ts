// Who may talk to web mode: the per-run token (in the printed link, checked on the HTML page and the
// WebSocket upgrade, compared in constant time), the Host header (a fixed list on loopback, which
// defeats DNS rebinding) and the Origin of WebSocket upgrades (our own page only).
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface AccessPolicy {
  token: string;
  /** Accepted Host header values ("127.0.0.1:5183"); undefined = any host (--allow-remote). */
  allowedHosts?: ReadonlySet<string>;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(policy: AccessPolicy, candidate: string | null | undefined): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(policy.token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hostAllowed(policy: AccessPolicy, host: string | undefined): boolean {
  if (!host) return false;
  return policy.allowedHosts ? policy.allowedHosts.has(host.toLowerCase()) : true;
}

/** A WebSocket may only be opened by a page served from the very host the browser is talking to. */
export function originAllowed(host: string | undefined, origin: string | undefined): boolean {
  if (!host || !origin) return false;
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

/** Host header values a loopback server answers to. */
export function loopbackHosts(host: string, port: number): Set<string> {
  const names = host === '::1' ? ['[::1]', 'localhost'] : [host, 'localhost', '127.0.0.1'];
  return new Set(names.map((n) => `${n}:${port}`.toLowerCase()));
}
