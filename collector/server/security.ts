/**
 * The serving rules of DESIGN.md (Serving and security): loopback by default, a bearer token otherwise, no
 * CORS, strict headers. Pure.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Loopback names and addresses: binding these needs no token. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * A Host header naming a loopback address. A server on loopback checks it so a page from another site whose
 * name was rebound to 127.0.0.1 (DNS rebinding) cannot read the API.
 */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  if (header === undefined) return false;
  const hostname = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(header)?.[1];
  return hostname !== undefined && isLoopback(hostname);
}

/** Checks `Authorization: Bearer <token>` in constant time (digests make the lengths equal). */
export function hasBearer(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

/** The shortest API token accepted: a guessable token on a network port is no protection. */
export const MIN_TOKEN_LENGTH = 16;

/** The UI's policy: its own scripts, styles and API only; no frames, no inline code, no other origins. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every response. No Access-Control-* header: other origins get no CORS access. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=()',
};
