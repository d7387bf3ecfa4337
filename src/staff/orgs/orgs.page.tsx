import type { FieldProblem } from '../../platform/errors.js';
import type { Org } from '../../orgs/orgs.repository.js';
import { ORG_KINDS } from '../../orgs/org.rules.js';
import {
  CsrfField,
  ErrorSummary,
  SelectField,
  TextField,
  type FormValues,
  type Option,
} from '../http/forms.js';
import { Flash, StaffPage } from '../http/staff-page.js';
import type { StaffContext } from '../http/staff-context.js';

/** The 公开指南 facts staff edit, in the order the form shows them (names as the use cases take them). */
export const ORG_FACT_FIELDS = [
  'officeName',
  'address',
  'postcode',
  'officeHours',
  'phone',
  'fax',
  'email',
  'website',
  'creditCode',
  'functions',
] as const;

export function orgFieldLabels(c: StaffContext): Record<string, string> {
  const t = c.var.t;
  // In the order the form shows the fields, which is the order of the error summary.
  const labels: Record<string, string> = {
    parentCode: t('staff.orgs.field.parent'),
    code: t('staff.orgs.field.code'),
    name: t('staff.orgs.field.name'),
    shortName: t('staff.orgs.field.shortName'),
    nameEn: t('staff.orgs.field.nameEn'),
    kind: t('staff.orgs.field.kind'),
    sortOrder: t('staff.orgs.field.sortOrder'),
  };
  for (const f of ORG_FACT_FIELDS) labels[f] = t(`staff.orgs.field.${f}`);
  labels.active = t('staff.orgs.field.status');
  return labels;
}

export function orgFormValues(org: Org): FormValues {
  return {
    code: org.code,
    kind: org.kind,
    name: org.name,
    nameEn: org.name_en ?? '',
    shortName: org.short_name ?? '',
    sortOrder: String(org.sort_order),
    officeName: org.office_name ?? '',
    address: org.address ?? '',
    postcode: org.postcode ?? '',
    officeHours: org.office_hours ?? '',
    phone: org.phone ?? '',
    fax: org.fax ?? '',
    email: org.email ?? '',
    website: org.website ?? '',
    creditCode: org.credit_code ?? '',
    functions: org.functions ?? '',
  };
}

export interface OrgListRow {
  org: Org;
  depth: number;
  canManage: boolean;
}

