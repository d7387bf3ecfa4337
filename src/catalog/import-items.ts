import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { registerMessages, t } from '../platform/i18n/i18n.js';
import { AppError, type FieldProblem } from '../platform/errors.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import type { Kysely } from 'kysely';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { auditActorOf } from '../platform/auth/principal.js';
import { GENESIS_HASH, canonicalJson, computeAuditHash, type AuditEntry } from '../platform/audit/audit.js';
import { inTransaction, type Queryable, type Tx } from '../platform/db/transaction.js';
import { createSearchIndex, type SearchDocument } from '../platform/search/search-index.js';
import { dateInTimeZone } from '../calendar/dates.rules.js';
import { listAllOrgs, type Org } from '../orgs/orgs.repository.js';
import {
  findColumnsByCodes,
  findIndexPattern,
  insertPiiFindings,
  type CatalogColumn,
  type NewCatalogItemRow,
  type NewPiiFindingRow,
} from './catalog.repository.js';
import { normaliseBody } from './body.rules.js';
import { scanForPii, type PiiMatch } from './pii.rules.js';
import {
  parseIndexPattern,
  renderIndexNumber,
  usesCreditCode,
  type IndexPatternPart,
} from './index-number.rules.js';
import { computeLateness, type WorkingDayCounter } from './lateness.rules.js';
import { defaultCalendarLoader } from './catalog-calendar.js';
import { DEFAULT_DISCLOSURE_METHOD, DEFAULT_DISCLOSURE_SCOPE } from './item-input.js';
import { DEFAULT_TIME_ZONE } from './item-support.js';

/**
 * `gongkai catalog import` (contracts §4b/§5): an office moving its existing catalog brings a CSV, XLSX
 * or JSON Lines file of items. This file reads the three formats into one row shape, checks every row
 * (all problems at once, each with its row or line and field), runs the catalog's personal-data scan,
 * and writes the whole file in one transaction — or nothing. Published items go into the search index
 * in the same transaction. docs/catalog-import.md is the office-facing description.
 */

// ---------------------------------------------------------------------------------------------
// Messages (zh-CN source, English for the CLI). Keys are namespaced `catalog.import.*`.

export const IMPORT_MESSAGES: Record<string, { 'zh-CN': string; en: string }> = {
  'catalog.import.required': { 'zh-CN': '此项必填', en: 'this field is required' },
  'catalog.import.invalid_type': { 'zh-CN': '格式不正确', en: 'wrong type of value' },
  'catalog.import.unknown_field': {
    'zh-CN': '无法识别的字段“{name}”（请检查拼写）',
    en: 'unknown field “{name}” (check its spelling)',
  },
  'catalog.import.too_long': {
    'zh-CN': '内容过长（最多{max}字）',
    en: 'too long (at most {max} characters)',
  },
  'catalog.import.not_json': {
    'zh-CN': '该行不是有效的 JSON 对象：{reason}',
    en: 'this line is not a JSON object: {reason}',
  },
  'catalog.import.empty_file': {
    'zh-CN': '文件中没有任何条目',
    en: 'the file holds no items',
  },
  'catalog.import.missing_header': {
    'zh-CN': '缺少必需的列“{name}”',
    en: 'the required column “{name}” is missing from the header row',
  },
  'catalog.import.duplicate_header': {
    'zh-CN': '列“{name}”出现了不止一次',
    en: 'the column “{name}” appears more than once in the header row',
  },
  'catalog.import.extra_cells': {
    'zh-CN': '该行的单元格多于表头的列数',
    en: 'this row has more cells than the header row has columns',
  },
  'catalog.import.date_format': {
    'zh-CN': '日期须为真实存在的日期，格式如 2025-03-01',
    en: 'must be a real date written like 2025-03-01',
  },
  'catalog.import.boolean_format': {
    'zh-CN': '须为 true 或 false（是/否）',
    en: 'must be true or false',
  },
  'catalog.import.doc_type': {
    'zh-CN': '文件类型须为 regulation（规章）、normative（行政规范性文件）或 other',
    en: 'docType must be regulation, normative or other',
  },
  'catalog.import.status': {
    'zh-CN': '状态须为 published（已发布）或 draft（草稿）',
    en: 'status must be published or draft',
  },
  'catalog.import.org_unknown': {
    'zh-CN': '没有代码为“{org}”的机构',
    en: 'no organisation has the code “{org}”',
  },
  'catalog.import.org_inactive': {
    'zh-CN': '机构“{org}”已停用',
    en: 'the organisation “{org}” is inactive',
  },
  'catalog.import.column_unknown': {
    'zh-CN': '没有代码为“{column}”的栏目',
    en: 'no column has the code “{column}”',
  },
  'catalog.import.column_other_org': {
    'zh-CN': '栏目“{column}”属于其他机构',
    en: 'the column “{column}” belongs to another organisation',
  },
  'catalog.import.column_inactive': {
    'zh-CN': '栏目“{column}”已停用',
    en: 'the column “{column}” is inactive',
  },
  'catalog.import.index_format': {
    'zh-CN': '索引号不能包含空白字符，也不能以“/”开头或结尾、含有连续的“//”',
    en: 'an index number cannot contain spaces, start or end with “/”, or contain “//”',
  },
  'catalog.import.index_duplicate_in_file': {
    'zh-CN': '索引号与第{first}行重复',
    en: 'this index number already appears at {firstLabel}',
  },
  'catalog.import.index_taken': {
    'zh-CN': '索引号“{indexNumber}”已被目录中的其他信息使用',
    en: 'the index number “{indexNumber}” is already used in the catalog',
  },
  'catalog.import.published_in_future': {
    'zh-CN': '发布日期晚于今天（{today}）；尚未发布的信息请以 draft 导入',
    en: 'the publication date is after today ({today}); import items not yet published as drafts',
  },
  'catalog.import.published_on_for_draft': {
    'zh-CN': '草稿不能带有发布日期',
    en: 'a draft cannot have a publication date',
  },
  'catalog.import.formed_after_published': {
    'zh-CN': '成文日期晚于发布日期',
    en: 'the date formed is after the publication date',
  },
  'catalog.import.validity_not_applicable': {
    'zh-CN': '只有规章（regulation）和行政规范性文件（normative）才有有效性',
    en: 'validity applies only to regulations and normative documents',
  },
  'catalog.import.abolished_before_effective': {
    'zh-CN': '废止日期早于施行日期',
    en: 'the date abolished is before the date effective',
  },
  'catalog.import.index_pattern_unusable': {
    'zh-CN': '机构“{org}”的索引号规则无法使用（{reason}），请在文件中给出索引号或先修改规则',
    en: 'the index number pattern of “{org}” cannot be used ({reason}); give indexNumber in the file or fix the pattern',
  },
  'catalog.import.pii_found': {
    'zh-CN': '发现个人信息：{findings}。请删除，或确认可以公开后将 piiAccepted 设为 true',
    en: 'personal data found: {findings}. Remove it, or set piiAccepted to true after checking it may be published',
  },
};

