import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { loadPublicDirectory } from '../../orgs/http/orgs.public.presenter.js';
import { HomePage } from './home.page.js';

/** The public site's own pages (the home page); each context mounts its public pages itself. */
export function siteRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const directory = await loadPublicDirectory(c.var.deps.database.db);
    return c.html(<HomePage c={c} directory={directory} />);
  });
  return app;
}
