import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { buildOrg, contextFor, recordingRequestDeps } from '../../test/support/factories.js';
import { anonymousPrincipal } from '../platform/auth/principal.js';
import { auditRecordReadingHead, verifyAuditChain } from '../platform/audit/audit.js';
import type { Tx } from '../platform/db/transaction.js';
import { sql } from 'kysely';
import { NUMBERED_REFERENCE, numberApplicationAppendingAudit } from './requests.repository.js';
import { AppError } from '../platform/errors.js';
import path from 'node:path';
import { fixedClock } from '../platform/clock.js';
import { createJobQueue } from '../platform/jobs/job-queue.js';
import { createMailer, MAIL_SEND_JOB, type MailMessage } from '../platform/mail/mailer.js';
import type { RequestDeps } from './request-deps.js';
import { submitOnlineApplication, type SubmitOnlineApplicationInput } from './submit-online-application.js';

/**
 * Online submissions arriving together (a web server answers many citizens at once): on PostgreSQL
 * each runs in its own transaction on the pool and they overlap up to the reference number and the
 * audit append, which come last; on SQLite they share commits. Either way the numbers stay gap-free,
 * the chain verifiable, a repeated token one application, and the 条例第三十五条 count exact.
 */

const NOW = new Date('2026-03-02T02:00:00.000Z');
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid resident ID (GB 11643 check character) for person `n`. */
function residentId(n: number): string {
  const body = `11010519800101${String(n).padStart(3, '0')}`;
  const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11]!;
}

