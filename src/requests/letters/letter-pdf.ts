import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { layOutLetter } from './letter-layout.rules.js';

/**
 * A letter as PDF: an HTML rendering of the same layout as the Word file, printed by the system's
 * Chromium (playwright-core drives it; no browser is downloaded). Where Chromium is not installed the
 * platform says PDF is unavailable and offers Word only.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';

// Machines here may have no internet: nothing in the browser may try to reach it.
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

export function isPdfAvailable(chromiumPath: string = CHROMIUM_PATH): boolean {
  try {
    fs.accessSync(chromiumPath, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The printable page: A4, GB/T 9704 margins, 仿宋 body and 小标宋-style title with CJK fallbacks. */
export function renderLetterHtml(letter: { title: string; text: string }): string {
  const laid = layOutLetter(letter);
  const body = laid.blocks
    .map((block) => block.lines.map((line) => `<p class="${block.kind}">${escapeHtml(line)}</p>`).join('\n'))
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(laid.title)}</title>
<style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { margin: 0; font-family: "FangSong_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 28pt; color: #000; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "STZhongsong", "Noto Serif CJK SC", serif;
  font-weight: bold; font-size: 22pt; line-height: 35pt; text-align: center; margin: 0 0 28pt; }
p { margin: 0; text-align: justify; }
p.paragraph { text-indent: 2em; }
p.signature { text-align: right; padding-right: 4em; }
p.signature:first-of-type, .paragraph + .signature { margin-top: 28pt; }
</style></head>
<body><h1>${escapeHtml(laid.title)}</h1>
${body}
</body></html>`;
}

const FOOTER_TEMPLATE =
  '<div style="width:100%;text-align:center;font-size:14pt;font-family:\'Noto Serif CJK SC\',serif;">— <span class="pageNumber"></span> —</div>';

/** Prints the letter to PDF; null when Chromium is not installed. */
export async function renderLetterPdf(
  letter: { title: string; text: string },
  chromiumPath: string = CHROMIUM_PATH,
): Promise<Buffer | null> {
  if (!isPdfAvailable(chromiumPath)) return null;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.setContent(renderLetterHtml(letter), { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<div></div>',
      footerTemplate: FOOTER_TEMPLATE,
    });
  } finally {
    await browser.close();
  }
}
