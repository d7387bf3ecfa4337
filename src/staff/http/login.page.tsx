import type { FieldProblem } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, TextField } from './forms.js';
import { Flash, StaffPage } from './staff-page.js';
import type { StaffContext } from './staff-context.js';

export function LoginPage(props: {
  c: StaffContext;
  username: string;
  next: string;
  problems: FieldProblem[];
  /** A message about the attempt as a whole (wrong credentials, throttled). */
  general?: string | undefined;
}) {
  const { c, problems } = props;
  const t = c.var.t;
  const labels = { username: t('staff.login.username'), password: t('staff.login.password') };
  return (
    <StaffPage c={c} title={t('staff.login.title')} hasError={problems.length > 0 || Boolean(props.general)}>
      <Flash c={c} allowed={['logged_out', 'logged_out_everywhere']} />
      <ErrorSummary c={c} problems={problems} labels={labels} general={props.general} />
      <h1>{t('staff.login.title')}</h1>
      <p>{t('staff.login.intro')}</p>
      <form method="post" action="/staff/login" novalidate class="login-form">
        <CsrfField c={c} />
        <input type="hidden" name="next" value={props.next} />
        <TextField
          c={c}
          name="username"
          label={labels.username}
          autocomplete="username"
          value={props.username}
          problems={problems}
        />
        <TextField
          c={c}
          name="password"
          label={labels.password}
          type="password"
          autocomplete="current-password"
          value=""
          problems={problems}
        />
        <button type="submit">{t('staff.login.submit')}</button>
      </form>
    </StaffPage>
  );
}

export function ChangePasswordPage(props: {
  c: StaffContext;
  problems: FieldProblem[];
  mustChange: boolean;
}) {
  const { c, problems } = props;
  const t = c.var.t;
  const labels = {
    currentPassword: t('staff.password.current'),
    newPassword: t('staff.password.new'),
    confirmPassword: t('staff.password.confirm'),
  };
  return (
    <StaffPage c={c} title={t('staff.password.title')} hasError={problems.length > 0}>
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{t('staff.password.title')}</h1>
      {props.mustChange ? <p class="notice">{t('staff.password.must_change')}</p> : null}
      <p>{t('staff.password.intro')}</p>
      <form method="post" action="/staff/password" novalidate>
        <CsrfField c={c} />
        <TextField
          c={c}
          name="currentPassword"
          label={labels.currentPassword}
          type="password"
          autocomplete="current-password"
          problems={problems}
        />
        <TextField
          c={c}
          name="newPassword"
          label={labels.newPassword}
          hint={t('staff.password.policy_hint')}
          type="password"
          autocomplete="new-password"
          problems={problems}
        />
        <TextField
          c={c}
          name="confirmPassword"
          label={labels.confirmPassword}
          type="password"
          autocomplete="new-password"
          problems={problems}
        />
        <button type="submit">{t('staff.password.submit')}</button>
      </form>
    </StaffPage>
  );
}
