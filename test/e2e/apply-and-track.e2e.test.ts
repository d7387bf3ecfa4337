import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { seedPublicFixture } from '../../src/orgs/http/public.fixtures.js';
import {
  assertAccessible,
  assertNoHorizontalScroll,
  CHROMIUM_SKIP_MESSAGE,
  hasChromium,
  openBrowser,
  visit,
} from '../support/browser.js';

/**
 * The citizen's half of the 依申请公开 journey in Debian's Chromium: apply online one question per
 * page (each page, and its error state, checked by axe-core against WCAG 2.x A and AA), see the
 * confirmation, track the application with the reference and query code, and withdraw a second one;
 * the form also on a 360 px phone. Skips, saying so, where Chromium is not installed. Chromium setup
 * and axe from test/support/browser.ts.
 */

/** Fills the form from the start page to the check page, checking every page with axe. */
async function applyOnline(page: Page, base: string, description: string, check: boolean): Promise<void> {
  await visit(page, `${base}/apply?lang=zh-CN`);
  if (check) await assertAccessible(page, 'apply: start');
  await page.locator('main a.button[href^="/apply/organisation"]').click();
  await page.waitForURL(/\/apply\/organisation/);
  if (check) {
    // The error state first: continue without choosing.
    await page.locator('main form[method="post"] button[type="submit"]').click();
    await page.waitForURL(/\/apply\/organisation/);
    assert.match((await page.title()) ?? '', /^错误：/);
    await assertAccessible(page, 'apply: organisation (error)');
  }
  await page.locator('#f-orgCode').selectOption('jyj');
  await page.locator('main form[method="post"] button[type="submit"]').click();
  await page.waitForURL(/\/apply\/applicant-type/);
  if (check) await assertAccessible(page, 'apply: applicant type');
  await page.getByLabel('自然人').check();
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(/\/apply\/identity/);
  if (check) await assertAccessible(page, 'apply: identity');
  await page.locator('#f-name').fill('张三');
  await page.locator('#f-idNumber').fill(check ? '110105194912310021' : GOOD_ID);
  await page.locator('main form button[type="submit"]').click();
  if (check) {
    await page.waitForSelector('.error-summary');
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /校验码/);
    await assertAccessible(page, 'apply: identity (bad checksum)');
    await page.locator('.error-summary a').first().click();
    await page.locator('#f-idNumber').fill(GOOD_ID);
    await page.locator('main form button[type="submit"]').click();
  }
  await page.waitForURL(/\/apply\/contact/);
  if (check) await assertAccessible(page, 'apply: contact');
  await page.locator('#f-phone').fill(PHONE);
  await page.locator('#f-address').fill('示范市幸福路1号');
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(/\/apply\/information/);
  if (check) await assertAccessible(page, 'apply: information');
  await page.locator('#f-description').fill(description);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(/\/apply\/delivery/);
  if (check) await assertAccessible(page, 'apply: delivery');
  await page.getByLabel('电子', { exact: true }).check();
  await page.getByLabel(/在本平台下载/).check();
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(/\/apply\/attachments/);
  if (check) await assertAccessible(page, 'apply: attachments');
  await page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click();
  await page.waitForURL(/\/apply\/(suggestions|check)/);
  if (page.url().includes('/suggestions')) {
    if (check) await assertAccessible(page, 'apply: suggestions');
    await page.locator('main a.button[href="/apply/check"]').click();
  }
  await page.waitForURL(/\/apply\/check/);
  if (check) await assertAccessible(page, 'apply: check your answers');
}

const GOOD_ID = '11010519491231002X';
const PHONE = '13912345678';

