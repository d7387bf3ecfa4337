import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { createTestApp, logInAs, type StaffAgent, type TestApp } from '../../../test/support/test-app.js';
import { buildOrg, buildUser } from '../../../test/support/factories.js';

/**
 * The 依申请公开 back office over HTTP, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: 补录 with the
 * receipt-date rule of the channel, the handling path to an answer letter in Word, refusals across
 * organisations, the audited reveal of full numbers, the case list's filters and its Excel export.
 */

// A valid resident ID (GB 11643 check digit) and a phone, to be seen only masked.
const ID_NUMBER = '11010519491231002X';
const PHONE = '13812345678';

async function postMultipart(
  t: TestApp,
  agent: StaffAgent,
  path: string,
  fields: Record<string, string>,
  files: Record<string, { name: string; type: string; content: string }> = {},
): Promise<{ res: Response; html: string }> {
  const form = new FormData();
  form.set('_csrf', agent.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [k, f] of Object.entries(files)) form.set(k, new File([f.content], f.name, { type: f.type }));
  const res = await t.app.request(path, {
    method: 'POST',
    headers: { cookie: agent.cookies, origin: 'http://localhost' },
    body: form,
  });
  const html = await res.text();
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (m?.[1]) agent.csrf = m[1];
  return { res, html };
}

const BACK_ENTRY = {
  orgCode: 'dg-zfb',
  channel: 'registered_mail',
  receiptDate: '2026-02-26',
  applicantType: 'natural_person',
  name: '李四',
  idType: 'resident_id',
  idNumber: ID_NUMBER,
  phone: PHONE,
  email: 'lisi@example.com',
  address: '东莞市南城区某路1号',
  description: '2025年南城街道老旧小区改造项目清单',
  deliveryForm: 'electronic',
  deliveryMethod: 'email',
};
const SCAN = {
  paperScan: { name: '申请表.pdf', type: 'application/pdf', content: '%PDF-1.4 scanned application' },
};

