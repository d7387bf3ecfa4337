import type { FieldProblem } from '../../platform/errors.js';
import type { ListedUser } from '../../orgs/users/list-users.js';
import type { GrantRow, UserRow } from '../../orgs/users/users.repository.js';
import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  SelectField,
  TextField,
  fieldId,
  problemFor,
  problemText,
  type FormValues,
  type Option,
} from '../http/forms.js';
import { Flash, StaffPage } from '../http/staff-page.js';
import type { StaffContext } from '../http/staff-context.js';
import { formatInstant } from '../http/format.js';

export function userFieldLabels(c: StaffContext): Record<string, string> {
  const t = c.var.t;
  return {
    username: t('staff.users.field.username'),
    displayName: t('staff.users.field.displayName'),
    email: t('staff.users.field.email'),
    homeOrgCode: t('staff.users.field.homeOrgCode'),
    passwordMode: t('staff.users.field.passwordMode'),
    password: t('staff.users.field.password'),
    newPassword: t('staff.users.field.password'),
    mustChangePassword: t('staff.users.field.mustChangePassword'),
    isActive: t('staff.users.field.isActive'),
    orgCode: t('staff.users.field.orgCode'),
    role: t('staff.users.field.role'),
    userId: t('staff.users.field.username'),
    text: t('staff.users.filter.text'),
  };
}

export interface UserListFilter {
  org: string;
  q: string;
  inactive: boolean;
  page: number;
}

function pageHref(filter: UserListFilter, page: number): string {
  const p = new URLSearchParams();
  if (filter.org) p.set('org', filter.org);
  if (filter.q) p.set('q', filter.q);
  if (filter.inactive) p.set('inactive', '1');
  p.set('page', String(page));
  return `/staff/users?${p.toString()}`;
}

