import type { GrantRow } from '../../orgs/users/users.repository.js';
import { CsrfField } from './forms.js';
import { Flash, StaffPage } from './staff-page.js';
import type { StaffContext } from './staff-context.js';

export interface DashboardLink {
  href: string;
  key: string;
}

export interface DashboardView {
  username: string;
  displayName: string;
  grants: GrantRow[];
  links: DashboardLink[];
  counts: { key: string; value: number; href?: string }[];
}

export function DashboardPage({ c, view }: { c: StaffContext; view: DashboardView }) {
  const t = c.var.t;
  return (
    <StaffPage c={c} title={t('staff.dashboard.title')}>
      <Flash c={c} allowed={['password_changed', 'logged_out_elsewhere']} />
      <h1>{t('staff.dashboard.welcome', { name: view.displayName })}</h1>
      <p class="muted">{t('staff.dashboard.username', { username: view.username })}</p>

      <h2>{t('staff.dashboard.roles')}</h2>
      {view.grants.length === 0 ? (
        <p class="empty-state">{t('staff.dashboard.no_roles')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staff.dashboard.role_org')}</th>
                <th scope="col">{t('staff.dashboard.role')}</th>
              </tr>
            </thead>
            <tbody>
              {view.grants.map((g) => (
                <tr>
                  <td>{g.org_name}</td>
                  <td>{t(`staff.role.${g.role}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {view.links.length > 0 ? (
        <>
          <h2>{t('staff.dashboard.links')}</h2>
          <ul class="card-list staff-links">
            {view.links.map((l) => (
              <li>
                <a href={l.href}>{t(l.key)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {view.counts.length > 0 ? (
        <>
          <h2>{t('staff.dashboard.counts')}</h2>
          <dl class="facts staff-counts">
            {view.counts.map((n) => (
              <>
                <dt>{t(n.key)}</dt>
                <dd>{n.href ? <a href={n.href}>{n.value}</a> : n.value}</dd>
              </>
            ))}
          </dl>
        </>
      ) : null}

      <h2>{t('staff.dashboard.security')}</h2>
      <p>{t('staff.dashboard.logout_everywhere_hint')}</p>
      <form method="post" action="/staff/logout-everywhere">
        <CsrfField c={c} />
        <button type="submit" class="secondary">
          {t('staff.nav.logout_everywhere')}
        </button>
      </form>
    </StaffPage>
  );
}
