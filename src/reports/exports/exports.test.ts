import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type ExcelJSTypes from 'exceljs';
import type JSZipTypes from 'jszip';
import { handWorkedReport } from '../fixtures/report-fixtures.js';
import { readXlsxReport } from '../readers/read-xlsx.js';
import { readHtmlReport } from '../readers/read-html.js';
import { allChecksHold, validateReport } from '../report-validator.rules.js';
import { APPLICATION_ROWS, type AnnualReport } from '../annual-report.js';
import type { ReportStatistics } from '../derive-annual-report.js';
import { renderReportCharts } from './charts.js';
import { renderReportHtml, reportHtmlDocument } from './report-html.js';
import { renderReportXlsx } from './report-xlsx.js';
import { docxChartsAvailable, renderReportDocx } from './report-docx.js';
import { chromiumExecutable, renderReportPdf } from './report-pdf.js';
import { exportReport } from './index.js';

const statistics: ReportStatistics = {
  itemsByCategory: [
    { code: 'cat-regulations', name: '政府规章文件类', count: 96 },
    { code: 'cat-business', name: '业务工作类', count: 33 },
    { code: 'cat-meetings', name: '会议与领导活动类', count: 1675 },
    { code: 'cat-statistics', name: '统计数据类', count: 8 },
    { code: 'cat-other', name: '其他事项类', count: 19 },
  ],
  applicationsByChannel: [
    { group: 'in_person', count: 5 },
    { group: 'letter', count: 3 },
    { group: 'online', count: 5 },
    { group: 'other', count: 0 },
  ],
};

function assertSameTables(read: AnnualReport, original: AnnualReport): void {
  for (const row of APPLICATION_ROWS)
    assert.deepEqual(read.applications.rows[row], original.applications.rows[row], row);
  assert.deepEqual(read.appeals, original.appeals);
  assert.deepEqual(read.proactive, original.proactive);
}

describe('report exports', () => {
  it('charts: four ECharts SVGs (categories, channels, outcomes, appeals) with Chinese titles and their figures in words', () => {
    const charts = renderReportCharts(handWorkedReport(), statistics);
    assert.deepEqual(
      charts.map((c) => c.id),
      ['items-by-category', 'applications-by-channel', 'applications-by-outcome', 'appeals'],
    );
    for (const c of charts) {
      assert.match(c.svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.ok(c.svg.includes(c.title), c.title);
    }
    assert.match(charts[1]!.description, /^合计13件：当面5件（38.5%）；信函3件（23.1%）；网络5件（38.5%）$/);
    assert.equal(
      renderReportCharts(handWorkedReport()).length,
      2,
      'without statistics: outcomes and appeals only',
    );
  });

  it('HTML: captions, th scopes, the national row labels, inline charts; `report check` reads it back with every check holding', () => {
    const report = handWorkedReport();
    const fragment = renderReportHtml(report, { statistics });
    assert.equal((fragment.match(/<caption>/g) ?? []).length, 3);
    assert.match(fragment, /<caption>三、收到和处理政府信息公开申请情况<\/caption>/);
    assert.match(fragment, /<th scope="col"[^>]*>自然人<\/th>/);
    assert.match(fragment, /<th scope="colgroup" colspan="5">法人或其他组织<\/th>/);
    assert.match(fragment, /<th scope="rowgroup" rowspan="8">（三）不予公开<\/th>/);
    assert.match(fragment, /<th scope="row">3.危及“三安全一稳定”<\/th>/);
    assert.match(fragment, /<th scope="row" colspan="3">四、结转下年度继续办理<\/th>/);
    assert.equal((fragment.match(/<svg role="img" aria-labelledby="/g) ?? []).length, 4);
    assert.match(fragment, /<figcaption id="[^"]+">图1\u30002025年主动公开政府信息分类情况。/);
    assert.doesNotMatch(fragment, /<script/);
    const read = readHtmlReport(reportHtmlDocument(report, { statistics }), 'export.html');
    assertSameTables(read.report, report);
    assert.equal(read.report.year, 2025);
    const checks = validateReport(read.report);
    assert.ok(allChecksHold(checks), JSON.stringify(checks));
  });

  it('Excel: one sheet per table with merged headers; `report check`’s reader reads our own export back (2021 and 2019)', async () => {
    const report = handWorkedReport();
    const data = await renderReportXlsx(report);
    const read = await readXlsxReport(data, 'export.xlsx');
    assertSameTables(read.report, report);
    assert.equal(read.report.year, 2025);
    assert.equal(read.report.org.name, '示例市示例局');
    assert.ok(allChecksHold(validateReport(read.report)), JSON.stringify(validateReport(read.report)));

    const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof ExcelJSTypes;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['总体情况', '二', '三', '四'],
    );
    const sheet3 = workbook.getWorksheet('三')!;
    assert.ok(
      Object.keys((sheet3 as unknown as { _merges: object })._merges).length > 5,
      'merged header cells',
    );
    assert.equal(sheet3.getCell('D5').value, 10, 'received, natural persons, as a number');

    const read2019 = await readXlsxReport(
      await renderReportXlsx(report, { format2019: true }),
      'export-2019.xlsx',
    );
    assert.deepEqual(read2019.report.applications.rows['other.other'], [1, 0, 0, 0, 0, 0, 1]);
    assert.ok(read2019.notes.some((n) => /2019 format/.test(n)));
  });

  it('Word: a docx (zip) with the title, the three tables with borders and merged cells, 仿宋 body, page numbers in the footer', async (t) => {
    const data = await renderReportDocx(handWorkedReport(), { statistics });
    assert.equal(data.subarray(0, 2).toString('latin1'), 'PK');
    const JSZip = createRequire(import.meta.url)('jszip') as typeof JSZipTypes;
    const zip = await JSZip.loadAsync(data);
    const document = await zip.file('word/document.xml')!.async('string');
    assert.ok(document.includes('2025年示例市示例局政府信息公开工作年度报告'));
    assert.equal((document.match(/<w:tbl>/g) ?? []).length, 3);
    assert.match(document, /<w:tblBorders>|<w:tcBorders>/);
    assert.match(document, /<w:vMerge w:val="restart"\/>/);
    assert.match(document, /<w:gridSpan w:val="7"\/>/);
    assert.match(document, /w:eastAsia="FangSong"/);
    assert.match(document, /w:eastAsia="FZXiaoBiaoSong-B05S"/);
    assert.ok(document.includes('本列数据的勾稽关系为'));
    const footers = Object.keys(zip.files).filter((f) => /^word\/footer\d*\.xml$/.test(f));
    assert.ok(footers.length > 0);
    const footer = await zip.file(footers[0]!)!.async('string');
    assert.match(footer, /PAGE/);
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    if (docxChartsAvailable()) {
      assert.equal(media.filter((f) => f.endsWith('.png')).length, 4, 'PNG fallbacks of the four charts');
      assert.equal(media.filter((f) => f.endsWith('.svg')).length, 4);
    } else {
      assert.equal(media.length, 0);
      t.diagnostic('Chromium not installed: the Word file is written without charts');
    }
  });

  it('PDF: printed by Chromium when installed (skipped with a message otherwise)', async (t) => {
    if (!chromiumExecutable()) {
      t.skip('Chromium is not installed (/usr/bin/chromium): PDF export not tested');
      return;
    }
    const pdf = await renderReportPdf(handWorkedReport(), { statistics });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.length > 10_000);
  });

  it('JSON export is the contract JSON itself', async () => {
    const report = handWorkedReport();
    const text = (await exportReport(report, 'json')) as string;
    assert.deepEqual(JSON.parse(text), report);
  });
});
