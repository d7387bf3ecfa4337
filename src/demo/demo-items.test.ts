import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scanForPii } from '../catalog/pii.rules.js';
import { SEED_COLUMNS } from '../catalog/taxonomy.js';
import { demoCityOrgs } from './demo-city.js';
import {
  DEMO_BODY_NOTICE,
  DEMO_FIRST_DATE,
  DEMO_ITEM_COUNT,
  DEMO_LAST_DATE,
  DEMO_TITLE_PREFIX,
  demoCatalogItems,
} from './demo-items.js';

describe('demo catalog items', () => {
  const items = demoCatalogItems({ today: '2026-03-02' });

  it('is deterministic, and the same for any day after the last demo date', () => {
    assert.deepEqual(demoCatalogItems({ today: '2026-03-02' }), items);
    assert.deepEqual(demoCatalogItems({ today: '2030-01-01' }), items);
    assert.equal(items.length, DEMO_ITEM_COUNT);
  });

  it('marks every item as demo content in its title and its body’s first line', () => {
    for (const item of items) {
      assert.ok(item.title.startsWith(DEMO_TITLE_PREFIX), item.title);
      assert.equal(item.body.split('\n')[0], DEMO_BODY_NOTICE);
    }
  });

  it('holds nothing the personal-data scan would flag', () => {
    const flagged = items.filter((i) =>
      [i.title, i.summary, i.body].some((text) => scanForPii(text).length > 0),
    );
    assert.deepEqual(
      flagged.map((i) => i.title),
      [],
    );
  });

  it('uses only the demo organisations and the city-wide columns, and spreads over all of them', () => {
    const orgs = new Set(demoCityOrgs().map((o) => o.code));
    const columns = new Set(SEED_COLUMNS.map((c) => c.code));
    assert.ok(
      items.every((i) => orgs.has(i.org) && i.columns.length > 0 && i.columns.every((c) => columns.has(c))),
    );
    assert.equal(new Set(items.map((i) => i.org)).size, orgs.size);
    const used = new Set(items.flatMap((i) => i.columns));
    assert.ok(used.size >= 30, `only ${used.size} columns used`);
  });

  it('spans 2023 to 2026 with dates in order and 文号 like 东府〔2025〕12号', () => {
    for (const item of items) {
      assert.ok(
        item.publishedOn! >= DEMO_FIRST_DATE && item.publishedOn! <= DEMO_LAST_DATE,
        item.publishedOn,
      );
      assert.ok(item.formedOn <= item.publishedOn!);
      if (item.docNumber) assert.match(item.docNumber, /^(.+〔20\d\d〕\d+号|东莞市人民政府令第\d+号)$/);
    }
    const years = new Set(items.map((i) => i.publishedOn!.slice(0, 4)));
    assert.deepEqual([...years].sort(), ['2023', '2024', '2025', '2026']);
    assert.ok(items.some((i) => /^东府〔\d{4}〕\d+号$/.test(i.docNumber ?? '')));
  });

  it('includes regulations and normative documents with validity, some abolished, and annual reports', () => {
    const lifecycle = items.filter((i) => i.docType !== 'other');
    assert.ok(lifecycle.length >= 50);
    assert.ok(lifecycle.every((i) => i.validity?.effectiveOn));
    assert.ok(lifecycle.some((i) => i.validity?.abolishedOn));
    assert.ok(items.some((i) => i.docType === 'regulation'));
    assert.equal(
      items.filter((i) => i.title.endsWith('政府信息公开工作年度报告')).length,
      demoCityOrgs().length * 3,
    );
  });

  it('turns items dated after today into drafts when loaded early', () => {
    const early = demoCatalogItems({ today: '2025-06-30' });
    assert.ok(early.some((i) => i.status === 'draft' && i.publishedOn === undefined));
    assert.ok(early.filter((i) => i.status === 'published').every((i) => i.publishedOn! <= '2025-06-30'));
  });
});
