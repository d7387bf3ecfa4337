import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import { formProblemsOf, readForm, type FormValues } from '../../staff/http/forms.js';
import { requireStaff, useCaseContextOf, type StaffContext } from '../../staff/http/staff-context.js';
import { isCityAdmin, listOrgChoices } from '../../staff/http/scope.js';
import { hasAnyScope } from '../../staff/http/staff-page.js';
import { formatInstant } from '../../staff/http/format.js';
import { findOrgByCode } from '../../orgs/orgs.repository.js';
import { findColumnByCode, findIndexPattern, listColumns } from '../catalog.repository.js';
import { createColumn, setColumnActive, updateColumn } from '../manage-columns.js';
import { previewIndexNumber, setIndexPattern } from '../set-index-pattern.js';
import { ColumnEditPage, TaxonomyPage, type TaxonomyView } from './taxonomy.staff.page.js';

const SORT_ORDER = /^-?\d{1,7}$/;

function assertTaxonomyAccess(c: StaffContext): void {
  const { principal } = requireStaff(c);
  if (!hasAnyScope(principal, 'org.manage')) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'org.manage' } });
  }
}

/** The sort order as typed: a whole number, or a field problem (the use case takes numbers). */
function sortOrderOf(value: string | undefined, problems: FieldProblem[]): number {
  const v = (value ?? '').trim();
  if (v === '') return 0;
  if (!SORT_ORDER.test(v)) {
    problems.push({ field: 'sortOrder', message: 'catalog.error.column_sort_order' });
    return 0;
  }
  return Number(v);
}