describe('依申请公开 back office', () => {
  let t: TestApp;
  let handler: StaffAgent;
  let reference = '';

  const audits = (action: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  before(async () => {
    // Monday 2 March 2026, 10:00 in Shanghai.
    t = await createTestApp(new Date('2026-03-02T02:00:00Z'));
    await buildOrg(t.database, { code: 'dg', name: '东莞市人民政府' });
    await buildOrg(t.database, { code: 'dg-zfb', parentCode: 'dg', name: '东莞市人民政府办公室' });
    await buildOrg(t.database, { code: 'dg-czj', parentCode: 'dg', name: '东莞市财政局' });
    await buildUser(t.database, {
      username: 'handler',
      grants: [{ orgCode: 'dg-zfb', role: 'case_handler' }],
    });
    await buildUser(t.database, { username: 'head', grants: [{ orgCode: 'dg-zfb', role: 'office_head' }] });
    await buildUser(t.database, { username: 'other', grants: [{ orgCode: 'dg-czj', role: 'case_handler' }] });
    handler = await logInAs(t, 'handler', 'correct horse battery');
  });
  after(() => t.cleanup());

  it('shows 依申请公开 in the navigation of case handlers', async () => {
    const { html } = await handler.get('/staff');
    assert.match(html, /href="\/staff\/requests"/);
    assert.match(html, /依申请公开/);
  });

  it('refuses a paper back-entry without the scan, keeping the input and naming the field', async () => {
    await handler.get('/staff/requests/new');
    const { res, html } = await postMultipart(t, handler, '/staff/requests/new', BACK_ENTRY);
    assert.equal(res.status, 422);
    assert.match(html, /<title>错误：/);
    assert.match(html, /href="#f-paperScan"/);
    assert.match(html, /2025年南城街道老旧小区改造项目清单/);
    const n = await t.database.db.selectFrom('applications').select('id').execute();
    assert.equal(n.length, 0);
  });

  it('registers a registered-mail application with the signed-for day as its receipt date', async () => {
    await handler.get('/staff/requests/new');
    const { res } = await postMultipart(t, handler, '/staff/requests/new', BACK_ENTRY, SCAN);
    assert.equal(res.status, 303);
    const location = res.headers.get('location') ?? '';
    const m = /^\/staff\/requests\/([^?]+)\?done=registered&code=/.exec(location);
    assert.ok(m, location);
    reference = decodeURIComponent(m[1]!);
    const app = await t.database.db
      .selectFrom('applications')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(app.channel, 'registered_mail');
    assert.equal(app.received_on, '2026-02-26');
    const files = await t.database.db
      .selectFrom('application_files')
      .selectAll()
      .where('application_id', '=', app.id)
      .execute();
    assert.deepEqual(
      files.map((f) => f.kind),
      ['paper_scan'],
    );
    const { html } = await handler.get(location);
    assert.match(html, /申请人的查询码/);
    // The receipt rule and the due date's explanation are on the case page; the ID number only masked.
    assert.match(html, /收到申请之日为 2026-02-26（条例第三十一条第（二）项）/);
    assert.match(html, /答复期限：2026-03-25/);
    assert.ok(!html.includes(ID_NUMBER) && !html.includes(PHONE));
    assert.match(html, /110105\*+002X/);
  });

  it('refuses another organisation’s handler with 403 and audits the refusal', async () => {
    const other = await logInAs(t, 'other', 'correct horse battery');
    const { res } = await other.get(`/staff/requests/${reference}`);
    assert.equal(res.status, 403);
    const denied = await audits('access.denied');
    assert.ok(
      denied.some((r) => r.entity_id === `GET /staff/requests/${reference}` && r.actor_label === 'other'),
    );
    const list = await other.get('/staff/requests');
    assert.equal(list.res.status, 200);
    assert.ok(!list.html.includes(reference));
  });

  it('shows the full ID number to the holding organisation’s handler only on request, and audits it', async () => {
    const { res, html } = await handler.post(`/staff/requests/${reference}/reveal`, {});
    assert.equal(res.status, 200);
    assert.ok(html.includes(ID_NUMBER) && html.includes(PHONE));
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    const reveals = await audits('request.reveal_identity');
    assert.equal(reveals.length, 1);
    assert.equal(reveals[0]!.actor_label, 'handler');
    assert.ok(!String(reveals[0]!.after_json).includes(ID_NUMBER));
  });

  it('handles the case: assign, correction, correction received, extension approved by the office head, answer with a Word letter', async () => {
    const page = await handler.get(`/staff/requests/${reference}`);
    const handlerId = /<option value="(\d+)"[^>]*>handler 测试<\/option>/.exec(page.html)?.[1];
    assert.ok(handlerId, 'the handler is offered');
    let r = await handler.post(`/staff/requests/${reference}/assign`, { handlerUserId: handlerId });
    assert.equal(r.res.status, 303);

    await handler.get(`/staff/requests/${reference}`);
    r = await handler.post(`/staff/requests/${reference}/correction`, {
      items: '请说明所需清单的年份\n请说明具体街道',
      correctionDueOn: '2026-03-16',
    });
    assert.equal(r.res.status, 303, r.html.slice(0, 2000));
    let view = await handler.get(`/staff/requests/${reference}`);
    assert.match(view.html, /待补正/);
    assert.match(view.html, /政府信息公开申请补正告知书/);

    r = await handler.post(`/staff/requests/${reference}/correction-received`, {
      on: '',
      text: '2025年，南城街道',
    });
    assert.equal(r.res.status, 303);

    // The handler may ask, not approve.
    await handler.get(`/staff/requests/${reference}`);
    r = await handler.post(`/staff/requests/${reference}/extension-request`, {
      workdays: '15',
      reason: '需要协调多个部门',
    });
    assert.equal(r.res.status, 303);
    view = await handler.get(`/staff/requests/${reference}`);
    assert.doesNotMatch(view.html, /action="\/staff\/requests\/[^"]+\/extension-approve"/);
    const forbidden = await handler.post(`/staff/requests/${reference}/extension-approve`, {
      workdays: '15',
    });
    assert.equal(forbidden.res.status, 403);

    const head = await logInAs(t, 'head', 'correct horse battery');
    view = await head.get(`/staff/requests/${reference}`);
    assert.match(view.html, /action="\/staff\/requests\/[^"]+\/extension-approve"/);
    r = await head.post(`/staff/requests/${reference}/extension-approve`, { workdays: '15' });
    assert.equal(r.res.status, 303);
    view = await handler.get(`/staff/requests/${reference}`);
    assert.match(view.html, /已延期/);
    assert.match(view.html, /经负责人批准延期 15 个工作日/);

    // A preview shows the letter without answering.
    const preview = await postMultipart(t, handler, `/staff/requests/${reference}/answer`, {
      outcome: 'granted',
      reasons: '现将清单随本告知书提供。',
      preview: '1',
    });
    assert.equal(preview.res.status, 200);
    assert.match(preview.html, /政府信息公开申请答复告知书/);
    const stillOpen = await t.database.db
      .selectFrom('applications')
      .select('status')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(stillOpen.status, 'extended');

    const answered = await postMultipart(
      t,
      handler,
      `/staff/requests/${reference}/answer`,
      { outcome: 'granted', reasons: '现将清单随本告知书提供。' },
      { releasedFiles: { name: '改造项目清单.pdf', type: 'application/pdf', content: '%PDF-1.4 list' } },
    );
    assert.equal(answered.res.status, 303, answered.html.slice(0, 2000));
    const app = await t.database.db
      .selectFrom('applications')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(app.status, 'closed');
    assert.equal(app.outcome, 'granted');

    const letters = await t.database.db
      .selectFrom('application_files')
      .selectAll()
      .where('application_id', '=', app.id)
      .where('kind', '=', 'letter')
      .execute();
    // Correction notice, extension notice and the answer letter, each as Word (and PDF where Chromium is).
    const docx = letters.filter((f) => f.name.endsWith('.docx'));
    assert.equal(docx.length, 3);
    const answerDocx = docx.find((f) => f.name.startsWith('政府信息公开申请答复告知书'));
    assert.ok(answerDocx);
    const bytes = await buffer(await t.deps.storage.get(answerDocx.storage_key));
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    assert.match(text, /政府信息公开申请答复告知书/);
    assert.ok(text.includes(reference));
    assert.match(text, /改造项目清单\.pdf/);
    assert.match(text, /2026年3月2日/);

    // The letter downloads from the case page.
    const download = await t.app.request(`/staff/requests/${reference}/files/${answerDocx.id}`, {
      headers: { cookie: handler.cookies },
    });
    assert.equal(download.status, 200);
    assert.equal(
      download.headers.get('content-type'),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const answers = await audits('request.answer');
    assert.equal(answers.length, 1);
    assert.equal((await audits('request.letter_files')).length, 3);
  });

  it('refuses a step the log does not allow, saying why, and writes nothing', async () => {
    const before = await t.database.db.selectFrom('application_events').select('id').execute();
    const { res, html } = await handler.post(`/staff/requests/${reference}/appeals`, {
      kind: 'reconsideration',
      filedOn: '2026-02-01',
      body: '东莞市人民政府',
    });
    assert.equal(res.status, 409);
    assert.match(html, /<title>错误：/);
    const after = await t.database.db.selectFrom('application_events').select('id').execute();
    assert.equal(after.length, before.length);
  });

  it('records a reconsideration and its result', async () => {
    await handler.get(`/staff/requests/${reference}`);
    let r = await handler.post(`/staff/requests/${reference}/appeals`, {
      kind: 'reconsideration',
      filedOn: '2026-03-02',
      body: '东莞市人民政府',
      caseNumber: '东府复〔2026〕1号',
    });
    assert.equal(r.res.status, 303, r.html.slice(0, 1500));
    const appeal = await t.database.db
      .selectFrom('application_appeals')
      .selectAll()
      .executeTakeFirstOrThrow();
    r = await handler.post(`/staff/requests/${reference}/appeals/${appeal.id}/decide`, {
      result: 'upheld',
      decidedOn: '2026-03-02',
    });
    assert.equal(r.res.status, 303);
    const { html } = await handler.get(`/staff/requests/${reference}`);
    assert.match(html, /结果维持/);
  });

  it('filters the case list and exports it to Excel with masked numbers only', async () => {
    // A second, open application by fax.
    await handler.get('/staff/requests/new');
    const fax = await postMultipart(
      t,
      handler,
      '/staff/requests/new',
      {
        ...BACK_ENTRY,
        channel: 'fax',
        receiptDate: '2026-03-02',
        name: '王五',
        description: '传真申请的信息',
      },
      SCAN,
    );
    assert.equal(fax.res.status, 303);
    let list = await handler.get('/staff/requests?channel=registered_mail');
    assert.ok(list.html.includes(reference));
    assert.ok(!list.html.includes('王五'));
    list = await handler.get('/staff/requests?channel=fax&org=dg');
    assert.ok(!list.html.includes(reference));
    assert.ok(list.html.includes('王五'));
    list = await handler.get('/staff/requests?status=closed');
    assert.ok(list.html.includes(reference) && !list.html.includes('王五'));
    list = await handler.get('/staff/requests?receivedFrom=2026-03-01&receivedTo=2026-03-31');
    assert.ok(!list.html.includes(reference) && list.html.includes('王五'));
    list = await handler.get('/staff/requests?due=overdue');
    assert.ok(!list.html.includes('王五'));
    list = await handler.get('/staff/requests?applicantType=other_org');
    assert.match(list.html, /没有符合条件的申请/);

    const res = await t.app.request('/staff/requests/export.xlsx?org=dg-zfb', {
      headers: { cookie: handler.cookies },
    });
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const cells: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
    assert.equal(sheet.rowCount, 3);
    assert.ok(cells.includes(reference));
    assert.ok(cells.includes('王五'));
    assert.ok(cells.some((v) => /^110105\*+002X$/.test(v)));
    assert.ok(cells.some((v) => /^138\*+5678$/.test(v)));
    assert.ok(!cells.some((v) => v.includes(ID_NUMBER) || v.includes(PHONE)));
  });
});
