import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import {
  assertCan,
  can,
  canGrantRole,
  canManageUser,
  isWithin,
  scopeOf,
} from '../../platform/auth/permissions.rules.js';
import { ROLES, isRole, type Role } from '../../platform/auth/roles.js';
import { generatePassword } from '../../platform/auth/password.js';
import { logOutEverywhere } from '../../platform/auth/log-out.js';
import { createUser } from '../../orgs/users/create-user.js';
import { updateUser } from '../../orgs/users/update-user.js';
import { resetPassword } from '../../orgs/users/reset-password.js';
import { grantRole } from '../../orgs/users/grant-role.js';
import { revokeRole } from '../../orgs/users/revoke-role.js';
import { listUsers } from '../../orgs/users/list-users.js';
import {
  findOrgByCode,
  findOrgById,
  findUserById,
  listGrantsOfUsers,
  listOrgPathsOfUser,
  type UserRow,
} from '../../orgs/users/users.repository.js';
import type { Org } from '../../orgs/orgs.repository.js';
import { formProblemsOf, readForm, type FormValues, type Option } from '../http/forms.js';
import { requireStaff, useCaseContextOf, type StaffContext } from '../http/staff-context.js';
import { assertAnyScope, isCityAdmin, isCityWide, listOrgChoices } from '../http/scope.js';
import {
  PasswordShownOncePage,
  ResetPasswordPage,
  UserCreatePage,
  UserDetailPage,
  UserEditPage,
  UserListPage,
  type UserListFilter,
} from './users.page.js';

const PAGE_SIZE = 50;

function orgOption(org: Pick<Org, 'code' | 'name'>): Option {
  return { value: org.code, label: `${org.name}（${org.code}）` };
}

function forbidden(action: string): AppError {
  return new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action } });
}

function parseUserId(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw new AppError('NOT_FOUND', `No user ${raw}`);
  return Number(raw);
}

/**
 * The account, after checking the reader may see it: its home or a grant lies within their
 * `user.read` scope (an account with neither is visible city-wide only). Refusals are audited.
 */
async function findVisibleUser(c: StaffContext, raw: string): Promise<{ user: UserRow; orgPaths: string[] }> {
  const { principal } = requireStaff(c);
  assertAnyScope(principal, 'user.read');
  const db = c.var.deps.database.db;
  const user = await findUserById(db, parseUserId(raw));
  if (!user) throw new AppError('NOT_FOUND', `No user ${raw}`);
  const orgPaths = await listOrgPathsOfUser(db, user);
  const visible =
    orgPaths.length === 0
      ? isCityWide(principal, 'user.read')
      : orgPaths.some((orgPath) => can(principal, 'user.read', { orgPath }));
  if (!visible) throw forbidden('user.read');
  return { user, orgPaths };
}

async function findManagedUser(c: StaffContext, raw: string): Promise<UserRow> {
  const { principal } = requireStaff(c);
  const { user, orgPaths } = await findVisibleUser(c, raw);
  if (!canManageUser(principal, { orgPaths })) throw forbidden('user.manage');
  return user;
}

async function homeOrgOptions(c: StaffContext, current?: Option): Promise<Option[]> {
  const { principal } = requireStaff(c);
  const options = (await listOrgChoices(c.var.deps.database.db, principal, 'user.manage')).map(orgOption);
  if (current && !options.some((o) => o.value === current.value)) options.unshift(current);
  // Only a city administrator may manage accounts without a home organisation.
  if (isCityAdmin(principal)) options.push({ value: '', label: c.var.t('staff.users.no_home') });
  return options;
}

function roleOptions(c: StaffContext, orgPaths: readonly string[]): Option[] {
  const { principal } = requireStaff(c);
  return ROLES.filter((role) => orgPaths.some((p) => canGrantRole(principal, role, p))).map((role) => ({
    value: role,
    label: c.var.t(`staff.role.${role}`),
  }));
}

