import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError } from '../../platform/errors.js';
import { findSession } from '../../platform/auth/sessions.js';
import type { StaffContext } from './staff-context.js';

export const SESSION_COOKIE = 'gk_session';

/** Paths a visitor may open without signing in. */
const PUBLIC_STAFF_PATHS = new Set(['/staff/login']);
/** Paths a user who must change their password may still use. */
export const CHANGE_PASSWORD_PATH = '/staff/password';
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([
  CHANGE_PASSWORD_PATH,
  '/staff/logout',
  '/staff/logout-everywhere',
]);

export function isStaffPath(path: string): boolean {
  return path === '/staff' || path.startsWith('/staff/');
}

/** The session cookie: HttpOnly, SameSite=Lax, Secure when served over HTTPS; no Max-Age (ends with the browser). */
export function setSessionCookie(c: StaffContext, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps.config.cookieSecure,
  });
}

export function clearSessionCookie(c: StaffContext): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: c.var.deps.config.cookieSecure });
}

/**
 * Binds the signed-in staff member to /staff requests (`c.var.staff`). It runs before the CSRF check,
 * so a signed-in member's forms carry the session's own CSRF token. Every /staff page except the login
 * page requires a session: without one, the error handler sends a GET to the login page with `next`.
 * Someone who must change their password is sent to that page before anything else.
 */
export function staffSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    if (!isStaffPath(path)) return next();
    const token = getCookie(c, SESSION_COOKIE);
    const { deps } = c.var;
    const found = token
      ? await findSession(deps.database, token, deps.clock.now(), deps.config.session)
      : null;
    if (found && token) {
      c.set('staff', {
        token,
        csrfToken: found.session.csrfToken,
        user: {
          id: found.user.id,
          username: found.user.username,
          displayName: found.user.displayName,
          mustChangePassword: found.user.mustChangePassword,
        },
        principal: found.principal,
      });
    } else if (token) {
      clearSessionCookie(c);
    }
    if (PUBLIC_STAFF_PATHS.has(path)) return next();
    if (!found) throw new AppError('UNAUTHENTICATED', 'Not signed in');
    if (found.user.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(path)) {
      return c.redirect(CHANGE_PASSWORD_PATH, 303);
    }
    return next();
  };
}
