import { raw } from 'hono/html';
import type { FieldProblem } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, TextField, type FormValues } from '../../staff/http/forms.js';
import { Flash, StaffPage } from '../../staff/http/staff-page.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import { formatInstant } from '../../staff/http/format.js';
import type { AnnualReport, ReportCheck } from '../annual-report.js';
import type { UnitReportStatus, CityAggregate } from '../workflow/build-city-aggregate.js';
import type { ReportDeadlines } from '../workflow/workflow.rules.js';
import { RevisionsSection, type RevisionsView } from './reports.revisions.page.js';
import './reports.http.messages.js';

const DONE = [
  'figures',
  'narrative',
  'submitted',
  'returned',
  'approved',
  'published',
  'withdrawn',
  'deadlines',
];

export function StatusTag({ c, status }: { c: StaffContext; status: string }) {
  return (
    <span class={`tag reports-status reports-status--${status}`}>
      {c.var.t(`reports.staff.status.${status}`)}
    </span>
  );
}

function LateTag({ c, isLate }: { c: StaffContext; isLate: boolean }) {
  return isLate ? (
    <strong class="tag reports-late">{c.var.t('reports.staff.late')}</strong>
  ) : (
    <span>{c.var.t('reports.staff.on_time')}</span>
  );
}

export function UnitsTable(props: {
  c: StaffContext;
  caption: string;
  year: number;
  units: UnitReportStatus[];
}) {
  const { c } = props;
  const t = c.var.t;
  const tz = c.var.deps.config.timeZone;
  return (
    <div class="table-wrap">
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.staff.col_org')}</th>
            <th scope="col">{t('reports.staff.col_status')}</th>
            <th scope="col">{t('reports.staff.col_due')}</th>
            <th scope="col">{t('reports.staff.col_submitted')}</th>
          </tr>
        </thead>
        <tbody>
          {props.units.map((u) => (
            <tr>
              <th scope="row">
                <a href={`/staff/reports/${encodeURIComponent(u.orgCode)}/${props.year}`}>{u.orgName}</a>
              </th>
              <td>
                <StatusTag c={c} status={u.status} />
              </td>
              <td>
                {u.dueOn} <LateTag c={c} isLate={u.isLate} />
              </td>
              <td>{formatInstant(u.submittedAt, tz)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReportsIndexPage(props: {
  c: StaffContext;
  year: number;
  deadlines: ReportDeadlines;
  groups: { org: { code: string; name: string; kind: string }; units: UnitReportStatus[] }[];
  queue: UnitReportStatus[];
  canSetDeadlines: boolean;
  problems?: FieldProblem[];
  deadlineValues?: FormValues;
}) {
  const { c, year } = props;
  const t = c.var.t;
  const title = t('reports.staff.title');
  const problems = props.problems ?? [];
  const dv = props.deadlineValues ?? {
    units: props.deadlines.units,
    governments: props.deadlines.governments,
  };
  return (
    <StaffPage c={c} title={title} hasError={problems.length > 0} breadcrumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <Flash c={c} allowed={DONE.map((d) => d)} />
      <p>{t('reports.staff.intro')}</p>
      <form method="get" action="/staff/reports" class="inline-form">
        <label for="year">{t('reports.staff.year')}</label>{' '}
        <input id="year" name="year" type="number" value={String(year)} min="2008" max="2200" />{' '}
        <button type="submit" class="secondary">
          {t('reports.stats.show')}
        </button>
      </form>
      <p>
        {t('reports.staff.deadlines', {
          units: props.deadlines.units,
          governments: props.deadlines.governments,
        })}
      </p>
      {props.queue.length > 0 ? (
        <>
          <h2>{t('reports.staff.queue_h')}</h2>
          <UnitsTable c={c} caption={t('reports.staff.queue_h')} year={year} units={props.queue} />
        </>
      ) : null}
      {props.groups.map((g) => (
        <section>
          <h2>{g.org.name}</h2>
          <p>
            <a href={`/staff/reports/${encodeURIComponent(g.org.code)}/${year}`}>{g.org.name}</a>
            {g.units.length > 0 ? (
              <>
                {' · '}
                <a href={`/staff/reports/${encodeURIComponent(g.org.code)}/${year}/aggregate`}>
                  {t('reports.staff.aggregate_link', { org: g.org.name })}
                </a>
              </>
            ) : null}
          </p>
          {g.units.length > 0 ? (
            <UnitsTable c={c} caption={t('reports.staff.units_h')} year={year} units={g.units} />
          ) : null}
        </section>
      ))}
      {props.canSetDeadlines ? (
        <section>
          <h2>{t('reports.staff.deadlines_h')}</h2>
          <ErrorSummary
            c={c}
            problems={problems}
            labels={{ units: t('reports.staff.units_due'), governments: t('reports.staff.governments_due') }}
          />
          <form method="post" action={`/staff/reports/deadlines?year=${year}`}>
            <CsrfField c={c} />
            <TextField
              c={c}
              name="units"
              type="date"
              label={t('reports.staff.units_due')}
              value={dv.units}
              problems={problems}
            />
            <TextField
              c={c}
              name="governments"
              type="date"
              label={t('reports.staff.governments_due')}
              value={dv.governments}
              problems={problems}
            />
            <button type="submit">{t('reports.staff.save_deadlines')}</button>
          </form>
        </section>
      ) : null}
    </StaffPage>
  );
}

export function ChecksList({ c, checks }: { c: StaffContext; checks: ReportCheck[] }) {
  const t = c.var.t;
  return (
    <ul class="reports-checks">
      {checks.map((check) => (
        <li class={check.ok ? 'reports-check-ok' : 'reports-check-failed'}>
          <strong>{check.ok ? t('reports.staff.check_ok') : t('reports.staff.check_failed')}</strong>{' '}
          {t(`reports.check.${check.rule}`)}
          {check.ok ? null : <>：{check.detail}</>}
        </li>
      ))}
    </ul>
  );
}

export interface OrgReportView {
  org: { code: string; name: string };
  year: number;
  status: string;
  isEditable: boolean;
  canEdit: boolean;
  canReview: boolean;
  canPublish: boolean;
  dueOn: string;
  isLate: boolean;
  reviewComments: string | null;
  report: AnnualReport;
  reportHtml: string;
  narrative: { overview: string; problems: string; other: string };
  narrativeIsDraft: boolean;
  figures: FormValues;
  revisions: RevisionsView;
}

export function OrgReportPage(props: {
  c: StaffContext;
  view: OrgReportView;
  problems?: FieldProblem[];
  form?: string;
  values?: FormValues;
}) {
  const { c, view } = props;
  const t = c.var.t;
  const problems = props.problems ?? [];
  const base = `/staff/reports/${encodeURIComponent(view.org.code)}/${view.year}`;
  const title = `${view.year} · ${view.org.name}`;
  const p = (form: string) => (props.form === form ? problems : []);
  const values = (form: string, fallback: FormValues) =>
    props.form === form && props.values ? props.values : fallback;
  const figures = values('figures', view.figures);
  const narrative = values('narrative', view.narrative);
  const labels: Record<string, string> = {
    'licensing.decisions': t('reports.staff.licensing'),
    'penalty.decisions': t('reports.staff.penalty'),
    'coercion.decisions': t('reports.staff.coercion'),
    'fees.amountWanYuan': t('reports.staff.fees'),
    overview: t('reports.staff.overview'),
    problems: t('reports.staff.problems'),
    other: t('reports.staff.other'),
    comments: t('reports.staff.comments'),
    reason: t('reports.staff.withdraw_reason'),
  };
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={[
        { href: `/staff/reports?year=${view.year}`, label: t('reports.staff.title') },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <Flash c={c} allowed={DONE} />
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <p>
        <StatusTag c={c} status={view.status} /> {t('reports.staff.col_due')}：{view.dueOn}{' '}
        <LateTag c={c} isLate={view.isLate} />
        {view.status === 'published' ? (
          <>
            {' · '}
            <a href={`/xxgk/${encodeURIComponent(view.org.code)}/annual-reports/${view.year}`}>
              {t('reports.staff.public_link')}
            </a>
          </>
        ) : null}
      </p>
      {view.reviewComments ? (
        <div class="notice reports-comments">
          <h2>{t('reports.staff.comments_h')}</h2>
          <p>{view.reviewComments}</p>
        </div>
      ) : null}
      <h2>{t('reports.staff.checks_h')}</h2>
      <ChecksList c={c} checks={view.report.checks} />
      {view.isEditable && view.canEdit ? (
        <>
          <section>
            <h2>{t('reports.staff.submit_h')}</h2>
            <p>{t('reports.staff.submit_intro')}</p>
            <form method="post" action={`${base}/submit`}>
              <CsrfField c={c} />
              <button type="submit">{t('reports.staff.submit')}</button>
            </form>
          </section>
          <section>
            <h2>{t('reports.staff.figures_h')}</h2>
            <p>{t('reports.staff.figures_intro')}</p>
            <form method="post" action={`${base}/figures`} class="reports-figures">
              <CsrfField c={c} />
              {(['licensing', 'penalty', 'coercion'] as const).map((k) => (
                <div class="reports-figure-pair">
                  <TextField
                    c={c}
                    name={`${k}.decisions`}
                    label={labels[`${k}.decisions`]!}
                    inputmode="numeric"
                    value={figures[`${k}.decisions`]}
                    problems={p('figures')}
                  />
                  <TextField
                    c={c}
                    name={`${k}.source`}
                    label={t('reports.staff.source')}
                    value={figures[`${k}.source`]}
                    problems={p('figures')}
                  />
                </div>
              ))}
              <div class="reports-figure-pair">
                <TextField
                  c={c}
                  name="fees.amountWanYuan"
                  label={labels['fees.amountWanYuan']!}
                  inputmode="decimal"
                  value={figures['fees.amountWanYuan']}
                  problems={p('figures')}
                />
                <TextField
                  c={c}
                  name="fees.source"
                  label={t('reports.staff.source')}
                  value={figures['fees.source']}
                  problems={p('figures')}
                />
              </div>
              <button type="submit" class="secondary">
                {t('reports.staff.save_figures')}
              </button>
            </form>
          </section>
          <section>
            <h2>{t('reports.staff.narrative_h')}</h2>
            {view.narrativeIsDraft ? <p class="hint">{t('reports.staff.narrative_draft_note')}</p> : null}
            <form method="post" action={`${base}/narrative`}>
              <CsrfField c={c} />
              <TextField
                c={c}
                name="overview"
                label={labels.overview!}
                multiline
                value={narrative.overview}
                problems={p('narrative')}
              />
              <TextField
                c={c}
                name="problems"
                label={labels.problems!}
                multiline
                value={narrative.problems}
                problems={p('narrative')}
              />
              <TextField
                c={c}
                name="other"
                label={labels.other!}
                multiline
                value={narrative.other}
                problems={p('narrative')}
              />
              <button type="submit" class="secondary">
                {t('reports.staff.save_narrative')}
              </button>
            </form>
          </section>
        </>
      ) : null}
      {view.canReview && (view.status === 'submitted' || view.status === 'approved') ? (
        <section>
          <h2>{t('reports.staff.review_h')}</h2>
          {view.status === 'submitted' ? (
            <form method="post" action={`${base}/approve`}>
              <CsrfField c={c} />
              <button type="submit">{t('reports.staff.approve')}</button>
            </form>
          ) : null}
          <form method="post" action={`${base}/return`}>
            <CsrfField c={c} />
            <TextField
              c={c}
              name="comments"
              label={labels.comments!}
              multiline
              value={props.form === 'return' ? props.values?.comments : ''}
              problems={p('return')}
            />
            <button type="submit" class="secondary">
              {t('reports.staff.return')}
            </button>
          </form>
        </section>
      ) : null}
      {view.canPublish && view.status === 'approved' ? (
        <form method="post" action={`${base}/publish`}>
          <CsrfField c={c} />
          <button type="submit">{t('reports.staff.publish')}</button>
        </form>
      ) : null}
      <RevisionsSection
        c={c}
        view={view.revisions}
        base={base}
        versionsBase={`${base}/versions`}
        scopeQuery=""
        canWithdraw={view.canPublish}
        problems={p('withdraw')}
        values={props.form === 'withdraw' ? props.values : undefined}
      />
      <h2>{view.isEditable ? t('reports.staff.tables_h') : t('reports.staff.frozen_h')}</h2>
      <div class="reports-report">{raw(view.reportHtml)}</div>
    </StaffPage>
  );
}

export function AggregatePage(props: {
  c: StaffContext;
  aggregate: CityAggregate;
  reportHtml: string;
  canReview: boolean;
  isPublished: boolean;
  narrative: FormValues;
  problems?: FieldProblem[];
  revisions: RevisionsView;
  /** Which form the problems belong to (`withdraw`, else the narrative and publish forms). */
  form?: string;
  values?: FormValues;
}) {
  const { c, aggregate } = props;
  const t = c.var.t;
  const problems = props.problems ?? [];
  const title = t('reports.staff.aggregate_title', { year: aggregate.year, org: aggregate.org.name });
  const base = `/staff/reports/${encodeURIComponent(aggregate.org.code)}/${aggregate.year}/aggregate`;
  const labels: Record<string, string> = {
    overview: t('reports.staff.overview'),
    problems: t('reports.staff.problems'),
    other: t('reports.staff.other'),
    reason: t('reports.staff.withdraw_reason'),
  };
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={[
        { href: `/staff/reports?year=${aggregate.year}`, label: t('reports.staff.title') },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <Flash c={c} allowed={DONE} />
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <p>{t('reports.staff.aggregate_intro', { n: aggregate.included.length })}</p>
      <h2>{t('reports.staff.missing_h')}</h2>
      {aggregate.missing.length === 0 ? (
        <p>{t('reports.staff.none_missing')}</p>
      ) : (
        <UnitsTable
          c={c}
          caption={t('reports.staff.missing_h')}
          year={aggregate.year}
          units={aggregate.missing}
        />
      )}
      <h2>{t('reports.staff.checks_h')}</h2>
      <ChecksList c={c} checks={aggregate.report.checks} />
      {props.isPublished ? (
        <p>
          <StatusTag c={c} status="published" />{' '}
          <a
            href={`/xxgk/${encodeURIComponent(aggregate.org.code)}/annual-reports/${aggregate.year}?scope=aggregate`}
          >
            {t('reports.staff.public_link')}
          </a>
        </p>
      ) : props.canReview ? (
        <>
          <section>
            <h2>{t('reports.staff.narrative_h')}</h2>
            <form method="post" action={`${base}/narrative`}>
              <CsrfField c={c} />
              <TextField
                c={c}
                name="overview"
                label={labels.overview!}
                multiline
                value={props.narrative.overview}
                problems={problems}
              />
              <TextField
                c={c}
                name="problems"
                label={labels.problems!}
                multiline
                value={props.narrative.problems}
                problems={problems}
              />
              <TextField
                c={c}
                name="other"
                label={labels.other!}
                multiline
                value={props.narrative.other}
                problems={problems}
              />
              <button type="submit" class="secondary">
                {t('reports.staff.save_narrative')}
              </button>
            </form>
          </section>
          {aggregate.missing.length === 0 ? (
            <form method="post" action={`${base}/publish`}>
              <CsrfField c={c} />
              <button type="submit">{t('reports.staff.publish_aggregate')}</button>
            </form>
          ) : null}
        </>
      ) : null}
      <RevisionsSection
        c={c}
        view={props.revisions}
        base={base}
        versionsBase={`/staff/reports/${encodeURIComponent(aggregate.org.code)}/${aggregate.year}/versions`}
        scopeQuery="?scope=aggregate"
        canWithdraw={props.canReview}
        problems={props.form === 'withdraw' ? problems : []}
        values={props.form === 'withdraw' ? props.values : undefined}
      />
      <div class="reports-report">{raw(props.reportHtml)}</div>
    </StaffPage>
  );
}
