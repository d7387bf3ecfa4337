import type { FieldProblem } from '../../platform/errors.js';
import {
  CsrfField,
  ErrorSummary,
  fieldId,
  problemFor,
  problemText,
  TextField,
} from '../../staff/http/forms.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import { StaffPage } from '../../staff/http/staff-page.js';
import { ASSESSMENT_INDICATORS, COUNT_INDICATORS, type IndicatorWeight } from '../assessment.rules.js';
import type { AssessmentView } from '../compute-assessment.js';
import type { SupervisionFigures } from '../compute-figures.js';
import { formatDays, formatRate } from '../exports.js';
import type { QuarterResults, QuarterRules } from '../quarter-results.js';
import { SETTING_RANGES, flattenSettings, type SupervisionSettings } from '../settings.rules.js';
import type { CheckResultRow, CheckRunRow, QuarterRow, SupervisedOrg } from '../supervision.repository.js';
import type { CaseFacts, Guarded, OrgIndicators } from '../supervision.rules.js';
import { COLUMN_CATEGORIES } from '../website-check.rules.js';
import { QuarterResultsTable, RulesList } from './supervision.shared.js';
import '../supervision.messages.js';

const DONE = ['generated', 'reviewed', 'published', 'saved'];

/** A one-line confirmation after a change (`?done=key`), from a fixed list so the URL cannot inject text. */
function SupervisionFlash({ c }: { c: StaffContext }) {
  const done = c.req.query('done');
  if (!done || !DONE.includes(done)) return null;
  return (
    <div class="notice" role="status">
      {c.var.t(`supervision.done.${done}`)}
    </div>
  );
}

