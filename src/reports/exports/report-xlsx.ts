import { createRequire } from 'node:module';
import type ExcelJSType from 'exceljs';
import type { AnnualReport } from '../annual-report.js';
import {
  nationalTables,
  paragraphsOf,
  placeCells,
  reportTitle,
  sectionHeading,
  type NationalTable,
  type TableOptions,
} from './national-tables.js';

/**
 * The report as an .xlsx workbook in the national layout (issue 5 item 6): a sheet with the title and
 * the prose (一, 五, 六), then one sheet per table (二, 三, 四) with merged header cells, borders and
 * numbers as numbers. Laid out as fixtures/report-fixtures.ts `nationalXlsx` does, so that
 * `gongkai report check` reads our own export back (tested). exceljs is loaded on first use (~1.5 s).
 */

type ExcelJS = typeof ExcelJSType;
let excelModule: ExcelJS | undefined;
function excel(): ExcelJS {
  excelModule ??= createRequire(import.meta.url)('exceljs') as ExcelJS;
  return excelModule;
}

const BORDER = { style: 'thin' as const, color: { argb: 'FF333333' } };
const FONT = 'FangSong';
const HEADING_FONT = 'SimHei';

/** Writes a table from `startRow` (1-based), merging spans; returns the next free row. */
function writeTable(sheet: ExcelJSType.Worksheet, table: NationalTable, startRow: number): number {
  const rows = [...table.head, ...table.body];
  for (const row of placeCells(rows)) {
    for (const { r, c, cell } of row) {
      const top = startRow + r;
      const left = 1 + c;
      const target = sheet.getCell(top, left);
      target.value = cell.value ?? cell.text;
      const colspan = cell.colspan ?? 1;
      const rowspan = cell.rowspan ?? 1;
      if (colspan > 1 || rowspan > 1) sheet.mergeCells(top, left, top + rowspan - 1, left + colspan - 1);
      for (let dr = 0; dr < rowspan; dr++)
        for (let dc = 0; dc < colspan; dc++) {
          const each = sheet.getCell(top + dr, left + dc);
          each.border = { top: BORDER, left: BORDER, bottom: BORDER, right: BORDER };
          each.font = { name: FONT, size: 11 };
          each.alignment = {
            vertical: 'middle',
            horizontal:
              cell.role === 'data'
                ? 'right'
                : cell.role === 'row' || cell.role === 'rowgroup'
                  ? 'left'
                  : 'center',
            wrapText: true,
          };
        }
      if (cell.value !== undefined && !Number.isInteger(cell.value)) target.numFmt = '0.0000';
    }
  }
  return startRow + rows.length;
}

export async function renderReportXlsx(report: AnnualReport, options: TableOptions = {}): Promise<Buffer> {
  const ExcelJS = excel();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Gongkai';
  workbook.title = reportTitle(report);
  const [proactive, applications, appeals] = nationalTables(report, options);

  const cover = workbook.addWorksheet('总体情况');
  cover.getColumn(1).width = 110;
  cover.getCell('A1').value = reportTitle(report);
  cover.getCell('A1').font = { name: HEADING_FONT, size: 16 };
  let row = 3;
  for (const part of ['overview', 'problems', 'other'] as const) {
    const heading = cover.getCell(row++, 1);
    heading.value = sectionHeading(part);
    heading.font = { name: HEADING_FONT, size: 12 };
    for (const paragraph of paragraphsOf(report.narrative[part])) {
      const cell = cover.getCell(row++, 1);
      cell.value = paragraph;
      cell.font = { name: FONT, size: 12 };
      cell.alignment = { wrapText: true, vertical: 'top' };
    }
    row++;
  }

  const tableSheet = (name: string, table: NationalTable, widths: number[]) => {
    const sheet = workbook.addWorksheet(name, {
      pageSetup: {
        paperSize: 9,
        orientation: table.width > 4 ? 'landscape' : 'portrait',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
      },
    });
    widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
    const caption = sheet.getCell(1, 1);
    caption.value = table.caption;
    caption.font = { name: HEADING_FONT, size: 12 };
    writeTable(sheet, table, 2);
  };
  tableSheet('二', proactive!, [22, 16, 16, 16]);
  tableSheet('三', applications!, [10, 14, 40, 9, 9, 9, 11, 11, 9, 9]);
  tableSheet(
    '四',
    appeals!,
    Array.from({ length: 15 }, () => 9),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