registerMessages({
  'zh-CN': Object.fromEntries(Object.entries(IMPORT_MESSAGES).map(([k, v]) => [k, v['zh-CN']])),
  en: Object.fromEntries(Object.entries(IMPORT_MESSAGES).map(([k, v]) => [k, v.en])),
});

// ---------------------------------------------------------------------------------------------
// Reading the file

export const IMPORT_FORMATS = ['csv', 'xlsx', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The format named by the file's extension, or null. */
export function importFormatOf(fileName: string): ImportFormat | null {
  const match = /\.([a-z]+)$/i.exec(fileName);
  const ext = match?.[1]?.toLowerCase();
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  return null;
}

/** A file that cannot be read as its format at all (not a zip, broken CSV quoting, …): exit 2. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** One row of the file before any checking: where it is, and its fields as written. */
export interface SourceRow {
  /** Spreadsheet row (the header is row 1) for CSV and XLSX; line number for JSON Lines. */
  at: number;
  fields: Record<string, unknown>;
}

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface ParsedImportFile {
  format: ImportFormat;
  /** How a CSV file was decoded (null for XLSX and JSON Lines, which are always UTF-8). */
  encoding: TextEncodingName | null;
  rows: SourceRow[];
  /** Problems of the file as a whole (missing header columns, …). */
  problems: ImportProblem[];
}

/** One problem: where (`at`, null for the file as a whole), which field, and an i18n message key. */
export interface ImportProblem {
  at: number | null;
  field: string;
  message: string;
  params?: Record<string, string | number>;
}

/**
 * Decodes a text file: UTF-8 with or without a BOM, UTF-16 with a BOM, and otherwise — the common
 * case for files saved by Excel on a Chinese Windows — GB18030 (a superset of GBK and GB2312).
 */
export function decodeText(buffer: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(buffer.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)), encoding: 'utf-16le' };
  }
  if (buffer[0] === 0xfe && buffer[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(buffer.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buffer), encoding: 'gb18030' };
  }
}

/** The header names: the contract's field names, case-insensitive, with a few forgiving aliases. */
const HEADER_ALIASES: Record<string, string> = {
  effectiveon: 'validity.effectiveOn',
  'validity.effectiveon': 'validity.effectiveOn',
  abolishedon: 'validity.abolishedOn',
  'validity.abolishedon': 'validity.abolishedOn',
};
const FLAT_FIELDS = [
  'org',
  'indexNumber',
  'title',
  'summary',
  'body',
  'formedOn',
  'publishedOn',
  'docNumber',
  'columns',
  'keywords',
  'docType',
  'validity.effectiveOn',
  'validity.abolishedOn',
  'status',
  'piiAccepted',
] as const;
const FLAT_BY_LOWER = new Map<string, string>([
  ...FLAT_FIELDS.map((f) => [f.toLowerCase(), f] as [string, string]),
  ...Object.entries(HEADER_ALIASES),
]);
const REQUIRED_HEADERS = ['org', 'title'] as const;

/** Turns a header row and its data rows (cells as strings) into source rows; checks the header. */
function rowsFromTable(
  header: string[],
  dataRows: { at: number; cells: string[] }[],
): { rows: SourceRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const names: (string | null)[] = [];
  const seen = new Set<string>();
  header.forEach((raw, i) => {
    const cleaned = raw.replace(/^\uFEFF/, '').trim();
    if (cleaned === '') {
      names.push(null);
      return;
    }
    const name = FLAT_BY_LOWER.get(cleaned.toLowerCase());
    if (!name) {
      problems.push({
        at: 1,
        field: cleaned,
        message: 'catalog.import.unknown_field',
        params: { name: cleaned },
      });
      names.push(null);
    } else if (seen.has(name)) {
      problems.push({ at: 1, field: name, message: 'catalog.import.duplicate_header', params: { name } });
      names.push(null);
    } else {
      seen.add(name);
      names.push(name);
    }
    void i;
  });
  for (const required of REQUIRED_HEADERS) {
    if (!seen.has(required)) {
      problems.push({
        at: 1,
        field: required,
        message: 'catalog.import.missing_header',
        params: { name: required },
      });
    }
  }
  const rows: SourceRow[] = [];
  for (const { at, cells } of dataRows) {
    if (cells.every((c) => c.trim() === '')) continue; // blank rows at the end of a sheet
    const fields: Record<string, unknown> = {};
    cells.forEach((cell, i) => {
      const name = names[i];
      if (i >= header.length) {
        if (cell.trim() !== '') fields['\u0000extra'] = true;
        return;
      }
      if (name) fields[name] = cell;
    });
    rows.push({ at, fields });
  }
  return { rows, problems };
}

