import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { openDatabase, type Database } from '../db/database.js';
import { fixedClock } from '../clock.js';
import { AppError } from '../errors.js';
import { createJobQueue } from './job-queue.js';
import { findJob } from './jobs.repository.js';

const START = new Date('2026-01-05T02:00:00.000Z');

describe('job queue', () => {
  let t: TestDatabase;
  const extraHandles: Database[] = [];

  /** A second, independent connection to the same data, as another process would have. */
  function openSecondHandle(): Database {
    const handle = openDatabase(t.database.target);
    extraHandles.push(handle);
    return handle;
  }

  async function jobsOfType(type: string) {
    return t.database.db.selectFrom('jobs').selectAll().where('type', '=', type).orderBy('id').execute();
  }

  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    for (const handle of extraHandles) await handle.close();
    await t.cleanup();
  });

  it('runs a job enqueued before the database was closed and reopened by a new queue', async () => {
    const clock = fixedClock(START);
    const first = openDatabase(t.database.target);
    const before = createJobQueue({ database: first, clock });
    before.register('restart.note', z.object({ text: z.string() }), () => Promise.resolve());
    const id = await before.enqueue(first.db, 'restart.note', { text: '申请已登记' });
    await first.close();

    const second = openSecondHandle();
    const after = createJobQueue({ database: second, clock });
    const seen: string[] = [];
    after.register('restart.note', z.object({ text: z.string() }), (payload) => {
      seen.push(payload.text);
      return Promise.resolve();
    });
    const result = await after.runDue();
    assert.deepEqual(seen, ['申请已登记']);
    assert.equal(result.succeeded, 1);
    const job = await findJob(t.database.db, id!);
    assert.equal(job?.status, 'done');
    assert.equal(job?.finished_at, START.toISOString());
  });

  it('leaves no job behind when the enqueueing transaction rolls back', async () => {
    const queue = createJobQueue({ database: t.database, clock: fixedClock(START) });
    queue.register('rollback.job', z.object({}), () => Promise.resolve());
    await assert.rejects(
      t.database.db.transaction().execute(async (trx) => {
        await queue.enqueue(trx, 'rollback.job', {});
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    assert.equal((await jobsOfType('rollback.job')).length, 0);
    await t.database.db.transaction().execute((trx) => queue.enqueue(trx, 'rollback.job', {}));
    assert.equal((await jobsOfType('rollback.job')).length, 1);
  });

  it('creates one job for a unique key however often it is enqueued', async () => {
    const queue = createJobQueue({ database: t.database, clock: fixedClock(START) });
    const reindex = queue.register('unique.reindex', z.object({ itemId: z.number() }), () =>
      Promise.resolve(),
    );
    const first = await reindex.enqueue(t.database.db, { itemId: 7 }, { uniqueKey: 'reindex:7' });
    const second = await reindex.enqueue(t.database.db, { itemId: 7 }, { uniqueKey: 'reindex:7' });
    assert.equal(typeof first, 'number');
    assert.equal(second, null);
    assert.equal((await jobsOfType('unique.reindex')).length, 1);
  });

  it('refuses to enqueue a payload that does not match the registered schema', async () => {
    const queue = createJobQueue({ database: t.database, clock: fixedClock(START) });
    queue.register('strict.job', z.object({ orgId: z.number().int() }), () => Promise.resolve());
    await assert.rejects(
      queue.enqueue(t.database.db, 'strict.job', { orgId: 'x' }),
      (err: unknown) => err instanceof AppError && err.code === 'VALIDATION' && /orgId/.test(err.message),
    );
    assert.equal((await jobsOfType('strict.job')).length, 0);
  });

  it('does not run a job before its runAt', async () => {
    const clock = fixedClock(START);
    const queue = createJobQueue({ database: t.database, clock });
    let runs = 0;
    queue.register('later.job', z.object({}), () => {
      runs++;
      return Promise.resolve();
    });
    await queue.enqueue(t.database.db, 'later.job', {}, { runAt: new Date(START.getTime() + 60_000) });
    assert.equal((await queue.runDue()).claimed, 0);
    clock.advanceMs(60_000);
    assert.equal((await queue.runDue()).succeeded, 1);
    assert.equal(runs, 1);
  });

  it('retries a failing job with growing delays, then marks it failed', async () => {
    const clock = fixedClock(START);
    const queue = createJobQueue({ database: t.database, clock, retryBaseMs: 30_000 });
    let runs = 0;
    queue.register('flaky.job', z.object({}), (_payload, ctx) => {
      runs++;
      throw new Error(`SMTP timeout on attempt ${ctx.attempt}`);
    });
    const id = (await queue.enqueue(t.database.db, 'flaky.job', {}, { maxAttempts: 3 }))!;

    assert.deepEqual(await queue.runDue(), { claimed: 1, succeeded: 0, retried: 1, failed: 0 });
    let job = await findJob(t.database.db, id);
    assert.equal(job?.status, 'pending');
    assert.equal(job?.attempts, 1);
    assert.equal(job?.last_error, 'SMTP timeout on attempt 1');
    assert.equal(job?.run_at, new Date(START.getTime() + 30_000).toISOString());
    assert.equal(job?.locked_by, null);

    assert.equal((await queue.runDue()).claimed, 0, 'not before the backoff has passed');
    clock.advanceMs(30_000);
    assert.equal((await queue.runDue()).retried, 1);
    job = await findJob(t.database.db, id);
    assert.equal(job?.run_at, new Date(clock.now().getTime() + 60_000).toISOString(), 'the delay doubles');

    clock.advanceMs(60_000);
    assert.deepEqual(await queue.runDue(), { claimed: 1, succeeded: 0, retried: 0, failed: 1 });
    job = await findJob(t.database.db, id);
    assert.equal(job?.status, 'failed');
    assert.equal(job?.attempts, 3);
    assert.equal(job?.last_error, 'SMTP timeout on attempt 3');
    assert.equal(job?.finished_at, clock.now().toISOString());

    clock.advanceMs(24 * 3600_000);
    assert.equal((await queue.runDue()).claimed, 0);
    assert.equal(runs, 3);
  });

  it('reclaims a running job whose lease expired, but not one whose lease holds', async () => {
    const clock = fixedClock(START);
    const queue = createJobQueue({ database: t.database, clock });
    const ran: number[] = [];
    queue.register('lease.job', z.object({ n: z.number() }), (payload) => {
      ran.push(payload.n);
      return Promise.resolve();
    });
    const crashed = (await queue.enqueue(t.database.db, 'lease.job', { n: 1 }))!;
    const busy = (await queue.enqueue(t.database.db, 'lease.job', { n: 2 }))!;
    await t.database.db
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: 1,
        locked_by: 'dead-process',
        locked_until: '2026-01-05T01:59:00.000Z',
      })
      .where('id', '=', crashed)
      .execute();
    await t.database.db
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: 1,
        locked_by: 'live-process',
        locked_until: '2026-01-05T02:04:00.000Z',
      })
      .where('id', '=', busy)
      .execute();

    assert.equal((await queue.runDue()).succeeded, 1);
    assert.deepEqual(ran, [1]);
    const job = await findJob(t.database.db, crashed);
    assert.equal(job?.status, 'done');
    assert.equal(job?.attempts, 2);
    assert.equal((await findJob(t.database.db, busy))?.status, 'running');
  });

  it('fails a job whose lease expired during its final attempt without running it again', async () => {
    const queue = createJobQueue({ database: t.database, clock: fixedClock(START) });
    let runs = 0;
    queue.register('poison.job', z.object({}), () => {
      runs++;
      return Promise.resolve();
    });
    const id = (await queue.enqueue(t.database.db, 'poison.job', {}, { maxAttempts: 2 }))!;
    await t.database.db
      .updateTable('jobs')
      .set({
        status: 'running',
        attempts: 2,
        locked_by: 'dead-process',
        locked_until: '2026-01-05T01:00:00.000Z',
      })
      .where('id', '=', id)
      .execute();
    assert.equal((await queue.runDue()).failed, 1);
    assert.equal(runs, 0);
    const job = await findJob(t.database.db, id);
    assert.equal(job?.status, 'failed');
    assert.match(job?.last_error ?? '', /Lease expired/);
  });

  it('fails a job with an invalid payload with a message naming the field, without retrying', async () => {
    const clock = fixedClock(START);
    // An older version of the code enqueued this job before the payload gained a required field.
    const olderVersion = createJobQueue({ database: t.database, clock });
    const id = (await olderVersion.enqueue(t.database.db, 'typed.job', { applicationId: 'A-1' }))!;

    const queue = createJobQueue({ database: t.database, clock });
    let runs = 0;
    queue.register('typed.job', z.object({ applicationId: z.number().int() }), () => {
      runs++;
      return Promise.resolve();
    });
    assert.deepEqual(await queue.runDue(), { claimed: 1, succeeded: 0, retried: 0, failed: 1 });
    assert.equal(runs, 0);
    const job = await findJob(t.database.db, id);
    assert.equal(job?.status, 'failed');
    assert.match(job?.last_error ?? '', /^Invalid payload for job "typed\.job": applicationId: /);
  });

  it('leaves jobs of types it has not registered for a process that knows them', async () => {
    const queue = createJobQueue({ database: t.database, clock: fixedClock(START) });
    queue.register('known.job', z.object({}), () => Promise.resolve());
    const unknownId = (await queue.enqueue(t.database.db, 'unknown.job', {}))!;
    await queue.enqueue(t.database.db, 'known.job', {});
    assert.equal((await queue.runDue()).succeeded, 1);
    assert.equal((await findJob(t.database.db, unknownId))?.status, 'pending');
  });

  it('runs at most `limit` jobs per run and the rest on the next run', async () => {
    const queue = createJobQueue({ database: t.database, clock: fixedClock(START), batchSize: 3 });
    queue.register('bounded.job', z.object({ n: z.number() }), () => Promise.resolve());
    for (let n = 0; n < 7; n++) await queue.enqueue(t.database.db, 'bounded.job', { n });
    assert.equal((await queue.runDue({ limit: 5 })).succeeded, 5);
    assert.equal((await queue.runDue({ limit: 5 })).succeeded, 2);
    assert.equal((await queue.runDue({ limit: 5 })).claimed, 0);
  });

  it('runs each job exactly once when two processes race on the same jobs', async () => {
    const clock = fixedClock(START);
    const databaseA = openSecondHandle();
    const databaseB = openSecondHandle();
    const runsByJob = new Map<number, string[]>();
    const queues = [
      createJobQueue({ database: databaseA, clock, workerId: 'A', batchSize: 4 }),
      createJobQueue({ database: databaseB, clock, workerId: 'B', batchSize: 4 }),
    ];
    for (const queue of queues) {
      queue.register('race.job', z.object({ n: z.number() }), async (_payload, ctx) => {
        runsByJob.set(ctx.jobId, [...(runsByJob.get(ctx.jobId) ?? []), queue.workerId]);
        // Yield so the other worker's claims interleave with this one's.
        await new Promise((resolve) => setImmediate(resolve));
      });
    }
    const ids: number[] = [];
    for (let n = 0; n < 50; n++) ids.push((await queues[0]!.enqueue(t.database.db, 'race.job', { n }))!);

    const results = await Promise.all([
      queues[0]!.runDue(),
      queues[1]!.runDue(),
      queues[0]!.runDue(),
      queues[1]!.runDue(),
    ]);
    assert.equal(
      results.reduce((sum, r) => sum + r.succeeded, 0),
      50,
    );
    for (const id of ids)
      assert.equal(runsByJob.get(id)?.length, 1, `job ${id} ran ${runsByJob.get(id)?.length} times`);
    const rows = await jobsOfType('race.job');
    assert.ok(rows.every((row) => row.status === 'done' && row.attempts === 1));
  });

  it('waits in stop() for a job that is running', async () => {
    const queue = createJobQueue({ database: t.database, clock: fixedClock(START) });
    let release!: () => void;
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    queue.register('slow.job', z.object({}), async () => {
      markStarted();
      await new Promise<void>((resolve) => (release = resolve));
    });
    const id = (await queue.enqueue(t.database.db, 'slow.job', {}))!;
    const run = queue.runDue();
    await started;

    let isStopped = false;
    const stopping = queue.stop().then(() => (isStopped = true));
    // Let every pending callback run: stop() must still be waiting for the handler.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(isStopped, false);
    assert.equal((await findJob(t.database.db, id))?.status, 'running');

    release();
    await stopping;
    assert.equal(isStopped, true);
    assert.equal((await findJob(t.database.db, id))?.status, 'done');
    assert.equal((await run).succeeded, 1);
  });
});

