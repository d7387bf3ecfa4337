import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import {
  CATALOG_FIXTURE as F,
  CITY_NOTICES,
  seedCatalogFixture,
  type SeededCatalog,
} from './catalog.public.fixtures.js';

/** Keys anywhere in a JSON value (to prove what is never there). */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

const FORBIDDEN_KEYS = [
  'created_by',
  'createdBy',
  'submitted_by',
  'submittedBy',
  'reviewed_by',
  'reviewedBy',
  'review_opinion',
  'reviewOpinion',
  'published_by',
  'withdrawn_by',
  'status',
  'piiFindings',
  'storage_key',
  'storageKey',
  'sha256',
  'extracted_text',
];

describe('public JSON API: items and search', () => {
  let t: TestApp;
  let seeded: SeededCatalog;
  const getJson = async (path: string) => {
    const res = await t.app.request(path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    t = await createTestApp();
    seeded = await seedCatalogFixture(t.database, t.deps.storage);
  });
  after(() => t.cleanup());

  it('lists published items with filters and pagination', async () => {
    const all = await getJson('/api/v1/items?pageSize=10&page=3');
    assert.equal(all.status, 200);
    assert.equal(all.body.total, 4 + CITY_NOTICES);
    assert.equal((all.body.items as unknown[]).length, 4 + CITY_NOTICES - 20);
    const jyj = await getJson('/api/v1/items?org=jyj');
    assert.deepEqual(
      (jyj.body.items as { title: string }[]).map((i) => i.title),
      [F.schoolPlan.title],
    );
    const col = await getJson('/api/v1/items?column=art20_7');
    const items = col.body.items as { title: string; url: string; indexNumber: string }[];
    assert.deepEqual(
      items.map((i) => i.title),
      [F.budget.title],
    );
    assert.equal(items[0]!.url, '/xxgk/fgw/items/SFFGW001/2025-00001');
    const typed = await getJson('/api/v1/items?type=normative&year=2024');
    assert.equal(typed.body.total, 1);
    assert.equal((await getJson('/api/v1/items?org=nobody')).status, 404);
    assert.equal((await getJson('/api/v1/items?year=abc')).status, 422);
    assert.equal((await getJson('/api/v1/items?pageSize=1000')).status, 422);
  });

  it('returns one published item with its metadata and attachments, 410 when withdrawn, 404 otherwise', async () => {
    const { status, body } = await getJson(`/api/v1/items/${seeded.items.budget.id}`);
    assert.equal(status, 200);
    assert.equal(body.indexNumber, F.budget.indexNumber);
    assert.equal(body.docNumber, F.budget.docNumber);
    assert.deepEqual(body.keywords, F.budget.keywords);
    assert.match(String(body.bodyHtml), /拆迁补偿支出另行公开/);
    const attachments = body.attachments as { url: string; type: string; name: string }[];
    assert.equal(attachments.length, 1);
    assert.equal(attachments[0]!.url, `/files/${seeded.items.budget.id}/${seeded.attachmentIds.budget}`);
    assert.equal(attachments[0]!.type, 'PDF');
    const rule = await getJson(`/api/v1/items/${seeded.items.rule.id}`);
    assert.equal(rule.body.validity, 'abolished');
    const withdrawn = await getJson(`/api/v1/items/${seeded.items.withdrawn.id}`);
    assert.equal(withdrawn.status, 410);
    assert.deepEqual(withdrawn.body.withdrawn, { on: '2026-02-20', reason: F.withdrawn.withdrawalReason });
    assert.equal((await getJson(`/api/v1/items/${seeded.items.draft.id}`)).status, 404);
    assert.equal((await getJson(`/api/v1/items/${seeded.items.submitted.id}`)).status, 404);
    assert.equal((await getJson('/api/v1/items/999999')).status, 404);
    assert.equal((await getJson('/api/v1/items/abc')).status, 422);
  });

  it('searches with the same filters as the page, and survives hostile queries', async () => {
    const { status, body } = await getJson(`/api/v1/search?q=${encodeURIComponent('預算')}`);
    assert.equal(status, 200);
    const hits = body.hits as { item: { title: string }; titleHtml: string; snippetHtml: string }[];
    assert.equal(hits[0]!.item.title, F.budget.title);
    assert.match(hits[0]!.titleHtml + hits[0]!.snippetHtml, /<mark>预算<\/mark>/);
    assert.deepEqual(body.terms, ['预算']);
    const filtered = await getJson(`/api/v1/search?q=${encodeURIComponent('中考')}&org=jyj`);
    assert.equal(filtered.body.total, 1);
    const sorted = await getJson(
      `/api/v1/search?q=${encodeURIComponent('重大建设项目')}&sort=date&pageSize=5&page=2`,
    );
    assert.equal(sorted.body.total, CITY_NOTICES);
    assert.equal((sorted.body.hits as unknown[]).length, 5);
    for (const q of ['"', '*', 'NEAR', ':', '-', "' OR 1=1 --", '预'.repeat(10_000), '\u0000']) {
      const res = await getJson(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, JSON.stringify(q.slice(0, 20)));
    }
  });

  it('carries no personal data, workflow or storage details in any response', async () => {
    const bodies = [
      (await getJson('/api/v1/items?pageSize=100')).body,
      (await getJson(`/api/v1/items/${seeded.items.budget.id}`)).body,
      (await getJson(`/api/v1/items/${seeded.items.rule.id}`)).body,
      (await getJson(`/api/v1/search?q=${encodeURIComponent('预算')}`)).body,
    ];
    for (const body of bodies) {
      const keys = keysOf(body);
      for (const key of FORBIDDEN_KEYS) assert.ok(!keys.has(key), `no ${key}`);
      assert.ok(!JSON.stringify(body).includes('审查意见'));
    }
  });

  it('documents the item and search routes in the OpenAPI document', async () => {
    const { body } = await getJson('/api/openapi.json');
    const paths = Object.keys(body.paths as object);
    for (const p of ['/api/v1/items', '/api/v1/items/{id}', '/api/v1/search'])
      assert.ok(paths.includes(p), p);
  });
});
