import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './env.js';
import { AppError } from '../errors.js';

export const CSRF_FIELD = '_csrf';
const COOKIE = 'gk_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Defence in depth beside the token: a post whose Origin names another site is refused. A missing
 * Origin is allowed (some privacy tools strip it); the token still has to match.
 */
export function isSameOriginOrUnstated(
  origin: string | undefined,
  requestUrl: string,
  publicUrl: string,
): boolean {
  if (!origin) return true;
  return origin === new URL(requestUrl).origin || origin === new URL(publicUrl).origin;
}

/**
 * Synchroniser tokens on every form. A signed-in staff member's token is bound to the session (set by
 * the session middleware before this one); anyone else gets a random token in an HttpOnly cookie and
 * must echo it in the `_csrf` field (or `X-CSRF-Token` header). Runs after the session middleware.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let expected = c.var.staff?.csrfToken ?? getCookie(c, COOKIE);
    if (!expected) {
      expected = randomBytes(24).toString('base64url');
      setCookie(c, COOKIE, expected, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: c.var.deps.config.cookieSecure,
      });
    }
    c.set('csrfToken', expected);
    if (UNSAFE.has(c.req.method)) {
      if (!isSameOriginOrUnstated(c.req.header('origin'), c.req.url, c.var.deps.config.publicUrl)) {
        throw new AppError('CSRF', 'Cross-origin form post');
      }
      let presented = c.req.header('x-csrf-token');
      const type = c.req.header('content-type') ?? '';
      if (!presented && (type.includes('form-urlencoded') || type.includes('multipart/form-data'))) {
        // parseBody caches the parsed body, so handlers can read it again.
        const body = await c.req.parseBody();
        const field = body[CSRF_FIELD];
        presented = typeof field === 'string' ? field : undefined;
      }
      if (!presented || !sameToken(presented, expected)) {
        throw new AppError('CSRF', 'Missing or invalid CSRF token');
      }
    }
    await next();
  };
}
