import {
  APPEAL_FIELDS,
  APPEAL_KINDS,
  APPLICANT_COLUMNS,
  OUTCOME_CODES,
  addCounts,
  outcomeGroupOf,
  toFormat2019,
  type AnnualReport,
  type ApplicationRow,
  type OutcomeGroup,
} from '../annual-report.js';
import { REPORT_MESSAGES } from '../annual-report.messages.js';

/**
 * The three tables of the national format (国办公开办函〔2021〕30号; 2019 on request) as one model that
 * the HTML, Word and Excel writers all print: rows of cells with spans, each cell marked as a column
 * header, a row header or a figure, so the HTML gets `th scope` and the spreadsheet its merged cells.
 * Labels come from annual-report.messages.ts. The layout is the one `readers/national-layout.ts`
 * reads back (and that fixtures/report-fixtures.ts writes).
 */

export type CellRole = 'col' | 'colgroup' | 'row' | 'rowgroup' | 'data' | 'corner';

export interface TableCell {
  text: string;
  /** A figure: printed right-aligned; in Excel a number. */
  value?: number;
  colspan?: number;
  rowspan?: number;
  role: CellRole;
}

export interface NationalTable {
  id: 'proactive' | 'applications' | 'appeals';
  /** The section heading, also the caption. */
  caption: string;
  /** Header rows (thead) then body rows (tbody). */
  head: TableCell[][];
  body: TableCell[][];
  /** Number of grid columns. */
  width: number;
}

export interface TableOptions {
  /** Print table 三 with the 2019 format's single （六）其他处理 row. */
  format2019?: boolean;
  locale?: 'zh-CN' | 'en';
}

const label = (key: string, locale: 'zh-CN' | 'en' = 'zh-CN'): string => {
  const m = REPORT_MESSAGES[key];
  if (!m) throw new Error(`No report label ${key}`);
  return m[locale];
};

const fig = (n: number, extra: Partial<TableCell> = {}): TableCell => ({
  text: String(n),
  value: n,
  role: 'data',
  ...extra,
});

function groupSize(group: OutcomeGroup): number {
  return OUTCOME_CODES.filter((c) => outcomeGroupOf(c) === group).length;
}

/** Section 二 (2021 format): four small tables stacked in one grid of 4 columns. */
export function proactiveTable(report: AnnualReport, options: TableOptions = {}): NationalTable {
  const l = (k: string) => label(k, options.locale);
  const p = report.proactive;
  const heading = (key: string): TableCell[] => [{ text: l(key), colspan: 4, role: 'colgroup' }];
  const docRow = (key: string, d: { issued: number; abolished: number; valid: number }): TableCell[] => [
    { text: l(key), role: 'row' },
    fig(d.issued),
    fig(d.abolished),
    fig(d.valid),
  ];
  const oneFigure = (key: string, n: number): TableCell[] => [
    { text: l(key), role: 'row' },
    fig(n, { colspan: 3 }),
  ];
  const subHead = (key: string): TableCell[] => [
    { text: l('reports.proactive.content'), role: 'col' },
    { text: l(key), colspan: 3, role: 'col' },
  ];
  return {
    id: 'proactive',
    caption: l('reports.section.proactive'),
    width: 4,
    head: [],
    body: [
      heading('reports.proactive.item_1'),
      [
        { text: l('reports.proactive.content'), role: 'col' },
        { text: l('reports.proactive.issued'), role: 'col' },
        { text: l('reports.proactive.abolished'), role: 'col' },
        { text: l('reports.proactive.valid'), role: 'col' },
      ],
      docRow('reports.proactive.regulations', p.regulations),
      docRow('reports.proactive.normativeDocuments', p.normativeDocuments),
      heading('reports.proactive.item_5'),
      subHead('reports.proactive.decisions'),
      oneFigure('reports.proactive.licensing', p.licensing.decisions),
      heading('reports.proactive.item_6'),
      subHead('reports.proactive.decisions'),
      oneFigure('reports.proactive.penalty', p.penalty.decisions),
      oneFigure('reports.proactive.coercion', p.coercion.decisions),
      heading('reports.proactive.item_8'),
      subHead('reports.proactive.amount'),
      [{ text: l('reports.proactive.fees'), role: 'row' }, fig(p.fees.amountWanYuan, { colspan: 3 })],
    ],
  };
}

