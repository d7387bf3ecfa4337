import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { buildOrg, buildUser } from '../support/factories.js';
import { closedOn, seedApplication } from '../support/supervision-fixtures.js';
import {
  assertAccessible,
  assertNoHorizontalScroll,
  CHROMIUM_SKIP_MESSAGE,
  hasChromium,
  openBrowser,
  signIn,
  signOut,
  visit,
} from '../support/browser.js';
import { takeTransparencySnapshot } from '../../src/supervision/take-transparency-snapshot.js';

/**
 * Electronic supervision in Debian's Chromium: the city office opens the dashboard for 2026-Q1,
 * drills down to a department's cases, generates, reviews and publishes the quarter's results; the
 * public finds the published quarter, reads it and downloads the Word file; the public transparency
 * page passes axe-core and fits a 360 px phone. Skips, saying so, where Chromium is not installed.
 */
test('supervision in Chromium: dashboard, drill-down, quarter generate/review/publish, public pages', async (t) => {
  if (!hasChromium()) {
    console.warn(CHROMIUM_SKIP_MESSAGE);
    t.skip(CHROMIUM_SKIP_MESSAGE);
    return;
  }
  // Friday 10 April 2026, 10:00 in Shanghai: Q1 has ended.
  const app: TestApp = await createTestApp(new Date('2026-04-10T02:00:00Z'));
  await buildOrg(app.database, { code: 'ecity', kind: 'government', name: '示范市人民政府' });
  const dept = await buildOrg(app.database, {
    code: 'edept',
    parentCode: 'ecity',
    name: '示范市住房和城乡建设局',
  });
  const town = await buildOrg(app.database, {
    code: 'etown',
    parentCode: 'ecity',
    kind: 'town',
    name: '南镇',
  });
  await buildUser(app.database, { username: 'e-admin', grants: [{ orgCode: 'ecity', role: 'city_admin' }] });
  // The department: six answers in March (one a day after its due date 03-30) and one case overdue.
  for (const on of ['2026-03-09', '2026-03-10', '2026-03-12', '2026-03-16', '2026-03-20', '2026-03-31']) {
    await seedApplication(app, dept, { receivedOn: '2026-03-02', events: [closedOn(on)], prefix: 'E2E-' });
  }
  const overdue = await seedApplication(app, dept, { receivedOn: '2026-02-02', prefix: 'E2E-' });
  await seedApplication(app, town, {
    receivedOn: '2026-03-02',
    events: [closedOn('2026-03-05')],
    prefix: 'E2E-',
  });
  await takeTransparencySnapshot(
    app.database,
    { timeZone: 'Asia/Shanghai' },
    new Date('2026-04-10T02:00:00Z'),
  );

  const browser = await openBrowser(app);
  const { page, base } = browser;
  try {
    await t.test('the city office opens the dashboard and drills down to a department’s cases', async () => {
      await signIn(page, base, 'e-admin');
      await page.getByRole('link', { name: '电子监察' }).first().click();
      await page.waitForURL(`${base}/staff/supervision`);
      await page.locator('select[name="period"]').selectOption('2026-Q1');
      await page.locator('form.supervision-period button[type="submit"]').click();
      await page.waitForURL(/\/staff\/supervision\?period=2026-Q1/);
      const row = page.locator('tr', { has: page.getByRole('link', { name: '示范市住房和城乡建设局' }) });
      // 5 of 6 on time: 83.3 %.
      assert.match((await row.textContent()) ?? '', /83\.3%/);
      await assertAccessible(page, 'dashboard 2026-Q1');
      await page.getByRole('link', { name: '示范市住房和城乡建设局' }).click();
      await page.waitForURL(new RegExp(`/staff/supervision/orgs/${dept.id}\\?period=2026-Q1`));
      const main = (await page.locator('main').textContent()) ?? '';
      assert.ok(main.includes(overdue.reference), 'the overdue case is listed');
      await assertAccessible(page, 'drill-down');
    });

    await t.test('the city office generates, reviews and publishes 2026-Q1', async () => {
      await page.goto(`${base}/staff/supervision/quarters`);
      await assertAccessible(page, 'quarters (none yet)');
      await page.locator('select[name="quarter"]').selectOption('2026-Q1');
      await page.getByRole('button', { name: '生成季度结果' }).click();
      await page.waitForURL(/\/staff\/supervision\/quarters\/2026-Q1\?done=generated/);
      assert.match((await page.locator('main').textContent()) ?? '', /草稿|待审核/);
      await assertAccessible(page, 'quarter (draft)');
      // Approving without a note is refused on the field.
      await page.getByRole('button', { name: '审核通过' }).click();
      assert.match(await page.title(), /^错误：/);
      await assertAccessible(page, 'quarter (review refused)');
      await page.locator('textarea[name="note"]').fill('数据已与各单位核对。');
      await page.getByRole('button', { name: '审核通过' }).click();
      await page.waitForURL(/done=reviewed/);
      await page.getByRole('button', { name: '向社会公布' }).click();
      await page.waitForURL(/done=published/);
      assert.equal(await page.locator('a[href="/supervision/quarters/2026-Q1"]').count(), 1);
      await assertAccessible(page, 'quarter (published)');
      await signOut(page);
    });

    await t.test('the public reads the published quarter and downloads it in Word', async () => {
      await visit(page, `${base}/supervision?lang=zh-CN`);
      await assertAccessible(page, 'public supervision index');
      await page.locator('main a[href="/supervision/quarters/2026-Q1"]').click();
      await page.waitForURL(`${base}/supervision/quarters/2026-Q1`);
      const body = (await page.locator('main').textContent()) ?? '';
      assert.match(body, /示范市住房和城乡建设局/);
      assert.ok(!body.includes('E2E-'), 'a case reference on the public page');
      await assertAccessible(page, 'public quarter');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下载 Word 版' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /\.docx$/);
      assert.equal(
        fs
          .readFileSync(await download.path())
          .subarray(0, 2)
          .toString('latin1'),
        'PK',
      );
    });

    await t.test('the public transparency page is accessible and fits a 360 px phone', async () => {
      await visit(page, `${base}/supervision/transparency`);
      const body = (await page.locator('main').textContent()) ?? '';
      assert.match(body, /示范市住房和城乡建设局/);
      await assertAccessible(page, 'transparency (1280 px)');
      await page.setViewportSize({ width: 360, height: 740 });
      await visit(page, `${base}/supervision/transparency`);
      await assertNoHorizontalScroll(page, 'transparency (360 px)');
      await assertAccessible(page, 'transparency (360 px)');
      await visit(page, `${base}/supervision/quarters/2026-Q1`);
      await assertNoHorizontalScroll(page, 'public quarter (360 px)');
    });
  } finally {
    await browser.close();
    await app.cleanup();
  }
});