function parseCsvFile(buffer: Uint8Array): ParsedImportFile {
  const { text, encoding } = decodeText(buffer);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
    });
  } catch (err) {
    throw new ImportFileError(`not a readable CSV file: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (records.length === 0) return { format: 'csv', encoding, rows: [], problems: [] };
  const [header, ...data] = records;
  const table = rowsFromTable(
    header!,
    data.map((cells, i) => ({ at: i + 2, cells })),
  );
  return { format: 'csv', encoding, ...table };
}

/** A cell of an exceljs worksheet as text; dates as YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      return cellText((value as ExcelJS.CellFormulaValue).result);
    }
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return '';
  }
  return JSON.stringify(value);
}

async function parseXlsxFile(buffer: Uint8Array): Promise<ParsedImportFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (err) {
    throw new ImportFileError(
      `not a readable XLSX workbook: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { format: 'xlsx', encoding: null, rows: [], problems: [] };
  let header: string[] | null = null;
  const data: { at: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based: values[0] is empty
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    if (header === null) {
      header = cells;
      if (rowNumber !== 1) header = cells; // a header below blank rows is still the header
      return;
    }
    data.push({ at: rowNumber, cells });
  });
  if (header === null) return { format: 'xlsx', encoding: null, rows: [], problems: [] };
  return { format: 'xlsx', encoding: null, ...rowsFromTable(header, data) };
}

function parseJsonlFile(buffer: Uint8Array): ParsedImportFile {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer).replace(/^\uFEFF/, '');
  } catch {
    throw new ImportFileError('a JSON Lines file must be UTF-8 encoded');
  }
  const rows: SourceRow[] = [];
  const problems: ImportProblem[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const at = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      problems.push({ at, field: '(line)', message: 'catalog.import.not_json', params: { reason } });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({
        at,
        field: '(line)',
        message: 'catalog.import.not_json',
        params: { reason: 'not an object' },
      });
      return;
    }
    rows.push({ at, fields: value as Record<string, unknown> });
  });
  return { format: 'jsonl', encoding: null, rows, problems };
}

/** Reads a whole import file. Throws ImportFileError when it cannot be read as its format at all. */
export async function parseImportFile(buffer: Uint8Array, format: ImportFormat): Promise<ParsedImportFile> {
  if (format === 'csv') return parseCsvFile(buffer);
  if (format === 'xlsx') return parseXlsxFile(buffer);
  return parseJsonlFile(buffer);
}

/** "row 7" / "line 7" / "the file": how a problem's place is named to the person who made the file. */
export function placeLabel(format: ImportFormat, at: number | null): string {
  if (at === null) return 'file';
  return format === 'jsonl' ? `line ${at}` : `row ${at}`;
}

/** A problem as one line of English, for the CLI. */
export function describeProblem(format: ImportFormat, problem: ImportProblem): string {
  const params: Record<string, string | number> = { ...problem.params };
  if (typeof params.first === 'number') params.firstLabel = placeLabel(format, params.first);
  return `${placeLabel(format, problem.at)}: ${problem.field}: ${t('en', problem.message, params)}`;
}

// ---------------------------------------------------------------------------------------------
// One row → one entry of the interchange format (contracts §4b)

export const IMPORT_STATUSES = ['published', 'draft'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
const DOC_TYPE_VALUES = ['regulation', 'normative', 'other'] as const;
type ImportDocType = (typeof DOC_TYPE_VALUES)[number];

/** An item as the contract describes it, after the row's own checks. */
export interface CatalogImportEntry {
  org: string;
  indexNumber: string | null;
  title: string;
  summary: string;
  body: string;
  formedOn: string | null;
  publishedOn: string | null;
  docNumber: string | null;
  columns: string[];
  keywords: string[];
  docType: ImportDocType;
  validity: { effectiveOn: string | null; abolishedOn: string | null } | null;
  status: ImportStatus;
  piiAccepted: boolean;
}

/** An entry as far as its row could be read: fields that failed their own checks are null. */
export type PartialImportEntry = Omit<CatalogImportEntry, 'org' | 'title' | 'docType' | 'status'> & {
  org: string | null;
  title: string | null;
  docType: ImportDocType | null;
  status: ImportStatus | null;
};

export const IMPORT_LIMITS = {
  org: 40,
  indexNumber: 100,
  title: 500,
  summary: 5_000,
  body: 2_000_000,
  docNumber: 200,
  keyword: 50,
  keywords: 50,
  columns: 30,
} as const;

const JSON_FIELDS = new Set([
  'org',
  'indexNumber',
  'title',
  'summary',
  'body',
  'formedOn',
  'publishedOn',
  'docNumber',
  'columns',
  'keywords',
  'docType',
  'validity',
  'status',
  'piiAccepted',
]);

/**
 * A date as offices write it — 2025-03-01, 2025-3-1, 2025/3/1 (Excel's re-save of a CSV), 2025.3.1,
 * 2025年3月1日 — as `YYYY-MM-DD`, or null when it is not a real calendar date.
 */
export function normaliseDate(value: string): string | null {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1949 || y > 2100) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `a;b；c` → [a, b, c]: the contract's `;`, and the full-width `；` a Chinese keyboard types. */
export function splitList(value: string): string[] {
  return value
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', '是', '√']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', '否', '']);

