import type { AnnualReport } from '../annual-report.js';
import type { ReportStatistics } from '../derive-annual-report.js';
import { renderReportCharts, type ReportChart } from './charts.js';
import { chromiumExecutable, svgsToPng } from './chromium.js';
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
 * The report as a Word file with `docx` (issue 5 item 6), in the look of an official document
 * (GB/T 9704 margins on A4): the title in a 小标宋 face (eastAsia "FZXiaoBiaoSong-B05S"; Word has no
 * font fallback list, so where that face is missing Word and LibreOffice substitute — fontconfig picks
 * Noto Serif/Sans CJK), section headings in 黑体 ("SimHei"), body in 仿宋 ("FangSong") 三号 with a
 * two-character first-line indent, the national tables with borders and merged header cells, page
 * numbers "— N —" centred in the footer. Charts are embedded as SVG with a PNG fallback rendered by
 * Chromium; docx requires the raster fallback, so without Chromium the charts are left out (the
 * caller can tell with `docxChartsAvailable()`). `docx` is loaded on first use.
 */

export interface ReportDocxOptions extends TableOptions {
  statistics?: ReportStatistics;
  /** `auto` (default): charts when Chromium is installed; `none`: never. */
  charts?: 'auto' | 'none';
}

/** Whether `renderReportDocx` will embed the charts (it needs Chromium for their PNG fallback). */
export function docxChartsAvailable(): boolean {
  return chromiumExecutable() !== null;
}

const FONT_BODY = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: 'FangSong',
  cs: 'FangSong',
};
const FONT_TITLE = {
  ascii: 'Times New Roman',
  hAnsi: 'Times New Roman',
  eastAsia: 'FZXiaoBiaoSong-B05S',
  cs: 'SimHei',
};
const FONT_HEADING = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: 'SimHei', cs: 'SimHei' };

// Half-points: 二号 22 pt, 三号 16 pt, table text 五号 10.5 pt / 小五 9 pt.
const SIZE_TITLE = 44;
const SIZE_BODY = 32;
const SIZE_TABLE = 21;
const SIZE_TABLE_SMALL = 18;
const MM = 56.7; // twips per millimetre

// The type area of GB/T 9704 on A4: 210 mm − 28 mm − 26 mm = 156 mm.
const TEXT_WIDTH = Math.round(156 * MM);

/**
 * Fixed column widths (twips) filling the type area. Without them Word and LibreOffice share the width
 * equally, and table 三's three label columns (大项 / 小项 / 细项) became so narrow that "1.属于国家秘密"
 * wrapped onto four lines and the table ran over four pages. Label columns get what their longest
 * lines need at 小五; the figure columns share the rest (5 digits fit).
 */
export function columnWidthsOf(t: Pick<NationalTable, 'id' | 'width'>): number[] {
  const share: number[] =
    t.id === 'applications' && t.width === 10
      ? [11, 13, 22, ...Array<number>(7).fill(54 / 7)]
      : t.id === 'proactive' && t.width === 4
        ? [34, 22, 22, 22]
        : Array<number>(t.width).fill(100 / t.width);
  const widths = share.map((p) => Math.floor((TEXT_WIDTH * p) / 100));
  widths[widths.length - 1]! += TEXT_WIDTH - widths.reduce((a, b) => a + b, 0);
  return widths;
}

