import { z } from 'zod';

/**
 * The annual report of one organisation for one calendar year, as the JSON of contracts §3
 * (`gov-info-annual-report/2021`). This file is the fixed contract: the type, a strict parser, the
 * row and column order of table 三, and the mapping to and from the 2019 national format.
 */

export const REPORT_FORMAT = 'gov-info-annual-report/2021' as const;

/** The seven columns of table 三, in contract order; `total` is the sum of the first six. */
export const APPLICANT_COLUMNS = [
  'natural_person',
  'commercial_enterprise',
  'research_institution',
  'public_interest_org',
  'legal_service_org',
  'other_org',
  'total',
] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number];
/** The six applicant types that are stored (every column but `total`). */
export const APPLICANT_TYPES = APPLICANT_COLUMNS.slice(0, 6) as readonly Exclude<ApplicantColumn, 'total'>[];

/** The 21 outcome codes in contract order (contracts §1), one per row （一）…（六）3. */
export const OUTCOME_CODES = [
  'granted',
  'partial',
  'withheld.state_secret',
  'withheld.prohibited_by_law',
  'withheld.security_stability',
  'withheld.third_party_rights',
  'withheld.internal_affairs',
  'withheld.process_info',
  'withheld.enforcement_file',
  'withheld.query_matter',
  'unavailable.not_held',
  'unavailable.needs_creation',
  'unavailable.unclear_after_correction',
  'declined.complaint_petition',
  'declined.duplicate',
  'declined.publication',
  'declined.excessive',
  'declined.confirm_reissue',
  'other.no_correction',
  'other.fee_unpaid',
  'other.other',
] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];

/** Every row of table 三 in print order: 一 received, 二 carried in, 三 the outcomes and 总计, 四 carried out. */
export const APPLICATION_ROWS = ['received', 'carried_in', ...OUTCOME_CODES, 'total', 'carried_out'] as const;
export type ApplicationRow = (typeof APPLICATION_ROWS)[number];

/** The outcome groups of the 2021 format: （一）…（六）. */
export const OUTCOME_GROUPS = ['granted', 'partial', 'withheld', 'unavailable', 'declined', 'other'] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];
export function outcomeGroupOf(code: OutcomeCode): OutcomeGroup {
  return code.split('.')[0] as OutcomeGroup;
}

/** Seven integers, one per applicant column; the last is the sum of the first six. */
export type ApplicantCounts = [number, number, number, number, number, number, number];

export const APPEAL_KINDS = [
  'reconsideration',
  'litigationDirect',
  'litigationAfterReconsideration',
] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];
/** The columns of each group of table 四, in print order (结果维持, 结果纠正, 其他结果, 尚未审结, 总计). */
export const APPEAL_FIELDS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export type AppealField = (typeof APPEAL_FIELDS)[number];
export type AppealCounts = Record<AppealField, number>;

export const PROACTIVE_DOCUMENT_KINDS = ['regulations', 'normativeDocuments'] as const;
export const PROACTIVE_DECISION_KINDS = ['licensing', 'penalty', 'coercion'] as const;

export const CHECK_RULES = [
  'non-negative',
  'row-sum',
  'total-sum',
  'column-balance',
  'appeals-total',
  'proactive-counts',
  'carry-over',
  'narrative-consistency',
] as const;
export type CheckRule = (typeof CHECK_RULES)[number];

export interface ReportCheck {
  rule: CheckRule;
  ok: boolean;
  detail: string;
}

export type ReportScope = 'self' | 'aggregate';

export interface AnnualReport {
  format: typeof REPORT_FORMAT;
  year: number;
  org: { code: string; name: string };
  scope: ReportScope;
  proactive: {
    regulations: { issued: number; abolished: number; valid: number };
    normativeDocuments: { issued: number; abolished: number; valid: number };
    licensing: { decisions: number };
    penalty: { decisions: number };
    coercion: { decisions: number };
    fees: { amountWanYuan: number };
  };
  applications: {
    columns: ApplicantColumn[];
    rows: Record<ApplicationRow, ApplicantCounts>;
  };
  appeals: Record<AppealKind, AppealCounts>;
  narrative: { overview: string; problems: string; other: string };
  checks: ReportCheck[];
}

// ---------------------------------------------------------------------------------------------
// Strict parser
// ---------------------------------------------------------------------------------------------

// Integers are required; a negative count parses (so that the validator can name it under
// `non-negative`), anything else that is not an integer is refused here with its path.
const count = z.number().int();
const counts7 = z.tuple([count, count, count, count, count, count, count]);
const docCounts = z.strictObject({ issued: count, abolished: count, valid: count });
const decisions = z.strictObject({ decisions: count });
const appeal = z.strictObject({
  upheld: count,
  corrected: count,
  other: count,
  pending: count,
  total: count,
});

const rowsShape = Object.fromEntries(APPLICATION_ROWS.map((row) => [row, counts7])) as Record<
  ApplicationRow,
  typeof counts7
