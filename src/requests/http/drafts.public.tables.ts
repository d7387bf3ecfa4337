import type { Generated } from 'kysely';

/**
 * The public application form's drafts (migration 0006). `data_json` holds the answers given so far;
 * its `idNumber` and `phone` are ciphertext from applicant-crypto.ts, the rest is stored as the
 * applicants table stores it. A submitted draft keeps no answers, only the application it became.
 */
export interface ApplicationDraftsTable {
  id: Generated<number>;
  /** sha256 of the cookie's random token: the database alone cannot be used to open a draft. */
  token_hash: string;
  data_json: string;
  client_token: string;
  application_id: number | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
}

/** One online submission attempt per row, for the per-address rate limit. */
export interface ApplicationSubmitAttemptsTable {
  id: Generated<number>;
  /** The client address, or `unknown` when none is known (all such clients share one budget). */
  ip_key: string;
  at: string;
}

export interface ApplicationDraftTables {
  application_drafts: ApplicationDraftsTable;
  application_submit_attempts: ApplicationSubmitAttemptsTable;
}
