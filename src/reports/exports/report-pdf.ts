import type { AnnualReport } from '../annual-report.js';
import { htmlToPdf } from './chromium.js';
import { reportHtmlDocument, type ReportHtmlOptions } from './report-html.js';

export { ChromiumUnavailableError, chromiumExecutable } from './chromium.js';

/**
 * The report as an A4 PDF: the standalone HTML page (tables and inline SVG charts) printed by headless
 * Chromium, with page numbers in the footer. Throws `ChromiumUnavailableError` when Chromium is not
 * installed (the CLI prints it as one line; the publication page says PDF is not available).
 */
export function renderReportPdf(report: AnnualReport, options: ReportHtmlOptions = {}): Promise<Buffer> {
  return htmlToPdf(reportHtmlDocument(report, options));
}