>;

export const annualReportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  year: z.number().int().min(1900).max(9999),
  org: z.strictObject({ code: z.string(), name: z.string() }),
  scope: z.enum(['self', 'aggregate']),
  proactive: z.strictObject({
    regulations: docCounts,
    normativeDocuments: docCounts,
    licensing: decisions,
    penalty: decisions,
    coercion: decisions,
    fees: z.strictObject({ amountWanYuan: z.number().finite() }),
  }),
  applications: z.strictObject({
    columns: z.tuple(
      APPLICANT_COLUMNS.map((c) => z.literal(c)) as unknown as [z.ZodLiteral<ApplicantColumn>],
    ),
    rows: z.strictObject(rowsShape),
  }),
  appeals: z.strictObject({
    reconsideration: appeal,
    litigationDirect: appeal,
    litigationAfterReconsideration: appeal,
  }),
  narrative: z.strictObject({ overview: z.string(), problems: z.string(), other: z.string() }),
  checks: z.array(z.strictObject({ rule: z.enum(CHECK_RULES), ok: z.boolean(), detail: z.string() })),
});

/** One refusal of the parser: the JSON path (`applications.rows.granted[7]`) and the reason. */
export interface ReportProblem {
  path: string;
  message: string;
}

export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

export type ParseReportResult = { ok: true; report: AnnualReport } | { ok: false; problems: ReportProblem[] };

/** Parses the contract JSON strictly: unknown keys, wrong row lengths and non-integers are refused by path. */
export function parseAnnualReport(value: unknown): ParseReportResult {
  const result = annualReportSchema.safeParse(value);
  if (result.success) return { ok: true, report: result.data };
  const problems = result.error.issues.flatMap((issue): ReportProblem[] => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: formatJsonPath([...issue.path, key]),
        message: 'unknown key',
      }));
    return [{ path: formatJsonPath(issue.path), message: issue.message }];
  });
  return { ok: false, problems };
}

// ---------------------------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------------------------

export function zeroCounts(): ApplicantCounts {
  return [0, 0, 0, 0, 0, 0, 0];
}

function zeroAppeal(): AppealCounts {
  return { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 };
}

/** A report with every figure 0, empty narrative and no checks yet. */
export function emptyReport(
  org: { code: string; name: string },
  year: number,
  scope: ReportScope,
): AnnualReport {
  return {
    format: REPORT_FORMAT,
    year,
    org: { code: org.code, name: org.name },
    scope,
    proactive: {
      regulations: { issued: 0, abolished: 0, valid: 0 },
      normativeDocuments: { issued: 0, abolished: 0, valid: 0 },
      licensing: { decisions: 0 },
      penalty: { decisions: 0 },
      coercion: { decisions: 0 },
      fees: { amountWanYuan: 0 },
    },
    applications: {
      columns: [...APPLICANT_COLUMNS],
      rows: Object.fromEntries(APPLICATION_ROWS.map((row) => [row, zeroCounts()])) as Record<
        ApplicationRow,
        ApplicantCounts
      >,
    },
    appeals: {
      reconsideration: zeroAppeal(),
      litigationDirect: zeroAppeal(),
      litigationAfterReconsideration: zeroAppeal(),
    },
    narrative: { overview: '', problems: '', other: '' },
    checks: [],
  };
}

/** Six stored counts → the seven-column row with its 总计. */
export function countsWithTotal(six: readonly number[]): ApplicantCounts {
  const c = [0, 1, 2, 3, 4, 5].map((i) => six[i] ?? 0);
  return [c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c.reduce((a, b) => a + b, 0)];
}

