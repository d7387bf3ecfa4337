import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import {
  buildOrg,
  buildUser,
  contextAsUser,
  contextFor,
  type BuiltOrg,
} from '../../test/support/factories.js';
import { systemPrincipal } from '../platform/auth/principal.js';
import { isAppError } from '../platform/errors.js';
import { sql } from 'kysely';
import {
  calendarInputsSelection,
  loadWorkingCalendar,
  workingCalendarFromSelection,
} from './calendar.repository.js';
import { setCalendarOverride } from './set-calendar-override.js';
import { removeCalendarOverride } from './remove-calendar-override.js';
import { setCalendarYear } from './set-calendar-year.js';
import { deriveApplicationState } from '../requests/application-state.rules.js';

const NOW = new Date('2026-03-01T02:00:00.000Z');

describe('calendar overrides in the database', () => {
  let t: TestDatabase;
  let city: BuiltOrg;
  let bureau: BuiltOrg;
  let office: BuiltOrg;
  let town: BuiltOrg;
  const asSystem = () => contextFor(t.database, systemPrincipal('test'), NOW);

  before(async () => {
    t = await createTestDatabase();
    city = await buildOrg(t.database, { code: 'city' });
    bureau = await buildOrg(t.database, { code: 'bureau', parentCode: 'city' });
    office = await buildOrg(t.database, { code: 'bureau-office', parentCode: 'bureau' });
    town = await buildOrg(t.database, { code: 'town', parentCode: 'city', kind: 'town' });
  });
  after(() => t.cleanup());

  it('a city-wide rest day moves every organisation’s n-th working day', async () => {
    const baseline = await loadWorkingCalendar(t.database.db, { orgPath: town.path });
    assert.equal(baseline.addWorkingDays('2026-03-09', 1), '2026-03-10');
    await setCalendarOverride(asSystem(), { date: '2026-03-10', kind: 'rest', note: '城市纪念日' });
    for (const org of [city, bureau, town]) {
      const cal = await loadWorkingCalendar(t.database.db, { orgPath: org.path });
      assert.equal(cal.addWorkingDays('2026-03-09', 1), '2026-03-11', org.code);
    }
    const cityCal = await loadWorkingCalendar(t.database.db);
    assert.deepEqual(cityCal.explainSpan('2026-03-09', '2026-03-11').skipped, [
      { date: '2026-03-10', reason: 'office_rest', name: '城市纪念日' },
    ]);
    await removeCalendarOverride(asSystem(), { date: '2026-03-10' });
    assert.equal((await loadWorkingCalendar(t.database.db)).addWorkingDays('2026-03-09', 1), '2026-03-10');
  });

  it('shares a built calendar while its inputs stay the same, and sees another process’s edit at once', async () => {
    const first = await loadWorkingCalendar(t.database.db, { orgPath: office.path });
    assert.equal(await loadWorkingCalendar(t.database.db, { orgPath: office.path }), first, 'built once');
    // Another process (another connection, no use case of this one) adds a rest day for the town and
    // then changes its note: every change of the rows is a different calendar here, with no signal.
    const { id } = await t.database.db
      .insertInto('calendar_overrides')
      .values({
        org_id: town.id,
        date: '2026-03-18',
        kind: 'rest',
        note: '甲',
        source: null,
        created_by: null,
        created_at: NOW.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const townCal = await loadWorkingCalendar(t.database.db, { orgPath: town.path });
    assert.equal(townCal.addWorkingDays('2026-03-17', 1), '2026-03-19');
    assert.equal(townCal.describeDay('2026-03-18').name, '甲');
    await t.database.db.updateTable('calendar_overrides').set({ note: '乙' }).where('id', '=', id).execute();
    assert.equal(
      (await loadWorkingCalendar(t.database.db, { orgPath: town.path })).describeDay('2026-03-18').name,
      '乙',
    );
    // Not the office's: its calendar is still the one built first.
    assert.equal(await loadWorkingCalendar(t.database.db, { orgPath: office.path }), first);
    await t.database.db.deleteFrom('calendar_overrides').where('id', '=', id).execute();
    assert.equal(
      (await loadWorkingCalendar(t.database.db, { orgPath: town.path })).addWorkingDays('2026-03-17', 1),
      '2026-03-18',
    );
  });

  it('an organisation’s day reaches it and the organisations below, not its siblings', async () => {
    await setCalendarOverride(asSystem(), {
      orgCode: 'bureau',
      date: '2026-04-14',
      kind: 'rest',
      note: null,
    });
    const at = async (org: BuiltOrg) =>
      (await loadWorkingCalendar(t.database.db, { orgPath: org.path })).isWorkingDay('2026-04-14');
    assert.equal(await at(bureau), false);
    assert.equal(await at(office), false);
    assert.equal(await at(town), true);
    assert.equal(await at(city), true);
  });

  it('the narrower organisation’s setting wins over the city-wide one', async () => {
    await setCalendarOverride(asSystem(), { date: '2026-04-15', kind: 'rest', note: 'city' });
    await setCalendarOverride(asSystem(), {
      orgCode: 'bureau-office',
      date: '2026-04-15',
      kind: 'working',
      note: 'office',
    });
    const officeCal = await loadWorkingCalendar(t.database.db, { orgPath: office.path });
    const bureauCal = await loadWorkingCalendar(t.database.db, { orgPath: bureau.path });
    assert.equal(officeCal.isWorkingDay('2026-04-15'), true);
    assert.equal(bureauCal.isWorkingDay('2026-04-15'), false);
  });

  it('reads the same inputs inside another statement (online intake) as on its own, for each organisation', async () => {
    // By now: city-wide, bureau and bureau-office overrides; add an office year row as well.
    await t.database.db
      .insertInto('calendar_years')
      .values({ year: 2031, source: '测试', is_published: 1, updated_by: null, updated_at: NOW.toISOString() })
      .execute();
    // The organisation's row with the inputs as two JSON values, as online intake reads them.
    const fromSelection = async (org: BuiltOrg) => {
      const row = await t.database.db
        .selectFrom('orgs')
        .select([...calendarInputsSelection(t.database.dialect.kind, sql<string>`orgs.path`)])
        .where('id', '=', org.id)
        .executeTakeFirstOrThrow();
      return workingCalendarFromSelection(row, org.path);
    };
    try {
      for (const org of [city, bureau, office, town]) {
        // Built calendars are kept by their inputs: the same object means the same inputs.
        assert.equal(
          await fromSelection(org),
          await loadWorkingCalendar(t.database.db, { orgPath: org.path }),
          org.code,
        );
      }
      const officeCal = await fromSelection(office);
      assert.equal(officeCal.isWorkingDay('2026-04-14'), false, 'the bureau’s rest day reaches its office');
      assert.equal(officeCal.isWorkingDay('2026-04-15'), true, 'the office’s own setting wins');
      const townCal = await fromSelection(town);
      assert.equal(townCal.isWorkingDay('2026-04-14'), true, 'not the sibling’s');
      assert.equal(townCal.isWorkingDay('2026-04-15'), false, 'the city-wide rest day');
    } finally {
      await t.database.db.deleteFrom('calendar_years').where('year', '=', 2031).execute();
    }
  });

  it('setting a date again replaces the earlier setting and audits both states', async () => {
    await setCalendarOverride(asSystem(), {
      orgCode: 'town',
      date: '2026-05-11',
      kind: 'rest',
      note: 'first',
    });
    const second = await setCalendarOverride(asSystem(), {
      orgCode: 'town',
      date: '2026-05-11',
      kind: 'working',
      note: 'second',
      source: '某府办〔2026〕1号',
    });
    const rows = await t.database.db
      .selectFrom('calendar_overrides')
      .selectAll()
      .where('org_id', '=', town.id)
      .where('date', '=', '2026-05-11')
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.kind, 'working');
    const auditRow = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'calendar.override_set')
      .where('entity_id', '=', String(second.id))
      .executeTakeFirstOrThrow();
    assert.match(auditRow.before_json ?? '', /first/);
    assert.match(auditRow.after_json ?? '', /某府办/);
  });

  it('only a city administrator may change the calendar', async () => {
    const admin = await buildUser(t.database, {
      username: 'cityadmin',
      grants: [{ orgCode: 'city', role: 'city_admin' }],
    });
    const orgAdmin = await buildUser(t.database, {
      username: 'bureauadmin',
      grants: [{ orgCode: 'bureau', role: 'org_admin' }],
    });
    const handler = await buildUser(t.database, {
      username: 'handler',
      grants: [{ orgCode: 'city', role: 'case_handler' }],
    });
    await setCalendarOverride(await contextAsUser(t.database, admin.id, NOW), {
      orgCode: 'bureau',
      date: '2026-06-01',
      kind: 'rest',
    });
    for (const user of [orgAdmin, handler]) {
      const ctx = await contextAsUser(t.database, user.id, NOW);
      await assert.rejects(
        setCalendarOverride(ctx, { orgCode: 'bureau', date: '2026-06-02', kind: 'rest' }),
        (e) => isAppError(e) && e.code === 'FORBIDDEN',
      );
      await assert.rejects(
        setCalendarOverride(ctx, { date: '2026-06-02', kind: 'rest' }),
        (e) => isAppError(e) && e.code === 'FORBIDDEN',
      );
    }
  });

  it('refuses bad input naming each field, and an unknown setting', async () => {
    await assert.rejects(
      setCalendarOverride(asSystem(), { date: '2026-02-30', kind: 'holiday' as 'rest' }),
      (e) =>
        isAppError(e) &&
        e.code === 'VALIDATION' &&
        JSON.stringify(e.details.fields) ===
          JSON.stringify([
            { field: 'date', message: 'calendar.error.date_invalid' },
            { field: 'kind', message: 'calendar.error.kind_invalid' },
          ]),
    );
    await assert.rejects(
      setCalendarOverride(asSystem(), { orgCode: 'nowhere', date: '2026-03-02', kind: 'rest' }),
      (e) => isAppError(e) && e.code === 'NOT_FOUND',
    );
    await assert.rejects(
      removeCalendarOverride(asSystem(), { orgCode: 'town', date: '2026-12-01' }),
      (e) => isAppError(e) && e.code === 'NOT_FOUND',
    );
  });

  it('an office rest day moves a computed answer due date, and only for that organisation', async () => {
    // 2026-06-01 + 20 working days: 06-02..05, 08..12, 15..18, 端午 06-19, 22..26, 29, 30 → 06-30
    const events = [
      { type: 'consultation_started' as const, on: '2026-06-03', party: 'third_party' as const },
      { type: 'consultation_ended' as const, on: '2026-06-05' },
    ];
    const dueAt = async (org: BuiltOrg) =>
      deriveApplicationState(
        '2026-06-01',
        events,
        await loadWorkingCalendar(t.database.db, { orgPath: org.path }),
        '2026-06-10',
      ).dueOn;
    // paused 06-04, 06-05 → two working days later: 07-02
    assert.equal(await dueAt(town), '2026-07-02');
    await setCalendarOverride(asSystem(), {
      orgCode: 'town',
      date: '2026-06-22',
      kind: 'rest',
      note: '镇街纪念日',
    });
    assert.equal(await dueAt(town), '2026-07-03');
    assert.equal(await dueAt(bureau), '2026-07-02');
    await setCalendarOverride(asSystem(), {
      orgCode: 'town',
      date: '2026-06-20',
      kind: 'working',
      note: '补班',
    });
    assert.equal(await dueAt(town), '2026-07-02');
  });

  it('a year can be marked published (2027) or withdrawn (2026), which decides provisional spans', async () => {
    let cal = await loadWorkingCalendar(t.database.db);
    assert.equal(cal.isSpanProvisional('2026-12-15', '2027-01-12'), true);
    await setCalendarYear(asSystem(), {
      year: 2027,
      published: true,
      source: '国办发明电〔2026〕x号 (entered by hand)',
    });
    await setCalendarOverride(asSystem(), { date: '2027-01-01', kind: 'rest', note: '元旦' });
    cal = await loadWorkingCalendar(t.database.db);
    assert.equal(cal.isSpanProvisional('2026-12-15', '2027-01-12'), false);
    assert.equal(cal.addWorkingDays('2026-12-31', 1), '2027-01-04');
    assert.equal(cal.sourceOf(2027), '国办发明电〔2026〕x号 (entered by hand)');
    await setCalendarYear(asSystem(), { year: 2026, published: false, source: 'withdrawn for checking' });
    cal = await loadWorkingCalendar(t.database.db);
    assert.equal(cal.isProvisional('2026-10-01'), true);
    assert.equal(cal.isWorkingDay('2026-10-01'), true); // weekends only while unpublished
    await setCalendarYear(asSystem(), { year: 2026, published: true, source: 'chinese-days 1.5.7' });
    assert.equal((await loadWorkingCalendar(t.database.db)).isWorkingDay('2026-10-01'), false);
  });
});
