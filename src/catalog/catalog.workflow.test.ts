import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-db.js';
import { buildOrg, buildUser, contextAsUser, type BuiltOrg } from '../../test/support/factories.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { AppError } from '../platform/errors.js';
import { createSearchIndex, type SearchIndex } from '../platform/search/search-index.js';
import { createLocalStorage, listLocalStorageKeys, type FileStorage } from '../platform/storage/index.js';
import { createJobQueue } from '../platform/jobs/job-queue.js';
import { fixedClock } from '../platform/clock.js';
import { createItem } from './create-item.js';
import { updateItem } from './update-item.js';
import { setItemColumns } from './set-item-columns.js';
import { submitItem } from './submit-item.js';
import { decidePiiFinding } from './decide-pii-finding.js';
import { reviewItem } from './review-item.js';
import { publishItem } from './publish-item.js';
import { withdrawItem } from './withdraw-item.js';
import { amendValidity } from './amend-validity.js';
import { uploadAttachment } from './upload-attachment.js';
import { importWordBody } from './import-word-body.js';
import { registerCatalogJobs } from './catalog.jobs.js';
import { presentItemForPublic } from './catalog.presenter.js';
import {
  countValidityForYear,
  findItemById,
  findPublicItem,
  listAttachments,
  listItemColumns,
  listPiiFindings,
  listPublishedItems,
  listSitemapEntries,
  listStaffItems,
  countStaffItemsByStatus,
  upsertIndexPattern,
} from './catalog.repository.js';

// Monday 2026-03-09, 10:00 in Shanghai.
const NOW = new Date('2026-03-09T02:00:00Z');

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

