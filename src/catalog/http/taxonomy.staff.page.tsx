import type { FieldProblem } from '../../platform/errors.js';
import {
  CsrfField,
  ErrorSummary,
  SelectField,
  TextField,
  type FormValues,
  type Option,
} from '../../staff/http/forms.js';
import { StaffPage } from '../../staff/http/staff-page.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import type { CatalogColumn } from '../catalog.repository.js';
import { COLUMN_KINDS } from '../catalog.tables.js';
import { CatalogFlash } from './catalog.staff.ui.js';
import './catalog.staff.messages.js';

export interface TaxonomyView {
  /** Organisations whose columns and pattern the member manages. */
  orgOptions: Option[];
  /** The chosen organisation's code, or '' for the city-wide columns. */
  orgCode: string;
  orgName: string | null;
  mayManageCityColumns: boolean;
  columns: (CatalogColumn & { mayManage: boolean })[];
  /** The index pattern section, when an organisation is chosen. */
  pattern: { current: string; preview: { number?: string; error?: string } } | null;
}

function columnName(c: StaffContext, col: Pick<CatalogColumn, 'name' | 'name_en'>): string {
  return c.var.lang === 'en' && col.name_en ? col.name_en : col.name;
}

export function kindOptions(c: StaffContext): Option[] {
  return COLUMN_KINDS.map((k) => ({ value: k, label: c.var.t(`catalog.staff.column_kind.${k}`) }));
}

