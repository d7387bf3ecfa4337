import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { PUBLIC_FIXTURE as F } from '../../src/orgs/http/public.fixtures.js';
import { CATALOG_FIXTURE as C, seedCatalogFixture } from '../../src/catalog/http/catalog.public.fixtures.js';
import {
  assertAccessible,
  assertNoHorizontalScroll,
  CHROMIUM_SKIP_MESSAGE,
  hasChromium,
  openBrowser,
  visit,
} from '../support/browser.js';

/**
 * The end-to-end journey in Debian's Chromium: a visitor reads the public site in simplified and
 * traditional Chinese on a desktop and a 360 px phone, and a staff member signs in and out; axe-core
 * checks every page against WCAG 2.x A and AA. Skips, saying so, where Chromium is not installed. Chromium
 * setup and axe from test/support/browser.ts.
 */

test('public site and staff sign-in in Chromium, accessible and phone-sized', async (t) => {
  if (!hasChromium()) {
    console.warn(CHROMIUM_SKIP_MESSAGE);
    t.skip(CHROMIUM_SKIP_MESSAGE);
    return;
  }

  const app: TestApp = await createTestApp();
  // The organisations of public.fixtures.ts plus published, withdrawn and unpublished catalog items.
  await seedCatalogFixture(app.database, app.deps.storage);
  const browser = await openBrowser(app);
  const { page, base } = browser;

  try {
    await t.test('home page, then traditional Chinese chosen by a link and remembered', async () => {
      await visit(page, `${base}/`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
      assert.match((await page.locator('h1').textContent()) ?? '', /示范市人民政府/);
      await assertAccessible(page, 'home (zh-CN)');

      await page.getByRole('link', { name: '繁體中文' }).click();
      await page.waitForURL(/lang=zh-TW/);
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-TW');
      assert.match((await page.locator('h1').textContent()) ?? '', /示範市人民政府/);

      // The choice is remembered: the next page, reached by an ordinary link, is traditional too.
      await page.locator('a.entry-link[href="/xxgk"]').click();
      await page.waitForURL(`${base}/xxgk`);
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-TW');
      assert.match((await page.locator('h1').textContent()) ?? '', /政府信息公開機構目錄/);
      await assertAccessible(page, 'directory (zh-TW)');
    });

    await t.test('directory to an organisation’s guide, with every page accessible', async () => {
      await page.locator('main a[href="/xxgk/fgw"]').click();
      await page.waitForURL(`${base}/xxgk/fgw`);
      await assertAccessible(page, 'column front page (zh-TW)');
      await page.locator('nav.subnav a[href="/xxgk/fgw/guide"]').click();
      await page.waitForURL(`${base}/xxgk/fgw/guide`);
      const text = (await page.locator('main').textContent()) ?? '';
      assert.match(text, /政府信息公開指南/);
      assert.ok(text.includes('未提供'), 'missing facts say 未提供');
      await assertAccessible(page, 'guide (zh-TW)');

      // Back to simplified Chinese for the rest; check the remaining sub-columns and English too.
      for (const url of [
        '/xxgk/city/guide?lang=zh-CN',
        '/xxgk/city/statutory',
        '/xxgk/city/rules',
        '/xxgk/city/annual-reports',
        '/xxgk/jyj?lang=en',
        '/xxgk',
      ]) {
        await visit(page, `${base}${url}`);
        await assertAccessible(page, url);
      }
      const missing = await page.goto(`${base}/xxgk/nope?lang=zh-CN`);
      assert.equal(missing?.status(), 404);
      await assertAccessible(page, '404 page');
    });

    await t.test('catalog, item page and search (results and empty state) are accessible', async () => {
      await visit(page, `${base}/xxgk/catalog?lang=zh-CN`);
      await assertAccessible(page, 'city catalog');
      await page.locator('select#column').selectOption('art20_7');
      await page.locator('form.filter-form button[type="submit"]').click();
      await page.waitForURL(/column=art20_7/);
      assert.equal(await page.locator('.item-list > li').count(), 1);
      await page.locator('a.item-title').first().click();
      await page.waitForURL(`${base}/xxgk/fgw/items/${C.budget.indexNumber}`);
      assert.equal((await page.locator('h1').textContent())?.trim(), C.budget.title);
      await assertAccessible(page, 'item page');
      for (const url of ['/xxgk/fgw/items', `/xxgk/fgw/items/${C.rule.indexNumber}`, '/xxgk/fgw/statutory']) {
        await visit(page, `${base}${url}`);
        await assertAccessible(page, url);
      }

      // Search from the home page's box, in traditional characters.
      await visit(page, `${base}/`);
      await page.locator('#home-q').fill('預算');
      await page.locator('form.home-search button[type="submit"]').click();
      await page.waitForURL(/\/search\?q=/);
      assert.ok((await page.locator('mark').count()) > 0, 'highlighted matches');
      await assertAccessible(page, 'search results');
      await page.locator('#q').fill('量子计算机芯片');
      await page.locator('form[role="search"] .search-row button').click();
      await page.waitForURL(/%E9%87%8F/);
      assert.equal(await page.locator('#empty').count(), 1);
      await assertAccessible(page, 'search empty state');

      const gone = await page.goto(`${base}/xxgk/fgw/items/${C.withdrawn.indexNumber}`);
      assert.equal(gone?.status(), 410);
      await assertAccessible(page, 'withdrawn item (410)');
    });

    await t.test('a 360 px phone never scrolls sideways, in standard and large-text mode', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      const urls = [
        '/',
        '/xxgk',
        '/xxgk/city',
        '/xxgk/city/guide',
        '/xxgk/fgw/guide',
        '/xxgk/city/statutory',
        '/xxgk/catalog',
        `/xxgk/fgw/items/${C.budget.indexNumber}`,
        '/search?q=%E9%A2%84%E7%AE%97&org=fgw',
      ];
      for (const url of urls) {
        await visit(page, `${base}${url}`);
        await assertNoHorizontalScroll(page, url);
      }
      await visit(page, `${base}/xxgk/city/guide`);
      await page.locator('a.view-toggle').click();
      await page.waitForURL(`${base}/xxgk/city/guide`);
      assert.equal(await page.locator('html').getAttribute('class'), 'large-text');
      for (const url of urls) {
        await visit(page, `${base}${url}`);
        await assertNoHorizontalScroll(page, `${url} (large text)`);
      }
      await assertAccessible(page, 'statutory (large text, 360 px)');
      await page.locator('a.view-toggle').click();
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    const login = await fetch(`${base}/staff/login`);
    const hasStaffLogin = login.status === 200 && (await login.text()).includes('action="/staff/login"');
    await t.test('a staff member signs in, sees the dashboard and signs out', async (st) => {
      if (!hasStaffLogin) {
        st.skip('/staff/login is not built yet: staff part of the journey skipped');
        return;
      }
      await visit(page, `${base}/staff/login?lang=zh-CN`);
      await assertAccessible(page, 'staff login');
      await page.locator('input[name="username"]').fill(F.staff.username);
      await page.locator('input[name="password"]').fill(F.staff.password);
      await page.locator('form[action="/staff/login"] button[type="submit"]').click();
      await page.waitForURL(`${base}/staff`);
      assert.equal(await page.locator('h1').count(), 1);
      assert.ok(((await page.locator('body').textContent()) ?? '').includes(F.staff.displayName));
      await assertAccessible(page, 'staff dashboard');

      await page.locator('form[action="/staff/logout"] button').click();
      await page.waitForURL(/\/staff\/login/);
      assert.equal(await page.locator('form[action="/staff/login"]').count(), 1);
      await assertAccessible(page, 'staff login after sign-out');
      // Signed out for real: the dashboard sends us back to the login page.
      await page.goto(`${base}/staff`);
      await page.waitForURL(/\/staff\/login/);
    });
  } finally {
    await browser.close();
    await app.cleanup();
  }
});
