import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import type { ApplicationStatistics, OldStyleStatistics } from '../statistics/compute-statistics.js';
import { formatPercent, MIN_COUNT } from '../statistics/statistics.rules.js';
import { applicantTypeLabel, channelLabel, outcomeLabel } from '../statistics/statistics-export.js';
import './reports.http.messages.js';

/** The statistics pages' parts, shared by the public page (/statistics) and the staff dashboard. */

type Ctx = Context<AppEnv>;
const langOf = (c: Ctx): 'zh-CN' | 'en' => (c.var.lang === 'en' ? 'en' : 'zh-CN');

export interface PeriodFormValues {
  from: string;
  to: string;
  org: string;
}

export function PeriodForm(props: {
  c: Ctx;
  action: string;
  values: PeriodFormValues;
  orgs: { code: string; name: string }[];
  allOrgsOption: boolean;
  invalid: boolean;
}) {
  const { c, values } = props;
  const t = c.var.t;
  return (
    <form method="get" action={props.action} class="reports-period">
      <fieldset>
        <legend>{t('reports.stats.period_h')}</legend>
        {props.invalid ? (
          <p class="error-message" role="alert">
            {t('reports.stats.period_invalid')}
          </p>
        ) : null}
        <div class="reports-period-fields">
          <label>
            {t('reports.stats.from')}
            <input type="date" name="from" value={values.from} />
          </label>
          <label>
            {t('reports.stats.to')}
            <input type="date" name="to" value={values.to} />
          </label>
          <label>
            {t('reports.stats.org')}
            <select name="org">
              {props.allOrgsOption ? <option value="">{t('reports.stats.all_orgs')}</option> : null}
              {props.orgs.map((o) => (
                <option value={o.code} selected={o.code === values.org}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('reports.stats.show')}</button>
        </div>
      </fieldset>
    </form>
  );
}

function ShareTable(props: {
  c: Ctx;
  caption: string;
  firstCol: string;
  rows: { label: string; count: number; share?: number | null }[];
  total?: number;
  withShare?: boolean;
}) {
  const t = props.c.var.t;
  const withShare = props.withShare ?? true;
  return (
    <div class="table-wrap">
      <table class="reports-stats-table">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.firstCol}</th>
            <th scope="col" class="num">
              {t('reports.stats.col_count')}
            </th>
            {withShare ? (
              <th scope="col" class="num">
                {t('reports.stats.col_share')}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colspan={withShare ? 3 : 2}>{t('reports.stats.empty')}</td>
            </tr>
          ) : (
            props.rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                <td class="num">{r.count}</td>
                {withShare ? <td class="num">{formatPercent(r.share ?? null)}</td> : null}
              </tr>
            ))
          )}
        </tbody>
        {props.total !== undefined ? (
          <tfoot>
            <tr>
              <th scope="row">{t('reports.stats.total')}</th>
              <td class="num">{props.total}</td>
              {withShare ? <td class="num">{props.total > 0 ? '100%' : '—'}</td> : null}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

export function ApplicationStatisticsView({ c, stats }: { c: Ctx; stats: ApplicationStatistics }) {
  const t = c.var.t;
  const lang = langOf(c);
  const tm = stats.timing;
  const few = t('reports.stats.too_few');
  return (
    <>
      <p>
        {t('reports.stats.summary', {
          from: stats.period.from,
          to: stats.period.to,
          received: stats.received,
          closed: stats.closed,
        })}
      </p>
      <h2>{t('reports.stats.timing_h')}</h2>
      <dl class="reports-timing">
        <div>
          <dt>{t('reports.stats.answered')}</dt>
          <dd>{tm.answered}</dd>
        </div>
        <div>
          <dt>{t('reports.stats.median')}</dt>
          <dd>{tm.medianWorkingDays ?? few}</dd>
        </div>
        <div>
          <dt>{t('reports.stats.p90')}</dt>
          <dd>{tm.p90WorkingDays ?? few}</dd>
        </div>
        <div>
          <dt>{t('reports.stats.on_time')}</dt>
          <dd>
            {tm.onTimeRate === null ? few : formatPercent(tm.onTimeRate)}（
            {t('reports.stats.on_time_detail', { onTime: tm.onTime, base: tm.withDueDate })}）
          </dd>
        </div>
      </dl>
      <p class="hint">{t('reports.stats.min_note', { min: MIN_COUNT })}</p>
      <h2>{t('reports.stats.by_org')}</h2>
      <ShareTable
        c={c}
        caption={t('reports.stats.by_org')}
        firstCol={t('reports.stats.col_org')}
        rows={stats.byOrg.map((o) => ({ label: o.orgName, count: o.count }))}
        total={stats.received}
        withShare={false}
      />
      <h2>{t('reports.stats.by_month')}</h2>
      <ShareTable
        c={c}
        caption={t('reports.stats.by_month')}
        firstCol={t('reports.stats.col_month')}
        rows={stats.byMonth.map((m) => ({ label: m.month, count: m.count }))}
        total={stats.received}
        withShare={false}
      />
      <h2>{t('reports.stats.by_channel')}</h2>
      <ShareTable
        c={c}
        caption={t('reports.stats.by_channel')}
        firstCol={t('reports.stats.col_item')}
        rows={stats.byChannel.map((r) => ({
          label: channelLabel(r.code, lang),
          count: r.count,
          share: r.share,
        }))}
        total={stats.received}
      />
      <h2>{t('reports.stats.by_type')}</h2>
      <ShareTable
        c={c}
        caption={t('reports.stats.by_type')}
        firstCol={t('reports.stats.col_item')}
        rows={stats.byApplicantType.map((r) => ({
          label: applicantTypeLabel(r.code, lang),
          count: r.count,
          share: r.share,
        }))}
        total={stats.received}
      />
      <h2>{t('reports.stats.by_outcome')}</h2>
      <ShareTable
        c={c}
        caption={t('reports.stats.by_outcome')}
        firstCol={t('reports.stats.col_item')}
        rows={stats.byOutcome.map((r) => ({
          label: outcomeLabel(r.code, lang),
          count: r.count,
          share: r.share,
        }))}
        total={stats.closed}
      />
    </>
  );
}

export function OldStyleStatisticsView({ c, old }: { c: Ctx; old: OldStyleStatistics }) {
  const t = c.var.t;
  return (
    <>
      <h2>{t('reports.stats.old_items')}</h2>
      <p>{t('reports.stats.old_sentence_items', { total: old.items.total })}</p>
      <ShareTable
        c={c}
        caption={t('reports.stats.old_items')}
        firstCol={t('reports.stats.col_item')}
        rows={old.items.rows.map((r) => ({ label: r.name, count: r.count, share: r.share }))}
        total={old.items.total}
      />
      <h2>{t('reports.stats.old_channels')}</h2>
      <p>{t('reports.stats.old_sentence_channels', { total: old.channels.total })}</p>
      <ShareTable
        c={c}
        caption={t('reports.stats.old_channels')}
        firstCol={t('reports.stats.col_item')}
        rows={old.channels.rows.map((r) => ({
          label: t(`reports.stats.group.${r.group}`),
          count: r.count,
          share: r.share,
        }))}
        total={old.channels.total}
      />
      <h2>{t('reports.stats.old_refusals')}</h2>
      <p>{t('reports.stats.old_sentence_refusals', { total: old.refusals.total })}</p>
      <ShareTable
        c={c}
        caption={t('reports.stats.old_refusals')}
        firstCol={t('reports.stats.col_item')}
        rows={old.refusals.rows.map((r) => ({ label: r.label, count: r.count, share: r.share }))}
        total={old.refusals.total}
      />
    </>
  );
}
