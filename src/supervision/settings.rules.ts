import { z } from 'zod';
import type { FieldProblem } from '../platform/errors.js';
import {
  DEFAULT_DUE_SOON_WORKDAYS,
  DEFAULT_ESCALATE_AFTER_WORKDAYS,
  DEFAULT_MIN_COUNT,
} from './supervision.rules.js';

/**
 * The thresholds of supervision, stored in `supervision_settings` (staff change them; style guide 11)
 * and validated here: a misconfigured threshold is refused with a message naming the field.
 */

export interface WebsiteCheckSettings {
  /** 国办秘函〔2019〕19号: 动态、要闻类 columns not updated within 2 weeks. */
  newsMaxAgeDays: number;
  /** 通知公告、政策文件类 columns not updated within 6 months. */
  noticeMaxAgeDays: number;
  /** 单项否决: 5 or more news/notice/policy columns not updated. */
  vetoStaleColumns: number;
  /** 单项否决: 10 or more columns of any kind long not updated. */
  vetoLongStaleColumns: number;
  /** 单项否决: 5 or more empty columns (有栏目无内容). */
  vetoEmptyColumns: number;
  /** 单项否决 "网站不更新": no new item at all for this many days. */
  siteNotUpdatedDays: number;
  /** Link checks: per-request timeout, parallel requests, and the most URLs one run checks. */
  linkTimeoutMs: number;
  linkConcurrency: number;
  maxLinksPerRun: number;
}

export interface SupervisionSettings {
  dueSoonWorkdays: number;
  escalateAfterWorkdays: number;
  minCount: number;
  website: WebsiteCheckSettings;
}

export const DEFAULT_SETTINGS: SupervisionSettings = {
  dueSoonWorkdays: DEFAULT_DUE_SOON_WORKDAYS,
  escalateAfterWorkdays: DEFAULT_ESCALATE_AFTER_WORKDAYS,
  minCount: DEFAULT_MIN_COUNT,
  website: {
    newsMaxAgeDays: 14,
    noticeMaxAgeDays: 183,
    vetoStaleColumns: 5,
    vetoLongStaleColumns: 10,
    vetoEmptyColumns: 5,
    siteNotUpdatedDays: 14,
    linkTimeoutMs: 5000,
    linkConcurrency: 4,
    maxLinksPerRun: 300,
  },
};

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'supervision.error.threshold_invalid' })
    .int({ error: 'supervision.error.threshold_invalid' })
    .min(min, { error: 'supervision.error.threshold_invalid' })
    .max(max, { error: 'supervision.error.threshold_invalid' });

/** Field name → [min, max]; the form shows the range in the message. */
export const SETTING_RANGES = {
  dueSoonWorkdays: [0, 20],
  escalateAfterWorkdays: [1, 60],
  minCount: [1, 100],
  newsMaxAgeDays: [1, 366],
  noticeMaxAgeDays: [1, 731],
  vetoStaleColumns: [1, 100],
  vetoLongStaleColumns: [1, 200],
  vetoEmptyColumns: [1, 100],
  siteNotUpdatedDays: [1, 366],
  linkTimeoutMs: [500, 30000],
  linkConcurrency: [1, 16],
  maxLinksPerRun: [1, 5000],
} as const satisfies Record<string, readonly [number, number]>;

type FlatSettings = Record<keyof typeof SETTING_RANGES, number>;

const flatSchema = z.object(
  Object.fromEntries(Object.entries(SETTING_RANGES).map(([k, [min, max]]) => [k, int(min, max)])) as Record<
    keyof typeof SETTING_RANGES,
    ReturnType<typeof int>
  >,
);

export function flattenSettings(s: SupervisionSettings): FlatSettings {
  return {
    dueSoonWorkdays: s.dueSoonWorkdays,
    escalateAfterWorkdays: s.escalateAfterWorkdays,
    minCount: s.minCount,
    ...s.website,
  };
}

/** Parses the settings form (flat field names); returns the settings or the problems. */
export function parseSettings(values: Record<string, unknown>): {
  settings: SupervisionSettings | null;
  problems: FieldProblem[];
} {
  const parsed = flatSchema.safeParse(values);
  if (!parsed.success) {
    return {
      settings: null,
      problems: parsed.error.issues.map((issue) => {
        const field = issue.path.map(String).join('.');
        const range = SETTING_RANGES[field as keyof typeof SETTING_RANGES];
        const problem: FieldProblem = { field, message: 'supervision.error.threshold_invalid' };
        if (range) problem.params = { min: range[0], max: range[1] };
        return problem;
      }),
    };
  }
  const f = parsed.data;
  return {
    settings: {
      dueSoonWorkdays: f.dueSoonWorkdays,
      escalateAfterWorkdays: f.escalateAfterWorkdays,
      minCount: f.minCount,
      website: {
        newsMaxAgeDays: f.newsMaxAgeDays,
        noticeMaxAgeDays: f.noticeMaxAgeDays,
        vetoStaleColumns: f.vetoStaleColumns,
        vetoLongStaleColumns: f.vetoLongStaleColumns,
        vetoEmptyColumns: f.vetoEmptyColumns,
        siteNotUpdatedDays: f.siteNotUpdatedDays,
        linkTimeoutMs: f.linkTimeoutMs,
        linkConcurrency: f.linkConcurrency,
        maxLinksPerRun: f.maxLinksPerRun,
      },
    },
    problems: [],
  };
}

/** Settings as stored, merged over the defaults (a stored value that no longer validates is ignored). */
export function settingsFromStored(stored: unknown): SupervisionSettings {
  if (!stored || typeof stored !== 'object') return DEFAULT_SETTINGS;
  const flat = { ...flattenSettings(DEFAULT_SETTINGS), ...(stored as Record<string, unknown>) };
  return parseSettings(flat).settings ?? DEFAULT_SETTINGS;
}
