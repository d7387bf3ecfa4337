import type { Generated } from 'kysely';

/** `withdrawn`: a published report taken down with a reason, to be corrected and published again (0012). */
export const SUBMISSION_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'published',
  'withdrawn',
] as const;
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
  /** When the report first appeared in public; a revision never moves it (see `revised_at`). */
  published_at: string | null;
  updated_at: string;
  /** The number of the version now public (or last public, while withdrawn); 0 before the first (0012). */
  version: Generated<number>;
  /** When the current version (2 or later) was published. */
  revised_at: string | null;
  /** The pending withdrawal of the last published version, cleared when a new version is published. */
  withdrawn_at: string | null;
  withdrawn_by: number | null;
  withdrawal_reason: string | null;
}

/** Every version of a report that was ever public, exactly as published (migration 0012). */
export interface AnnualReportVersionsTable {
  id: Generated<number>;
  submission_id: number;
  version: number;
  report_json: string;
  statistics_json: string | null;
  published_by: number | null;
  published_at: string;
  withdrawn_by: number | null;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
}

export interface ReportWorkflowTables {
  annual_report_submissions: AnnualReportSubmissionsTable;
  annual_report_versions: AnnualReportVersionsTable;
}