/** Section 二 in the 2019 format (cn-rules §2.2); columns the 2021 data has no source for stay blank. */
export function proactiveTable2019(report: AnnualReport, options: TableOptions = {}): NationalTable {
  const l = (k: string) => label(k, options.locale);
  const p = toFormat2019(report).proactive;
  const maybe = (n: number | null, extra: Partial<TableCell> = {}): TableCell =>
    n === null ? { text: '', role: 'data', ...extra } : fig(n, extra);
  const heading = (key: string): TableCell[] => [{ text: l(key), colspan: 4, role: 'colgroup' }];
  const head = (...keys: string[]): TableCell[] => [
    { text: l('reports.proactive.content'), role: 'col' },
    ...keys.map((k, i) => ({
      text: l(k),
      role: 'col' as const,
      ...(keys.length === 2 && i === 1 ? { colspan: 2 } : {}),
    })),
  ];
  const project = (
    key: string,
    d: { previousProjects: number | null; change: number | null; decisions: number | null },
  ) => [
    { text: l(key), role: 'row' as const },
    maybe(d.previousProjects),
    maybe(d.change),
    maybe(d.decisions),
  ];
  return {
    id: 'proactive',
    caption: l('reports.section.proactive'),
    width: 4,
    head: [],
    body: [
      heading('reports.proactive.item_1'),
      head(
        'reports.proactive2019.produced',
        'reports.proactive2019.published',
        'reports.proactive2019.total_public',
      ),
      [
        { text: l('reports.proactive.regulations'), role: 'row' },
        fig(p.regulations.produced),
        fig(p.regulations.published),
        maybe(p.regulations.totalPublic),
      ],
      [
        { text: l('reports.proactive2019.normative_documents'), role: 'row' },
        fig(p.normativeDocuments.produced),
        fig(p.normativeDocuments.published),
        maybe(p.normativeDocuments.totalPublic),
      ],
      heading('reports.proactive.item_5'),
      head(
        'reports.proactive2019.previous_projects',
        'reports.proactive2019.change',
        'reports.proactive2019.decisions',
      ),
      project('reports.proactive.licensing', p.licensing),
      project('reports.proactive2019.other_services', p.otherServices),
      heading('reports.proactive.item_6'),
      head(
        'reports.proactive2019.previous_projects',
        'reports.proactive2019.change',
        'reports.proactive2019.decisions',
      ),
      project('reports.proactive.penalty', p.penalty),
      project('reports.proactive.coercion', p.coercion),
      heading('reports.proactive.item_8'),
      [
        { text: l('reports.proactive.content'), role: 'col' },
        { text: l('reports.proactive2019.previous_projects'), role: 'col' },
        { text: l('reports.proactive2019.change'), colspan: 2, role: 'col' },
      ],
      [
        { text: l('reports.proactive.fees'), role: 'row' },
        maybe(p.fees.previousProjects),
        maybe(p.fees.change, { colspan: 2 }),
      ],
      heading('reports.proactive.item_9'),
      [
        { text: l('reports.proactive.content'), role: 'col' },
        { text: l('reports.proactive2019.procurement_projects'), role: 'col' },
        { text: l('reports.proactive2019.procurement_amount'), colspan: 2, role: 'col' },
      ],
      [
        { text: l('reports.proactive2019.procurement'), role: 'row' },
        maybe(p.procurement.projects),
        maybe(p.procurement.amountWanYuan, { colspan: 2 }),
      ],
    ],
  };
}

