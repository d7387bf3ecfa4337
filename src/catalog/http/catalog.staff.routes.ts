import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { catalogTaxonomyRoutes } from './taxonomy.staff.routes.js';
import { catalogItemRoutes } from './items.staff.routes.js';
import './catalog.staff.messages.js';

/** The catalog back office (信息发布) under /staff/catalog; mounted after the staff session middleware. */
export function catalogStaffRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route('/', catalogTaxonomyRoutes());
  app.route('/', catalogItemRoutes());
  return app;
}
