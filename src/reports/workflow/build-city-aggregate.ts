import { z } from 'zod';
import { assertCan } from '../../platform/auth/permissions.rules.js';
import type { UseCaseContext } from '../../platform/use-case.js';
import { dateInTimeZone } from '../../calendar/dates.rules.js';
import type { AnnualReport } from '../annual-report.js';
import { withChecks } from '../report-validator.rules.js';
import { deadlineFor, isLate, sumReports, type ReportDeadlines } from './workflow.rules.js';
import {
  listApprovedReportsUnder,
  listSubtreeSubmissions,
  readReportDeadlines,
} from './workflow.repository.js';
import { loadOrgForReport } from './workflow-support.js';
import type { OrgKind } from '../../orgs/orgs.tables.js';

export interface UnitReportStatus {
  orgId: number;
  orgCode: string;
  orgName: string;
  orgKind: string;
  status: string;
  dueOn: string;
  isLate: boolean;
  submittedAt: string | null;
  reviewComments: string | null;
}

export interface ReportingOverview {
  org: { code: string; name: string };
  year: number;
  deadlines: ReportDeadlines;
  /** Every active unit below the organisation, with its status and lateness. */
  units: UnitReportStatus[];
}

export interface CityAggregate extends ReportingOverview {
  /** The sum of the approved (and published) units' frozen reports, with the validator's checks. */
  report: AnnualReport;
  included: UnitReportStatus[];
  /** Units whose report is not approved yet (not submitted, submitted, or returned). */
  missing: UnitReportStatus[];
  late: UnitReportStatus[];
}

const input = z.object({
  orgCode: z.string().trim().min(1),
  year: z.number().int(),
  timeZone: z.string().default('Asia/Shanghai'),
});

/**
 * Where every unit below an organisation stands for a year (the review queue): one query over the
 * organisations with their submissions; lateness against the configured deadlines — a unit that has
 * not submitted is late once the deadline day has passed.
 */
export async function listReportingStatus(
  ctx: UseCaseContext,
  raw: z.input<typeof input>,
): Promise<ReportingOverview & { orgPath: string }> {
  const form = input.parse(raw);
  const db = ctx.database.db;
  const org = await loadOrgForReport(db, form.orgCode);
  assertCan(ctx.principal, 'report.read', { orgPath: org.path });
  const [deadlines, rows] = await Promise.all([
    readReportDeadlines(db, form.year),
    listSubtreeSubmissions(db, org.path, form.year),
  ]);
  const today = dateInTimeZone(ctx.now, form.timeZone);
  const units = rows
    .filter((r) => r.orgId !== org.id)
    .map((r) => {
      const dueOn = r.dueOn ?? deadlineFor(r.orgKind as OrgKind, deadlines);
      const submittedOn = r.submittedAt ? dateInTimeZone(r.submittedAt, form.timeZone) : null;
      return {
        orgId: r.orgId,
        orgCode: r.orgCode,
        orgName: r.orgName,
        orgKind: r.orgKind,
        status: r.status,
        dueOn,
        isLate: isLate({ dueOn, submittedOn, today }),
        submittedAt: r.submittedAt,
        reviewComments: r.reviewComments,
      };
    });
  return { org: { code: org.code, name: org.name }, orgPath: org.path, year: form.year, deadlines, units };
}

/** 汇总: the city's aggregate built from the approved units, with the missing and late ones listed. */
export async function buildCityAggregate(
  ctx: UseCaseContext,
  raw: z.input<typeof input>,
): Promise<CityAggregate> {
  const overview = await listReportingStatus(ctx, raw);
  const rows = await listApprovedReportsUnder(ctx.database.db, overview.orgPath, overview.year);
  const reports = rows.filter((r) => r.report_json).map((r) => JSON.parse(r.report_json!) as AnnualReport);
  const report = withChecks(sumReports(overview.org, overview.year, reports));
  const isIn = (u: UnitReportStatus) => u.status === 'approved' || u.status === 'published';
  const { orgPath: _path, ...rest } = overview;
  return {
    ...rest,
    report,
    included: overview.units.filter(isIn),
    missing: overview.units.filter((u) => !isIn(u)),
    late: overview.units.filter((u) => u.isLate),
  };
}
