import type { AnnualReport } from '../annual-report.js';
import type { ReportStatistics } from '../derive-annual-report.js';
import { renderReportCharts, type ReportChart } from './charts.js';
import {
  nationalTables,
  paragraphsOf,
  reportTitle,
  sectionHeading,
  type NationalTable,
  type TableCell,
  type TableOptions,
} from './national-tables.js';

/**
 * The report as an accessible HTML fragment (issue 5 item 6): headings 一…六, the national tables with
 * a caption, `th scope` on every header cell (col/colgroup/row/rowgroup) and the row labels of the
 * national format, and the charts inline as SVG (`role="img"`, named by the figure caption, which also
 * gives the figures in words). No script, no external resources; the publication page wraps it in its
 * layout, and `reportHtmlDocument` in a standalone page (for `--format html` and the PDF).
 */

export interface ReportHtmlOptions extends TableOptions {
  statistics?: ReportStatistics;
  /** Pre-rendered charts (default: rendered here); `false` for none. */
  charts?: ReportChart[] | false;
  /** Heading level of the title (default 1; sections one below it). */
  headingLevel?: 1 | 2;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function cellHtml(cell: TableCell): string {
  const spans =
    (cell.colspan && cell.colspan > 1 ? ` colspan="${cell.colspan}"` : '') +
    (cell.rowspan && cell.rowspan > 1 ? ` rowspan="${cell.rowspan}"` : '');
  const text = escapeHtml(cell.text);
  switch (cell.role) {
    case 'data':
      return `<td${spans} class="num">${text}</td>`;
    case 'corner':
      return `<td${spans} class="corner">${text}</td>`;
    default:
      return `<th scope="${cell.role}"${spans}>${text}</th>`;
  }
}

export function tableHtml(table: NationalTable, captionText = table.caption): string {
  const rows = (list: TableCell[][]) =>
    list.map((row) => `<tr>${row.map(cellHtml).join('')}</tr>`).join('\n');
  return [
    `<table class="report-table report-table--${table.id}">`,
    `<caption>${escapeHtml(captionText)}</caption>`,
    table.head.length > 0 ? `<thead>\n${rows(table.head)}\n</thead>` : '',
    `<tbody>\n${rows(table.body)}\n</tbody>`,
    '</table>',
  ]
    .filter((s) => s !== '')
    .join('\n');
}

let figureCounter = 0;

export function chartHtml(chart: ReportChart, number: number): string {
  const id = `report-figure-${chart.id}-${++figureCounter}`;
  // The SVG is ECharts' own output (no user text but organisation names, which ECharts escapes).
  const svg = chart.svg.replace(/^<svg\b/, `<svg role="img" aria-labelledby="${id}" focusable="false"`);
  return [
    `<figure class="report-figure" id="${id}-figure">`,
    svg,
    `<figcaption id="${id}">图${number}\u3000${escapeHtml(chart.title)}。${escapeHtml(chart.description)}。</figcaption>`,
    '</figure>',
  ].join('\n');
}

function paragraphs(text: string): string {
  const list = paragraphsOf(text);
  return list.length === 0
    ? '<p class="report-empty">（无）</p>'
    : list.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
}

export function renderReportHtml(report: AnnualReport, options: ReportHtmlOptions = {}): string {
  const h = options.headingLevel ?? 1;
  const charts =
    options.charts === false ? [] : (options.charts ?? renderReportCharts(report, options.statistics));
  const byId = new Map(charts.map((c) => [c.id, c]));
  let figureNumber = 0;
  const figures = (...ids: ReportChart['id'][]) =>
    ids
      .map((id) => byId.get(id))
      .filter((c): c is ReportChart => c !== undefined)
      .map((c) => chartHtml(c, ++figureNumber))
      .join('\n');
  const [proactive, applications, appeals] = nationalTables(report, options);
  const section = (heading: string, body: string) =>
    `<section>\n<h${h + 1}>${escapeHtml(heading)}</h${h + 1}>\n${body}\n</section>`;
  const scopeNote =
    report.scope === 'aggregate'
      ? `<p class="report-scope">（本报告统计范围：${escapeHtml(report.org.name)}及所属单位）</p>`
      : '';
  return [
    `<article class="annual-report" lang="zh-CN">`,
    `<h${h}>${escapeHtml(reportTitle(report))}</h${h}>`,
    scopeNote,
    section(sectionHeading('overview'), paragraphs(report.narrative.overview)),
    section(sectionHeading('proactive'), [tableHtml(proactive!), figures('items-by-category')].join('\n')),
    section(
      sectionHeading('applications'),
      [tableHtml(applications!), figures('applications-by-channel', 'applications-by-outcome')].join('\n'),
    ),
    section(sectionHeading('appeals'), [tableHtml(appeals!), figures('appeals')].join('\n')),
    section(sectionHeading('problems'), paragraphs(report.narrative.problems)),
    section(sectionHeading('other'), paragraphs(report.narrative.other)),
    '</article>',
  ]
    .filter((s) => s !== '')
    .join('\n');
}

/** Print and screen styles for the report (official-document look: 仿宋 body, 黑体 headings, bordered tables). */
export const REPORT_CSS = `
.annual-report { font-family: FangSong, STFangsong, "FangSong_GB2312", "Noto Serif CJK SC", serif; font-size: 16px; line-height: 1.8; color: #111; max-width: 60em; margin: 0 auto; }
.annual-report h1 { font-family: "FZXiaoBiaoSong-B05S", SimHei, "Noto Sans CJK SC", sans-serif; font-size: 1.6em; text-align: center; font-weight: normal; }
.annual-report h2 { font-family: SimHei, "Noto Sans CJK SC", sans-serif; font-size: 1.15em; font-weight: normal; margin-top: 1.2em; }
.annual-report p { text-indent: 2em; margin: 0.3em 0; }
.annual-report .report-scope { text-align: center; text-indent: 0; }
.report-table { border-collapse: collapse; width: 100%; margin: 0.8em 0; font-size: 13px; line-height: 1.4; }
.report-table caption { font-family: SimHei, "Noto Sans CJK SC", sans-serif; text-align: left; padding: 0.3em 0; }
.report-table th, .report-table td { border: 1px solid #333; padding: 0.25em 0.4em; vertical-align: middle; }
.report-table th { font-weight: normal; text-align: left; }
.report-table thead th { text-align: center; }
.report-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.report-table td.corner { font-size: 12px; }
.report-figure { margin: 1em 0; text-align: center; break-inside: avoid; }
.report-figure svg { max-width: 100%; height: auto; }
.report-figure figcaption { font-size: 13px; text-align: left; }
@media (max-width: 40em) { .report-table { display: block; overflow-x: auto; } }
@page { size: A4; margin: 25mm 20mm; }
`;

/** A standalone page around the fragment: `--format html`, and what Chromium prints to PDF. */
export function reportHtmlDocument(report: AnnualReport, options: ReportHtmlOptions = {}): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(reportTitle(report))}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${renderReportHtml(report, options)}
</body>
</html>
`;
}
