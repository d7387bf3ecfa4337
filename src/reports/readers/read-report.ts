import fs from 'node:fs/promises';
import path from 'node:path';
import { parseAnnualReport } from '../annual-report.js';
import { ReportReadError, type ReadReport } from './national-layout.js';
import { readXlsxReport } from './read-xlsx.js';
import { readHtmlReport } from './read-html.js';

export { ReportReadError, type ReadReport };

export type ReportFileKind = 'json' | 'xlsx' | 'html';

/** The kind of a report file, by its extension, else by its first bytes. */
export function reportFileKind(file: string, head: Buffer): ReportFileKind | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.html' || ext === '.htm' || ext === '.shtml') return 'html';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx'; // PK: a zip container
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (text.startsWith('{')) return 'json';
  if (text.startsWith('<')) return 'html';
  return null;
}

/** Our JSON (contracts §3), refused by JSON path when it does not fit the contract. */
export function readJsonReport(text: string, name = 'file'): ReadReport {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ReportReadError(
      `${name} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const parsed = parseAnnualReport(value);
  if (!parsed.ok)
    throw new ReportReadError(
      `${name} is not a ${'gov-info-annual-report/2021'} report: ${parsed.problems
        .slice(0, 10)
        .map((p) => `${p.path}: ${p.message}`)
        .join('; ')}${parsed.problems.length > 10 ? `; and ${parsed.problems.length - 10} more` : ''}`,
    );
  return { report: parsed.report, notes: [] };
}

/** Reads an annual report from our JSON, a national-layout .xlsx or an HTML page. Throws `ReportReadError`. */
export async function readReportFile(file: string): Promise<ReadReport> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (err) {
    throw new ReportReadError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const name = path.basename(file);
  switch (reportFileKind(file, data.subarray(0, 64))) {
    case 'json':
      return readJsonReport(data.toString('utf8'), name);
    case 'xlsx':
      return readXlsxReport(data, name);
    case 'html':
      return readHtmlReport(decodeHtml(data), name);
    default:
      throw new ReportReadError(`${name}: not a report file (expected .json, .xlsx or .html)`);
  }
}

/** HTML bytes as text: UTF-8, or the GBK/GB2312/GB18030 many government sites still declare. */
export function decodeHtml(data: Buffer): string {
  const head = data.subarray(0, 2048).toString('latin1');
  const charset = /charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (charset && /^(gbk|gb2312|gb18030|big5)$/.test(charset)) {
    try {
      return new TextDecoder(charset === 'big5' ? 'big5' : 'gb18030').decode(data);
    } catch {
      // fall through to UTF-8
    }
  }
  return data.toString('utf8').replace(/^\uFEFF/, '');
}
