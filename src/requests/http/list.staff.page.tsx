import type { Option } from '../../staff/http/forms.js';
import { SelectField, TextField } from '../../staff/http/forms.js';
import { StaffPage } from '../../staff/http/staff-page.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import { APPLICANT_TYPES, APPLICATION_STATUSES, CHANNELS } from '../codes.js';
import type { CaseListRow } from '../requests.repository.js';
import { applicantTypeLabel, channelLabel, StatusTag } from './cases.staff.ui.js';
import './requests.staff.messages.js';

/** The staff case list: filters, counts, sorted by due date, one page at a time, Excel export. */

export interface CaseListFilter {
  org: string;
  status: string;
  handler: string;
  channel: string;
  applicantType: string;
  receivedFrom: string;
  receivedTo: string;
  due: '' | 'soon' | 'overdue';
  page: number;
}

export function caseListQuery(filter: CaseListFilter, change: Partial<CaseListFilter> = {}): string {
  const merged = { ...filter, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (k === 'page' ? v !== 1 : v !== '') params.set(k, String(v));
  }
  const q = params.toString();
  return q ? `?${q}` : '';
}

export function CaseListPage(props: {
  c: StaffContext;
  filter: CaseListFilter;
  rows: CaseListRow[];
  masks: Map<number, { id_number_masked: string | null }>;
  total: { count: number; isCapped: boolean };
  statusCounts: Partial<Record<string, { count: number; isCapped: boolean }>>;
  hasMore: boolean;
  orgOptions: Option[];
  handlerOptions: Option[];
  canRegister: boolean;
  canEditTemplates: boolean;
  invalidFilters: boolean;
}) {
  const { c, filter } = props;
  const t = c.var.t;
  const title = t('requests.staff.list.title');
  const tabs = ['', ...APPLICATION_STATUSES];
  const count = props.total.isCapped ? `${props.total.count}+` : String(props.total.count);
  return (
    <StaffPage c={c} title={title} breadcrumbs={[{ label: title }]}>
      <h1>{title}</h1>
      <p class="button-row">
        {props.canRegister ? (
          <a class="button" href="/staff/requests/new">
            {t('requests.staff.list.register')}
          </a>
        ) : null}
        <a class="button secondary" href={`/staff/requests/export.xlsx${caseListQuery(filter, { page: 1 })}`}>
          {t('requests.staff.list.export')}
        </a>
        {props.canEditTemplates ? (
          <a class="button secondary" href="/staff/requests/templates">
            {t('requests.staff.templates.title')}
          </a>
        ) : null}
      </p>
      <nav class="status-tabs" aria-label={t('requests.staff.list.tabs')}>
        <ul>
          {tabs.map((s) => (
            <li>
              <a
                href={`/staff/requests${caseListQuery(filter, { status: s, page: 1 })}`}
                aria-current={filter.status === s ? 'page' : undefined}
              >
                {s ? t(`requests.staff.status.${s}`) : t('requests.staff.list.all')}
                {s && props.statusCounts[s] !== undefined ? (
                  <span class="count">
                    （{props.statusCounts[s].count}
                    {props.statusCounts[s].isCapped ? '+' : ''}）
                  </span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action="/staff/requests" class="filter-form case-filters">
        {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
        <SelectField
          c={c}
          name="org"
          label={t('requests.staff.filter.org')}
          hint={t('requests.staff.filter.org_hint')}
          value={filter.org}
          options={[{ value: '', label: t('staff.common.all_in_scope') }, ...props.orgOptions]}
          problems={[]}
        />
        <SelectField
          c={c}
          name="handler"
          label={t('requests.staff.filter.handler')}
          value={filter.handler}
          options={[
            { value: '', label: t('staff.common.any') },
            { value: 'me', label: t('requests.staff.filter.handler_me') },
            { value: 'none', label: t('requests.staff.filter.handler_none') },
            ...props.handlerOptions,
          ]}
          problems={[]}
        />
        <SelectField
          c={c}
          name="channel"
          label={t('requests.staff.field.channel')}
          value={filter.channel}
          options={[
            { value: '', label: t('staff.common.any') },
            ...CHANNELS.map((ch) => ({ value: ch, label: channelLabel(c, ch) })),
          ]}
          problems={[]}
        />
        <SelectField
          c={c}
          name="applicantType"
          label={t('requests.staff.field.applicant_type')}
          value={filter.applicantType}
          options={[
            { value: '', label: t('staff.common.any') },
            ...APPLICANT_TYPES.map((a) => ({ value: a, label: applicantTypeLabel(c, a) })),
          ]}
          problems={[]}
        />
        <TextField
          c={c}
          name="receivedFrom"
          type="date"
          label={t('requests.staff.filter.received_from')}
          value={filter.receivedFrom}
          problems={[]}
        />
        <TextField
          c={c}
          name="receivedTo"
          type="date"
          label={t('requests.staff.filter.received_to')}
          value={filter.receivedTo}
          problems={[]}
        />
        <SelectField
          c={c}
          name="due"
          label={t('requests.staff.filter.due')}
          value={filter.due}
          options={[
            { value: '', label: t('staff.common.any') },
            { value: 'soon', label: t('requests.staff.filter.due_soon') },
            { value: 'overdue', label: t('requests.staff.filter.overdue') },
          ]}
          problems={[]}
        />
        <button type="submit" class="secondary">
          {t('staff.common.filter')}
        </button>
      </form>
      {props.invalidFilters ? (
        <p class="notice notice-warning" role="status">
          {t('requests.staff.list.invalid_filters')}
        </p>
      ) : null}
      {props.rows.length === 0 ? (
        <p class="empty-state">{t('requests.staff.list.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="case-list">
            <caption>{t('requests.staff.list.caption', { count })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('requests.staff.field.reference')}</th>
                <th scope="col">{t('requests.staff.field.applicant')}</th>
                <th scope="col">{t('requests.staff.field.description')}</th>
                <th scope="col">{t('requests.staff.field.org')}</th>
                <th scope="col">{t('requests.staff.field.received_on')}</th>
                <th scope="col">{t('requests.staff.field.due_on')}</th>
                <th scope="col">{t('requests.staff.field.status')}</th>
                <th scope="col">{t('requests.staff.field.handler')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/staff/requests/${encodeURIComponent(r.reference)}`}>{r.reference}</a>
                  </td>
                  <td>
                    {r.applicant_name}
                    <br />
                    <span class="muted">{applicantTypeLabel(c, r.applicant_type)}</span>
                  </td>
                  <td class="case-description">
                    {r.description.length > 60 ? `${r.description.slice(0, 60)}…` : r.description}
                  </td>
                  <td>{r.org_name}</td>
                  <td>
                    {r.received_on}
                    <br />
                    <span class="muted">{channelLabel(c, r.channel)}</span>
                  </td>
                  <td>
                    {r.due_on ?? t('requests.staff.due.none')}
                    {r.is_overdue === 1 && r.closed_on === null ? (
                      <span class="case-flag case-flag-overdue">
                        {' '}
                        {t('requests.staff.flag.overdue_short')}
                      </span>
                    ) : null}
                    {r.is_provisional === 1 ? (
                      <span class="muted"> {t('requests.staff.flag.provisional_short')}</span>
                    ) : null}
                  </td>
                  <td>
                    <StatusTag c={c} status={r.status} />
                    {r.is_volume_flagged === 1 ? (
                      <span class="case-flag"> {t('requests.staff.flag.volume_short')}</span>
                    ) : null}
                  </td>
                  <td>{r.handler_name ?? <span class="muted">{t('requests.staff.handler.none')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {filter.page > 1 || props.hasMore ? (
        <nav class="pagination" aria-label={t('staff.common.pagination')}>
          {filter.page > 1 ? (
            <a href={`/staff/requests${caseListQuery(filter, { page: filter.page - 1 })}`}>
              {t('staff.common.previous')}
            </a>
          ) : null}
          <span>{t('requests.staff.list.page', { page: filter.page })}</span>
          {props.hasMore ? (
            <a href={`/staff/requests${caseListQuery(filter, { page: filter.page + 1 })}`}>
              {t('staff.common.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </StaffPage>
  );
}
