import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

// The annual report's inputs that are not derived from the platform's own records: the section 二
// figures that come from other systems (行政许可, 行政处罚, 行政强制 decisions and 行政事业性收费),
// each with its source, per organisation per year; and the narrative (sections 一, 五, 六) per
// organisation, year and scope. Conventions as in 0001 (fees as integer 分, so sums are exact).
export const reportFigures: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await dialect
      .addIdColumn(db.schema.createTable('report_figures'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('licensing_decisions', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('licensing_source', 'text')
      .addColumn('penalty_decisions', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('penalty_source', 'text')
      .addColumn('coercion_decisions', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('coercion_source', 'text')
      // 行政事业性收费 in 分 (1 万元 = 1,000,000 分); the report prints 万元.
      .addColumn('fees_fen', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('fees_source', 'text')
      .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('report_figures_org_year_unique', ['org_id', 'year'])
      .execute();
    await db.schema
      .createIndex('report_figures_year_idx')
      .on('report_figures')
      .columns(['year', 'org_id'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('report_narratives'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      // `self` or `aggregate`: a government's report on its whole area reads differently from its own.
      .addColumn('scope', 'text', (c) => c.notNull().defaultTo('self'))
      .addColumn('overview', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('other', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('report_narratives_org_year_scope_unique', ['org_id', 'year', 'scope'])
      .execute();

    // Covering indexes for the report's grouped queries (derive-annual-report.ts): table 三 walks the
    // applications index in (applicant type, outcome) order with every column it reads, so SQLite needs
    // neither a sort nor a table lookup; section 二 reads only the 规章/规范性文件 entries of the items
    // index. Measured at 1,000,000 rows: docs/performance.md, "Annual report".
    await db.schema
      .createIndex('applications_report_idx')
      .on('applications')
      .columns(['applicant_type', 'outcome', 'received_on', 'closed_on', 'org_id'])
      .execute();
    await db.schema
      .createIndex('catalog_items_report_idx')
      .on('catalog_items')
      .columns(['doc_type', 'status', 'issued_on', 'published_on', 'abolished_on', 'org_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('catalog_items_report_idx').execute();
    await db.schema.dropIndex('applications_report_idx').execute();
    await db.schema.dropTable('report_narratives').execute();
    await db.schema.dropTable('report_figures').execute();
  },
});
