import type { SupervisedOrg } from './supervision.repository.js';
import type { SupervisionSettings } from './settings.rules.js';
import { rankBy, type OrgIndicators, type Period } from './supervision.rules.js';

/**
 * What a quarter's published results hold: organisations, counts, rates and findings, never a
 * person. The rules used travel with the results, so a published page states them as they were.
 */

export const FINDING_KEYS = [
  'answered_late',
  'overdue_open',
  'corrections_late',
  'consultations_past_window',
  'items_late',
  'annual_report_late',
] as const;
export type FindingKey = (typeof FINDING_KEYS)[number];

export interface QuarterOrgResult {
  orgId: number;
  code: string;
  name: string;
  rank: number | null;
  answered: number;
  onTime: number;
  answeredLate: number;
  onTimeRate: number | null;
  isBelowMinimum: boolean;
  medianDays: number | null;
  p90Days: number | null;
  open: number;
  overdue: number;
  correctionsLate: number;
  consultationsPastWindow: number;
  itemsPublished: number;
  itemsLate: number;
  findings: { key: FindingKey; count: number }[];
}

export interface QuarterResults {
  asOf: string;
  orgs: QuarterOrgResult[];
  total: Omit<QuarterOrgResult, 'orgId' | 'code' | 'name' | 'rank' | 'findings'>;
}

export interface QuarterRules {
  period: Period;
  dueSoonWorkdays: number;
  minCount: number;
  /** Each rule in words is a message key (`supervision.rule.*`) rendered on the page. */
  ruleKeys: string[];
}

export const RULE_KEYS = [
  'supervision.rule.on_time',
  'supervision.rule.answer_days',
  'supervision.rule.percentile',
  'supervision.rule.min_count',
  'supervision.rule.ranking',
  'supervision.rule.correction_late',
  'supervision.rule.consultation',
  'supervision.rule.items_late',
  'supervision.rule.overdue_open',
  'supervision.rule.annual_report',
  'supervision.rule.source',
];

function figuresOf(ind: OrgIndicators) {
  return {
    answered: ind.answered,
    onTime: ind.onTime,
    answeredLate: ind.answeredLate,
    onTimeRate: ind.onTimeRate.value,
    isBelowMinimum: ind.onTimeRate.isBelowMinimum,
    medianDays: ind.medianAnswerDays.value,
    p90Days: ind.p90AnswerDays.value,
    open: ind.open,
    overdue: ind.overdue,
    correctionsLate: ind.correctionsLate,
    consultationsPastWindow: ind.consultationsPastWindow,
    itemsPublished: ind.itemsPublished,
    itemsLate: ind.itemsLate,
  };
}

/** Builds a quarter's results: the ranking by on-time rate (ties share a rank) and each unit's findings. */
export function buildQuarterResults(
  orgs: readonly SupervisedOrg[],
  indicators: readonly OrgIndicators[],
  total: OrgIndicators,
  asOf: string,
  annualReportsLate: ReadonlyMap<number, number> = new Map(),
): QuarterResults {
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const ranked = rankBy(indicators, (i) => i.onTimeRate.value);
  return {
    asOf,
    orgs: ranked.map(({ entry, rank }) => {
      const org = byId.get(entry.orgId)!;
      const f = figuresOf(entry);
      const findings: QuarterOrgResult['findings'] = (
        [
          ['answered_late', f.answeredLate],
          ['overdue_open', f.overdue],
          ['corrections_late', f.correctionsLate],
          ['consultations_past_window', f.consultationsPastWindow],
          ['items_late', f.itemsLate],
          ['annual_report_late', annualReportsLate.get(entry.orgId) ?? 0],
        ] as const
      )
        .filter(([, n]) => n > 0)
        .map(([key, count]) => ({ key, count }));
      return { orgId: org.id, code: org.code, name: org.name, rank, ...f, findings };
    }),
    total: figuresOf(total),
  };
}

export function quarterRulesOf(period: Period, settings: SupervisionSettings): QuarterRules {
  return {
    period,
    dueSoonWorkdays: settings.dueSoonWorkdays,
    minCount: settings.minCount,
    ruleKeys: RULE_KEYS,
  };
}
