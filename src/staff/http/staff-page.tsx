import type { Child } from 'hono/jsx';
import { StaffLayout, type Crumb } from '../../platform/ui/layout.js';
import { scopeOf, type Action } from '../../platform/auth/permissions.rules.js';
import type { Principal } from '../../platform/auth/principal.js';
import { CsrfField } from './forms.js';
import type { StaffContext } from './staff-context.js';
import './staff.messages.js';

/** Whether the principal may perform `action` anywhere at all: what decides which links to show. */
export function hasAnyScope(principal: Principal, action: Action): boolean {
  const scope = scopeOf(principal, action);
  return scope === 'all' || scope.length > 0;
}

interface NavLink {
  href: string;
  key: string;
  action?: Action;
}

const NAV_LINKS: NavLink[] = [
  { href: '/staff', key: 'staff.nav.dashboard' },
  { href: '/staff/catalog', key: 'staff.nav.catalog', action: 'catalog.read' },
  { href: '/staff/requests', key: 'staff.nav.requests', action: 'request.read' },
  { href: '/staff/supervision', key: 'staff.nav.supervision', action: 'supervision.units.read' },
  { href: '/staff/reports', key: 'staff.nav.reports', action: 'report.read' },
  { href: '/staff/statistics', key: 'staff.nav.statistics', action: 'report.read' },
  { href: '/staff/orgs', key: 'staff.nav.orgs', action: 'org.read' },
  { href: '/staff/users', key: 'staff.nav.users', action: 'user.read' },
  { href: '/staff/audit', key: 'staff.nav.audit', action: 'audit.read' },
  { href: '/staff/outbox', key: 'staff.nav.outbox', action: 'outbox.read' },
];

/** The back-office links the signed-in member's roles allow (only those), and the sign-out buttons. */
export function StaffNav({ c }: { c: StaffContext }) {
  const t = c.var.t;
  const staff = c.var.staff;
  if (!staff) return null;
  const path = c.req.path;
  const links = NAV_LINKS.filter((l) => !l.action || hasAnyScope(staff.principal, l.action));
  const isCurrent = (href: string) =>
    href === '/staff' ? path === '/staff' : path === href || path.startsWith(`${href}/`);
  return (
    <nav class="main-nav staff-nav" aria-label={t('staff.nav.label')}>
      <div class="container staff-nav-row">
        <ul>
          {staff.user.mustChangePassword
            ? null
            : links.map((l) => (
                <li>
                  <a href={l.href} aria-current={isCurrent(l.href) ? 'page' : undefined}>
                    {t(l.key)}
                  </a>
                </li>
              ))}
        </ul>
        <div class="staff-account">
          <span class="staff-who">{t('staff.nav.signed_in_as', { name: staff.user.displayName })}</span>
          <a href="/staff/password">{t('staff.nav.change_password')}</a>
          <form method="post" action="/staff/logout" class="inline-form">
            <CsrfField c={c} />
            <button type="submit" class="secondary">
              {t('staff.nav.logout')}
            </button>
          </form>
        </div>
      </div>
    </nav>
  );
}

/** Every back-office page: the staff layout with the navigation the member's roles allow. */
export function StaffPage(props: {
  c: StaffContext;
  title: string;
  hasError?: boolean;
  breadcrumbs?: Crumb[];
  children: Child;
}) {
  const { c } = props;
  const crumbs: Crumb[] | undefined = props.breadcrumbs
    ? [{ href: '/staff', label: c.var.t('staff.nav.dashboard') }, ...props.breadcrumbs]
    : undefined;
  return (
    <StaffLayout
      c={c}
      title={props.title}
      hasError={props.hasError ?? false}
      nav={<StaffNav c={c} />}
      breadcrumbs={crumbs}
    >
      {props.children}
    </StaffLayout>
  );
}

/** A one-line confirmation after a change (`?done=key`), from a fixed list so the URL cannot inject text. */
export function Flash({ c, allowed }: { c: StaffContext; allowed: readonly string[] }) {
  const done = c.req.query('done');
  if (!done || !allowed.includes(done)) return null;
  return (
    <div class="notice" role="status">
      {c.var.t(`staff.done.${done}`)}
    </div>
  );
}