describe('catalog workflow', () => {
  let t: TestDatabase;
  let city: BuiltOrg;
  let townA: BuiltOrg;
  let townB: BuiltOrg;
  let editor: UseCaseContext;
  let reviewer: UseCaseContext;
  let editorB: UseCaseContext;
  let searchIndex: SearchIndex;
  let storage: FileStorage;
  let storageDir: string;

  const auditActions = async (entityId: number) =>
    (
      await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'catalog_item')
        .where('entity_id', '=', String(entityId))
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);
  const searchIds = async (text: string) =>
    (await searchIndex.search(t.database.db, { text })).hits.map((h) => h.id);

  /** Creates, submits and approves an item of town A. */
  async function approvedItem(
    title: string,
    extra: { body?: string; formedOn?: string; docType?: 'normative'; issuedOn?: string } = {},
  ) {
    const item = await createItem(editor, {
      orgCode: 'town-a',
      title,
      body: extra.body ?? '<p>正文内容</p>',
      ...extra,
    });
    await submitItem(editor, { itemId: item.id });
    await reviewItem(reviewer, { itemId: item.id, decision: 'approve', opinion: '经审查，可以公开' });
    return item;
  }

  before(async () => {
    t = await createTestDatabase();
    city = await buildOrg(t.database, { code: 'city' });
    townA = await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city' });
    townB = await buildOrg(t.database, { code: 'town-b', kind: 'town', parentCode: 'city' });
    const e = await buildUser(t.database, {
      username: 'editor-a',
      grants: [{ orgCode: 'town-a', role: 'editor' }],
    });
    const r = await buildUser(t.database, {
      username: 'reviewer-a',
      grants: [{ orgCode: 'town-a', role: 'reviewer' }],
    });
    const eb = await buildUser(t.database, {
      username: 'editor-b',
      grants: [{ orgCode: 'town-b', role: 'editor' }],
    });
    editor = await contextAsUser(t.database, e.id, NOW);
    reviewer = await contextAsUser(t.database, r.id, NOW);
    editorB = await contextAsUser(t.database, eb.id, NOW);
    searchIndex = createSearchIndex(t.database);
    storageDir = path.join(t.dir, 'files');
    storage = createLocalStorage(storageDir);
  });

  after(async () => {
    await t.cleanup();
  });

  it('runs draft → submitted → approved → published, with audit rows and revisions', async () => {
    const item = await createItem(editor, {
      orgCode: 'town-a',
      title: '关于征地拆迁补偿标准的通知',
      summary: '公布本镇征地拆迁补偿标准',
      body: '<p>第一条 补偿标准如下。</p>',
      docNumber: '甲府〔2026〕3号',
      docType: 'normative',
      formedOn: '2026-03-02',
      issuedOn: '2026-03-02',
      keywords: ['征地', '补偿'],
      columns: ['art20_1', 'key-expropriation'],
    });
    assert.equal(item.status, 'draft');
    const submitted = await submitItem(editor, { itemId: item.id });
    assert.equal(submitted.item.status, 'submitted');
    assert.equal(submitted.openFindings, 0);
    const approved = await reviewItem(reviewer, {
      itemId: item.id,
      decision: 'approve',
      opinion: '同意公开',
    });
    assert.equal(approved.status, 'approved');
    assert.equal(approved.review_opinion, '同意公开');
    assert.deepEqual(await searchIds('拆迁'), [], 'not in the index before publication');

    const published = await publishItem(editor, { searchIndex }, { itemId: item.id });
    assert.equal(published.status, 'published');
    assert.equal(published.index_number, 'town-a/2026-00001');
    assert.equal(published.published_on, '2026-03-09');
    assert.equal(published.is_late, 0);
    assert.equal(published.publication_working_days, 5);
    assert.deepEqual(await searchIds('拆迁'), [item.id]);

    assert.deepEqual(await auditActions(item.id), [
      'catalog.item.create',
      'catalog.item.submit',
      'catalog.item.approve',
      'catalog.item.publish',
    ]);
    const revisions = await t.database.db
      .selectFrom('catalog_item_revisions')
      .select(['revision', 'action', 'snapshot_json'])
      .where('item_id', '=', item.id)
      .orderBy('revision')
      .execute();
    assert.deepEqual(
      revisions.map((r) => `${r.revision}:${r.action}`),
      ['1:create', '2:submit', '3:approve', '4:publish'],
    );
    const first = JSON.parse(revisions[0]!.snapshot_json) as { title: string; columns: string[] };
    assert.equal(first.title, '关于征地拆迁补偿标准的通知');
    assert.deepEqual(first.columns, ['art20_1', 'key-expropriation']);

    // The public side: listing by subtree, column and year; the item by 索引号; the presenter.
    const listed = await listPublishedItems(t.database.db, {
      orgPath: city.path,
      columnCode: 'key-expropriation',
      year: 2026,
    });
    assert.deepEqual(
      listed.items.map((i) => i.id),
      [item.id],
    );
    assert.equal((await listPublishedItems(t.database.db, { orgPath: townB.path })).total, 0);
    const found = await findPublicItem(t.database.db, 'town-a', 'town-a/2026-00001');
    assert.ok(found);
    const view = presentItemForPublic(found, {
      columns: await listItemColumns(t.database.db, item.id),
      attachments: [],
      today: '2026-03-09',
    });
    assert.equal(view.validity, 'valid');
    assert.deepEqual(
      view.columns.map((c) => c.code),
      ['art20_1', 'key-expropriation'],
    );
    const json = JSON.stringify(view);
    for (const secret of [
      'created_by',
      'reviewed_by',
      'review_opinion',
      '同意公开',
      'is_late',
      'storage_key',
    ]) {
      assert.ok(!json.includes(secret), `public view leaks ${secret}`);
    }
    assert.deepEqual(
      (await listSitemapEntries(t.database.db)).map((e) => e.indexNumber),
      ['town-a/2026-00001'],
    );
    const counts = await countValidityForYear(t.database.db, { orgPath: city.path, year: 2026 });
    assert.deepEqual(counts.normative, { issued: 1, abolished: 0, valid: 1 });
  });

  it('refuses a reviewer approving an item they created', async () => {
    const item = await createItem(reviewer, { orgCode: 'town-a', title: '审查员自己起草' }).catch(
      (err: unknown) => err,
    );
    // A reviewer without catalog.edit cannot even create; grant both roles to one person to test the rule.
    assert.ok(item instanceof AppError && item.code === 'FORBIDDEN');
    const both = await buildUser(t.database, {
      username: 'both-a',
      grants: [
        { orgCode: 'town-a', role: 'editor' },
        { orgCode: 'town-a', role: 'reviewer' },
      ],
    });
    const ctx = await contextAsUser(t.database, both.id, NOW);
    const own = await createItem(ctx, { orgCode: 'town-a', title: '自己起草自己审查', body: '正文' });
    await submitItem(ctx, { itemId: own.id });
    const err = await rejection(reviewItem(ctx, { itemId: own.id, decision: 'approve', opinion: '同意' }));
    assert.equal(err.code, 'FORBIDDEN');
    assert.equal(err.message, 'catalog.error.review_own');
    assert.equal((await findItemById(t.database.db, own.id))?.status, 'submitted');
  });

  it('returns a rejected item to draft with the opinion kept', async () => {
    const item = await createItem(editor, { orgCode: 'town-a', title: '待退回的信息', body: '正文' });
    await submitItem(editor, { itemId: item.id });
    const rejected = await reviewItem(reviewer, {
      itemId: item.id,
      decision: 'reject',
      opinion: '涉及内部事务，请修改',
    });
    assert.equal(rejected.status, 'draft');
    assert.equal(rejected.review_decision, 'rejected');
    assert.equal(rejected.review_opinion, '涉及内部事务，请修改');
    const noOpinion = await rejection(
      reviewItem(reviewer, { itemId: item.id, decision: 'approve', opinion: ' ' }),
    );
    assert.equal(noOpinion.code, 'VALIDATION');
  });

  it('blocks publication while a personal-data finding is open, until redacted or accepted', async () => {
    const item = await createItem(editor, {
      orgCode: 'town-a',
      title: '困难群众救助名单',
      body: '<p>申请人王某，身份证号11010519491231002X，联系电话13812345678。</p>',
    });
    const { openFindings } = await submitItem(editor, { itemId: item.id });
    assert.equal(openFindings, 2);
    await reviewItem(reviewer, { itemId: item.id, decision: 'approve', opinion: '个人信息处理后公开' });
    const blocked = await rejection(publishItem(editor, { searchIndex }, { itemId: item.id }));
    assert.equal(blocked.code, 'INVALID_STATE');
    assert.equal(blocked.message, 'catalog.error.pii_open');
    assert.equal((await findItemById(t.database.db, item.id))?.status, 'approved');

    const findings = await listPiiFindings(t.database.db, item.id);
    const id = findings.find((f) => f.kind === 'resident_id')!;
    const phone = findings.find((f) => f.kind === 'mobile')!;
    assert.ok(!id.excerpt_masked.includes('11010519491231002X'));
    await decidePiiFinding(editor, { findingId: id.id, decision: 'redact' });
    const afterRedact = await findItemById(t.database.db, item.id);
    assert.ok(afterRedact);
    assert.ok(!afterRedact.body_html.includes('11010519491231002X'));
    assert.ok(afterRedact.body_html.includes('＊'.repeat(18)));
    assert.ok(!afterRedact.body_text.includes('11010519491231002X'));
    assert.equal(
      (await rejection(publishItem(editor, { searchIndex }, { itemId: item.id }))).message,
      'catalog.error.pii_open',
    );

    const noNote = await rejection(decidePiiFinding(reviewer, { findingId: phone.id, decision: 'accept' }));
    assert.equal(noNote.code, 'VALIDATION');
    const accepted = await decidePiiFinding(reviewer, {
      findingId: phone.id,
      decision: 'accept',
      note: '本人同意公开联系电话',
    });
    assert.equal(accepted.status, 'accepted');
    assert.equal(accepted.decided_by, reviewer.principal.userId);
    const published = await publishItem(editor, { searchIndex }, { itemId: item.id });
    assert.equal(published.status, 'published');
  });

  it('gives consecutive, unique index numbers following the office pattern', async () => {
    await upsertIndexPattern(t.database.db, {
      orgId: townA.id,
      pattern: 'GK-{yyyymm}-{seq:3}',
      by: null,
      at: NOW.toISOString(),
    });
    const a = await approvedItem('编号测试一');
    const b = await approvedItem('编号测试二');
    const [pa, pb] = [
      await publishItem(editor, { searchIndex }, { itemId: a.id }),
      await publishItem(editor, { searchIndex }, { itemId: b.id }),
    ];
    assert.match(pa.index_number!, /^GK-202603-\d{3}$/);
    assert.notEqual(pa.index_number, pb.index_number);
    assert.equal(Number(pb.index_number!.slice(-3)), Number(pa.index_number!.slice(-3)) + 1);
    // A number taken by an imported item is skipped rather than reused.
    await t.database.db
      .updateTable('catalog_items')
      .set({ index_number: `GK-202603-${String(Number(pb.index_number!.slice(-3)) + 1).padStart(3, '0')}` })
      .where('id', '=', (await createItem(editor, { orgCode: 'town-a', title: '占号' })).id)
      .execute();
    const c = await approvedItem('编号测试三');
    const pc = await publishItem(editor, { searchIndex }, { itemId: c.id });
    assert.equal(Number(pc.index_number!.slice(-3)), Number(pb.index_number!.slice(-3)) + 2);
    await upsertIndexPattern(t.database.db, {
      orgId: townA.id,
      pattern: '{orgCode}/{yyyy}-{seq:5}',
      by: null,
      at: NOW.toISOString(),
    });
  });

  it('flags publication more than 20 working days after formation (条例第二十六条)', async () => {
    const item = await approvedItem('迟延公开的信息', { formedOn: '2026-01-05' });
    const published = await publishItem(editor, { searchIndex }, { itemId: item.id });
    assert.equal(published.is_late, 1);
    assert.ok((published.publication_working_days ?? 0) > 20);
  });

  it('publishes a scheduled item when its time comes, once', async () => {
    const clock = fixedClock(NOW);
    const jobs = createJobQueue({ database: t.database, clock });
    registerCatalogJobs(jobs, { database: t.database, searchIndex });
    const item = await approvedItem('定时发布的公告');
    const at = new Date(NOW.getTime() + 2 * 3600_000);
    const scheduled = await publishItem(
      editor,
      { searchIndex, jobs },
      { itemId: item.id, scheduledAt: at.toISOString() },
    );
    assert.equal(scheduled.status, 'approved');
    assert.equal(scheduled.scheduled_at, at.toISOString());
    assert.equal((await jobs.runDue()).claimed, 0, 'not due yet');
    assert.deepEqual(await searchIds('定时发布'), []);
    clock.advanceMs(2 * 3600_000 + 1000);
    const run = await jobs.runDue();
    assert.equal(run.succeeded, 1);
    const published = await findItemById(t.database.db, item.id);
    assert.equal(published?.status, 'published');
    assert.equal(published?.scheduled_at, null);
    assert.equal(published?.published_at, clock.now().toISOString());
    assert.deepEqual(await searchIds('定时发布'), [item.id]);
    // Running the job again (a retry, a second worker) changes nothing.
    await jobs.enqueue(t.database.db, 'catalog.publish_scheduled', {
      itemId: item.id,
      scheduledAt: at.toISOString(),
    });
    await jobs.runDue();
    assert.equal((await findItemById(t.database.db, item.id))?.version, published?.version);
  });

  it('withdraws with a kept reason, removes from search, and still answers the public URL', async () => {
    const item = await approvedItem('将被撤销的通知');
    const published = await publishItem(editor, { searchIndex }, { itemId: item.id });
    assert.deepEqual(await searchIds('撤销的通知'), [item.id]);
    const noReason = await rejection(
      withdrawItem(reviewer, { searchIndex }, { itemId: item.id, reason: '' }),
    );
    assert.equal(noReason.code, 'VALIDATION');
    const withdrawn = await withdrawItem(
      reviewer,
      { searchIndex },
      { itemId: item.id, reason: '内容有误，已重新发布' },
    );
    assert.equal(withdrawn.status, 'withdrawn');
    assert.equal(withdrawn.withdrawal_reason, '内容有误，已重新发布');
    assert.deepEqual(await searchIds('撤销的通知'), []);
    const found = await findPublicItem(t.database.db, 'town-a', published.index_number!);
    assert.ok(found);
    const view = presentItemForPublic(found, { columns: [], attachments: [], today: '2026-03-09' });
    assert.deepEqual(view.withdrawn, { on: '2026-03-09', reason: '内容有误，已重新发布' });
    assert.equal(view.bodyHtml, '');
    assert.ok(!(await listPublishedItems(t.database.db, {})).items.some((i) => i.id === item.id));
    assert.ok((await auditActions(item.id)).includes('catalog.item.withdraw'));
  });

  it('records abolition and amendment, re-indexes, and counts them for the annual report', async () => {
    const old = await approvedItem('旧规范性文件', { docType: 'normative', issuedOn: '2025-05-01' });
    const pOld = await publishItem(editor, { searchIndex }, { itemId: old.id });
    const fresh = await approvedItem('新规范性文件');
    const pNew = await publishItem(editor, { searchIndex }, { itemId: fresh.id });
    const amended = await amendValidity(
      editor,
      { searchIndex },
      { itemId: pOld.id, change: 'amend', on: '2026-03-09', amendingItemId: pNew.id },
    );
    assert.equal(amended.amended_by_item_id, pNew.id);
    const abolished = await amendValidity(
      editor,
      { searchIndex },
      { itemId: pOld.id, change: 'abolish', on: '2026-03-10' },
    );
    assert.equal(abolished.abolished_on, '2026-03-10');
    const early = await rejection(
      amendValidity(editor, { searchIndex }, { itemId: pOld.id, change: 'abolish', on: '2020-01-01' }),
    );
    assert.equal(early.code, 'VALIDATION');
    const counts = await countValidityForYear(t.database.db, { orgPath: townA.path, year: 2026 });
    assert.equal(counts.normative.abolished, 1);
    const counts2025 = await countValidityForYear(t.database.db, { orgPath: townA.path, year: 2025 });
    assert.deepEqual(counts2025.normative, { issued: 1, abolished: 0, valid: 1 });
  });

  it('sanitises a malicious body and derives its text', async () => {
    const item = await createItem(editor, {
      orgCode: 'town-a',
      title: '含脚本的正文',
      body: '<p onmouseover="alert(1)">正文<script>document.cookie</script><a href="javascript:alert(1)">链接</a><img src=x onerror=alert(1)></p><style>*{}</style>',
    });
    assert.equal(item.body_html, '<p>正文<a rel="noopener noreferrer">链接</a></p>');
    assert.equal(item.body_text, '正文链接');
    const updated = await updateItem(editor, {
      itemId: item.id,
      body: '<iframe src="https://evil"></iframe><h1>标题</h1>',
    });
    assert.equal(updated.body_html, '<h2>标题</h2>');
    assert.equal(updated.version, 2);
  });

  it('makes a Word file the body', async () => {
    const docx = await Packer.toBuffer(
      new Document({
        sections: [{ children: [new Paragraph('第一条 为规范政府信息公开工作，制定本办法。')] }],
      }),
    );
    const item = await createItem(editor, { orgCode: 'town-a', title: 'Word 正文' });
    const updated = await importWordBody(editor, {
      itemId: item.id,
      fileName: '办法.docx',
      content: new Uint8Array(docx),
    });
    assert.equal(updated.body_html, '<p>第一条 为规范政府信息公开工作，制定本办法。</p>');
    const notWord = await rejection(
      importWordBody(editor, {
        itemId: item.id,
        fileName: '办法.docx',
        content: new TextEncoder().encode('plain text'),
      }),
    );
    assert.equal(notWord.message, 'Invalid input');
  });

  it('stores an attachment with its extracted text and scans it on submission', async () => {
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('联系人手机 13912345678')] }] }),
    );
    const item = await createItem(editor, { orgCode: 'town-a', title: '带附件的信息', body: '见附件' });
    const attachment = await uploadAttachment(
      editor,
      { storage },
      { itemId: item.id, fileName: '../../etc/名单.docx', content: new Uint8Array(docx) },
    );
    assert.equal(attachment.original_name, '名单.docx');
    assert.equal(attachment.extension, 'docx');
    assert.match(attachment.extracted_text ?? '', /13912345678/);
    assert.ok(await storage.exists(attachment.storage_key));
    const { openFindings } = await submitItem(editor, { itemId: item.id });
    assert.equal(openFindings, 1);
    const [finding] = await listPiiFindings(t.database.db, item.id);
    assert.equal(finding?.source, 'attachment');
    assert.equal(
      (await rejection(decidePiiFinding(editor, { findingId: finding.id, decision: 'redact' }))).message,
      'catalog.error.redact_attachment',
    );
  });

  it('refuses an upload whose content does not match its extension, leaving nothing behind', async () => {
    const item = await createItem(editor, { orgCode: 'town-a', title: '伪装的附件' });
    const before = listLocalStorageKeys(storageDir).length;
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const err = await rejection(
      uploadAttachment(editor, { storage }, { itemId: item.id, fileName: '报告.pdf', content: png }),
    );
    assert.equal(err.code, 'VALIDATION');
    assert.equal(err.details.fields?.[0]?.message, 'catalog.error.upload_type_mismatch');
    const exe = await rejection(
      uploadAttachment(
        editor,
        { storage },
        { itemId: item.id, fileName: 'setup.exe', content: new Uint8Array([0x4d, 0x5a, 0, 0]) },
      ),
    );
    assert.equal(exe.details.fields?.[0]?.message, 'catalog.error.upload_type_not_allowed');
    const big = await rejection(
      uploadAttachment(
        editor,
        { storage, maxBytes: 4 },
        { itemId: item.id, fileName: 'a.png', content: png },
      ),
    );
    assert.equal(big.details.fields?.[0]?.message, 'catalog.error.upload_too_large');
    assert.equal(listLocalStorageKeys(storageDir).length, before);
    assert.deepEqual(await listAttachments(t.database.db, item.id), []);
    assert.equal(fs.existsSync(path.join(storageDir, '..', '..', 'etc')), false);
  });

  it('refuses a town editor changing another town’s item, writing nothing', async () => {
    const item = await createItem(editor, { orgCode: 'town-a', title: '甲镇的信息', body: '原文' });
    const auditBefore = await auditActions(item.id);
    // One at a time: each attempt starts only after the previous one was refused.
    const attempts: (() => Promise<unknown>)[] = [
      () => updateItem(editorB, { itemId: item.id, title: '乙镇改的' }),
      () => setItemColumns(editorB, { searchIndex }, { itemId: item.id, columns: ['cat-other'] }),
      () => submitItem(editorB, { itemId: item.id }),
      () => createItem(editorB, { orgCode: 'town-a', title: '冒名' }),
    ];
    for (const attempt of attempts) assert.equal((await rejection(attempt())).code, 'FORBIDDEN');
    const after = await findItemById(t.database.db, item.id);
    assert.equal(after?.title, '甲镇的信息');
    assert.equal(after?.version, 1);
    assert.deepEqual(await auditActions(item.id), auditBefore);
    assert.equal((await listStaffItems(t.database.db, { scope: [townB.path] })).total, 0);
    assert.ok((await listStaffItems(t.database.db, { scope: [townA.path], status: 'draft' })).total >= 1);
  });

  it('keeps a revision for every saved change', async () => {
    const item = await createItem(editor, { orgCode: 'town-a', title: '修订一' });
    await updateItem(editor, { itemId: item.id, title: '修订二', expectedVersion: 1 });
    await setItemColumns(editor, { searchIndex }, { itemId: item.id, columns: ['cat-business', 'art20_5'] });
    const stale = await rejection(
      updateItem(editor, { itemId: item.id, title: '旧版本覆盖', expectedVersion: 1 }),
    );
    assert.equal(stale.code, 'CONFLICT');
    const unknownColumn = await rejection(
      setItemColumns(editor, { searchIndex }, { itemId: item.id, columns: ['nope'] }),
    );
    assert.equal(unknownColumn.code, 'VALIDATION');
    const revisions = await t.database.db
      .selectFrom('catalog_item_revisions')
      .select(['revision', 'action', 'snapshot_json'])
      .where('item_id', '=', item.id)
      .orderBy('revision')
      .execute();
    assert.deepEqual(
      revisions.map((r) => `${r.revision}:${r.action}`),
      ['1:create', '2:update', '3:set_columns'],
    );
    assert.equal((JSON.parse(revisions[1]!.snapshot_json) as { title: string }).title, '修订二');
    assert.deepEqual((JSON.parse(revisions[2]!.snapshot_json) as { columns: string[] }).columns, [
      'cat-business',
      'art20_5',
    ]);
  });
  it('saves fields and columns together, or nothing when a column is unknown', async () => {
    const item = await createItem(editor, { orgCode: 'town-a', title: '栏目一起保存' });
    const saved = await updateItem(editor, {
      itemId: item.id,
      title: '栏目一起保存（改）',
      columns: ['cat-business'],
    });
    assert.equal(saved.version, 2);
    assert.deepEqual(
      (await listItemColumns(t.database.db, item.id)).map((c) => c.code),
      ['cat-business'],
    );
    const refused = await rejection(
      updateItem(editor, { itemId: item.id, title: '不应保存', columns: ['cat-business', 'nope'] }),
    );
    assert.equal(refused.code, 'VALIDATION');
    const after = await t.database.db
      .selectFrom('catalog_items')
      .select(['title', 'version'])
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(after, { title: '栏目一起保存（改）', version: 2 });
    assert.deepEqual(
      (await listItemColumns(t.database.db, item.id)).map((c) => c.code),
      ['cat-business'],
    );
    const revisions = await t.database.db
      .selectFrom('catalog_item_revisions')
      .select(['action', 'snapshot_json'])
      .where('item_id', '=', item.id)
      .orderBy('revision')
      .execute();
    assert.deepEqual(
      revisions.map((r) => r.action),
      ['create', 'update'],
    );
    assert.deepEqual((JSON.parse(revisions[1]!.snapshot_json) as { columns: string[] }).columns, [
      'cat-business',
    ]);
  });
  it('lists staff items by column and by a typed text whose % and _ match themselves', async () => {
    const percent = await createItem(editor, { orgCode: 'town-a', title: '完成率100%的通报' });
    await createItem(editor, { orgCode: 'town-a', title: '完成率1000的通报' });
    const underscore = await createItem(editor, { orgCode: 'town-a', title: 'a_b 栏目测试' });
    await createItem(editor, { orgCode: 'town-a', title: 'axb 栏目测试' });
    const byText = async (text: string) =>
      (await listStaffItems(t.database.db, { scope: [townA.path], text })).items.map((i) => i.id);
    assert.deepEqual(await byText('100%'), [percent.id]);
    assert.deepEqual(await byText('a_b'), [underscore.id]);
    await setItemColumns(editor, { searchIndex }, { itemId: underscore.id, columns: ['cat-business'] });
    const inColumn = await listStaffItems(t.database.db, {
      scope: [townA.path],
      columnCode: 'cat-business',
      text: '栏目测试',
    });
    assert.deepEqual(
      inColumn.items.map((i) => i.id),
      [underscore.id],
    );
    const counts = await countStaffItemsByStatus(t.database.db, { scope: [townA.path], text: '栏目测试' });
    assert.deepEqual(counts, { draft: 2 });
  });
});
