import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { convertToTraditional } from '../../platform/i18n/opencc.js';
import { countsWithTotal } from '../annual-report.js';
import { handWorkedReport, nationalHtml, nationalXlsx } from '../fixtures/report-fixtures.js';
import { allChecksHold, validateReport } from '../report-validator.rules.js';
import { readHtmlReport } from './read-html.js';
import { readXlsxReport } from './read-xlsx.js';
import { readJsonReport, readReportFile, ReportReadError } from './read-report.js';

const failing = (report: Parameters<typeof validateReport>[0]) =>
  validateReport(report)
    .filter((c) => !c.ok)
    .map((c) => c.rule);

/** The hand-worked report with one answer moved between columns: only column-balance fails. */
function inconsistent() {
  const r = handWorkedReport();
  r.applications.rows.granted = countsWithTotal([4, 2, 0, 0, 0, 0]);
  r.applications.rows.total = countsWithTotal([10, 3, 0, 0, 1, 0]);
  return r;
}

describe('reading our JSON', () => {
  it('reads the contract JSON', () => {
    const { report } = readJsonReport(JSON.stringify(handWorkedReport()));
    assert.deepEqual(report, handWorkedReport());
  });
  it('refuses a report with a short row, naming its path', () => {
    const r = JSON.parse(JSON.stringify(handWorkedReport())) as {
      applications: { rows: Record<string, number[]> };
    };
    r.applications.rows.received!.pop();
    assert.throws(
      () => readJsonReport(JSON.stringify(r), 'r.json'),
      (e: Error) => {
        assert.ok(e instanceof ReportReadError);
        assert.match(e.message, /r\.json .*applications\.rows\.received/);
        return true;
      },
    );
  });
  it('refuses text that is not JSON', () => {
    assert.throws(() => readJsonReport('{ nope'), ReportReadError);
  });
});

describe('reading an HTML page in the national layout', () => {
  it('reads every figure of sections 二, 三 and 四 and the prose, with spans expanded', () => {
    const expected = handWorkedReport();
    const { report, notes } = readHtmlReport(nationalHtml(expected));
    assert.deepEqual(notes, []);
    assert.deepEqual(report.applications.rows, expected.applications.rows);
    assert.deepEqual(report.appeals, expected.appeals);
    assert.deepEqual(report.proactive, expected.proactive);
    assert.equal(report.year, 2025);
    assert.equal(report.org.name, '示例市示例局');
    assert.match(report.narrative.overview, /收到政府信息公开申请13件/);
    assert.doesNotMatch(report.narrative.overview, /999件/); // script text is not prose
    assert.ok(allChecksHold(validateReport(report)), JSON.stringify(validateReport(report)));
  });

  it('finds an inconsistency in a published page', () => {
    const { report } = readHtmlReport(nationalHtml(inconsistent()));
    assert.deepEqual(failing(report), ['column-balance']);
  });

  it('reads a page in traditional characters with blank zero cells, blank rows and subtotal rows', () => {
    const html = convertToTraditional(
      nationalHtml(handWorkedReport(), { blankZeros: true, blankRows: true, subtotals: true }),
    );
    assert.match(html, /政府信息公開/);
    const { report, notes } = readHtmlReport(html);
    assert.deepEqual(report.applications.rows, handWorkedReport().applications.rows);
    assert.equal(notes.filter((n) => /subtotal/.test(n)).length, 3);
    assert.ok(allChecksHold(validateReport(report)));
  });

  it('reads the 2019 format with its single （六）其他处理 row', () => {
    const r = handWorkedReport();
    r.applications.rows['other.other'] = countsWithTotal([0, 0, 0, 0, 0, 0]);
    const { report, notes } = readHtmlReport(nationalHtml(r, { format2019: true }));
    assert.ok(notes.some((n) => /2019 format/.test(n)));
    assert.deepEqual(report.applications.rows['other.other'], r.applications.rows['other.no_correction']);
    assert.deepEqual(report.applications.rows['other.no_correction'], [0, 0, 0, 0, 0, 0, 0]);
    assert.ok(allChecksHold(validateReport(report)));
  });

  it('refuses a page without table 三, and a cell that is not a number', () => {
    assert.throws(() => readHtmlReport('<p>没有表格</p>'), ReportReadError);
    assert.throws(() => readHtmlReport('<table><tr><td>规章</td></tr></table>'), /no table 三/);
    const html = nationalHtml(handWorkedReport()).replace('<td>13</td>', '<td>十三件左右</td>');
    assert.throws(() => readHtmlReport(html), /"十三件左右" is not a number/);
  });
});

