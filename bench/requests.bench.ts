/**
 * 依申请公开 at scale (issue 4, Performance).
 *
 * 1. Online intake: sustained accepted applications per second through `submitOnlineApplication`
 *    (each submission its own transaction, committed durably: SQLite in WAL with synchronous=NORMAL as
 *    configured, PostgreSQL with its default synchronous_commit), N distinct applicants (valid resident
 *    IDs, an e-mail address so the confirmation mail is queued in the same transaction) to one
 *    organisation of a demo-like tree. Baseline in the same run: a plain single-row insert transaction
 *    into a scratch table. Target ≥ 500/s on 2 cores. Two cases: one stream (each submission awaited
 *    before the next) and C submissions in flight at once (BENCH_INTAKE_CONCURRENCY, default 16: a
 *    server answering many citizens; each call submits C, so submissions/s = C × calls/s, printed).
 *    Afterwards every accepted application is checked: a due date, one request.submit audit record
 *    (and the audit chain verifies), one mail queued.
 * 2. Staff case list: N applications generated in the database (one INSERT … SELECT, a recursive CTE on
 *    SQLite and generate_series on PostgreSQL, deterministic in the row number) across a 69-organisation
 *    tree like the demo's (city, 12 city departments, 8 districts each with 4 departments and 2 towns),
 *    received from September 2024 to March 2026, 90 % closed, the open ones due from 30 days ago to 40
 *    days ahead; then `listApplications` (the use case: organisation subtree, calendar for "due soon",
 *    the repository query with its joins, first page of 50 by due date) over a fixed set of 100 filter
 *    combinations (20 each of: subtree + status, subtree + due soon, subtree + overdue, subtree +
 *    channel, subtree + received between), p50/p95 per kind printed after the run; and the capped count
 *    (≤ 10,000) the list page shows beside it. Baseline: `select … from applications order by id limit 50`.
 *    Target p95 ≤ 50 ms at 1,000,000.
 *
 * BENCH_INTAKE_N=N           submissions timed per function (default 2000)
 * BENCH_CASELIST_ROWS=N      applications generated (default 200000)
 * BENCH_CASELIST_ITERATIONS  timed list calls per function (default 200)
 * BENCH_DATABASE_URL         also run on this PostgreSQL (a scratch schema, dropped afterwards)
 *
 *   npm run bench -- intake caselist          # through the harness
 *   npx tsx bench/requests.bench.ts [filter]  # standalone, also prints milliseconds per call
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { defineBench, formatResult, runBench, type Bench } from './harness.js';
import {
  createPostgresBenchDatabase,
  createSqliteBenchDatabase,
  type BenchDatabase,
} from './support/bench-db.js';
import { loadConfig } from '../src/platform/config.js';
import { fixedClock } from '../src/platform/clock.js';
import { createJobQueue } from '../src/platform/jobs/job-queue.js';
import { createMailer } from '../src/platform/mail/mailer.js';
import { anonymousPrincipal } from '../src/platform/auth/principal.js';
import { loadPrincipal } from '../src/platform/auth/sessions.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import { verifyAuditChain } from '../src/platform/audit/audit.js';
import type { UseCaseContext } from '../src/platform/use-case.js';
import { requestDepsOf, type RequestDeps } from '../src/requests/request-deps.js';
import { submitOnlineApplication } from '../src/requests/submit-online-application.js';
import { listApplications, type ListApplicationsInput } from '../src/requests/list-applications.js';
import {
  countApplicationsByStatus,
  countApplicationsForStaff,
  listApplicationsForStaff,
  listOrgIdsUnder,
  type CaseListFilter,
} from '../src/requests/requests.repository.js';
import { APPLICATION_STATUSES } from '../src/requests/codes.js';
import { loadWorkingCalendar } from '../src/calendar/calendar.repository.js';
import { readDueSoonWorkdays } from '../src/requests/application-log.js';

const INTAKE_N = Number(process.env.BENCH_INTAKE_N) || 2000;
/** Submissions in flight at once in the concurrent intake case (citizens submitting together). */
const INTAKE_CONCURRENCY = Number(process.env.BENCH_INTAKE_CONCURRENCY) || 16;
const ROWS = Number(process.env.BENCH_CASELIST_ROWS) || 200_000;
const LIST_ITERATIONS = Number(process.env.BENCH_CASELIST_ITERATIONS) || 200;
/** Monday 2 March 2026, 10:00 in Shanghai: "today" for due soon and overdue. */
const NOW = new Date('2026-03-02T02:00:00.000Z');
const TODAY = '2026-03-02';
const AT = '2026-01-01T00:00:00.000Z';

