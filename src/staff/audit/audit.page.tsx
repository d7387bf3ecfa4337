import type { FieldProblem } from '../../platform/errors.js';
import type { AuditVerification } from '../../platform/audit/audit.js';
import { ErrorSummary, SelectField, TextField, type Option } from '../http/forms.js';
import { StaffPage } from '../http/staff-page.js';
import type { StaffContext } from '../http/staff-context.js';
import { formatInstant } from '../http/format.js';
import { Pagination } from '../users/users.page.js';
import type { AuditRow } from './audit-viewer.repository.js';

export interface AuditFilter {
  org: string;
  actor: string;
  action: string;
  entityType: string;
  from: string;
  to: string;
  page: number;
}

export function auditFilterHref(filter: AuditFilter, page: number): string {
  const p = new URLSearchParams();
  for (const key of ['org', 'actor', 'action', 'entityType', 'from', 'to'] as const) {
    if (filter[key]) p.set(key, filter[key]);
  }
  p.set('page', String(page));
  return `/staff/audit?${p.toString()}`;
}

/** Before/after JSON, indented so a person can read it; malformed text is shown as it is. */
function prettyJson(text: string | null): string | null {
  if (text === null) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function JsonBlock({ label, text }: { label: string; text: string | null }) {
  const pretty = prettyJson(text);
  if (pretty === null) return null;
  return (
    <div class="audit-json">
      <span class="label">{label}</span>
      <pre>{pretty}</pre>
    </div>
  );
}

export function AuditLogPage(props: {
  c: StaffContext;
  rows: AuditRow[];
  total: number;
  pageSize: number;
  filter: AuditFilter;
  orgOptions: Option[];
  actionOptions: string[];
  entityTypeOptions: string[];
  problems: FieldProblem[];
  canVerify: boolean;
}) {
  const { c, filter, problems } = props;
  const t = c.var.t;
  const tz = c.var.deps.config.timeZone;
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const labels: Record<string, string> = {
    org: t('staff.audit.filter.org'),
    actor: t('staff.audit.filter.actor'),
    action: t('staff.audit.filter.action'),
    entityType: t('staff.audit.filter.entity_type'),
    from: t('staff.audit.filter.from'),
    to: t('staff.audit.filter.to'),
  };
  const any = { value: '', label: t('staff.common.any') };
  return (
    <StaffPage
      c={c}
      title={t('staff.audit.title')}
      hasError={problems.length > 0}
      breadcrumbs={[{ label: t('staff.audit.title') }]}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{t('staff.audit.title')}</h1>
      <p>{t('staff.audit.intro')}</p>
      {props.canVerify ? (
        <p>
          <a href="/staff/audit/verify">{t('staff.audit.verify_link')}</a>
        </p>
      ) : null}
      <form method="get" action="/staff/audit" class="filter-form" novalidate>
        <SelectField
          c={c}
          name="org"
          label={labels.org ?? ''}
          hint={t('staff.audit.filter.org_hint')}
          value={filter.org}
          options={[{ value: '', label: t('staff.common.all_in_scope') }, ...props.orgOptions]}
          problems={problems}
        />
        <TextField
          c={c}
          name="actor"
          label={labels.actor ?? ''}
          hint={t('staff.audit.filter.actor_hint')}
          value={filter.actor}
          problems={problems}
        />
        <SelectField
          c={c}
          name="action"
          label={labels.action ?? ''}
          value={filter.action}
          options={[any, ...props.actionOptions.map((a) => ({ value: a, label: a }))]}
          problems={problems}
        />
        <SelectField
          c={c}
          name="entityType"
          label={labels.entityType ?? ''}
          value={filter.entityType}
          options={[any, ...props.entityTypeOptions.map((a) => ({ value: a, label: a }))]}
          problems={problems}
        />
        <TextField
          c={c}
          name="from"
          type="date"
          label={labels.from ?? ''}
          hint={t('staff.audit.filter.date_hint')}
          value={filter.from}
          problems={problems}
        />
        <TextField
          c={c}
          name="to"
          type="date"
          label={labels.to ?? ''}
          hint={t('staff.audit.filter.date_hint')}
          value={filter.to}
          problems={problems}
        />
        <button type="submit" class="secondary">
          {t('staff.common.filter')}
        </button>
      </form>
      {props.rows.length === 0 ? (
        <p class="empty-state">{t('staff.audit.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="audit-table">
            <caption>{t('staff.audit.caption', { count: props.total, tz })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.audit.col.seq')}</th>
                <th scope="col">{t('staff.audit.col.at')}</th>
                <th scope="col">{t('staff.audit.col.actor')}</th>
                <th scope="col">{t('staff.audit.col.action')}</th>
                <th scope="col">{t('staff.audit.col.entity')}</th>
                <th scope="col">{t('staff.audit.col.org')}</th>
                <th scope="col">{t('staff.audit.col.change')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>{r.seq}</td>
                  <td>
                    <time datetime={r.at}>{formatInstant(r.at, tz)}</time>
                  </td>
                  <td>
                    {r.actor_label}
                    {r.ip ? <span class="muted audit-ip">{r.ip}</span> : null}
                  </td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>
                    {r.entity_type}
                    {r.entity_id ? ` ${r.entity_id}` : ''}
                  </td>
                  <td>{r.org_name ?? t('staff.audit.no_org')}</td>
                  <td>
                    <JsonBlock label={t('staff.audit.before')} text={r.before_json} />
                    <JsonBlock label={t('staff.audit.after')} text={r.after_json} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination c={c} page={filter.page} pages={pages} href={(p) => auditFilterHref(filter, p)} />
    </StaffPage>
  );
}

export function AuditVerifyPage({ c, result }: { c: StaffContext; result: AuditVerification }) {
  const t = c.var.t;
  const title = t('staff.audit.verify_title');
  return (
    <StaffPage
      c={c}
      title={title}
      breadcrumbs={[{ href: '/staff/audit', label: t('staff.audit.title') }, { label: title }]}
    >
      <h1>{title}</h1>
      {result.ok ? (
        <div class="notice" role="status">
          <p>{t('staff.audit.verify_ok', { count: result.checked })}</p>
          {result.head ? (
            <p>
              {t('staff.audit.verify_head', { seq: result.head.seq })}{' '}
              <code class="hash">{result.head.hash}</code>
            </p>
          ) : null}
        </div>
      ) : (
        <div class="error-summary" role="alert">
          <h2>{t('staff.audit.verify_broken', { count: result.problems.length })}</h2>
          <ul>
            {result.problems.slice(0, 100).map((p) => (
              <li>{t(`staff.audit.problem.${p.problem}`, { seq: p.seq })}</li>
            ))}
          </ul>
          <p>{t('staff.audit.verify_broken_hint')}</p>
        </div>
      )}
      <p>{t('staff.audit.verify_explain')}</p>
    </StaffPage>
  );
}
