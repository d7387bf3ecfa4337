import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

// Instants are ISO-8601 UTC text, dates YYYY-MM-DD text, flags integer 0/1 (docs/decisions.md).
export const foundation: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await dialect
      .addIdColumn(db.schema.createTable('orgs'))
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('parent_id', 'integer', (c) => c.references('orgs.id'))
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text')
      .addColumn('short_name', 'text')
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('office_name', 'text')
      .addColumn('address', 'text')
      .addColumn('postcode', 'text')
      .addColumn('office_hours', 'text')
      .addColumn('phone', 'text')
      .addColumn('fax', 'text')
      .addColumn('email', 'text')
      .addColumn('website', 'text')
      .addColumn('credit_code', 'text')
      .addColumn('functions', 'text')
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('orgs_parent_idx').on('orgs').column('parent_id').execute();
    await db.schema.createIndex('orgs_path_idx').on('orgs').column('path').execute();

    await dialect
      .addIdColumn(db.schema.createTable('users'))
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('home_org_id', 'integer', (c) => c.references('orgs.id'))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_login_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('role_grants'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('granted_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('role_grants_unique', ['user_id', 'org_id', 'role'])
      .execute();
    await db.schema.createIndex('role_grants_org_idx').on('role_grants').column('org_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

    await dialect
      .addIdColumn(db.schema.createTable('login_attempts'))
      .addColumn('username_key', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('succeeded', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('login_attempts_user_idx')
      .on('login_attempts')
      .columns(['username_key', 'at'])
      .execute();
    await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'at']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('audit_log'), 'seq')
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_user_id', 'integer')
      .addColumn('actor_label', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text')
      .addColumn('org_id', 'integer')
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('request_id', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_org_idx').on('audit_log').columns(['org_id', 'seq']).execute();
    await db.schema
      .createIndex('audit_log_entity_idx')
      .on('audit_log')
      .columns(['entity_type', 'entity_id'])
      .execute();
    await db.schema
      .createIndex('audit_log_actor_idx')
      .on('audit_log')
      .columns(['actor_user_id', 'seq'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('jobs'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', 'text')
      .addColumn('unique_key', 'text', (c) => c.unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute();

    await db.schema
      .createTable('schedules')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('job_type', 'text', (c) => c.notNull())
      .addColumn('interval_seconds', 'integer', (c) => c.notNull())
      .addColumn('next_run_at', 'text', (c) => c.notNull())
      .addColumn('last_run_at', 'text')
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('mail_outbox'))
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('text_body', 'text', (c) => c.notNull())
      .addColumn('html_body', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('transport', 'text')
      .addColumn('file_path', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value_json', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'settings',
      'mail_outbox',
      'schedules',
      'jobs',
      'audit_log',
      'login_attempts',
      'sessions',
      'role_grants',
      'users',
      'orgs',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
});
