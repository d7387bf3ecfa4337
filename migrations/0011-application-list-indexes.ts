import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

// The staff case list at a million applications (issue 4, Performance; docs/performance.md,
// Applications). The list is ordered by due date then id; listApplicationsForStaff reads each
// organisation's (and status's) first rows in that order and merges them, so every walk needs an
// index that starts with its equality columns and continues with (due_on, id):
// - (org_id, due_on, id), and its partial twin over open cases (closed_on is null, a tenth of all
//   cases) for due soon, overdue and "open only"; (due_on, id) and its open twin when the list spans
//   every organisation;
// - the status indexes of 0005 again, rebuilt with more columns;
// - 0005's (org_id, closed_on) made partial over closed cases: its users ask for cases closed within
//   a period, which implies closed_on is not null, while an "open cases" walk must not take it for a
//   cheap way to find closed_on is null (SQLite did, and sorted a tenth of all cases).
// The columns after id are there to be read, not sorted by: the received-between and channel filters
// are checked on the index entry, so a walk that skips non-matching cases reads no table rows for them.
// Partial indexes are plain CREATE INDEX … WHERE on both SQLite (3.8+) and PostgreSQL, so nothing here
// depends on the dialect.
const NEW_INDEXES: { name: string; columns: string[]; openOnly?: boolean }[] = [
  { name: 'applications_org_due_idx', columns: ['org_id', 'due_on', 'id', 'received_on', 'channel'] },
  { name: 'applications_open_org_due_idx', columns: ['org_id', 'due_on', 'id', 'channel'], openOnly: true },
  { name: 'applications_due_idx', columns: ['due_on', 'id', 'received_on', 'channel'] },
  { name: 'applications_open_due_idx', columns: ['due_on', 'id', 'channel'], openOnly: true },
];
/** 0005's indexes, replaced: the same leading columns, with the filter columns after them or partial. */
const REBUILT: { name: string; before: string[]; after: string[]; closedOnly?: boolean }[] = [
  {
    name: 'applications_org_status_due_idx',
    before: ['org_id', 'status', 'due_on', 'id'],
    after: ['org_id', 'status', 'due_on', 'id', 'received_on', 'channel'],
  },
  {
    name: 'applications_status_due_idx',
    before: ['status', 'due_on', 'id'],
    after: ['status', 'due_on', 'id', 'received_on', 'channel'],
  },
  {
    name: 'applications_org_closed_idx',
    before: ['org_id', 'closed_on'],
    after: ['org_id', 'closed_on'],
    closedOnly: true,
  },
];

export const applicationListIndexes: MigrationFactory = () => ({
  async up(db: Kysely<unknown>) {
    for (const index of NEW_INDEXES) {
      let create = db.schema.createIndex(index.name).on('applications').columns(index.columns);
      if (index.openOnly) create = create.where('closed_on', 'is', null);
      await create.execute();
    }
    for (const index of REBUILT) {
      await db.schema.dropIndex(index.name).execute();
      let create = db.schema.createIndex(index.name).on('applications').columns(index.after);
      if (index.closedOnly) create = create.where('closed_on', 'is not', null);
      await create.execute();
    }
  },
  async down(db: Kysely<unknown>) {
    for (const index of REBUILT) {
      await db.schema.dropIndex(index.name).execute();
      await db.schema.createIndex(index.name).on('applications').columns(index.before).execute();
    }
    for (const index of [...NEW_INDEXES].reverse()) await db.schema.dropIndex(index.name).execute();
  },
});
