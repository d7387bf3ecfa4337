import type { FieldProblem } from '../platform/errors.js';
import { rankBy, type OrgIndicators } from './supervision.rules.js';

/**
 * Assessment (考核): a score per organisation from configurable indicators and weights. Pure. Each
 * indicator gives a score of 0–100; the total is the weighted mean over the indicators that have a
 * value (a rate hidden by the minimum-count rule, or a website never checked, leaves its weight out
 * rather than counting as 0 or 100).
 */

export const ASSESSMENT_INDICATORS = [
  'on_time_rate', // 100 × share answered on time
  'overdue', // 100 − penalty × open cases overdue at the period's end
  'answered_late', // 100 − penalty × answers given late in the period
  'corrections_late', // 100 − penalty × correction requests after 7 working days (条例30)
  'consultations_past_window', // 100 − penalty × consultations past 15 working days (条例32)
  'items_late', // 100 − penalty × items published > 20 working days after formation (条例26)
  'website', // the latest website-check score; 0 on a veto item
] as const;
export type AssessmentIndicator = (typeof ASSESSMENT_INDICATORS)[number];

/** Indicators scored as 100 minus a penalty per case. */
export const COUNT_INDICATORS: readonly AssessmentIndicator[] = [
  'overdue',
  'answered_late',
  'corrections_late',
  'consultations_past_window',
  'items_late',
];

export interface IndicatorWeight {
  key: AssessmentIndicator;
  weight: number;
  /** Points deducted per case (count indicators only). */
  penalty: number;
}

export const DEFAULT_ASSESSMENT: IndicatorWeight[] = [
  { key: 'on_time_rate', weight: 40, penalty: 0 },
  { key: 'overdue', weight: 15, penalty: 10 },
  { key: 'corrections_late', weight: 5, penalty: 10 },
  { key: 'consultations_past_window', weight: 5, penalty: 10 },
  { key: 'items_late', weight: 10, penalty: 5 },
  { key: 'website', weight: 25, penalty: 0 },
];

const MAX_WEIGHT = 1000;
const MAX_PENALTY = 100;

/**
 * Checks a configuration as staff entered it: known indicators, each once, weights finite and
 * non-negative, their sum above zero, penalties within 0–100. Returns the problems (empty when valid),
 * each naming its field with an i18n key.
 */
export function validateAssessmentConfig(
  rows: readonly { key: string; weight: unknown; penalty: unknown }[],
): {
  problems: FieldProblem[];
  indicators: IndicatorWeight[];
} {
  const problems: FieldProblem[] = [];
  const indicators: IndicatorWeight[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (!(ASSESSMENT_INDICATORS as readonly string[]).includes(row.key)) {
      problems.push({ field: `indicators.${i}.key`, message: 'supervision.error.indicator_unknown' });
      return;
    }
    if (seen.has(row.key)) {
      problems.push({ field: `weight_${row.key}`, message: 'supervision.error.indicator_duplicate' });
      return;
    }
    seen.add(row.key);
    const weight = toNumber(row.weight);
    const penalty = toNumber(row.penalty ?? 0);
    if (weight === null || weight < 0 || weight > MAX_WEIGHT) {
      problems.push({
        field: `weight_${row.key}`,
        message: 'supervision.error.weight_invalid',
        params: { max: MAX_WEIGHT },
      });
    }
    if (penalty === null || penalty < 0 || penalty > MAX_PENALTY) {
      problems.push({
        field: `penalty_${row.key}`,
        message: 'supervision.error.penalty_invalid',
        params: { max: MAX_PENALTY },
      });
    }
    if (weight !== null && penalty !== null) {
      indicators.push({ key: row.key as AssessmentIndicator, weight, penalty });
    }
  });
  const total = indicators.reduce((n, i) => n + (i.weight > 0 ? i.weight : 0), 0);
  if (problems.length === 0 && !(total > 0)) {
    problems.push({ field: 'weights', message: 'supervision.error.weights_zero' });
  }
  return { problems, indicators: problems.length ? [] : indicators };
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    return Number(value.trim());
  }
  return null;
}

/** What an organisation's assessment is computed from. */
export interface AssessmentInput {
  orgId: number;
  indicators: OrgIndicators;
  /** The latest website-check score (0 on a veto), or null when never checked. */
  websiteScore: number | null;
}

export interface AssessmentPart {
  key: AssessmentIndicator;
  weight: number;
  /** The raw figure (a rate 0–1, a count, a website score). */
  value: number | null;
  score: number | null;
}

export interface AssessmentScore {
  orgId: number;
  score: number | null;
  rank: number | null;
  parts: AssessmentPart[];
}

function clampScore(x: number): number {
  return Math.max(0, Math.min(100, x));
}

function rawValue(key: AssessmentIndicator, input: AssessmentInput): number | null {
  const ind = input.indicators;
  switch (key) {
    case 'on_time_rate':
      return ind.onTimeRate.value;
    case 'overdue':
      return ind.overdue;
    case 'answered_late':
      return ind.answeredLate;
    case 'corrections_late':
      return ind.correctionsLate;
    case 'consultations_past_window':
      return ind.consultationsPastWindow;
    case 'items_late':
      return ind.itemsLate;
    case 'website':
      return input.websiteScore;
  }
}

/** Scores and ranks (competition ranking, ties share a rank; no score, no rank). */
export function computeAssessment(
  config: readonly IndicatorWeight[],
  inputs: readonly AssessmentInput[],
): AssessmentScore[] {
  const scored = inputs.map((input) => {
    const parts: AssessmentPart[] = config.map((c) => {
      const value = rawValue(c.key, input);
      let score: number | null = null;
      if (value !== null) {
        if (c.key === 'on_time_rate') score = clampScore(value * 100);
        else if (c.key === 'website') score = clampScore(value);
        else score = clampScore(100 - c.penalty * value);
      }
      return { key: c.key, weight: c.weight, value, score };
    });
    const counted = parts.filter((p) => p.score !== null && p.weight > 0);
    const weightSum = counted.reduce((n, p) => n + p.weight, 0);
    const total =
      weightSum > 0 ? counted.reduce((n, p) => n + p.weight * (p.score as number), 0) / weightSum : null;
    return { orgId: input.orgId, score: total === null ? null : Math.round(total * 100) / 100, parts };
  });
  return rankBy(scored, (s) => s.score).map(({ entry, rank }) => ({ ...entry, rank }));
}
