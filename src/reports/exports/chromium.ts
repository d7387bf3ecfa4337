import fs from 'node:fs';
import type { Browser } from 'playwright-core';

/**
 * Headless Chromium through playwright-core (stack probe §8): prints the report's HTML to PDF and
 * rasterises chart SVGs to PNG for the Word file. Chromium is optional: `chromiumExecutable()` says
 * whether it is installed (GONGKAI_CHROMIUM_PATH, else /usr/bin/chromium), and callers say so when not.
 * Each use launches a fresh browser (with a fresh temporary profile), closed afterwards.
 */

export class ChromiumUnavailableError extends Error {
  constructor(
    message = 'Chromium is not installed (looked for GONGKAI_CHROMIUM_PATH and /usr/bin/chromium); PDF export needs it',
  ) {
    super(message);
    this.name = 'ChromiumUnavailableError';
  }
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** The Chromium executable (GONGKAI_CHROMIUM_PATH when set, and then only that), or null when none is installed. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.GONGKAI_CHROMIUM_PATH
    ? [env.GONGKAI_CHROMIUM_PATH]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  return null;
}

/**
 * Runs `work` with a freshly launched browser, closed afterwards. `chromium.launch` gives every launch a
 * new temporary profile directory of its own and deletes it on close (no shared state between runs).
 */
export async function withChromium<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
  const executablePath = chromiumExecutable();
  if (!executablePath) throw new ChromiumUnavailableError();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

/** A4 PDF of a standalone HTML page (no network: everything must be inline). */
export async function htmlToPdf(html: string): Promise<Buffer> {
  return withChromium(async (browser) => {
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="width:100%;text-align:center;font-size:10px;font-family:serif">— <span class="pageNumber"></span> —</div>',
      margin: { top: '25mm', bottom: '25mm', left: '20mm', right: '20mm' },
    });
    return Buffer.from(pdf);
  });
}

/** PNGs of SVGs at `scale` × their size (for Word, which wants a raster fallback), in one browser session. */
export async function svgsToPng(
  svgs: { svg: string; width: number; height: number }[],
  scale = 2,
): Promise<Buffer[]> {
  if (svgs.length === 0) return [];
  return withChromium(async (browser) => {
    const context = await browser.newContext({ deviceScaleFactor: scale, offline: true });
    const page = await context.newPage();
    const out: Buffer[] = [];
    for (const { svg, width, height } of svgs) {
      await page.setViewportSize({ width, height });
      await page.setContent(
        `<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}svg{display:block}</style></head><body>${svg}</body></html>`,
      );
      out.push(await page.locator('svg').first().screenshot({ type: 'png', scale: 'device' }));
    }
    return out;
  });
}
