import { raw } from 'hono/html';
import type { FieldProblem } from '../../platform/errors.js';
import { CsrfField, TextField, type FormValues } from '../../staff/http/forms.js';
import { StaffPage } from '../../staff/http/staff-page.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import { dateInTimeZone } from '../../calendar/dates.rules.js';
import type { SubmissionRow, VersionRow } from '../workflow/workflow.repository.js';
import './reports.http.messages.js';

/**
 * Corrections of a published report in the back office (migration 0012): the pending withdrawal, the
 * withdraw form (a reason is required; it is shown on the public page), and every published version
 * with a link to it exactly as it was public.
 */

export interface RevisionsView {
  status: string;
  version: number;
  withdrawal: { date: string; reason: string } | null;
  versions: { version: number; publishedOn: string; withdrawnOn: string | null; reason: string | null }[];
}

export function revisionsViewOf(
  row: SubmissionRow | undefined,
  versions: VersionRow[],
  timeZone: string,
): RevisionsView {
  const day = (at: string) => dateInTimeZone(at, timeZone);
  return {
    status: row?.status ?? 'draft',
    version: row?.version ?? 0,
    withdrawal:
      row?.status === 'withdrawn' && row.withdrawn_at
        ? { date: day(row.withdrawn_at), reason: row.withdrawal_reason ?? '' }
        : null,
    versions: versions.map((v) => ({
      version: v.version,
      publishedOn: day(v.published_at),
      withdrawnOn: v.withdrawn_at ? day(v.withdrawn_at) : null,
      reason: v.withdrawal_reason,
    })),
  };
}

export function RevisionsSection(props: {
  c: StaffContext;
  view: RevisionsView;
  /** `/staff/reports/{code}/{year}` or its `/aggregate` page: where the withdraw form posts. */
  base: string;
  /** `/staff/reports/{code}/{year}/versions` (with `?scope=aggregate` appended to each link when needed). */
  versionsBase: string;
  scopeQuery: string;
  canWithdraw: boolean;
  problems: FieldProblem[];
  values?: FormValues;
}) {
  const { c, view } = props;
  const t = c.var.t;
  return (
    <>
      {view.withdrawal ? (
        <div class="notice reports-withdrawn" role="status">
          <p>
            {t('reports.staff.withdrawn_note', {
              version: view.version,
              date: view.withdrawal.date,
              reason: view.withdrawal.reason,
            })}
          </p>
        </div>
      ) : null}
      {props.canWithdraw && view.status === 'published' ? (
        <section>
          <h2>{t('reports.staff.withdraw_h')}</h2>
          <p>{t('reports.staff.withdraw_intro')}</p>
          <form method="post" action={`${props.base}/withdraw`}>
            <CsrfField c={c} />
            <TextField
              c={c}
              name="reason"
              label={t('reports.staff.withdraw_reason')}
              multiline
              value={props.values?.reason ?? ''}
              problems={props.problems}
            />
            <button type="submit" class="secondary">
              {t('reports.staff.withdraw')}
            </button>
          </form>
        </section>
      ) : null}
      {view.versions.length > 0 ? (
        <section>
          <h2>{t('reports.staff.versions_h')}</h2>
          <ul class="reports-versions">
            {view.versions.map((v) => (
              <li>
                <a href={`${props.versionsBase}/${v.version}${props.scopeQuery}`}>
                  {t('reports.staff.version_link', { version: v.version })}
                </a>{' '}
                {t('reports.staff.version_published', { date: v.publishedOn })}
                {v.withdrawnOn
                  ? `，${t('reports.staff.version_withdrawn', { date: v.withdrawnOn, reason: v.reason ?? '' })}`
                  : null}
                {view.status === 'published' && v.version === view.version
                  ? t('reports.staff.version_current')
                  : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** One published version of a report, exactly as the public saw it (for the office, report.read). */
export function VersionPage(props: {
  c: StaffContext;
  org: { code: string; name: string };
  year: number;
  version: number;
  publishedOn: string;
  withdrawal: { date: string; reason: string } | null;
  reportHtml: string;
  backHref: string;
}) {
  const { c } = props;
  const t = c.var.t;
  const title = t('reports.staff.version_title', {
    year: props.year,
    version: props.version,
    org: props.org.name,
  });
  return (
    <StaffPage
      c={c}
      title={title}
      breadcrumbs={[
        { href: `/staff/reports?year=${props.year}`, label: t('reports.staff.title') },
        { href: props.backHref, label: `${props.year} · ${props.org.name}` },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <p class="meta">{t('reports.public.published_on', { date: props.publishedOn })}</p>
      {props.withdrawal ? (
        <div class="notice reports-withdrawn" role="status">
          <p>
            {t('reports.staff.version_withdrawn', {
              date: props.withdrawal.date,
              reason: props.withdrawal.reason,
            })}
          </p>
        </div>
      ) : null}
      <div class="reports-report">{raw(props.reportHtml)}</div>
    </StaffPage>
  );
}
