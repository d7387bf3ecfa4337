import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/support/test-app.js';
import { buildOrg, buildUser, type BuiltOrg } from '../../test/support/factories.js';
import type { Role } from '../platform/auth/roles.js';
import { seedApplication } from '../../test/support/supervision-fixtures.js';
import { sendSupervisionAlerts, type AlertRunResult } from './send-supervision-alerts.js';
import { ALERTS_JOB } from './supervision.jobs.js';

/**
 * Alerts only on working days, by the office's calendar (chinese-days 2026: 劳动节 05-01…05-05 with
 * Saturday 05-09 a 调休 working day; office overrides on top). Received Friday 2026-04-03, the case is
 * due Thursday 05-07 (20 working days, 清明 and 劳动节 skipped).
 */
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Shanghai

describe('supervision alerts on working days only', () => {
  let t: TestApp;
  let dept: BuiltOrg;
  let town: BuiltOrg;

  const run = (date: string): Promise<AlertRunResult> =>
    sendSupervisionAlerts(
      {
        database: t.database,
        mailer: t.deps.mailer,
        timeZone: 'Asia/Shanghai',
        publicUrl: 'http://localhost',
      },
      at(date),
    );
  const mailsTo = async (to: string) =>
    (
      await t.database.db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('to_address', '=', to)
        .orderBy('id')
        .execute()
    ).map((m) => ({ subject: m.subject, text: m.text_body, at: m.created_at }));

  before(async () => {
    t = await createTestApp(at('2026-05-04'));
    await buildOrg(t.database, { code: 'wdcity', kind: 'government', name: '工作日市人民政府' });
    dept = await buildOrg(t.database, { code: 'wddept', parentCode: 'wdcity', name: '工作日市民政局' });
    town = await buildOrg(t.database, { code: 'wdtown', parentCode: 'wdcity', kind: 'town', name: '西镇' });
    const users: [string, string, Role, string][] = [
      ['wd-admin', 'wdcity', 'city_admin', 'admin@wd.test'],
      ['wd-head', 'wddept', 'office_head', 'head@wd.test'],
      ['wd-handler', 'wddept', 'case_handler', 'handler@wd.test'],
      ['wd-townhead', 'wdtown', 'office_head', 'townhead@wd.test'],
    ];
    const ids = new Map<string, number>();
    for (const [username, orgCode, role, email] of users) {
      const { id } = await buildUser(t.database, { username, grants: [{ orgCode, role }] });
      await t.database.db.updateTable('users').set({ email }).where('id', '=', id).execute();
      ids.set(username, id);
    }
    await seedApplication(t, dept, {
      receivedOn: '2026-04-03',
      handlerUserId: ids.get('wd-handler')!,
      prefix: 'WD-',
    });
    await seedApplication(t, town, { receivedOn: '2026-04-03', prefix: 'WD-' });
    // The town office works on Sunday 05-10 (an office override, e.g. a local 调休) and rests on Monday 05-11.
    for (const [date, kind] of [
      ['2026-05-10', 'working'],
      ['2026-05-11', 'rest'],
    ] as const) {
      await t.database.db
        .insertInto('calendar_overrides')
        .values({
          org_id: town.id,
          date,
          kind,
          note: '镇政府调整',
          source: '西镇〔2026〕1号',
          created_by: null,
          created_at: '2026-04-01T00:00:00.000Z',
        })
        .execute();
    }
  });

  after(async () => {
    await t.cleanup();
  });

  it('sends nothing on a public holiday (劳动节, Monday 05-04), holding the alerts', async () => {
    const result = await run('2026-05-04');
    assert.equal(result.queued, 0);
    // Handler, dept head, town head, the city's weekly summary.
    assert.equal(result.heldForWorkingDay, 4);
    assert.equal((await t.database.db.selectFrom('mail_outbox').selectAll().execute()).length, 0);
    assert.equal((await t.database.db.selectFrom('supervision_alerts').selectAll().execute()).length, 0);
  });

  it('sends the held alerts on the next working day (Wednesday 05-06), once', async () => {
    const result = await run('2026-05-06');
    assert.deepEqual([result.queued, result.heldForWorkingDay], [4, 0]);
    const handler = await mailsTo('handler@wd.test');
    assert.equal(handler.length, 1);
    // The case that was due soon on the holiday is listed (1 working day left: 05-07).
    assert.match(handler[0]!.text, /WD-\d+/);
    assert.match(handler[0]!.text, /2026-05-07/);
    assert.match((await mailsTo('head@wd.test'))[0]!.subject, /每日办理情况/);
    assert.match((await mailsTo('admin@wd.test'))[0]!.subject, /每周/);
    assert.equal((await mailsTo('townhead@wd.test')).length, 1);
    const again = await run('2026-05-06');
    assert.deepEqual([again.queued, again.alreadySent, again.heldForWorkingDay], [0, 4, 0]);
  });

  it('sends the daily mails on a 调休 working Saturday (05-09), but not a second weekly summary', async () => {
    const result = await run('2026-05-09');
    assert.equal(result.queued, 3);
    assert.equal(result.alreadySent, 1, 'the weekly summary of the week of 05-04 went out on 05-06');
    const handler = await mailsTo('handler@wd.test');
    assert.equal(handler.length, 2);
    assert.match(handler[1]!.text, /已超期/);
    assert.equal((await mailsTo('admin@wd.test')).length, 1);
  });

  it('sends nothing on an ordinary weekend day (Sunday 05-10) except where an office works that day', async () => {
    const before = (await t.database.db.selectFrom('mail_outbox').selectAll().execute()).length;
    // Through the scheduled job, as in production.
    await t.deps.jobs.enqueue(t.database.db, ALERTS_JOB, {});
    t.clock.set(at('2026-05-10'));
    await t.deps.jobs.runDue();
    const after = await t.database.db.selectFrom('mail_outbox').selectAll().execute();
    // Only the town's head: the town works on Sunday by its own override.
    assert.deepEqual(
      after.slice(before).map((m) => m.to_address),
      ['townhead@wd.test'],
    );
  });

  it("follows each unit's calendar: the town rests on Monday 05-11 while the city works", async () => {
    const result = await run('2026-05-11');
    // Handler and dept head daily, the new week's summary; the town head waits.
    assert.equal(result.queued, 3);
    assert.equal(result.heldForWorkingDay, 1);
    assert.equal((await mailsTo('townhead@wd.test')).length, 3);
    assert.equal((await mailsTo('admin@wd.test')).length, 2, 'the week of 05-11 has its own summary');
  });
});
