import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { systemPrincipal } from '../platform/auth/principal.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { AppError } from '../platform/errors.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { createSearchIndex } from '../platform/search/search-index.js';
import { importOrgs } from '../orgs/import-orgs.js';
import { buildUser, contextAsUser } from '../../test/support/factories.js';
import {
  findItemByIndexNumber,
  listItemColumns,
  listPiiFindings,
  upsertIndexPattern,
} from './catalog.repository.js';
import {
  decodeText,
  describeProblem,
  importItemProblemsOf,
  importItems,
  normaliseDate,
  normaliseRow,
  parseImportFile,
  splitList,
  type ImportProblem,
  type ParsedImportFile,
} from './import-items.js';

/** GBK bytes for a string, by inverting the platform's GB18030 decoder over the two-byte range. */
function encodeGbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

const jsonl = (...items: object[]) => Buffer.from(items.map((i) => JSON.stringify(i)).join('\n') + '\n');

async function refusal(work: Promise<unknown>): Promise<ImportProblem[]> {
  try {
    await work;
  } catch (err) {
    if (err instanceof AppError && err.code === 'VALIDATION') return importItemProblemsOf(err);
    throw err;
  }
  assert.fail('the import was not refused');
}

describe('catalog import: reading the formats', () => {
  it('reads dates as offices write them, and refuses impossible ones', () => {
    assert.equal(normaliseDate('2025-03-01'), '2025-03-01');
    assert.equal(normaliseDate('2025/3/1'), '2025-03-01');
    assert.equal(normaliseDate('2025.3.1'), '2025-03-01');
    assert.equal(normaliseDate('2025年3月1日'), '2025-03-01');
    assert.equal(normaliseDate('2025-02-29'), null);
    assert.equal(normaliseDate('2025-13-01'), null);
    assert.equal(normaliseDate('yesterday'), null);
  });

  it('splits lists on ; and the full-width ；', () => {
    assert.deepEqual(splitList('art20_1; key-budget；cat-business;'), [
      'art20_1',
      'key-budget',
      'cat-business',
    ]);
  });

  it('decodes UTF-8 with and without a BOM, and falls back to GB18030', () => {
    assert.deepEqual(decodeText(Buffer.from('\uFEFF东莞')), { text: '东莞', encoding: 'utf-8-bom' });
    assert.deepEqual(decodeText(Buffer.from('东莞')), { text: '东莞', encoding: 'utf-8' });
    assert.deepEqual(decodeText(encodeGbk('東莞市政府信息公開')), {
      text: '東莞市政府信息公開',
      encoding: 'gb18030',
    });
  });

  it('names unknown and missing header columns', async () => {
    const parsed = await parseImportFile(Buffer.from('org,titel,status\ndg,x,draft\n'), 'csv');
    assert.deepEqual(
      parsed.problems.map((p) => [p.at, p.field, p.message]),
      [
        [1, 'titel', 'catalog.import.unknown_field'],
        [1, 'title', 'catalog.import.missing_header'],
      ],
    );
  });

  it('names a CSV row with more cells than the header, counting rows as a spreadsheet does', async () => {
    const csv = 'org,title,status\ndg,"两行\n标题",draft\ndg,x,draft,extra\n';
    const parsed = await parseImportFile(Buffer.from(csv), 'csv');
    const problems: ImportProblem[] = [];
    for (const row of parsed.rows) normaliseRow(row, 'csv', problems);
    assert.deepEqual(
      problems.map((p) => describeProblem('csv', p)),
      ['row 3: (row): this row has more cells than the header row has columns'],
    );
  });

  it('reports a JSON Lines line that is not JSON by its line number', async () => {
    const parsed = await parseImportFile(Buffer.from('{"org":"dg"}\n\n{oops\n'), 'jsonl');
    assert.equal(parsed.rows.length, 1);
    assert.equal(parsed.problems[0]!.at, 3);
    assert.match(
      describeProblem('jsonl', parsed.problems[0]!),
      /^line 3: \(line\): this line is not a JSON object/,
    );
  });
});