export function TaxonomyPage(props: {
  c: StaffContext;
  view: TaxonomyView;
  addValues: FormValues;
  patternValues: FormValues;
  problems: FieldProblem[];
}) {
  const { c, view, problems } = props;
  const t = c.var.t;
  const labels = {
    code: t('catalog.staff.taxonomy.code'),
    name: t('catalog.staff.taxonomy.name'),
    nameEn: t('catalog.staff.taxonomy.nameEn'),
    kind: t('catalog.staff.taxonomy.kind'),
    sortOrder: t('catalog.staff.taxonomy.sortOrder'),
    pattern: t('catalog.staff.index.pattern'),
  };
  const mayAdd = view.orgCode
    ? view.orgOptions.some((o) => o.value === view.orgCode)
    : view.mayManageCityColumns;
  const orgChoices: Option[] = [
    ...(view.mayManageCityColumns ? [{ value: '', label: t('catalog.staff.taxonomy.scope_city') }] : []),
    ...view.orgOptions,
  ];
  return (
    <StaffPage
      c={c}
      title={t('catalog.staff.taxonomy.title')}
      hasError={problems.length > 0}
      breadcrumbs={[
        { href: '/staff/catalog', label: t('catalog.staff.title') },
        { label: t('catalog.staff.taxonomy.title') },
      ]}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <CatalogFlash c={c} allowed={['column_added', 'column_updated', 'pattern_saved']} />
      <h1>{t('catalog.staff.taxonomy.title')}</h1>
      <form method="get" action="/staff/catalog/taxonomy" class="filter-form">
        <SelectField
          c={c}
          name="org"
          label={t('catalog.staff.taxonomy.pick_org')}
          value={view.orgCode}
          options={orgChoices}
          problems={[]}
        />
        <button type="submit" class="secondary">
          {t('catalog.staff.taxonomy.show')}
        </button>
      </form>

      <h2>{t('catalog.staff.taxonomy.columns')}</h2>
      <p>{t('catalog.staff.taxonomy.columns_intro')}</p>
      <div class="table-wrap">
        <table class="catalog-columns">
          <thead>
            <tr>
              <th scope="col">{t('catalog.staff.taxonomy.name')}</th>
              <th scope="col">{t('catalog.staff.taxonomy.code')}</th>
              <th scope="col">{t('catalog.staff.taxonomy.kind')}</th>
              <th scope="col">{t('catalog.staff.taxonomy.scope')}</th>
              <th scope="col">{t('catalog.staff.taxonomy.sortOrder')}</th>
              <th scope="col">{t('catalog.staff.taxonomy.active')}</th>
              <th scope="col">{t('staff.common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {view.columns.map((col) => (
              <tr class={col.is_active === 1 ? undefined : 'inactive'} id={`column-${col.code}`}>
                <td>{columnName(c, col)}</td>
                <td>
                  <code>{col.code}</code>
                </td>
                <td>{t(`catalog.staff.column_kind.${col.kind}`)}</td>
                <td>{col.org_id === null ? t('catalog.staff.taxonomy.scope_city') : view.orgName}</td>
                <td>{col.sort_order}</td>
                <td>{col.is_active === 1 ? t('staff.common.active') : t('staff.common.inactive')}</td>
                <td class="actions">
                  {col.mayManage ? (
                    <>
                      <a href={`/staff/catalog/taxonomy/columns/${encodeURIComponent(col.code)}`}>
                        {t('catalog.staff.item.edit')}
                        <span class="visually-hidden">{columnName(c, col)}</span>
                      </a>
                      <form
                        method="post"
                        action={`/staff/catalog/taxonomy/columns/${encodeURIComponent(col.code)}/active`}
                        class="inline-form"
                      >
                        <CsrfField c={c} />
                        <input type="hidden" name="active" value={col.is_active === 1 ? '0' : '1'} />
                        <input type="hidden" name="org" value={view.orgCode} />
                        <button type="submit" class="secondary">
                          {col.is_active === 1
                            ? t('catalog.staff.taxonomy.deactivate')
                            : t('catalog.staff.taxonomy.reactivate')}
                          <span class="visually-hidden">{columnName(c, col)}</span>
                        </button>
                      </form>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {mayAdd ? (
        <>
          <h2>{t('catalog.staff.taxonomy.add')}</h2>
          <form method="post" action="/staff/catalog/taxonomy/columns" novalidate>
            <CsrfField c={c} />
            <input type="hidden" name="org" value={view.orgCode} />
            <p class="muted">
              {t('catalog.staff.taxonomy.scope')}：{view.orgName ?? t('catalog.staff.taxonomy.scope_city')}
            </p>
            <TextField
              c={c}
              name="code"
              label={labels.code}
              hint={t('catalog.staff.taxonomy.code_hint')}
              value={props.addValues.code}
              problems={problems}
            />
            <TextField
              c={c}
              name="name"
              label={labels.name}
              value={props.addValues.name}
              problems={problems}
            />
            <TextField
              c={c}
              name="nameEn"
              label={labels.nameEn}
              optional
              value={props.addValues.nameEn}
              problems={problems}
            />
            <SelectField
              c={c}
              name="kind"
              label={labels.kind}
              value={props.addValues.kind ?? 'category'}
              options={kindOptions(c)}
              problems={problems}
            />
            <TextField
              c={c}
              name="sortOrder"
              label={labels.sortOrder}
              hint={t('catalog.staff.taxonomy.sortOrder_hint')}
              inputmode="numeric"
              value={props.addValues.sortOrder ?? '0'}
              problems={problems}
            />
            <button type="submit">{t('catalog.staff.taxonomy.add_submit')}</button>
          </form>
        </>
      ) : null}

      {view.pattern ? (
        <>
          <h2 id="index-pattern">{t('catalog.staff.index.title')}</h2>
          <p>{t('catalog.staff.index.intro')}</p>
          <p>{t('catalog.staff.index.current', { pattern: view.pattern.current })}</p>
          <p class="index-preview" role="status">
            {view.pattern.preview.number
              ? t('catalog.staff.index.preview', { number: view.pattern.preview.number })
              : t('catalog.staff.index.preview_unavailable', { reason: view.pattern.preview.error ?? '' })}
          </p>
          <form method="post" action="/staff/catalog/taxonomy/index-pattern" novalidate>
            <CsrfField c={c} />
            <input type="hidden" name="org" value={view.orgCode} />
            <TextField
              c={c}
              name="pattern"
              label={labels.pattern}
              value={props.patternValues.pattern ?? view.pattern.current}
              problems={problems}
            />
            <button type="submit">{t('catalog.staff.index.save')}</button>
          </form>
        </>
      ) : null}
    </StaffPage>
  );
}

export function ColumnEditPage(props: {
  c: StaffContext;
  column: CatalogColumn;
  orgCode: string;
  values: FormValues;
  problems: FieldProblem[];
}) {
  const { c, column, values, problems } = props;
  const t = c.var.t;
  const labels = {
    name: t('catalog.staff.taxonomy.name'),
    nameEn: t('catalog.staff.taxonomy.nameEn'),
    sortOrder: t('catalog.staff.taxonomy.sortOrder'),
  };
  const title = t('catalog.staff.taxonomy.edit', { name: columnName(c, column) });
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={[
        { href: '/staff/catalog', label: t('catalog.staff.title') },
        { href: '/staff/catalog/taxonomy', label: t('catalog.staff.taxonomy.title') },
        { label: title },
      ]}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{title}</h1>
      <p>
        {t('catalog.staff.taxonomy.code')}：<code>{column.code}</code> ·{' '}
        {t(`catalog.staff.column_kind.${column.kind}`)}
      </p>
      <form
        method="post"
        action={`/staff/catalog/taxonomy/columns/${encodeURIComponent(column.code)}`}
        novalidate
      >
        <CsrfField c={c} />
        <input type="hidden" name="org" value={props.orgCode} />
        <TextField c={c} name="name" label={labels.name} value={values.name} problems={problems} />
        <TextField
          c={c}
          name="nameEn"
          label={labels.nameEn}
          optional
          value={values.nameEn}
          problems={problems}
        />
        <TextField
          c={c}
          name="sortOrder"
          label={labels.sortOrder}
          hint={t('catalog.staff.taxonomy.sortOrder_hint')}
          inputmode="numeric"
          value={values.sortOrder}
          problems={problems}
        />
        <button type="submit">{t('staff.common.save')}</button>
      </form>
    </StaffPage>
  );
}
