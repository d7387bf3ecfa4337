/**
 * The annual report at scale (issue 5, Performance): the whole-city aggregate report for a year with
 * N applications and N catalog items (target ≤ 1 s at N = 1,000,000 on SQLite and PostgreSQL). The
 * rows are generated inside the database by one INSERT … SELECT per table (a recursive CTE on SQLite,
 * generate_series on PostgreSQL: the only dialect branch, and only here), deterministic in the row
 * number: 60 organisations in a two-level tree; applications received from late 2024 to the end of
 * 2025 (so some carry in), 90 % closed 0–29 days later with outcomes spread over the 21 codes (so some
 * carry out into 2026), six applicant types, 1 % appealed; items from 2010 to 2025, 5 % 规章 and 15 %
 * 行政规范性文件, some abolished, 2 % withdrawn.
 *
 * Cases, each against a baseline in the same run (a plain `count(*)` over the applications table):
 *   - deriveAnnualReport, city aggregate (every organisation: no organisation filter)
 *   - deriveAnnualReport, one district's aggregate (an organisation IN-list of 6)
 *   - deriveAnnualReport, city self
 *   - table 三 alone for the city, from application_report_counts (migration 0012, kept by triggers:
 *     what the report reads) and from the raw applications (the reference query)
 *
 * BENCH_REPORT_ROWS=N    applications and items each (default 100000)
 * BENCH_DATABASE_URL     also run on this PostgreSQL (a scratch schema, dropped afterwards)
 *
 *   npm run bench -- annual                 # through the harness
 *   npx tsx bench/annual-report.bench.ts    # standalone, also prints milliseconds per call
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { defineBench, formatResult, runBench, type Bench } from './harness.js';
import {
  createPostgresBenchDatabase,
  createSqliteBenchDatabase,
  type BenchDatabase,
} from './support/bench-db.js';
import {
  deriveAnnualReport,
  deriveApplicationRows,
  deriveApplicationRowsFromRecords,
} from '../src/reports/derive-annual-report.js';
import { OUTCOME_CODES } from '../src/reports/annual-report.js';

const ROWS = Number(process.env.BENCH_REPORT_ROWS) || 100_000;
const YEAR = 2025;
const NOW = new Date('2026-03-01T00:00:00.000Z');
const AT = '2026-01-01T00:00:00.000Z';

export async function seed(bench: BenchDatabase, rows: number): Promise<{ seconds: number }> {
  const { db, dialect } = bench.database;
  const start = process.hrtime.bigint();
  // 1 city, 9 districts under it, 5 departments under each district, 5 city departments = 60.
  const insertOrg = async (code: string, parentId: number | null, parentPath: string) => {
    const { id } = await db
      .insertInto('orgs')
      .values({
        code,
        parent_id: parentId,
        path: '/',
        kind: parentId ? 'department' : 'government',
        name: `${code} 单位`,
        created_at: AT,
        updated_at: AT,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = `${parentPath}${id}/`;
    await db.updateTable('orgs').set({ path: p }).where('id', '=', id).execute();
    return { id, path: p };
  };
  const city = await insertOrg('city', null, '/');
  const ids = [city.id];
  for (let d = 1; d <= 9; d++) {
    const district = await insertOrg(`district-${d}`, city.id, city.path);
    ids.push(district.id);
    for (let k = 1; k <= 5; k++)
      ids.push((await insertOrg(`d${d}-dept-${k}`, district.id, district.path)).id);
  }
  for (let k = 1; k <= 5; k++) ids.push((await insertOrg(`city-dept-${k}`, city.id, city.path)).id);
  const orgCase = sql.raw(
    `case (n % ${ids.length}) ${ids.map((id, i) => `when ${i} then ${id}`).join(' ')} end`,
  );

  const pg = dialect.kind === 'postgres';
  const series = pg
    ? sql.raw(`(select generate_series(1, ${rows}) as n) as s`)
    : sql.raw(
        `(with recursive s(n) as (select 1 union all select n + 1 from s where n < ${rows}) select n from s) as s`,
      );
  const dateFrom = (base: string, offset: string) =>
    pg
      ? sql.raw(`to_char(date '${base}' + (${offset})::int, 'YYYY-MM-DD')`)
      : sql.raw(`date('${base}', printf('%+d days', ${offset}))`);
  const received = dateFrom('2025-01-01', '(n * 37) % 400 - 35');
  const closed = dateFrom('2025-01-01', '(n * 37) % 400 - 35 + n % 30');
  const outcome = sql.raw(
    `case (n % 40) ${OUTCOME_CODES.map((c, i) => `when ${i} then '${c}'`).join(' ')} else 'granted' end`,
  );
  const applicantType = sql.raw(
    `case when n % 100 < 80 then 'natural_person' when n % 100 < 88 then 'commercial_enterprise' when n % 100 < 90 then 'research_institution' when n % 100 < 93 then 'public_interest_org' when n % 100 < 96 then 'legal_service_org' else 'other_org' end`,
  );
  const channel = sql.raw(
    `case n % 5 when 0 then 'in_person' when 1 then 'registered_mail' when 2 then 'email' else 'online' end`,
  );
  await sql`
    insert into applications (org_id, reference, query_code_hash, channel, submitted_at, received_on,
      applicant_type, description, delivery_form, delivery_method, status, outcome, closed_on,
      last_event_on, state_computed_on, created_at, updated_at)
    select ${orgCase}, 'B-' || n, 'x', ${channel}, ${AT}, ${received}, ${applicantType}, '申请', 'electronic',
      'email', case when n % 10 = 0 then 'received' else 'closed' end,
      case when n % 10 = 0 then null else ${outcome} end,
      case when n % 10 = 0 then null else ${closed} end,
      ${received}, ${received}, ${AT}, ${AT}
    from ${series}`.execute(db);

  const published = dateFrom('2010-01-01', '(n * 53) % 5840');
  const abolished = dateFrom('2010-01-01', '(n * 53) % 5840 + 700');
  const docType = sql.raw(
    `case when n % 20 = 0 then 'regulation' when n % 20 < 4 then 'normative' else 'other' end`,
  );
  await sql`
    insert into catalog_items (org_id, title, disclosure_method, disclosure_scope, doc_type, status,
      published_on, issued_on, abolished_on, created_at, updated_at)
    select ${orgCase}, '文件' || n, '主动公开', '面向全社会', ${docType},
      case when n % 50 = 0 then 'withdrawn' else 'published' end,
      ${published}, case when n % 20 < 4 then ${published} else null end,
      case when n % 20 < 4 and n % 7 = 0 then ${abolished} else null end, ${AT}, ${AT}
    from ${series}`.execute(db);

  await sql`
    insert into application_appeals (application_id, kind, filed_on, body, result, decided_on, created_at, updated_at)
    select id,
      case id % 3 when 0 then 'reconsideration' when 1 then 'litigation_direct' else 'litigation_after_reconsideration' end,
      closed_on, '复议机关',
      case id % 4 when 0 then null when 1 then 'upheld' when 2 then 'corrected' else 'other' end,
      case id % 4 when 0 then null else closed_on end, ${AT}, ${AT}
    from applications where id % 100 = 0 and closed_on is not null`.execute(db);
  await sql.raw(pg ? 'analyze' : 'analyze').execute(db);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function reportBench(open: () => Promise<BenchDatabase>): Bench {
  let bench: BenchDatabase | undefined;
  let label = '';
  return defineBench(`annual report, ${ROWS.toLocaleString('en')} applications + items`, {
    async setup() {
      bench = await open();
      label = bench.label;
      const { seconds } = await seed(bench, ROWS);
      console.log(
        `# ${label}: generated ${ROWS.toLocaleString('en')} applications and items in ${seconds.toFixed(1)} s`,
      );
      const r = await deriveAnnualReport(bench.database.db, {
        orgCode: 'city',
        year: YEAR,
        scope: 'aggregate',
        now: NOW,
      });
      const t = r.applications.rows;
      console.log(
        `# ${label}: city 2025 received ${t.received[6]}, carried in ${t.carried_in[6]}, closed ${t.total[6]}, carried out ${t.carried_out[6]}, ` +
          `normative valid ${r.proactive.normativeDocuments.valid}; checks ${r.checks.every((c) => c.ok) ? 'all hold' : 'FAIL'}`,
      );
    },
    async teardown() {
      await bench?.cleanup();
    },
    iterations: Number(process.env.BENCH_ITERATIONS) || 10,
    rounds: 5,
    warmup: 1,
    baselineName: 'select count(*) from applications',
    baseline: () =>
      bench!.database.db
        .selectFrom('applications')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    cases: {
      'deriveAnnualReport city aggregate (all orgs)': () =>
        deriveAnnualReport(bench!.database.db, { orgCode: 'city', year: YEAR, scope: 'aggregate', now: NOW }),
      'deriveAnnualReport district aggregate (6 orgs)': () =>
        deriveAnnualReport(bench!.database.db, {
          orgCode: 'district-3',
          year: YEAR,
          scope: 'aggregate',
          now: NOW,
        }),
      'deriveAnnualReport city self': () =>
        deriveAnnualReport(bench!.database.db, { orgCode: 'city', year: YEAR, scope: 'self', now: NOW }),
      // Table 三 alone, from the summary kept by triggers (what the report uses) and from the raw rows.
      'table 三 city aggregate, from application_report_counts': () =>
        deriveApplicationRows(bench!.database.db, 'all', YEAR),
      'table 三 city aggregate, from the raw applications': () =>
        deriveApplicationRowsFromRecords(bench!.database.db, 'all', YEAR),
    },
  });
}

export function benches(): Bench[] {
  const list = [reportBench(createSqliteBenchDatabase)];
  const url = process.env.BENCH_DATABASE_URL;
  if (url) list.push(reportBench(() => createPostgresBenchDatabase(url)));
  return list.map((b, i) =>
    i === 1 ? { ...b, name: `${b.name} (PostgreSQL)` } : { ...b, name: `${b.name} (SQLite)` },
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.env.NODE_ENV ??= 'test';
  const filter = process.argv.slice(2);
  for (const bench of benches().filter(
    (b) => filter.length === 0 || filter.some((f) => b.name.includes(f)),
  )) {
    const result = await runBench(bench);
    console.log(formatResult(result));
    for (const c of [result.baseline, ...result.cases])
      console.log(`  ${c.name}: ${(1000 / c.opsPerSecond).toFixed(1)} ms per call (median of rounds)`);
    console.log('');
  }
}
