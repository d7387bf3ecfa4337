import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

// Electronic supervision (电子监察): settings, per-column website-check rules, quarterly results,
// daily transparency snapshots, website-check runs and results, assessment configurations and scores,
// and the alert log whose unique key keeps every alert mail single. Conventions as in 0001.
export const supervision: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('supervision_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value_json', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('supervision_column_rules')
      .addColumn('column_id', 'integer', (c) => c.primaryKey().references('catalog_columns.id'))
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('max_age_days', 'integer')
      .addColumn('is_required', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('supervision_quarters'))
      .addColumn('quarter', 'text', (c) => c.notNull().unique())
      .addColumn('period_from', 'text', (c) => c.notNull())
      .addColumn('period_to', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('rules_json', 'text', (c) => c.notNull())
      .addColumn('results_json', 'text', (c) => c.notNull())
      .addColumn('generated_at', 'text', (c) => c.notNull())
      .addColumn('generated_by', 'integer', (c) => c.references('users.id'))
      .addColumn('reviewed_at', 'text')
      .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
      .addColumn('review_note', 'text')
      .addColumn('published_at', 'text')
      .addColumn('published_by', 'integer', (c) => c.references('users.id'))
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('supervision_snapshots'))
      .addColumn('snapshot_on', 'text', (c) => c.notNull())
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('period_from', 'text', (c) => c.notNull())
      .addColumn('period_to', 'text', (c) => c.notNull())
      .addColumn('answered_count', 'integer', (c) => c.notNull())
      .addColumn('on_time_count', 'integer', (c) => c.notNull())
      .addColumn('on_time_rate', 'real')
      .addColumn('median_days', 'real')
      .addColumn('p90_days', 'real')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('supervision_snapshots_day_org_unique', ['snapshot_on', 'org_id'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('supervision_check_runs'))
      .addColumn('checked_on', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('triggered_by', 'text', (c) => c.notNull())
      .addColumn('links_checked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('settings_json', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('supervision_check_results'))
      .addColumn('run_id', 'integer', (c) => c.notNull().references('supervision_check_runs.id'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('is_veto', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('veto_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('stale_columns', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('empty_columns', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('undated_items', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('broken_links', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('missing_attachments', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('details_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('supervision_check_results_org_idx')
      .on('supervision_check_results')
      .columns(['org_id', 'run_id'])
      .execute();
    await db.schema
      .createIndex('supervision_check_results_run_idx')
      .on('supervision_check_results')
      .columns(['run_id', 'org_id'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('supervision_assessment_configs'))
      .addColumn('indicators_json', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('supervision_assessment_scores'))
      .addColumn('config_id', 'integer', (c) => c.notNull().references('supervision_assessment_configs.id'))
      .addColumn('period_key', 'text', (c) => c.notNull())
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('score', 'real')
      .addColumn('rank', 'integer')
      .addColumn('details_json', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('supervision_assessment_scores_unique', ['config_id', 'period_key', 'org_id'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('supervision_alerts'))
      .addColumn('alert_key', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('recipient_user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('org_id', 'integer', (c) => c.references('orgs.id'))
      .addColumn('application_id', 'integer', (c) => c.references('applications.id'))
      .addColumn('outbox_id', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'supervision_alerts',
      'supervision_assessment_scores',
      'supervision_assessment_configs',
      'supervision_check_results',
      'supervision_check_runs',
      'supervision_snapshots',
      'supervision_quarters',
      'supervision_column_rules',
      'supervision_settings',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
});
