import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { buildOrg, buildUser } from '../support/factories.js';
import {
  assertAccessible,
  CHROMIUM_SKIP_MESSAGE,
  hasChromium,
  openBrowser,
  signIn,
  signOut,
} from '../support/browser.js';

/**
 * The staff half of the 依申请公开 journey in Debian's Chromium: a handler registers a paper application
 * by back-entry (补录), requests a correction, records it, asks for an extension that the office head
 * approves, the head answers and downloads the answer letter in Word; axe-core checks the case list,
 * the back-entry form and the case page. Chromium setup, axe and sign-in from test/support/browser.ts.
 */
test('staff handle an application in Chromium: back-entry, correction, extension, answer, letter', async (t) => {
  if (!hasChromium()) {
    console.warn(CHROMIUM_SKIP_MESSAGE);
    t.skip(CHROMIUM_SKIP_MESSAGE);
    return;
  }
  // Monday 2 March 2026, 10:00 in Shanghai.
  const app: TestApp = await createTestApp(new Date('2026-03-02T02:00:00Z'));
  await buildOrg(app.database, { code: 'city', name: '示范市人民政府' });
  await buildOrg(app.database, { code: 'city-office', parentCode: 'city', name: '示范市人民政府办公室' });
  await buildUser(app.database, {
    username: 'handler',
    grants: [{ orgCode: 'city-office', role: 'case_handler' }],
  });
  await buildUser(app.database, {
    username: 'head',
    grants: [{ orgCode: 'city-office', role: 'office_head' }],
  });
  const browser = await openBrowser(app);
  const { page, base } = browser;
  try {
    let caseUrl = '';

    await t.test('a handler registers a registered-mail application by back-entry', async () => {
      await signIn(page, base, 'handler');
      await page.getByRole('link', { name: '依申请公开' }).first().click();
      await page.waitForURL(`${base}/staff/requests`);
      await assertAccessible(page, 'case list (empty)');
      await page.getByRole('link', { name: '补录申请' }).click();
      await assertAccessible(page, 'back-entry form');
      await page.locator('select[name="channel"]').selectOption('registered_mail');
      await page.locator('input[name="receiptDate"]').fill('2026-02-26');
      await page.locator('input[name="paperScan"]').setInputFiles({
        name: '申请表.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4 scanned application'),
      });
      await page.locator('input[name="name"]').fill('李四');
      await page.locator('input[name="idNumber"]').fill('11010519491231002X');
      await page.locator('input[name="phone"]').fill('13812345678');
      await page.locator('textarea[name="description"]').fill('2025年老旧小区改造项目清单');
      await page.locator('form[action="/staff/requests/new"] button[type="submit"]').click();
      await page.waitForURL(/\/staff\/requests\/[A-Z]+-2026-\d+\?done=registered/);
      caseUrl = page.url().split('?')[0]!;
      const body = (await page.locator('main').textContent()) ?? '';
      assert.match(body, /收到申请之日为 2026-02-26/);
      assert.match(body, /申请人的查询码/);
      assert.ok(!body.includes('11010519491231002X'));
      await assertAccessible(page, 'case page (registered)');
    });

    await t.test('the handler requests a correction, records it and asks for an extension', async () => {
      await page.locator('textarea[name="items"]').fill('请说明所需清单的年份');
      await page.locator('input[name="correctionDueOn"]').fill('2026-03-16');
      await page.locator('#correction button[type="submit"]').click();
      await page.waitForURL(/done=correction_requested/);
      assert.match((await page.locator('main').textContent()) ?? '', /政府信息公开申请补正告知书/);
      await page.locator('#correction-received textarea[name="text"]').fill('2025年');
      await page.locator('#correction-received button[type="submit"]').click();
      await page.waitForURL(/done=correction_received/);
      await page.locator('#extension-request input[name="workdays"]').fill('10');
      await page.locator('#extension-request textarea[name="reason"]').fill('需要协调多个部门');
      await page.locator('#extension-request button[type="submit"]').click();
      await page.waitForURL(/done=extension_requested/);
      assert.equal(await page.locator('#extension-approve').count(), 0);
      await signOut(page);
    });

    await t.test('the office head approves the extension, answers and downloads the letter', async () => {
      await signIn(page, base, 'head');
      await page.goto(caseUrl);
      await page.locator('#extension-approve button[type="submit"]').click();
      await page.waitForURL(/done=extended/);
      await page.locator('#answer select[name="outcome"]').selectOption('granted');
      await page.locator('#answer textarea[name="reasons"]').fill('现将清单随本告知书提供。');
      await page.locator('#answer input[name="releasedFiles"]').setInputFiles({
        name: '改造项目清单.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4 list'),
      });
      await page.locator('#answer button[type="submit"]:not([name])').click();
      await page.waitForURL(/done=answered/);
      const body = (await page.locator('main').textContent()) ?? '';
      assert.match(body, /已答复/);
      assert.match(body, /经负责人批准延期 10 个工作日/);
      await assertAccessible(page, 'case page (answered)');
      const link = page
        .locator('#letters li', { hasText: '政府信息公开申请答复告知书' })
        .locator('a', { hasText: '.docx' });
      const [download] = await Promise.all([page.waitForEvent('download'), link.first().click()]);
      assert.match(download.suggestedFilename(), /\.docx$/);
      const file = await download.path();
      assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK');
    });
  } finally {
    await browser.close();
    await app.cleanup();
  }
});
