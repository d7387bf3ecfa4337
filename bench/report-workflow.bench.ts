/**
 * Online reporting at scale (issue 5 item 5: 报送 → 审核 → 汇总): the statistics returns (each unit's
 * annual report, derived and frozen when it submits) of every unit of a large tree over several report
 * years, the city office's review queue and the aggregate view. The tree: a city, 10 districts and 99
 * departments under each (1,001 organisations, 1,000 reporting units); N applications per unit (default
 * 50) received 2022–2025 and mostly closed 0–29 days later, generated in SQL; a city_admin acts.
 *
 * Setup (timed once and printed, not a ratio): every unit submits its report for 2023, 2024 and 2025
 * (submitAnnualReport: derivation with last year's carry-over check, validation, freezing with the chart
 * figures) and the city office approves each.
 *
 * Cases, each against a baseline in the same run (reading the 1,000 frozen 2025 reports' JSON):
 *   - the review queue: listReportingStatus for the city, 2025 (1,000 units with status and lateness)
 *   - the aggregate view: buildCityAggregate for the city, 2025 (sum and checks of 1,000 frozen reports)
 *   - the aggregate view for one district (99 units)
 *   - one unit reports: submitAnnualReport then returnAnnualReport (2022; rotating over the units)
 *   - the statistics dashboard city-wide for 2025 (computeApplicationStatistics)
 *
 * BENCH_WORKFLOW_APPS=N   applications per unit (default 50)
 * BENCH_WORKFLOW_DEPARTMENTS=N  departments per district (default 99: 1,000 units)
 * BENCH_DATABASE_URL      also run on this PostgreSQL (a scratch schema, dropped afterwards)
 *
 *   npm run bench -- reporting
 *   npx tsx bench/report-workflow.bench.ts    # standalone, also prints milliseconds per call
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
import { loadPrincipal } from '../src/platform/auth/sessions.js';
import type { UseCaseContext } from '../src/platform/use-case.js';
import { submitAnnualReport } from '../src/reports/workflow/submit-annual-report.js';
import { approveAnnualReport } from '../src/reports/workflow/approve-annual-report.js';
import { returnAnnualReport } from '../src/reports/workflow/return-annual-report.js';
import { buildCityAggregate, listReportingStatus } from '../src/reports/workflow/build-city-aggregate.js';
import { computeApplicationStatistics } from '../src/reports/statistics/compute-statistics.js';
import { OUTCOME_CODES } from '../src/reports/annual-report.js';
import type { OrgKind } from '../src/orgs/orgs.tables.js';

const APPS_PER_UNIT = Number(process.env.BENCH_WORKFLOW_APPS) || 50;
const DISTRICTS = 10;
const DEPARTMENTS = Number(process.env.BENCH_WORKFLOW_DEPARTMENTS) || 99;
const YEARS = [2023, 2024, 2025];
const UNITS = (DISTRICTS * (DEPARTMENTS + 1)).toLocaleString('en');
const NOW = new Date('2026-03-01T02:00:00.000Z');
const AT = '2026-01-01T00:00:00.000Z';

interface Fixture {
  ctx: UseCaseContext;
  units: string[];
  seconds: { generate: number; perYear: Record<number, { submit: number; approve: number }> };
}

async function seed(bench: BenchDatabase): Promise<Fixture> {
  const { db, dialect } = bench.database;
  const t0 = process.hrtime.bigint();
  const insertOrg = async (code: string, parent: { id: number; path: string } | null, kind: OrgKind) => {
    const { id } = await db
      .insertInto('orgs')
      .values({
        code,
        parent_id: parent?.id ?? null,
        path: '/',
        kind,
        name: `${code} 单位`,
        created_at: AT,
        updated_at: AT,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = `${parent?.path ?? '/'}${id}/`;
    await db.updateTable('orgs').set({ path: p }).where('id', '=', id).execute();
    return { id, path: p };
  };
  const city = await insertOrg('city', null, 'government');
  const units: string[] = [];
  for (let d = 1; d <= DISTRICTS; d++) {
    const district = await insertOrg(`district-${d}`, city, 'government');
    units.push(`district-${d}`);
    for (let k = 1; k <= DEPARTMENTS; k++) {
      await insertOrg(`d${d}-dept-${k}`, district, 'department');
      units.push(`d${d}-dept-${k}`);
    }
  }
  // Organisation ids are consecutive in a fresh database: the generator spreads rows over them.
  const ids = await db
    .selectFrom('orgs')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirstOrThrow();
  const lo = Number(ids.lo);
  const count = Number(ids.hi) - lo + 1;
  if (count !== units.length + 1) throw new Error('organisation ids are not consecutive');
  const rows = APPS_PER_UNIT * count;
  const pg = dialect.kind === 'postgres';
  const series = pg
    ? sql.raw(`(select generate_series(1, ${rows}) as n) as s`)
    : sql.raw(
        `(with recursive s(n) as (select 1 union all select n + 1 from s where n < ${rows}) select n from s) as s`,
      );
  const dateFrom = (offset: string) =>
    pg
      ? sql.raw(`to_char(date '2022-01-01' + (${offset})::int, 'YYYY-MM-DD')`)
      : sql.raw(`date('2022-01-01', printf('%+d days', ${offset}))`);
  const received = dateFrom('(n * 37) % 1460');
  const closed = dateFrom('(n * 37) % 1460 + n % 30');
  const outcome = sql.raw(
    `case (n % 40) ${OUTCOME_CODES.map((c, i) => `when ${i} then '${c}'`).join(' ')} else 'granted' end`,
  );
  const applicantType = sql.raw(
    `case when n % 10 < 8 then 'natural_person' when n % 10 = 8 then 'commercial_enterprise' else 'other_org' end`,
  );
  const channel = sql.raw(
    `case n % 5 when 0 then 'in_person' when 1 then 'registered_mail' when 2 then 'email' else 'online' end`,
  );
  // Open applications only in the last weeks of 2025, so each closed year's carry-over is consistent.
  const open = sql.raw(`(n % 10 = 0 and (n * 37) % 1460 >= 1430)`);
  await sql`
    insert into applications (org_id, reference, query_code_hash, channel, submitted_at, received_on,
      applicant_type, description, delivery_form, delivery_method, status, outcome, due_on, closed_on,
      last_event_on, state_computed_on, created_at, updated_at)
    select ${sql.raw(String(lo))} + n % ${sql.raw(String(count))}, 'W-' || n, 'x', ${channel}, ${AT}, ${received},
      ${applicantType}, '申请', 'electronic', 'email',
      case when ${open} then 'received' else 'closed' end,
      case when ${open} then null else ${outcome} end,
      ${dateFrom('(n * 37) % 1460 + 28')},
      case when ${open} then null else ${closed} end,
      ${received}, ${received}, ${AT}, ${AT}
    from ${series}`.execute(db);
  await sql.raw('analyze').execute(db);
  const generate = Number(process.hrtime.bigint() - t0) / 1e9;

  const { id: userId } = await db
    .insertInto('users')
    .values({
      username: 'city-office',
      display_name: '市政务公开办',
      password_hash: 'x',
      home_org_id: city.id,
      is_active: 1,
      created_at: AT,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('role_grants')
    .values({ user_id: userId, org_id: city.id, role: 'city_admin', created_at: AT })
    .execute();
  const principal = await loadPrincipal(bench.database, userId);
  if (!principal) throw new Error('bench city office not loaded');
  const ctx: UseCaseContext = {
    database: bench.database,
    principal,
    meta: { ip: '192.0.2.1', userAgent: 'bench', requestId: 'bench' },
    now: NOW,
  };
  const perYear: Fixture['seconds']['perYear'] = {};
  for (const year of YEARS) {
    const s0 = process.hrtime.bigint();
    for (const orgCode of units) await submitAnnualReport(ctx, { orgCode, year });
    const s1 = process.hrtime.bigint();
    for (const orgCode of units) await approveAnnualReport(ctx, { orgCode, year });
    const s2 = process.hrtime.bigint();
    perYear[year] = { submit: Number(s1 - s0) / 1e9, approve: Number(s2 - s1) / 1e9 };
  }
  return { ctx, units, seconds: { generate, perYear } };
}

function workflowBench(open: () => Promise<BenchDatabase>): Bench {
  let bench: BenchDatabase | undefined;
  let fixture: Fixture | undefined;
  let next = 0;
  return defineBench(`reporting workflow (统计报送), ${UNITS} units × ${YEARS.length} years`, {
    async setup() {
      bench = await open();
      fixture = await seed(bench);
      const { generate, perYear } = fixture.seconds;
      const n = fixture.units.length;
      console.log(
        `# ${bench.label}: ${n + 1} organisations and ${(APPS_PER_UNIT * (n + 1)).toLocaleString('en')} applications generated in ${generate.toFixed(1)} s`,
      );
      for (const [year, s] of Object.entries(perYear))
        console.log(
          `# ${bench.label}: ${year}: ${n} units submitted in ${s.submit.toFixed(1)} s (${((s.submit / n) * 1000).toFixed(1)} ms per unit), approved in ${s.approve.toFixed(1)} s`,
        );
      const aggregate = await buildCityAggregate(fixture.ctx, { orgCode: 'city', year: 2025 });
      console.log(
        `# ${bench.label}: aggregate 2025 of ${aggregate.included.length} units, received ${aggregate.report.applications.rows.received[6]}, checks ${aggregate.report.checks.every((c) => c.ok) ? 'all hold' : 'FAIL'}`,
      );
    },
    async teardown() {
      await bench?.cleanup();
    },
    iterations: Number(process.env.BENCH_ITERATIONS) || 20,
    rounds: 5,
    warmup: 2,
    baselineName: `read the ${UNITS} frozen 2025 reports (select report_json)`,
    baseline: () =>
      bench!.database.db
        .selectFrom('annual_report_submissions')
        .select(['org_id', 'report_json'])
        .where('year', '=', 2025)
        .where('scope', '=', 'self')
        .execute(),
    cases: {
      [`review queue: listReportingStatus city 2025 (${UNITS} units)`]: () =>
        listReportingStatus(fixture!.ctx, { orgCode: 'city', year: 2025 }),
      [`aggregate view: buildCityAggregate city 2025 (${UNITS} reports)`]: () =>
        buildCityAggregate(fixture!.ctx, { orgCode: 'city', year: 2025 }),
      [`aggregate view: buildCityAggregate one district 2025 (${DEPARTMENTS + 1} units)`]: () =>
        buildCityAggregate(fixture!.ctx, { orgCode: 'district-4', year: 2025 }),
      'one unit reports: submit + return (2022)': async () => {
        const orgCode = fixture!.units[next++ % fixture!.units.length]!;
        await submitAnnualReport(fixture!.ctx, { orgCode, year: 2022 });
        await returnAnnualReport(fixture!.ctx, { orgCode, year: 2022, comments: '基准测试退回' });
      },
      'statistics dashboard: computeApplicationStatistics city-wide 2025': () =>
        computeApplicationStatistics(bench!.database.db, {
          orgIds: 'all',
          from: '2025-01-01',
          to: '2025-12-31',
        }),
    },
  });
}

export function benches(): Bench[] {
  const list = [workflowBench(createSqliteBenchDatabase)];
  const url = process.env.BENCH_DATABASE_URL;
  if (url) list.push(workflowBench(() => createPostgresBenchDatabase(url)));
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