/**
 * Checks one row on its own (shapes, formats, lengths, dates in order). Problems are added to
 * `problems`; the entry holds what could be read, so the checks against the catalog still run and the
 * file's author sees every problem of the row at once.
 */
export function normaliseRow(
  row: SourceRow,
  format: ImportFormat,
  problems: ImportProblem[],
): { entry: PartialImportEntry; valid: boolean } {
  const flat = format !== 'jsonl';
  const before = problems.length;
  const report = (field: string, message: string, params?: ImportProblem['params']) =>
    problems.push({ at: row.at, field, message, ...(params ? { params } : {}) });
  const f = row.fields;

  if (flat && f['\u0000extra']) report('(row)', 'catalog.import.extra_cells');
  if (!flat) {
    for (const key of Object.keys(f)) {
      if (!JSON_FIELDS.has(key)) report(key, 'catalog.import.unknown_field', { name: key });
    }
  }

  const text = (field: string, max: number, required = false): string | null => {
    const value = f[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (required) report(field, 'catalog.import.required');
      return null;
    }
    if (typeof value !== 'string') {
      report(field, 'catalog.import.invalid_type');
      return null;
    }
    const trimmed = field === 'body' ? value : value.trim();
    if (trimmed.length > max) {
      report(field, 'catalog.import.too_long', { max });
      return null;
    }
    return trimmed;
  };
  const date = (field: string, raw: unknown): string | null => {
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return null;
    if (typeof raw !== 'string') {
      report(field, 'catalog.import.date_format');
      return null;
    }
    const value = normaliseDate(raw);
    if (value === null) report(field, 'catalog.import.date_format');
    return value;
  };
  const list = (field: string, maxItems: number, maxEach: number): string[] => {
    const value = f[field];
    if (value === undefined || value === null) return [];
    let items: string[];
    if (typeof value === 'string') items = splitList(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      items = value.map((v) => v.trim()).filter((v) => v !== '');
    } else {
      report(field, 'catalog.import.invalid_type');
      return [];
    }
    if (items.length > maxItems || items.some((v) => v.length > maxEach)) {
      report(field, 'catalog.import.too_long', { max: items.length > maxItems ? maxItems : maxEach });
      return [];
    }
    return [...new Set(items)];
  };
  const choice = <T extends string>(
    field: string,
    values: readonly T[],
    fallback: T | null,
    message: string,
  ): T | null => {
    const value = f[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (fallback === null) report(field, 'catalog.import.required');
      return fallback;
    }
    const normalised = typeof value === 'string' ? value.trim().toLowerCase() : value;
    if (typeof normalised !== 'string' || !(values as readonly string[]).includes(normalised)) {
      report(field, message);
      return null;
    }
    return normalised as T;
  };

  const org = text('org', IMPORT_LIMITS.org, true);
  const indexNumber = text('indexNumber', IMPORT_LIMITS.indexNumber);
  // It becomes the item's address (/xxgk/{org}/items/{索引号}, slashes kept): no blanks, no empty segment.
  if (indexNumber !== null && !/^[^\s/]+(?:\/[^\s/]+)*$/u.test(indexNumber)) {
    report('indexNumber', 'catalog.import.index_format');
  }
  const title = text('title', IMPORT_LIMITS.title, true);
  const summary = text('summary', IMPORT_LIMITS.summary) ?? '';
  const body = text('body', IMPORT_LIMITS.body) ?? '';
  const formedOn = date('formedOn', f.formedOn);
  const publishedOn = date('publishedOn', f.publishedOn);
  const docNumber = text('docNumber', IMPORT_LIMITS.docNumber);
  const columns = list('columns', IMPORT_LIMITS.columns, 60);
  const keywords = list('keywords', IMPORT_LIMITS.keywords, IMPORT_LIMITS.keyword);
  const docType = choice('docType', DOC_TYPE_VALUES, 'other', 'catalog.import.doc_type');
  const status = choice('status', IMPORT_STATUSES, null, 'catalog.import.status');

  let effectiveOn: string | null = null;
  let abolishedOn: string | null = null;
  if (flat) {
    effectiveOn = date('validity.effectiveOn', f['validity.effectiveOn']);
    abolishedOn = date('validity.abolishedOn', f['validity.abolishedOn']);
  } else if (f.validity !== undefined && f.validity !== null) {
    const v = f.validity;
    if (typeof v !== 'object' || Array.isArray(v)) report('validity', 'catalog.import.invalid_type');
    else {
      for (const key of Object.keys(v)) {
        if (key !== 'effectiveOn' && key !== 'abolishedOn') {
          report(`validity.${key}`, 'catalog.import.unknown_field', { name: `validity.${key}` });
        }
      }
      effectiveOn = date('validity.effectiveOn', (v as Record<string, unknown>).effectiveOn);
      abolishedOn = date('validity.abolishedOn', (v as Record<string, unknown>).abolishedOn);
    }
  }
  const hasValidity = effectiveOn !== null || abolishedOn !== null;

  let piiAccepted = false;
  const rawPii = f.piiAccepted;
  if (typeof rawPii === 'boolean') piiAccepted = rawPii;
  else if (rawPii === undefined || rawPii === null) piiAccepted = false;
  else if (typeof rawPii === 'string' && flat && TRUE_WORDS.has(rawPii.trim().toLowerCase()))
    piiAccepted = true;
  else if (typeof rawPii === 'string' && flat && FALSE_WORDS.has(rawPii.trim().toLowerCase()))
    piiAccepted = false;
  else report('piiAccepted', 'catalog.import.boolean_format');

  // Dates in order.
  if (status === 'draft' && publishedOn !== null)
    report('publishedOn', 'catalog.import.published_on_for_draft');
  if (formedOn && publishedOn && formedOn > publishedOn)
    report('formedOn', 'catalog.import.formed_after_published');
  if (hasValidity && docType === 'other') report('validity', 'catalog.import.validity_not_applicable');
  if (effectiveOn && abolishedOn && abolishedOn < effectiveOn) {
    report('validity.abolishedOn', 'catalog.import.abolished_before_effective');
  }

  const entry: PartialImportEntry = {
    org,
    indexNumber,
    title,
    summary,
    body,
    formedOn,
    publishedOn,
    docNumber,
    columns,
    keywords,
    docType,
    validity: hasValidity ? { effectiveOn, abolishedOn } : null,
    status,
    piiAccepted,
  };
  return { entry, valid: problems.length === before };
}

