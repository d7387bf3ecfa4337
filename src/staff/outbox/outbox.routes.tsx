import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError } from '../../platform/errors.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import {
  findOutboxMessage,
  listOutbox,
  type OutboxMessage,
  type OutboxStatus,
} from '../../platform/mail/outbox.repository.js';
import { requireStaff, type StaffContext } from '../http/staff-context.js';
import { assertAnyScope, isCityWide } from '../http/scope.js';
import { ErrorSummary, SelectField } from '../http/forms.js';
import { StaffPage } from '../http/staff-page.js';
import { formatInstant } from '../http/format.js';
import { Pagination } from '../users/users.page.js';

const PAGE_SIZE = 50;
const STATUSES: readonly OutboxStatus[] = ['queued', 'sent', 'written', 'failed'];

function isStatus(value: string): value is OutboxStatus {
  return (STATUSES as readonly string[]).includes(value);
}

/** The outbox holds mail to every organisation's applicants and staff: city administrators only. */
function assertCanReadOutbox(c: StaffContext): void {
  const { principal } = requireStaff(c);
  assertAnyScope(principal, 'outbox.read');
  if (!isCityWide(principal, 'outbox.read')) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'outbox.read' } });
  }
}

function OutboxListPage(props: {
  c: StaffContext;
  items: OutboxMessage[];
  total: number;
  status: string;
  page: number;
  invalidStatus: boolean;
}) {
  const { c } = props;
  const t = c.var.t;
  const tz = c.var.deps.config.timeZone;
  const pages = Math.max(1, Math.ceil(props.total / PAGE_SIZE));
  const problems = props.invalidStatus ? [{ field: 'status', message: 'staff.outbox.status_unknown' }] : [];
  const labels = { status: t('staff.outbox.col.status') };
  return (
    <StaffPage
      c={c}
      title={t('staff.outbox.title')}
      hasError={props.invalidStatus}
      breadcrumbs={[{ label: t('staff.outbox.title') }]}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{t('staff.outbox.title')}</h1>
      <p>{t('staff.outbox.intro')}</p>
      <form method="get" action="/staff/outbox" class="filter-form">
        <SelectField
          c={c}
          name="status"
          label={labels.status}
          value={props.status}
          options={[
            { value: '', label: t('staff.common.any') },
            ...STATUSES.map((s) => ({ value: s, label: t(`staff.outbox.status.${s}`) })),
          ]}
          problems={problems}
        />
        <button type="submit" class="secondary">
          {t('staff.common.filter')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p class="empty-state">{t('staff.outbox.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{t('staff.outbox.caption', { count: props.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.outbox.col.created')}</th>
                <th scope="col">{t('staff.outbox.col.to')}</th>
                <th scope="col">{t('staff.outbox.col.subject')}</th>
                <th scope="col">{t('staff.outbox.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map((m) => (
                <tr>
                  <td>{formatInstant(m.created_at, tz)}</td>
                  <td>{m.to_address}</td>
                  <td>
                    <a href={`/staff/outbox/${m.id}`}>{m.subject}</a>
                  </td>
                  <td>
                    <span class={`status status-${m.status}`}>{t(`staff.outbox.status.${m.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        c={c}
        page={props.page}
        pages={pages}
        href={(p) =>
          `/staff/outbox?${new URLSearchParams({ ...(props.status ? { status: props.status } : {}), page: String(p) }).toString()}`
        }
      />
    </StaffPage>
  );
}

function OutboxMessagePage({ c, m }: { c: StaffContext; m: OutboxMessage }) {
  const t = c.var.t;
  const tz = c.var.deps.config.timeZone;
  return (
    <StaffPage
      c={c}
      title={m.subject}
      breadcrumbs={[{ href: '/staff/outbox', label: t('staff.outbox.title') }, { label: m.subject }]}
    >
      <h1>{m.subject}</h1>
      <dl class="facts">
        <dt>{t('staff.outbox.col.to')}</dt>
        <dd>{m.to_address}</dd>
        <dt>{t('staff.outbox.col.status')}</dt>
        <dd>{t(`staff.outbox.status.${m.status}`)}</dd>
        <dt>{t('staff.outbox.col.created')}</dt>
        <dd>{formatInstant(m.created_at, tz)}</dd>
        <dt>{t('staff.outbox.col.sent')}</dt>
        <dd>{m.sent_at ? formatInstant(m.sent_at, tz) : t('staff.common.none')}</dd>
        <dt>{t('staff.outbox.col.transport')}</dt>
        <dd>{m.transport ?? t('staff.common.none')}</dd>
        {m.file_path ? (
          <>
            <dt>{t('staff.outbox.col.file')}</dt>
            <dd>
              <code>{m.file_path}</code>
            </dd>
          </>
        ) : null}
        {m.error ? (
          <>
            <dt>{t('staff.outbox.col.error')}</dt>
            <dd>{m.error}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t('staff.outbox.body')}</h2>
      <pre class="mail-body">{m.text_body}</pre>
    </StaffPage>
  );
}

/** The mail outbox: what was queued, sent, written to the outbox folder, or failed. */
export function staffOutboxRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/staff/outbox', async (c) => {
    assertCanReadOutbox(c);
    const raw = (c.req.query('status') ?? '').trim();
    const invalidStatus = raw !== '' && !isStatus(raw);
    const page = Math.max(1, Math.min(100_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const { items, total } = invalidStatus
      ? { items: [], total: 0 }
      : await listOutbox(c.var.deps.database, {
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
          ...(isStatus(raw) ? { status: raw } : {}),
        });
    return c.html(
      <OutboxListPage
        c={c}
        items={items}
        total={total}
        status={raw}
        page={page}
        invalidStatus={invalidStatus}
      />,
      invalidStatus ? HTTP_STATUS.VALIDATION : 200,
    );
  });

  app.get('/staff/outbox/:id', async (c) => {
    assertCanReadOutbox(c);
    const raw = c.req.param('id');
    if (!/^\d{1,9}$/.test(raw)) throw new AppError('NOT_FOUND', `No message ${raw}`);
    const m = await findOutboxMessage(c.var.deps.database, Number(raw));
    if (!m) throw new AppError('NOT_FOUND', `No message ${raw}`);
    return c.html(<OutboxMessagePage c={c} m={m} />);
  });

  return app;
}