describe('scheduler', () => {
  let t: TestDatabase;
  const handles: Database[] = [];

  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    for (const handle of handles) await handle.close();
    await t.cleanup();
  });

  it('fires a schedule once when two processes tick at the same instant', async () => {
    const clock = fixedClock(START);
    const queues = [0, 1].map(() => {
      const database = openDatabase(t.database.target);
      handles.push(database);
      const queue = createJobQueue({ database, clock });
      queue.register('deadlines.sweep', z.object({ scope: z.string() }), () => Promise.resolve());
      return queue;
    });
    for (const queue of queues)
      await queue.schedule('deadline-sweep', 'deadlines.sweep', 3600, { scope: 'all' });

    const fired = await Promise.all(queues.map((q) => q.tickSchedules()));
    assert.equal(fired[0]! + fired[1]!, 1);
    let jobs = await t.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'deadlines.sweep')
      .execute();
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.unique_key, `deadline-sweep@${START.toISOString()}`);
    assert.equal(jobs[0]!.payload_json, '{"scope":"all"}');

    // Not due again until the interval has passed.
    assert.deepEqual(await Promise.all(queues.map((q) => q.tickSchedules())), [0, 0]);

    clock.advanceMs(3600_000);
    const firedAgain = await Promise.all(queues.map((q) => q.tickSchedules()));
    assert.equal(firedAgain[0]! + firedAgain[1]!, 1);
    jobs = await t.database.db.selectFrom('jobs').selectAll().where('type', '=', 'deadlines.sweep').execute();
    assert.equal(jobs.length, 2);
    const schedule = await t.database.db
      .selectFrom('schedules')
      .selectAll()
      .where('name', '=', 'deadline-sweep')
      .executeTakeFirstOrThrow();
    assert.equal(schedule.next_run_at, new Date(START.getTime() + 2 * 3600_000).toISOString());
    assert.equal(schedule.last_run_at, clock.now().toISOString());
  });

  it('fires once after downtime instead of once per missed interval', async () => {
    const clock = fixedClock(START);
    const queue = createJobQueue({ database: t.database, clock });
    queue.register('report.refresh', z.null(), () => Promise.resolve());
    await queue.schedule('report-refresh', 'report.refresh', 600);
    assert.equal(await queue.tickSchedules(), 1);
    clock.advanceMs(3 * 3600_000 + 1000);
    assert.equal(await queue.tickSchedules(), 1);
    assert.equal(await queue.tickSchedules(), 0);
    assert.equal((await queue.runDue()).succeeded, 2);
  });

  it('keeps the stored next firing when a restarted process declares the schedule again', async () => {
    const clock = fixedClock(START);
    const queue = createJobQueue({ database: t.database, clock });
    await queue.schedule('nightly', 'nightly.job', 86400);
    await queue.tickSchedules();
    clock.advanceMs(3600_000);
    const restarted = createJobQueue({ database: t.database, clock });
    await restarted.schedule('nightly', 'nightly.job', 86400);
    assert.equal(await restarted.tickSchedules(), 0);
  });
});
