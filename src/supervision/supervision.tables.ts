import type { Generated } from 'kysely';

/**
 * Electronic supervision (电子监察), migration 0009. Conventions as everywhere: instants ISO-8601 UTC
 * text, dates `YYYY-MM-DD` in the office time zone, flags integer 0/1, structured values JSON text.
 * Nothing here holds applicants' personal data: results carry organisations, counts and references.
 */

/** Thresholds staff change (alerts, minimum counts, website checks), one JSON value per key. */
export interface SupervisionSettingsTable {
  key: string;
  value_json: string;
  updated_by: number | null;
  updated_at: string;
}

/** Per column: what kind of column it is for the website check, its freshness limit, whether required. */
export interface SupervisionColumnRulesTable {
  column_id: number;
  /** `news` (动态、要闻), `notice` (通知公告), `policy` (政策文件), `other`. */
  category: string;
  /** Days without a new item before the column counts as not updated; null: never stale. */
  max_age_days: number | null;
  /** Every organisation must keep this city-wide column filled (an empty one is a finding). */
  is_required: number;
  updated_by: number | null;
  updated_at: string;
}

/** One quarter's supervision results: generated, reviewed and published by the city office. */
export interface SupervisionQuartersTable {
  id: Generated<number>;
  /** `2026-Q1`. */
  quarter: string;
  period_from: string;
  period_to: string;
  status: 'draft' | 'reviewed' | 'published';
  /** The rules the figures were computed with, stated on the published page. */
  rules_json: string;
  /** Per organisation figures, ranking and findings (no personal data). */
  results_json: string;
  generated_at: string;
  generated_by: number | null;
  reviewed_at: string | null;
  reviewed_by: number | null;
  review_note: string | null;
  published_at: string | null;
  published_by: number | null;
}

/** The daily transparency figures per organisation (the public page reads the latest day). */
export interface SupervisionSnapshotsTable {
  id: Generated<number>;
  snapshot_on: string;
  org_id: number;
  period_from: string;
  period_to: string;
  answered_count: number;
  on_time_count: number;
  /** Null when hidden by the minimum-count rule. */
  on_time_rate: number | null;
  median_days: number | null;
  p90_days: number | null;
  created_at: string;
}

/** One run of the website checks. */
export interface SupervisionCheckRunsTable {
  id: Generated<number>;
  checked_on: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'done' | 'failed';
  /** `schedule` or the user id who started it. */
  triggered_by: string;
  links_checked: number;
  /** The thresholds used, JSON. */
  settings_json: string;
}

/** One organisation's result in a website-check run. */
export interface SupervisionCheckResultsTable {
  id: Generated<number>;
  run_id: number;
  org_id: number;
  is_veto: number;
  /** Veto reasons (`columns_not_updated`, `empty_columns`, `site_not_updated`), JSON array. */
  veto_json: string;
  stale_columns: number;
  empty_columns: number;
  undated_items: number;
  broken_links: number;
  missing_attachments: number;
  score: number;
  /** The findings behind the counts, JSON. */
  details_json: string;
}

/** Assessment (考核) configurations: every save is a new row; the newest is in force. */
export interface SupervisionAssessmentConfigsTable {
  id: Generated<number>;
  /** `[{ key, weight, penalty }]`, JSON. */
  indicators_json: string;
  created_by: number | null;
  created_at: string;
}

export interface SupervisionAssessmentScoresTable {
  id: Generated<number>;
  config_id: number;
  /** `2026-Q1`. */
  period_key: string;
  org_id: number;
  score: number | null;
  rank: number | null;
  details_json: string;
  computed_at: string;
}

/** Every alert mail queued, once: the unique key is what makes the alert job idempotent. */
export interface SupervisionAlertsTable {
  id: Generated<number>;
  /** `handler:{userId}:{date}`, `head:{userId}:{orgId}:{date}`, `city:{userId}:{week}`, `escalation:{appId}:{userId}`. */
  alert_key: string;
  kind: 'handler' | 'head' | 'city' | 'escalation';
  recipient_user_id: number;
  org_id: number | null;
  application_id: number | null;
  outbox_id: number | null;
  created_at: string;
}

/** Migration 0014: an application's supervision facts, derived from its log (see the migration). */
export interface SupervisionCaseFactsTable {
  application_id: number;
  /** '' for a closed case's settled facts; a date for an open case's facts as of that day. */
  as_of: string;
  /** The calendar (and, for open cases, the due-soon threshold) the facts were derived with. */
  basis: string;
  /** The log's length when derived; a longer log makes the row stale. */
  event_count: number;
  org_id: number;
  received_on: string;
  closed_on: string | null;
  is_open: number;
  is_due_soon: number;
  is_overdue: number;
  is_answered: number;
  is_answered_late: number;
  answer_working_days: number | null;
  correction_requested_on: string | null;
  is_correction_late: number;
  /** Comma-separated ends of consultation windows that ran out; '' for none. */
  consultation_window_ends: string;
}

export interface SupervisionTables {
  supervision_settings: SupervisionSettingsTable;
  supervision_column_rules: SupervisionColumnRulesTable;
  supervision_quarters: SupervisionQuartersTable;
  supervision_snapshots: SupervisionSnapshotsTable;
  supervision_check_runs: SupervisionCheckRunsTable;
  supervision_check_results: SupervisionCheckResultsTable;
  supervision_assessment_configs: SupervisionAssessmentConfigsTable;
  supervision_assessment_scores: SupervisionAssessmentScoresTable;
  supervision_alerts: SupervisionAlertsTable;
  supervision_case_facts: SupervisionCaseFactsTable;
}
