import type { Database } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { computeSupervisionFigures, loadSupervisionSettings } from './compute-figures.js';
import { todayIn } from './supervision-support.js';
import { deleteOutdatedOpenFacts, listSupervisedOrgs, replaceSnapshots } from './supervision.repository.js';
import { trailingYear } from './supervision.rules.js';

/**
 * The daily transparency snapshot: per organisation, answers given in the trailing 12 months, the
 * share on time and the median and 90th-percentile working days, with the minimum-count rule applied
 * before anything is stored (a withheld value is stored as null). Rerunning on the same day replaces
 * that day's rows, so the job is idempotent.
 */
export async function takeTransparencySnapshot(
  database: Database,
  deps: { timeZone: string },
  now: Date,
): Promise<{ snapshotOn: string; organisations: number }> {
  const db = database.db;
  const today = todayIn(now, deps.timeZone);
  const period = trailingYear(today);
  const settings = await loadSupervisionSettings(db);
  const orgs = await listSupervisedOrgs(db, 'all');
  const figures = await computeSupervisionFigures(db, { orgs, period, today, settings });
  await inTransaction(db, (trx) =>
    replaceSnapshots(
      trx,
      today,
      figures.indicators.map((i) => ({
        snapshot_on: today,
        org_id: i.orgId,
        period_from: period.from,
        period_to: period.to,
        answered_count: i.answered,
        on_time_count: i.onTime,
        on_time_rate: i.onTimeRate.value,
        median_days: i.medianAnswerDays.value,
        p90_days: i.p90AnswerDays.value,
        created_at: now.toISOString(),
      })),
    ),
  );
  // Open cases' facts as of earlier days (other than quarters' last days) serve no view any more.
  await deleteOutdatedOpenFacts(db, today);
  return { snapshotOn: today, organisations: orgs.length };
}