export function OrgListPage({
  c,
  rows,
  canCreate,
}: {
  c: StaffContext;
  rows: OrgListRow[];
  canCreate: boolean;
}) {
  const t = c.var.t;
  return (
    <StaffPage c={c} title={t('staff.orgs.title')} breadcrumbs={[{ label: t('staff.orgs.title') }]}>
      <Flash
        c={c}
        allowed={['org_created', 'org_updated', 'org_moved', 'org_deactivated', 'org_reactivated']}
      />
      <h1>{t('staff.orgs.title')}</h1>
      {canCreate ? (
        <p>
          <a class="button" href="/staff/orgs/new">
            {t('staff.orgs.create')}
          </a>
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p class="empty-state">{t('staff.orgs.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="org-tree">
            <caption>{t('staff.orgs.caption', { count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.orgs.field.name')}</th>
                <th scope="col">{t('staff.orgs.field.code')}</th>
                <th scope="col">{t('staff.orgs.field.kind')}</th>
                <th scope="col">{t('staff.orgs.field.status')}</th>
                <th scope="col">{t('staff.common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ org, depth, canManage }) => (
                <tr id={`org-${org.code}`} class={org.is_active === 1 ? undefined : 'inactive'}>
                  <td>
                    <span class={`depth depth-${Math.min(depth, 6)}`}>{org.name}</span>
                  </td>
                  <td>
                    <code>{org.code}</code>
                  </td>
                  <td>{t(`staff.org_kind.${org.kind}`)}</td>
                  <td>{org.is_active === 1 ? t('staff.common.active') : t('staff.common.inactive')}</td>
                  <td class="actions">
                    {canManage ? (
                      <>
                        <a href={`/staff/orgs/${org.code}/edit`}>
                          {t('staff.orgs.edit')}
                          <span class="visually-hidden">{org.name}</span>
                        </a>
                        {org.is_active === 1 ? (
                          <a href={`/staff/orgs/new?parent=${encodeURIComponent(org.code)}`}>
                            {t('staff.orgs.add_child')}
                            <span class="visually-hidden">{org.name}</span>
                          </a>
                        ) : null}
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffPage>
  );
}

function kindOptions(c: StaffContext): Option[] {
  return ORG_KINDS.map((k) => ({ value: k, label: c.var.t(`staff.org_kind.${k}`) }));
}

function FactFields({
  c,
  values,
  problems,
}: {
  c: StaffContext;
  values: FormValues;
  problems: FieldProblem[];
}) {
  const t = c.var.t;
  const labels = orgFieldLabels(c);
  const typeOf = (f: string) =>
    f === 'email' ? 'email' : f === 'website' ? 'url' : f === 'phone' || f === 'fax' ? 'tel' : 'text';
  return (
    <fieldset>
      <legend>{t('staff.orgs.guide_facts')}</legend>
      <p class="hint">{t('staff.orgs.guide_facts_hint')}</p>
      {ORG_FACT_FIELDS.map((f) => (
        <TextField
          c={c}
          name={f}
          label={labels[f] ?? f}
          optional
          hint={
            f === 'postcode' || f === 'phone' || f === 'website' || f === 'creditCode'
              ? t(`staff.orgs.hint.${f}`)
              : undefined
          }
          type={typeOf(f)}
          multiline={f === 'functions'}
          value={values[f]}
          problems={problems}
        />
      ))}
    </fieldset>
  );
}

export function OrgFormPage(props: {
  c: StaffContext;
  mode: 'create' | 'edit';
  org?: Org;
  values: FormValues;
  problems: FieldProblem[];
  parents: Option[];
  general?: string | undefined;
}) {
  const { c, mode, values, problems } = props;
  const t = c.var.t;
  const labels = orgFieldLabels(c);
  const title =
    mode === 'create' ? t('staff.orgs.create') : t('staff.orgs.edit_title', { name: props.org?.name ?? '' });
  const action = mode === 'create' ? '/staff/orgs/new' : `/staff/orgs/${props.org?.code ?? ''}/edit`;
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0 || Boolean(props.general)}
      breadcrumbs={[{ href: '/staff/orgs', label: t('staff.orgs.title') }, { label: title }]}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} general={props.general} />
      <h1>{title}</h1>
      <form method="post" action={action} novalidate>
        <CsrfField c={c} />
        {mode === 'create' ? (
          <>
            <SelectField
              c={c}
              name="parentCode"
              label={labels.parentCode ?? ''}
              value={values.parentCode}
              options={props.parents}
              problems={problems}
            />
            <TextField
              c={c}
              name="code"
              label={labels.code ?? ''}
              hint={t('staff.orgs.hint.code')}
              value={values.code}
              problems={problems}
            />
          </>
        ) : (
          <p>
            {labels.code}：<code>{props.org?.code}</code>
          </p>
        )}
        <TextField c={c} name="name" label={labels.name ?? ''} value={values.name} problems={problems} />
        <TextField
          c={c}
          name="shortName"
          label={labels.shortName ?? ''}
          optional
          value={values.shortName}
          problems={problems}
        />
        <TextField
          c={c}
          name="nameEn"
          label={labels.nameEn ?? ''}
          optional
          value={values.nameEn}
          problems={problems}
        />
        <SelectField
          c={c}
          name="kind"
          label={labels.kind ?? ''}
          hint={t('staff.orgs.hint.kind')}
          value={values.kind}
          options={kindOptions(c)}
          problems={problems}
        />
        <TextField
          c={c}
          name="sortOrder"
          label={labels.sortOrder ?? ''}
          optional
          hint={t('staff.orgs.hint.sortOrder')}
          inputmode="numeric"
          value={values.sortOrder}
          problems={problems}
        />
        <FactFields c={c} values={values} problems={problems} />
        <button type="submit">
          {mode === 'create' ? t('staff.orgs.create_submit') : t('staff.common.save')}
        </button>
      </form>
      {mode === 'edit' && props.org ? <OrgEditExtras c={c} org={props.org} /> : null}
    </StaffPage>
  );
}

function OrgEditExtras({ c, org }: { c: StaffContext; org: Org }) {
  const t = c.var.t;
  return (
    <>
      {org.parent_id !== null ? (
        <>
          <h2>{t('staff.orgs.move_title')}</h2>
          <p>
            <a href={`/staff/orgs/${org.code}/move`}>{t('staff.orgs.move_link', { name: org.name })}</a>
          </p>
          <h2>{t('staff.orgs.field.status')}</h2>
          <p>{org.is_active === 1 ? t('staff.orgs.is_active') : t('staff.orgs.is_inactive')}</p>
          <form method="post" action={`/staff/orgs/${org.code}/active`}>
            <CsrfField c={c} />
            <input type="hidden" name="active" value={org.is_active === 1 ? '0' : '1'} />
            <button type="submit" class={org.is_active === 1 ? 'danger' : 'secondary'}>
              {org.is_active === 1 ? t('staff.orgs.deactivate') : t('staff.orgs.reactivate')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}

export function OrgMovePage(props: {
  c: StaffContext;
  org: Org;
  value: string;
  parents: Option[];
  problems: FieldProblem[];
}) {
  const { c, org, problems } = props;
  const t = c.var.t;
  const title = t('staff.orgs.move_link', { name: org.name });
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={[
        { href: '/staff/orgs', label: t('staff.orgs.title') },
        { href: `/staff/orgs/${org.code}/edit`, label: org.name },
        { label: t('staff.orgs.move_title') },
      ]}
    >
      <ErrorSummary c={c} problems={problems} labels={orgFieldLabels(c)} />
      <h1>{title}</h1>
      <p>{t('staff.orgs.move_hint')}</p>
      <form method="post" action={`/staff/orgs/${org.code}/move`}>
        <CsrfField c={c} />
        <SelectField
          c={c}
          name="parentCode"
          label={t('staff.orgs.new_parent')}
          value={props.value}
          options={props.parents}
          problems={problems}
        />
        <button type="submit">{t('staff.orgs.move_submit')}</button>
      </form>
    </StaffPage>
  );
}
