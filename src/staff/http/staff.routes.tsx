import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/env.js';
import { safeBackPath } from '../../platform/http/prefs.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import { isAppError } from '../../platform/errors.js';
import { anonymousPrincipal } from '../../platform/auth/principal.js';
import { scopeOf } from '../../platform/auth/permissions.rules.js';
import { logIn } from '../../platform/auth/log-in.js';
import { logOut, logOutEverywhere } from '../../platform/auth/log-out.js';
import { changeOwnPassword } from '../../orgs/users/change-own-password.js';
import { listGrantsOfUsers, searchUsers } from '../../orgs/users/users.repository.js';
import { countAuditSince } from '../audit/audit-viewer.repository.js';
import { formProblemsOf, parseForm, readForm } from './forms.js';
import { LoginPage, ChangePasswordPage } from './login.page.js';
import { DashboardPage, type DashboardLink, type DashboardView } from './dashboard.page.js';
import { clearSessionCookie, setSessionCookie, CHANGE_PASSWORD_PATH } from './session.middleware.js';
import { requestMetaOf, requireStaff, useCaseContextOf, type StaffContext } from './staff-context.js';
import { hasAnyScope } from './staff-page.js';
import { isCityAdmin, isCityWide, listOrgsInScope } from './scope.js';

const loginSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, 'staff.login.username_required')
    .max(200, 'staff.login.username_required'),
  password: z.string().min(1, 'staff.login.password_required'),
  next: z.string().optional(),
});

const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'staff.password.current_required'),
    newPassword: z.string().min(1, 'staff.password.new_required'),
    confirmPassword: z.string().min(1, 'staff.password.confirm_required'),
  })
  .refine((v) => v.newPassword === v.confirmPassword || !v.confirmPassword, {
    message: 'staff.password.confirm_mismatch',
    path: ['confirmPassword'],
  });

/** Where to go after signing in: a local path only (no open redirect), the dashboard by default. */
function nextPath(value: string | undefined): string {
  return safeBackPath(value, '/staff');
}

const RECENT_AUDIT_DAYS = 7;

async function buildDashboard(c: StaffContext): Promise<DashboardView> {
  const staff = requireStaff(c);
  const { principal } = staff;
  const db = c.var.deps.database.db;
  const links: DashboardLink[] = [];
  const counts: DashboardView['counts'] = [];
  if (hasAnyScope(principal, 'org.manage'))
    links.push({ href: '/staff/orgs', key: 'staff.dashboard.link.orgs_manage' });
  else if (hasAnyScope(principal, 'org.read'))
    links.push({ href: '/staff/orgs', key: 'staff.dashboard.link.orgs_read' });
  if (hasAnyScope(principal, 'user.manage')) {
    links.push({ href: '/staff/users', key: 'staff.dashboard.link.users_manage' });
    links.push({ href: '/staff/users/new', key: 'staff.dashboard.link.users_create' });
  } else if (hasAnyScope(principal, 'user.read')) {
    links.push({ href: '/staff/users', key: 'staff.dashboard.link.users_read' });
  }
  if (hasAnyScope(principal, 'audit.read'))
    links.push({ href: '/staff/audit', key: 'staff.dashboard.link.audit' });
  if (isCityAdmin(principal))
    links.push({ href: '/staff/audit/verify', key: 'staff.dashboard.link.audit_verify' });
  if (hasAnyScope(principal, 'outbox.read'))
    links.push({ href: '/staff/outbox', key: 'staff.dashboard.link.outbox' });

  if (hasAnyScope(principal, 'org.read')) {
    const orgs = await listOrgsInScope(db, principal, 'org.read');
    counts.push({
      key: 'staff.dashboard.count.orgs',
      value: orgs.filter((o) => o.is_active === 1).length,
      href: '/staff/orgs',
    });
  }
  if (hasAnyScope(principal, 'user.read')) {
    const { total } = await searchUsers(db, {
      scopePaths: scopeOf(principal, 'user.read'),
      includeInactive: false,
      limit: 1,
      offset: 0,
    });
    counts.push({ key: 'staff.dashboard.count.users', value: total, href: '/staff/users' });
  }
  if (hasAnyScope(principal, 'audit.read')) {
    const since = new Date(c.var.deps.clock.now().getTime() - RECENT_AUDIT_DAYS * 86_400_000).toISOString();
    const n = await countAuditSince(
      db,
      {
        scopePaths: scopeOf(principal, 'audit.read'),
        includeUnattributed: isCityWide(principal, 'audit.read'),
      },
      since,
    );
    counts.push({ key: 'staff.dashboard.count.audit', value: n, href: '/staff/audit' });
  }
  return {
    username: staff.user.username,
    displayName: staff.user.displayName,
    grants: await listGrantsOfUsers(db, [staff.user.id]),
    links,
    counts,
  };
}

