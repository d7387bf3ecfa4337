/**
 * Electronic supervision at scale (issue 6): the dashboard's figures (computeSupervisionFigures, what
 * /staff/supervision and the drill-down render) over N applications across a demo-like tree of 69
 * organisations (city, 12 city departments, 8 districts each with 4 departments and 2 towns).
 *
 * The rows are generated inside the database (one INSERT … SELECT per table: a recursive CTE on
 * SQLite, generate_series on PostgreSQL), deterministic in the row number: received from 2024-09-01
 * to 2026-03-31, 2 % still open (most of them overdue), the rest closed 8–28 calendar days after
 * receipt with a `closed` event; one in 7 extended, one in 13 with a correction requested and
 * received, one in 17 with a consultation started and ended — so the figures come from real event
 * logs through deriveApplicationState. "Today" is Friday 2026-04-10.
 *
 * Cases, each against a baseline in the same run (the applications of the same quarter counted per
 * organisation in one grouped query: the least any dashboard must read):
 *   - dashboard, whole city, 2026-Q1 (69 organisations)
 *   - dashboard, whole city, running quarter to date (2026-Q2 to 04-10)
 *   - dashboard, one district (7 organisations), 2026-Q1
 *   - drill-down, one city department, 2026-Q1 (the page's cases)
 * The first call of each (which derives and stores the case facts not yet cached) is timed apart and
 * printed as "cold"; the harness measures the warm calls.
 *
 * BENCH_SUPERVISION_ROWS=N        applications (default 100000)
 * BENCH_SUPERVISION_ITERATIONS=N  timed calls per function (default 20)
 * BENCH_DATABASE_URL              also run on this PostgreSQL (a scratch schema, dropped afterwards)
 *
 *   npm run bench -- supervision               # through the harness
 *   npx tsx bench/supervision.bench.ts         # standalone, also prints milliseconds per call
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { defineBench, formatResult, runBench, type Bench } from './harness.js';
import { seedOrgTree } from './requests.bench.js';
import {
  createPostgresBenchDatabase,
  createSqliteBenchDatabase,
  type BenchDatabase,
} from './support/bench-db.js';
import { computeSupervisionFigures, loadSupervisionSettings } from '../src/supervision/compute-figures.js';
import { listSupervisedOrgs, type SupervisedOrg } from '../src/supervision/supervision.repository.js';
import { quarterPeriod, type Period } from '../src/supervision/supervision.rules.js';
import type { SupervisionSettings } from '../src/supervision/settings.rules.js';

const ROWS = Number(process.env.BENCH_SUPERVISION_ROWS) || 100_000;
const ITERATIONS = Number(process.env.BENCH_SUPERVISION_ITERATIONS) || 20;
const TODAY = '2026-04-10';
const AT = '2026-04-10T02:00:00.000Z';
const Q1 = quarterPeriod('2026-Q1');
const RUNNING: Period = { from: '2026-04-01', to: '2026-06-30' };

/** N applications with their event logs, generated in the database. */
export async function seedSupervisionData(bench: BenchDatabase, rows: number): Promise<{ seconds: number }> {
  const { db, dialect } = bench.database;
  const start = process.hrtime.bigint();
  // The benchmarks' 69-organisation tree (bench/requests.bench.ts), ids in creation order.
  const { ids } = await seedOrgTree(bench);
  const pg = dialect.kind === 'postgres';
  // Busier city and district offices: the first organisations weigh more.
  const weighted = [...ids, ...ids.slice(0, 21), ...ids.slice(0, 13)];
  const orgCase = `case (n % ${weighted.length}) ${weighted.map((id, i) => `when ${i} then ${id}`).join(' ')} end`;
  const series = pg
    ? `(select generate_series(1, ${rows}) as n) as s`
    : `(with recursive s(n) as (select 1 union all select n + 1 from s where n < ${rows}) select n from s) as s`;
  const day = (offset: string): string =>
    pg
      ? `to_char(date '2024-09-01' + (${offset})::int, 'YYYY-MM-DD')`
      : `date('2024-09-01', printf('%+d days', ${offset}))`;
  const recv = '((n * 37) % 577)';
  const closeAt = `(${recv} + 8 + (n * 11) % 21)`;
  // Open: one in 50, and those whose closing day would be after today (day 586 is 2026-04-10).
  const open = `(n % 50 = 0 or ${closeAt} > 586)`;
  await sql
    .raw(
      `insert into applications (org_id, reference, query_code_hash, channel, submitted_at, received_on,
        applicant_type, description, delivery_form, delivery_method, status, outcome, due_on, is_overdue,
        closed_on, last_event_on, state_computed_on, event_count, created_at, updated_at)
      select ${orgCase}, 'S-' || n, 'x', 'online', '${AT}', ${day(recv)}, 'natural_person',
        '申请获取的政府信息' || n, 'electronic', 'email',
        case when ${open} then 'received' else 'closed' end,
        case when ${open} then null else 'granted' end,
        ${day(`${recv} + 28`)}, 0,
        case when ${open} then null else ${day(closeAt)} end,
        ${day(recv)}, '${TODAY}',
        (case when ${open} then 0 else 1 end) + (case when n % 7 = 0 then 1 else 0 end)
          + (case when n % 13 = 0 then 2 else 0 end) + (case when n % 17 = 0 then 2 else 0 end),
        '${AT}', '${AT}'
      from ${series}`,
    )
    .execute(db);
  // The event logs, from the application rows (n is recovered from the reference).
  const n = 'cast(substr(a.reference, 3) as integer)';
  const insertEvents = async (cond: string, seq: string, type: string, offset: string, payload: string) => {
    const on = pg
      ? `to_char(cast(a.received_on as date) + ${offset}, 'YYYY-MM-DD')`
      : `date(a.received_on, '+${offset} days')`;
    await sql
      .raw(
        `insert into application_events (application_id, seq, type, on_date, payload_json, actor_user_id, actor_label, created_at)
        select a.id, ${seq}, '${type}', ${on}, ${payload}, null, 'bench', '${AT}'
        from applications a where ${cond}`,
      )
      .execute(db);
  };
  const dueOn = pg
    ? `'{"correctionDueOn":"' || to_char(cast(a.received_on as date) + 16, 'YYYY-MM-DD') || '"}'`
    : `'{"correctionDueOn":"' || date(a.received_on, '+16 days') || '"}'`;
  await insertEvents(`${n} % 13 = 0`, '1', 'correction_requested', '1', dueOn);
  await insertEvents(`${n} % 13 = 0`, '2', 'correction_received', '4', `'{}'`);
  await insertEvents(`${n} % 17 = 0`, '3', 'consultation_started', '5', `'{"party":"third_party"}'`);
  await insertEvents(`${n} % 17 = 0`, '4', 'consultation_ended', '7', `'{}'`);
  await insertEvents(`${n} % 7 = 0`, '5', 'extended', '7', `'{"workdays":20}'`);
  const closedCond = `a.closed_on is not null`;
  await sql
    .raw(
      `insert into application_events (application_id, seq, type, on_date, payload_json, actor_user_id, actor_label, created_at)
      select a.id, 6, 'closed', a.closed_on, '{"outcome":"granted"}', null, 'bench', '${AT}'
      from applications a where ${closedCond}`,
    )
    .execute(db);
  await sql.raw('analyze').execute(db);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function supervisionBench(open: () => Promise<BenchDatabase>): Bench {
  let bench: BenchDatabase | undefined;
  let all: SupervisedOrg[] = [];
  let district: SupervisedOrg[] = [];
  let department: SupervisedOrg | undefined;
  let settings: SupervisionSettings | undefined;
  const timings = new Map<string, number[]>();
  const cold = new Map<string, number>();
  const timed = async (label: string, run: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    await run();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!cold.has(label)) {
      cold.set(label, ms);
      return;
    }
    timings.set(label, [...(timings.get(label) ?? []), ms]);
  };
  const figures = (orgs: SupervisedOrg[], period: Period) =>
    computeSupervisionFigures(bench!.database.db, {
      orgs,
      period,
      today: TODAY,
      settings: settings!,
      timeZone: 'Asia/Shanghai',
    });
  return defineBench(`supervision: dashboard figures, ${ROWS.toLocaleString('en')} applications`, {
    async setup() {
      bench = await open();
      const { seconds } = await seedSupervisionData(bench, ROWS);
      const db = bench.database.db;
      const counts = await db
        .selectFrom('applications')
        .select((eb) => [eb.fn.countAll<number>().as('all'), eb.fn.count<number>('closed_on').as('closed')])
        .executeTakeFirstOrThrow();
      console.log(
        `# ${bench.label}: generated ${ROWS.toLocaleString('en')} applications (${Number(counts.closed).toLocaleString('en')} closed) with their events in ${seconds.toFixed(1)} s`,
      );
      all = await listSupervisedOrgs(db, 'all');
      const d = all.find((o) => o.code === 'district-1')!;
      district = all.filter((o) => o.path.startsWith(d.path));
      department = all.find((o) => o.code === 'city-dept-1')!;
      settings = await loadSupervisionSettings(db);
      timings.clear();
      cold.clear();
    },
    async teardown() {
      if (bench) {
        const lines: string[] = [];
        for (const [label, ms0] of timings) {
          const ms = [...ms0].sort((x, y) => x - y);
          lines.push(
            `#   ${label.padEnd(40)} cold ${cold.get(label)!.toFixed(0).padStart(7)} ms  p50 ${percentile(
              ms,
              50,
            )
              .toFixed(1)
              .padStart(
                8,
              )} ms  p95 ${percentile(ms, 95).toFixed(1).padStart(8)} ms  (${ms.length} warm calls)`,
          );
        }
        console.log(
          `# ${bench.label}: latency per call, load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}\n${lines.join('\n')}`,
        );
        await bench.cleanup();
      }
    },
    iterations: ITERATIONS,
    rounds: Math.min(5, ITERATIONS),
    warmup: 1,
    baselineName: 'applications of the quarter counted per organisation (one grouped query)',
    baseline: () =>
      timed('baseline: grouped count', () =>
        bench!.database.db
          .selectFrom('applications')
          .select((eb) => ['org_id', eb.fn.countAll<number>().as('n')])
          .where('received_on', '<=', Q1.to)
          .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', Q1.from)]))
          .groupBy('org_id')
          .execute(),
      ),
    cases: {
      'dashboard, whole city, 2026-Q1': () => timed('dashboard city Q1', () => figures(all, Q1)),
      'dashboard, whole city, running quarter': () =>
        timed('dashboard city running quarter', () => figures(all, RUNNING)),
      'dashboard, one district (7 units), 2026-Q1': () =>
        timed('dashboard district Q1', () => figures(district, Q1)),
      'drill-down, one department, 2026-Q1': () =>
        timed('drill-down department Q1', () => figures([department!], Q1)),
    },
  });
}

export function benches(): Bench[] {
  const label = (b: Bench, db: string): Bench => ({ ...b, name: `${b.name} (${db})` });
  const list = [label(supervisionBench(createSqliteBenchDatabase), 'SQLite')];
  const url = process.env.BENCH_DATABASE_URL;
  if (url)
    list.push(
      label(
        supervisionBench(() => createPostgresBenchDatabase(url)),
        'PostgreSQL',
      ),
    );
  return list;
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
      console.log(`  ${c.name}: ${(1000 / c.opsPerSecond).toFixed(2)} ms per call (median of rounds)`);
    console.log('');
  }
}
