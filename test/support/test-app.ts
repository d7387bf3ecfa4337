import type { Hono } from 'hono';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { AppDeps, AppEnv, HttpLogger } from '../../src/platform/http/env.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createApp } from '../../src/server.js';
import { createJobQueue } from '../../src/platform/jobs/job-queue.js';
import { createMailer } from '../../src/platform/mail/mailer.js';
import { createLocalStorage } from '../../src/platform/storage/index.js';
import { createSearchIndex } from '../../src/platform/search/search-index.js';
import { registerBackgroundJobs } from '../../src/background-jobs.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

const silentLogger: HttpLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

export interface TestApp extends TestDatabase {
  app: Hono<AppEnv>;
  deps: AppDeps;
  config: Config;
  clock: ReturnType<typeof fixedClock>;
}

/** The whole HTTP app over a fresh test database (SQLite, or PostgreSQL with TEST_DATABASE_URL). */
export async function createTestApp(now = new Date('2026-03-02T02:00:00Z')): Promise<TestApp> {
  const t = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', GONGKAI_DATA_DIR: t.dir, LOG_LEVEL: 'silent' });
  const clock = fixedClock(now);
  // The queue is not started: tests run due jobs explicitly with `deps.jobs.runDue()`.
  const jobs = createJobQueue({ database: t.database, clock });
  const mailer = createMailer({ database: t.database, config, jobs, clock });
  const storage = createLocalStorage(config.storageDir);
  const deps: AppDeps = {
    config,
    database: t.database,
    clock,
    logger: silentLogger,
    jobs,
    mailer,
    storage,
    search: createSearchIndex(t.database),
  };
  // The same jobs as production, so tests can run them with `deps.jobs.runDue()`.
  registerBackgroundJobs(deps);
  return { ...t, app: createApp(deps), deps, config, clock };
}

/** Pulls the CSRF token out of a rendered form and the cookies out of a response, for form posts. */
export function extractCsrf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('No CSRF field in page');
  return m[1];
}

export function cookiesFrom(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A browser-like session for form posts: cookies carried between requests, CSRF token from the last page. */
export interface StaffAgent {
  cookies: string;
  csrf: string;
  /** GET a page with the agent's cookies; remembers new cookies and the page's CSRF token. */
  get(path: string): Promise<{ res: Response; html: string }>;
  /** POST a form (CSRF field added) with the agent's cookies; remembers new cookies. */
  post(path: string, fields: Record<string, string>): Promise<{ res: Response; html: string }>;
}

function mergeCookies(current: string, res: Response): string {
  const jar = new Map<string, string>();
  for (const pair of current.split('; ').filter(Boolean)) {
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  for (const set of res.headers.getSetCookie()) {
    const first = set.split(';')[0] ?? '';
    const eq = first.indexOf('=');
    const name = first.slice(0, eq);
    const value = first.slice(eq + 1);
    if (value === '' || /max-age=0/i.test(set)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** A fresh agent with no cookies yet. */
export function createAgent(t: TestApp): StaffAgent {
  const agent: StaffAgent = {
    cookies: '',
    csrf: '',
    async get(path) {
      const res = await t.app.request(path, { headers: { cookie: agent.cookies } });
      agent.cookies = mergeCookies(agent.cookies, res);
      const html = await res.text();
      const m = /name="_csrf" value="([^"]+)"/.exec(html);
      if (m?.[1]) agent.csrf = m[1];
      return { res, html };
    },
    async post(path, fields) {
      const res = await t.app.request(path, {
        method: 'POST',
        // A browser sends its Origin with a form post; the origin check wants it to be this site's.
        headers: {
          cookie: agent.cookies,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ _csrf: agent.csrf, ...fields }).toString(),
      });
      agent.cookies = mergeCookies(agent.cookies, res);
      const html = await res.text();
      const m = /name="_csrf" value="([^"]+)"/.exec(html);
      if (m?.[1]) agent.csrf = m[1];
      return { res, html };
    },
  };
  return agent;
}

/** Signs a staff member in through /staff/login and returns an agent holding the session. */
export async function logInAs(t: TestApp, username: string, password: string): Promise<StaffAgent> {
  const agent = createAgent(t);
  await agent.get('/staff/login');
  const { res } = await agent.post('/staff/login', { username, password });
  if (res.status !== 303 || !agent.cookies.includes('gk_session=')) {
    throw new Error(`logInAs(${username}) failed with status ${res.status}`);
  }
  // Load a staff page so the agent carries the session's own CSRF token.
  await agent.get('/staff');
  return agent;
}
