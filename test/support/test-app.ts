import type { Hono } from 'hono';
import { loadConfig, type Config } from '../../src/platform/config.js';
import type { AppDeps, AppEnv, HttpLogger } from '../../src/platform/http/env.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createApp } from '../../src/server.js';
import { createJobQueue } from '../../src/platform/jobs/job-queue.js';
import { createMailer } from '../../src/platform/mail/mailer.js';
import { createLocalStorage } from '../../src/platform/storage/index.js';
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
  const deps: AppDeps = { config, database: t.database, clock, logger: silentLogger, jobs, mailer, storage };
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
