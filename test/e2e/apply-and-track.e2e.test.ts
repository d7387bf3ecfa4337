import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { seedPublicFixture } from '../../src/orgs/http/public.fixtures.js';

/**
 * The citizen's half of the 依申请公开 journey in Debian's Chromium: apply online one question per
 * page (each page, and its error state, checked by axe-core against WCAG 2.x A and AA), see the
 * confirmation, track the application with the reference and query code, and withdraw a second one;
 * the form also on a 360 px phone. Skips, saying so, where Chromium is not installed.
 */
const CHROMIUM = '/usr/bin/chromium';
const SKIP_MESSAGE = `Chromium not found at ${CHROMIUM}: browser tests skipped`;
// Machines here have no internet: nothing in the browser may try to reach it.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * The few browser globals the checks use; the project's TypeScript lib has no DOM, and these
 * functions run inside the page, not in Node.
 */
interface BrowserGlobals {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
  axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
}

/** Runs axe-core in the page (injected inline; the context bypasses the same-origin-only CSP for it). */
async function assertAccessible(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    const g = globalThis as unknown as BrowserGlobals;
    const result = await g.axe.run(g.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  }, AXE_TAGS);
  assert.deepEqual(
    violations,
    [],
    `${label}: accessibility violations\n${JSON.stringify(violations, null, 2)}`,
  );
}

/** The page fits a 360 px phone: nothing wider than the viewport, so no sideways scrolling. */
async function assertNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = (globalThis as unknown as BrowserGlobals).document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  assert.ok(
    scrollWidth <= clientWidth,
    `${label}: page is ${scrollWidth}px wide in a ${clientWidth}px viewport`,
  );
}

async function visit(page: Page, url: string): Promise<void> {
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.equal(res?.status(), 200, `${url} answers 200`);
}

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
  if (!fs.existsSync(CHROMIUM)) {
    console.warn(SKIP_MESSAGE);
    t.skip(SKIP_MESSAGE);
    return;
  }

  const app: TestApp = await createTestApp();
  await seedPublicFixture(app.database);
  const server = serve({ fetch: app.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', resolve)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-chromium-'));
  let context: BrowserContext | undefined;

  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      bypassCSP: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
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
    await context?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.cleanup();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
