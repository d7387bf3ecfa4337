import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestApp } from './test-app.js';
import { DEFAULT_TEST_PASSWORD } from './factories.js';

/**
 * What the Chromium tests share: Debian's Chromium through playwright-core (skipped, saying so, where
 * it is not installed), the app served on a free local port, axe-core (WCAG 2.1 A/AA) injected into
 * the page, the 360 px phone check, and signing staff in and out through the login form.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_SKIP_MESSAGE = `Chromium not found at ${CHROMIUM}: browser tests skipped`;
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

export function hasChromium(): boolean {
  return fs.existsSync(CHROMIUM);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** The few browser globals the checks use (the project's TypeScript lib has no DOM; these run in the page). */
interface BrowserGlobals {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
  axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
}

/** Runs axe-core in the page (injected inline; the context bypasses the same-origin-only CSP for it). */
export async function assertAccessible(page: Page, label: string): Promise<void> {
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

/** The page fits the viewport (a 360 px phone): nothing wider, so no sideways scrolling. */
export async function assertNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = (globalThis as unknown as BrowserGlobals).document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  assert.ok(
    scrollWidth <= clientWidth,
    `${label}: page is ${scrollWidth}px wide in a ${clientWidth}px viewport`,
  );
}

/** Opens `url` and expects 200. */
export async function visit(page: Page, url: string): Promise<void> {
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.equal(res?.status(), 200, `${url} answers 200`);
}

/** Signs a staff member in through the login form (the test password) and waits for the back office. */
export async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/staff/login?lang=zh-CN`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEFAULT_TEST_PASSWORD);
  await page.locator('form[action="/staff/login"] button[type="submit"]').click();
  await page.waitForURL(`${base}/staff`);
}

export async function signOut(page: Page): Promise<void> {
  await page.locator('form[action="/staff/logout"] button[type="submit"]').click();
  await page.waitForLoadState();
}

export interface BrowserSession {
  /** `http://127.0.0.1:{port}` */
  base: string;
  context: BrowserContext;
  page: Page;
  /** Closes the browser, the server and removes the profile (not the app's database). */
  close(): Promise<void>;
}

/** Serves `app` on a free local port; `close` stops the server (not the app). */
export async function serveApp(app: TestApp): Promise<{ base: string; close(): Promise<void> }> {
  const server = serve({ fetch: app.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', resolve)));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Launches Chromium for a test that needs several independent browser contexts (a citizen and staff
 * members, each with their own cookies): `browser.newContext(CONTEXT_OPTIONS)` for each.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The options every test context uses: axe may be injected (CSP bypassed), downloads kept. */
export const CONTEXT_OPTIONS = {
  bypassCSP: true,
  acceptDownloads: true,
  viewport: { width: 1280, height: 900 },
} as const;

/** Serves `app` on a free local port and opens Chromium (1280×900, downloads accepted) on it. */
export async function openBrowser(app: TestApp): Promise<BrowserSession> {
  const server = await serveApp(app);
  const base = server.base;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      ...CONTEXT_OPTIONS,
    });
  } catch (err) {
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    base,
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      await server.close();
    },
  };
}