describe('catalog import', () => {
  let t: TestDatabase;
  let ctx: UseCaseContext;
  const now = new Date('2026-03-02T02:00:00Z');

  const count = async (table: 'catalog_items' | 'audit_log' | 'search_documents') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await createTestDatabase();
    ctx = { database: t.database, principal: systemPrincipal('test'), meta: {}, now };
    await importOrgs(ctx, [
      { code: 'dg', name: '东莞市人民政府', kind: 'government' },
      { code: 'dg-zrzyj', name: '东莞市自然资源局', kind: 'department', parent: 'dg' },
      { code: 'dg-humen', name: '东莞市虎门镇人民政府', kind: 'town', parent: 'dg' },
    ]);
  });
  after(() => t.cleanup());

  it('imports JSON Lines: published items get index numbers, columns, a revision and an audit record', async () => {
    const auditBefore = await count('audit_log');
    const file = await parseImportFile(
      jsonl(
        {
          org: 'dg-zrzyj',
          title: '关于虎门镇征地拆迁补偿安置方案的公告',
          summary: '征地拆迁补偿安置方案',
          body: '<p>根据有关规定，现将补偿安置方案公告如下。</p><script>alert(1)</script>',
          formedOn: '2025-03-01',
          publishedOn: '2025-03-10',
          docNumber: '东自然资〔2025〕7号',
          columns: ['key-expropriation', 'art21_city'],
          keywords: ['征地', '拆迁'],
          docType: 'other',
          status: 'published',
        },
        {
          org: 'dg',
          indexNumber: 'OLD-0001/2024-00001',
          title: '东莞市某管理办法',
          body: '第一条 为了规范管理，制定本办法。',
          formedOn: '2024-01-05',
          publishedOn: '2024-01-10',
          docNumber: '东府〔2024〕1号',
          columns: ['art20_1'],
          docType: 'normative',
          validity: { effectiveOn: '2024-02-01', abolishedOn: '2025-12-31' },
          status: 'published',
        },
        { org: 'dg-humen', title: '虎门镇2026年部门预算（草稿）', status: 'draft' },
      ),
      'jsonl',
    );
    const result = await importItems(ctx, file, { source: 'items.jsonl' });
    assert.deepEqual(
      {
        imported: result.imported,
        published: result.published,
        drafts: result.drafts,
        indexed: result.indexed,
      },
      { imported: 3, published: 2, drafts: 1, indexed: 2 },
    );
    assert.equal(result.generatedIndexNumbers, 1);

    const generated = await t.database.db
      .selectFrom('catalog_items')
      .selectAll()
      .where('id', '=', result.itemIds[0]!)
      .executeTakeFirstOrThrow();
    assert.equal(generated.index_number, 'dg-zrzyj/2025-00001');
    assert.equal(generated.status, 'published');
    assert.equal(generated.published_on, '2025-03-10');
    assert.equal(generated.body_html.includes('script'), false);
    assert.equal(generated.publication_working_days, 6); // 3–7 and 10 March 2025
    assert.equal(generated.is_late, 0);
    assert.deepEqual((await listItemColumns(t.database.db, generated.id)).map((c) => c.code).sort(), [
      'art21_city',
      'key-expropriation',
    ]);
    const normative = (await findItemByIndexNumber(t.database.db, 'OLD-0001/2024-00001'))!;
    assert.equal(normative.doc_type, 'normative');
    assert.equal(normative.effective_on, '2024-02-01');
    assert.equal(normative.abolished_on, '2025-12-31');
    assert.equal(normative.issued_on, '2024-01-05');
    const draft = await t.database.db
      .selectFrom('catalog_items')
      .selectAll()
      .where('id', '=', result.itemIds[2]!)
      .executeTakeFirstOrThrow();
    assert.equal(draft.status, 'draft');
    assert.equal(draft.index_number, null);
    assert.equal(draft.published_on, null);

    const revisions = await t.database.db.selectFrom('catalog_item_revisions').selectAll().execute();
    assert.equal(revisions.length, 3);
    assert.ok(revisions.every((r) => r.action === 'import' && r.revision === 1));
    const audit = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', auditBefore)
      .orderBy('seq')
      .execute();
    assert.equal(audit.filter((a) => a.action === 'catalog.item.import').length, 3);
    assert.equal(audit.at(-1)!.action, 'catalog.import');
    assert.match(audit.at(-1)!.after_json!, /"items":3/);
    assert.equal((await verifyAuditChain(t.database.db)).ok, true);
  });

  it('makes published imports findable by search at once, drafts not', async () => {
    const index = createSearchIndex(t.database);
    const found = await index.search(t.database.db, { text: '征地拆迁' });
    assert.equal(found.total, 1);
    assert.equal(found.hits[0]!.indexNumber, 'dg-zrzyj/2025-00001');
    assert.equal((await index.search(t.database.db, { text: '東府 2024' })).total, 1);
    assert.equal((await index.search(t.database.db, { text: '部门预算' })).total, 0);
  });

  it('imports CSV with a BOM, ; lists, validity columns and dates re-saved by Excel', async () => {
    const csv =
      '\uFEFForg,title,summary,body,formedOn,publishedOn,docNumber,columns,keywords,docType,validity.effectiveOn,validity.abolishedOn,status\n' +
      'dg,东莞市行政规范性文件管理规定,概述,"第一条 为规范行政规范性文件管理，制定本规定。\n第二条 本规定自印发之日起施行。",2025/4/1,2025/4/8,东府〔2025〕12号,art20_1;cat-regulations,规范性文件；管理,normative,2025/5/1,,published\n' +
      'dg-humen,虎门镇2025年统计公报,,统计公报正文,,2025-06-01,,art20_4,,other,,,published\n';
    const file = await parseImportFile(Buffer.from(csv), 'csv');
    assert.equal(file.encoding, 'utf-8-bom');
    const result = await importItems(ctx, file);
    assert.equal(result.imported, 2);
    const row = await t.database.db
      .selectFrom('catalog_items')
      .selectAll()
      .where('id', '=', result.itemIds[0]!)
      .executeTakeFirstOrThrow();
    assert.equal(row.formed_on, '2025-04-01');
    assert.equal(row.effective_on, '2025-05-01');
    assert.equal(row.abolished_on, null);
    assert.equal(row.doc_number, '东府〔2025〕12号');
    assert.deepEqual(JSON.parse(row.keywords_json), ['规范性文件', '管理']);
    assert.match(row.body_html, /<p>第一条.*<\/p>\n<p>第二条/s);
    assert.equal(row.index_number, 'dg/2025-00001');
  });

  it('imports XLSX: first sheet, header row, date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('目录');
    sheet.addRow(['org', 'title', 'body', 'formedOn', 'publishedOn', 'columns', 'status', 'piiAccepted']);
    sheet.addRow([
      'dg-zrzyj',
      '东莞市国土空间总体规划（2021—2035年）批复',
      '规划批复正文',
      new Date(Date.UTC(2025, 6, 1)),
      new Date(Date.UTC(2025, 6, 3)),
      'art20_3',
      'published',
      false,
    ]);
    sheet.addRow([]);
    sheet.addRow([
      'dg',
      { richText: [{ text: '会议纪要' }, { text: '摘要' }] },
      '',
      '',
      '',
      'cat-meetings',
      'draft',
      '',
    ]);
    workbook.addWorksheet('其他').addRow(['ignored']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const file = await parseImportFile(buffer, 'xlsx');
    assert.deepEqual(
      file.rows.map((r) => r.at),
      [2, 4],
    );
    const result = await importItems(ctx, file);
    assert.equal(result.published, 1);
    assert.equal(result.drafts, 1);
    const row = (await findItemByIndexNumber(t.database.db, 'dg-zrzyj/2025-00002'))!;
    assert.equal(row.formed_on, '2025-07-01');
    assert.equal(row.published_on, '2025-07-03');
    const draft = await t.database.db
      .selectFrom('catalog_items')
      .select('title')
      .where('id', '=', result.itemIds[1]!)
      .executeTakeFirstOrThrow();
    assert.equal(draft.title, '会议纪要摘要');
  });

  it('reads a GBK CSV with traditional characters, and search finds it in simplified', async () => {
    const csv =
      'org,title,body,publishedOn,columns,status\r\n' +
      'dg,東莞市政府信息公開工作年度報告,根據條例要求，現公布年度報告。,2025-03-20,cat-other,published\r\n';
    const file = await parseImportFile(encodeGbk(csv), 'csv');
    assert.equal(file.encoding, 'gb18030');
    const result = await importItems(ctx, file);
    const row = await t.database.db
      .selectFrom('catalog_items')
      .select('title')
      .where('id', '=', result.itemIds[0]!)
      .executeTakeFirstOrThrow();
    assert.equal(row.title, '東莞市政府信息公開工作年度報告');
    const found = await createSearchIndex(t.database).search(t.database.db, { text: '信息公开 年度报告' });
    assert.ok(found.hits.some((h) => h.id === result.itemIds[0]));
  });

  it('refuses the whole file for one bad row, naming every problem by row and field, writing nothing', async () => {
    const before = {
      items: await count('catalog_items'),
      audit: await count('audit_log'),
      search: await count('search_documents'),
    };
    const csv =
      'org,indexNumber,title,formedOn,publishedOn,columns,docType,validity.effectiveOn,status\n' +
      'dg,,好的一行,2025-01-02,2025-01-03,art20_1,other,,published\n' +
      'nowhere,,未知机构,2025-02-30,2025-01-03,no-such-column,law,,published\n' +
      'dg,OLD-0001/2024-00001,重复的索引号,,2025-01-03,,other,,published\n' +
      'dg,A/1,文件内重复一,,2025-01-03,,other,,published\n' +
      'dg,A/1,文件内重复二,,2099-01-03,,other,2025-01-01,sent\n' +
      'dg,,,2025-05-01,2025-04-01,,other,,draft\n';
    const problems = await refusal(importItems(ctx, await parseImportFile(Buffer.from(csv), 'csv')));
    const named = problems.map((p) => `${p.at}:${p.field}:${p.message.replace('catalog.import.', '')}`);
    assert.deepEqual(
      named,
      [
        '3:formedOn:date_format',
        '3:docType:doc_type',
        '3:org:org_unknown',
        '3:columns:column_unknown',
        '4:indexNumber:index_taken',
        '6:status:status',
        '6:validity:validity_not_applicable',
        '6:indexNumber:index_duplicate_in_file',
        '7:title:required',
        '7:publishedOn:published_on_for_draft',
        '7:formedOn:formed_after_published',
      ].sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0])),
    );
    const line = describeProblem(
      'csv',
      problems.find((p) => p.message.endsWith('duplicate_in_file'))!,
    );
    assert.equal(line, 'row 6: indexNumber: this index number already appears at row 5');
    assert.equal(await count('catalog_items'), before.items);
    assert.equal(await count('audit_log'), before.audit);
    assert.equal(await count('search_documents'), before.search);
  });

  it('refuses a published date in the future and an unknown JSON field', async () => {
    const problems = await refusal(
      importItems(
        ctx,
        await parseImportFile(
          jsonl({
            org: 'dg',
            title: '明天的通知',
            publishedOn: '2026-03-03',
            status: 'published',
            colums: [],
          }),
          'jsonl',
        ),
      ),
    );
    assert.deepEqual(
      problems.map((p) => [p.at, p.field, p.message]),
      [
        [1, 'colums', 'catalog.import.unknown_field'],
        [1, 'publishedOn', 'catalog.import.published_in_future'],
      ],
    );
  });

  it('refuses personal data unless the row accepts it, then records the findings as accepted', async () => {
    const items = (piiAccepted: boolean) =>
      jsonl(
        {
          org: 'dg',
          title: '行政处罚决定书',
          body: '当事人联系电话13812345678。',
          status: 'published',
          piiAccepted,
        },
        {
          org: 'dg',
          title: '无个人信息的通知',
          body: '索引号 11441700007280420Y/2021-00050，金额 1234567890123456 元以内。',
          status: 'draft',
        },
      );
    const itemsBefore = await count('catalog_items');
    const problems = await refusal(importItems(ctx, await parseImportFile(items(false), 'jsonl')));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.at, 1);
    assert.equal(problems[0]!.field, 'body');
    assert.match(
      describeProblem('jsonl', problems[0]!),
      /line 1: body: personal data found: mobile number .*138\*{4}5678/,
    );
    assert.equal(String(problems[0]!.params?.findings).includes('13812345678'), false);
    assert.equal(await count('catalog_items'), itemsBefore);

    const result = await importItems(ctx, await parseImportFile(items(true), 'jsonl'));
    assert.equal(result.acceptedPiiFindings, 1);
    const findings = await listPiiFindings(t.database.db, result.itemIds[0]!);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.status, 'accepted');
    assert.equal(findings[0]!.kind, 'mobile');
  });

  it('refuses an index number that cannot be an address', async () => {
    const problems = await refusal(
      importItems(
        ctx,
        await parseImportFile(
          jsonl(
            { org: 'dg', title: 'a', indexNumber: 'A 1', status: 'draft' },
            { org: 'dg', title: 'b', indexNumber: '/A/1', status: 'draft' },
            { org: 'dg', title: 'c', indexNumber: 'A//1', status: 'draft' },
          ),
          'jsonl',
        ),
      ),
    );
    assert.deepEqual(
      problems.map((p) => [p.at, p.field, p.message]),
      [1, 2, 3].map((at) => [at, 'indexNumber', 'catalog.import.index_format']),
    );
  });

  it('lets an editor import drafts of their office but not published items, which skip 保密审查', async () => {
    const user = await buildUser(t.database, {
      username: 'humen.editor',
      grants: [{ orgCode: 'dg-humen', role: 'editor' }],
    });
    const editor = await contextAsUser(t.database, user.id, now);
    const draft = await importItems(
      editor,
      await parseImportFile(jsonl({ org: 'dg-humen', title: '草稿', status: 'draft' }), 'jsonl'),
    );
    assert.equal(draft.drafts, 1);
    for (const item of [
      { org: 'dg-humen', title: '已发布', status: 'published' },
      { org: 'dg', title: '别的单位', status: 'draft' },
    ]) {
      await assert.rejects(
        importItems(editor, await parseImportFile(jsonl(item), 'jsonl')),
        (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN',
      );
    }
  });

  it('refuses published rows without an index number when the office pattern cannot be used', async () => {
    const humen = (
      await t.database.db
        .selectFrom('orgs')
        .select('id')
        .where('code', '=', 'dg-humen')
        .executeTakeFirstOrThrow()
    ).id;
    await upsertIndexPattern(t.database.db, {
      orgId: humen,
      pattern: '{creditCode}/{yyyy}-{seq:5}',
      by: null,
      at: now.toISOString(),
    });
    const problems = await refusal(
      importItems(
        ctx,
        await parseImportFile(
          jsonl(
            { org: 'dg-humen', title: '甲', status: 'published' },
            { org: 'dg-humen', title: '乙', indexNumber: 'HM/2025-1', status: 'published' },
            { org: 'dg-humen', title: '丙', status: 'published' },
          ),
          'jsonl',
        ),
      ),
    );
    assert.deepEqual(
      problems.map((p) => [p.at, p.field, p.message]),
      [1, 3].map((at) => [at, 'indexNumber', 'catalog.import.index_pattern_unusable']),
    );
    await upsertIndexPattern(t.database.db, {
      orgId: humen,
      pattern: '{orgCode}/{yyyy}-{seq:5}',
      by: null,
      at: now.toISOString(),
    });
  });

  it('refuses an empty file', async () => {
    const problems = await refusal(importItems(ctx, await parseImportFile(Buffer.from(''), 'jsonl')));
    assert.deepEqual(
      problems.map((p) => [p.at, p.message]),
      [[null, 'catalog.import.empty_file']],
    );
  });

  it('imports a thousand rows in one go', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      org: i % 2 ? 'dg-humen' : 'dg-zrzyj',
      title: `第${i}号通知`,
      body: `通知正文 ${i}`,
      publishedOn: '2024-05-06',
      columns: ['cat-business'],
      status: 'published',
    }));
    const file: ParsedImportFile = await parseImportFile(jsonl(...rows), 'jsonl');
    const phases = new Set<string>();
    const result = await importItems(ctx, file, { onProgress: (p) => phases.add(p.phase) });
    assert.equal(result.imported, 1000);
    assert.equal(result.indexed, 1000);
    assert.deepEqual([...phases].sort(), ['checking', 'indexing', 'writing']);
    assert.ok(await findItemByIndexNumber(t.database.db, 'dg-humen/2024-00500'));
  });
});
