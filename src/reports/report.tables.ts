import type { Generated } from 'kysely';

/**
 * Annual-report inputs that are not derived from the platform's records (migration 0007). Everything
 * else in the report is a query over applications, appeals and the catalog (derive-annual-report.ts).
 */

/** Section 二 figures from other systems, per organisation per year, each with its source. */
export interface ReportFiguresTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  licensing_decisions: number;
  licensing_source: string | null;
  penalty_decisions: number;
  penalty_source: string | null;
  coercion_decisions: number;
  coercion_source: string | null;
  /** 行政事业性收费 in 分 (integer, exact); the report shows 万元 = 分 / 1,000,000. */
  fees_fen: number | string | bigint;
  fees_source: string | null;
  updated_by: number | null;
  updated_at: string;
}

/** Sections 一 (overview), 五 (problems and improvements) and 六 (other matters), written by the unit. */
export interface ReportNarrativesTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  scope: 'self' | 'aggregate';
  overview: string;
  problems: string;
  other: string;
  updated_by: number | null;
  updated_at: string;
}

/**
 * Table 三's inputs summed per organisation, applicant type, outcome ('' while open), receipt year and
 * closing year (0 while open); kept exactly in step with `applications` by triggers (migration 0012).
 */
export interface ApplicationReportCountsTable {
  org_id: number;
  applicant_type: string;
  outcome: string;
  received_year: number;
  closed_year: number;
  n: number | string | bigint;
}

export interface ReportTables {
  report_figures: ReportFiguresTable;
  report_narratives: ReportNarrativesTable;
  application_report_counts: ApplicationReportCountsTable;
}
