import ExcelJS from 'exceljs';
import { ReportReadError, reportFromGrids, type Grid, type ReadReport } from './national-layout.js';

/**
 * A report in the national layout given as an .xlsx workbook: every sheet is a grid (merged cells
 * carry their value into every cell they cover, as exceljs reads them); long text cells are the prose.
 */
export async function readXlsxReport(data: Buffer | ArrayBuffer, name = 'workbook'): Promise<ReadReport> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as ArrayBuffer);
  } catch (err) {
    throw new ReportReadError(
      `${name} is not a readable .xlsx file: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const grids: Grid[] = [];
  const prose = new Set<string>();
  for (const sheet of workbook.worksheets) {
    const rows: string[][] = [];
    const columnCount = sheet.columnCount;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= columnCount; c++) {
        const text = cellText(row.getCell(c));
        cells.push(text);
        // Sentences are prose; a merged cell repeats its text over its range, so each text counts once.
        if ((text.length >= 40 || /[。；]/.test(text)) && !prose.has(text)) prose.add(text);
      }
      rows.push(cells);
    }
    grids.push({ name: `sheet "${sheet.name}"`, rows });
  }
  const title = grids.flatMap((g) => g.rows.flat()).find((t) => /年度报告/.test(t)) ?? '';
  return reportFromGrids(grids, { title, narrative: [...prose].join('\n') });
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && 'result' in value) {
    const result = (value as { result?: unknown }).result;
    if (typeof result === 'number' || typeof result === 'string') return String(result);
    return result === undefined || result === null ? '' : cell.text;
  }
  return cell.text ?? '';
}
