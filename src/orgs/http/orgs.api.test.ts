import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { buildOrg, buildUser } from '../../../test/support/factories.js';
import { updateOrgRow } from '../orgs.repository.js';

describe('public organisations API', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await buildOrg(t.database, { code: 'sz', kind: 'government', name: '示例市人民政府' });
    const dept = await buildOrg(t.database, {
      code: 'sz-cz',
      kind: 'department',
      parentCode: 'sz',
      name: '示例市财政局',
    });
    await buildOrg(t.database, { code: 'sz-town', kind: 'town', parentCode: 'sz', name: '示例镇' });
    await updateOrgRow(t.database.db, dept.id, {
      phone: '0000-0000 0001',
      email: 'xxgk@cz.example.invalid',
      updated_at: '2026-01-01T00:00:00.000Z',
    });
    await buildUser(t.database, { username: 'secret.staff', homeOrgCode: 'sz-cz' });
  });
  after(() => t.cleanup());

  it('lists the directory grouped by kind', async () => {
    const res = await t.app.request('/api/v1/orgs');
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      government: { code: string };
      departments: { code: string }[];
      towns: { code: string }[];
    };
    assert.equal(body.government.code, 'sz');
    assert.deepEqual(
      body.departments.map((d) => d.code),
      ['sz-cz'],
    );
    assert.deepEqual(
      body.towns.map((d) => d.code),
      ['sz-town'],
    );
  });

  it("gives an organisation's guide facts with null for what it has not provided, and no staff data", async () => {
    const res = await t.app.request('/api/v1/orgs/sz-cz');
    assert.equal(res.status, 200);
    const text = await res.text();
    const body = JSON.parse(text) as {
      org: { name: string };
      office: { field: string; value: string | null }[];
    };
    assert.equal(body.org.name, '示例市财政局');
    assert.equal(body.office.find((f) => f.field === 'phone')?.value, '0000-0000 0001');
    assert.equal(body.office.find((f) => f.field === 'fax')?.value, null);
    assert.doesNotMatch(text, /secret\.staff/);
  });

  it('answers 404 with a stable error code for an unknown organisation and 422 for a malformed code', async () => {
    const missing = await t.app.request('/api/v1/orgs/nope');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
    const bad = await t.app.request('/api/v1/orgs/%3Cscript%3E');
    assert.equal(bad.status, 422);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'VALIDATION');
  });

  it('serves an OpenAPI document describing the routes', async () => {
    const res = await t.app.request('/api/openapi.json');
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/orgs']);
    assert.ok(doc.paths['/api/v1/orgs/{code}']);
  });
});