function SectionNav({ c, canManage }: { c: StaffContext; canManage: boolean }) {
  const t = c.var.t;
  const links: [string, string][] = [
    ['/staff/supervision', 'supervision.nav.dashboard'],
    ['/staff/supervision/quarters', 'supervision.nav.quarters'],
    ['/staff/supervision/website', 'supervision.nav.website'],
    ['/staff/supervision/assessment', 'supervision.nav.assessment'],
    ...(canManage
      ? ([['/staff/supervision/settings', 'supervision.nav.settings']] as [string, string][])
      : []),
  ];
  return (
    <nav class="supervision-sections" aria-label={t('supervision.nav.sections')}>
      <ul>
        {links.map(([href, key]) => (
          <li>
            <a href={href} aria-current={c.req.path === href ? 'page' : undefined}>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function guardedRate(c: StaffContext, g: Guarded, minCount: number): string {
  if (g.n === 0) return c.var.t('supervision.no_answers');
  if (g.isBelowMinimum) return c.var.t('supervision.below_minimum', { min: minCount });
  return formatRate(g.value) ?? '—';
}

function guardedDays(g: Guarded): string {
  return formatDays(g.value) ?? '—';
}

export function PeriodForm(props: { c: StaffContext; action: string; value: string; choices: string[] }) {
  const t = props.c.var.t;
  return (
    <form method="get" action={props.action} class="supervision-period">
      <label for="f-period">{t('supervision.period')}</label>
      <select id="f-period" name="period">
        <option value="" selected={props.value === ''}>
          {t('supervision.period.current')}
        </option>
        {props.choices.map((q) => (
          <option value={q} selected={q === props.value}>
            {q}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary">
        {t('supervision.period.show')}
      </button>
    </form>
  );
}

export interface DashboardView {
  figures: SupervisionFigures;
  settings: SupervisionSettings;
  periodKey: string;
  choices: string[];
  canManage: boolean;
  /** Per organisation: annual reports late, or null while the reporting workflow is not there. */
  annualReportsLate: Map<number, number> | null;
}

function IndicatorCells({
  c,
  ind,
  minCount,
  lateReports,
}: {
  c: StaffContext;
  ind: OrgIndicators;
  minCount: number;
  lateReports: string;
}) {
  return (
    <>
      <td>{ind.open}</td>
      <td>{ind.dueSoon}</td>
      <td class={ind.overdue ? 'supervision-bad' : undefined}>{ind.overdue}</td>
      <td>{ind.answered}</td>
      <td class={ind.answeredLate ? 'supervision-bad' : undefined}>{ind.answeredLate}</td>
      <td>{guardedRate(c, ind.onTimeRate, minCount)}</td>
      <td>{guardedDays(ind.medianAnswerDays)}</td>
      <td>{guardedDays(ind.p90AnswerDays)}</td>
      <td>{ind.correctionsLate}</td>
      <td>{ind.consultationsPastWindow}</td>
      <td>{ind.itemsLate}</td>
      <td>{lateReports}</td>
    </>
  );
}

const DASHBOARD_COLUMNS = [
  'supervision.col.open',
  'supervision.col.due_soon',
  'supervision.col.overdue',
  'supervision.col.answered',
  'supervision.col.answered_late',
  'supervision.col.on_time_rate',
  'supervision.col.median',
  'supervision.col.p90',
  'supervision.col.corrections_late',
  'supervision.col.consultations',
  'supervision.col.items_late',
  'supervision.col.annual_report',
];

export function DashboardPage({ c, view }: { c: StaffContext; view: DashboardView }) {
  const t = c.var.t;
  const { figures, settings } = view;
  const query = view.periodKey ? `?period=${view.periodKey}` : '';
  const lateReports = (orgId: number | null) =>
    view.annualReportsLate === null
      ? t('supervision.annual_report_pending')
      : String(
          orgId === null
            ? [...view.annualReportsLate.values()].reduce((a, b) => a + b, 0)
            : (view.annualReportsLate.get(orgId) ?? 0),
        );
  return (
    <StaffPage c={c} title={t('supervision.title')}>
      <h1>{t('supervision.title')}</h1>
      <SectionNav c={c} canManage={view.canManage} />
      <PeriodForm c={c} action="/staff/supervision" value={view.periodKey} choices={view.choices} />
      <p>
        {t('supervision.period_range', {
          from: figures.period.from,
          to: figures.period.to,
          asOf: figures.asOf,
        })}
      </p>
      <p class="hint">
        {t('supervision.due_soon_hint', { days: settings.dueSoonWorkdays, min: settings.minCount })}
      </p>
      {figures.orgs.length === 0 ? (
        <p>{t('supervision.empty')}</p>
      ) : (
        <div class="table-scroll" tabindex={0} role="region" aria-labelledby="supervision-caption">
          <table class="supervision-table">
            <caption id="supervision-caption">{t('supervision.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervision.org')}</th>
                {DASHBOARD_COLUMNS.map((k) => (
                  <th scope="col">{t(k)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.indicators.map((ind) => {
                const org = figures.orgs.find((o) => o.id === ind.orgId)!;
                return (
                  <tr>
                    <th scope="row">
                      <a href={`/staff/supervision/orgs/${org.id}${query}`}>{org.name}</a>
                    </th>
                    <IndicatorCells
                      c={c}
                      ind={ind}
                      minCount={settings.minCount}
                      lateReports={lateReports(org.id)}
                    />
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('supervision.total')}</th>
                <IndicatorCells
                  c={c}
                  ind={figures.total}
                  minCount={settings.minCount}
                  lateReports={lateReports(null)}
                />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </StaffPage>
  );
}

function CaseTable({
  c,
  title,
  cases,
  kind,
}: {
  c: StaffContext;
  title: string;
  cases: CaseFacts[];
  kind: 'open' | 'answered' | 'correction' | 'consultation';
}) {
  const t = c.var.t;
  return (
    <section>
      <h2>
        {title}（{cases.length}）
      </h2>
      {cases.length === 0 ? (
        <p>{t('supervision.drill.none')}</p>
      ) : (
        <table class="supervision-cases">
          <thead>
            <tr>
              <th scope="col">{t('supervision.case.reference')}</th>
              <th scope="col">{t('supervision.case.received_on')}</th>
              <th scope="col">{t('supervision.case.due_on')}</th>
              {kind === 'open' ? <th scope="col">{t('supervision.case.days_left')}</th> : null}
              {kind === 'answered' ? <th scope="col">{t('supervision.case.closed_on')}</th> : null}
              {kind === 'answered' ? <th scope="col">{t('supervision.case.answer_days')}</th> : null}
              {kind === 'correction' ? <th scope="col">{t('supervision.case.correction_on')}</th> : null}
              {kind === 'consultation' ? <th scope="col">{t('supervision.case.window_end')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {cases.map((k) => (
              <tr>
                <td>
                  <a href={`/staff/requests/${encodeURIComponent(k.reference)}`}>{k.reference}</a>
                </td>
                <td>{k.receivedOn}</td>
                <td>{k.dueOn ?? '—'}</td>
                {kind === 'open' ? <td>{k.workingDaysLeft ?? '—'}</td> : null}
                {kind === 'answered' ? <td>{k.closedOn ?? '—'}</td> : null}
                {kind === 'answered' ? <td>{k.answerWorkingDays ?? '—'}</td> : null}
                {kind === 'correction' ? <td>{k.correctionRequestedOn ?? '—'}</td> : null}
                {kind === 'consultation' ? <td>{k.consultationWindowsPassed.join('、')}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export interface DrillView {
  org: SupervisedOrg;
  figures: SupervisionFigures;
  periodKey: string;
  choices: string[];
  lateItems: {
    id: number;
    title: string;
    formed_on: string | null;
    published_on: string | null;
    publication_working_days: number | null;
  }[];
}

export function DrillPage({ c, view }: { c: StaffContext; view: DrillView }) {
  const t = c.var.t;
  const { figures, org } = view;
  const p = figures.period;
  const within = (d: string | null) => d !== null && d >= p.from && d <= p.to;
  const cases = figures.cases;
  const title = t('supervision.drill.title', { org: org.name });
  return (
    <StaffPage
      c={c}
      title={title}
      breadcrumbs={[{ href: '/staff/supervision', label: t('supervision.title') }]}
    >
      <h1>{title}</h1>
      <PeriodForm
        c={c}
        action={`/staff/supervision/orgs/${org.id}`}
        value={view.periodKey}
        choices={view.choices}
      />
      <p>{t('supervision.period_range', { from: p.from, to: p.to, asOf: figures.asOf })}</p>
      <CaseTable
        c={c}
        kind="open"
        title={t('supervision.drill.overdue')}
        cases={cases.filter((k) => k.isOpen && k.isOverdue)}
      />
      <CaseTable
        c={c}
        kind="open"
        title={t('supervision.drill.due_soon')}
        cases={cases.filter((k) => k.isOpen && k.isDueSoon)}
      />
      <CaseTable
        c={c}
        kind="answered"
        title={t('supervision.drill.answered_late')}
        cases={cases.filter((k) => k.isAnsweredLate && within(k.closedOn))}
      />
      <CaseTable
        c={c}
        kind="correction"
        title={t('supervision.drill.corrections_late')}
        cases={cases.filter((k) => k.isCorrectionRequestLate && within(k.correctionRequestedOn))}
      />
      <CaseTable
        c={c}
        kind="consultation"
        title={t('supervision.drill.consultations')}
        cases={cases.filter((k) => k.consultationWindowsPassed.some(within))}
      />
      <section>
        <h2>
          {t('supervision.drill.items_late')}（{view.lateItems.length}）
        </h2>
        {view.lateItems.length === 0 ? (
          <p>{t('supervision.drill.none')}</p>
        ) : (
          <table class="supervision-cases">
            <thead>
              <tr>
                <th scope="col">{t('supervision.item.title')}</th>
                <th scope="col">{t('supervision.item.formed_on')}</th>
                <th scope="col">{t('supervision.item.published_on')}</th>
                <th scope="col">{t('supervision.item.working_days')}</th>
              </tr>
            </thead>
            <tbody>
              {view.lateItems.map((i) => (
                <tr>
                  <td>
                    <a href={`/staff/catalog/items/${i.id}`}>{i.title}</a>
                  </td>
                  <td>{i.formed_on ?? '—'}</td>
                  <td>{i.published_on ?? '—'}</td>
                  <td>{i.publication_working_days ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </StaffPage>
  );
}

// ---------------------------------------------------------------------------------------------
// Quarters

export function QuartersPage(props: {
  c: StaffContext;
  quarters: QuarterRow[];
  choices: string[];
  canManage: boolean;
  problems: FieldProblem[];
  value?: string;
}) {
  const { c } = props;
  const t = c.var.t;
  const hasError = props.problems.length > 0;
  return (
    <StaffPage
      c={c}
      title={t('supervision.quarters.title')}
      hasError={hasError}
      breadcrumbs={[{ href: '/staff/supervision', label: t('supervision.title') }]}
    >
      <ErrorSummary c={c} problems={props.problems} labels={{ quarter: t('supervision.quarters.quarter') }} />
      <h1>{t('supervision.quarters.title')}</h1>
      <SupervisionFlash c={c} />
      {props.quarters.length === 0 ? (
        <p>{t('supervision.quarters.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('supervision.quarters.quarter')}</th>
              <th scope="col">{t('supervision.quarters.status')}</th>
              <th scope="col">{t('supervision.quarters.generated_at')}</th>
            </tr>
          </thead>
          <tbody>
            {props.quarters.map((q) => (
              <tr>
                <td>
                  <a href={`/staff/supervision/quarters/${q.quarter}`}>{q.quarter}</a>
                </td>
                <td>{t(`supervision.quarters.status.${q.status}`)}</td>
                <td>{q.generated_at.slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canManage ? (
        <form method="post" action="/staff/supervision/quarters" class="supervision-form">
          <CsrfField c={c} />
          <h2>{t('supervision.quarters.generate')}</h2>
          <p class="hint">{t('supervision.quarters.regenerate_hint')}</p>
          <div class={problemFor(props.problems, 'quarter') ? 'field field-error' : 'field'}>
            <label for={fieldId('quarter')}>{t('supervision.quarters.quarter')}</label>
            {problemFor(props.problems, 'quarter') ? (
              <span class="error-message" id={`${fieldId('quarter')}-error`}>
                {problemText(t, problemFor(props.problems, 'quarter')!, t('supervision.quarters.quarter'))}
              </span>
            ) : null}
            <select
              id={fieldId('quarter')}
              name="quarter"
              aria-invalid={problemFor(props.problems, 'quarter') ? 'true' : undefined}
              aria-describedby={
                problemFor(props.problems, 'quarter') ? `${fieldId('quarter')}-error` : undefined
              }
            >
              {props.choices.map((q) => (
                <option value={q} selected={q === props.value}>
                  {q}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('supervision.quarters.generate')}</button>
        </form>
      ) : null}
    </StaffPage>
  );
}

export function QuarterPage(props: {
  c: StaffContext;
  row: QuarterRow;
  rules: QuarterRules;
  results: QuarterResults;
  canManage: boolean;
  canReview: boolean;
  problems: FieldProblem[];
  note?: string;
}) {
  const { c, row } = props;
  const t = c.var.t;
  return (
    <StaffPage
      c={c}
      title={`${row.quarter} ${t('supervision.quarters.title')}`}
      hasError={props.problems.length > 0}
      breadcrumbs={[
        { href: '/staff/supervision', label: t('supervision.title') },
        { href: '/staff/supervision/quarters', label: t('supervision.quarters.title') },
      ]}
    >
      <ErrorSummary
        c={c}
        problems={props.problems}
        labels={{ note: t('supervision.quarters.review_note'), publish: t('supervision.quarters.publish') }}
      />
      <h1>
        {row.quarter} {t('supervision.quarters.title')}
      </h1>
      <SupervisionFlash c={c} />
      <p>
        {t('supervision.quarters.status')}：{t(`supervision.quarters.status.${row.status}`)} ·{' '}
        {t('supervision.period_range', {
          from: props.rules.period.from,
          to: props.rules.period.to,
          asOf: props.results.asOf,
        })}
      </p>
      {row.review_note ? <p>{t('supervision.quarters.reviewed_by', { note: row.review_note })}</p> : null}
      {row.status === 'published' ? (
        <p>
          <a href={`/supervision/quarters/${row.quarter}`}>{t('supervision.quarters.public_link')}</a>
        </p>
      ) : null}
      <QuarterResultsTable c={c} rules={props.rules} results={props.results} />
      <RulesList c={c} rules={props.rules} />
      {row.status === 'draft' && props.canReview ? (
        <form
          method="post"
          action={`/staff/supervision/quarters/${row.quarter}/review`}
          class="supervision-form"
        >
          <CsrfField c={c} />
          <h2>{t('supervision.quarters.review')}</h2>
          <TextField
            c={c}
            name="note"
            label={t('supervision.quarters.review_note')}
            multiline
            value={props.note}
            problems={props.problems}
          />
          <button type="submit">{t('supervision.quarters.review_submit')}</button>
        </form>
      ) : null}
      {row.status === 'reviewed' && props.canManage ? (
        <form
          method="post"
          action={`/staff/supervision/quarters/${row.quarter}/publish`}
          class="supervision-form"
        >
          <CsrfField c={c} />
          <button type="submit">{t('supervision.quarters.publish')}</button>
        </form>
      ) : null}
    </StaffPage>
  );
}

// ---------------------------------------------------------------------------------------------
// Website checks

export function WebsitePage(props: {
  c: StaffContext;
  run: CheckRunRow | null;
  results: CheckResultRow[];
  orgs: SupervisedOrg[];
  canManage: boolean;
}) {
  const { c } = props;
  const t = c.var.t;
  const nameOf = new Map(props.orgs.map((o) => [o.id, o.name]));
  return (
    <StaffPage
      c={c}
      title={t('supervision.website.title')}
      breadcrumbs={[{ href: '/staff/supervision', label: t('supervision.title') }]}
    >
      <h1>{t('supervision.website.title')}</h1>
      {c.req.query('done') === 'queued' ? (
        <div class="notice" role="status">
          {t('supervision.website.queued')}
        </div>
      ) : null}
      {props.canManage ? (
        <>
          <form method="post" action="/staff/supervision/website/run" class="inline-form">
            <CsrfField c={c} />
            <button type="submit">{t('supervision.website.run_now')}</button>
          </form>{' '}
          <a href="/staff/supervision/website/columns">{t('supervision.website.columns_link')}</a>
        </>
      ) : null}
      {props.run ? (
        <p>{t('supervision.website.latest', { date: props.run.checked_on })}</p>
      ) : (
        <p>{t('supervision.website.never')}</p>
      )}
      {props.results.length ? (
        <table class="supervision-table">
          <thead>
            <tr>
              <th scope="col">{t('supervision.org')}</th>
              <th scope="col">{t('supervision.website.veto')}</th>
              <th scope="col">{t('supervision.website.score')}</th>
              <th scope="col">{t('supervision.website.stale')}</th>
              <th scope="col">{t('supervision.website.empty')}</th>
              <th scope="col">{t('supervision.website.undated')}</th>
              <th scope="col">{t('supervision.website.broken_links')}</th>
              <th scope="col">{t('supervision.website.missing_attachments')}</th>
            </tr>
          </thead>
          <tbody>
            {props.results.map((r) => (
              <tr>
                <th scope="row">
                  <a href={`/staff/supervision/website/orgs/${r.org_id}`}>
                    {nameOf.get(r.org_id) ?? r.org_id}
                  </a>
                </th>
                <td class={r.is_veto ? 'supervision-bad' : undefined}>
                  {(JSON.parse(r.veto_json) as string[]).map((v) => t(`supervision.veto.${v}`)).join('；') ||
                    '—'}
                </td>
                <td>{r.score}</td>
                <td>{r.stale_columns}</td>
                <td>{r.empty_columns}</td>
                <td>{r.undated_items}</td>
                <td>{r.broken_links}</td>
                <td>{r.missing_attachments}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </StaffPage>
  );
}

interface CheckDetails {
  staleColumns: { name: string; lastPublishedOn: string | null; maxAgeDays: number }[];
  emptyColumns: { name: string }[];
  undatedItems: { itemId: number; title: string }[];
  brokenLinks: { url: string; itemId: number; result: string }[];
  /** Links to private/internal addresses: refused by the SSRF guard, never requested (older runs lack it). */
  notCheckedLinks?: { url: string; itemId: number; result: string }[];
  missingAttachments: { itemId: number; name: string }[];
}

export function WebsiteOrgPage(props: {
  c: StaffContext;
  org: SupervisedOrg;
  history: {
    run_id: number;
    checked_on: string;
    is_veto: number;
    veto_json: string;
    score: number;
    details_json: string;
    stale_columns: number;
    empty_columns: number;
    broken_links: number;
  }[];
}) {
  const { c, org } = props;
  const t = c.var.t;
  const latest = props.history[0];
  const details = latest ? (JSON.parse(latest.details_json) as CheckDetails) : null;
  const title = t('supervision.website.details', { org: org.name });
  return (
    <StaffPage
      c={c}
      title={title}
      breadcrumbs={[
        { href: '/staff/supervision', label: t('supervision.title') },
        { href: '/staff/supervision/website', label: t('supervision.website.title') },
      ]}
    >
      <h1>{title}</h1>
      {details ? (
        <>
          <h2>{t('supervision.website.stale')}</h2>
          <ul>
            {details.staleColumns.map((s) => (
              <li>
                {s.name}：{t('supervision.website.last_published')} {s.lastPublishedOn ?? '—'}（
                {t('supervision.website.max_age')} {s.maxAgeDays}）
              </li>
            ))}
          </ul>
          <h2>{t('supervision.website.empty')}</h2>
          <ul>
            {details.emptyColumns.map((s) => (
              <li>{s.name}</li>
            ))}
          </ul>
          <h2>{t('supervision.website.undated')}</h2>
          <ul>
            {details.undatedItems.map((i) => (
              <li>
                <a href={`/staff/catalog/items/${i.itemId}`}>{i.title}</a>
              </li>
            ))}
          </ul>
          <h2>{t('supervision.website.broken_links')}</h2>
          <ul>
            {details.brokenLinks.map((l) => (
              <li>
                <a href={`/staff/catalog/items/${l.itemId}`}>#{l.itemId}</a> <code>{l.url}</code>（
                {t('supervision.website.link_result')} {l.result}）
              </li>
            ))}
          </ul>
          {details.notCheckedLinks?.length ? (
            <>
              <h2>{t('supervision.website.not_checked')}</h2>
              <p>{t('supervision.website.not_checked_hint')}</p>
              <ul>
                {details.notCheckedLinks.map((l) => (
                  <li>
                    <a href={`/staff/catalog/items/${l.itemId}`}>#{l.itemId}</a> <code>{l.url}</code>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>{t('supervision.website.missing_attachments')}</h2>
          <ul>
            {details.missingAttachments.map((a) => (
              <li>
                <a href={`/staff/catalog/items/${a.itemId}`}>#{a.itemId}</a> {a.name}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t('supervision.website.never')}</p>
      )}
      <h2>{t('supervision.website.history')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('supervision.period')}</th>
            <th scope="col">{t('supervision.website.veto')}</th>
            <th scope="col">{t('supervision.website.score')}</th>
            <th scope="col">{t('supervision.website.stale')}</th>
            <th scope="col">{t('supervision.website.empty')}</th>
            <th scope="col">{t('supervision.website.broken_links')}</th>
          </tr>
        </thead>
        <tbody>
          {props.history.map((h) => (
            <tr>
              <td>{h.checked_on}</td>
              <td>
                {(JSON.parse(h.veto_json) as string[]).map((v) => t(`supervision.veto.${v}`)).join('；') ||
                  '—'}
              </td>
              <td>{h.score}</td>
              <td>{h.stale_columns}</td>
              <td>{h.empty_columns}</td>
              <td>{h.broken_links}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </StaffPage>
  );
}

export function ColumnRulesPage(props: {
  c: StaffContext;
  columns: {
    id: number;
    code: string;
    name: string;
    category: string;
    maxAgeDays: number | null;
    isRequired: boolean;
  }[];
  problems: FieldProblem[];
  /** The row whose save was refused: its submitted values are kept and its fields carry the messages. */
  failed?: { columnId: number; category: string; maxAgeDays: string; isRequired: boolean };
}) {
  const { c } = props;
  const t = c.var.t;
  const labels = {
    category: t('supervision.columns.category'),
    maxAgeDays: t('supervision.website.max_age'),
  };
  const failed = props.failed;
  return (
    <StaffPage
      c={c}
      title={t('supervision.columns.title')}
      hasError={props.problems.length > 0}
      breadcrumbs={[
        { href: '/staff/supervision', label: t('supervision.title') },
        { href: '/staff/supervision/website', label: t('supervision.website.title') },
      ]}
    >
      <ErrorSummary c={c} problems={props.problems} labels={labels} />
      <h1>{t('supervision.columns.title')}</h1>
      <SupervisionFlash c={c} />
      <p class="hint">{t('supervision.columns.hint')}</p>
      <table class="supervision-table">
        <thead>
          <tr>
            <th scope="col">{t('supervision.org')}</th>
            <th scope="col">{t('supervision.columns.category')}</th>
            <th scope="col">{t('supervision.website.max_age')}</th>
            <th scope="col">{t('supervision.columns.required')}</th>
            <th scope="col">{t('supervision.columns.save')}</th>
          </tr>
        </thead>
        <tbody>
          {props.columns.map((col) => {
            const form = `col-${col.id}`;
            const isFailed = failed?.columnId === col.id;
            // Only the refused row's fields take the ids the error summary links to.
            const field = (name: 'category' | 'maxAgeDays') => {
              const problem = isFailed ? problemFor(props.problems, name) : undefined;
              return {
                id: isFailed ? fieldId(name) : undefined,
                problem,
                errorId: `${fieldId(name)}-error`,
                text: problem ? problemText(t, problem, labels[name]) : null,
              };
            };
            const category = field('category');
            const maxAge = field('maxAgeDays');
            return (
              <tr class={isFailed ? 'field-error' : undefined}>
                <th scope="row">{col.name}</th>
                <td>
                  {category.text ? (
                    <span class="error-message" id={category.errorId}>
                      {category.text}
                    </span>
                  ) : null}
                  <select
                    id={category.id}
                    name="category"
                    form={form}
                    aria-label={`${col.name} ${labels.category}`}
                    aria-invalid={category.problem ? 'true' : undefined}
                    aria-describedby={category.problem ? category.errorId : undefined}
                  >
                    {COLUMN_CATEGORIES.map((k) => (
                      <option value={k} selected={k === (isFailed ? failed.category : col.category)}>
                        {t(`supervision.category.${k}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {maxAge.text ? (
                    <span class="error-message" id={maxAge.errorId}>
                      {maxAge.text}
                    </span>
                  ) : null}
                  <input
                    id={maxAge.id}
                    name="maxAgeDays"
                    form={form}
                    inputmode="numeric"
                    size={4}
                    value={
                      isFailed ? failed.maxAgeDays : col.maxAgeDays === null ? '' : String(col.maxAgeDays)
                    }
                    aria-label={`${col.name} ${labels.maxAgeDays}`}
                    aria-invalid={maxAge.problem ? 'true' : undefined}
                    aria-describedby={maxAge.problem ? maxAge.errorId : undefined}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    name="isRequired"
                    value="1"
                    form={form}
                    checked={isFailed ? failed.isRequired : col.isRequired}
                    aria-label={`${col.name} ${t('supervision.columns.required')}`}
                  />
                </td>
                <td>
                  <form id={form} method="post" action={`/staff/supervision/website/columns/${col.id}`}>
                    <CsrfField c={c} />
                    <button type="submit" class="secondary">
                      {t('supervision.columns.save')}
                    </button>
                  </form>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </StaffPage>
  );
}

// ---------------------------------------------------------------------------------------------
// Assessment and settings

export function AssessmentPage(props: {
  c: StaffContext;
  view: AssessmentView;
  choices: string[];
  canManage: boolean;
  problems: FieldProblem[];
  values?: Record<string, string>;
}) {
  const { c, view } = props;
  const t = c.var.t;
  const nameOf = new Map(view.orgs.map((o) => [o.id, o.name]));
  const current = new Map<string, IndicatorWeight>(view.config.map((i) => [i.key, i]));
  const labels: Record<string, string> = { weights: t('supervision.assessment.weights') };
  for (const key of ASSESSMENT_INDICATORS) {
    labels[`weight_${key}`] = `${t(`supervision.indicator.${key}`)} ${t('supervision.assessment.weight')}`;
    labels[`penalty_${key}`] = `${t(`supervision.indicator.${key}`)} ${t('supervision.assessment.penalty')}`;
  }
  const valueOf = (name: string, fallback: number | undefined) =>
    props.values?.[name] ?? (fallback === undefined ? '0' : String(fallback));
  return (
    <StaffPage
      c={c}
      title={t('supervision.assessment.title')}
      hasError={props.problems.length > 0}
      breadcrumbs={[{ href: '/staff/supervision', label: t('supervision.title') }]}
    >
      <ErrorSummary c={c} problems={props.problems} labels={labels} />
      <h1>{t('supervision.assessment.title')}</h1>
      <SupervisionFlash c={c} />
      <form method="get" action="/staff/supervision/assessment" class="supervision-period">
        <label for="f-period">{t('supervision.period')}</label>
        <select id="f-period" name="period">
          {props.choices.map((q) => (
            <option value={q} selected={q === view.periodKey}>
              {q}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          {t('supervision.period.show')}
        </button>
      </form>
      <p>
        <a href={`/staff/supervision/assessment.xlsx?period=${view.periodKey}`}>
          {t('supervision.assessment.export')}
        </a>
      </p>
      <p class="hint">{t('supervision.assessment.hint')}</p>
      {view.configId === null ? <p>{t('supervision.assessment.default_in_use')}</p> : null}
      <table class="supervision-table">
        <thead>
          <tr>
            <th scope="col">{t('supervision.col.rank')}</th>
            <th scope="col">{t('supervision.org')}</th>
            <th scope="col">{t('supervision.assessment.score')}</th>
            {view.config.map((i) => (
              <th scope="col">
                {t(`supervision.indicator.${i.key}`)}（{i.weight}）
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.scores.map((s) => (
            <tr>
              <td>{s.rank ?? '—'}</td>
              <th scope="row">{nameOf.get(s.orgId) ?? s.orgId}</th>
              <td>{s.score ?? '—'}</td>
              {s.parts.map((p) => (
                <td>{p.score === null ? '—' : Math.round(p.score * 10) / 10}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {props.canManage ? (
        <form
          method="post"
          action={`/staff/supervision/assessment/config?period=${view.periodKey}`}
          class="supervision-form"
        >
          <CsrfField c={c} />
          <h2>{t('supervision.assessment.weights')}</h2>
          <div id={fieldId('weights')}></div>
          {ASSESSMENT_INDICATORS.map((key) => (
            <fieldset class="supervision-weight">
              <legend>{t(`supervision.indicator.${key}`)}</legend>
              <TextField
                c={c}
                name={`weight_${key}`}
                label={t('supervision.assessment.weight')}
                inputmode="decimal"
                value={valueOf(`weight_${key}`, current.get(key)?.weight)}
                problems={props.problems}
              />
              {COUNT_INDICATORS.includes(key) ? (
                <TextField
                  c={c}
                  name={`penalty_${key}`}
                  label={t('supervision.assessment.penalty')}
                  inputmode="decimal"
                  value={valueOf(`penalty_${key}`, current.get(key)?.penalty ?? 10)}
                  problems={props.problems}
                />
              ) : null}
            </fieldset>
          ))}
          <button type="submit">{t('supervision.assessment.save')}</button>
        </form>
      ) : null}
    </StaffPage>
  );
}

export function SettingsPage(props: {
  c: StaffContext;
  settings: SupervisionSettings;
  problems: FieldProblem[];
  values?: Record<string, string>;
}) {
  const { c } = props;
  const t = c.var.t;
  const flat = flattenSettings(props.settings);
  const labels = Object.fromEntries(
    Object.keys(SETTING_RANGES).map((k) => [k, t(`supervision.settings.${k}`)]),
  );
  return (
    <StaffPage
      c={c}
      title={t('supervision.settings.title')}
      hasError={props.problems.length > 0}
      breadcrumbs={[{ href: '/staff/supervision', label: t('supervision.title') }]}
    >
      <ErrorSummary c={c} problems={props.problems} labels={labels} />
      <h1>{t('supervision.settings.title')}</h1>
      <SupervisionFlash c={c} />
      <form method="post" action="/staff/supervision/settings" class="supervision-form">
        <CsrfField c={c} />
        {Object.entries(SETTING_RANGES).map(([key, [min, max]]) => (
          <TextField
            c={c}
            name={key}
            label={labels[key]!}
            hint={t('supervision.settings.range', { min, max })}
            inputmode="numeric"
            value={props.values?.[key] ?? String(flat[key as keyof typeof flat])}
            problems={props.problems}
          />
        ))}
        <button type="submit">{t('supervision.settings.save')}</button>
      </form>
    </StaffPage>
  );
}
