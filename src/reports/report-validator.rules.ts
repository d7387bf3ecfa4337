import {
  APPEAL_FIELDS,
  APPEAL_KINDS,
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  OUTCOME_CODES,
  PROACTIVE_DECISION_KINDS,
  PROACTIVE_DOCUMENT_KINDS,
  outcomeGroupOf,
  type AnnualReport,
  type ApplicationRow,
  type ReportCheck,
} from './annual-report.js';
import {
  checkNarrativePercentages,
  extractNarrativeClaims,
  type NarrativeMetric,
} from './narrative.rules.js';

/**
 * The validator of an annual report (cn-rules §2.5): pure, one `ReportCheck` per rule, in a fixed
 * order. Rule ids are stable; the report's `checks` array is exactly this list.
 */

export interface ValidateOptions {
  /** Last year's report: adds `carry-over`. */
  previous?: AnnualReport;
}

const TOTAL = APPLICANT_COLUMNS.length - 1;
const MAX_LISTED = 8;

function listProblems(problems: string[]): string {
  const shown = problems.slice(0, MAX_LISTED).join('; ');
  return problems.length > MAX_LISTED ? `${shown}; and ${problems.length - MAX_LISTED} more` : shown;
}

function result(rule: ReportCheck['rule'], problems: string[], okDetail: string): ReportCheck {
  return problems.length === 0
    ? { rule, ok: true, detail: okDetail }
    : { rule, ok: false, detail: listProblems(problems) };
}

const isCount = (n: number) => Number.isInteger(n) && n >= 0;
const fmt = (n: number) => (Number.isFinite(n) ? String(n) : 'not a number');
const cell = (row: ApplicationRow, col: number) => `${row}[${APPLICANT_COLUMNS[col]}]`;

/** All table figures are non-negative integers (the fee amount in 万元 may have decimals). */
export function checkNonNegative(report: AnnualReport): ReportCheck {
  const problems: string[] = [];
  for (const row of APPLICATION_ROWS)
    report.applications.rows[row].forEach((n, col) => {
      if (!isCount(n)) problems.push(`${cell(row, col)} = ${fmt(n)}`);
    });
  for (const kind of APPEAL_KINDS)
    for (const field of APPEAL_FIELDS) {
      const n = report.appeals[kind][field];
      if (!isCount(n)) problems.push(`appeals.${kind}.${field} = ${fmt(n)}`);
    }
  return result('non-negative', problems, 'every figure of tables 三 and 四 is a non-negative integer');
}

/** Each row of table 三: 总计 = the sum of the six applicant columns. */
export function checkRowSums(report: AnnualReport): ReportCheck {
  const problems: string[] = [];
  for (const row of APPLICATION_ROWS) {
    const r = report.applications.rows[row];
    const sum = r.slice(0, TOTAL).reduce((a, b) => a + b, 0);
    if (sum !== r[TOTAL])
      problems.push(`${row}: ${r.slice(0, TOTAL).join(' + ')} = ${sum}, but total is ${r[TOTAL]}`);
  }
  return result(
    'row-sum',
    problems,
    `each of the ${APPLICATION_ROWS.length} rows: total = sum of the six columns`,
  );
}

/** （七）总计 = the sum of the 21 outcome rows, per column. */
export function checkTotalSums(report: AnnualReport): ReportCheck {
  const rows = report.applications.rows;
  const problems: string[] = [];
  APPLICANT_COLUMNS.forEach((column, col) => {
    const sum = OUTCOME_CODES.reduce((acc, code) => acc + rows[code][col]!, 0);
    if (sum !== rows.total[col])
      problems.push(`${column}: outcomes sum to ${sum}, but （七）总计 is ${rows.total[col]}`);
  });
  return result('total-sum', problems, 'in every column （七）总计 = the sum of the 21 outcome rows');
}

/** 一 + 二 = 三（七）总计 + 四, per column (stated in the table itself). */
export function checkColumnBalance(report: AnnualReport): ReportCheck {
  const rows = report.applications.rows;
  const problems: string[] = [];
  APPLICANT_COLUMNS.forEach((column, col) => {
    const inflow = rows.received[col]! + rows.carried_in[col]!;
    const outflow = rows.total[col]! + rows.carried_out[col]!;
    if (inflow !== outflow)
      problems.push(
        `${column}: received ${rows.received[col]} + carried in ${rows.carried_in[col]} = ${inflow}, ` +
          `but total ${rows.total[col]} + carried out ${rows.carried_out[col]} = ${outflow}`,
      );
  });
  const t = TOTAL;
  return result(
    'column-balance',
    problems,
    `received + carried in = total + carried out in all 7 columns (总计: ${rows.received[t]} + ${rows.carried_in[t]} = ${rows.total[t]} + ${rows.carried_out[t]})`,
  );
}

/** Table 四: each group's 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结. */
export function checkAppealsTotals(report: AnnualReport): ReportCheck {
  const problems: string[] = [];
  for (const kind of APPEAL_KINDS) {
    const a = report.appeals[kind];
    const sum = a.upheld + a.corrected + a.other + a.pending;
    if (sum !== a.total)
      problems.push(
        `${kind}: ${a.upheld} + ${a.corrected} + ${a.other} + ${a.pending} = ${sum}, but total is ${a.total}`,
      );
  }
  return result(
    'appeals-total',
    problems,
    'reconsideration and both litigation groups: total = the sum of the results',
  );
}

