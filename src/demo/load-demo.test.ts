import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { systemPrincipal } from '../platform/auth/principal.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { AppError } from '../platform/errors.js';
import { ROLES } from '../platform/auth/roles.js';
import { verifyPassword } from '../platform/auth/password.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { countOrgs, findOrgByCode, listAllOrgs, listAncestors } from '../orgs/orgs.repository.js';
import { buildGuide } from '../orgs/guide.js';
import { isDatabaseEmpty, loadDemo } from './load-demo.js';
import { isDemoDatabase } from './demo.repository.js';
import { DEMO_DOMAIN } from './demo-city.js';
import { DEMO_BODY_NOTICE, DEMO_ITEM_COUNT, DEMO_TITLE_PREFIX } from './demo-items.js';
import { createSearchIndex } from '../platform/search/search-index.js';
import { listPublishedItems } from '../catalog/catalog.repository.js';
import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import { createRequestSecrets } from '../requests/applicant-crypto.js';
import { isValidResidentId } from '../requests/applicant.rules.js';
import { computeApplicationState } from '../requests/application-log.js';
import { listEventsOf } from '../requests/requests.repository.js';
import {
  APPEAL_KINDS,
  APPLICANT_TYPES,
  APPLICATION_STATUSES,
  CHANNELS,
  OUTCOMES,
} from '../requests/codes.js';
import { DEMO_APPLICANT_NAME_MARK, DEMO_PHONE_PREFIX } from './demo-applications.js';