async function buildView(c: StaffContext, orgCode: string): Promise<TaxonomyView> {
  const { principal } = requireStaff(c);
  const db = c.var.deps.database.db;
  const orgs = await listOrgChoices(db, principal, 'org.manage');
  const mayManageCityColumns = isCityAdmin(principal);
  const org = orgCode ? orgs.find((o) => o.code === orgCode) : undefined;
  if (orgCode && !org) {
    // Another office's settings: refused (and audited) like any other record out of scope.
    const exists = await findOrgByCode(db, orgCode);
    if (!exists) throw new AppError('NOT_FOUND', `No organisation ${orgCode}`);
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'org.manage' } });
  }
  const columns = await listColumns(db, { ...(org ? { orgId: org.id } : {}), includeInactive: true });
  let pattern: TaxonomyView['pattern'] = null;
  if (org) {
    const current = await findIndexPattern(db, org.id);
    const today = formatInstant(c.var.deps.clock.now().toISOString(), c.var.deps.config.timeZone).slice(
      0,
      10,
    );
    const preview = await previewIndexNumber(db, org, current, today);
    pattern = {
      current,
      preview: preview.ok ? { number: preview.number } : { error: c.var.t(preview.error, preview.params) },
    };
  }
  return {
    orgOptions: orgs.map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` })),
    orgCode: org?.code ?? '',
    orgName: org?.name ?? null,
    mayManageCityColumns,
    columns: columns.map((col) => ({
      ...col,
      mayManage: col.org_id === null ? mayManageCityColumns : org !== undefined && col.org_id === org.id,
    })),
    pattern,
  };
}

/** The organisation a taxonomy page shows: the one asked for, else the city-wide columns or the first office. */
async function chosenOrg(c: StaffContext, asked: string | undefined): Promise<string> {
  if (asked !== undefined) return asked.trim();
  const { principal } = requireStaff(c);
  if (isCityAdmin(principal)) return '';
  const orgs = await listOrgChoices(c.var.deps.database.db, principal, 'org.manage');
  return orgs[0]?.code ?? '';
}

function taxonomyUrl(orgCode: string, done: string, anchor = ''): string {
  const q = new URLSearchParams({ done });
  if (orgCode) q.set('org', orgCode);
  return `/staff/catalog/taxonomy?${q.toString()}${anchor}`;
}

/** Columns (taxonomy) and the 索引号 pattern of each office: city and organisation administrators. */
export function catalogTaxonomyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/staff/catalog/taxonomy', async (c) => {
    assertTaxonomyAccess(c);
    const view = await buildView(c, await chosenOrg(c, c.req.query('org')));
    return c.html(<TaxonomyPage c={c} view={view} addValues={{}} patternValues={{}} problems={[]} />);
  });

  const renderWithProblems = async (
    c: StaffContext,
    orgCode: string,
    values: { add?: FormValues; pattern?: FormValues },
    problems: FieldProblem[],
  ) =>
    c.html(
      <TaxonomyPage
        c={c}
        view={await buildView(c, orgCode)}
        addValues={values.add ?? {}}
        patternValues={values.pattern ?? {}}
        problems={problems}
      />,
      HTTP_STATUS.VALIDATION,
    );

  app.post('/staff/catalog/taxonomy/columns', async (c) => {
    assertTaxonomyAccess(c);
    const values = await readForm(c);
    const orgCode = (values.org ?? '').trim();
    const problems: FieldProblem[] = [];
    const sortOrder = sortOrderOf(values.sortOrder, problems);
    try {
      if (problems.length) throw AppError.validation(problems);
      const column = await createColumn(useCaseContextOf(c), {
        code: values.code ?? '',
        name: values.name ?? '',
        nameEn: values.nameEn ?? '',
        kind: (values.kind ?? '') as 'category',
        sortOrder,
        orgCode: orgCode || null,
      });
      return c.redirect(taxonomyUrl(orgCode, 'column_added', `#column-${column.code}`), 303);
    } catch (err) {
      const found = formProblemsOf(err);
      if (!found) throw err;
      return renderWithProblems(c, orgCode, { add: values }, [...problems, ...found]);
    }
  });

  app.get('/staff/catalog/taxonomy/columns/:code', async (c) => {
    assertTaxonomyAccess(c);
    const column = await findColumnByCode(c.var.deps.database.db, c.req.param('code'));
    if (!column) throw new AppError('NOT_FOUND', 'No such column');
    const values: FormValues = {
      name: column.name,
      nameEn: column.name_en ?? '',
      sortOrder: String(column.sort_order),
    };
    const orgCode = c.req.query('org') ?? '';
    return c.html(<ColumnEditPage c={c} column={column} orgCode={orgCode} values={values} problems={[]} />);
  });

  app.post('/staff/catalog/taxonomy/columns/:code', async (c) => {
    assertTaxonomyAccess(c);
    const column = await findColumnByCode(c.var.deps.database.db, c.req.param('code'));
    if (!column) throw new AppError('NOT_FOUND', 'No such column');
    const values = await readForm(c);
    const orgCode = (values.org ?? '').trim();
    const problems: FieldProblem[] = [];
    const sortOrder = sortOrderOf(values.sortOrder, problems);
    try {
      if (problems.length) throw AppError.validation(problems);
      await updateColumn(useCaseContextOf(c), {
        code: column.code,
        name: values.name ?? '',
        nameEn: values.nameEn ?? '',
        sortOrder,
      });
      return c.redirect(taxonomyUrl(orgCode, 'column_updated', `#column-${column.code}`), 303);
    } catch (err) {
      const found = formProblemsOf(err);
      if (!found) throw err;
      return c.html(
        <ColumnEditPage c={c} column={column} orgCode={orgCode} values={values} problems={found} />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  app.post('/staff/catalog/taxonomy/columns/:code/active', async (c) => {
    assertTaxonomyAccess(c);
    const values = await readForm(c);
    const column = await setColumnActive(useCaseContextOf(c), {
      code: c.req.param('code'),
      active: values.active === '1',
    });
    return c.redirect(
      taxonomyUrl((values.org ?? '').trim(), 'column_updated', `#column-${column.code}`),
      303,
    );
  });

  app.post('/staff/catalog/taxonomy/index-pattern', async (c) => {
    assertTaxonomyAccess(c);
    const values = await readForm(c);
    const orgCode = (values.org ?? '').trim();
    try {
      if (!orgCode) {
        throw AppError.validation([{ field: 'pattern', message: 'catalog.error.pattern_org_required' }]);
      }
      await setIndexPattern(useCaseContextOf(c), { orgCode, pattern: values.pattern ?? '' });
      return c.redirect(taxonomyUrl(orgCode, 'pattern_saved', '#index-pattern'), 303);
    } catch (err) {
      const found = formProblemsOf(err);
      if (!found) throw err;
      return renderWithProblems(c, orgCode, { pattern: values }, found);
    }
  });

  return app;
}
