import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { buildUser } from '../support/factories.js';
import { seedPublicFixture } from '../../src/orgs/http/public.fixtures.js';
import {
  assertAccessible,
  CHROMIUM_SKIP_MESSAGE,
  CONTEXT_OPTIONS,
  hasChromium,
  launchChromium,
  serveApp,
  signIn,
  visit,
} from '../support/browser.js';

/**
 * Issue 4's end-to-end journey in one Chromium run, citizen and staff each in their own browser
 * context: the citizen applies online through /apply and gets a reference and query code; a case
 * handler of the organisation requests a correction on the case page; the citizen answers it on
 * /track/correction; the handler asks for an extension, the office head approves it, the handler
 * answers (granted), which stores the answer letter as Word (and PDF where Chromium prints it); the
 * citizen downloads the letter from /track; then applies a second time and withdraws that one. axe-core
 * (WCAG 2.x A and AA) checks the tracking page after each step. Chromium setup, axe and sign-in from
 * test/support/browser.ts.
 */
const ORG = 'jyj';
const GOOD_ID = '11010519491231002X';
const PHONE = '13912345678';

async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').textContent()) ?? '';
}

interface Access {
  reference: string;
  queryCode: string;
}

/** Applies online from /apply to the confirmation, one question per page; returns the reference and code. */
async function applyOnline(page: Page, base: string, description: string): Promise<Access> {
  await visit(page, `${base}/apply?lang=zh-CN`);
  await page.locator('main a.button[href^="/apply/organisation"]').click();
  await page.waitForURL(/\/apply\/organisation/);
  await page.locator('#f-orgCode').selectOption(ORG);
  await page.locator('main form[method="post"] button[type="submit"]').click();
  await page.waitForURL(/\/apply\/applicant-type/);
  await page.getByLabel('自然人').check();
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(/\/apply\/identity/);
  await page.locator('#f-name').fill('张三');
  await page.locator('#f-idNumber').fill(GOOD_ID);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(/\/apply\/contact/);
  await page.locator('#f-phone').fill(PHONE);
  await page.locator('#f-address').fill('示范市幸福路1号');
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(/\/apply\/information/);
  await page.locator('#f-description').fill(description);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(/\/apply\/delivery/);
  await page.getByLabel('电子', { exact: true }).check();
  await page.getByLabel(/在本平台下载/).check();
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(/\/apply\/attachments/);
  await page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click();
  await page.waitForURL(/\/apply\/(suggestions|check)/);
  if (page.url().includes('/suggestions')) await page.locator('main a.button[href="/apply/check"]').click();
  await page.waitForURL(/\/apply\/check/);
  await page.locator('main form[action="/apply/submit"] button[type="submit"]').click();
  await page.waitForURL(`${base}/apply/confirmation`);
  assert.equal((await page.locator('h1').textContent())?.trim(), '申请已提交');
  const access = {
    reference: ((await page.locator('.reference').textContent()) ?? '').trim(),
    queryCode: ((await page.locator('.password-once code').textContent()) ?? '').trim(),
  };
  assert.match(access.reference, /-2026-\d{6}$/);
  assert.match(access.queryCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return access;
}

/** Opens the tracking page of an application with its reference and query code. */
async function track(page: Page, base: string, access: Access): Promise<void> {
  await visit(page, `${base}/track?lang=zh-CN`);
  await page.locator('#f-reference').fill(access.reference);
  await page.locator('#f-queryCode').fill(access.queryCode);
  await page.locator('main form[action="/track"] button[type="submit"]').click();
  await page.waitForURL(`${base}/track/status`);
}

/** The tracking page again (fresh from the server), checked by axe and for the applicant's personal data. */
async function checkStatusPage(page: Page, base: string, label: string): Promise<string> {
  await visit(page, `${base}/track/status`);
  const text = await mainText(page);
  assert.ok(!text.includes(GOOD_ID) && !text.includes(PHONE), `${label}: no ID number or phone`);
  await assertAccessible(page, `track: ${label}`);
  return text;
}

test('a citizen applies online, answers a correction, gets the answer letter and withdraws another, with staff handling the case, in Chromium', async (t) => {
  if (!hasChromium()) {
    console.warn(CHROMIUM_SKIP_MESSAGE);
    t.skip(CHROMIUM_SKIP_MESSAGE);
    return;
  }
  // Monday 2 March 2026, 10:00 in Shanghai (the test app's clock).
  const app: TestApp = await createTestApp();
  await seedPublicFixture(app.database);
  await buildUser(app.database, { username: 'handler', grants: [{ orgCode: ORG, role: 'case_handler' }] });
  await buildUser(app.database, { username: 'head', grants: [{ orgCode: ORG, role: 'office_head' }] });
  const server = await serveApp(app);
  const base = server.base;
  let browser: Browser | undefined;

  try {
    browser = await launchChromium();
    const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
      const context = await browser!.newContext(CONTEXT_OPTIONS);
      return { context, page: await context.newPage() };
    };
    const citizen = (await newPage()).page;
    const handler = (await newPage()).page;
    const head = (await newPage()).page;
    let first: Access = { reference: '', queryCode: '' };
    let caseUrl = '';

    await t.test('the citizen applies online and gets a reference and a query code', async () => {
      first = await applyOnline(citizen, base, '2025年本市中小学校舍安全检查的结果');
      assert.match(await mainText(citizen), /2026-03-30/);
      await track(citizen, base, first);
      const text = await checkStatusPage(citizen, base, 'submitted');
      assert.ok(text.includes(first.reference));
      assert.match(text, /2026-03-30/);
    });

    await t.test('a case handler of the organisation requests a correction on the case page', async () => {
      await signIn(handler, base, 'handler');
      caseUrl = `${base}/staff/requests/${encodeURIComponent(first.reference)}`;
      await visit(handler, caseUrl);
      await handler.locator('#correction textarea[name="items"]').fill('请说明所需检查结果的学校范围');
      await handler.locator('#correction input[name="correctionDueOn"]').fill('2026-03-16');
      await handler.locator('#correction button[type="submit"]').click();
      await handler.waitForURL(/done=correction_requested/);
      assert.match(await mainText(handler), /政府信息公开申请补正告知书/);

      const text = await checkStatusPage(citizen, base, 'correction requested');
      assert.match(text, /等待补正/);
      assert.match(text, /请说明所需检查结果的学校范围/);
      assert.match(text, /2026-03-16/);
      assert.equal(await citizen.locator('main a[href="/track/correction"]').count(), 1);
    });

    await t.test('the citizen answers the correction on the tracking pages', async () => {
      await citizen.locator('main a[href="/track/correction"]').click();
      await citizen.waitForURL(`${base}/track/correction`);
      await assertAccessible(citizen, 'track: correction form');
      // The error state first: send nothing.
      await citizen.locator('main form[action="/track/correction"] button[type="submit"]').click();
      await citizen.waitForSelector('.error-summary');
      assert.match((await citizen.title()) ?? '', /^错误：/);
      await assertAccessible(citizen, 'track: correction form (error)');
      await citizen.locator('#f-text').fill('全市公办中小学，共 120 所。');
      await citizen.locator('main form[action="/track/correction"] button[type="submit"]').click();
      await citizen.waitForURL(/\/track\/status\?done=corrected/);
      await assertAccessible(citizen, 'track: corrected (notice)');
      const text = await checkStatusPage(citizen, base, 'corrected');
      assert.equal(await citizen.locator('main a[href="/track/correction"]').count(), 0);
      assert.match(text, /收到您的补正，答复期限重新计算/);
      assert.match(text, /办理中/);

      await visit(handler, caseUrl);
      assert.match(await mainText(handler), /全市公办中小学，共 120 所。/);
    });

    await t.test('the handler asks for an extension and the office head approves it', async () => {
      await handler.locator('#extension-request input[name="workdays"]').fill('10');
      await handler.locator('#extension-request textarea[name="reason"]').fill('需要汇总各区学校的检查结果');
      await handler.locator('#extension-request button[type="submit"]').click();
      await handler.waitForURL(/done=extension_requested/);
      assert.equal(await handler.locator('#extension-approve').count(), 0, 'a handler cannot approve');

      await signIn(head, base, 'head');
      await visit(head, caseUrl);
      await head.locator('#extension-approve button[type="submit"]').click();
      await head.waitForURL(/done=extended/);
      assert.match(await mainText(head), /经负责人批准延期 10 个工作日/);

      const text = await checkStatusPage(citizen, base, 'extended');
      assert.match(text, /办理中（已延期）/);
      assert.match(text, /答复期限延长10个工作日/);
    });

    await t.test('the handler answers (granted) and the answer letter is generated', async () => {
      await visit(handler, caseUrl);
      await handler.locator('#answer select[name="outcome"]').selectOption('granted');
      await handler.locator('#answer textarea[name="reasons"]').fill('现将检查结果随本告知书提供。');
      await handler.locator('#answer input[name="releasedFiles"]').setInputFiles({
        name: '校舍安全检查结果.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4 results'),
      });
      await handler.locator('#answer button[type="submit"]:not([name])').click();
      await handler.waitForURL(/done=answered/);
      const body = await mainText(handler);
      assert.match(body, /已答复/);
      assert.ok(
        (await handler.locator('#letters li', { hasText: '政府信息公开申请答复告知书' }).count()) > 0,
        'the answer letter is listed on the case page',
      );

      const text = await checkStatusPage(citizen, base, 'answered');
      assert.match(text, /已答复/);
      assert.match(text, /政府信息公开申请答复告知书/);
      assert.match(text, /校舍安全检查结果\.pdf/);
      assert.equal(
        await citizen.locator('main a[href="/track/withdraw"]').count(),
        0,
        'no withdrawal once answered',
      );
    });

    await t.test('the citizen downloads the answer letter from the tracking page', async () => {
      // The stored letter files are offered as files: Word always, and PDF, which Chromium (present, or
      // this test would have been skipped) prints.
      const letterLinks = citizen.locator('main a[href^="/track/files/"]', { hasText: '答复告知书' });
      const names = (await letterLinks.allTextContents()).map((s) => s.trim());
      assert.ok(
        names.some((n) => n.endsWith('.docx')),
        `the Word letter is offered: ${names.join(', ')}`,
      );
      assert.ok(
        names.some((n) => n.endsWith('.pdf')),
        `the PDF letter is offered: ${names.join(', ')}`,
      );
      for (const name of names) {
        const link = letterLinks.filter({ hasText: name }).first();
        const [download] = await Promise.all([citizen.waitForEvent('download'), link.click()]);
        const bytes = fs.readFileSync(await download.path());
        assert.ok(bytes.length > 1000, `${name} has content (${bytes.length} bytes)`);
        if (name.endsWith('.docx')) {
          assert.match(download.suggestedFilename(), /\.docx$/);
          assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', `${name} is a zip (Word) file`);
        } else {
          assert.match(name, /\.pdf$/);
          assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', `${name} is a PDF`);
        }
      }
      // The letter's text as well, as the page offers it.
      const letterText = citizen
        .locator('main li', { hasText: '政府信息公开申请答复告知书' })
        .locator('a[href^="/track/letters/"]');
      const [download] = await Promise.all([citizen.waitForEvent('download'), letterText.first().click()]);
      const text = fs.readFileSync(await download.path(), 'utf8');
      assert.match(text, /政府信息公开申请答复告知书/);
      assert.ok(text.includes(first.reference), 'the letter names the application');
      assert.match(text, /予以公开/);
      assert.match(text, /校舍安全检查结果\.pdf/);
      assert.ok(!text.includes(GOOD_ID) && !text.includes(PHONE), 'no ID number or phone in the letter');
      await checkStatusPage(citizen, base, 'after download');
    });

    await t.test('the citizen applies a second time and withdraws that application', async () => {
      await visit(citizen, `${base}/apply/confirmation`);
      await citizen.locator('form[action="/apply/new"] button').click();
      await citizen.waitForURL(`${base}/apply`);
      const second = await applyOnline(citizen, base, '2025年本市学校食堂检查情况');
      assert.notEqual(second.reference, first.reference);
      await track(citizen, base, second);
      await checkStatusPage(citizen, base, 'second application');
      await citizen.locator('main a[href="/track/withdraw"]').click();
      await citizen.waitForURL(`${base}/track/withdraw`);
      await assertAccessible(citizen, 'track: withdraw confirmation');
      await citizen.locator('main form[action="/track/withdraw"] button[type="submit"]').click();
      await citizen.waitForURL(/\/track\/status\?done=withdrawn/);
      assert.match(await mainText(citizen), /已撤回/);
      await assertAccessible(citizen, 'track: withdrawn (notice)');
      const text = await checkStatusPage(citizen, base, 'withdrawn');
      assert.match(text, /已撤回/);
      assert.equal(await citizen.locator('main a[href="/track/withdraw"]').count(), 0);

      // Staff see it withdrawn, and the first one still answered.
      await visit(handler, `${base}/staff/requests/${encodeURIComponent(second.reference)}`);
      assert.match(await mainText(handler), /撤回/);
      await visit(handler, caseUrl);
      assert.match(await mainText(handler), /已答复/);
    });
  } finally {
    await browser?.close();
    await server.close();
    await app.cleanup();
  }
});
