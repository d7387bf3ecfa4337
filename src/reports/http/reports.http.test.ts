import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestApp, logInAs, type StaffAgent, type TestApp } from '../../../test/support/test-app.js';
import {
  buildOrg,
  buildUser,
  DEFAULT_TEST_PASSWORD,
  type BuiltOrg,
} from '../../../test/support/factories.js';
import type { Queryable } from '../../platform/db/transaction.js';
import { chromiumExecutable } from '../exports/chromium.js';

const AT = '2026-01-01T00:00:00.000Z';
let seq = 0;
async function insertApplication(
  db: Queryable,
  orgId: number,
  received: string,
  closed: string,
  channel = 'online',
): Promise<number> {
  seq++;
  const { id } = await db
    .insertInto('applications')
    .values({
      org_id: orgId,
      reference: `H-2025-${String(seq).padStart(6, '0')}`,
      query_code_hash: 'x',
      client_token_hash: null,
      channel,
      submitted_at: `${received}T02:00:00.000Z`,
      received_on: received,
      applicant_type: 'natural_person',
      description: '申请公开某某文件',
      doc_number: null,
      doc_title: null,
      purpose: null,
      delivery_form: 'electronic',
      delivery_method: 'email',
      handler_user_id: null,
      registered_by: null,
      status: 'closed',
      outcome: 'granted',
      due_on: '2025-12-31',
      closed_on: closed,
      last_event_on: closed,
      state_computed_on: closed,
      created_at: AT,
      updated_at: AT,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // An applicant with personal data that must never reach a public page.
  await db
    .insertInto('applicants')
    .values({
      application_id: id,
      name: '张秘密',
      id_type: null,
      id_number_enc: null,
      id_number_masked: '4419**********1234',
      phone_enc: null,
      phone_masked: '138****0000',
      identity_hmac: null,
      email: 'zhang.secret@example.com',
      address: '某路1号',
      postcode: null,
      org_name: null,
      credit_code: null,
      contact_person: null,
      created_at: AT,
    })
    .execute();
  return id;
}

// The report part of a page, without the ids ECharts and the figure counter number per render.
const reportPart = (html: string) =>
  html
    .slice(html.indexOf('class="reports-report"'), html.indexOf('</main>'))
    .replace(/zr\d+-cls-\d+/g, 'zr-cls')
    .replace(/(report-figure-[a-z-]+?)-\d+/g, '$1');
const PERSONAL = [
  '张秘密',
  '138****0000',
  'zhang.secret@example.com',
  '4419**',
  'head-a 测试',
  'city-admin 测试',
];

describe('reports in the browser: staff reporting, the public 公开年报 column and statistics', () => {
  let t: TestApp;
  let a: BuiltOrg;
  let head: StaffAgent;
  let admin: StaffAgent;

  before(async () => {
    t = await createTestApp(new Date('2026-01-20T02:00:00Z'));
    await buildOrg(t.database, { code: 'city', name: '示例市人民政府' });
    a = await buildOrg(t.database, { code: 'dept-a', parentCode: 'city', name: '示例市甲局' });
    await buildOrg(t.database, { code: 'dept-b', parentCode: 'city', name: '示例市乙局' });
    await buildUser(t.database, { username: 'head-a', grants: [{ orgCode: 'dept-a', role: 'office_head' }] });
    await buildUser(t.database, {
      username: 'city-admin',
      grants: [{ orgCode: 'city', role: 'city_admin' }],
    });
    await insertApplication(t.database.db, a.id, '2025-03-03', '2025-03-10', 'in_person');
    await insertApplication(t.database.db, a.id, '2025-06-02', '2025-06-09');
    head = await logInAs(t, 'head-a', DEFAULT_TEST_PASSWORD);
    admin = await logInAs(t, 'city-admin', DEFAULT_TEST_PASSWORD);
  });
  after(async () => t.cleanup());

  it('shows the unit its derived tables, checks, figures form and a narrative draft', async () => {
    const { res, html } = await head.get('/staff/reports/dept-a/2025');
    assert.equal(res.status, 200);
    assert.match(html, /report-table--applications/);
    assert.match(html, /reports-checks/);
    assert.match(html, /name="licensing.decisions"/);
    assert.match(html, /name="overview"/);
    assert.match(html, /href="\/staff\/reports"/);
  });

  it('refuses the submission naming the failing check, then submits after the text is corrected', async () => {
    let r = await head.post('/staff/reports/dept-a/2025/narrative', {
      overview: '2025年，本机关新收政府信息公开申请99件。',
      problems: '',
      other: '',
    });
    assert.equal(r.res.status, 303);
    await head.get('/staff/reports/dept-a/2025');
    r = await head.post('/staff/reports/dept-a/2025/submit', {});
    assert.equal(r.res.status, 422);
    assert.match(r.html, /<title>错误：/);
    assert.match(r.html, /error-summary/);
    assert.match(r.html, /narrative-consistency/);
    await head.post('/staff/reports/dept-a/2025/narrative', {
      overview: '2025年，本机关新收政府信息公开申请2件。',
      problems: '无。',
      other: '未收取信息处理费。',
    });
    await head.get('/staff/reports/dept-a/2025');
    r = await head.post('/staff/reports/dept-a/2025/submit', {});
    assert.equal(r.res.status, 303);
    const after = await head.get('/staff/reports/dept-a/2025');
    assert.match(after.html, /已报送待审核/);
  });

  it('puts the submission in the city office’s queue, shows the aggregate with the missing unit, approves and publishes', async () => {
    const index = await admin.get('/staff/reports?year=2025');
    assert.equal(index.res.status, 200);
    assert.match(index.html, /审核队列/);
    const agg = await admin.get('/staff/reports/city/2025/aggregate');
    assert.equal(agg.res.status, 200);
    assert.match(agg.html, /示例市乙局/);
    await admin.get('/staff/reports/dept-a/2025');
    assert.equal((await admin.post('/staff/reports/dept-a/2025/approve', {})).res.status, 303);
    await admin.get('/staff/reports/dept-a/2025');
    assert.equal((await admin.post('/staff/reports/dept-a/2025/publish', {})).res.status, 303);
  });

  it('lists the published report in the public column and shows it with downloads; it never changes afterwards', async () => {
    const list = await t.app.request('/xxgk/dept-a/annual-reports');
    const listHtml = await list.text();
    assert.match(listHtml, /href="\/xxgk\/dept-a\/annual-reports\/2025"/);
    const page = await t.app.request('/xxgk/dept-a/annual-reports/2025');
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /report-table--applications/);
    assert.match(html, /download\/docx/);
    assert.match(html, /download\/xlsx/);
    if (chromiumExecutable()) assert.match(html, /download\/pdf/);
    else assert.match(html, /未安装生成PDF所需的Chromium/);
    for (const text of PERSONAL) assert.ok(!html.includes(text), `public page shows ${text}`);

    await insertApplication(t.database.db, a.id, '2025-09-01', '2025-09-05');
    await t.database.db.updateTable('report_narratives').set({ overview: '改过的文字' }).execute();
    const again = await (await t.app.request('/xxgk/dept-a/annual-reports/2025')).text();
    assert.equal(reportPart(again), reportPart(html));

    const json = await (await t.app.request('/xxgk/dept-a/annual-reports/2025/download/json')).json();
    assert.equal(
      (json as { applications: { rows: { received: number[] } } }).applications.rows.received[6],
      2,
    );
    const xlsx = await t.app.request('/xxgk/dept-a/annual-reports/2025/download/xlsx');
    assert.equal(xlsx.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    assert.ok(book.worksheets.length >= 3);
    const docx = Buffer.from(
      await (await t.app.request('/xxgk/dept-a/annual-reports/2025/download/docx')).arrayBuffer(),
    );
    assert.equal(docx.subarray(0, 2).toString(), 'PK');
    assert.equal((await t.app.request('/xxgk/dept-b/annual-reports/2025')).status, 404);
  });

  it('shows public statistics without personal data and exports CSV and Excel that parse back', async () => {
    const q = 'from=2025-01-01&to=2025-12-31';
    const page = await t.app.request(`/statistics?${q}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /新收申请3件/);
    for (const text of PERSONAL) assert.ok(!html.includes(text), `statistics page shows ${text}`);
    const old = await (await t.app.request(`/statistics/old-style?${q}`)).text();
    assert.match(old, /当面申请/);
    assert.match(old, /33.3%/);

    const csv = await (await t.app.request(`/statistics/export.csv?${q}`)).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const online = lines.find((l) => l[0] === '按申请渠道统计的新收申请' && l[1] === '网络');
    assert.deepEqual(online?.slice(2), ['2', '66.7']);
    const inPerson = lines.find((l) => l[0] === '收到的政府信息公开申请（按渠道）' && l[1] === '当面申请');
    assert.deepEqual(inPerson?.slice(2), ['1', '33.3']);

    const xlsx = await t.app.request(`/statistics/export.xlsx?${q}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    const found = rows.find((r) => r[1] === '按申请渠道统计的新收申请' && r[2] === '网络');
    assert.deepEqual(found?.slice(3, 5), [2, 66.7]);
    assert.equal((await t.app.request('/statistics?from=2025-13-01&to=x')).status, 400);
  });

  it('shows the staff statistics dashboard within the member’s scope', async () => {
    const { res, html } = await head.get('/staff/statistics?from=2025-01-01&to=2025-12-31');
    assert.equal(res.status, 200);
    assert.match(html, /示例市甲局/);
    const csv = await head.get('/staff/statistics/export.csv?from=2025-01-01&to=2025-12-31');
    assert.equal(csv.res.status, 200);
  });

  it('renders the public pages in English and traditional Chinese without raw message keys', async () => {
    for (const lang of ['en', 'zh-TW']) {
      for (const url of [
        '/xxgk/dept-a/annual-reports',
        '/xxgk/dept-a/annual-reports/2025',
        '/statistics?from=2025-01-01&to=2025-12-31',
        '/statistics/old-style?from=2025-01-01&to=2025-12-31',
      ]) {
        const res = await t.app.request(`${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
        assert.equal(res.status, 200, url);
        const html = await res.text();
        assert.doesNotMatch(html, /reports\.(public|stats|staff)\./, `${url} (${lang})`);
      }
    }
    const { html } = await admin.get('/staff/reports?year=2025&lang=en');
    assert.doesNotMatch(html, /reports\.(public|stats|staff)\./);
  });

  it('withdraws the published report with a reason, keeps the old version for the office, and republishes the correction as version 2', async () => {
    const url = '/xxgk/dept-a/annual-reports/2025';
    const v1 = await (await t.app.request(url)).text();
    t.clock.set(new Date('2026-02-10T02:00:00Z'));
    head = await logInAs(t, 'head-a', DEFAULT_TEST_PASSWORD);
    await head.get('/staff/reports/dept-a/2025');
    const empty = await head.post('/staff/reports/dept-a/2025/withdraw', { reason: '  ' });
    assert.equal(empty.res.status, 422);
    assert.match(empty.html, /请填写撤回原因/);
    assert.equal((await t.app.request(url)).status, 200);
    const withdrawn = await head.post('/staff/reports/dept-a/2025/withdraw', {
      reason: '第三季度一件申请漏统计，更正后重新公布',
    });
    assert.equal(withdrawn.res.status, 303);

    // The public URL says it was withdrawn, when and why; no old content, and no downloads of it.
    const notice = await t.app.request(url);
    assert.equal(notice.status, 200);
    const noticeHtml = await notice.text();
    assert.match(noticeHtml, /本报告已于2026-02-10撤回，撤回原因：第三季度一件申请漏统计，更正后重新公布/);
    assert.doesNotMatch(noticeHtml, /report-table--applications/);
    assert.equal((await t.app.request(`${url}/download/json`)).status, 404);
    assert.equal((await t.app.request(`${url}/download/docx`)).status, 404);
    const listed = await (await t.app.request('/xxgk/dept-a/annual-reports')).text();
    assert.match(listed, /已撤回（2026-02-10）/);
    const en = await (await t.app.request(`${url}?lang=en`)).text();
    assert.match(en, /This report was withdrawn on 2026-02-10/);
    const tw = await (await t.app.request(`${url}?lang=zh-TW`)).text();
    assert.match(tw, /本報告已於2026-02-10撤回/);
    const staffEn = await head.get('/staff/reports/dept-a/2025?lang=en');
    assert.match(staffEn.html, /Withdrawn for correction/);
    assert.doesNotMatch(staffEn.html, /reports\.(public|stats|staff|workflow)\./);
    await head.get('/staff/reports/dept-a/2025?lang=zh-CN');

    // The office still retrieves version 1 exactly as it was public.
    const staff = await head.get('/staff/reports/dept-a/2025');
    assert.match(staff.html, /已撤回待更正/);
    assert.match(staff.html, /href="\/staff\/reports\/dept-a\/2025\/versions\/1"/);
    const old = await head.get('/staff/reports/dept-a/2025/versions/1');
    assert.equal(old.res.status, 200);
    assert.equal(reportPart(old.html).replace(/<\/div>\s*$/, ''), reportPart(v1).replace(/<\/div>\s*$/, ''));
    assert.equal((await head.get('/staff/reports/dept-a/2025/versions/2')).res.status, 404);

    // Corrected (the record added after version 1 now counts), resubmitted, approved, republished.
    await head.post('/staff/reports/dept-a/2025/narrative', {
      overview: '2025年，本机关新收政府信息公开申请3件。',
      problems: '无。',
      other: '未收取信息处理费。',
    });
    await head.get('/staff/reports/dept-a/2025');
    assert.equal((await head.post('/staff/reports/dept-a/2025/submit', {})).res.status, 303);
    t.clock.set(new Date('2026-02-12T02:00:00Z'));
    admin = await logInAs(t, 'city-admin', DEFAULT_TEST_PASSWORD);
    await admin.get('/staff/reports/dept-a/2025');
    assert.equal((await admin.post('/staff/reports/dept-a/2025/approve', {})).res.status, 303);
    await admin.get('/staff/reports/dept-a/2025');
    assert.equal((await admin.post('/staff/reports/dept-a/2025/publish', {})).res.status, 303);

    const v2 = await (await t.app.request(url)).text();
    assert.match(v2, /公布日期：2026-01-20/);
    assert.match(
      v2,
      /本报告于2026-02-12修订（第2版），修订原因：第三季度一件申请漏统计，更正后重新公布。首次公布日期：2026-01-20。/,
    );
    const json = (await (await t.app.request(`${url}/download/json`)).json()) as {
      applications: { rows: { received: number[] } };
    };
    assert.equal(json.applications.rows.received[6], 3);
    const list = await (await t.app.request('/xxgk/dept-a/annual-reports')).text();
    assert.match(list, /2026-02-12修订/);
    assert.doesNotMatch(list, /已撤回/);
    const versions = await admin.get('/staff/reports/dept-a/2025');
    assert.match(versions.html, /第1版<\/a> 公布于2026-01-20，于2026-02-10撤回/);
    assert.match(versions.html, /第2版<\/a> 公布于2026-02-12（当前公开版本）/);
  });
});
