import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Document, Packer, Paragraph, HeadingLevel, TextRun } from 'docx';
import { createTestApp, logInAs, type StaffAgent, type TestApp } from '../../../test/support/test-app.js';
import { buildOrg, buildUser } from '../../../test/support/factories.js';
import { residentIdCheckDigit } from '../pii.rules.js';

/**
 * The catalog back office (信息发布) through its pages, as a browser would use it: forms with CSRF
 * tokens, multipart uploads, redirects. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */

const FIRST17 = '44190019900307123';
const RESIDENT_ID = `${FIRST17}${residentIdCheckDigit(FIRST17)}`;

async function countRows(
  t: TestApp,
  table: 'catalog_items' | 'catalog_attachments' | 'catalog_columns' | 'catalog_settings' | 'audit_log',
): Promise<number> {
  const row = await t.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function itemRow(t: TestApp, id: number) {
  return t.database.db.selectFrom('catalog_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Posts a multipart form (files included) with the agent's cookies and CSRF token. */
async function postMultipart(
  t: TestApp,
  agent: StaffAgent,
  path: string,
  fields: Record<string, string>,
  files: Record<string, { name: string; type: string; bytes: Uint8Array }>,
): Promise<{ res: Response; html: string }> {
  const form = new FormData();
  form.set('_csrf', agent.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [k, f] of Object.entries(files)) form.set(k, new File([f.bytes], f.name, { type: f.type }));
  const res = await t.app.request(path, {
    method: 'POST',
    headers: { cookie: agent.cookies, origin: 'http://localhost' },
    body: form,
  });
  return { res, html: await res.text() };
}

/** A minimal valid PDF with a line of text. */
function tinyPdf(text: string): Uint8Array {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

async function wordFile(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '第一章 总则', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('为了规范村道养护工作，制定本办法。')] }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const baseItem = {
  title: '甲镇村道养护管理办法',
  summary: '村道养护的分工、经费和检查。',
  body: '<p>第一条 为了规范村道养护工作，制定本办法。</p><script>alert(1)</script>',
  formedOn: '2026-02-20',
  docNumber: '甲府〔2026〕3号',
  docType: 'normative',
  issuedOn: '2026-02-20',
  effectiveOn: '2026-03-01',
  subjectCategory: '城乡建设',
  genre: '办法',
  keywords: '村道 养护',
  disclosureMethod: '主动公开',
  disclosureScope: '面向全社会',
  source: '',
};

describe('catalog back office (信息发布)', () => {
  let t: TestApp;
  let editorA: StaffAgent;
  let reviewerA: StaffAgent;
  let bothA: StaffAgent;
  let editorB: StaffAgent;
  let adminA: StaffAgent;
  let root: StaffAgent;

  before(async () => {
    t = await createTestApp();
    await buildOrg(t.database, { code: 'city', kind: 'government', name: '示例市人民政府' });
    await buildOrg(t.database, { code: 'town-a', kind: 'town', parentCode: 'city', name: '甲镇人民政府' });
    await buildOrg(t.database, { code: 'town-b', kind: 'town', parentCode: 'city', name: '乙镇人民政府' });
    const users: [string, string, 'editor' | 'reviewer' | 'org_admin' | 'city_admin'][] = [
      ['root', 'city', 'city_admin'],
      ['editor-a', 'town-a', 'editor'],
      ['reviewer-a', 'town-a', 'reviewer'],
      ['editor-b', 'town-b', 'editor'],
      ['admin-a', 'town-a', 'org_admin'],
    ];
    for (const [username, org, role] of users) {
      await buildUser(t.database, { username, homeOrgCode: org, grants: [{ orgCode: org, role }] });
    }
    await buildUser(t.database, {
      username: 'both-a',
      homeOrgCode: 'town-a',
      grants: [
        { orgCode: 'town-a', role: 'editor' },
        { orgCode: 'town-a', role: 'reviewer' },
      ],
    });
    const pw = 'correct horse battery';
    root = await logInAs(t, 'root', pw);
    editorA = await logInAs(t, 'editor-a', pw);
    reviewerA = await logInAs(t, 'reviewer-a', pw);
    bothA = await logInAs(t, 'both-a', pw);
    editorB = await logInAs(t, 'editor-b', pw);
    adminA = await logInAs(t, 'admin-a', pw);
  });
  after(() => t.cleanup());

  /** Creates a draft through the form and returns its id. */
  async function createDraft(agent: StaffAgent, fields: Record<string, string> = {}): Promise<number> {
    await agent.get('/staff/catalog/new');
    const { res } = await agent.post('/staff/catalog/new', { orgCode: 'town-a', ...baseItem, ...fields });
    assert.equal(res.status, 303);
    const m = /^\/staff\/catalog\/(\d+)\?done=created$/.exec(res.headers.get('location') ?? '');
    assert.ok(m, `unexpected redirect ${res.headers.get('location')}`);
    return Number(m[1]);
  }

  async function submit(agent: StaffAgent, id: number) {
    await agent.get(`/staff/catalog/${id}`);
    return agent.post(`/staff/catalog/${id}/submit`, {});
  }

  async function approve(agent: StaffAgent, id: number) {
    await agent.get(`/staff/catalog/${id}/review`);
    return agent.post(`/staff/catalog/${id}/review`, { decision: 'approve', opinion: '不涉密，同意公开' });
  }

  it('shows 信息发布 in the navigation to editors and reviewers, and the list with status tabs', async () => {
    const { res, html } = await editorA.get('/staff');
    assert.equal(res.status, 200);
    assert.match(html, /href="\/staff\/catalog"[^>]*>信息发布</);
    const list = await editorA.get('/staff/catalog');
    assert.equal(list.res.status, 200);
    for (const tab of ['草稿', '待审查', '已通过/待发布', '已发布', '已撤销'])
      assert.match(list.html, new RegExp(tab));
    assert.match(list.html, /href="\/staff\/catalog\/new"/);
    const reviewerHome = await reviewerA.get('/staff');
    assert.match(reviewerHome.html, /href="\/staff\/catalog"/);
  });

  it('creates a draft from the form: body sanitised, columns and classification kept, audited', async () => {
    await editorA.get('/staff/catalog/new');
    const { res } = await editorA.post('/staff/catalog/new', {
      orgCode: 'town-a',
      ...baseItem,
      columns: 'art20_1',
    });
    assert.equal(res.status, 303);
    const id = Number(/\/staff\/catalog\/(\d+)/.exec(res.headers.get('location') ?? '')?.[1]);
    const row = await itemRow(t, id);
    assert.equal(row.status, 'draft');
    assert.equal(row.doc_type, 'normative');
    assert.equal(row.effective_on, '2026-03-01');
    assert.deepEqual(JSON.parse(row.keywords_json), ['村道', '养护']);
    assert.doesNotMatch(row.body_html, /script/);
    const page = await editorA.get(`/staff/catalog/${id}?done=created`);
    assert.match(page.html, /草稿已保存/);
    assert.match(page.html, /行政法规、规章和规范性文件/);
    assert.match(page.html, /提交保密审查/);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'catalog.item.create')
      .where('entity_id', '=', String(id))
      .execute();
    assert.equal(audit.length, 1);
  });

  it('re-renders bad input with field errors and the input kept, writing nothing', async () => {
    const before = await countRows(t, 'catalog_items');
    await editorA.get('/staff/catalog/new');
    const { res, html } = await editorA.post('/staff/catalog/new', {
      orgCode: 'town-a',
      ...baseItem,
      title: '',
      formedOn: '2026-02-30',
      summary: '保留我写的概述',
    });
    assert.equal(res.status, 422);
    assert.match(html, /<title>错误：/);
    assert.match(html, /class="error-summary"/);
    assert.match(html, /href="#f-title"/);
    assert.match(html, /href="#f-formedOn"/);
    assert.match(html, /保留我写的概述/);
    assert.match(html, /value="2026-02-30"/);
    assert.equal(await countRows(t, 'catalog_items'), before);
  });

  it('refuses a form post without the CSRF token and writes nothing', async () => {
    const before = await countRows(t, 'catalog_items');
    const res = await t.app.request('/staff/catalog/new', {
      method: 'POST',
      headers: {
        cookie: editorA.cookies,
        origin: 'http://localhost',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ orgCode: 'town-a', ...baseItem }).toString(),
    });
    assert.equal(res.status, 403);
    assert.equal(await countRows(t, 'catalog_items'), before);
  });

  it('gives a town editor 403 on another town’s item, and audits the refusal', async () => {
    const id = await createDraft(editorA);
    const view = await editorB.get(`/staff/catalog/${id}`);
    assert.equal(view.res.status, 403);
    assert.doesNotMatch(view.html, /甲镇村道养护管理办法/);
    const edit = await editorB.get(`/staff/catalog/${id}/edit`);
    assert.equal(edit.res.status, 403);
    await editorB.get('/staff/catalog');
    const post = await editorB.post(`/staff/catalog/${id}/edit`, { ...baseItem, title: '乙镇改的' });
    assert.equal(post.res.status, 403);
    assert.equal((await itemRow(t, id)).title, baseItem.title);
    const denied = await t.database.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'access.denied')
      .execute();
    assert.ok(denied.some((r) => r.entity_id === `GET /staff/catalog/${id}`));
    // …and the list shows nothing of town A to town B.
    const list = await editorB.get('/staff/catalog');
    assert.doesNotMatch(list.html, /甲镇村道养护管理办法/);
  });

  it('uploads an attachment on the item page; a file whose content does not match its type is refused on the field', async () => {
    const id = await createDraft(editorA);
    await editorA.get(`/staff/catalog/${id}`);
    const ok = await postMultipart(
      t,
      editorA,
      `/staff/catalog/${id}/attachments`,
      {},
      {
        attachment: { name: '附件1.pdf', type: 'application/pdf', bytes: tinyPdf('Village roads') },
      },
    );
    assert.equal(ok.res.status, 303, ok.html.slice(0, 500));
    const page = await editorA.get(`/staff/catalog/${id}?done=attachment_uploaded`);
    assert.match(page.html, /附件1\.pdf/);
    const before = await countRows(t, 'catalog_attachments');
    const bad = await postMultipart(
      t,
      editorA,
      `/staff/catalog/${id}/attachments`,
      {},
      {
        attachment: {
          name: 'fake.pdf',
          type: 'application/pdf',
          bytes: new TextEncoder().encode('not a pdf at all'),
        },
      },
    );
    assert.equal(bad.res.status, 422);
    assert.match(bad.html, /<title>错误：/);
    assert.match(bad.html, /href="#f-attachment"/);
    assert.equal(await countRows(t, 'catalog_attachments'), before);
  });

  it('makes an uploaded Word file the body', async () => {
    const id = await createDraft(editorA, { body: '' });
    await editorA.get(`/staff/catalog/${id}`);
    const { res } = await postMultipart(
      t,
      editorA,
      `/staff/catalog/${id}/word`,
      {},
      {
        docx: {
          name: '办法.docx',
          type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          bytes: await wordFile(),
        },
      },
    );
    assert.equal(res.status, 303);
    const row = await itemRow(t, id);
    assert.match(row.body_html, /为了规范村道养护工作/);
    assert.match(row.body_text, /第一章 总则/);
    const wrong = await postMultipart(
      t,
      editorA,
      `/staff/catalog/${id}/word`,
      {},
      {
        docx: { name: 'notes.txt', type: 'text/plain', bytes: new TextEncoder().encode('hello') },
      },
    );
    assert.equal(wrong.res.status, 422);
    assert.match(wrong.html, /href="#f-docx"/);
  });

  it('submits, reviews, publishes and withdraws with a reason', async () => {
    const id = await createDraft(editorA);
    const sub = await submit(editorA, id);
    assert.equal(sub.res.status, 303);
    assert.equal((await itemRow(t, id)).status, 'submitted');

    // Returning needs an opinion.
    await reviewerA.get(`/staff/catalog/${id}/review`);
    const noOpinion = await reviewerA.post(`/staff/catalog/${id}/review`, {
      decision: 'reject',
      opinion: '',
    });
    assert.equal(noOpinion.res.status, 422);
    assert.match(noOpinion.html, /请填写审查意见/);
    assert.equal((await itemRow(t, id)).status, 'submitted');

    const ok = await approve(reviewerA, id);
    assert.equal(ok.res.status, 303);
    const approved = await itemRow(t, id);
    assert.equal(approved.status, 'approved');
    assert.equal(approved.review_opinion, '不涉密，同意公开');

    await editorA.get(`/staff/catalog/${id}/publish`);
    const pub = await editorA.post(`/staff/catalog/${id}/publish`, { when: 'now', date: '', time: '' });
    assert.equal(pub.res.status, 303);
    const published = await itemRow(t, id);
    assert.equal(published.status, 'published');
    assert.ok(published.index_number);
    assert.equal(published.published_on, '2026-03-02');

    // An editor may not withdraw; a reviewer must give a reason.
    const editorTry = await editorA.get(`/staff/catalog/${id}/withdraw`);
    assert.equal(editorTry.res.status, 403);
    await reviewerA.get(`/staff/catalog/${id}/withdraw`);
    const blank = await reviewerA.post(`/staff/catalog/${id}/withdraw`, { reason: '  ' });
    assert.equal(blank.res.status, 422);
    assert.match(blank.html, /请填写撤销原因/);
    assert.equal((await itemRow(t, id)).status, 'published');
    const wd = await reviewerA.post(`/staff/catalog/${id}/withdraw`, { reason: '已被新办法替代' });
    assert.equal(wd.res.status, 303);
    const withdrawn = await itemRow(t, id);
    assert.equal(withdrawn.status, 'withdrawn');
    assert.equal(withdrawn.withdrawal_reason, '已被新办法替代');

    const revisions = await editorA.get(`/staff/catalog/${id}/revisions?a=1&b=${withdrawn.version}`);
    assert.equal(revisions.res.status, 200);
    assert.match(revisions.html, /已被新办法替代/);
    assert.match(revisions.html, /<del>草稿<\/del>|<ins>已撤销<\/ins>/);
  });

  it('schedules publication at a date and time in the office time zone', async () => {
    const id = await createDraft(editorA);
    await submit(editorA, id);
    await approve(reviewerA, id);
    await editorA.get(`/staff/catalog/${id}/publish`);
    const past = await editorA.post(`/staff/catalog/${id}/publish`, {
      when: 'later',
      date: '2026-03-01',
      time: '09:00',
    });
    assert.equal(past.res.status, 422);
    assert.match(past.html, /须晚于现在/);
    const later = await editorA.post(`/staff/catalog/${id}/publish`, {
      when: 'later',
      date: '2026-03-05',
      time: '09:30',
    });
    assert.equal(later.res.status, 303);
    const row = await itemRow(t, id);
    assert.equal(row.status, 'approved');
    // 09:30 in Asia/Shanghai is 01:30 UTC.
    assert.equal(row.scheduled_at, '2026-03-05T01:30:00.000Z');
  });

  it('lets nobody review their own item, and says why', async () => {
    const id = await createDraft(bothA);
    await submit(bothA, id);
    const page = await bothA.get(`/staff/catalog/${id}/review`);
    assert.equal(page.res.status, 200);
    assert.match(page.html, /您不能审查自己编辑或提交的信息/);
    assert.doesNotMatch(page.html, /name="decision"/);
    const post = await bothA.post(`/staff/catalog/${id}/review`, { decision: 'approve', opinion: '同意' });
    assert.equal(post.res.status, 403);
    assert.match(post.html, /您不能审查自己编辑或提交的信息/);
    assert.equal((await itemRow(t, id)).status, 'submitted');
  });

  it('blocks publication until each personal-data finding is redacted or consciously accepted', async () => {
    const id = await createDraft(editorA, {
      body: `<p>联系人身份证号 ${RESIDENT_ID}，请勿外传。</p><p>咨询邮箱 office@example.gov.cn</p>`,
    });
    const sub = await submit(editorA, id);
    assert.equal(sub.res.status, 303);
    assert.equal(sub.res.headers.get('location'), `/staff/catalog/${id}/findings?done=submitted`);
    const findings = await editorA.get(`/staff/catalog/${id}/findings`);
    assert.match(findings.html, /居民身份证号/);
    assert.match(findings.html, /电子邮箱/);
    assert.doesNotMatch(findings.html, new RegExp(RESIDENT_ID));
    assert.match(findings.html, /还有 2 处待处理/);

    await approve(reviewerA, id);
    await editorA.get(`/staff/catalog/${id}/publish`);
    const blocked = await editorA.post(`/staff/catalog/${id}/publish`, { when: 'now' });
    assert.equal(blocked.res.status, 422);
    assert.equal((await itemRow(t, id)).status, 'approved');

    const rows = await t.database.db
      .selectFrom('catalog_pii_findings')
      .selectAll()
      .where('item_id', '=', id)
      .orderBy('id')
      .execute();
    const idFinding = rows.find((r) => r.kind === 'resident_id')!;
    const mailFinding = rows.find((r) => r.kind === 'email')!;

    // Accepting without ticking the box is refused on the page.
    await editorA.get(`/staff/catalog/${id}/findings`);
    const unticked = await editorA.post(`/staff/catalog/${id}/findings/${mailFinding.id}`, {
      [`decision-${mailFinding.id}`]: 'accept',
      [`note-${mailFinding.id}`]: '单位公开的咨询邮箱',
    });
    assert.equal(unticked.res.status, 422);
    assert.match(unticked.html, /请勾选/);

    const redact = await editorA.post(`/staff/catalog/${id}/findings/${idFinding.id}`, {
      [`decision-${idFinding.id}`]: 'redact',
    });
    assert.equal(redact.res.status, 303);
    assert.doesNotMatch((await itemRow(t, id)).body_html, new RegExp(RESIDENT_ID));
    const accept = await editorA.post(`/staff/catalog/${id}/findings/${mailFinding.id}`, {
      [`decision-${mailFinding.id}`]: 'accept',
      [`confirm-${mailFinding.id}`]: '1',
      [`note-${mailFinding.id}`]: '单位公开的咨询邮箱',
    });
    assert.equal(accept.res.status, 303);

    await editorA.get(`/staff/catalog/${id}/publish`);
    const pub = await editorA.post(`/staff/catalog/${id}/publish`, { when: 'now' });
    assert.equal(pub.res.status, 303);
    assert.equal((await itemRow(t, id)).status, 'published');
  });

  it('lists by status tab, organisation, text and column, newest first', async () => {
    const id = await createDraft(editorA, { title: '独一无二的列表测试标题' });
    const { html } = await editorA.get('/staff/catalog?status=draft&q=独一无二');
    assert.match(html, new RegExp(`href="/staff/catalog/${id}"`));
    const other = await editorA.get('/staff/catalog?status=published&q=独一无二');
    assert.doesNotMatch(other.html, new RegExp(`href="/staff/catalog/${id}"`));
    const byColumn = await editorA.get('/staff/catalog?column=art20_1');
    assert.doesNotMatch(byColumn.html, new RegExp(`href="/staff/catalog/${id}"`));
    const root1 = await root.get('/staff/catalog?org=town-a&q=独一无二');
    assert.match(root1.html, new RegExp(`href="/staff/catalog/${id}"`));
  });

  it('lets an organisation administrator add and rename columns and set the index pattern with a preview', async () => {
    const denied = await editorA.get('/staff/catalog/taxonomy');
    assert.equal(denied.res.status, 403);

    const page = await adminA.get('/staff/catalog/taxonomy');
    assert.equal(page.res.status, 200);
    assert.match(page.html, /town-a\/2026-00001|下一个索引号将是/);

    const before = await countRows(t, 'catalog_columns');
    const bad = await adminA.post('/staff/catalog/taxonomy/columns', {
      org: 'town-a',
      code: 'Bad Code',
      name: '',
      kind: 'key_area',
      sortOrder: 'x',
    });
    assert.equal(bad.res.status, 422);
    assert.match(bad.html, /<title>错误：/);
    assert.match(bad.html, /href="#f-sortOrder"/);
    assert.equal(await countRows(t, 'catalog_columns'), before);

    const add = await adminA.post('/staff/catalog/taxonomy/columns', {
      org: 'town-a',
      code: 'town-a-roads',
      name: '村道建设',
      nameEn: 'Village roads',
      kind: 'key_area',
      sortOrder: '300',
    });
    assert.equal(add.res.status, 303);
    const col = await t.database.db
      .selectFrom('catalog_columns')
      .selectAll()
      .where('code', '=', 'town-a-roads')
      .executeTakeFirstOrThrow();
    assert.ok(col.org_id);

    await adminA.get('/staff/catalog/taxonomy/columns/town-a-roads?org=town-a');
    const rename = await adminA.post('/staff/catalog/taxonomy/columns/town-a-roads', {
      org: 'town-a',
      name: '村道建设与养护',
      nameEn: '',
      sortOrder: '5',
    });
    assert.equal(rename.res.status, 303);
    const off = await adminA.post('/staff/catalog/taxonomy/columns/town-a-roads/active', {
      org: 'town-a',
      active: '0',
    });
    assert.equal(off.res.status, 303);
    const renamed = await t.database.db
      .selectFrom('catalog_columns')
      .selectAll()
      .where('code', '=', 'town-a-roads')
      .executeTakeFirstOrThrow();
    assert.equal(renamed.name, '村道建设与养护');
    assert.equal(renamed.is_active, 0);

    // A city-wide column is the city administrator's.
    await adminA.get('/staff/catalog/taxonomy');
    const cityCol = await adminA.post('/staff/catalog/taxonomy/columns/art20_1', {
      org: 'town-a',
      name: '改名',
      sortOrder: '1',
    });
    assert.equal(cityCol.res.status, 403);

    const badPattern = await adminA.post('/staff/catalog/taxonomy/index-pattern', {
      org: 'town-a',
      pattern: '{orgCode}/{yyyy}',
    });
    assert.equal(badPattern.res.status, 422);
    assert.match(badPattern.html, /href="#f-pattern"/);
    const good = await adminA.post('/staff/catalog/taxonomy/index-pattern', {
      org: 'town-a',
      pattern: 'JZ-{yyyy}-{seq:4}',
    });
    assert.equal(good.res.status, 303);
    const after = await adminA.get('/staff/catalog/taxonomy?org=town-a');
    assert.match(after.html, /JZ-2026-\d{4}/);

    // Another town's settings are out of reach.
    const other = await adminA.get('/staff/catalog/taxonomy?org=town-b');
    assert.equal(other.res.status, 403);
  });

  it('serves the pages in English', async () => {
    const { html } = await editorA.get('/staff/catalog?lang=en');
    assert.match(html, /Awaiting review/);
    assert.match(html, /New item/);
  });
});
