import type { Queryable } from '../platform/db/transaction.js';
import { inTransaction } from '../platform/db/transaction.js';
import {
  computeAssessment,
  DEFAULT_ASSESSMENT,
  type AssessmentScore,
  type IndicatorWeight,
} from './assessment.rules.js';
import { computeSupervisionFigures, loadSupervisionSettings } from './compute-figures.js';
import {
  latestAssessmentConfig,
  latestWebsiteScores,
  replaceAssessmentScores,
  type SupervisedOrg,
} from './supervision.repository.js';
import { quarterPeriod } from './supervision.rules.js';

export interface AssessmentView {
  configId: number | null;
  config: IndicatorWeight[];
  periodKey: string;
  orgs: SupervisedOrg[];
  scores: AssessmentScore[];
}

export async function loadAssessmentConfig(
  db: Queryable,
): Promise<{ id: number | null; config: IndicatorWeight[] }> {
  const row = await latestAssessmentConfig(db);
  return row
    ? { id: row.id, config: JSON.parse(row.indicators_json) as IndicatorWeight[] }
    : { id: null, config: DEFAULT_ASSESSMENT };
}

/**
 * The assessment of the given organisations for a quarter with the configuration in force; stored in
 * `supervision_assessment_scores` when a saved configuration exists (so the Excel export and the page
 * read the same figures).
 */
export async function computeQuarterAssessment(
  db: Queryable,
  input: { orgs: SupervisedOrg[]; quarter: string; today: string; store: boolean; now: Date },
): Promise<AssessmentView> {
  const { id, config } = await loadAssessmentConfig(db);
  const settings = await loadSupervisionSettings(db);
  const figures = await computeSupervisionFigures(db, {
    orgs: input.orgs,
    period: quarterPeriod(input.quarter),
    today: input.today,
    settings,
  });
  const website = await latestWebsiteScores(db);
  const scores = computeAssessment(
    config,
    figures.indicators.map((indicators) => ({
      orgId: indicators.orgId,
      indicators,
      websiteScore: website.get(indicators.orgId) ?? null,
    })),
  );
  if (input.store && id !== null) {
    await inTransaction(db, (trx) =>
      replaceAssessmentScores(
        trx,
        id,
        input.quarter,
        scores.map((s) => ({
          org_id: s.orgId,
          score: s.score,
          rank: s.rank,
          details_json: JSON.stringify(s.parts),
          computed_at: input.now.toISOString(),
        })),
      ),
    );
  }
  return { configId: id, config, periodKey: input.quarter, orgs: input.orgs, scores };
}
