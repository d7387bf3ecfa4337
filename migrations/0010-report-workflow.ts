import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

// Online reporting of the annual report (issue 5 item 5: 报送 → 审核 → 汇总 → 公布). One row per
// organisation, year and scope. The report is frozen as JSON (contracts §3) together with the chart
// figures when the unit submits, so what the city office reviews, approves and publishes is exactly
// what the unit confirmed, and a published report never changes when the records change later.
// Conventions as in 0001 (instants as ISO-8601 UTC text, dates as YYYY-MM-DD, JSON as text).
export const reportWorkflow: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await dialect
      .addIdColumn(db.schema.createTable('annual_report_submissions'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull().defaultTo('self'))
      // draft | submitted | returned | approved | published
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('report_json', 'text')
      .addColumn('statistics_json', 'text')
      .addColumn('review_comments', 'text')
      // The deadline that applied when the report was submitted (条例第四十九条, configurable per year).
      .addColumn('due_on', 'text')
      .addColumn('is_late', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
      .addColumn('submitted_at', 'text')
      .addColumn('returned_by', 'integer', (c) => c.references('users.id'))
      .addColumn('returned_at', 'text')
      .addColumn('approved_by', 'integer', (c) => c.references('users.id'))
      .addColumn('approved_at', 'text')
      .addColumn('published_by', 'integer', (c) => c.references('users.id'))
      .addColumn('published_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('annual_report_submissions_org_year_scope_unique', ['org_id', 'year', 'scope'])
      .execute();
    await db.schema
      .createIndex('annual_report_submissions_year_status_idx')
      .on('annual_report_submissions')
      .columns(['year', 'status'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('annual_report_submissions').execute();
  },
});