// --- the organisation tree ---------------------------------------------------------------------

export interface Tree {
  /** Every organisation id, in creation order. */
  ids: number[];
  districts: string[];
  cityDepartments: string[];
  districtUnits: string[];
}

/** 69 organisations: city, 12 city departments, 8 districts each with 4 departments and 2 towns. */
export async function seedOrgTree(bench: BenchDatabase): Promise<Tree> {
  const { db } = bench.database;
  const insertOrg = async (code: string, parent: { id: number; path: string } | null, kind: string) => {
    const { id } = await db
      .insertInto('orgs')
      .values({
        code,
        parent_id: parent?.id ?? null,
        path: '/',
        kind: kind as 'government',
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
  const tree: Tree = { ids: [], districts: [], cityDepartments: [], districtUnits: [] };
  const city = await insertOrg('city', null, 'government');
  tree.ids.push(city.id);
  for (let k = 1; k <= 12; k++) {
    tree.ids.push((await insertOrg(`city-dept-${k}`, city, 'department')).id);
    tree.cityDepartments.push(`city-dept-${k}`);
  }
  for (let d = 1; d <= 8; d++) {
    const district = await insertOrg(`district-${d}`, city, 'government');
    tree.ids.push(district.id);
    tree.districts.push(`district-${d}`);
    for (let k = 1; k <= 4; k++) {
      tree.ids.push((await insertOrg(`d${d}-dept-${k}`, district, 'department')).id);
      tree.districtUnits.push(`d${d}-dept-${k}`);
    }
    for (let k = 1; k <= 2; k++) {
      tree.ids.push((await insertOrg(`d${d}-town-${k}`, district, 'town')).id);
      tree.districtUnits.push(`d${d}-town-${k}`);
    }
  }
  return tree;
}

function benchDeps(dir: string, bench: BenchDatabase): RequestDeps {
  const config = loadConfig({ NODE_ENV: 'test', GONGKAI_DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const clock = fixedClock(NOW);
  const jobs = createJobQueue({ database: bench.database, clock });
  const mailer = createMailer({ database: bench.database, config, jobs, clock });
  return requestDepsOf({ config, mailer });
}

// --- 1. online intake --------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid 18-digit resident ID (GB 11643 check character) for applicant number `n`. */
export function residentId(n: number): string {
  const born = new Date(Date.UTC(1950, 0, 1) + (n % 18_000) * 86_400_000);
  const ymd = born.toISOString().slice(0, 10).replaceAll('-', '');
  const body = `110105${ymd}${String(Math.floor(n / 18_000) % 1000).padStart(3, '0')}`;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11]!;
}

function intakeBench(open: () => Promise<BenchDatabase>): Bench {
  let bench: BenchDatabase | undefined;
  let deps: RequestDeps | undefined;
  let dir = '';
  let n = 0;
  let scratch = 0;
  let startedAt = 0n;
  const ctx = (): UseCaseContext => ({
    database: bench!.database,
    principal: anonymousPrincipal(),
    meta: { ip: '198.51.100.7', userAgent: 'bench', requestId: 'bench' },
    now: NOW,
  });
  return defineBench(`requests: online intake, ${INTAKE_N.toLocaleString('en')} submissions`, {
    async setup() {
      bench = await open();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-intake-'));
      deps = benchDeps(dir, bench);
      await seedOrgTree(bench);
      const pg = bench.database.dialect.kind === 'postgres';
      await sql
        .raw(
          `create table bench_scratch (id ${pg ? 'bigserial' : 'integer'} primary key, payload text not null, created_at text not null)`,
        )
        .execute(bench.database.db);
      startedAt = process.hrtime.bigint();
    },
    async teardown() {
      if (bench) {
        const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
        const { count } = await bench.database.db
          .selectFrom('applications')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow();
        console.log(
          `# ${bench.label}: ${Number(count).toLocaleString('en')} applications accepted (${await checkIntake(bench)}; and ${scratch.toLocaleString('en')} scratch rows) in ${seconds.toFixed(1)} s of warm-up and timed rounds; load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}`,
        );
        await bench.cleanup();
      }
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
    iterations: INTAKE_N,
    rounds: 10,
    warmup: Math.min(100, Math.ceil(INTAKE_N / 20)),
    baselineName: 'single-row insert transaction (scratch table)',
    baseline: () =>
      inTransaction(bench!.database.db, async (trx) => {
        scratch += 1;
        await sql`insert into bench_scratch (payload, created_at) values (${`row ${scratch}`}, ${AT})`.execute(
          trx,
        );
      }),
    cases: {
      'submitOnlineApplication (own transaction each)': () => submitOne(),
      [`submitOnlineApplication × ${INTAKE_CONCURRENCY} concurrent`]: () =>
        Promise.all(Array.from({ length: INTAKE_CONCURRENCY }, () => submitOne())),
    },
  });

  async function submitOne(): Promise<void> {
    n += 1;
    const result = await submitOnlineApplication(ctx(), deps!, {
      orgCode: n % 3 === 0 ? 'city-dept-1' : n % 3 === 1 ? 'd1-dept-1' : 'd2-town-1',
      description: `2025年本单位政府采购合同清单（第${n}项）`,
      deliveryForm: 'electronic',
      deliveryMethod: 'email',
      applicant: {
        type: 'natural_person',
        name: '张三',
        idType: 'resident_id',
        idNumber: residentId(n),
        phone: '13812345678',
        email: `applicant${n}@example.com`,
      },
      clientToken: `bench-intake-${n}-0123456789abcdef`,
    });
    if (result.isRepeat) throw new Error('a bench submission was taken for a repeat');
    if (!result.dueOn) throw new Error('a bench submission has no due date');
  }
}

/** Every accepted application kept its behaviour: due date, its audit record (chain intact), its mail. */
async function checkIntake(bench: BenchDatabase): Promise<string> {
  const { db } = bench.database;
  const count = async (q: Promise<{ n: number | string }>) => Number((await q).n);
  const apps = await count(
    db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  const undated = await count(
    db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('due_on', 'is', null)
      .executeTakeFirstOrThrow(),
  );
  const audited = await count(
    db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'request.submit')
      .executeTakeFirstOrThrow(),
  );
  const mails = await count(
    db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  );
  // The reference is written at the end of the transaction, also into the mail and the audit record.
  const provisional = await count(
    db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('reference', 'like', 'provisional%')
      .executeTakeFirstOrThrow(),
  );
  const provisionalMentions = await count(
    db
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('subject', 'like', '%provisional%'), eb('text_body', 'like', '%provisional%')]))
      .executeTakeFirstOrThrow(),
  );
  const chain = await verifyAuditChain(db);
  if (undated !== 0 || audited !== apps || mails !== apps || !chain.ok || provisional + provisionalMentions !== 0)
    throw new Error(
      `intake check failed: ${apps} applications, ${undated} without a due date, ${audited} request.submit audit records, ${mails} mails, audit chain ${chain.ok ? 'ok' : 'broken'}, ${provisional} provisional references, ${provisionalMentions} mails naming one`,
    );
  return `every one with a due date, its reference, a request.submit audit record (chain of ${chain.checked.toLocaleString('en')} verified) and a mail queued`;
}

// --- 2. the staff case list --------------------------------------------------------------------

export async function seedApplications(
  bench: BenchDatabase,
  tree: Tree,
  rows: number,
): Promise<{ seconds: number }> {
  const { db, dialect } = bench.database;
  const start = process.hrtime.bigint();
  const pg = dialect.kind === 'postgres';
  // A million rows through eleven indexes: give SQLite's page cache room for them (256 MB) while
  // generating, instead of the default 2 MB that sends most index updates to the file.
  const cacheSize = bench.database.sqlite?.pragma('cache_size', { simple: true });
  bench.database.sqlite?.pragma('cache_size = -262144');
  // Busier city and district offices: weight the first organisations by repeating them.
  const weighted = [...tree.ids, ...tree.ids.slice(0, 21), ...tree.ids.slice(0, 13)];
  const orgCase = sql.raw(
    `case (n % ${weighted.length}) ${weighted.map((id, i) => `when ${i} then ${id}`).join(' ')} end`,
  );
  const series = (from: number, to: number) =>
    pg
      ? sql.raw(`(select generate_series(${from}, ${to}) as n) as s`)
      : sql.raw(
          `(with recursive s(n) as (select ${from} union all select n + 1 from s where n < ${to}) select n from s) as s`,
        );
  const dateSql = (base: string, offset: string): string =>
    pg
      ? `to_char(date '${base}' + (${offset})::int, 'YYYY-MM-DD')`
      : `date('${base}', printf('%+d days', ${offset}))`;
  // Closed ones received 2024-09-01 … 2026-02-20; open ones (n % 10 = 0) in the last 70 days, due
  // from 30 days ago to 40 days ahead of TODAY.
  const open = 'n % 10 = 0';
  const received = sql.raw(
    `case when ${open} then ${dateSql(TODAY, '-70 + ((n / 10) * 7) % 50')} else ${dateSql('2024-09-01', '(n * 37) % 537')} end`,
  );
  const due = sql.raw(
    `case when ${open} then ${dateSql(TODAY, '-30 + (n * 13) % 71')} else ${dateSql('2024-09-01', '(n * 37) % 537 + 28')} end`,
  );
  const closed = sql.raw(dateSql('2024-09-01', '(n * 37) % 537 + (n * 11) % 30'));
  const status = sql.raw(
    `case when ${open} then (case (n / 10) % 10 when 0 then 'awaiting_correction' when 1 then 'consulting' when 2 then 'awaiting_fee' when 3 then 'extended' when 4 then 'extended' else 'received' end) when n % 1000 = 1 then 'withdrawn' else 'closed' end`,
  );
  const channel = sql.raw(
    `case (n + n / 10) % 20 when 0 then 'in_person' when 1 then 'in_person' when 2 then 'registered_mail' when 3 then 'ordinary_mail' when 4 then 'email' when 5 then 'fax' when 6 then 'other' else 'online' end`,
  );
  const applicantType = sql.raw(
    `case when n % 100 < 80 then 'natural_person' when n % 100 < 88 then 'commercial_enterprise' when n % 100 < 90 then 'research_institution' when n % 100 < 93 then 'public_interest_org' when n % 100 < 96 then 'legal_service_org' else 'other_org' end`,
  );
  // In transactions of 50,000 rows: the report-count triggers (migration 0012) update the same few
  // thousand count rows for every insert, and on PostgreSQL one transaction updating a row thousands
  // of times walks an ever longer chain of its own dead versions (a single INSERT … SELECT of a
  // million rows ran for over 20 minutes).
  const CHUNK = 50_000;
  for (let from = 1; from <= rows; from += CHUNK) {
    const to = Math.min(rows, from + CHUNK - 1);
    await sql`
    insert into applications (org_id, reference, query_code_hash, channel, submitted_at, received_on,
      applicant_type, description, delivery_form, delivery_method, status, outcome, due_on, is_overdue,
      closed_on, last_event_on, state_computed_on, event_count, created_at, updated_at)
    select ${orgCase}, 'B-' || n, 'x', ${channel}, ${AT}, ${received}, ${applicantType},
      '申请获取的政府信息' || n, 'electronic', 'email', ${status},
      case when ${sql.raw(open)} or n % 1000 = 1 then null else 'granted' end,
      ${due}, 0,
      case when ${sql.raw(open)} then null else ${closed} end,
      ${received}, ${TODAY}, 2, ${AT}, ${AT}
    from ${series(from, to)}`.execute(db);
  }
  await sql`
    insert into applicants (application_id, name, id_type, id_number_masked, phone_masked, created_at)
    select id, '申请人' || id, 'resident_id', '110105********002X', '138****5678', ${AT} from applications`.execute(
    db,
  );
  // PostgreSQL: VACUUM as autovacuum would have by the time a table holds a million settled rows; it
  // sets the visibility map, without which every index-only scan of fresh rows visits the heap.
  // Named tables: a bare VACUUM or ANALYZE would visit every schema of the shared database.
  await sql.raw(pg ? 'vacuum analyze applications, applicants, orgs' : 'analyze').execute(db);
  if (cacheSize !== undefined) bench.database.sqlite?.pragma(`cache_size = ${Number(cacheSize)}`);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

type Kind = 'status' | 'due soon' | 'overdue' | 'channel' | 'received between';

/** 100 fixed filter combinations, 20 of each kind, over the tree's subtrees. */
export function filterCombinations(tree: Tree): { kind: Kind; input: ListApplicationsInput }[] {
  const subtrees = [
    'city',
    ...tree.districts,
    ...tree.cityDepartments.slice(0, 6),
    ...tree.districtUnits.slice(0, 5),
  ]; // 20
  const statusSets: ListApplicationsInput['statuses'][] = [
    ['received'],
    ['extended'],
    ['awaiting_correction'],
    ['received', 'extended'],
    ['closed'],
  ];
  const channelSets: ListApplicationsInput['channels'][] = [
    ['online'],
    ['in_person'],
    ['registered_mail', 'ordinary_mail'],
    ['email'],
  ];
  const months = ['2024-10', '2025-01', '2025-04', '2025-07', '2025-10', '2026-01', '2026-02'];
  const out: { kind: Kind; input: ListApplicationsInput }[] = [];
  subtrees.forEach((orgCode, i) => {
    out.push({ kind: 'status', input: { orgCode, statuses: statusSets[i % statusSets.length]! } });
    out.push({ kind: 'due soon', input: { orgCode, dueSoon: true } });
    out.push({ kind: 'overdue', input: { orgCode, overdue: true } });
    out.push({
      kind: 'channel',
      input: { orgCode, channels: channelSets[i % channelSets.length]!, openOnly: i % 2 === 0 },
    });
    const m = months[i % months.length]!;
    out.push({
      kind: 'received between',
      input: { orgCode, receivedFrom: `${m}-01`, receivedTo: `${m}-28`, statuses: i % 3 ? [] : ['closed'] },
    });
  });
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function caseListBench(open: () => Promise<BenchDatabase>): Bench {
  let bench: BenchDatabase | undefined;
  let deps: RequestDeps | undefined;
  let ctx: UseCaseContext | undefined;
  let dir = '';
  let combos: { kind: Kind; input: ListApplicationsInput }[] = [];
  let orgIdsOf = new Map<string, number[]>();
  let dueSoonHorizon = TODAY;
  const warmup = 20;
  const timings = new Map<string, number[]>();
  /** Times one call; only calls after each function's warm-up count towards the percentiles. */
  const timed = async (labels: string[], call: number, run: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    await run();
    if (call <= warmup) return;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    for (const label of labels) {
      const list = timings.get(label) ?? [];
      list.push(ms);
      timings.set(label, list);
    }
  };
  let b = 0;
  let i = 0;
  let j = 0;
  let k = 0;
  return defineBench(`requests: staff case list, ${ROWS.toLocaleString('en')} applications`, {
    async setup() {
      bench = await open();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-caselist-'));
      deps = benchDeps(dir, bench);
      const tree = await seedOrgTree(bench);
      const { seconds } = await seedApplications(bench, tree, ROWS);
      console.log(
        `# ${bench.label}: generated ${ROWS.toLocaleString('en')} applications (and applicants) in ${seconds.toFixed(1)} s`,
      );
      const { db } = bench.database;
      const city = await db
        .selectFrom('orgs')
        .select('id')
        .where('code', '=', 'city')
        .executeTakeFirstOrThrow();
      const { id: userId } = await db
        .insertInto('users')
        .values({
          username: 'supervisor',
          display_name: '督查',
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
        .values({ user_id: userId, org_id: city.id, role: 'supervisor', created_at: AT })
        .execute();
      const principal = await loadPrincipal(bench.database, userId);
      if (!principal) throw new Error('bench supervisor not loaded');
      ctx = {
        database: bench.database,
        principal,
        meta: { ip: '192.0.2.1', userAgent: 'bench', requestId: 'bench' },
        now: NOW,
      };
      combos = filterCombinations(tree);
      orgIdsOf = new Map();
      for (const { input } of combos) {
        const code = input.orgCode!;
        if (!orgIdsOf.has(code)) {
          const org = await db
            .selectFrom('orgs')
            .select('path')
            .where('code', '=', code)
            .executeTakeFirstOrThrow();
          orgIdsOf.set(code, await listOrgIdsUnder(db, [org.path]));
        }
      }
      {
        const calendar = await loadWorkingCalendar(db);
        dueSoonHorizon = calendar.addWorkingDays(TODAY, await readDueSoonWorkdays(db));
      }
      // Every combination finds something (so a fast empty answer never flatters the figures).
      let empty = 0;
      for (const { input } of combos) {
        if ((await listApplications(ctx, deps, input)).rows.length === 0) empty += 1;
      }
      console.log(
        `# ${bench.label}: ${combos.length} filter combinations, ${empty} with an empty first page`,
      );
      timings.clear();
      b = 0;
      i = 0;
      j = 0;
      k = 0;
    },
    async teardown() {
      if (bench) {
        const lines: string[] = [];
        for (const [label, all] of timings) {
          const ms = [...all].sort((x, y) => x - y);
          if (ms.length === 0) continue;
          lines.push(
            `#   ${label.padEnd(44)} p50 ${percentile(ms, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(
              ms,
              95,
            )
              .toFixed(1)
              .padStart(7)} ms  max ${ms.at(-1)!.toFixed(1).padStart(7)} ms  (${ms.length} calls)`,
          );
        }
        console.log(
          `# ${bench.label}: latency per call (timed rounds), load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}\n${lines.join('\n')}`,
        );
        await bench.cleanup();
      }
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
    iterations: LIST_ITERATIONS,
    rounds: 10,
    warmup,
    baselineName: 'select … from applications order by id limit 50',
    baseline: () =>
      timed(['baseline: order by id limit 50'], ++b, () =>
        bench!.database.db
          .selectFrom('applications')
          .select(['id', 'reference', 'org_id', 'status', 'due_on', 'received_on'])
          .orderBy('id')
          .limit(50)
          .execute(),
      ),
    cases: {
      'listApplications first page (100 filter combinations)': () => {
        const combo = combos[i++ % combos.length]!;
        return timed(['listApplications: all 100 combinations', `listApplications: ${combo.kind}`], i, () =>
          listApplications(ctx!, deps!, combo.input),
        );
      },
      'capped count beside the list (≤ 10,000)': () => {
        const combo = combos[j++ % combos.length]!;
        return timed(['count (≤ 10,000): all 100 combinations'], j, () =>
          countApplicationsForStaff(bench!.database.db, repoFilterOf(combo.input)),
        );
      },
      'list page: list + count + status tabs': () => {
        const combo = combos[k++ % combos.length]!;
        // What GET /staff/requests runs for its table: the first page, the capped total and the
        // status tabs (every status counted in one statement), side by side.
        return timed(['page (list + count + status tabs): all 100', `page: ${combo.kind}`], k, () => {
          const filter = repoFilterOf(combo.input);
          const db = bench!.database.db;
          return Promise.all([
            listApplicationsForStaff(db, filter, { page: 1, pageSize: 50 }),
            countApplicationsForStaff(db, filter),
            countApplicationsByStatus(db, filter, APPLICATION_STATUSES),
          ]);
        });
      },
    },
  });

  /** The repository filter listApplications builds for a combination (due soon to the same horizon). */
  function repoFilterOf(input: ListApplicationsInput): CaseListFilter {
    return {
      orgIds: orgIdsOf.get(input.orgCode!)!,
      statuses: input.statuses ?? [],
      channels: input.channels ?? [],
      ...(input.overdue ? { dueBefore: TODAY } : {}),
      ...(input.dueSoon ? { dueOnOrAfter: TODAY, dueOnOrBefore: dueSoonHorizon } : {}),
      ...(input.receivedFrom ? { receivedFrom: input.receivedFrom } : {}),
      ...(input.receivedTo ? { receivedTo: input.receivedTo } : {}),
      openOnly: input.openOnly ?? false,
    };
  }
}

export function benches(): Bench[] {
  const label = (b: Bench, db: string): Bench => ({ ...b, name: `${b.name} (${db})` });
  const list = [
    label(intakeBench(createSqliteBenchDatabase), 'SQLite'),
    label(caseListBench(createSqliteBenchDatabase), 'SQLite'),
  ];
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    list.push(
      label(
        intakeBench(() => createPostgresBenchDatabase(url)),
        'PostgreSQL',
      ),
    );
    list.push(
      label(
        caseListBench(() => createPostgresBenchDatabase(url)),
        'PostgreSQL',
      ),
    );
  }
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
    for (const c of [result.baseline, ...result.cases]) {
      console.log(`  ${c.name}: ${(1000 / c.opsPerSecond).toFixed(2)} ms per call (median of rounds)`);
      const inFlight = /× (\d+) concurrent/.exec(c.name);
      if (inFlight)
        console.log(
          `  ${c.name}: ${(Number(inFlight[1]) * c.opsPerSecond).toFixed(0)} submissions/s (${inFlight[1]} per call)`,
        );
    }
    console.log('');
  }
}
