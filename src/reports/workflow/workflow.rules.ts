import type { OrgKind } from '../../orgs/orgs.tables.js';
import {
  APPEAL_FIELDS,
  APPEAL_KINDS,
  APPLICATION_ROWS,
  addCounts,
  emptyReport,
  type AnnualReport,
} from '../annual-report.js';
import type { SubmissionStatus } from './workflow.tables.js';

/**
 * Pure rules of online reporting (报送 → 审核 → 公布): deadlines, lateness, the allowed steps, and the
 * city's aggregate as the sum of its units' frozen reports.
 */

/** Deadlines for one report year, as `YYYY-MM-DD` in the office time zone. */
export interface ReportDeadlines {
  /** 部门 and 镇街: 条例第四十九条 "每年1月31日前" (to the 主管部门). */
  units: string;
  /** 县级以上地方人民政府: 条例第四十九条 "每年3月31日前". */
  governments: string;
}

/** The statutory deadlines for reports on `year` (both fall in the following year). */
export function statutoryDeadlines(year: number): ReportDeadlines {
  return { units: `${year + 1}-01-31`, governments: `${year + 1}-03-31` };
}

/** The deadline that applies to an organisation of `kind`. */
export function deadlineFor(kind: OrgKind, deadlines: ReportDeadlines): string {
  return kind === 'government' ? deadlines.governments : deadlines.units;
}

/**
 * Late: submitted after the deadline day, or not yet submitted when the deadline day has passed.
 * The deadline day itself is still on time ("1月31日前" is read as "by the end of 31 January").
 */
export function isLate(input: { dueOn: string; submittedOn: string | null; today: string }): boolean {
  if (input.submittedOn) return input.submittedOn > input.dueOn;
  return input.today > input.dueOn;
}

/** The steps of the workflow and the statuses each may start from. */
export const WORKFLOW_STEPS = {
  submit: ['draft', 'returned', 'withdrawn'],
  return: ['submitted', 'approved'],
  approve: ['submitted'],
  publish: ['approved'],
  withdraw: ['published'],
} as const satisfies Record<string, readonly SubmissionStatus[]>;
export type WorkflowStep = keyof typeof WORKFLOW_STEPS;

export function canTake(step: WorkflowStep, status: SubmissionStatus | null): boolean {
  return (WORKFLOW_STEPS[step] as readonly string[]).includes(status ?? 'draft');
}

/**
 * Whether the unit may still change the figures and narrative behind its report: before it is
 * submitted, when it was returned, and when the published report was withdrawn to be corrected.
 */
export function isEditable(status: SubmissionStatus | null): boolean {
  return status === null || status === 'draft' || status === 'returned' || status === 'withdrawn';
}

/**
 * The aggregate of several units' reports: every figure of sections 二, 三 and 四 summed (the fee amount
 * kept to four decimals of 万元), the narrative left empty for the government to write. Checks are
 * not filled here; the caller runs the validator on the sum.
 */
export function sumReports(
  org: { code: string; name: string },
  year: number,
  reports: readonly AnnualReport[],
): AnnualReport {
  const sum = emptyReport(org, year, 'aggregate');
  for (const r of reports) {
    for (const row of APPLICATION_ROWS)
      sum.applications.rows[row] = addCounts(sum.applications.rows[row], r.applications.rows[row]);
    for (const kind of APPEAL_KINDS)
      for (const field of APPEAL_FIELDS) sum.appeals[kind][field] += r.appeals[kind][field];
    const p = sum.proactive;
    for (const k of ['regulations', 'normativeDocuments'] as const) {
      p[k].issued += r.proactive[k].issued;
      p[k].abolished += r.proactive[k].abolished;
      p[k].valid += r.proactive[k].valid;
    }
    for (const k of ['licensing', 'penalty', 'coercion'] as const) p[k].decisions += r.proactive[k].decisions;
    p.fees.amountWanYuan =
      Math.round((p.fees.amountWanYuan + r.proactive.fees.amountWanYuan) * 10_000) / 10_000;
  }
  return sum;
}
