import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import {
  buildOrg,
  buildUser,
  contextAsUser,
  DEFAULT_TEST_PASSWORD,
} from '../../../test/support/factories.js';
import { saveReportNarrative } from '../save-report-narrative.js';
import { submitAnnualReport } from '../workflow/submit-annual-report.js';
import { approveAnnualReport } from '../workflow/approve-annual-report.js';
import { publishAnnualReport } from '../workflow/publish-annual-report.js';
import { buildSeed2015Fixture } from '../statistics/seed-2015.fixture.js';

/**
 * The reports pages in Debian's Chromium with axe-core (WCAG 2.x A and AA): the published annual
 * report (tables and SVG charts), the 公开年报 column, the public statistics and the 2015-style page
 * over the seed report's figures, and the staff report, aggregate and statistics pages, on a 360 px
 * phone as well as a desktop. Skipped when Chromium is not installed (as the other browser tests).
 */
const CHROMIUM = '/usr/bin/chromium';
const SKIP_MESSAGE = `Chromium not found at ${CHROMIUM}: browser tests skipped`;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface BrowserGlobals {
  document: unknown;
  axe: {
    run(
      context: unknown,
      options: object,
    ): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }>;
  };
}

async function assertAccessible(page: Page, label: string): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    const g = globalThis as unknown as BrowserGlobals;
    const result = await g.axe.run(g.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
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

test('reports pages pass axe-core in Chromium, on a desktop and a 360 px phone', async (t) => {
  if (!fs.existsSync(CHROMIUM)) {
    console.warn(SKIP_MESSAGE);
    t.skip(SKIP_MESSAGE);
    return;
  }
  const now = new Date('2026-01-20T02:00:00Z');
  const app: TestApp = await createTestApp(now);
  await buildOrg(app.database, { code: 'city', name: '示范市人民政府' });
  const dept = await buildOrg(app.database, { code: 'dept-a', parentCode: 'city', name: '示范市甲局' });
  await buildOrg(app.database, { code: 'dept-b', parentCode: 'city', name: '示范市乙局' });
  const admin = await buildUser(app.database, {
    username: 'admin',
    grants: [{ orgCode: 'city', role: 'city_admin' }],
  });
  await buildSeed2015Fixture(app.database.db, dept.id);
  const ctx = await contextAsUser(app.database, admin.id, now);
  await saveReportNarrative(ctx, {
    orgCode: 'dept-a',
    year: 2025,
    overview: '本年度无依申请公开。',
    problems: '无。',
    other: '无。',
  });
  await submitAnnualReport(ctx, { orgCode: 'dept-a', year: 2025 });
  await approveAnnualReport(ctx, { orgCode: 'dept-a', year: 2025 });
  await publishAnnualReport(ctx, { orgCode: 'dept-a', year: 2025 });

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
    const publicPages = [
      ['/xxgk/dept-a/annual-reports', 'annual reports column'],
      ['/xxgk/dept-a/annual-reports/2025', 'published annual report'],
      ['/statistics?from=2015-01-01&to=2015-12-31', 'public statistics'],
      ['/statistics/old-style?from=2015-01-01&to=2015-12-31', '2015-style statistics'],
    ] as const;
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [url, label] of publicPages) {
        await page.goto(`${base}${url}`);
        await assertAccessible(page, `${label} at ${width}px`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.match(await page.content(), /56\.1%/);
    await page.goto(`${base}/staff/login?lang=zh-CN`);
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill(DEFAULT_TEST_PASSWORD);
    await page.locator('form[action="/staff/login"] button[type="submit"]').click();
    await page.waitForURL(`${base}/staff`);
    for (const [url, label] of [
      ['/staff/reports?year=2025', 'staff reports'],
      ['/staff/reports/dept-b/2025', 'unit report page'],
      ['/staff/reports/city/2025/aggregate', 'aggregate'],
      ['/staff/statistics?from=2015-01-01&to=2015-12-31', 'staff statistics'],
    ] as const) {
      await page.goto(`${base}${url}`);
      await assertAccessible(page, label);
    }
  } finally {
    await context?.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    await app.cleanup();
  }
});
