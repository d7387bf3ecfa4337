import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from './platform/http/env.js';
import { createHttpApp } from './platform/http/app.js';
import { loadSiteInfo } from './site/site-info.js';
import { staffRoutes, staffSession } from './staff/staff.routes.js';
import { siteRoutes } from './site/http/site.routes.js';
import { orgPublicRoutes } from './orgs/http/public.routes.js';
import { createApiApp, serveApiDocument } from './platform/http/api.js';
import { registerOrgApi } from './orgs/http/orgs.api.js';
import { catalogStaffRoutes } from './catalog/http/catalog.staff.routes.js';
import { requestsStaffRoutes } from './requests/http/requests.staff.routes.js';
import { catalogPublicRoutes } from './catalog/http/catalog.public.routes.js';
import { registerCatalogApi } from './catalog/http/catalog.api.js';
import { applyPublicRoutes } from './requests/http/apply.public.routes.js';
import { trackPublicRoutes } from './requests/http/track.public.routes.js';
import { supervisionPublicRoutes } from './supervision/http/supervision.public.routes.js';
import { supervisionStaffRoutes } from './supervision/http/supervision.staff.routes.js';
import { reportsPublicRoutes } from './reports/http/reports.public.routes.js';
import { reportsStaffRoutes } from './reports/http/reports.staff.routes.js';

/**
 * The composition root: every context's routes are mounted here and nowhere else, so contexts can be
 * added without touching one another.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const api = createApiApp();
  registerOrgApi(api);
  registerCatalogApi(api);
  serveApiDocument(api, deps.config.publicUrl);
  return createHttpApp(deps, {
    loadSiteInfo,
    beforeCsrf: [staffSession()],
    routes: [
      siteRoutes(),
      catalogPublicRoutes(),
      orgPublicRoutes(),
      applyPublicRoutes(),
      trackPublicRoutes(),
      supervisionPublicRoutes(),
      reportsPublicRoutes(),
      staffRoutes(),
      catalogStaffRoutes(),
      requestsStaffRoutes(),
      supervisionStaffRoutes(),
      reportsStaffRoutes(),
      api,
    ],
  });
}
