import type { AppDeps } from './platform/http/env.js';
import { registerMaintenance, scheduleMaintenance } from './platform/maintenance.js';
import { registerCatalogJobs, scheduleCatalogJobs } from './catalog/catalog.jobs.js';
import { registerSupervisionJobs, scheduleSupervisionJobs } from './supervision/supervision.jobs.js';
import { registerRequestJobs, scheduleRequestJobs } from './requests/request-jobs.js';
import { requestDepsOf } from './requests/request-deps.js';
import { registerDraftJobs, scheduleDraftJobs } from './requests/http/draft-files.public.js';

/**
 * Every context's background jobs, registered on the one queue: the composition root for jobs, as
 * server.ts is for routes. Every process registers all of them; whichever claims a job runs it.
 */
export function registerBackgroundJobs(deps: AppDeps): void {
  registerMaintenance(deps.jobs, deps.database);
  registerCatalogJobs(deps.jobs, {
    database: deps.database,
    searchIndex: deps.search,
    timeZone: deps.config.timeZone,
  });
  registerRequestJobs(deps.jobs, { ...requestDepsOf(deps), database: deps.database });
  registerDraftJobs(deps.jobs, { database: deps.database, storage: deps.storage });
  registerSupervisionJobs(deps.jobs, {
    database: deps.database,
    mailer: deps.mailer,
    storage: deps.storage,
    timeZone: deps.config.timeZone,
    publicUrl: deps.config.publicUrl,
    linkCheckAllow: deps.config.linkCheck.allow,
  });
}

/** The recurring schedules (stored in the database, shared by all processes). */
export async function scheduleBackgroundJobs(deps: AppDeps): Promise<void> {
  await scheduleMaintenance(deps.jobs);
  await scheduleCatalogJobs(deps.jobs);
  await scheduleSupervisionJobs(deps.jobs);
  await scheduleRequestJobs(deps.jobs);
  await scheduleDraftJobs(deps.jobs);
}
