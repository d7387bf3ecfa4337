import type { Generated } from 'kysely';

/**
 * Conventions (docs/decisions.md): instants are ISO-8601 UTC strings (`2025-03-01T02:12:00.000Z`),
 * calendar dates `YYYY-MM-DD` in the office time zone, flags integers 0/1, JSON as text.
 * The same representation on both databases keeps every query and comparison portable.
 */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  home_org_id: number | null;
  is_active: Generated<number>;
  must_change_password: Generated<number>;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token: a stolen database does not yield usable sessions. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username_key: string;
  ip: string | null;
  at: string;
  succeeded: number;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  actor_user_id: number | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_id: number | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface JobsTable {
  id: Generated<number>;
  type: string;
  payload_json: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  run_at: string;
  attempts: Generated<number>;
  max_attempts: number;
  last_error: string | null;
  locked_by: string | null;
  locked_until: string | null;
  unique_key: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface SchedulesTable {
  name: string;
  job_type: string;
  interval_seconds: number;
  next_run_at: string;
  last_run_at: string | null;
}

export interface MailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: 'queued' | 'sent' | 'written' | 'failed';
  transport: string | null;
  file_path: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface SettingsTable {
  key: string;
  value_json: string;
  updated_at: string;
}

export interface PlatformTables {
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  schedules: SchedulesTable;
  mail_outbox: MailOutboxTable;
  settings: SettingsTable;
}
