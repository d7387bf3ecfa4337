import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError } from '../../platform/errors.js';
import { ORG_CODE_PATTERN } from '../org.rules.js';
import { buildGuide } from '../guide.js';
import { findPublicOrg, loadPublicDirectory, type PublicOrgPage } from './orgs.public.presenter.js';
import { DirectoryPage } from './directory.public.page.js';
import { GuidePage } from './guide.public.page.js';
import { AnnualReportsPage, ColumnHomePage, RulesPage, StatutoryPage } from './column.public.page.js';

const orgParams = z.object({ code: z.string().regex(ORG_CODE_PATTERN) });

/** Parses the organisation code and loads what the public may see of it; anything else is a 404. */
async function loadOrgPage(c: Context<AppEnv>): Promise<PublicOrgPage> {
  const parsed = orgParams.safeParse({ code: c.req.param('code') });
  const page = parsed.success ? await findPublicOrg(c.var.deps.database.db, parsed.data.code) : undefined;
  if (!page) throw new AppError('NOT_FOUND', 'No such organisation');
  return page;
}

/** The public 政府信息公开 pages: the directory and each organisation's column (style.md §21 URLs). */
export function orgPublicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/xxgk', async (c) => {
    const directory = await loadPublicDirectory(c.var.deps.database.db);
    return c.html(<DirectoryPage c={c} directory={directory} />);
  });

  app.get('/xxgk/:code', async (c) => {
    const page = await loadOrgPage(c);
    return c.html(<ColumnHomePage c={c} page={page} />);
  });

  app.get('/xxgk/:code/guide', async (c) => {
    const page = await loadOrgPage(c);
    return c.html(<GuidePage c={c} page={page} guide={buildGuide(page.org, page.ancestors)} />);
  });

  app.get('/xxgk/:code/rules', async (c) => {
    const page = await loadOrgPage(c);
    return c.html(<RulesPage c={c} page={page} />);
  });

  app.get('/xxgk/:code/statutory', async (c) => {
    const page = await loadOrgPage(c);
    return c.html(<StatutoryPage c={c} page={page} guide={buildGuide(page.org, page.ancestors)} />);
  });

  app.get('/xxgk/:code/annual-reports', async (c) => {
    const page = await loadOrgPage(c);
    return c.html(<AnnualReportsPage c={c} page={page} />);
  });

  return app;
}