// ---------------------------------------------------------------------------------------------
// Checking against the database and writing, all or nothing

export interface ImportProgress {
  phase: 'checking' | 'writing' | 'indexing';
  done: number;
  total: number;
}

export interface ImportItemsOptions {
  /** The office time zone (config.timeZone): "today" for publication dates. */
  timeZone?: string;
  /** The file's name, recorded in the audit log. */
  source?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportItemsResult {
  imported: number;
  published: number;
  drafts: number;
  /** 索引号 generated from the offices' patterns (published items without one in the file). */
  generatedIndexNumbers: number;
  /** Personal-data findings recorded as accepted (rows with piiAccepted). */
  acceptedPiiFindings: number;
  /** Published items added to the search index. */
  indexed: number;
  itemIds: number[];
}

/** Personal data found in one field of one entry. */
interface FieldPii {
  field: 'title' | 'summary' | 'body';
  matches: PiiMatch[];
}

interface CheckedEntry {
  at: number;
  entry: CatalogImportEntry;
  org: Org;
  columns: CatalogColumn[];
  body: { html: string; text: string };
  pii: FieldPii[];
}

const PII_LABELS: Record<string, string> = {
  resident_id: 'resident ID number',
  mobile: 'mobile number',
  bank_card: 'bank card number',
  email: 'e-mail address',
};

const CHUNK = 200;

/** Which of `numbers` the catalog already uses (bulk: one query per chunk). */
async function existingIndexNumbers(db: Queryable, numbers: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < numbers.length; i += 500) {
    const chunk = numbers.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('catalog_items')
      .select('index_number')
      .where('index_number', 'in', [...chunk])
      .execute();
    for (const row of rows) if (row.index_number) out.add(row.index_number);
  }
  return out;
}

/**
 * Reserves `n` consecutive 索引号 sequence numbers of an office and year in one statement and returns
 * the first: allocateIndexSequence (catalog.repository.ts) for a batch, on the same table and with the
 * same atomic upsert, so imports and publications never hand out the same number.
 */
async function reserveIndexSequences(db: Queryable, orgId: number, year: number, n: number): Promise<number> {
  const row = await db
    .insertInto('catalog_index_sequences')
    .values({ org_id: orgId, year, last_seq: n })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'year'])
        .doUpdateSet((eb) => ({ last_seq: eb('catalog_index_sequences.last_seq', '+', n) })),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq) - n + 1;
}

/**
 * Imports a parsed file (parseImportFile) of catalog items, all or nothing in one transaction:
 * every row is checked first — its own fields (normaliseRow), its organisation and columns, the
 * uniqueness of its 索引号 in the file and in the catalog, and the personal-data scan of its title,
 * summary and 正文 (refused unless the row says `piiAccepted`). Any problem throws AppError VALIDATION
 * listing all of them (`importItemProblemsOf`), and nothing is written. Otherwise the items are
 * inserted in bulk with their columns, a first revision, accepted findings and an audit record each,
 * plus one summary audit record; published items get their 索引号 from the office's pattern when the
 * file has none, and go into the search index in the same transaction.
 */
