import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../platform/http/env.js';

/**
 * After a successful lookup the citizen can move between the tracking pages (status, files, withdraw,
 * correction) without typing the reference and query code again: they are kept, sealed with
 * AES-256-GCM under a key derived from GONGKAI_SECRET_KEY, in a short-lived HttpOnly cookie scoped to
 * /track. The query code never appears in a URL or a page; every action still goes through the use
 * cases, which check the code (and throttle and audit) each time.
 */

export const TRACK_COOKIE = 'gk_track';
export const TRACK_SESSION_MS = 30 * 60 * 1000;

export interface TrackAccess {
  reference: string;
  queryCode: string;
}

const keys = new WeakMap<Buffer, Buffer>();

function keyOf(c: Context<AppEnv>): Buffer {
  const master = c.var.deps.config.secretKey.key;
  let key = keys.get(master);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongkai/track-session', 32));
    keys.set(master, key);
  }
  return key;
}

function seal(c: Context<AppEnv>, payload: object): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(c), iv);
  cipher.setAAD(Buffer.from(TRACK_COOKIE));
  const data = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.');
}

function unseal(c: Context<AppEnv>, value: string): unknown {
  const [iv, tag, data] = value.split('.');
  if (!iv || !tag || !data) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(c), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(TRACK_COOKIE));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const text = Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Remembers access to one application for 30 minutes. */
export function rememberAccess(c: Context<AppEnv>, access: TrackAccess): void {
  const expiresAt = c.var.deps.clock.now().getTime() + TRACK_SESSION_MS;
  setCookie(c, TRACK_COOKIE, seal(c, { r: access.reference, q: access.queryCode, e: expiresAt }), {
    path: '/track',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps.config.cookieSecure,
    maxAge: TRACK_SESSION_MS / 1000,
  });
}

/** The remembered access, or null (none, tampered, or expired). */
export function recallAccess(c: Context<AppEnv>): TrackAccess | null {
  const value = getCookie(c, TRACK_COOKIE);
  if (!value || value.length > 1000) return null;
  const payload = unseal(c, value) as { r?: unknown; q?: unknown; e?: unknown } | null;
  if (
    !payload ||
    typeof payload.r !== 'string' ||
    typeof payload.q !== 'string' ||
    typeof payload.e !== 'number'
  ) {
    return null;
  }
  if (payload.e <= c.var.deps.clock.now().getTime()) return null;
  return { reference: payload.r, queryCode: payload.q };
}

export function forgetAccess(c: Context<AppEnv>): void {
  deleteCookie(c, TRACK_COOKIE, { path: '/track' });
}
