import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { fixedClock } from './clock.js';
import { createJobQueue } from './jobs/job-queue.js';
import { registerMaintenance, scheduleMaintenance } from './maintenance.js';
import { buildUser } from '../../test/support/factories.js';

describe('maintenance job', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.cleanup());

  it('removes expired sessions, month-old sign-in attempts and finished jobs, and keeps the rest', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const clock = fixedClock(now);
    const { db } = t.database;
    const user = await buildUser(t.database, { username: 'wang' });
    const session = (id: string, expires: string) => ({
      id,
      user_id: user.id,
      csrf_token: 'x',
      created_at: '2026-05-31T00:00:00.000Z',
      last_seen_at: '2026-05-31T00:00:00.000Z',
      expires_at: expires,
      ip: null,
      user_agent: null,
    });
    await db
      .insertInto('sessions')
      .values([session('expired', '2026-05-31T12:00:00.000Z'), session('live', '2026-06-01T06:00:00.000Z')])
      .execute();
    await db
      .insertInto('login_attempts')
      .values([
        { username_key: 'old', ip: null, at: '2026-04-01T00:00:00.000Z', succeeded: 0 },
        { username_key: 'recent', ip: null, at: '2026-05-30T00:00:00.000Z', succeeded: 0 },
      ])
      .execute();
    const job = (status: 'done' | 'failed', finished: string) => ({
      type: 'x',
      payload_json: '{}',
      status,
      run_at: finished,
      max_attempts: 1,
      last_error: null,
      locked_by: null,
      locked_until: null,
      unique_key: null,
      created_at: finished,
      finished_at: finished,
    });
    await db
      .insertInto('jobs')
      .values([
        job('done', '2026-04-01T00:00:00.000Z'),
        job('done', '2026-05-30T00:00:00.000Z'),
        job('failed', '2026-04-01T00:00:00.000Z'),
      ])
      .execute();

    const jobs = createJobQueue({ database: t.database, clock });
    registerMaintenance(jobs, t.database);
    await scheduleMaintenance(jobs);
    assert.equal(await jobs.tickSchedules(), 1);
    const run = await jobs.runDue();
    assert.equal(run.succeeded, 1);

    assert.deepEqual(
      (await db.selectFrom('sessions').select('id').execute()).map((r) => r.id),
      ['live'],
    );
    assert.deepEqual(
      (await db.selectFrom('login_attempts').select('username_key').execute()).map((r) => r.username_key),
      ['recent'],
    );
    const left = await db
      .selectFrom('jobs')
      .select(['type', 'status', 'finished_at'])
      .where('type', '=', 'x')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      left.map((j) => `${j.status}@${j.finished_at}`),
      ['done@2026-05-30T00:00:00.000Z', 'failed@2026-04-01T00:00:00.000Z'],
    );
  });
});
