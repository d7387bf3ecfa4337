import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Config } from './platform/config.js';
import { openConfiguredDatabase, type Database } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { createLogger, type Logger } from './platform/logger.js';
import { systemClock, type Clock } from './platform/clock.js';
import { createJobQueue } from './platform/jobs/job-queue.js';
import { createMailer } from './platform/mail/mailer.js';
import { createLocalStorage } from './platform/storage/index.js';
import type { AppDeps } from './platform/http/env.js';
import { createApp } from './server.js';
import { createSearchIndex } from './platform/search/search-index.js';
import { registerBackgroundJobs, scheduleBackgroundJobs } from './background-jobs.js';

/** Builds every long-lived dependency once; the HTTP app, the CLI and the jobs share them. */
export function buildDeps(
  config: Config,
  database: Database,
  logger: Logger,
  clock: Clock = systemClock,
): AppDeps {
  const jobs = createJobQueue({
    database,
    clock,
    logger: logger.child({ component: 'jobs' }),
    pollMs: config.jobs.pollMs,
  });
  const mailer = createMailer({ database, config, jobs, clock, logger: logger.child({ component: 'mail' }) });
  const storage = createLocalStorage(config.storageDir);
  const deps: AppDeps = {
    config,
    database,
    clock,
    logger,
    jobs,
    mailer,
    storage,
    search: createSearchIndex(database),
  };
  registerBackgroundJobs(deps);
  return deps;
}

export interface RunningPlatform {
  deps: AppDeps;
  url: string;
  /** Stops taking requests, lets requests and jobs in flight finish, then closes the database. */
  stop(): Promise<void>;
}

/** Runs the platform: migrations, HTTP server, job worker. Never loads demo data. */
export async function startPlatform(
  config: Config,
  options: { port?: number } = {},
): Promise<RunningPlatform> {
  const logger = createLogger(config);
  const database = openConfiguredDatabase(config);
  const { applied } = await migrateToLatest(database);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const deps = buildDeps(config, database, logger);
  const app = createApp(deps);
  const port = options.port ?? config.port;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: config.host }, () => resolve(s as Server));
    s.once('error', reject);
  });
  if (config.jobs.enabled) {
    await scheduleBackgroundJobs(deps);
    deps.jobs.start();
  }
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const loopback = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(config.host);
  const url = `http://${loopback ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host}:${actualPort}`;
  logger.info({ url, database: database.target.kind }, 'Gongkai is listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info({}, 'shutting down: finishing requests and jobs in flight');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await deps.jobs.stop();
      deps.mailer.close();
      await database.close();
      logger.info({}, 'stopped');
    })());
  return { deps, url, stop };
}

/** Stops gracefully on SIGTERM/SIGINT; a second signal exits at once. */
export function stopOnSignals(platform: RunningPlatform): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(1);
    signalled = true;
    platform.deps.logger.info({ signal }, 'signal received');
    platform.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        platform.deps.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