/** Table 三: three label columns (大项 / 小项 / 细项) then the seven applicant columns. */
export function applicationsTable(report: AnnualReport, options: TableOptions = {}): NationalTable {
  const l = (k: string) => label(k, options.locale);
  const rows = report.applications.rows;
  const figures = (counts: readonly number[]): TableCell[] => counts.map((n) => fig(n));
  const figuresOf = (row: ApplicationRow) => figures(rows[row]);
  const head: TableCell[][] = [
    [
      { text: l('reports.table3.balance_note'), colspan: 3, rowspan: 3, role: 'corner' },
      { text: l('reports.table3.applicant'), colspan: 7, role: 'colgroup' },
    ],
    [
      { text: l('reports.column.natural_person'), rowspan: 2, role: 'col' },
      { text: l('reports.table3.legal_persons'), colspan: 5, role: 'colgroup' },
      { text: l('reports.column.total'), rowspan: 2, role: 'col' },
    ],
    APPLICANT_COLUMNS.slice(1, 6).map((c) => ({ text: l(`reports.column.${c}`), role: 'col' as const })),
  ];
  const body: TableCell[][] = [
    [{ text: l('reports.row.received'), colspan: 3, role: 'row' }, ...figuresOf('received')],
    [{ text: l('reports.row.carried_in'), colspan: 3, role: 'row' }, ...figuresOf('carried_in')],
  ];
  const results: TableCell[][] = [];
  for (const code of OUTCOME_CODES) {
    const group = outcomeGroupOf(code);
    if (group === 'granted' || group === 'partial') {
      results.push([{ text: l(`reports.row.${code}`), colspan: 2, role: 'row' }, ...figuresOf(code)]);
      continue;
    }
    if (group === 'other' && options.format2019) {
      if (code !== 'other.no_correction') continue;
      const sum = addCounts(rows['other.no_correction'], rows['other.fee_unpaid'], rows['other.other']);
      results.push([{ text: l('reports.row.other_2019'), colspan: 2, role: 'row' }, ...figures(sum)]);
      continue;
    }
    const row: TableCell[] = [];
    if (OUTCOME_CODES.find((c) => outcomeGroupOf(c) === group) === code)
      row.push({ text: l(`reports.group.${group}`), rowspan: groupSize(group), role: 'rowgroup' });
    row.push({ text: l(`reports.row.${code}`), role: 'row' }, ...figuresOf(code));
    results.push(row);
  }
  results.push([{ text: l('reports.row.total'), colspan: 2, role: 'row' }, ...figuresOf('total')]);
  results[0]!.unshift({ text: l('reports.results'), rowspan: results.length, role: 'rowgroup' });
  body.push(...results, [
    { text: l('reports.row.carried_out'), colspan: 3, role: 'row' },
    ...figuresOf('carried_out'),
  ]);
  return { id: 'applications', caption: l('reports.section.applications'), width: 10, head, body };
}

/** Table 四: one row of 15 figures under three groups of five result columns. */
export function appealsTable(report: AnnualReport, options: TableOptions = {}): NationalTable {
  const l = (k: string) => label(k, options.locale);
  const fields = APPEAL_FIELDS.map((f) => ({ text: l(`reports.appeal_field.${f}`), role: 'col' as const }));
  return {
    id: 'appeals',
    caption: l('reports.section.appeals'),
    width: 15,
    head: [
      [
        { text: l('reports.appeal.reconsideration'), colspan: 5, rowspan: 2, role: 'colgroup' },
        { text: l('reports.appeal.litigation'), colspan: 10, role: 'colgroup' },
      ],
      [
        { text: l('reports.appeal.litigationDirect'), colspan: 5, role: 'colgroup' },
        { text: l('reports.appeal.litigationAfterReconsideration'), colspan: 5, role: 'colgroup' },
      ],
      [...fields, ...fields, ...fields],
    ],
    body: [APPEAL_KINDS.flatMap((kind) => APPEAL_FIELDS.map((f) => fig(report.appeals[kind][f])))],
  };
}

export function nationalTables(report: AnnualReport, options: TableOptions = {}): NationalTable[] {
  return [
    options.format2019 ? proactiveTable2019(report, options) : proactiveTable(report, options),
    applicationsTable(report, options),
    appealsTable(report, options),
  ];
}

/** "2025年示例市示例局政府信息公开工作年度报告" (the form report-check's reader takes the year and name from). */
export function reportTitle(report: AnnualReport): string {
  return `${report.year}年${report.org.name}${label('reports.title')}`;
}

export const SECTION_KEYS = {
  overview: 'reports.section.overview',
  problems: 'reports.section.problems',
  other: 'reports.section.other',
} as const;

export function sectionHeading(
  key: keyof typeof SECTION_KEYS | NationalTable['id'],
  locale: 'zh-CN' | 'en' = 'zh-CN',
): string {
  const map: Record<string, string> = {
    ...SECTION_KEYS,
    proactive: 'reports.section.proactive',
    applications: 'reports.section.applications',
    appeals: 'reports.section.appeals',
  };
  return label(map[key]!, locale);
}

/** Paragraphs of a narrative part (blank lines dropped). */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * Cells placed on the grid: row/column index of each cell after the spans above it, as a writer of
 * merged cells (Excel, Word) needs them.
 */
export function placeCells(rows: TableCell[][]): { r: number; c: number; cell: TableCell }[][] {
  const taken = new Set<string>();
  return rows.map((row, r) => {
    let c = 0;
    return row.map((cell) => {
      while (taken.has(`${r}:${c}`)) c++;
      const placed = { r, c, cell };
      for (let dr = 0; dr < (cell.rowspan ?? 1); dr++)
        for (let dc = 0; dc < (cell.colspan ?? 1); dc++) taken.add(`${r + dr}:${c + dc}`);
      c += cell.colspan ?? 1;
      return placed;
    });
  });
}
