import ExcelJS from 'exceljs';
import { t, type Lang } from '../platform/i18n/i18n.js';
import type { AssessmentView } from './compute-assessment.js';
import type { QuarterResults, QuarterRules } from './quarter-results.js';
import './supervision.messages.js';

/** Formats a 0–1 rate as a percentage with one decimal, or null. */
export function formatRate(rate: number | null): string | null {
  return rate === null ? null : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

export function formatDays(days: number | null): string | null {
  return days === null ? null : String(Math.round(days * 10) / 10);
}

/** The cells of one quarter results row, as text (shared by the page, the Word file and tests). */
export function quarterRowCells(
  lang: Lang,
  row: QuarterResults['orgs'][number] | (QuarterResults['total'] & { rank?: number | null }),
  minCount: number,
): string[] {
  const hidden =
    row.answered === 0
      ? t(lang, 'supervision.no_answers')
      : t(lang, 'supervision.below_minimum', { min: minCount });
  return [
    'rank' in row && row.rank != null ? String(row.rank) : '—',
    String(row.answered),
    String(row.answeredLate),
    formatRate(row.onTimeRate) ?? hidden,
    formatDays(row.medianDays) ?? '—',
    formatDays(row.p90Days) ?? '—',
    String(row.overdue),
    String(row.correctionsLate),
    String(row.consultationsPastWindow),
    String(row.itemsLate),
  ];
}

export const QUARTER_COLUMNS = [
  'supervision.col.rank',
  'supervision.col.answered',
  'supervision.col.answered_late',
  'supervision.col.on_time_rate',
  'supervision.col.median',
  'supervision.col.p90',
  'supervision.col.overdue',
  'supervision.col.corrections_late',
  'supervision.col.consultations',
  'supervision.col.items_late',
];

export function findingTexts(lang: Lang, row: QuarterResults['orgs'][number]): string[] {
  return row.findings.map((f) => t(lang, `supervision.finding.${f.key}`, { count: f.count }));
}

/** The published quarter as a Word document: title, period, ranking table, findings, rules. */
export async function renderQuarterDocx(
  quarter: string,
  rules: QuarterRules,
  results: QuarterResults,
  siteName: string,
): Promise<Buffer> {
  const {
    AlignmentType,
    BorderStyle,
    Document,
    HeadingLevel,
    Packer,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    TextRun,
    WidthType,
  } = await import('docx');
  const lang: Lang = 'zh-CN';
  const font = { ascii: 'SimSun', eastAsia: '仿宋_GB2312', hAnsi: 'SimSun' };
  const p = (text: string, opts: { bold?: boolean; center?: boolean } = {}) =>
    new Paragraph({
      ...(opts.center ? { alignment: AlignmentType.CENTER } : {}),
      children: [new TextRun({ text, font, size: 24, bold: opts.bold ?? false })],
    });
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, bold = false) =>
    new TableCell({
      borders,
      children: [new Paragraph({ children: [new TextRun({ text, font, size: 18, bold })] })],
    });
  const header = [t(lang, 'supervision.org'), ...QUARTER_COLUMNS.map((k) => t(lang, k))];
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...results.orgs.map(
        (o) =>
          new TableRow({
            children: [cell(o.name), ...quarterRowCells(lang, o, rules.minCount).map((c) => cell(c))],
          }),
      ),
      new TableRow({
        children: [
          cell(t(lang, 'supervision.total'), true),
          ...quarterRowCells(lang, results.total, rules.minCount).map((c) => cell(c)),
        ],
      }),
    ],
  });
  const findings = results.orgs.filter((o) => o.findings.length > 0);
  const doc = new Document({
    creator: siteName,
    title: t(lang, 'supervision.public.quarter_title', { quarter }),
    sections: [
      {
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({
                text: t(lang, 'supervision.public.quarter_title', { quarter }),
                font,
                size: 36,
                bold: true,
              }),
            ],
          }),
          p(`${siteName} · ${rules.period.from} — ${rules.period.to}`, { center: true }),
          p(t(lang, 'supervision.quarters.ranking'), { bold: true }),
          table,
          p(t(lang, 'supervision.quarters.findings'), { bold: true }),
          ...(findings.length
            ? findings.map((o) => p(`${o.name}：${findingTexts(lang, o).join('；')}`))
            : [p(t(lang, 'supervision.quarters.no_findings'))]),
          p(t(lang, 'supervision.quarters.rules'), { bold: true }),
          ...rules.ruleKeys.map((k, i) => p(`${i + 1}. ${t(lang, k, { min: rules.minCount })}`)),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The assessment as an Excel workbook: one row per organisation, each indicator's value and score. */
export async function renderAssessmentXlsx(view: AssessmentView, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(view.periodKey);
  const nameOf = new Map(view.orgs.map((o) => [o.id, o.name]));
  ws.addRow([
    t(lang, 'supervision.col.rank'),
    t(lang, 'supervision.org'),
    t(lang, 'supervision.assessment.score'),
    ...view.config.flatMap((c) => [
      `${t(lang, `supervision.indicator.${c.key}`)}`,
      `${t(lang, `supervision.indicator.${c.key}`)} · ${t(lang, 'supervision.assessment.score')} (${c.weight})`,
    ]),
  ]);
  ws.getRow(1).font = { bold: true };
  for (const s of view.scores) {
    ws.addRow([
      s.rank,
      nameOf.get(s.orgId) ?? '',
      s.score,
      ...s.parts.flatMap((p) => [p.value, p.score === null ? null : Math.round(p.score * 100) / 100]),
    ]);
  }
  ws.columns.forEach((col, i) => {
    col.width = i === 1 ? 30 : 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