describe('the demo city', () => {
  let t: TestDatabase;
  let ctx: UseCaseContext;
  const lines: string[] = [];
  const secrets = createRequestSecrets(Buffer.alloc(32, 9));

  before(async () => {
    t = await createTestDatabase();
    ctx = {
      database: t.database,
      principal: systemPrincipal('demo'),
      meta: {},
      now: new Date('2026-03-02T01:00:00Z'),
    };
    assert.equal(await isDatabaseEmpty(t.database), true);
    await loadDemo(ctx, {
      log: (line) => lines.push(line),
      requestSecrets: secrets,
      timeZone: 'Asia/Shanghai',
    });
  });
  after(() => t.cleanup());

  // How long the load takes is a benchmark question (docs/performance.md), never a timed test.
  it('loads the city, its departments and exactly 32 towns and streets under it', async () => {
    const { db } = t.database;
    assert.equal(await isDatabaseEmpty(t.database), false);
    assert.ok((await countOrgs(db)) >= 63);
    const root = (await findOrgByCode(db, 'dg'))!;
    assert.equal(root.kind, 'government');
    const orgs = await listAllOrgs(db);
    const towns = orgs.filter((o) => o.kind === 'town');
    assert.equal(towns.length, 32);
    assert.ok(towns.every((o) => o.parent_id === root.id));
    assert.equal(towns.filter((o) => o.name.endsWith('街道办事处')).length, 4);
    const departments = orgs.filter((o) => o.kind === 'department' && o.parent_id === root.id);
    assert.ok(departments.length >= 28, `${departments.length} departments`);
    assert.ok(
      orgs.some(
        (o) => o.code === 'dg-humen-dzb' && o.path.startsWith(towns.find((x) => x.code === 'dg-humen')!.path),
      ),
    );
    assert.equal(await isDemoDatabase(db), true);
  });

  it('gives every organisation complete, plainly fictitious 公开指南 facts', async () => {
    const { db } = t.database;
    for (const org of await listAllOrgs(db)) {
      const guide = buildGuide(org, await listAncestors(db, org));
      assert.deepEqual(guide.missing, [], `${org.code} misses ${guide.missing.join(', ')}`);
      assert.match(org.phone!, /^0769-000[01] \d{4}$/);
      assert.match(org.fax!, /^0769-000[01] \d{4}$/);
      assert.ok(org.email!.endsWith(`.${DEMO_DOMAIN}`) || org.email!.endsWith(`@${DEMO_DOMAIN}`), org.email!);
      assert.ok(new URL(org.website!).hostname.endsWith(DEMO_DOMAIN), org.website!);
      assert.ok(org.address!.endsWith('（演示地址）'), org.address!);
      assert.ok(org.name_en);
    }
  });

  it('creates an account for every role, printing each password once and storing none in clear', async () => {
    const { db } = t.database;
    const grants = await db
      .selectFrom('role_grants')
      .innerJoin('users', 'users.id', 'role_grants.user_id')
      .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
      .select(['users.username', 'users.password_hash', 'role_grants.role', 'orgs.code'])
      .execute();
    for (const role of ROLES)
      assert.ok(
        grants.some((g) => g.role === role),
        `no account with role ${role}`,
      );
    assert.ok(grants.some((g) => g.role === 'city_admin' && g.code === 'dg'));
    assert.ok(grants.some((g) => g.role === 'org_admin' && g.code === 'dg-humen'));
    assert.ok(grants.some((g) => g.role === 'editor' && g.code === 'dg-zrzyj'));

    // The printed table: "  username  role  org  password"
    const printed = lines
      .map((l) => l.trim().split(/\s+/))
      .filter((cells) => cells.length === 4 && grants.some((g) => g.username === cells[0]));
    assert.equal(printed.length, grants.length);
    const audit = await db.selectFrom('audit_log').selectAll().execute();
    const auditText = JSON.stringify(audit);
    for (const [username, , , password] of printed) {
      const grant = grants.find((g) => g.username === username)!;
      assert.ok(password && password.length >= 16);
      assert.equal(
        await verifyPassword(password, grant.password_hash),
        true,
        `${username}'s printed password`,
      );
      assert.equal(auditText.includes(password), false, `${username}'s password is in the audit log`);
      assert.equal(grant.password_hash.includes(password), false);
    }
    assert.ok(audit.some((a) => a.action === 'demo.load'));
    assert.equal((await verifyAuditChain(db)).ok, true);
  });

  it('loads the demo catalog: every item published, marked as demo content and searchable', async () => {
    const { db } = t.database;
    const items = await db
      .selectFrom('catalog_items')
      .select(['title', 'body_text', 'status', 'index_number', 'doc_type', 'abolished_on'])
      .execute();
    assert.equal(items.length, DEMO_ITEM_COUNT);
    assert.ok(items.every((i) => i.status === 'published' && i.index_number !== null));
    assert.ok(
      items.every((i) => i.title.startsWith(DEMO_TITLE_PREFIX) && i.body_text.startsWith(DEMO_BODY_NOTICE)),
    );
    assert.ok(items.some((i) => i.doc_type === 'normative' && i.abolished_on !== null));
    assert.ok(items.some((i) => i.doc_type === 'regulation'));
    assert.ok(lines[0]!.includes(`${DEMO_ITEM_COUNT} catalog items`), lines[0]);

    const town = await listPublishedItems(db, { orgPath: (await findOrgByCode(db, 'dg-humen'))!.path });
    assert.ok(town.total > 10, `only ${town.total} items for 虎门镇`);
    const index = createSearchIndex(t.database);
    const found = await index.search(db, { text: '征地拆迁 补偿安置' });
    assert.ok(found.total > 10, `search found ${found.total}`);
    assert.equal(
      Number(
        (
          await db
            .selectFrom('search_documents')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      DEMO_ITEM_COUNT,
    );
    assert.equal(
      Number(
        (
          await db
            .selectFrom('catalog_pii_findings')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      0,
    );
  });

  it('loads about two thousand applications in every status and outcome, channel and applicant type', async () => {
    const { db } = t.database;
    const apps = await db
      .selectFrom('applications')
      .select([
        'id',
        'status',
        'outcome',
        'channel',
        'applicant_type',
        'is_overdue',
        'org_id',
        'handler_user_id',
      ])
      .execute();
    assert.ok(apps.length >= 1_500 && apps.length <= 2_500, `${apps.length} applications`);
    for (const status of APPLICATION_STATUSES)
      assert.ok(
        apps.some((a) => a.status === status),
        status,
      );
    for (const outcome of OUTCOMES)
      assert.ok(
        apps.some((a) => a.outcome === outcome),
        outcome,
      );
    for (const channel of CHANNELS)
      assert.ok(
        apps.some((a) => a.channel === channel),
        channel,
      );
    for (const type of APPLICANT_TYPES)
      assert.ok(
        apps.some((a) => a.applicant_type === type),
        type,
      );
    assert.ok(apps.some((a) => a.is_overdue === 1 && a.status !== 'closed'));
    const transfers = await db
      .selectFrom('application_events')
      .select('application_id')
      .where('type', '=', 'transferred')
      .execute();
    assert.ok(transfers.length > 0);
    const appeals = await db.selectFrom('application_appeals').select(['kind', 'result']).execute();
    for (const kind of APPEAL_KINDS) {
      assert.ok(
        appeals.some((a) => a.kind === kind && a.result !== null),
        `${kind} decided`,
      );
      assert.ok(
        appeals.some((a) => a.kind === kind && a.result === null),
        `${kind} pending`,
      );
    }
    const humen = (await findOrgByCode(db, 'dg-humen'))!;
    assert.ok(apps.filter((a) => a.org_id === humen.id).every((a) => a.handler_user_id !== null));
    assert.match(lines[0]!, new RegExp(`${apps.length} applications`));
  });

  it('caches exactly the state derived from each application’s events', async () => {
    const { db } = t.database;
    const calendar = await loadWorkingCalendar(db);
    const apps = await db.selectFrom('applications').selectAll().orderBy('id').execute();
    const sample = apps.filter((_, i) => i % 7 === 0 || apps[i]!.status !== 'closed');
    for (const app of sample) {
      const state = computeApplicationState(app, await listEventsOf(db, app.id), calendar, '2026-03-02', 3);
      assert.deepEqual(
        [app.status, app.outcome, app.due_on, app.is_overdue === 1, app.closed_on],
        [state.status, state.outcome, state.dueOn, state.overdue, state.closedOn],
        app.reference,
      );
    }
  });

  it('has only plainly fictitious applicants: no valid resident ID and no real-looking phone', async () => {
    const { db } = t.database;
    const applicants = await db.selectFrom('applicants').selectAll().execute();
    assert.ok(applicants.length >= 1_500);
    for (const a of applicants) {
      assert.ok(a.name.endsWith(DEMO_APPLICANT_NAME_MARK), a.name);
      if (a.id_number_enc) {
        const id = secrets.decrypt('id_number', a.id_number_enc);
        assert.equal(isValidResidentId(id), false, a.id_number_masked ?? '');
      }
      assert.ok(a.phone_enc);
      assert.ok(secrets.decrypt('phone', a.phone_enc).startsWith(DEMO_PHONE_PREFIX));
      assert.match(a.phone_masked!, /^100\*+\d{4}$/);
      if (a.email) assert.ok(a.email.endsWith('.invalid'), a.email);
    }
    const audit = JSON.stringify(
      await db.selectFrom('audit_log').select(['before_json', 'after_json']).execute(),
    );
    assert.equal(audit.includes(DEMO_PHONE_PREFIX), false);
  });

  it('refuses a database that already has organisations, changing nothing', async () => {
    const { db } = t.database;
    const orgs = await countOrgs(db);
    const users = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const printed: string[] = [];
    await assert.rejects(
      loadDemo(ctx, { log: (l) => printed.push(l) }),
      (err: unknown) => err instanceof AppError && err.code === 'INVALID_STATE',
    );
    assert.deepEqual(printed, []);
    assert.equal(await countOrgs(db), orgs);
    const after = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(users.n));
  });
});
