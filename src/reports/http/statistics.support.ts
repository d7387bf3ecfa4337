import { z } from 'zod';
import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import type { Queryable } from '../../platform/db/transaction.js';
import { isIsoDate, dateInTimeZone } from '../../calendar/dates.rules.js';
import { findOrgByCode } from '../../orgs/orgs.repository.js';
import { listOrgIdsUnder } from '../../requests/requests.repository.js';
import { computeApplicationStatistics, computeOldStyleStatistics } from '../statistics/compute-statistics.js';
import { statisticsRows, toCsv, toXlsx } from '../statistics/statistics-export.js';
import type { StatisticsFilter } from '../statistics/statistics.repository.js';
import type { PeriodFormValues } from './statistics.view.js';

const query = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  org: z.string().trim().max(100).optional(),
});

export interface ParsedPeriod {
  values: PeriodFormValues;
  invalid: boolean;
}

/** The period from the query (any from/to; this year so far by default), kept as typed when invalid. */
export function parsePeriod(c: Context<AppEnv>): ParsedPeriod {
  const q = query.parse(c.req.query());
  const today = dateInTimeZone(c.var.deps.clock.now(), c.var.deps.config.timeZone);
  const values = {
    from: q.from?.trim() || `${today.slice(0, 4)}-01-01`,
    to: q.to?.trim() || today,
    org: q.org ?? '',
  };
  const invalid = !isIsoDate(values.from) || !isIsoDate(values.to) || values.from > values.to;
  return { values, invalid };
}

/** The filter for a period and an organisation code (its subtree), within `allowedPaths` ('all' = anywhere). */
export async function filterOf(
  db: Queryable,
  period: PeriodFormValues,
  allowedPaths: 'all' | string[],
): Promise<StatisticsFilter> {
  const org = period.org ? await findOrgByCode(db, period.org) : undefined;
  let paths: 'all' | string[] = allowedPaths;
  if (org) {
    const inside = allowedPaths === 'all' || allowedPaths.some((p) => org.path.startsWith(p));
    paths = inside ? [org.path] : [];
  }
  const orgIds = paths === 'all' ? 'all' : await listOrgIdsUnder(db, paths);
  return { orgIds, from: period.from, to: period.to };
}

/** CSV or Excel of both statistics for the filter. */
export async function exportStatistics(c: Context<AppEnv>, filter: StatisticsFilter, format: 'csv' | 'xlsx') {
  const db = c.var.deps.database.db;
  const [stats, old] = await Promise.all([
    computeApplicationStatistics(db, filter),
    computeOldStyleStatistics(db, filter),
  ]);
  const t = c.var.t;
  const lang = c.var.lang === 'en' ? 'en' : 'zh-CN';
  const header = [
    t('reports.stats.col_item'),
    t('reports.stats.col_item'),
    t('reports.stats.col_count'),
    t('reports.stats.col_share'),
  ];
  header[0] = lang === 'en' ? 'Section' : '统计项';
  const rows = statisticsRows(stats, old, t, lang);
  const name = `statistics-${filter.from}-${filter.to}`;
  if (format === 'csv') {
    return c.body(toCsv(header, rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.csv"`,
    });
  }
  const buffer = await toXlsx(t('reports.stats.title'), header, rows);
  return c.body(new Uint8Array(buffer), 200, {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${name}.xlsx"`,
  });
}
