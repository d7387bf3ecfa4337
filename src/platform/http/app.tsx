import { Hono, type MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps, AppEnv, SiteInfo } from './env.js';
import { preferences, preferenceRoutes } from './prefs.js';
import { csrfProtection } from './csrf.js';
import { staticRoutes } from './static.js';
import { HTTP_STATUS, errorMessageKey } from './errors.js';
import { AppError, isAppError } from '../errors.js';
import { ErrorPage } from '../ui/layout.js';
import { recordAudit } from '../audit/audit.js';
import { auditActorOf } from '../auth/principal.js';
import { inTransaction } from '../db/transaction.js';
import { requestMetaOf } from './request-meta.js';

/**
 * The largest request body accepted, before anything reads it: public forms carry at most two
 * attachments of 5 MB (the application form), staff forms a catalog attachment of up to 50 MB. A
 * larger body is refused with 413 as soon as its size is known (Content-Length) or, for a chunked
 * upload, as soon as it passes the limit, so no one can make the server buffer an unbounded body.
 */
export const BODY_LIMITS = { public: 12 * 1024 * 1024, staff: 60 * 1024 * 1024 } as const;

const publicBodyLimit = bodyLimit({
  maxSize: BODY_LIMITS.public,
  onError: () => {
    throw new AppError('PAYLOAD_TOO_LARGE', 'Request body too large');
  },
});
const staffBodyLimit = bodyLimit({
  maxSize: BODY_LIMITS.staff,
  onError: () => {
    throw new AppError('PAYLOAD_TOO_LARGE', 'Request body too large');
  },
});

export interface HttpAppParts {
  /** Loads the site facts (name, demo flag) every layout shows. */
  loadSiteInfo: (deps: AppDeps) => Promise<SiteInfo>;
  /** Middleware that runs before CSRF checks, e.g. the staff session (which binds the CSRF token). */
  beforeCsrf?: MiddlewareHandler<AppEnv>[];
  /** Each context's routes, mounted at the root in order. */
  routes: Hono<AppEnv>[];
}

/** The whole HTTP surface: shared middleware, every context's routes, error and 404 pages. */
export function createHttpApp(deps: AppDeps, parts: HttpAppParts): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('staff', undefined);
    const log = deps.logger.child({ requestId: c.var.requestId });
    c.set('log', log);
    const started = performance.now();
    await next();
    // Paths only: query strings and bodies may carry what people typed.
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.get('/healthz', async (c) => {
    try {
      await deps.database.ping();
      return c.json({ status: 'ok', database: 'ok' });
    } catch {
      return c.json({ status: 'error', database: 'unreachable' }, 503);
    }
  });
  app.route('/', staticRoutes());
  app.use(preferences());
  app.use(async (c, next) => {
    c.set('site', await parts.loadSiteInfo(deps));
    await next();
  });
  app.use((c, next) =>
    c.req.path === '/staff' || c.req.path.startsWith('/staff/')
      ? staffBodyLimit(c, next)
      : publicBodyLimit(c, next),
  );
  for (const mw of parts.beforeCsrf ?? []) app.use(mw);
  app.use(csrfProtection());
  app.route('/', preferenceRoutes());
  for (const routes of parts.routes) app.route('/', routes);

  app.notFound((c) => {
    if (!c.get('site')) return c.text('Not found', 404);
    if (c.req.path.startsWith('/api/')) {
      return c.json({ error: { code: 'NOT_FOUND', message: c.var.t('error.NOT_FOUND') } }, 404);
    }
    return c.html(<ErrorPage c={c} status={404} message={c.var.t('error.NOT_FOUND')} />, 404);
  });

  app.onError(async (err, c) => {
    const appError: AppError = isAppError(err)
      ? err
      : err instanceof HTTPException && err.status < 500
        ? new AppError('BAD_REQUEST', err.message)
        : new AppError('INTERNAL', 'Internal error');
    const status = HTTP_STATUS[appError.code];
    const log = c.get('log') ?? deps.logger;
    if (status >= 500) log.error({ err }, 'request failed');
    // Refused access to another organisation's records is itself worth an audit record.
    const staff = c.get('staff');
    if (appError.code === 'FORBIDDEN' && staff) {
      try {
        await inTransaction(deps.database.db, (trx) =>
          recordAudit(
            trx,
            deps.database.dialect,
            auditActorOf(staff.principal, requestMetaOf(c)),
            { action: 'access.denied', entityType: 'route', entityId: `${c.req.method} ${c.req.path}` },
            deps.clock.now(),
          ),
        );
      } catch (auditErr) {
        log.error({ err: auditErr }, 'could not audit a refused access');
      }
    }
    if (appError.code === 'UNAUTHENTICATED' && c.req.method === 'GET' && c.req.path.startsWith('/staff')) {
      return c.redirect(`/staff/login?next=${encodeURIComponent(c.req.path)}`, 303);
    }
    // The translator is missing only when the failure happened before the preferences middleware.
    const t = c.get('t') ?? ((key: string) => key);
    const message = t(errorMessageKey(appError.code));
    if (c.req.path.startsWith('/api/') || !c.get('site')) {
      return c.json(
        { error: { code: appError.code, message, fields: appError.details.fields ?? [] } },
        status,
      );
    }
    return c.html(<ErrorPage c={c} status={status} message={message} />, status);
  });
  return app;
}