/** Section 二: document and decision counts are non-negative integers, the fee amount a non-negative number. */
export function checkProactiveCounts(report: AnnualReport): ReportCheck {
  const p = report.proactive;
  const problems: string[] = [];
  for (const kind of PROACTIVE_DOCUMENT_KINDS)
    for (const field of ['issued', 'abolished', 'valid'] as const)
      if (!isCount(p[kind][field])) problems.push(`proactive.${kind}.${field} = ${fmt(p[kind][field])}`);
  for (const kind of PROACTIVE_DECISION_KINDS)
    if (!isCount(p[kind].decisions)) problems.push(`proactive.${kind}.decisions = ${fmt(p[kind].decisions)}`);
  const fee = p.fees.amountWanYuan;
  if (!Number.isFinite(fee) || fee < 0) problems.push(`proactive.fees.amountWanYuan = ${fmt(fee)}`);
  return result(
    'proactive-counts',
    problems,
    'section 二: issued, abolished, in-force and decision counts are non-negative integers; the fee amount is not negative',
  );
}

/** This year's 二、上年结转 = last year's 四、结转下年度继续办理, per column. */
export function checkCarryOver(report: AnnualReport, previous: AnnualReport): ReportCheck {
  const problems: string[] = [];
  if (report.year > 0 && previous.year > 0 && previous.year !== report.year - 1)
    problems.push(`the previous report is for ${previous.year}, not ${report.year - 1}`);
  APPLICANT_COLUMNS.forEach((column, col) => {
    const now = report.applications.rows.carried_in[col]!;
    const before = previous.applications.rows.carried_out[col]!;
    if (now !== before) problems.push(`${column}: carried in ${now}, but last year carried out ${before}`);
  });
  return result(
    'carry-over',
    problems,
    `carried in equals last year's carried out in all 7 columns (总计 ${report.applications.rows.carried_in[TOTAL]})`,
  );
}

/** The table figure a narrative metric stands for. */
export function tableValueOf(report: AnnualReport, metric: NarrativeMetric): number {
  const rows = report.applications.rows;
  const t = (row: ApplicationRow) => rows[row][TOTAL]!;
  const group = (g: string) =>
    OUTCOME_CODES.filter((c) => outcomeGroupOf(c) === g).reduce((a, c) => a + t(c), 0);
  const lit = report.appeals.litigationDirect.total + report.appeals.litigationAfterReconsideration.total;
  const p = report.proactive;
  const values: Record<NarrativeMetric, number> = {
    received: t('received'),
    carried_in: t('carried_in'),
    closed: t('total'),
    carried_out: t('carried_out'),
    granted: t('granted'),
    partial: t('partial'),
    granted_partial: t('granted') + t('partial'),
    withheld: group('withheld'),
    unavailable: group('unavailable'),
    declined: group('declined'),
    other: group('other'),
    reconsideration: report.appeals.reconsideration.total,
    litigation: lit,
    regulations_issued: p.regulations.issued,
    regulations_abolished: p.regulations.abolished,
    regulations_valid: p.regulations.valid,
    normative_issued: p.normativeDocuments.issued,
    normative_abolished: p.normativeDocuments.abolished,
    normative_valid: p.normativeDocuments.valid,
    licensing: p.licensing.decisions,
    penalty: p.penalty.decisions,
    coercion: p.coercion.decisions,
  };
  return values[metric];
}

const NARRATIVE_PARTS = ['overview', 'problems', 'other'] as const;

/**
 * Figures quoted in the narrative that contradict the tables ("收到…申请N件", "办结N件", "行政复议N件",
 * "予以公开N件"…, Arabic or Chinese numerals, with or without thousands commas, simplified or
 * traditional), and shares ("N件，占p%") that are not N of any total quoted before them or in the tables.
 */
export function checkNarrative(report: AnnualReport): ReportCheck {
  const rows = report.applications.rows;
  const problems: string[] = [];
  let compared = 0;
  const bases = [rows.received[TOTAL]!, rows.received[TOTAL]! + rows.carried_in[TOTAL]!, rows.total[TOTAL]!];
  for (const part of NARRATIVE_PARTS) {
    const text = report.narrative[part];
    if (text.trim() === '') continue;
    for (const claim of extractNarrativeClaims(text)) {
      compared++;
      const expected = tableValueOf(report, claim.metric);
      if (claim.value !== expected)
        problems.push(
          `“${claim.sentence}”: ${claim.quoted} (${claim.metric}) but the tables say ${expected}`,
        );
    }
    for (const share of checkNarrativePercentages(text, bases)) {
      compared++;
      problems.push(
        `“${share.sentence}”: ${share.count} is not ${share.percent}% of any total quoted before it`,
      );
    }
  }
  return result(
    'narrative-consistency',
    problems,
    compared === 0
      ? 'the narrative quotes no figure that the tables hold'
      : `${compared} figure(s) quoted in the narrative agree with the tables`,
  );
}

/** Every check, in the fixed order of `CHECK_RULES`; `carry-over` only with a previous report. */
export function validateReport(report: AnnualReport, options: ValidateOptions = {}): ReportCheck[] {
  const checks = [
    checkNonNegative(report),
    checkRowSums(report),
    checkTotalSums(report),
    checkColumnBalance(report),
    checkAppealsTotals(report),
    checkProactiveCounts(report),
  ];
  if (options.previous) checks.push(checkCarryOver(report, options.previous));
  checks.push(checkNarrative(report));
  return checks;
}

/** The report with its `checks` filled by the validator. */
export function withChecks(report: AnnualReport, options: ValidateOptions = {}): AnnualReport {
  return { ...report, checks: validateReport(report, options) };
}

export function allChecksHold(checks: readonly ReportCheck[]): boolean {
  return checks.every((c) => c.ok);
}
