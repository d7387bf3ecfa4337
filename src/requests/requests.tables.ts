import type { Generated } from 'kysely';

/**
 * 依申请公开 tables. An application is its event log (`application_events`); the status, outcome and
 * date columns of `applications` are a cache written only by `refreshApplicationState`
 * (application-cache.ts) from `deriveApplicationState` of the events.
 */
export interface ApplicationsTable {
  id: Generated<number>;
  /** The organisation holding the application (after 转办, the receiving one), or that answered it. */
  org_id: number;
  /** Human-friendly and unique: `DG-2026-000123`. */
  reference: string;
  /** sha256 of the query code; the code itself is shown to the applicant once and never stored. */
  query_code_hash: string;
  /** sha256 of the online form's one-time token (double submits return the first application). */
  client_token_hash: string | null;
  channel: string;
  submitted_at: string;
  received_on: string;
  applicant_type: string;
  description: string;
  /** 文号 of the document asked for. */
  doc_number: string | null;
  /** Name of the document asked for. */
  doc_title: string | null;
  purpose: string | null;
  delivery_form: string;
  delivery_method: string;
  /** 条例第二十九条: an oral application written down by staff on the applicant's behalf. */
  is_oral: Generated<number>;
  handler_user_id: number | null;
  registered_by: number | null;
  /** 条例第三十五条: the applicant's count this month passed the configured threshold. */
  is_volume_flagged: Generated<number>;
  status: string;
  outcome: string | null;
  due_on: string | null;
  is_overdue: Generated<number>;
  closed_on: string | null;
  is_provisional: Generated<number>;
  last_event_on: string;
  /** The office-time-zone date the cache was computed on (`overdue` depends on it). */
  state_computed_on: string;
  event_count: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ApplicantsTable {
  id: Generated<number>;
  application_id: number;
  name: string;
  id_type: string | null;
  /** AES-256-GCM ciphertext (applicant-crypto.ts); never read outside the reveal use case. */
  id_number_enc: string | null;
  id_number_masked: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  /** Keyed HMAC of the ID number or unified social credit code: one applicant across applications. */
  identity_hmac: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  org_name: string | null;
  credit_code: string | null;
  contact_person: string | null;
  created_at: string;
}

/** Append-only: rows are inserted, never updated or deleted. */
export interface ApplicationEventsTable {
  id: Generated<number>;
  application_id: number;
  /** 1, 2, 3, … per application: the order of the log. */
  seq: number;
  type: string;
  /** The event's date in the office time zone (`on` in the interchange format). */
  on_date: string;
  /** The event's other fields (interchange names), JSON. */
  payload_json: string;
  actor_user_id: number | null;
  actor_label: string;
  created_at: string;
}

export const APPLICATION_FILE_KINDS = [
  'id_copy',
  'power_of_attorney',
  'paper_scan',
  'correction',
  'released',
  'letter',
  'delivery_proof',
] as const;
export type ApplicationFileKind = (typeof APPLICATION_FILE_KINDS)[number];
/** Kinds the applicant sees on the tracking page. */
export const PUBLIC_FILE_KINDS: readonly ApplicationFileKind[] = ['released', 'letter'];

export interface ApplicationFilesTable {
  id: Generated<number>;
  application_id: number;
  event_id: number | null;
  kind: ApplicationFileKind;
  storage_key: string;
  name: string;
  content_type: string;
  size: number | null;
  created_by: number | null;
  created_at: string;
}

export interface ApplicationAppealsTable {
  id: Generated<number>;
  application_id: number;
  kind: string;
  filed_on: string;
  body: string;
  case_number: string | null;
  result: string | null;
  decided_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface RequestAnswerGroundsTable {
  id: Generated<number>;
  code: string;
  label: string;
  /** The outcome code this ground belongs to (contracts §1). */
  outcome: string;
  /** The legal basis shown in letters, e.g. 条例第十五条. */
  article: string;
  sort_order: number;
  is_active: number;
  updated_by: number | null;
  updated_at: string;
}

export interface RequestLetterTemplatesTable {
  id: Generated<number>;
  kind: string;
  title: string;
  body: string;
  updated_by: number | null;
  updated_at: string;
}

export interface RequestTrackAttemptsTable {
  id: Generated<number>;
  ip: string | null;
  /** The reference as typed, normalised (upper case, trimmed): unknown references are throttled too. */
  reference_key: string;
  at: string;
  succeeded: number;
}

export interface RequestReferenceSequencesTable {
  year: number;
  last_value: number;
}

export interface RequestSettingsTable {
  key: string;
  value_json: string;
  updated_by: number | null;
  updated_at: string;
}

export interface RequestTables {
  applications: ApplicationsTable;
  applicants: ApplicantsTable;
  application_events: ApplicationEventsTable;
  application_files: ApplicationFilesTable;
  application_appeals: ApplicationAppealsTable;
  request_answer_grounds: RequestAnswerGroundsTable;
  request_letter_templates: RequestLetterTemplatesTable;
  request_track_attempts: RequestTrackAttemptsTable;
  request_reference_sequences: RequestReferenceSequencesTable;
  request_settings: RequestSettingsTable;
}
