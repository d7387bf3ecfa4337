import type { AnnualReport } from '../annual-report.js';
import type { ReportStatistics } from '../derive-annual-report.js';

/**
 * One entry point for the export formats (`gongkai report annual --format …` and the publication
 * pages). Each writer is imported only when its format is asked for: exceljs alone costs ~1.5 s to
 * load, docx and echarts ~0.1 s each, playwright-core likewise.
 */

export const REPORT_FORMATS = ['json', 'html', 'docx', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const BINARY_FORMATS: readonly ReportFormat[] = ['docx', 'xlsx', 'pdf'];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ExportOptions {
  statistics?: ReportStatistics;
  /** The 2019 national format for table 三 (one （六）其他处理 row). */
  format2019?: boolean;
}

/** The report in `format`: JSON text exactly as contracts §3, a standalone HTML page, or a file's bytes. */
export async function exportReport(
  report: AnnualReport,
  format: ReportFormat,
  options: ExportOptions = {},
): Promise<string | Buffer> {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'html': {
      const { reportHtmlDocument } = await import('./report-html.js');
      return reportHtmlDocument(report, options);
    }
    case 'docx': {
      const { renderReportDocx } = await import('./report-docx.js');
      return renderReportDocx(report, options);
    }
    case 'xlsx': {
      const { renderReportXlsx } = await import('./report-xlsx.js');
      return renderReportXlsx(report, options);
    }
    case 'pdf': {
      const { renderReportPdf } = await import('./report-pdf.js');
      return renderReportPdf(report, options);
    }
  }
}
