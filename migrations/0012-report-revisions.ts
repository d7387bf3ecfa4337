import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

// Two additions to the annual report (issue 5).
//
// 1. Corrections of a published report. A published report can be withdrawn with a reason, corrected
//    through the ordinary workflow (报送 → 审核) and published again as a new version. Every published
//    version is kept in `annual_report_versions` (the frozen JSON exactly as the public saw it, with
//    when and by whom it was published and, if it was, withdrawn and why), so the office can always
//    retrieve what was public on any day. `annual_report_submissions` gains the number of the current
//    version, the date of the latest revision (the first publication date stays in `published_at`:
//    a revision never rewrites when the report first appeared) and the pending withdrawal.
//
// 2. `application_report_counts`: table 三's inputs summed per organisation, applicant type, outcome,
//    receipt year and closing year (0 while open), so a report reads a few thousand rows instead of
//    every application (≤ 1 s at 1,000,000 applications, docs/performance.md "Annual report"). The year
//    is exact for every count of contracts §3: received, carried in, closed and carried out compare
//    receipt and closing dates with 1 January and 31 December only. Triggers on `applications` keep it
//    exactly in step in the writer's own transaction, whatever code (or import, or SQL) writes the rows;
//    derive-annual-report.ts keeps the query over the raw rows, and a test compares both after random
//    changes.
export const reportRevisions: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('annual_report_submissions')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('annual_report_submissions').addColumn('revised_at', 'text').execute();
    await db.schema.alterTable('annual_report_submissions').addColumn('withdrawn_at', 'text').execute();
    await db.schema
      .alterTable('annual_report_submissions')
      .addColumn('withdrawn_by', 'integer', (c) => c.references('users.id'))
      .execute();
    await db.schema.alterTable('annual_report_submissions').addColumn('withdrawal_reason', 'text').execute();

    await dialect
      .addIdColumn(db.schema.createTable('annual_report_versions'))
      .addColumn('submission_id', 'integer', (c) => c.notNull().references('annual_report_submissions.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('report_json', 'text', (c) => c.notNull())
      .addColumn('statistics_json', 'text')
      .addColumn('published_by', 'integer', (c) => c.references('users.id'))
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addColumn('withdrawn_by', 'integer', (c) => c.references('users.id'))
      .addColumn('withdrawn_at', 'text')
      .addColumn('withdrawal_reason', 'text')
      .addUniqueConstraint('annual_report_versions_submission_version_unique', ['submission_id', 'version'])
      .execute();
    // Reports published before this migration become version 1.
    await sql`
      insert into annual_report_versions (submission_id, version, report_json, statistics_json, published_by, published_at)
      select id, 1, report_json, statistics_json, published_by, coalesce(published_at, updated_at)
      from annual_report_submissions where status = 'published' and report_json is not null`.execute(db);
    await sql`update annual_report_submissions set version = 1 where status = 'published'`.execute(db);

    await db.schema
      .createTable('application_report_counts')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('applicant_type', 'text', (c) => c.notNull())
      // The outcome code, '' while open (or closed without one: counted as other.other).
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('received_year', 'integer', (c) => c.notNull())
      // 0 while open.
      .addColumn('closed_year', 'integer', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('application_report_counts_pk', [
        'org_id',
        'applicant_type',
        'outcome',
        'received_year',
        'closed_year',
      ])
      .execute();
    const key = (r: 'new' | 'old') =>
      `${r}.org_id, ${r}.applicant_type, coalesce(${r}.outcome, ''), ` +
      `cast(substr(${r}.received_on, 1, 4) as integer), coalesce(cast(substr(${r}.closed_on, 1, 4) as integer), 0)`;
    const match = (r: 'new' | 'old') =>
      `org_id = ${r}.org_id and applicant_type = ${r}.applicant_type and outcome = coalesce(${r}.outcome, '') ` +
      `and received_year = cast(substr(${r}.received_on, 1, 4) as integer) ` +
      `and closed_year = coalesce(cast(substr(${r}.closed_on, 1, 4) as integer), 0)`;
    const columns = 'org_id, applicant_type, outcome, received_year, closed_year';
    const add = (r: 'new' | 'old', table = 'application_report_counts') =>
      `insert into application_report_counts (${columns}, n) values (${key(r)}, 1) ` +
      `on conflict (${columns}) do update set n = ${table}.n + 1;`;
    const remove = (r: 'new' | 'old') => `update application_report_counts set n = n - 1 where ${match(r)};`;
    const changed =
      'old.org_id is not new.org_id or old.applicant_type is not new.applicant_type or ' +
      'old.outcome is not new.outcome or old.received_on is not new.received_on or old.closed_on is not new.closed_on';
    const watched = 'org_id, applicant_type, outcome, received_on, closed_on';
    if (dialect.kind === 'postgres') {
      // Statement-level triggers over the transition tables: one grouped upsert per statement. A
      // row-level trigger updated the same summary row once per application, and PostgreSQL keeps
      // every version of a row updated repeatedly in one transaction, so a 1,000,000-row INSERT …
      // SELECT slowed quadratically (over 15 minutes). An UPDATE that changes no counted column
      // writes nothing (its deltas cancel and HAVING drops them).
      const keyOf = (t: string, d: string) =>
        `select org_id, applicant_type, coalesce(outcome, '') as outcome, ` +
        `cast(substr(received_on, 1, 4) as integer) as received_year, ` +
        `coalesce(cast(substr(closed_on, 1, 4) as integer), 0) as closed_year, ${d} as d from ${t}`;
      const upsert = (deltas: string) =>
        `insert into application_report_counts (${columns}, n)
         select ${columns}, sum(d) from (${deltas}) x group by ${columns} having sum(d) <> 0
         on conflict (${columns}) do update set n = application_report_counts.n + excluded.n;`;
      await sql
        .raw(
          `create function application_report_counts_apply() returns trigger language plpgsql
           set search_path from current as $$
           begin
             if tg_op = 'INSERT' then ${upsert(keyOf('new_rows', '1'))}
             elsif tg_op = 'DELETE' then ${upsert(keyOf('old_rows', '-1'))}
             else ${upsert(`${keyOf('old_rows', '-1')} union all ${keyOf('new_rows', '1')}`)}
             end if;
             return null;
           end $$`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger application_report_counts_ins after insert on applications
           referencing new table as new_rows
           for each statement execute function application_report_counts_apply()`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger application_report_counts_upd after update on applications
           referencing old table as old_rows new table as new_rows
           for each statement execute function application_report_counts_apply()`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger application_report_counts_del after delete on applications
           referencing old table as old_rows
           for each statement execute function application_report_counts_apply()`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `create trigger application_report_counts_ins after insert on applications begin ${add('new')} end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger application_report_counts_del after delete on applications begin ${remove('old')} end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger application_report_counts_upd after update of ${watched} on applications
           when ${changed} begin ${remove('old')} ${add('new')} end`,
        )
        .execute(db);
    }
    await sql
      .raw(
        `insert into application_report_counts (${columns}, n)
         select org_id, applicant_type, coalesce(outcome, ''), cast(substr(received_on, 1, 4) as integer),
           coalesce(cast(substr(closed_on, 1, 4) as integer), 0), count(*)
         from applications group by 1, 2, 3, 4, 5`,
      )
      .execute(db);
  },
  async down(db: Kysely<unknown>) {
    if (dialect.kind === 'postgres') {
      for (const t of ['ins', 'upd', 'del'])
        await sql.raw(`drop trigger if exists application_report_counts_${t} on applications`).execute(db);
      await sql`drop function if exists application_report_counts_apply()`.execute(db);
    } else {
      for (const t of ['ins', 'del', 'upd'])
        await sql.raw(`drop trigger if exists application_report_counts_${t}`).execute(db);
    }
    await db.schema.dropTable('application_report_counts').execute();
    await db.schema.dropTable('annual_report_versions').execute();
    for (const c of ['withdrawal_reason', 'withdrawn_by', 'withdrawn_at', 'revised_at', 'version'])
      await db.schema.alterTable('annual_report_submissions').dropColumn(c).execute();
  },
});