test('a citizen applies online, tracks the application and withdraws another, in Chromium', async (t) => {
  if (!hasChromium()) {
    console.warn(CHROMIUM_SKIP_MESSAGE);
    t.skip(CHROMIUM_SKIP_MESSAGE);
    return;
  }

  const app: TestApp = await createTestApp();
  await seedPublicFixture(app.database);
  const browser = await openBrowser(app);
  const { page, base } = browser;

  try {
    let first = { reference: '', queryCode: '' };
    let second = { reference: '', queryCode: '' };

    await t.test('from the guide to the form, every page accessible, then the confirmation', async () => {
      await visit(page, `${base}/xxgk/jyj/guide`);
      await page.locator('main a[href="/apply?org=jyj"]').click();
      await page.waitForURL(`${base}/apply?org=jyj`);
      await applyOnline(page, base, '2025年本市中小学校舍安全检查的结果', true);
      await page.locator('main form[action="/apply/submit"] button[type="submit"]').click();
      await page.waitForURL(`${base}/apply/confirmation`);
      assert.equal((await page.locator('h1').textContent())?.trim(), '申请已提交');
      first = {
        reference: ((await page.locator('.reference').textContent()) ?? '').trim(),
        queryCode: ((await page.locator('.password-once code').textContent()) ?? '').trim(),
      };
      assert.match(first.reference, /-2026-\d{6}$/);
      assert.match(first.queryCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      assert.match((await page.locator('main').textContent()) ?? '', /2026-03-30/);
      await assertAccessible(page, 'apply: confirmation');
    });

    await t.test('tracks it with the reference and query code', async () => {
      await visit(page, `${base}/track`);
      await assertAccessible(page, 'track: form');
      await page.locator('#f-reference').fill(first.reference);
      await page.locator('#f-queryCode').fill('AAAA-BBBB-CCCC');
      await page.locator('main form[action="/track"] button[type="submit"]').click();
      await page.waitForSelector('.error-summary');
      await assertAccessible(page, 'track: wrong code');
      await page.locator('#f-queryCode').fill(first.queryCode);
      await page.locator('main form[action="/track"] button[type="submit"]').click();
      await page.waitForURL(`${base}/track/status`);
      const text = (await page.locator('main').textContent()) ?? '';
      assert.ok(text.includes(first.reference));
      assert.match(text, /答复期限是怎样算出来的/);
      assert.ok(
        !text.includes(GOOD_ID) && !text.includes(PHONE),
        'no ID number or phone on the tracking page',
      );
      await assertAccessible(page, 'track: status');
    });

    await t.test('applies a second time and withdraws that application', async () => {
      await visit(page, `${base}/apply/confirmation`);
      await page.locator('form[action="/apply/new"] button').click();
      await page.waitForURL(`${base}/apply`);
      await applyOnline(page, base, '另一项政府信息', false);
      await page.locator('main form[action="/apply/submit"] button[type="submit"]').click();
      await page.waitForURL(`${base}/apply/confirmation`);
      second = {
        reference: ((await page.locator('.reference').textContent()) ?? '').trim(),
        queryCode: ((await page.locator('.password-once code').textContent()) ?? '').trim(),
      };
      assert.notEqual(second.reference, first.reference);
      await visit(page, `${base}/track`);
      await page.locator('#f-reference').fill(second.reference);
      await page.locator('#f-queryCode').fill(second.queryCode);
      await page.locator('main form[action="/track"] button[type="submit"]').click();
      await page.waitForURL(`${base}/track/status`);
      await page.locator('main a[href="/track/withdraw"]').click();
      await page.waitForURL(`${base}/track/withdraw`);
      await assertAccessible(page, 'track: withdraw confirmation');
      await page.locator('main form[action="/track/withdraw"] button[type="submit"]').click();
      await page.waitForURL(/\/track\/status\?done=withdrawn/);
      assert.match((await page.locator('main').textContent()) ?? '', /已撤回/);
      await assertAccessible(page, 'track: withdrawn');
    });

    await t.test(
      'the form and the tracking page fit a 360 px phone, in standard and large-text mode',
      async () => {
        await page.setViewportSize({ width: 360, height: 740 });
        const urls = ['/apply', '/apply/organisation', '/track', '/track/status'];
        for (const url of urls) {
          await visit(page, `${base}${url}`);
          await assertNoHorizontalScroll(page, url);
        }
        await visit(page, `${base}/apply`);
        await page.locator('a.view-toggle').click();
        await page.waitForURL(`${base}/apply`);
        for (const url of urls) {
          await visit(page, `${base}${url}`);
          await assertNoHorizontalScroll(page, `${url} (large text)`);
        }
        await assertAccessible(page, 'track status (large text, 360 px)');
      },
    );
  } finally {
    await browser.close();
    await app.cleanup();
  }
});