export function Pagination(props: {
  c: StaffContext;
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  const t = props.c.var.t;
  if (props.pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={t('staff.common.pagination')}>
      {props.page > 1 ? <a href={props.href(props.page - 1)}>{t('staff.common.previous')}</a> : null}
      <span>{t('staff.common.page_of', { page: props.page, pages: props.pages })}</span>
      {props.page < props.pages ? <a href={props.href(props.page + 1)}>{t('staff.common.next')}</a> : null}
    </nav>
  );
}

export function UserListPage(props: {
  c: StaffContext;
  users: ListedUser[];
  total: number;
  pageSize: number;
  filter: UserListFilter;
  orgOptions: Option[];
  canCreate: boolean;
  problems: FieldProblem[];
}) {
  const { c, filter, problems } = props;
  const t = c.var.t;
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const labels = { org: t('staff.users.filter.org'), q: t('staff.users.filter.text') };
  return (
    <StaffPage
      c={c}
      title={t('staff.users.title')}
      hasError={problems.length > 0}
      breadcrumbs={[{ label: t('staff.users.title') }]}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{t('staff.users.title')}</h1>
      {props.canCreate ? (
        <p>
          <a class="button" href="/staff/users/new">
            {t('staff.users.create')}
          </a>
        </p>
      ) : null}
      <form method="get" action="/staff/users" class="filter-form">
        <SelectField
          c={c}
          name="org"
          label={labels.org}
          value={filter.org}
          options={[{ value: '', label: t('staff.common.all_in_scope') }, ...props.orgOptions]}
          problems={problems}
        />
        <TextField
          c={c}
          name="q"
          type="search"
          label={labels.q}
          hint={t('staff.users.filter.text_hint')}
          value={filter.q}
          problems={problems}
        />
        <CheckboxField
          c={c}
          name="inactive"
          label={t('staff.users.filter.inactive')}
          checked={filter.inactive}
        />
        <button type="submit" class="secondary">
          {t('staff.common.filter')}
        </button>
      </form>
      {props.users.length === 0 ? (
        <p class="empty-state">{t('staff.users.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption>{t('staff.users.caption', { count: props.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.users.field.username')}</th>
                <th scope="col">{t('staff.users.field.displayName')}</th>
                <th scope="col">{t('staff.users.field.homeOrgCode')}</th>
                <th scope="col">{t('staff.users.roles')}</th>
                <th scope="col">{t('staff.users.field.isActive')}</th>
              </tr>
            </thead>
            <tbody>
              {props.users.map((u) => (
                <tr class={u.isActive ? undefined : 'inactive'}>
                  <td>
                    <a href={`/staff/users/${u.id}`}>{u.username}</a>
                  </td>
                  <td>{u.displayName}</td>
                  <td>{u.homeOrg?.name ?? t('staff.users.no_home')}</td>
                  <td>
                    {u.grants.length === 0 ? (
                      <span class="muted">{t('staff.users.no_roles')}</span>
                    ) : (
                      <ul class="plain-list">
                        {u.grants.map((g) => (
                          <li>
                            {g.orgName}：{t(`staff.role.${g.role}`)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>{u.isActive ? t('staff.common.active') : t('staff.common.inactive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination c={c} page={filter.page} pages={pages} href={(p) => pageHref(filter, p)} />
    </StaffPage>
  );
}

export function UserCreatePage(props: {
  c: StaffContext;
  values: FormValues;
  problems: FieldProblem[];
  orgOptions: Option[];
}) {
  const { c, values, problems } = props;
  const t = c.var.t;
  const labels = userFieldLabels(c);
  const mode = values.passwordMode === 'typed' ? 'typed' : 'generate';
  const modeProblem = problemFor(problems, 'password');
  return (
    <StaffPage
      c={c}
      title={t('staff.users.create')}
      hasError={problems.length > 0}
      breadcrumbs={[
        { href: '/staff/users', label: t('staff.users.title') },
        { label: t('staff.users.create') },
      ]}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{t('staff.users.create')}</h1>
      <form method="post" action="/staff/users/new" novalidate autocomplete="off">
        <CsrfField c={c} />
        <TextField
          c={c}
          name="username"
          label={labels.username ?? ''}
          hint={t('staff.users.hint.username')}
          autocomplete="off"
          value={values.username}
          problems={problems}
        />
        <TextField
          c={c}
          name="displayName"
          label={labels.displayName ?? ''}
          value={values.displayName}
          problems={problems}
        />
        <TextField
          c={c}
          name="email"
          type="email"
          label={labels.email ?? ''}
          optional
          value={values.email}
          problems={problems}
        />
        <SelectField
          c={c}
          name="homeOrgCode"
          label={labels.homeOrgCode ?? ''}
          value={values.homeOrgCode}
          options={props.orgOptions}
          problems={problems}
        />
        <fieldset class={modeProblem ? 'field field-error' : 'field'}>
          <legend>{labels.passwordMode}</legend>
          <div class="radio">
            <input
              type="radio"
              id={fieldId('passwordMode')}
              name="passwordMode"
              value="generate"
              checked={mode === 'generate'}
            />
            <label for={fieldId('passwordMode')}>{t('staff.users.password_generate')}</label>
          </div>
          <div class="radio">
            <input
              type="radio"
              id="f-passwordMode-typed"
              name="passwordMode"
              value="typed"
              checked={mode === 'typed'}
            />
            <label for="f-passwordMode-typed">{t('staff.users.password_typed')}</label>
          </div>
          <div class="field">
            <label for={fieldId('password')}>{labels.password}</label>
            <span class="hint" id="f-password-hint">
              {t('staff.users.hint.password')}
            </span>
            {modeProblem ? (
              <span class="error-message" id="f-password-error">
                {problemText(t, modeProblem, labels.password ?? '')}
              </span>
            ) : null}
            <input
              type="password"
              id={fieldId('password')}
              name="password"
              autocomplete="new-password"
              aria-describedby={modeProblem ? 'f-password-hint f-password-error' : 'f-password-hint'}
            />
          </div>
        </fieldset>
        <CheckboxField
          c={c}
          name="mustChangePassword"
          label={labels.mustChangePassword ?? ''}
          checked={values.mustChangePassword !== '0'}
        />
        <input type="hidden" name="mustChangePasswordShown" value="1" />
        <button type="submit">{t('staff.users.create_submit')}</button>
      </form>
    </StaffPage>
  );
}

/** Shown once, right after the account is made or its password reset: the password is not stored anywhere readable. */
export function PasswordShownOncePage(props: {
  c: StaffContext;
  userId: number;
  username: string;
  password: string;
  kind: 'created' | 'reset';
}) {
  const { c } = props;
  const t = c.var.t;
  const title = props.kind === 'created' ? t('staff.users.created_title') : t('staff.users.reset_done_title');
  return (
    <StaffPage
      c={c}
      title={title}
      breadcrumbs={[{ href: '/staff/users', label: t('staff.users.title') }, { label: title }]}
    >
      <div class="notice" role="status">
        <h1>{title}</h1>
        <p>{t('staff.users.username_is', { username: props.username })}</p>
      </div>
      <p>{t('staff.users.password_once')}</p>
      <p class="password-once">
        <code>{props.password}</code>
      </p>
      <p>{t('staff.users.password_once_hint')}</p>
      <p>
        <a href={`/staff/users/${props.userId}`}>{t('staff.users.to_user')}</a>
      </p>
    </StaffPage>
  );
}

export function UserDetailPage(props: {
  c: StaffContext;
  user: UserRow;
  homeOrgName: string | null;
  grants: (GrantRow & { canRevoke: boolean })[];
  canManage: boolean;
  grantOrgOptions: Option[];
  roleOptions: Option[];
  grantValues: FormValues;
  problems: FieldProblem[];
}) {
  const { c, user, problems } = props;
  const t = c.var.t;
  const tz = c.var.deps.config.timeZone;
  const labels = userFieldLabels(c);
  return (
    <StaffPage
      c={c}
      title={user.display_name}
      hasError={problems.length > 0}
      breadcrumbs={[{ href: '/staff/users', label: t('staff.users.title') }, { label: user.username }]}
    >
      <Flash
        c={c}
        allowed={[
          'user_created',
          'user_updated',
          'role_granted',
          'role_revoked',
          'password_reset',
          'sessions_ended',
        ]}
      />
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{user.display_name}</h1>
      <dl class="facts">
        <dt>{labels.username}</dt>
        <dd>
          <code>{user.username}</code>
        </dd>
        <dt>{labels.email}</dt>
        <dd>{user.email ?? t('staff.common.none')}</dd>
        <dt>{labels.homeOrgCode}</dt>
        <dd>{props.homeOrgName ?? t('staff.users.no_home')}</dd>
        <dt>{labels.isActive}</dt>
        <dd>{user.is_active === 1 ? t('staff.common.active') : t('staff.common.inactive')}</dd>
        <dt>{t('staff.users.last_login')}</dt>
        <dd>{user.last_login_at ? formatInstant(user.last_login_at, tz) : t('staff.users.never')}</dd>
        {user.must_change_password === 1 ? (
          <>
            <dt>{t('staff.users.field.mustChangePassword')}</dt>
            <dd>{t('staff.common.yes')}</dd>
          </>
        ) : null}
      </dl>
      {props.canManage ? (
        <ul class="plain-list actions-list">
          <li>
            <a href={`/staff/users/${user.id}/edit`}>{t('staff.users.edit')}</a>
          </li>
          <li>
            <a href={`/staff/users/${user.id}/password`}>{t('staff.users.reset_password')}</a>
          </li>
        </ul>
      ) : null}

      <h2>{t('staff.users.roles')}</h2>
      {props.grants.length === 0 ? (
        <p class="empty-state">{t('staff.users.no_roles')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{labels.orgCode}</th>
                <th scope="col">{labels.role}</th>
                <th scope="col">{t('staff.common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.grants.map((g) => (
                <tr>
                  <td>{g.org_name}</td>
                  <td>{t(`staff.role.${g.role}`)}</td>
                  <td>
                    {g.canRevoke ? (
                      <form
                        method="post"
                        action={`/staff/users/${user.id}/grants/revoke`}
                        class="inline-form"
                      >
                        <CsrfField c={c} />
                        <input type="hidden" name="orgCode" value={g.org_code} />
                        <input type="hidden" name="role" value={g.role} />
                        <button type="submit" class="secondary">
                          {t('staff.users.revoke')}
                          <span class="visually-hidden">
                            {g.org_name} {t(`staff.role.${g.role}`)}
                          </span>
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.grantOrgOptions.length > 0 && props.roleOptions.length > 0 ? (
        <>
          <h2>{t('staff.users.grant_title')}</h2>
          <form method="post" action={`/staff/users/${user.id}/grants`} novalidate>
            <CsrfField c={c} />
            <SelectField
              c={c}
              name="orgCode"
              label={labels.orgCode ?? ''}
              hint={t('staff.users.hint.grant_org')}
              value={props.grantValues.orgCode}
              options={props.grantOrgOptions}
              problems={problems}
            />
            <SelectField
              c={c}
              name="role"
              label={labels.role ?? ''}
              value={props.grantValues.role}
              options={props.roleOptions}
              problems={problems}
            />
            <button type="submit">{t('staff.users.grant_submit')}</button>
          </form>
        </>
      ) : null}
      {props.canManage ? (
        <>
          <h2>{t('staff.users.sessions_title')}</h2>
          <p>{t('staff.users.sessions_hint')}</p>
          <form method="post" action={`/staff/users/${user.id}/logout-everywhere`}>
            <CsrfField c={c} />
            <button type="submit" class="secondary">
              {t('staff.users.end_sessions')}
            </button>
          </form>
        </>
      ) : null}
    </StaffPage>
  );
}

export function UserEditPage(props: {
  c: StaffContext;
  user: UserRow;
  values: FormValues;
  problems: FieldProblem[];
  orgOptions: Option[];
}) {
  const { c, user, values, problems } = props;
  const t = c.var.t;
  const labels = userFieldLabels(c);
  const title = t('staff.users.edit_title', { name: user.display_name });
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={[
        { href: '/staff/users', label: t('staff.users.title') },
        { href: `/staff/users/${user.id}`, label: user.username },
        { label: t('staff.users.edit') },
      ]}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{title}</h1>
      <form method="post" action={`/staff/users/${user.id}/edit`} novalidate>
        <CsrfField c={c} />
        <TextField
          c={c}
          name="displayName"
          label={labels.displayName ?? ''}
          value={values.displayName}
          problems={problems}
        />
        <TextField
          c={c}
          name="email"
          type="email"
          label={labels.email ?? ''}
          optional
          value={values.email}
          problems={problems}
        />
        <SelectField
          c={c}
          name="homeOrgCode"
          label={labels.homeOrgCode ?? ''}
          value={values.homeOrgCode}
          options={props.orgOptions}
          problems={problems}
        />
        <SelectField
          c={c}
          name="isActive"
          label={labels.isActive ?? ''}
          hint={t('staff.users.hint.isActive')}
          value={values.isActive}
          options={[
            { value: '1', label: t('staff.common.active') },
            { value: '0', label: t('staff.common.inactive') },
          ]}
          problems={problems}
        />
        <button type="submit">{t('staff.common.save')}</button>
      </form>
    </StaffPage>
  );
}

export function ResetPasswordPage(props: {
  c: StaffContext;
  user: UserRow;
  values: FormValues;
  problems: FieldProblem[];
}) {
  const { c, user, values, problems } = props;
  const t = c.var.t;
  const labels = userFieldLabels(c);
  const title = t('staff.users.reset_title', { name: user.display_name });
  const mode = values.passwordMode === 'typed' ? 'typed' : 'generate';
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={[
        { href: '/staff/users', label: t('staff.users.title') },
        { href: `/staff/users/${user.id}`, label: user.username },
        { label: t('staff.users.reset_password') },
      ]}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{title}</h1>
      <p>{t('staff.users.reset_hint')}</p>
      <form method="post" action={`/staff/users/${user.id}/password`} novalidate autocomplete="off">
        <CsrfField c={c} />
        <fieldset class="field">
          <legend>{labels.passwordMode}</legend>
          <div class="radio">
            <input
              type="radio"
              id={fieldId('passwordMode')}
              name="passwordMode"
              value="generate"
              checked={mode === 'generate'}
            />
            <label for={fieldId('passwordMode')}>{t('staff.users.password_generate')}</label>
          </div>
          <div class="radio">
            <input
              type="radio"
              id="f-passwordMode-typed"
              name="passwordMode"
              value="typed"
              checked={mode === 'typed'}
            />
            <label for="f-passwordMode-typed">{t('staff.users.password_typed')}</label>
          </div>
        </fieldset>
        <TextField
          c={c}
          name="newPassword"
          type="password"
          label={labels.newPassword ?? ''}
          hint={t('staff.users.hint.password')}
          autocomplete="new-password"
          problems={problems}
        />
        <button type="submit" class="danger">
          {t('staff.users.reset_submit')}
        </button>
      </form>
    </StaffPage>
  );
}
