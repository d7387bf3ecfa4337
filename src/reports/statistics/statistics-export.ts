import type { Translate } from '../../platform/i18n/i18n.js';
import {
  APPLICANT_TYPE_LABELS,
  CHANNEL_LABELS,
  OUTCOME_INFO,
  isChannel,
  isOutcome,
} from '../../requests/codes.js';
import type { ApplicationStatistics, OldStyleStatistics } from './compute-statistics.js';
import { MIN_COUNT } from './statistics.rules.js';

/**
 * The statistics as rows for CSV and Excel: section, item, count, share (%). Labels are the page's
 * (zh-CN or en); counts and shares are numbers so a spreadsheet can compute with them.
 */

export type ExportRow = [section: string, item: string, count: number | string, share: number | string];

type Lang = 'zh-CN' | 'en';

export function channelLabel(code: string, lang: Lang): string {
  return isChannel(code) ? CHANNEL_LABELS[code][lang] : code;
}
export function applicantTypeLabel(code: string, lang: Lang): string {
  return code in APPLICANT_TYPE_LABELS
    ? APPLICANT_TYPE_LABELS[code as keyof typeof APPLICANT_TYPE_LABELS][lang]
    : code;
}
export function outcomeLabel(code: string, lang: Lang): string {
  if (!isOutcome(code)) return code;
  const info = OUTCOME_INFO[code];
  return info.group[lang] === info.row[lang] ? info.row[lang] : `${info.group[lang]} ${info.row[lang]}`;
}

export function statisticsRows(
  stats: ApplicationStatistics,
  old: OldStyleStatistics,
  t: Translate,
  lang: Lang,
): ExportRow[] {
  const share = (s: number | null) => (s === null ? '' : s);
  const rows: ExportRow[] = [];
  const section = (key: string) => t(key);
  rows.push([t('reports.stats.period_h'), `${stats.period.from}/${stats.period.to}`, '', '']);
  for (const o of stats.byOrg) rows.push([section('reports.stats.by_org'), o.orgName, o.count, '']);
  for (const m of stats.byMonth) rows.push([section('reports.stats.by_month'), m.month, m.count, '']);
  for (const c of stats.byChannel)
    rows.push([section('reports.stats.by_channel'), channelLabel(c.code, lang), c.count, share(c.share)]);
  for (const c of stats.byApplicantType)
    rows.push([section('reports.stats.by_type'), applicantTypeLabel(c.code, lang), c.count, share(c.share)]);
  for (const c of stats.byOutcome)
    rows.push([section('reports.stats.by_outcome'), outcomeLabel(c.code, lang), c.count, share(c.share)]);
  const timing = section('reports.stats.timing_h');
  const few = t('reports.stats.too_few');
  rows.push([timing, t('reports.stats.answered'), stats.timing.answered, '']);
  rows.push([timing, t('reports.stats.median'), stats.timing.medianWorkingDays ?? few, '']);
  rows.push([timing, t('reports.stats.p90'), stats.timing.p90WorkingDays ?? few, '']);
  rows.push([timing, t('reports.stats.on_time'), stats.timing.onTime, stats.timing.onTimeRate ?? few]);
  rows.push([timing, t('reports.stats.min_note', { min: MIN_COUNT }), '', '']);
  for (const r of old.items.rows)
    rows.push([section('reports.stats.old_items'), r.name, r.count, share(r.share)]);
  for (const r of old.channels.rows)
    rows.push([
      section('reports.stats.old_channels'),
      t(`reports.stats.group.${r.group}`),
      r.count,
      share(r.share),
    ]);
  for (const r of old.refusals.rows)
    rows.push([section('reports.stats.old_refusals'), r.label, r.count, share(r.share)]);
  return rows;
}

function csvCell(value: string | number): string {
  const text = String(value);
  // Quote when needed; a leading =, +, - or @ is prefixed so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV (RFC 4180, CRLF) with a UTF-8 byte-order mark so Excel opens the Chinese text correctly. */
export function toCsv(header: readonly string[], rows: readonly ExportRow[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The same rows as an Excel workbook: one sheet, the header row frozen. */
export async function toXlsx(
  sheetName: string,
  header: readonly string[],
  rows: readonly ExportRow[],
): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...header]).font = { bold: true };
  for (const row of rows) sheet.addRow([...row]);
  sheet.columns.forEach((col, i) => {
    col.width = [28, 48, 12, 10][i] ?? 12;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
