import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Queryable } from '../../platform/db/transaction.js';
import { statutoryDeadlines, type ReportDeadlines } from './workflow.rules.js';
import type {
  AnnualReportSubmissionsTable,
  AnnualReportVersionsTable,
  SubmissionStatus,
} from './workflow.tables.js';

export type SubmissionRow = Selectable<AnnualReportSubmissionsTable>;

export function findSubmission(
  db: Queryable,
  orgId: number,
  year: number,
  scope: 'self' | 'aggregate' = 'self',
): Promise<SubmissionRow | undefined> {
  return db
    .selectFrom('annual_report_submissions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .where('scope', '=', scope)
    .executeTakeFirst();
}

export async function insertSubmission(
  db: Queryable,
  row: Insertable<AnnualReportSubmissionsTable>,
): Promise<number> {
  const { id } = await db
    .insertInto('annual_report_submissions')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Updates only when the row is still in `fromStatus`, so two reviewers cannot both act on it. */
export async function updateSubmissionIfStatus(
  db: Queryable,
  id: number,
  fromStatus: readonly SubmissionStatus[],
  patch: Updateable<AnnualReportSubmissionsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('annual_report_submissions')
    .set(patch)
    .where('id', '=', id)
    .where('status', 'in', [...fromStatus])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface SubmissionWithOrg {
  id: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgKind: string;
  orgPath: string;
  status: string;
  dueOn: string | null;
  isLate: boolean;
  submittedAt: string | null;
  approvedAt: string | null;
  publishedAt: string | null;
  reviewComments: string | null;
}

/** Every organisation of a subtree (active ones) with its submission for the year, if any: one query. */
export async function listSubtreeSubmissions(
  db: Queryable,
  rootPath: string,
  year: number,
): Promise<(Omit<SubmissionWithOrg, 'id'> & { id: number | null })[]> {
  const rows = await db
    .selectFrom('orgs as o')
    .leftJoin('annual_report_submissions as s', (join) =>
      join.onRef('s.org_id', '=', 'o.id').on('s.year', '=', year).on('s.scope', '=', 'self'),
    )
    .select([
      's.id',
      'o.id as org_id',
      'o.code',
      'o.name',
      'o.kind',
      'o.path',
      's.status',
      's.due_on',
      's.is_late',
      's.submitted_at',
      's.approved_at',
      's.published_at',
      's.review_comments',
    ])
    .where('o.path', 'like', `${rootPath}%`)
    .where('o.is_active', '=', 1)
    .orderBy('o.path')
    .execute();
  return rows.map((r) => ({
    id: r.id ?? null,
    orgId: r.org_id,
    orgCode: r.code,
    orgName: r.name,
    orgKind: r.kind,
    orgPath: r.path,
    status: r.status ?? 'draft',
    dueOn: r.due_on ?? null,
    isLate: Number(r.is_late ?? 0) === 1,
    submittedAt: r.submitted_at ?? null,
    approvedAt: r.approved_at ?? null,
    publishedAt: r.published_at ?? null,
    reviewComments: r.review_comments ?? null,
  }));
}

/** The frozen reports of the approved (or published) units of a subtree for a year. */
export function listApprovedReportsUnder(
  db: Queryable,
  rootPath: string,
  year: number,
): Promise<{ org_id: number; report_json: string | null }[]> {
  return db
    .selectFrom('annual_report_submissions as s')
    .innerJoin('orgs as o', 'o.id', 's.org_id')
    .select(['s.org_id', 's.report_json'])
    .where('o.path', 'like', `${rootPath}%`)
    .where('s.year', '=', year)
    .where('s.scope', '=', 'self')
    .where('s.status', 'in', ['approved', 'published'])
    .execute();
}

/**
 * Reports of one organisation that are or were public, newest year first (the public 公开年报 column):
 * the published ones with their current version, and the withdrawn ones awaiting correction.
 */
export function listPublishedReports(
  db: Queryable,
  orgId: number,
): Promise<
  {
    year: number;
    scope: string;
    status: SubmissionStatus;
    version: number;
    published_at: string | null;
    revised_at: string | null;
    withdrawn_at: string | null;
  }[]
> {
  return db
    .selectFrom('annual_report_submissions')
    .select(['year', 'scope', 'status', 'version', 'published_at', 'revised_at', 'withdrawn_at'])
    .where('org_id', '=', orgId)
    .where('status', 'in', ['published', 'withdrawn'])
    .orderBy('year', 'desc')
    .orderBy('scope')
    .execute();
}

/**
 * What the public URL of a report shows: the published report, or the notice of a withdrawn one
 * (the given scope, else `self` before `aggregate`).
 */
export function findPublicReport(
  db: Queryable,
  orgId: number,
  year: number,
  scope?: 'self' | 'aggregate',
): Promise<SubmissionRow | undefined> {
  let q = db
    .selectFrom('annual_report_submissions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .where('status', 'in', ['published', 'withdrawn']);
  if (scope) q = q.where('scope', '=', scope);
  return q.orderBy('scope', 'desc').executeTakeFirst();
}

export type VersionRow = Selectable<AnnualReportVersionsTable>;

/** Keeps a newly published version exactly as the public sees it. */
export async function insertVersion(
  db: Queryable,
  row: Insertable<AnnualReportVersionsTable>,
): Promise<void> {
  await db.insertInto('annual_report_versions').values(row).execute();
}

/** Records on a version when, by whom and why it was withdrawn. */
export async function markVersionWithdrawn(
  db: Queryable,
  submissionId: number,
  version: number,
  withdrawal: { withdrawn_by: number | null; withdrawn_at: string; withdrawal_reason: string },
): Promise<void> {
  await db
    .updateTable('annual_report_versions')
    .set(withdrawal)
    .where('submission_id', '=', submissionId)
    .where('version', '=', version)
    .execute();
}

/** Every published version of a report, oldest first. */
export function listVersions(db: Queryable, submissionId: number): Promise<VersionRow[]> {
  return db
    .selectFrom('annual_report_versions')
    .selectAll()
    .where('submission_id', '=', submissionId)
    .orderBy('version')
    .execute();
}

export function findVersion(
  db: Queryable,
  submissionId: number,
  version: number,
): Promise<VersionRow | undefined> {
  return db
    .selectFrom('annual_report_versions')
    .selectAll()
    .where('submission_id', '=', submissionId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** A published report of one organisation and year: the given scope, else `self` before `aggregate`. */
export function findPublishedReport(
  db: Queryable,
  orgId: number,
  year: number,
  scope?: 'self' | 'aggregate',
): Promise<SubmissionRow | undefined> {
  let q = db
    .selectFrom('annual_report_submissions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .where('status', '=', 'published');
  if (scope) q = q.where('scope', '=', scope);
  return q.orderBy('scope', 'desc').executeTakeFirst();
}

const deadlineKey = (year: number) => `reports.deadlines.${year}`;

/** The deadlines configured for a report year (the statutory ones when none were set). */
export async function readReportDeadlines(db: Queryable, year: number): Promise<ReportDeadlines> {
  const row = await db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', deadlineKey(year))
    .executeTakeFirst();
  const fallback = statutoryDeadlines(year);
  if (!row) return fallback;
  const value = JSON.parse(row.value_json) as Partial<ReportDeadlines>;
  return { units: value.units ?? fallback.units, governments: value.governments ?? fallback.governments };
}

export async function saveReportDeadlines(
  db: Queryable,
  year: number,
  deadlines: ReportDeadlines,
  at: string,
): Promise<void> {
  const value_json = JSON.stringify(deadlines);
  const updated = await db
    .updateTable('settings')
    .set({ value_json, updated_at: at })
    .where('key', '=', deadlineKey(year))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    await db
      .insertInto('settings')
      .values({ key: deadlineKey(year), value_json, updated_at: at })
      .execute();
}
