import { convertToSimplified } from '../../platform/i18n/opencc.js';
import {
  APPEAL_KINDS,
  APPLICATION_ROWS,
  emptyReport,
  zeroCounts,
  type AnnualReport,
  type AppealField,
  type AppealKind,
  type ApplicantColumn,
  type ApplicationRow,
} from '../annual-report.js';
import { normaliseDigits } from '../narrative.rules.js';

/**
 * Reads the tables of a report in the national layout (国办公开办函〔2021〕30号, or the 2019 format)
 * from plain grids of cell text, whatever they came from (an .xlsx sheet, an HTML table). Merged
 * cells are expected to be repeated into every cell they cover; blank rows and columns, traditional
 * characters, quotation-mark variants and subtotal rows added by third-party templates are tolerated.
 */

/** One table: its rows of cell text, merged cells repeated. `name` locates it in messages. */
export interface Grid {
  name: string;
  rows: string[][];
}

export interface ReadReport {
  report: AnnualReport;
  /** What the reader assumed or ignored (a 2019-format row, a missing section 二…). */
  notes: string[];
}

/** The file cannot be interpreted as a report: exit code 2 of `gongkai report check`. */
export class ReportReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportReadError';
  }
}

/** Simplified characters, no spaces or quotation marks, full-width brackets, ASCII digits. */
export function normaliseCell(text: string): string {
  return normaliseDigits(convertToSimplified(text))
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/["“”'‘’「」『』]/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

const BLANK_VALUES = new Set(['', '-', '—', '–', '/', '／', '无', '—', '－']);

/** A table cell as a number: blanks and dashes are 0, "1,207" and "12件" are read, anything else refused. */
export function parseCellNumber(text: string, where: string): number {
  const t = normaliseCell(text).replace(/[件宗个起次条]$/, '');
  if (BLANK_VALUES.has(t)) return 0;
  const m = /^[-－−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.exec(t);
  if (!m) throw new ReportReadError(`${where}: "${text.trim()}" is not a number`);
  return Number(t.replace(/[－−]/, '-').replace(/,/g, ''));
}

// ---------------------------------------------------------------------------------------------
// Table 三
// ---------------------------------------------------------------------------------------------

const COLUMN_LABELS: Record<string, ApplicantColumn> = {
  自然人: 'natural_person',
  商业企业: 'commercial_enterprise',
  科研机构: 'research_institution',
  社会公益组织: 'public_interest_org',
  法律服务机构: 'legal_service_org',
  其他: 'other_org',
  总计: 'total',
};

/** Row label patterns, most specific first. */
const ROW_PATTERNS: [RegExp, ApplicationRow][] = [
  [/本年新收/, 'received'],
  [/上年结转/, 'carried_in'],
  [/结转下一?年度|转入下一?年度/, 'carried_out'],
  [/国家秘密/, 'withheld.state_secret'],
  [/禁止公开/, 'withheld.prohibited_by_law'],
  [/三安全一稳定/, 'withheld.security_stability'],
  [/第三方合法权益/, 'withheld.third_party_rights'],
  [/内部事务/, 'withheld.internal_affairs'],
  [/过程性信息/, 'withheld.process_info'],
  [/行政执法案卷/, 'withheld.enforcement_file'],
  [/行政查询事项/, 'withheld.query_matter'],
  [/不掌握/, 'unavailable.not_held'],
  [/另行制作/, 'unavailable.needs_creation'],
  [/仍不明确/, 'unavailable.unclear_after_correction'],
  [/信访|举报|投诉/, 'declined.complaint_petition'],
  [/重复申请/, 'declined.duplicate'],
  [/公开出版物/, 'declined.publication'],
  [/大量反复/, 'declined.excessive'],
  [/重新出具/, 'declined.confirm_reissue'],
  [/逾期不补正/, 'other.no_correction'],
  [/收费通知|缴纳费用/, 'other.fee_unpaid'],
  [/部分公开/, 'partial'],
  [/予以公开/, 'granted'],
  [/总计/, 'total'],
];

const GROUP_HEADING =
  /^(三、本年度办理结果)?（[三四五]）(不予公开|无法提供|不予处理)(小计|合计)?$|^三、本年度办理结果$/;

function findRow(grid: Grid, predicate: (cells: string[]) => boolean): number {
  return grid.rows.findIndex((row) => predicate(row.map(normaliseCell)));
}

/** The label of a row: the distinct texts of the cells left of the figures, joined. */
function rowLabel(cells: string[], firstDataCol: number): string {
  const parts: string[] = [];
  for (const text of cells.slice(0, firstDataCol).map(normaliseCell)) {
    if (text !== '' && parts[parts.length - 1] !== text) parts.push(text);
  }
  return parts.join('');
}

function readTable3(grids: Grid[], report: AnnualReport, notes: string[]): void {
  let grid: Grid | undefined;
  let header = -1;
  for (const g of grids) {
    header = findRow(g, (cells) => cells.includes('商业企业') && cells.includes('科研机构'));
    if (header >= 0) {
      grid = g;
      break;
    }
  }
  if (!grid)
    throw new ReportReadError(
      'no table 三 found (a header row with 自然人 / 商业企业 / 科研机构 / … / 总计)',
    );

  const columns = new Map<ApplicantColumn, number>();
  const width = Math.max(...grid.rows.slice(Math.max(0, header - 3), header + 1).map((r) => r.length));
  for (let col = 0; col < width; col++) {
    for (let r = header; r >= Math.max(0, header - 3); r--) {
      const column = COLUMN_LABELS[normaliseCell(grid.rows[r]![col] ?? '')];
      if (column) {
        if (!columns.has(column)) columns.set(column, col);
        break;
      }
    }
  }
  const missing = Object.entries(COLUMN_LABELS)
    .filter(([, column]) => !columns.has(column))
    .map(([label]) => label);
  if (missing.length > 0)
    throw new ReportReadError(`${grid.name}: table 三 has no column ${missing.join(', ')}`);
  const order = report.applications.columns.map((c) => columns.get(c)!);
  const firstDataCol = Math.min(...order);

  const found = new Map<ApplicationRow, number>();
  let otherSingle: { values: number[]; label: string } | null = null;
  let inOtherGroup = false;
  for (let r = header + 1; r < grid.rows.length && !found.has('carried_out'); r++) {
    const cells = grid.rows[r]!;
    const label = rowLabel(cells, firstDataCol);
    const raw = order.map((col) => cells[col] ?? '');
    if (label === '' && raw.every((v) => normaliseCell(v) === '')) continue;
    const where = `${grid.name}, table 三 row "${label}"`;
    let row = ROW_PATTERNS.find(([pattern]) => pattern.test(label))?.[1];
    if (!row && inOtherGroup && /其他$/.test(label)) row = 'other.other';
    if (row) {
      if (found.has(row)) throw new ReportReadError(`${where}: the row ${row} appears twice`);
      found.set(row, r);
      report.applications.rows[row] = raw.map((v, i) =>
        parseCellNumber(v, `${where}, column ${report.applications.columns[i]}`),
      ) as AnnualReport['applications']['rows'][ApplicationRow];
      inOtherGroup = row.startsWith('other.') || /其他处理/.test(label);
      continue;
    }
    if (/其他处理$/.test(label)) {
      otherSingle = { values: raw.map((v, i) => parseCellNumber(v, `${where}, column ${i}`)), label };
      inOtherGroup = true;
      continue;
    }
    if (GROUP_HEADING.test(label)) {
      if (raw.some((v) => normaliseCell(v) !== ''))
        notes.push(`${where}: a subtotal row, not part of the national format, ignored`);
      continue;
    }
    if (raw.some((v) => normaliseCell(v) !== ''))
      notes.push(`${where}: not a row of the national format, ignored`);
  }

  const otherRows = ['other.no_correction', 'other.fee_unpaid', 'other.other'] as const;
  if (otherSingle && !otherRows.some((row) => found.has(row))) {
    // The 2019 format: one （六）其他处理 row.
    report.applications.rows['other.other'] =
      otherSingle.values as AnnualReport['applications']['rows']['other.other'];
    for (const row of otherRows) found.set(row, -1);
    notes.push('2019 format: the single （六）其他处理 row is counted under other.other');
  } else if (otherSingle) {
    notes.push(`${grid.name}: the （六）其他处理 subtotal row is ignored`);
  }
  const absent = APPLICATION_ROWS.filter((row) => !found.has(row));
  if (absent.length > 0)
    throw new ReportReadError(`${grid.name}: table 三 lacks the rows ${absent.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Table 四
// ---------------------------------------------------------------------------------------------

const APPEAL_FIELD_LABELS: Record<string, AppealField> = {
  结果维持: 'upheld',
  结果纠正: 'corrected',
  其他结果: 'other',
  尚未审结: 'pending',
  总计: 'total',
};

function appealKindOf(headers: string): AppealKind | null {
  if (/复议后起诉/.test(headers)) return 'litigationAfterReconsideration';
  if (/未经复议|直接起诉/.test(headers)) return 'litigationDirect';
  if (/行政复议/.test(headers)) return 'reconsideration';
  return null;
}

function readTable4(grids: Grid[], report: AnnualReport): void {
  for (const grid of grids) {
    const header = findRow(grid, (cells) => cells.includes('结果维持') && cells.includes('尚未审结'));
    if (header < 0) continue;
    const cells = grid.rows[header]!.map(normaliseCell);
    const fieldCols = cells.flatMap((text, col) => (APPEAL_FIELD_LABELS[text] ? [col] : []));
    if (fieldCols.length !== 15)
      throw new ReportReadError(`${grid.name}: table 四 has ${fieldCols.length} result columns, not 15`);
    let kinds = fieldCols.map((col) =>
      appealKindOf(
        grid.rows
          .slice(Math.max(0, header - 3), header)
          .map((r) => normaliseCell(r[col] ?? ''))
          .join('|'),
      ),
    );
    // Without merged cells the group headers stand over the first column only: fall back on the order.
    if (APPEAL_KINDS.some((kind) => kinds.filter((k) => k === kind).length !== 5))
      kinds = fieldCols.map((_, i) => APPEAL_KINDS[Math.floor(i / 5)]!);
    const dataRow = grid.rows
      .slice(header + 1)
      .find((row) => fieldCols.some((col) => /\d/.test(normaliseCell(row[col] ?? ''))));
    if (!dataRow) throw new ReportReadError(`${grid.name}: table 四 has no row of figures`);
    fieldCols.forEach((col, i) => {
      const field = APPEAL_FIELD_LABELS[cells[col]!]!;
      report.appeals[kinds[i]!][field] = parseCellNumber(
        dataRow[col] ?? '',
        `${grid.name}, table 四 ${kinds[i]}.${field}`,
      );
    });
    return;
  }
  throw new ReportReadError(
    'no table 四 found (a header row with 结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计)',
  );
}

// ---------------------------------------------------------------------------------------------
// Section 二
// ---------------------------------------------------------------------------------------------

type ProactiveTarget = 'regulations' | 'normativeDocuments' | 'licensing' | 'penalty' | 'coercion' | 'fees';
const PROACTIVE_ROWS: Record<string, ProactiveTarget> = {
  规章: 'regulations',
  行政规范性文件: 'normativeDocuments',
  规范性文件: 'normativeDocuments',
  行政许可: 'licensing',
  行政处罚: 'penalty',
  行政强制: 'coercion',
  行政事业性收费: 'fees',
};
/** Section 二 column headers → field; 2019 columns map where they can (对外公开总数量 stands for 现行有效). */
const PROACTIVE_COLUMNS: [RegExp, string][] = [
  [/本年制发件数|本年新制作数量/, 'issued'],
  [/本年废止件数/, 'abolished'],
  [/现行有效件数|对外公开总数量/, 'valid'],
  [/处理决定数量/, 'decisions'],
  [/收费金额/, 'amountWanYuan'],
];

function readSection2(grids: Grid[], report: AnnualReport, notes: string[]): void {
  let seen = 0;
  let format2019 = false;
  for (const grid of grids) {
    let headerFields = new Map<number, string>();
    for (const row of grid.rows) {
      const cells = row.map(normaliseCell);
      if (cells.includes('信息内容')) {
        headerFields = new Map();
        cells.forEach((text, col) => {
          if (/本年新制作数量|上一年项目数量/.test(text)) format2019 = true;
          const field = PROACTIVE_COLUMNS.find(([pattern]) => pattern.test(text))?.[1];
          if (field && ![...headerFields.values()].includes(field)) headerFields.set(col, field);
        });
        continue;
      }
      const labelCol = cells.findIndex((text) => text !== '');
      const target = labelCol >= 0 ? PROACTIVE_ROWS[cells[labelCol]!] : undefined;
      if (!target || headerFields.size === 0) continue;
      seen++;
      const where = `${grid.name}, section 二 row ${cells[labelCol]}`;
      const record = report.proactive[target] as Record<string, number>;
      for (const [col, field] of headerFields) {
        if (col <= labelCol || !(field in record)) continue;
        record[field] = parseCellNumber(row[col] ?? '', `${where}, ${field}`);
      }
    }
  }
  if (seen === 0) notes.push('section 二 not found: its figures are taken as 0');
  else if (format2019)
    notes.push(
      '2019 format: section 二 read as 本年新制作数量 → issued, 对外公开总数量 → valid; 废止 and 收费金额 as 0',
    );
}

// ---------------------------------------------------------------------------------------------

/** "2015年东莞市政府信息公开工作年度报告" → year 2015 and the organisation's name. */
export function titleFacts(text: string): { year: number | null; orgName: string | null } {
  const m = /((?:19|20)\d{2})年度?(.{0,40}?)政府信息公开(?:工作)?年度报告/.exec(
    normaliseCell(text.slice(0, 2000)),
  );
  if (!m) return { year: null, orgName: null };
  return { year: Number(m[1]), orgName: m[2] ? m[2] : null };
}

/** A report from the grids of a national-layout file and its prose. Throws `ReportReadError`. */
export function reportFromGrids(grids: Grid[], source: { title: string; narrative: string }): ReadReport {
  const notes: string[] = [];
  const facts = titleFacts(`${source.title}\n${source.narrative}`);
  const report = emptyReport({ code: '', name: facts.orgName ?? '' }, facts.year ?? 0, 'self');
  if (facts.year === null)
    notes.push('no year found in the title: the cross-year check cannot compare years');
  for (const row of APPLICATION_ROWS) report.applications.rows[row] = zeroCounts();
  readTable3(grids, report, notes);
  readTable4(grids, report);
  readSection2(grids, report, notes);
  report.narrative = { overview: source.narrative, problems: '', other: '' };
  return { report, notes };
}
