// Regenerates the README screenshots from a running demo site:
//   BASE_URL=http://localhost:3000 STAFF_USER=city.admin STAFF_PASSWORD=… npx tsx scripts/screenshots.ts
// Uses Debian's Chromium (never a downloaded browser).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL ?? 'http://localhost:3000';
const profile = mkdtempSync(join(tmpdir(), 'gongkai-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
  viewport: { width: 1100, height: 760 },
});
const page = await context.newPage();
await page.goto(`${base}/`);
await page.screenshot({ path: 'docs/screenshots/home.png' });
await page.goto(`${base}/xxgk/dg-zrzyj/guide`);
await page.screenshot({ path: 'docs/screenshots/guide.png' });
if (process.env.STAFF_USER && process.env.STAFF_PASSWORD) {
  await page.goto(`${base}/staff/login`);
  await page.getByLabel('用户名').fill(process.env.STAFF_USER);
  await page.getByLabel('密码').fill(process.env.STAFF_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/staff/);
  await page.screenshot({ path: 'docs/screenshots/staff.png' });
}
await page.setViewportSize({ width: 360, height: 740 });
await page.goto(`${base}/xxgk?lang=zh-TW`);
await page.screenshot({ path: 'docs/screenshots/phone-zh-tw.png' });
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log('Screenshots written to docs/screenshots/');