describe('online intake under concurrency', () => {
  let t: TestDatabase;
  let deps: RequestDeps;
  const mails: MailMessage[] = [];

  const ctx = () => contextFor(t.database, anonymousPrincipal(), NOW);
  const input = (
    n: number,
    overrides: Partial<SubmitOnlineApplicationInput> = {},
  ): SubmitOnlineApplicationInput => ({
    orgCode: 'dg-a',
    description: `第${n}件`,
    deliveryForm: 'electronic',
    deliveryMethod: 'email',
    applicant: {
      type: 'natural_person',
      name: '赵六',
      idType: 'resident_id',
      idNumber: residentId(n),
      email: `person${n}@example.com`,
    },
    clientToken: `concurrent-${n}-0123456789abcdef`,
    ...overrides,
  });
  const numberOf = (reference: string) => Number(reference.slice(-6));
  const countAudit = async (action: string) =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await createTestDatabase();
    deps = recordingRequestDeps(mails, { keyByte: 9 });
    await buildOrg(t.database, { code: 'dg', name: '东莞市人民政府' });
    await buildOrg(t.database, { code: 'dg-a', parentCode: 'dg', name: '东莞市甲局' });
  });
  after(() => t.cleanup());

  it('numbers submissions arriving together consecutively, skipping none for a refused one, each audited in a chain that verifies', async () => {
    const auditedBefore = await countAudit('request.submit');
    const mailsBefore = mails.length;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        // The eighth is refused (no such organisation) in the middle of the others.
        submitOnlineApplication(ctx(), deps, input(100 + i, i === 7 ? { orgCode: 'nowhere' } : {})),
      ),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    assert.equal(refused.length, 1);
    const reason = (refused[0] as PromiseRejectedResult).reason as unknown;
    assert.ok(reason instanceof AppError && reason.code === 'VALIDATION');
    const accepted = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    assert.equal(accepted.length, 23);
    const numbers = accepted.map((a) => numberOf(a.reference)).sort((a, b) => a - b);
    const first = numbers[0]!;
    assert.deepEqual(
      numbers,
      Array.from({ length: 23 }, (_, i) => first + i),
      'consecutive, no gap and no number twice',
    );
    for (const a of accepted) assert.match(a.reference, /^DG-2026-\d{6}$/);

    // Each stored row carries the number it was answered with; none kept a provisional reference.
    const stored = await t.database.db
      .selectFrom('applications')
      .select(['id', 'reference'])
      .where(
        'id',
        'in',
        accepted.map((a) => a.applicationId),
      )
      .execute();
    assert.deepEqual(
      new Map(stored.map((r) => [r.id, r.reference])),
      new Map(accepted.map((a) => [a.applicationId, a.reference])),
    );
    assert.equal(await countAudit('request.submit'), auditedBefore + 23);
    const chain = await verifyAuditChain(t.database.db);
    assert.equal(chain.ok, true);
    assert.equal(mails.length, mailsBefore + 23);
    for (const a of accepted) assert.ok(mails.some((m) => m.text.includes(a.reference)));

    // The next submission takes the very next number.
    const next = await submitOnlineApplication(ctx(), deps, input(200));
    assert.equal(numberOf(next.reference), numbers.at(-1)! + 1);
  });

  it('answers the same client token submitted several times at once with one application', async () => {
    const same = input(300);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => submitOnlineApplication(ctx(), deps, same)),
    );
    assert.equal(new Set(answers.map((a) => a.applicationId)).size, 1);
    assert.equal(new Set(answers.map((a) => a.reference)).size, 1);
    assert.equal(new Set(answers.map((a) => a.queryCode)).size, 1);
    assert.equal(answers.filter((a) => !a.isRepeat).length, 1);
    const rows = await t.database.db
      .selectFrom('applications')
      .select('id')
      .where('description', '=', '第300件')
      .execute();
    assert.equal(rows.length, 1);
    // The repeats took no number: the next application follows on directly.
    const next = await submitOnlineApplication(ctx(), deps, input(301));
    assert.equal(numberOf(next.reference), numberOf(answers[0]!.reference) + 1);
    assert.equal((await verifyAuditChain(t.database.db)).ok, true);
  });

  it('answers a repeated token with the first application even when the form would now be refused', async () => {
    const first = await submitOnlineApplication(ctx(), deps, input(400));
    const again = await submitOnlineApplication(ctx(), deps, input(400, { orgCode: 'nowhere' }));
    assert.equal(again.applicationId, first.applicationId);
    assert.equal(again.isRepeat, true);
  });

  it('counts one applicant’s applications of the month exactly when they arrive together (条例第三十五条)', async () => {
    // Default threshold 10 a month: of 13 at once, the 11th, 12th and 13th are flagged.
    const person = residentId(500);
    const results = await Promise.all(
      Array.from({ length: 13 }, (_, i) =>
        submitOnlineApplication(
          ctx(),
          deps,
          input(500 + i, {
            applicant: {
              type: 'natural_person',
              name: '钱七',
              idType: 'resident_id',
              idNumber: person,
              address: '东莞市某路2号',
            },
          }),
        ),
      ),
    );
    const ids = results.map((r) => r.applicationId);
    const flagged = await t.database.db
      .selectFrom('applications')
      .select('id')
      .where('id', 'in', ids)
      .where('is_volume_flagged', '=', 1)
      .execute();
    assert.equal(flagged.length, 3);
    const counts = await t.database.db
      .selectFrom('application_events')
      .select('payload_json')
      .where('application_id', 'in', ids)
      .where('type', '=', 'volume_flagged')
      .execute();
    assert.deepEqual(
      counts
        .map((e) => (JSON.parse(e.payload_json) as { monthCount: number }).monthCount)
        .sort((a, b) => a - b),
      [11, 12, 13],
    );
  });
  it('queues each confirmation with its send job in the submission’s own transaction, with the platform’s mailer', async () => {
    const outboxDir = path.join(t.dir, 'intake-outbox');
    const clock = fixedClock(NOW);
    const jobs = createJobQueue({ database: t.database, clock });
    const mailer = createMailer({
      database: t.database,
      config: { mail: { smtpUrl: undefined, from: 'xxgk@example.gov.cn' }, outboxDir },
      jobs,
      clock,
    });
    const realDeps: RequestDeps = { ...deps, mailer };
    const before = await t.database.db.selectFrom('mail_outbox').select('id').execute();
    const known = new Set(before.map((r) => r.id));
    const accepted = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        submitOnlineApplication(
          ctx(),
          realDeps,
          // The last gives no e-mail address: no mail.
          i === 5
            ? input(600 + i, {
                deliveryMethod: 'pickup',
                applicant: { ...input(600 + i).applicant, email: undefined, phone: '13800138000' },
              })
            : input(600 + i),
        ),
      ),
    );
    const queued = (
      await t.database.db.selectFrom('mail_outbox').selectAll().where('status', '=', 'queued').execute()
    ).filter((m) => !known.has(m.id));
    assert.equal(queued.length, 5);
    for (const a of accepted.slice(0, 5)) {
      const mail = queued.find((m) => m.subject.includes(a.reference));
      assert.ok(mail, `a confirmation names ${a.reference}`);
      assert.ok(mail.text_body.includes(a.reference) && mail.text_body.includes(String(a.dueOn)));
    }
    // Each message has exactly one send job pointing at it, and the job sends it.
    const sendJobs = await t.database.db.selectFrom('jobs').selectAll().where('type', '=', MAIL_SEND_JOB).execute();
    for (const m of queued) {
      const mine = sendJobs.filter((j) => (JSON.parse(j.payload_json) as { outboxId: number }).outboxId === m.id);
      assert.equal(mine.length, 1, `one send job for message ${m.id}`);
      assert.equal(mine[0]!.status, 'pending');
    }
    const run = await jobs.runDue();
    assert.ok(run.succeeded >= 5);
    const written = await t.database.db
      .selectFrom('mail_outbox')
      .select(['id', 'status'])
      .where(
        'id',
        'in',
        queued.map((m) => m.id),
      )
      .execute();
    assert.deepEqual(
      written.map((m) => m.status),
      queued.map(() => 'written'),
    );
    // Each answered as a new application (not as a repeat found after a failure).
    for (const a of accepted) assert.equal(a.isRepeat, false);
    // The texts and the audit records carry the number, never the provisional reference.
    for (const m of queued) assert.doesNotMatch(`${m.subject}${m.text_body}`, /provisional/);
    const records = await t.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'after_json'])
      .where('action', '=', 'request.submit')
      .where(
        'entity_id',
        'in',
        accepted.map((a) => String(a.applicationId)),
      )
      .execute();
    assert.equal(records.length, 6);
    for (const a of accepted) {
      const record = records.find((r) => r.entity_id === String(a.applicationId))!;
      assert.equal((JSON.parse(record.after_json!) as { reference: string }).reference, a.reference);
    }
    assert.equal((await verifyAuditChain(t.database.db)).ok, true);
  });

  it('PostgreSQL: a submission that waited for the number appends after the record the one before it committed', async (tc) => {
    if (t.database.dialect.kind !== 'postgres') {
      tc.skip('PostgreSQL only: SQLite has one writer');
      return;
    }
    const { db } = t.database;
    const end = (trx: Tx, n: number) => {
      const provisional = `provisional:waiting-test-${n}`;
      return numberApplicationAppendingAudit(
        trx,
        { id: -n, provisionalReference: provisional, prefix: 'WT', year: 2031 },
        auditRecordReadingHead(
          { userId: null, label: 'test' },
          { action: 'test.numbered', entityType: 'test', after: { reference: provisional } },
          NOW,
          { substitute: { text: provisional, by: NUMBERED_REFERENCE } },
        ),
      );
    };
    let ranFirst!: () => void;
    const firstRan = new Promise<void>((resolve) => (ranFirst = resolve));
    let releaseFirst!: () => void;
    const firstReleased = new Promise<void>((resolve) => (releaseFirst = resolve));
    // The first holds the counter row and the chain's lock until it commits.
    const first = db.transaction().execute(async (trx) => {
      const row = await end(trx, 1).executeTakeFirstOrThrow();
      ranFirst();
      await firstReleased;
      return row.reference;
    });
    await firstRan;
    // The second starts its statement (and its snapshot) now, and waits for the counter row.
    const second = db.transaction().execute(async (trx) => (await end(trx, 2).executeTakeFirstOrThrow()).reference);
    for (let i = 0; ; i++) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
      if (rows[0]!.n > 0) break;
      assert.ok(i < 500, 'the second statement waits for the first');
      await new Promise((resolve) => setImmediate(resolve));
    }
    releaseFirst();
    assert.deepEqual(await Promise.all([first, second]), ['WT-2031-000001', 'WT-2031-000002']);
    const records = await db
      .selectFrom('audit_log')
      .select(['seq', 'after_json'])
      .where('action', '=', 'test.numbered')
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      records.map((r) => (JSON.parse(r.after_json!) as { reference: string }).reference),
      ['WT-2031-000001', 'WT-2031-000002'],
    );
    assert.equal(records[1]!.seq, records[0]!.seq + 1);
    assert.equal((await verifyAuditChain(db)).ok, true);
  });

  it('writes numbers past 999,999 with all their digits (formatReference)', async () => {
    await t.database.db
      .updateTable('request_reference_sequences')
      .set({ last_value: 999_998 })
      .where('year', '=', 2026)
      .execute();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await submitOnlineApplication(ctx(), deps, input(700 + i))).reference);
    assert.deepEqual(made, ['DG-2026-999999', 'DG-2026-1000000', 'DG-2026-1000001']);
    assert.equal((await verifyAuditChain(t.database.db)).ok, true);
  });
});
