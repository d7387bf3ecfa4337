import { Parser } from 'htmlparser2';
import { addCalendarDays, type IsoDate } from '../calendar/dates.rules.js';
import type { WebsiteCheckSettings } from './settings.rules.js';

/**
 * Website checks after the national inspection indicators (cn-rules §5: 国办发〔2015〕15号 普查评分表
 * and 国办秘函〔2019〕19号). Pure: the column facts and link results come in, findings and the veto
 * items (单项否决) go out.
 */

export const COLUMN_CATEGORIES = ['news', 'notice', 'policy', 'other'] as const;
export type ColumnCategory = (typeof COLUMN_CATEGORIES)[number];

export interface ColumnRule {
  category: ColumnCategory;
  /** Null: the column is never stale (e.g. yearly budgets), only checked for emptiness. */
  maxAgeDays: number | null;
  isRequired: boolean;
}

/**
 * The rule of a column without a stored one, from its name: 动态/要闻/新闻 are news-type (2 weeks);
 * 通知/公告 notices and 政策/文件/规章/规范性文件 policy columns (6 months); anything else is never stale.
 */
export function defaultColumnRule(name: string, settings: WebsiteCheckSettings): ColumnRule {
  if (/动态|要闻|新闻|会议与领导活动/.test(name)) {
    return { category: 'news', maxAgeDays: settings.newsMaxAgeDays, isRequired: false };
  }
  if (/通知|公告/.test(name))
    return { category: 'notice', maxAgeDays: settings.noticeMaxAgeDays, isRequired: false };
  if (/政策|文件|规章|规范性/.test(name)) {
    return { category: 'policy', maxAgeDays: settings.noticeMaxAgeDays, isRequired: false };
  }
  return { category: 'other', maxAgeDays: null, isRequired: false };
}

/** One column of one organisation, as the check sees it. */
export interface ColumnFacts {
  columnId: number;
  code: string;
  name: string;
  rule: ColumnRule;
  /** Items currently published in it by the organisation. */
  publishedCount: number;
  lastPublishedOn: IsoDate | null;
}

export interface LinkFinding {
  url: string;
  itemId: number;
  /** HTTP status, or `timeout` / `error`. */
  result: string;
}

export interface OrgCheckInput {
  orgId: number;
  columns: readonly ColumnFacts[];
  /** Published items without a publication date (普查: "未注明信息发布时间的视为不更新"). */
  undatedItems: readonly { itemId: number; title: string }[];
  brokenLinks: readonly LinkFinding[];
  missingAttachments: readonly { itemId: number; name: string }[];
  /** The newest publication date of any item of the organisation. */
  lastPublishedOn: IsoDate | null;
}

export type VetoReason =
  'columns_not_updated' | 'columns_long_not_updated' | 'empty_columns' | 'site_not_updated';

export interface StaleColumn {
  columnId: number;
  code: string;
  name: string;
  category: ColumnCategory;
  lastPublishedOn: IsoDate | null;
  maxAgeDays: number;
}

export interface OrgCheckResult {
  orgId: number;
  staleColumns: StaleColumn[];
  emptyColumns: { columnId: number; code: string; name: string }[];
  undatedItems: { itemId: number; title: string }[];
  brokenLinks: LinkFinding[];
  missingAttachments: { itemId: number; name: string }[];
  veto: VetoReason[];
  /** 100 minus deductions; 0 on any veto item. */
  score: number;
}

/** Deductions per finding (扣分指标, after the self-check examples in cn-rules §5.2). */
export const DEDUCTIONS = {
  staleColumn: 5,
  emptyColumn: 2,
  undatedItem: 1,
  brokenLink: 1,
  missingAttachment: 2,
} as const;

export function checkOrganisation(
  input: OrgCheckInput,
  today: IsoDate,
  settings: WebsiteCheckSettings,
): OrgCheckResult {
  const staleColumns: StaleColumn[] = [];
  const emptyColumns: OrgCheckResult['emptyColumns'] = [];
  for (const col of input.columns) {
    if (col.publishedCount === 0) {
      emptyColumns.push({ columnId: col.columnId, code: col.code, name: col.name });
      continue;
    }
    const maxAge = col.rule.maxAgeDays;
    if (maxAge === null) continue;
    // Stale when the newest item is older than the limit: published before today − maxAge.
    if (col.lastPublishedOn === null || col.lastPublishedOn < addCalendarDays(today, -maxAge)) {
      staleColumns.push({
        columnId: col.columnId,
        code: col.code,
        name: col.name,
        category: col.rule.category,
        lastPublishedOn: col.lastPublishedOn,
        maxAgeDays: maxAge,
      });
    }
  }
  const veto: VetoReason[] = [];
  const keyStale = staleColumns.filter((c) => c.category !== 'other').length;
  if (keyStale >= settings.vetoStaleColumns) veto.push('columns_not_updated');
  if (staleColumns.length >= settings.vetoLongStaleColumns) veto.push('columns_long_not_updated');
  if (emptyColumns.length >= settings.vetoEmptyColumns) veto.push('empty_columns');
  if (
    input.lastPublishedOn === null ||
    input.lastPublishedOn < addCalendarDays(today, -settings.siteNotUpdatedDays)
  ) {
    veto.push('site_not_updated');
  }
  const deductions =
    staleColumns.length * DEDUCTIONS.staleColumn +
    emptyColumns.length * DEDUCTIONS.emptyColumn +
    input.undatedItems.length * DEDUCTIONS.undatedItem +
    input.brokenLinks.length * DEDUCTIONS.brokenLink +
    input.missingAttachments.length * DEDUCTIONS.missingAttachment;
  return {
    orgId: input.orgId,
    staleColumns,
    emptyColumns,
    undatedItems: [...input.undatedItems],
    brokenLinks: [...input.brokenLinks],
    missingAttachments: [...input.missingAttachments],
    veto,
    score: veto.length ? 0 : Math.max(0, 100 - deductions),
  };
}

/**
 * The absolute http(s) URLs an item's body links to or embeds (`href`, `src`), de-duplicated, in
 * order. Relative links point into this site and are not what the link check is for.
 */
export function extractLinks(bodyHtml: string): string[] {
  const urls: string[] = [];
  const parser = new Parser({
    onopentag(_name, attrs) {
      for (const attr of ['href', 'src']) {
        const value = attrs[attr]?.trim();
        if (!value) continue;
        try {
          const url = new URL(value);
          if ((url.protocol === 'http:' || url.protocol === 'https:') && !urls.includes(url.href)) {
            urls.push(url.href);
          }
        } catch {
          // Not an absolute URL.
        }
      }
    },
  });
  parser.write(bodyHtml);
  parser.end();
  return urls;
}

/** Whether an HTTP status counts as a working link (after redirects; a 3xx without a Location counts as working). */
export function isWorkingStatus(status: number): boolean {
  return status >= 200 && status < 400;
}
