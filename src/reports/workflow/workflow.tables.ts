import type { Generated } from 'kysely';

export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'published'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** One organisation's annual report on its way 报送 → 审核 → 公布 (migration 0010). */
export interface AnnualReportSubmissionsTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  scope: 'self' | 'aggregate';
  status: SubmissionStatus;
  /** The report JSON of contracts §3 as confirmed at submission (frozen; never re-derived). */
  report_json: string | null;
  /** The chart figures (ReportStatistics) frozen with it. */
  statistics_json: string | null;
  review_comments: string | null;
  due_on: string | null;
  is_late: Generated<number>;
  submitted_by: number | null;
  submitted_at: string | null;
  returned_by: number | null;
  returned_at: string | null;
  approved_by: number | null;
  approved_at: string | null;
  published_by: number | null;
  published_at: string | null;
  updated_at: string;
}

export interface ReportWorkflowTables {
  annual_report_submissions: AnnualReportSubmissionsTable;
}