export async function importItems(
  ctx: UseCaseContext,
  file: ParsedImportFile,
  options: ImportItemsOptions = {},
): Promise<ImportItemsResult> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const progress = options.onProgress ?? (() => undefined);
  const today = dateInTimeZone(ctx.now, timeZone);
  const nowIso = ctx.now.toISOString();
  const problems: ImportProblem[] = [...file.problems];
  const report = (at: number | null, field: string, message: string, params?: ImportProblem['params']) =>
    problems.push({ at, field, message, ...(params ? { params } : {}) });
  if (file.rows.length === 0 && problems.length === 0) report(null, '(file)', 'catalog.import.empty_file');

  const total = file.rows.length;
  const entries: { at: number; entry: PartialImportEntry; valid: boolean }[] = [];
  for (const row of file.rows) entries.push({ at: row.at, ...normaliseRow(row, file.format, problems) });

  return inTransaction(ctx.database.db, async (trx) => {
    // 1. Against the catalog: organisations, columns, 索引号, personal data.
    const orgs = new Map((await listAllOrgs(trx, { includeInactive: true })).map((o) => [o.code, o]));
    const columnCodes = [...new Set(entries.flatMap((e) => e.entry.columns))];
    const columnsByCode = new Map<string, CatalogColumn>();
    for (let i = 0; i < columnCodes.length; i += 500) {
      for (const c of await findColumnsByCodes(trx, columnCodes.slice(i, i + 500)))
        columnsByCode.set(c.code, c);
    }
    const given = entries.map((e) => e.entry.indexNumber).filter((n): n is string => n !== null);
    const taken = await existingIndexNumbers(trx, [...new Set(given)]);
    const firstAt = new Map<string, number>();
    const checked: CheckedEntry[] = [];
    const allowed = new Set<string>();
    let done = 0;
    for (const { at, entry, valid } of entries) {
      done += 1;
      if (done % 250 === 0) progress({ phase: 'checking', done, total });
      let ok = valid;
      const fail = (field: string, message: string, params?: ImportProblem['params']) => {
        report(at, field, message, params);
        ok = false;
      };
      const org = entry.org === null ? undefined : orgs.get(entry.org);
      if (entry.org === null) ok = false;
      else if (!org) fail('org', 'catalog.import.org_unknown', { org: entry.org });
      else if (org.is_active !== 1) fail('org', 'catalog.import.org_inactive', { org: entry.org });
      else if (!allowed.has(`${org.path}:${entry.status}`)) {
        // A published import skips 保密审查: it needs the rights to edit, review and publish there.
        assertCan(ctx.principal, 'catalog.edit', { orgPath: org.path });
        if (entry.status !== 'draft') {
          assertCan(ctx.principal, 'catalog.review', { orgPath: org.path });
          assertCan(ctx.principal, 'catalog.publish', { orgPath: org.path });
        }
        allowed.add(`${org.path}:${entry.status}`);
      }
      const columns: CatalogColumn[] = [];
      for (const code of entry.columns) {
        const column = columnsByCode.get(code);
        if (!column) fail('columns', 'catalog.import.column_unknown', { column: code });
        else if (column.org_id !== null && column.org_id !== org?.id)
          fail('columns', 'catalog.import.column_other_org', { column: code });
        else if (column.is_active !== 1) fail('columns', 'catalog.import.column_inactive', { column: code });
        else columns.push(column);
      }
      if (entry.indexNumber !== null) {
        const first = firstAt.get(entry.indexNumber);
        if (first !== undefined) fail('indexNumber', 'catalog.import.index_duplicate_in_file', { first });
        else {
          firstAt.set(entry.indexNumber, at);
          if (taken.has(entry.indexNumber))
            fail('indexNumber', 'catalog.import.index_taken', { indexNumber: entry.indexNumber });
        }
      }
      if (entry.status === 'published' && entry.publishedOn !== null && entry.publishedOn > today) {
        fail('publishedOn', 'catalog.import.published_in_future', { today });
      }
      const body = normaliseBody(entry.body);
      const pii: FieldPii[] = [];
      for (const [field, text] of [
        ['title', entry.title ?? ''],
        ['summary', entry.summary],
        ['body', body.text],
      ] as const) {
        const matches = scanForPii(text);
        if (matches.length > 0) pii.push({ field, matches });
      }
      if (!entry.piiAccepted) {
        for (const { field, matches } of pii) {
          const findings = matches
            .map((m) => `${PII_LABELS[m.kind] ?? m.kind} ${m.excerptMasked}`)
            .join('; ');
          fail(field, 'catalog.import.pii_found', { findings });
        }
      }
      if (ok && org) checked.push({ at, entry: entry as CatalogImportEntry, org, columns, body, pii });
    }

    // 2. 索引号 patterns of the offices that need generated numbers; every row of an office whose
    // pattern cannot be used (it names {creditCode} and the office has none, say) is a problem.
    const patterns = new Map<number, IndexPatternPart[]>();
    const unusable = new Map<number, string>();
    for (const c of checked) {
      if (c.entry.status !== 'published' || c.entry.indexNumber !== null) continue;
      if (!patterns.has(c.org.id) && !unusable.has(c.org.id)) {
        const parsed = parseIndexPattern(await findIndexPattern(trx, c.org.id));
        if (!parsed.ok) unusable.set(c.org.id, t('en', parsed.error, parsed.params));
        else if (usesCreditCode(parsed.parts) && !c.org.credit_code) {
          unusable.set(c.org.id, 'it uses {creditCode} and the organisation has none');
        } else patterns.set(c.org.id, parsed.parts);
      }
      const reason = unusable.get(c.org.id);
      if (reason !== undefined) {
        report(c.at, 'indexNumber', 'catalog.import.index_pattern_unusable', { org: c.org.code, reason });
      }
    }

    progress({ phase: 'checking', done: total, total });
    if (problems.length > 0) throw importItemsValidationError(problems);

    // 3. Write.
    return writeItems(ctx, trx, checked, {
      nowIso,
      patterns,
      taken: new Set([...taken, ...given]),
      options,
      progress,
    });
  });
}