describe('reading an .xlsx in the national layout', () => {
  it('reads a workbook with merged cells, one sheet per table', async () => {
    const expected = handWorkedReport();
    const { report } = await readXlsxReport(await nationalXlsx(expected));
    assert.deepEqual(report.applications.rows, expected.applications.rows);
    assert.deepEqual(report.appeals, expected.appeals);
    assert.deepEqual(report.proactive, expected.proactive);
    assert.equal(report.year, 2025);
    assert.match(report.narrative.overview, /行政复议2件/);
    assert.ok(allChecksHold(validateReport(report)));
  });

  it('finds an inconsistency in a workbook', async () => {
    const { report } = await readXlsxReport(await nationalXlsx(inconsistent()));
    assert.deepEqual(failing(report), ['column-balance']);
  });

  it('reads a sheet without merges, labels only in the first cell of each group, figures as text with commas', async () => {
    const r = handWorkedReport();
    r.applications.rows.received = countsWithTotal([1207, 2, 0, 0, 1, 0]);
    r.applications.rows.granted = countsWithTotal([1202, 1, 0, 0, 0, 0]);
    r.applications.rows.total = countsWithTotal([1208, 2, 0, 0, 1, 0]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表三');
    ws.addRow(['', '', '', '申請人情況']);
    ws.addRow(['', '', '', '自然人', '法人或其他組織', '', '', '', '', '總計']);
    ws.addRow(['', '', '', '', '商業企業', '科研機構', '社會公益組織', '法律服務機構', '其他', '']);
    const labels: [string, string, string, keyof typeof r.applications.rows][] = [
      ['一、本年新收政府信息公開申請數量', '', '', 'received'],
      ['二、上年結轉政府信息公開申請數量', '', '', 'carried_in'],
      ['三、本年度辦理結果', '（一）予以公開', '', 'granted'],
      ['', '（二）部分公開（區分處理的，只計這一情形，不計其他情形）', '', 'partial'],
    ];
    for (const [a, b, c, row] of labels)
      ws.addRow([a, b, c, ...r.applications.rows[row].map((n) => n.toLocaleString('en'))]);
    const rest: [string, string, keyof typeof r.applications.rows][] = [
      ['（三）不予公開', '1.屬於國家秘密', 'withheld.state_secret'],
      ['', '2.其他法律行政法規禁止公開', 'withheld.prohibited_by_law'],
      ['', '3.危及"三安全一穩定"', 'withheld.security_stability'],
      ['', '4.保護第三方合法權益', 'withheld.third_party_rights'],
      ['', '5.屬於三類內部事務信息', 'withheld.internal_affairs'],
      ['', '6.屬於四類過程性信息', 'withheld.process_info'],
      ['', '7.屬於行政執法案卷', 'withheld.enforcement_file'],
      ['', '8.屬於行政查詢事項', 'withheld.query_matter'],
      ['（四）無法提供', '1.本機關不掌握相關政府信息', 'unavailable.not_held'],
      ['', '2.沒有現成信息需要另行製作', 'unavailable.needs_creation'],
      ['', '3.補正後申請內容仍不明確', 'unavailable.unclear_after_correction'],
      ['（五）不予處理', '1.信訪舉報投訴類申請', 'declined.complaint_petition'],
      ['', '2.重複申請', 'declined.duplicate'],
      ['', '3.要求提供公開出版物', 'declined.publication'],
      ['', '4.無正當理由大量反複申請', 'declined.excessive'],
      ['', '5.要求行政機關確認或重新出具已獲取信息', 'declined.confirm_reissue'],
      [
        '（六）其他處理',
        '1.申請人無正當理由逾期不補正、行政機關不再處理其政府信息公開申請',
        'other.no_correction',
      ],
      ['', '2.申請人逾期未按收費通知要求繳納費用、行政機關不再處理其政府信息公開申請', 'other.fee_unpaid'],
      ['', '3.其他', 'other.other'],
      ['（七）總計', '', 'total'],
    ];
    for (const [b, c, row] of rest)
      ws.addRow(['', b, c, ...r.applications.rows[row].map((n) => (n === 0 ? '' : n))]);
    ws.addRow([]);
    ws.addRow(['四、結轉下年度繼續辦理', '', '', ...r.applications.rows.carried_out]);
    const ws4 = wb.addWorksheet('表四');
    ws4.addRow(['行政複議', '', '', '', '', '行政訴訟']);
    ws4.addRow(['', '', '', '', '', '未經複議直接起訴', '', '', '', '', '複議後起訴']);
    ws4.addRow(Array(3).fill(['結果維持', '結果糾正', '其他結果', '尚未審結', '總計']).flat());
    ws4.addRow([1, 0, 0, 1, 2, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    const { report, notes } = await readXlsxReport(Buffer.from(await wb.xlsx.writeBuffer()));
    assert.deepEqual(report.applications.rows, r.applications.rows);
    assert.deepEqual(report.appeals, r.appeals);
    assert.ok(notes.includes('section 二 not found: its figures are taken as 0'));
    assert.ok(allChecksHold(validateReport(report)), JSON.stringify(validateReport(report)));
  });

  it('refuses a file that is not a workbook', async () => {
    await assert.rejects(readXlsxReport(Buffer.from('not a zip')), ReportReadError);
  });
});

describe('readReportFile', () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-report-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tells the three formats apart by extension and says when a file is missing', async () => {
    fs.writeFileSync(path.join(dir, 'r.json'), JSON.stringify(handWorkedReport()));
    fs.writeFileSync(path.join(dir, 'r.xlsx'), await nationalXlsx(handWorkedReport()));
    fs.writeFileSync(path.join(dir, 'r.html'), nationalHtml(handWorkedReport()));
    for (const name of ['r.json', 'r.xlsx', 'r.html']) {
      const { report } = await readReportFile(path.join(dir, name));
      assert.equal(report.applications.rows.total[6], 14, name);
    }
    await assert.rejects(readReportFile(path.join(dir, 'missing.json')), /cannot read/);
  });
});
