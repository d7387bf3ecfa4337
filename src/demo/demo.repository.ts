import type { Insertable } from 'kysely';
import type { Queryable } from '../platform/db/transaction.js';
import type {
  ApplicantsTable,
  ApplicationAppealsTable,
  ApplicationEventsTable,
  ApplicationsTable,
} from '../requests/requests.tables.js';

/** The `settings` row that tells the site it runs on demo data (it shows a banner). */
export const DEMO_SETTING_KEY = 'demo';

export async function markDatabaseAsDemo(db: Queryable, now: string): Promise<void> {
  // Delete-then-insert is the same on both databases; the caller holds a transaction.
  await db.deleteFrom('settings').where('key', '=', DEMO_SETTING_KEY).execute();
  await db
    .insertInto('settings')
    .values({ key: DEMO_SETTING_KEY, value_json: 'true', updated_at: now })
    .execute();
}

export async function isDemoDatabase(db: Queryable): Promise<boolean> {
  const row = await db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', DEMO_SETTING_KEY)
    .executeTakeFirst();
  return row?.value_json === 'true';
}

/** The demo's case handler holds every application of the organisation (the case list's "mine"). */
export async function assignDemoHandler(db: Queryable, orgCode: string, userId: number): Promise<void> {
  await db
    .updateTable('applications')
    .set({ handler_user_id: userId })
    .where('org_id', 'in', db.selectFrom('orgs').select('id').where('code', '=', orgCode))
    .execute();
}

/** Applications neither closed nor withdrawn. */
export async function countOpenApplications(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('applications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'not in', ['closed', 'withdrawn'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// --- the demo's bulk path for applications (load-demo-applications.ts) ---------------------------

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 300;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Inserts applications many rows a statement; returns each reference's id. */
export async function insertApplicationsInBulk(
  db: Queryable,
  rows: readonly Insertable<ApplicationsTable>[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const chunk of chunks(rows)) {
    const inserted = await db
      .insertInto('applications')
      .values(chunk)
      .returning(['id', 'reference'])
      .execute();
    for (const r of inserted) ids.set(r.reference, r.id);
  }
  return ids;
}

export async function insertApplicantsInBulk(
  db: Queryable,
  rows: readonly Insertable<ApplicantsTable>[],
): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('applicants').values(chunk).execute();
}

export async function insertEventsInBulk(
  db: Queryable,
  rows: readonly Insertable<ApplicationEventsTable>[],
): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('application_events').values(chunk).execute();
}

export async function insertAppealsInBulk(
  db: Queryable,
  rows: readonly Insertable<ApplicationAppealsTable>[],
): Promise<void> {
  for (const chunk of chunks(rows)) await db.insertInto('application_appeals').values(chunk).execute();
}

/**
 * Reserves `count` reference numbers of `year` in one statement (the upsert of nextReferenceNumber,
 * moved on by `count`); returns the first.
 */
export async function reserveReferenceNumbers(db: Queryable, year: number, count: number): Promise<number> {
  const row = await db
    .insertInto('request_reference_sequences')
    .values({ year, last_value: count })
    .onConflict((oc) =>
      oc
        .column('year')
        .doUpdateSet((eb) => ({ last_value: eb('request_reference_sequences.last_value', '+', count) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value) - count + 1;
}
