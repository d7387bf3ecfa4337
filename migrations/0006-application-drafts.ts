import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

// The public application form's server-side drafts and the per-address submission counter.
// A draft holds the answers between the one-question pages, keyed by the sha256 of a random token
// kept in an HttpOnly cookie; the ID number and phone inside it are encrypted like the applicants
// table's (src/requests/applicant-crypto.ts), and every draft expires 24 hours after its last change.
// Conventions as in 0001.
export const applicationDrafts: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await dialect
      .addIdColumn(db.schema.createTable('application_drafts'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('data_json', 'text', (c) => c.notNull())
      // The online form's one-time token (idempotent submit; the query code is derived from it).
      .addColumn('client_token', 'text', (c) => c.notNull())
      .addColumn('application_id', 'integer', (c) => c.references('applications.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('application_drafts_expires_idx')
      .on('application_drafts')
      .column('expires_at')
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('application_submit_attempts'))
      .addColumn('ip_key', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('application_submit_attempts_ip_idx')
      .on('application_submit_attempts')
      .columns(['ip_key', 'at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('application_submit_attempts').execute();
    await db.schema.dropTable('application_drafts').execute();
  },
});
