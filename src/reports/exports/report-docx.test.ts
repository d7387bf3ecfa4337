import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type JSZipTypes from 'jszip';
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { handWorkedReport } from '../fixtures/report-fixtures.js';
import { APPEAL_FIELDS, APPEAL_KINDS, OUTCOME_CODES, type AnnualReport } from '../annual-report.js';
import { columnWidthsOf, renderReportDocx } from './report-docx.js';
import { nationalTables } from './national-tables.js';

/**
 * The Word file read back from its XML (a .docx is a zip; word/document.xml holds the body): the six
 * sections in order, every figure of the three national tables in its row, fixed column widths that fill
 * the A4 type area (table 三's label columns wide enough not to wrap each line into a column of
 * characters, as LibreOffice showed before the widths were fixed), A4 with the GB/T 9704 margins.
 * The visual check (LibreOffice → PDF → PNG) is manual and not part of CI.
 */

const JSZip = createRequire(import.meta.url)('jszip') as typeof JSZipTypes;

async function documentOf(report: AnnualReport, format2019 = false) {
  const zip = await JSZip.loadAsync(await renderReportDocx(report, { charts: 'none', format2019 }));
  const xml = await zip.file('word/document.xml')!.async('string');
  return parseDocument(xml, { xmlMode: true });
}

const textOf = (e: Element) =>
  DomUtils.findAll((n) => n.name === 'w:t', [e])
    .map((t) => DomUtils.textContent(t))
    .join('');
const byName = (name: string, root: Element | ReturnType<typeof parseDocument>) =>
  DomUtils.findAll((n) => n.name === name, 'children' in root ? root.children : []);
const directChildren = (e: Element, name: string) =>
  e.children.filter((c): c is Element => (c as Element).name === name);

/** The table's rows as the text of each cell, and its grid column widths. */
function tablesOf(doc: ReturnType<typeof parseDocument>) {
  return byName('w:tbl', doc).map((tbl) => ({
    rows: directChildren(tbl, 'w:tr').map((tr) => directChildren(tr, 'w:tc').map(textOf)),
    grid: byName('w:gridCol', tbl).map((g) => Number(g.attribs['w:w'])),
    fixed: byName('w:tblLayout', tbl).some((l) => l.attribs['w:type'] === 'fixed'),
  }));
}

const figures = (row: string[]) => row.slice(-7).map(Number);

describe('Word export read back from document.xml', () => {
  it('has the title and the six sections in order, the narrative paragraphs, A4 with official margins', async () => {
    const report = handWorkedReport();
    const doc = await documentOf(report);
    const body = byName('w:body', doc)[0]!;
    const paragraphs = directChildren(body, 'w:p').map(textOf);
    assert.equal(paragraphs[0], `${report.year}年${report.org.name}政府信息公开工作年度报告`);
    const headings = paragraphs.filter((p) => /^[一二三四五六]、/.test(p));
    assert.deepEqual(headings, [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    const overview = paragraphs.indexOf('一、总体情况');
    assert.equal(paragraphs[overview + 1], report.narrative.overview.split('\n')[0]!.trim());
    const size = byName('w:pgSz', doc)[0]!.attribs;
    assert.deepEqual([size['w:w'], size['w:h']], ['11907', '16840']);
    const margin = byName('w:pgMar', doc)[0]!.attribs;
    assert.deepEqual([margin['w:top'], margin['w:left'], margin['w:right']], ['2098', '1588', '1474']);
  });

  it('puts every figure of the three national tables in its row, with fixed widths filling the type area', async () => {
    const report = handWorkedReport();
    const doc = await documentOf(report);
    const [proactive, applications, appeals] = tablesOf(doc);
    const expected = nationalTables(report);

    // 二: 规章 and 行政规范性文件 rows (issued, abolished, valid), then the one-figure rows.
    const row = (label: string) => proactive!.rows.find((r) => r[0] === label)!;
    assert.deepEqual(row('规章').slice(1).map(Number), [
      report.proactive.regulations.issued,
      report.proactive.regulations.abolished,
      report.proactive.regulations.valid,
    ]);
    assert.deepEqual(row('行政规范性文件').slice(1).map(Number), [
      report.proactive.normativeDocuments.issued,
      report.proactive.normativeDocuments.abolished,
      report.proactive.normativeDocuments.valid,
    ]);
    assert.equal(Number(row('行政许可')[1]), report.proactive.licensing.decisions);
    assert.equal(Number(row('行政事业性收费')[1]), report.proactive.fees.amountWanYuan);

    // 三: three header rows, then received, carried in, the 21 outcome rows, total, carried out.
    const t3 = applications!;
    assert.equal(t3.rows.length, expected[1]!.head.length + expected[1]!.body.length);
    const body = t3.rows.slice(3);
    const order = ['received', 'carried_in', ...OUTCOME_CODES, 'total', 'carried_out'] as const;
    assert.equal(body.length, order.length);
    order.forEach((key, i) =>
      assert.deepEqual(figures(body[i]!), report.applications.rows[key], `table 三 row ${key}`),
    );
    assert.match(body[0]![0]!, /一、本年新收政府信息公开申请数量/);
    assert.match(body.at(-1)![0]!, /四、结转下年度继续办理/);

    // 四: one row of 15 figures.
    assert.deepEqual(
      appeals!.rows.at(-1)!.map(Number),
      APPEAL_KINDS.flatMap((k) => APPEAL_FIELDS.map((f) => report.appeals[k][f])),
    );

    // Fixed layout, widths filling the 156 mm type area; table 三's 细项 column twice a figure column.
    for (const t of [proactive!, applications!, appeals!]) {
      assert.ok(t.fixed, 'fixed table layout');
      assert.equal(
        t.grid.reduce((a, b) => a + b, 0),
        Math.round(156 * 56.7),
      );
    }
    assert.deepEqual(t3.grid, columnWidthsOf({ id: 'applications', width: 10 }));
    assert.ok(
      t3.grid[2]! >= 2 * t3.grid[3]!,
      '细项 column wide enough for "4.保护第三方合法权益" in two lines',
    );
    assert.equal(appeals!.grid.length, 15);
  });

  it('prints the 2019 format’s single （六） row when asked', async () => {
    const report = handWorkedReport();
    const [, applications] = tablesOf(await documentOf(report, true));
    const other = applications!.rows.find((r) => r.some((c) => c.startsWith('（六）')))!;
    const sum = [0, 1, 2, 3, 4, 5, 6].map(
      (i) =>
        report.applications.rows['other.no_correction'][i]! +
        report.applications.rows['other.fee_unpaid'][i]! +
        report.applications.rows['other.other'][i]!,
    );
    assert.deepEqual(figures(other), sum);
  });
});