/** Sign in and out, change one's own password, and the dashboard. */
export function staffShellRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/staff/login', (c) => {
    const next = nextPath(c.req.query('next'));
    if (c.var.staff) return c.redirect(next, 303);
    return c.html(<LoginPage c={c} username="" next={next} problems={[]} />);
  });

  app.post('/staff/login', async (c) => {
    const values = await readForm(c);
    const next = nextPath(values.next);
    const username = values.username ?? '';
    const render = (
      status: (typeof HTTP_STATUS)[keyof typeof HTTP_STATUS],
      problems: ReturnType<typeof formProblemsOf>,
      general?: string,
    ) =>
      c.html(
        <LoginPage c={c} username={username} next={next} problems={problems ?? []} general={general} />,
        status,
      );
    try {
      const form = parseForm(loginSchema, values);
      const { deps } = c.var;
      const result = await logIn(
        {
          database: deps.database,
          principal: anonymousPrincipal(),
          meta: requestMetaOf(c),
          now: deps.clock.now(),
        },
        { username: form.username, password: form.password },
        deps.config.login,
        deps.config.session,
      );
      setSessionCookie(c, result.token);
      return c.redirect(result.user.mustChangePassword ? CHANGE_PASSWORD_PATH : next, 303);
    } catch (err) {
      if (isAppError(err) && err.code === 'INVALID_CREDENTIALS') {
        // The same words whether or not the username exists.
        return render(HTTP_STATUS.INVALID_CREDENTIALS, [], c.var.t('staff.login.invalid'));
      }
      if (isAppError(err) && err.code === 'THROTTLED') {
        const minutes = err.details.params?.minutes ?? c.var.deps.config.login.lockMinutes;
        return render(HTTP_STATUS.THROTTLED, [], c.var.t('staff.login.throttled', { minutes }));
      }
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return render(HTTP_STATUS.VALIDATION, problems);
    }
  });

  app.post('/staff/logout', async (c) => {
    const staff = requireStaff(c);
    await logOut(useCaseContextOf(c), staff.token);
    clearSessionCookie(c);
    return c.redirect('/staff/login?done=logged_out', 303);
  });

  app.post('/staff/logout-everywhere', async (c) => {
    const staff = requireStaff(c);
    await logOutEverywhere(useCaseContextOf(c), staff.user.id);
    clearSessionCookie(c);
    return c.redirect('/staff/login?done=logged_out_everywhere', 303);
  });

  app.get('/staff/password', (c) => {
    const staff = requireStaff(c);
    return c.html(<ChangePasswordPage c={c} problems={[]} mustChange={staff.user.mustChangePassword} />);
  });

  app.post('/staff/password', async (c) => {
    const staff = requireStaff(c);
    const values = await readForm(c);
    try {
      const form = parseForm(changePasswordSchema, values);
      await changeOwnPassword(useCaseContextOf(c), {
        currentPassword: form.currentPassword,
        newPassword: form.newPassword,
        currentSessionToken: staff.token,
      });
      return c.redirect('/staff?done=password_changed', 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return c.html(
        <ChangePasswordPage c={c} problems={problems} mustChange={staff.user.mustChangePassword} />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  app.get('/staff', async (c) => c.html(<DashboardPage c={c} view={await buildDashboard(c)} />));
  app.get('/staff/', (c) => c.redirect('/staff', 301));

  return app;
}
