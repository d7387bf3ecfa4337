import { Hono } from 'hono';
import type { AppEnv } from '../platform/http/env.js';
import { staffShellRoutes } from './http/staff.routes.js';
import { staffOrgRoutes } from './orgs/orgs.routes.js';
import { staffUserRoutes } from './users/users.routes.js';
import { staffAuditRoutes } from './audit/audit.routes.js';
import { staffOutboxRoutes } from './outbox/outbox.routes.js';

export { staffSession } from './http/session.middleware.js';

/** Every page of the back office under /staff/; mount after `staffSession()` runs before CSRF. */
export function staffRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/', staffShellRoutes());
  app.route('/', staffOrgRoutes());
  app.route('/', staffUserRoutes());
  app.route('/', staffAuditRoutes());
  app.route('/', staffOutboxRoutes());
  return app;
}