/** Element-wise sum of seven-column rows. */
export function addCounts(...rows: readonly (readonly number[])[]): ApplicantCounts {
  const out = zeroCounts();
  for (const row of rows) for (let i = 0; i < 7; i++) out[i] = out[i]! + (row[i] ?? 0);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The 2019 format
// ---------------------------------------------------------------------------------------------

/** Table 三 rows of the 2019 format: as 2021, but （六）其他处理 is one row (`other`). */
export const APPLICATION_ROWS_2019 = [
  'received',
  'carried_in',
  ...OUTCOME_CODES.filter((c) => !c.startsWith('other.')),
  'other',
  'total',
  'carried_out',
] as const;
export type ApplicationRow2019 = (typeof APPLICATION_ROWS_2019)[number];

/**
 * Section 二 of the 2019 format (cn-rules §2.2). Columns the 2021 report does not carry (project
 * counts of the previous year and their change, 政府集中采购) are `null` unless supplied.
 */
export interface Proactive2019 {
  /** 第二十条第（一）项: 本年新制作数量 / 本年新公开数量 / 对外公开总数量. */
  regulations: { produced: number; published: number; totalPublic: number | null };
  normativeDocuments: { produced: number; published: number; totalPublic: number | null };
  /** 第二十条第（五）项 and （六）项: 上一年项目数量 / 本年增/减 / 处理决定数量. */
  licensing: { previousProjects: number | null; change: number | null; decisions: number };
  otherServices: { previousProjects: number | null; change: number | null; decisions: number | null };
  penalty: { previousProjects: number | null; change: number | null; decisions: number };
  coercion: { previousProjects: number | null; change: number | null; decisions: number };
  /** 第二十条第（八）项: 上一年项目数量 / 本年增/减 (the 2019 format has no amount). */
  fees: { previousProjects: number | null; change: number | null };
  /** 第二十条第（九）项: 采购项目数量 / 采购总金额. */
  procurement: { projects: number | null; amountWanYuan: number | null };
}

export interface AnnualReport2019 {
  year: number;
  org: { code: string; name: string };
  scope: ReportScope;
  proactive: Proactive2019;
  applications: { columns: ApplicantColumn[]; rows: Record<ApplicationRow2019, ApplicantCounts> };
  appeals: Record<AppealKind, AppealCounts>;
  narrative: { overview: string; problems: string; other: string };
}

/** Figures of the 2019 section 二 that the 2021 report does not hold; supply them when known. */
export type Proactive2019Extra = {
  [K in keyof Proactive2019]?: Partial<Proactive2019[K]>;
};

/**
 * The 2019 national format of a report: table 三 with the single （六）其他处理 row (the sum of the
 * three `other.*` rows), table 四 unchanged, and section 二 in the 2019 columns. In Gongkai a
 * 规章/规范性文件 is counted as issued when it is published, so 本年新制作数量 and 本年新公开数量 are
 * both `issued`, and 对外公开总数量 is taken as the documents in force (`valid`) unless `extra` says
 * otherwise; columns with no source in the 2021 data stay `null`.
 */
export function toFormat2019(report: AnnualReport, extra: Proactive2019Extra = {}): AnnualReport2019 {
  const r = report.applications.rows;
  const rows = {} as Record<ApplicationRow2019, ApplicantCounts>;
  for (const row of APPLICATION_ROWS_2019) {
    rows[row] =
      row === 'other'
        ? addCounts(r['other.no_correction'], r['other.fee_unpaid'], r['other.other'])
        : [...r[row]];
  }
  const p = report.proactive;
  const doc = (d: { issued: number; valid: number }) => ({
    produced: d.issued,
    published: d.issued,
    totalPublic: d.valid,
  });
  const proactive: Proactive2019 = {
    regulations: { ...doc(p.regulations), ...extra.regulations },
    normativeDocuments: { ...doc(p.normativeDocuments), ...extra.normativeDocuments },
    licensing: { previousProjects: null, change: null, decisions: p.licensing.decisions, ...extra.licensing },
    otherServices: { previousProjects: null, change: null, decisions: null, ...extra.otherServices },
    penalty: { previousProjects: null, change: null, decisions: p.penalty.decisions, ...extra.penalty },
    coercion: { previousProjects: null, change: null, decisions: p.coercion.decisions, ...extra.coercion },
    fees: { previousProjects: null, change: null, ...extra.fees },
    procurement: { projects: null, amountWanYuan: null, ...extra.procurement },
  };
  return {
    year: report.year,
    org: { ...report.org },
    scope: report.scope,
    proactive,
    applications: { columns: [...APPLICANT_COLUMNS], rows },
    appeals: structuredClone(report.appeals),
    narrative: { ...report.narrative },
  };
}

/**
 * The inverse of `toFormat2019` where the data allows: the single （六） row cannot be split and is
 * put under `other.other`; 本年废止件数 and 本年收费金额 do not exist in 2019 and become 0. `lossy`
 * names each field so filled.
 */
export function fromFormat2019(report: AnnualReport2019): { report: AnnualReport; lossy: string[] } {
  const out = emptyReport(report.org, report.year, report.scope);
  const lossy: string[] = [];
  for (const row of APPLICATION_ROWS_2019) {
    if (row === 'other') continue;
    out.applications.rows[row] = [...report.applications.rows[row]];
  }
  out.applications.rows['other.other'] = [...report.applications.rows.other];
  if (report.applications.rows.other.some((n) => n !== 0))
    lossy.push('applications.rows.other.* (the 2019 （六）其他处理 row is counted under other.other)');
  const p = report.proactive;
  for (const kind of PROACTIVE_DOCUMENT_KINDS) {
    out.proactive[kind] = { issued: p[kind].produced, abolished: 0, valid: p[kind].totalPublic ?? 0 };
    lossy.push(`proactive.${kind}.abolished`);
    if (p[kind].totalPublic === null) lossy.push(`proactive.${kind}.valid`);
  }
  out.proactive.licensing.decisions = p.licensing.decisions;
  out.proactive.penalty.decisions = p.penalty.decisions;
  out.proactive.coercion.decisions = p.coercion.decisions;
  lossy.push('proactive.fees.amountWanYuan');
  out.appeals = structuredClone(report.appeals);
  out.narrative = { ...report.narrative };
  return { report: out, lossy };
}