/** Staff accounts: list, create, edit, reset password, grant and revoke roles. */
export function staffUserRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/staff/users', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'user.read');
    const db = c.var.deps.database.db;
    const page = Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const filter: UserListFilter = {
      org: (c.req.query('org') ?? '').trim(),
      q: (c.req.query('q') ?? '').trim(),
      inactive: c.req.query('inactive') === '1',
      page,
    };
    const problems: FieldProblem[] = [];
    if (filter.org) {
      const org = await findOrgByCode(db, filter.org);
      if (!org) problems.push({ field: 'org', message: 'staff.users.filter.org_unknown' });
      else assertCan(principal, 'user.read', { orgPath: org.path });
    }
    if (filter.q.length > 100) problems.push({ field: 'q', message: 'staff.users.filter.text_too_long' });
    const result =
      problems.length > 0
        ? { users: [], total: 0 }
        : await listUsers(useCaseContextOf(c), {
            orgCode: filter.org || undefined,
            text: filter.q || undefined,
            includeInactive: filter.inactive,
            limit: PAGE_SIZE,
            offset: (page - 1) * PAGE_SIZE,
          });
    const orgOptions = (await listOrgChoices(db, principal, 'user.read')).map(orgOption);
    return c.html(
      <UserListPage
        c={c}
        users={result.users}
        total={result.total}
        pageSize={PAGE_SIZE}
        filter={filter}
        orgOptions={orgOptions}
        canCreate={scopeOf(principal, 'user.manage').length > 0}
        problems={problems}
      />,
      problems.length > 0 ? HTTP_STATUS.VALIDATION : 200,
    );
  });

  app.get('/staff/users/new', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'user.manage');
    const orgOptions = await homeOrgOptions(c);
    return c.html(
      <UserCreatePage
        c={c}
        values={{
          homeOrgCode: orgOptions[0]?.value ?? '',
          passwordMode: 'generate',
          mustChangePassword: '1',
        }}
        problems={[]}
        orgOptions={orgOptions}
      />,
    );
  });

  app.post('/staff/users/new', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'user.manage');
    const values = await readForm(c);
    const typed = values.passwordMode === 'typed';
    const password = typed ? (values.password ?? '') : generatePassword();
    try {
      const { id } = await createUser(useCaseContextOf(c), {
        username: values.username ?? '',
        displayName: values.displayName ?? '',
        email: values.email ?? '',
        password,
        homeOrgCode: values.homeOrgCode?.trim() || null,
        mustChangePassword: values.mustChangePassword === '1',
      });
      const user = await findUserById(c.var.deps.database.db, id);
      c.header('Cache-Control', 'no-store');
      return c.html(
        <PasswordShownOncePage
          c={c}
          userId={id}
          username={user?.username ?? ''}
          password={password}
          kind="created"
        />,
      );
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      const kept: FormValues = {
        ...values,
        password: '',
        mustChangePassword: values.mustChangePassword === '1' ? '1' : '0',
      };
      return c.html(
        <UserCreatePage c={c} values={kept} problems={problems} orgOptions={await homeOrgOptions(c)} />,
        err instanceof AppError && err.code === 'CONFLICT' ? HTTP_STATUS.CONFLICT : HTTP_STATUS.VALIDATION,
      );
    }
  });

  async function renderDetail(
    c: StaffContext,
    raw: string,
    problems: FieldProblem[] = [],
    grantValues: FormValues = {},
  ) {
    const { principal } = requireStaff(c);
    const db = c.var.deps.database.db;
    const { user, orgPaths } = await findVisibleUser(c, raw);
    const scope = scopeOf(principal, 'user.read');
    const grants = (await listGrantsOfUsers(db, [user.id]))
      // Grants on organisations outside the reader's scope are another organisation's business.
      .filter((g) => scope === 'all' || scope.some((p) => isWithin(g.org_path, p)))
      .map((g) => ({ ...g, canRevoke: canGrantRole(principal, g.role, g.org_path) }));
    const grantOrgs = await listOrgChoices(db, principal, 'user.manage');
    const home = user.home_org_id === null ? null : await findOrgById(db, user.home_org_id);
    return c.html(
      <UserDetailPage
        c={c}
        user={user}
        homeOrgName={home?.name ?? null}
        grants={grants}
        canManage={canManageUser(principal, { orgPaths })}
        grantOrgOptions={grantOrgs.map(orgOption)}
        roleOptions={roleOptions(
          c,
          grantOrgs.map((o) => o.path),
        )}
        grantValues={grantValues}
        problems={problems}
      />,
      problems.length > 0 ? HTTP_STATUS.VALIDATION : 200,
    );
  }

  app.get('/staff/users/:id', (c) => renderDetail(c, c.req.param('id')));

  async function changeGrant(c: StaffContext, kind: 'grant' | 'revoke') {
    const raw = c.req.param('id') ?? '';
    const { user } = await findVisibleUser(c, raw);
    const values = await readForm(c);
    const orgCode = (values.orgCode ?? '').trim();
    const role = values.role ?? '';
    try {
      const problems: FieldProblem[] = [];
      if (!orgCode) problems.push({ field: 'orgCode', message: 'staff.users.org_required' });
      if (!isRole(role)) problems.push({ field: 'role', message: 'staff.users.role_required' });
      if (problems.length > 0) throw AppError.validation(problems);
      const input = { userId: user.id, orgCode, role: role as Role };
      if (kind === 'grant') await grantRole(useCaseContextOf(c), input);
      else await revokeRole(useCaseContextOf(c), input);
      return c.redirect(
        `/staff/users/${user.id}?done=${kind === 'grant' ? 'role_granted' : 'role_revoked'}`,
        303,
      );
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return renderDetail(c, raw, problems, kind === 'grant' ? { orgCode, role } : {});
    }
  }

  app.post('/staff/users/:id/grants', (c) => changeGrant(c, 'grant'));
  app.post('/staff/users/:id/grants/revoke', (c) => changeGrant(c, 'revoke'));

  async function editOptions(c: StaffContext, user: UserRow): Promise<Option[]> {
    const home =
      user.home_org_id === null ? null : await findOrgById(c.var.deps.database.db, user.home_org_id);
    return homeOrgOptions(c, home ? orgOption(home) : undefined);
  }

  app.get('/staff/users/:id/edit', async (c) => {
    const user = await findManagedUser(c, c.req.param('id'));
    const home =
      user.home_org_id === null ? null : await findOrgById(c.var.deps.database.db, user.home_org_id);
    const values: FormValues = {
      displayName: user.display_name,
      email: user.email ?? '',
      homeOrgCode: home?.code ?? '',
      isActive: String(user.is_active),
    };
    return c.html(
      <UserEditPage
        c={c}
        user={user}
        values={values}
        problems={[]}
        orgOptions={await editOptions(c, user)}
      />,
    );
  });

  app.post('/staff/users/:id/edit', async (c) => {
    const user = await findManagedUser(c, c.req.param('id'));
    const values = await readForm(c);
    try {
      const problems: FieldProblem[] = [];
      if (values.isActive !== '1' && values.isActive !== '0') {
        problems.push({ field: 'isActive', message: 'staff.users.is_active_required' });
      }
      if (problems.length > 0) throw AppError.validation(problems);
      await updateUser(useCaseContextOf(c), {
        userId: user.id,
        displayName: values.displayName ?? '',
        email: values.email ?? '',
        isActive: values.isActive === '1',
        homeOrgCode: values.homeOrgCode?.trim() || null,
      });
      return c.redirect(`/staff/users/${user.id}?done=user_updated`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return c.html(
        <UserEditPage
          c={c}
          user={user}
          values={values}
          problems={problems}
          orgOptions={await editOptions(c, user)}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  app.get('/staff/users/:id/password', async (c) => {
    const user = await findManagedUser(c, c.req.param('id'));
    return c.html(
      <ResetPasswordPage c={c} user={user} values={{ passwordMode: 'generate' }} problems={[]} />,
    );
  });

  app.post('/staff/users/:id/password', async (c) => {
    const user = await findManagedUser(c, c.req.param('id'));
    const values = await readForm(c);
    const typed = values.passwordMode === 'typed';
    const newPassword = typed ? (values.newPassword ?? '') : generatePassword();
    try {
      await resetPassword(useCaseContextOf(c), { userId: user.id, newPassword });
      c.header('Cache-Control', 'no-store');
      return c.html(
        <PasswordShownOncePage
          c={c}
          userId={user.id}
          username={user.username}
          password={newPassword}
          kind="reset"
        />,
      );
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return c.html(
        <ResetPasswordPage
          c={c}
          user={user}
          values={{ passwordMode: values.passwordMode ?? '' }}
          problems={problems}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  app.post('/staff/users/:id/logout-everywhere', async (c) => {
    const user = await findManagedUser(c, c.req.param('id'));
    await logOutEverywhere(useCaseContextOf(c), user.id);
    return c.redirect(`/staff/users/${user.id}?done=sessions_ended`, 303);
  });

  return app;
}
