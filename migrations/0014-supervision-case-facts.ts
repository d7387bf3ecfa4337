import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

/**
 * Supervision at scale: each application's facts as supervision counts them (open, due soon, overdue,
 * answered, late, working days to the answer, a late correction request, consultation windows that
 * ran out), derived from its event log by the same function as everywhere (deriveApplicationState)
 * and kept with the log's length and the calendar they were derived with, so the dashboard sums them
 * in grouped SQL instead of re-deriving every case on every view.
 *   - `as_of` '': a closed case's settled facts (only appeals may follow a closing event).
 *   - `as_of` a date: an open case's facts as of that day (today's view, or a quarter's last day).
 * A longer log or another calendar makes a row stale and it is derived again. The foreign key keeps a
 * fact from outliving its application (removing applications must remove their facts first).
 * Conventions as in 0009.
 */
export const supervisionCaseFacts: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('supervision_case_facts')
      .addColumn('application_id', 'integer', (c) => c.notNull().references('applications.id'))
      .addColumn('as_of', 'text', (c) => c.notNull())
      .addColumn('basis', 'text', (c) => c.notNull())
      .addColumn('event_count', 'integer', (c) => c.notNull())
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('is_open', 'integer', (c) => c.notNull())
      .addColumn('is_due_soon', 'integer', (c) => c.notNull())
      .addColumn('is_overdue', 'integer', (c) => c.notNull())
      .addColumn('is_answered', 'integer', (c) => c.notNull())
      .addColumn('is_answered_late', 'integer', (c) => c.notNull())
      .addColumn('answer_working_days', 'integer')
      .addColumn('correction_requested_on', 'text')
      .addColumn('is_correction_late', 'integer', (c) => c.notNull())
      // Comma-separated dates (usually empty): the rare rows with one are read, never summed in SQL.
      .addColumn('consultation_window_ends', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('supervision_case_facts_pk', ['application_id', 'as_of'])
      .execute();
    // The dashboard's sums: one organisation's answers in a period, with the working days to group by.
    await db.schema
      .createIndex('supervision_case_facts_org_closed_idx')
      .on('supervision_case_facts')
      .columns(['org_id', 'as_of', 'closed_on', 'is_answered', 'answer_working_days', 'is_answered_late'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('supervision_case_facts').execute();
  },
});