async function writeItems(
  ctx: UseCaseContext,
  trx: Tx,
  checked: CheckedEntry[],
  state: {
    nowIso: string;
    patterns: Map<number, IndexPatternPart[]>;
    taken: Set<string>;
    options: ImportItemsOptions;
    progress: (p: ImportProgress) => void;
  },
): Promise<ImportItemsResult> {
  const { nowIso, progress } = state;
  const by = ctx.principal.userId;
  const total = checked.length;

  // 索引号 for published items without one: the office's pattern and sequence, the sequence numbers
  // reserved per office and year in one statement. A number already in use (given in the file, or in
  // the catalog) is skipped: those items go round again with fresh sequence numbers.
  let generated = 0;
  const indexNumbers: (string | null)[] = checked.map((c) => c.entry.indexNumber);
  let pending = checked
    .map((c, i) => (c.entry.status === 'published' && c.entry.indexNumber === null ? i : -1))
    .filter((i) => i >= 0);
  const fallbackDate = dateInTimeZone(ctx.now, state.options.timeZone ?? DEFAULT_TIME_ZONE);
  const publishedOnOf = (i: number) => checked[i]!.entry.publishedOn ?? fallbackDate;
  for (let round = 0; pending.length > 0; round++) {
    if (round > 100) throw new AppError('INVALID_STATE', 'catalog.error.index_exhausted');
    const groups = new Map<string, number[]>();
    for (const i of pending) {
      const key = `${checked[i]!.org.id}:${publishedOnOf(i).slice(0, 4)}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    }
    const fresh: number[] = [];
    const retry: number[] = [];
    for (const members of groups.values()) {
      const org = checked[members[0]!]!.org;
      const year = Number(publishedOnOf(members[0]!).slice(0, 4));
      const first = await reserveIndexSequences(trx, org.id, year, members.length);
      members.forEach((i, k) => {
        const number = renderIndexNumber(state.patterns.get(org.id)!, {
          orgCode: org.code,
          creditCode: org.credit_code,
          date: publishedOnOf(i),
          seq: first + k,
        });
        if (state.taken.has(number)) retry.push(i);
        else {
          state.taken.add(number);
          indexNumbers[i] = number;
          fresh.push(i);
        }
      });
    }
    const inUse = await existingIndexNumbers(
      trx,
      fresh.map((i) => indexNumbers[i]!),
    );
    const clashed = fresh.filter((i) => inUse.has(indexNumbers[i]!));
    generated += fresh.length - clashed.length;
    pending = [...retry, ...clashed];
  }

  // Working calendars for 条例第二十六条 lateness, one per office.
  const calendars = new Map<number, WorkingDayCounter>();
  for (const c of checked) {
    if (c.entry.status === 'published' && c.entry.formedOn !== null && !calendars.has(c.org.id)) {
      calendars.set(c.org.id, await defaultCalendarLoader(trx, c.org.path));
    }
  }

  const today = dateInTimeZone(ctx.now, state.options.timeZone ?? DEFAULT_TIME_ZONE);
  const rows: NewCatalogItemRow[] = checked.map((c, i) => {
    const e = c.entry;
    const published = e.status === 'published';
    const publishedOn = published ? (e.publishedOn ?? today) : null;
    const lateness =
      published && e.formedOn !== null
        ? computeLateness(e.formedOn, publishedOn!, calendars.get(c.org.id)!)
        : null;
    const hasLifecycle = e.docType !== 'other';
    return {
      org_id: c.org.id,
      index_number: indexNumbers[i]!,
      title: e.title,
      summary: e.summary,
      body_html: c.body.html,
      body_text: c.body.text,
      formed_on: e.formedOn,
      published_on: publishedOn,
      published_at: published ? nowIso : null,
      published_by: published ? by : null,
      scheduled_at: null,
      doc_number: e.docNumber,
      doc_type: e.docType,
      subject_category: null,
      genre: null,
      keywords_json: JSON.stringify(e.keywords),
      disclosure_method: DEFAULT_DISCLOSURE_METHOD,
      disclosure_scope: DEFAULT_DISCLOSURE_SCOPE,
      source: null,
      issued_on: hasLifecycle ? e.formedOn : null,
      effective_on: e.validity?.effectiveOn ?? null,
      amended_on: null,
      amended_by_item_id: null,
      abolished_on: e.validity?.abolishedOn ?? null,
      status: e.status,
      submitted_by: null,
      submitted_at: null,
      review_decision: null,
      review_opinion: null,
      reviewed_by: null,
      reviewed_at: null,
      withdrawal_reason: null,
      withdrawn_at: null,
      withdrawn_by: null,
      is_late: lateness?.isLate ? 1 : 0,
      publication_working_days: lateness?.workingDays ?? null,
      created_by: by,
      created_at: nowIso,
      updated_by: by,
      updated_at: nowIso,
    };
  });

  // Items, in chunks (each row has ~45 parameters; both databases cap a statement's parameters).
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const inserted = await trx
      .insertInto('catalog_items')
      .values(rows.slice(i, i + CHUNK))
      .returning('id')
      .execute();
    // Both databases return the rows of a multi-row INSERT … RETURNING in VALUES order.
    for (const row of inserted) ids.push(Number(row.id));
    progress({ phase: 'writing', done: Math.min(i + CHUNK, rows.length), total });
  }

  // Columns, first revisions and accepted personal-data findings.
  const links = checked.flatMap((c, i) => c.columns.map((col) => ({ item_id: ids[i]!, column_id: col.id })));
  for (let i = 0; i < links.length; i += 1000) {
    await trx
      .insertInto('catalog_item_columns')
      .values(links.slice(i, i + 1000))
      .execute();
  }
  const revisions = checked.map((c, i) => ({
    item_id: ids[i]!,
    revision: 1,
    action: 'import',
    snapshot_json: JSON.stringify({
      ...rows[i],
      id: ids[i],
      version: 1,
      columns: c.columns.map((col) => col.code),
    }),
    created_by: by,
    created_at: nowIso,
  }));
  for (let i = 0; i < revisions.length; i += CHUNK) {
    await trx
      .insertInto('catalog_item_revisions')
      .values(revisions.slice(i, i + CHUNK))
      .execute();
  }
  const findings: NewPiiFindingRow[] = [];
  checked.forEach((c, i) => {
    for (const { field, matches } of c.pii) {
      if (field !== 'body') continue; // the findings table holds offsets into body_text
      for (const m of matches) {
        findings.push({
          item_id: ids[i]!,
          source: 'body',
          attachment_id: null,
          kind: m.kind,
          start_offset: m.start,
          end_offset: m.end,
          excerpt_masked: m.excerptMasked,
          match_sha256: createHash('sha256').update(m.value).digest('hex'),
          status: 'accepted',
          decided_by: by,
          decided_at: nowIso,
          note: 'piiAccepted in the import file',
          created_at: nowIso,
        });
      }
    }
  });
  for (let i = 0; i < findings.length; i += CHUNK) await insertPiiFindings(trx, findings.slice(i, i + CHUNK));

  // Audit: one record per item (appended in bulk), then the import as a whole.
  await appendAuditRecords(
    ctx,
    trx,
    checked.map((c, i) => ({
      action: 'catalog.item.import',
      entityType: 'catalog_item',
      entityId: ids[i]!,
      orgId: c.org.id,
      after: {
        indexNumber: indexNumbers[i],
        title: c.entry.title,
        status: c.entry.status,
        ...(c.pii.length > 0
          ? { piiAccepted: c.pii.map((p) => ({ field: p.field, kinds: p.matches.map((m) => m.kind) })) }
          : {}),
      },
    })),
  );
  const published = checked.filter((c) => c.entry.status === 'published').length;
  await audit(ctx, trx, {
    action: 'catalog.import',
    entityType: 'catalog_import',
    entityId: state.options.source ?? null,
    after: {
      source: state.options.source ?? null,
      items: checked.length,
      published,
      drafts: checked.length - published,
      generatedIndexNumbers: generated,
      acceptedPiiFindings: findings.length,
      firstItemId: ids[0] ?? null,
      lastItemId: ids[ids.length - 1] ?? null,
    },
  });

  // Search: what the public may now see, in the same transaction.
  const index = createSearchIndex(ctx.database);
  const docs: SearchDocument[] = [];
  checked.forEach((c, i) => {
    const row = rows[i]!;
    if (row.status !== 'published') return;
    docs.push({
      id: ids[i]!,
      orgId: c.org.id,
      orgPath: c.org.path,
      orgCode: c.org.code,
      indexNumber: row.index_number!,
      title: row.title,
      summary: row.summary ?? '',
      body: row.body_text ?? '',
      attachmentText: '',
      docNumber: row.doc_number ?? null,
      keywords: c.entry.keywords,
      columns: c.columns.map((col) => col.code),
      publishedOn: row.published_on!,
      docType: c.entry.docType,
      effectiveOn: row.effective_on ?? null,
      abolishedOn: row.abolished_on ?? null,
    });
  });
  for (let i = 0; i < docs.length; i += 500) {
    await index.upsertMany(trx, docs.slice(i, i + 500));
    progress({ phase: 'indexing', done: Math.min(i + 500, docs.length), total: docs.length });
  }

  return {
    imported: checked.length,
    published,
    drafts: checked.length - published,
    generatedIndexNumbers: generated,
    acceptedPiiFindings: findings.length,
    indexed: docs.length,
    itemIds: ids,
  };
}

/**
 * Appends many audit records at once: the same records, hashes and chain as `audit()` writing them one
 * by one (platform/audit/audit.ts's computeAuditHash over the same fields, under the same append lock),
 * but one read of the chain's head and multi-row inserts, so an import of thousands of items stays
 * fast on both databases. `gongkai audit verify` checks the result like any other part of the chain.
 */
async function appendAuditRecords(ctx: UseCaseContext, trx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // The lock recordAudit takes (its CHAIN_LOCK): appends to the chain are serialised across processes.
  await ctx.database.dialect.lockForAppend(trx as unknown as Kysely<unknown>, 'audit_log');
  const head = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const actor = auditActorOf(ctx.principal, ctx.meta);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const at = ctx.now.toISOString();
  const rows = entries.map((entry) => {
    seq += 1;
    const fields = {
      seq,
      prev_hash: prevHash,
      at,
      actor_user_id: actor.userId,
      actor_label: actor.label,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
      org_id: entry.orgId ?? null,
      before_json: entry.before === undefined ? null : canonicalJson(entry.before),
      after_json: entry.after === undefined ? null : canonicalJson(entry.after),
      ip: actor.ip ?? null,
      user_agent: actor.userAgent ?? null,
      request_id: actor.requestId ?? null,
    };
    prevHash = computeAuditHash(fields);
    return { ...fields, hash: prevHash };
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

/** Problems sorted by place; `field` carries the place (`[7].title`, `[file].org`) as in the org import. */
function importItemsValidationError(problems: ImportProblem[]): AppError {
  const sorted = [...problems].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
  const fields: FieldProblem[] = sorted.map((p) => ({
    field: `[${p.at ?? 'file'}].${p.field}`,
    message: p.message,
    params: { ...p.params, at: p.at ?? 0 },
  }));
  return AppError.validation(
    fields,
    `The import file has ${problems.length} problem(s); nothing was imported`,
  );
}

/** The problems of an import error, back in their structured form (for the CLI and a web form). */
export function importItemProblemsOf(error: AppError): ImportProblem[] {
  return (error.details.fields ?? []).map((f) => {
    const match = /^\[(\d+|file)\]\.(.*)$/.exec(f.field);
    const { at: _at, ...params } = f.params ?? {};
    return {
      at: match && match[1] !== 'file' ? Number(match[1]) : null,
      field: match ? match[2]! : f.field,
      message: f.message,
      ...(Object.keys(params).length ? { params } : {}),
    };
  });
}
