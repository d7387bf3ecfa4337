import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import type { Lang } from '../../platform/i18n/i18n.js';
import { findingTexts, QUARTER_COLUMNS, quarterRowCells } from '../exports.js';
import type { QuarterResults, QuarterRules } from '../quarter-results.js';
import '../supervision.messages.js';

/**
 * The quarter results table and rules, shared by the back office and the public page. Results hold
 * organisations and counts only, so either page may show them whole.
 */
export function QuarterResultsTable({
  c,
  rules,
  results,
}: {
  c: Context<AppEnv>;
  rules: QuarterRules;
  results: QuarterResults;
}) {
  const t = c.var.t;
  const lang = (c.var.lang === 'en' ? 'en' : 'zh-CN') as Lang;
  return (
    <>
      <h2 id="ranking">{t('supervision.quarters.ranking')}</h2>
      <div class="table-scroll" tabindex={0} role="region" aria-labelledby="ranking">
        <table class="supervision-table">
          <thead>
            <tr>
              <th scope="col">{t('supervision.org')}</th>
              {QUARTER_COLUMNS.map((k) => (
                <th scope="col">{t(k)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {results.orgs.map((o) => (
              <tr>
                <th scope="row">{o.name}</th>
                {quarterRowCells(lang, o, rules.minCount).map((cell) => (
                  <td>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('supervision.total')}</th>
              {quarterRowCells(lang, results.total, rules.minCount).map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
      <h2>{t('supervision.quarters.findings')}</h2>
      {results.orgs.some((o) => o.findings.length) ? (
        <ul class="supervision-findings">
          {results.orgs
            .filter((o) => o.findings.length)
            .map((o) => (
              <li>
                <strong>{o.name}</strong>：{findingTexts(lang, o).join('；')}
              </li>
            ))}
        </ul>
      ) : (
        <p>{t('supervision.quarters.no_findings')}</p>
      )}
    </>
  );
}

export function RulesList({ c, rules }: { c: Context<AppEnv>; rules: QuarterRules }) {
  const t = c.var.t;
  return (
    <>
      <h2>{t('supervision.quarters.rules')}</h2>
      <ol class="supervision-rules">
        {rules.ruleKeys.map((k) => (
          <li>{t(k, { min: rules.minCount })}</li>
        ))}
      </ol>
    </>
  );
}
