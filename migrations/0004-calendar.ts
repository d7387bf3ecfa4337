import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

// The working-day calendar's office data: days added or removed by an office (city-wide when org_id is
// null) and each year's publication status with its source. The State Council data itself comes from
// the chinese-days package. Conventions as in 0001.
export const calendar: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await dialect
      .addIdColumn(db.schema.createTable('calendar_overrides'))
      .addColumn('org_id', 'integer', (c) => c.references('orgs.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('source', 'text')
      .addColumn('created_by', 'integer', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('calendar_overrides_date_idx')
      .on('calendar_overrides')
      .columns(['date', 'org_id'])
      .execute();

    await db.schema
      .createTable('calendar_years')
      .addColumn('year', 'integer', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('is_published', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('calendar_years').execute();
    await db.schema.dropTable('calendar_overrides').execute();
  },
});