export async function renderReportDocx(
  report: AnnualReport,
  options: ReportDocxOptions = {},
): Promise<Buffer> {
  const docx = await import('docx');
  const {
    AlignmentType,
    BorderStyle,
    Document,
    Footer,
    ImageRun,
    LineRuleType,
    Packer,
    PageNumber,
    Paragraph,
    Table,
    TableCell: DocxCell,
    TableRow,
    TableLayoutType,
    TextRun,
    VerticalAlignTable,
    WidthType,
  } = docx;

  const charts: ReportChart[] =
    options.charts !== 'none' && docxChartsAvailable() ? renderReportCharts(report, options.statistics) : [];
  const pngs = charts.length > 0 ? await svgsToPng(charts) : [];
  const chartById = new Map(charts.map((c, i) => [c.id, { chart: c, png: pngs[i]! }]));
  let figureNumber = 0;

  const body = (text: string) =>
    new Paragraph({
      indent: { firstLine: 2 * SIZE_BODY * 10 },
      spacing: { line: 560, lineRule: LineRuleType.EXACT },
      alignment: AlignmentType.JUSTIFIED,
      children: [new TextRun({ text, font: FONT_BODY, size: SIZE_BODY })],
    });
  const heading = (text: string) =>
    new Paragraph({
      indent: { firstLine: 2 * SIZE_BODY * 10 },
      spacing: { before: 120, line: 560, lineRule: LineRuleType.EXACT },
      keepNext: true,
      children: [new TextRun({ text, font: FONT_HEADING, size: SIZE_BODY })],
    });
  const narrative = (text: string) => {
    const list = paragraphsOf(text);
    return list.length === 0 ? [body('无。')] : list.map(body);
  };

  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const borders = { top: border, bottom: border, left: border, right: border };
  const table = (t: NationalTable) => {
    const size = t.width >= 10 ? SIZE_TABLE_SMALL : SIZE_TABLE;
    const cell = (c: TableCell) =>
      new DocxCell({
        columnSpan: c.colspan,
        rowSpan: c.rowspan,
        borders,
        verticalAlign: VerticalAlignTable.CENTER,
        margins: { left: 60, right: 60, top: 20, bottom: 20 },
        children: [
          new Paragraph({
            alignment:
              c.role === 'data'
                ? AlignmentType.RIGHT
                : c.role === 'row' || c.role === 'rowgroup'
                  ? AlignmentType.LEFT
                  : AlignmentType.CENTER,
            children: [new TextRun({ text: c.text, font: FONT_BODY, size })],
          }),
        ],
      });
    const rows = [
      ...t.head.map((r) => new TableRow({ tableHeader: true, cantSplit: true, children: r.map(cell) })),
      ...t.body.map((r) => new TableRow({ cantSplit: true, children: r.map(cell) })),
    ];
    const columnWidths = columnWidthsOf(t);
    return new Table({
      rows,
      columnWidths,
      layout: TableLayoutType.FIXED,
      width: { size: columnWidths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    });
  };
  const caption = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 120, after: 120 },
      keepNext: true,
      children: [new TextRun({ text, font: FONT_HEADING, size: SIZE_TABLE })],
    });
  const figure = (id: ReportChart['id']) => {
    const entry = chartById.get(id);
    if (!entry) return [];
    const n = ++figureNumber;
    const width = 560;
    const height = Math.round((width * entry.chart.height) / entry.chart.width);
    return [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        children: [
          new ImageRun({
            type: 'svg',
            data: Buffer.from(entry.chart.svg, 'utf8'),
            fallback: { type: 'png', data: entry.png },
            transformation: { width, height },
            altText: {
              name: entry.chart.title,
              description: entry.chart.description,
              title: entry.chart.title,
            },
          }),
        ],
      }),
      caption(`图${n}\u3000${entry.chart.title}`),
    ];
  };

  const [proactive, applications, appeals] = nationalTables(report, options);
  const children = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 480, line: 700, lineRule: LineRuleType.AT_LEAST },
      children: [new TextRun({ text: reportTitle(report), font: FONT_TITLE, size: SIZE_TITLE })],
    }),
    ...(report.scope === 'aggregate'
      ? [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({
                text: `（统计范围：${report.org.name}及所属单位）`,
                font: FONT_BODY,
                size: SIZE_BODY,
              }),
            ],
          }),
        ]
      : []),
    heading(sectionHeading('overview')),
    ...narrative(report.narrative.overview),
    heading(sectionHeading('proactive')),
    table(proactive!),
    ...figure('items-by-category'),
    heading(sectionHeading('applications')),
    table(applications!),
    ...figure('applications-by-channel'),
    ...figure('applications-by-outcome'),
    heading(sectionHeading('appeals')),
    table(appeals!),
    ...figure('appeals'),
    heading(sectionHeading('problems')),
    ...narrative(report.narrative.problems),
    heading(sectionHeading('other')),
    ...narrative(report.narrative.other),
  ];

  const document = new Document({
    creator: 'Gongkai',
    title: reportTitle(report),
    styles: {
      default: {
        document: { run: { font: FONT_BODY, size: SIZE_BODY } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            // GB/T 9704-2012: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
              footer: Math.round(20 * MM),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONT_BODY, size: 28 }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
