import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import { assertCan, can } from '../../platform/auth/permissions.rules.js';
import {
  buildTree,
  checkOrgCode,
  checkOrgFacts,
  flattenTree,
  normaliseOrgFacts,
  ORG_KINDS,
} from '../../orgs/org.rules.js';
import { findOrgByCode, findOrgById, type Org } from '../../orgs/orgs.repository.js';
import { createOrg } from '../../orgs/create-org.js';
import { updateOrg } from '../../orgs/update-org.js';
import { setOrgActive } from '../../orgs/set-org-active.js';
import { formProblemsOf, readForm, type FormValues, type Option } from '../http/forms.js';
import { requireStaff, useCaseContextOf, type StaffContext } from '../http/staff-context.js';
import { assertAnyScope, listOrgChoices, listOrgsInScope } from '../http/scope.js';
import { ORG_FACT_FIELDS, OrgFormPage, OrgListPage, OrgMovePage, orgFormValues } from './orgs.page.js';

const text = z.string().optional().default('');

/** What the organisation forms post; use cases check formats, the route only types the values. */
const orgFormSchema = z.object({
  code: text,
  parentCode: text,
  name: text,
  nameEn: text,
  shortName: text,
  kind: z.enum(ORG_KINDS, 'staff.orgs.kind_required'),
  sortOrder: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(
      z
        .string()
        .regex(/^-?\d{1,7}$/, 'staff.orgs.sort_order_integer')
        .optional(),
    ),
  ...Object.fromEntries(ORG_FACT_FIELDS.map((f) => [f, text])),
});
type OrgForm = { [K in (typeof ORG_FACT_FIELDS)[number]]: string } & {
  code: string;
  parentCode: string;
  name: string;
  nameEn: string;
  shortName: string;
  kind: (typeof ORG_KINDS)[number];
  sortOrder: string | undefined;
};

function factsOf(values: FormValues): Record<string, string> {
  return Object.fromEntries(
    ['name', 'nameEn', 'shortName', ...ORG_FACT_FIELDS].map((f) => [f, values[f] ?? '']),
  );
}

/**
 * Parses an organisation form. When the route's own checks fail, the pure rules of the orgs context
 * are run as well, so the page names every bad field at once, and nothing is written.
 */
function parseOrgForm(values: FormValues, mode: 'create' | 'edit'): OrgForm {
  const result = orgFormSchema.safeParse(values);
  if (result.success) return result.data as OrgForm;
  const problems: FieldProblem[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message.startsWith('staff.') ? issue.message : 'staff.form.invalid',
  }));
  problems.push(...checkOrgFacts(normaliseOrgFacts(factsOf(values))));
  if (mode === 'create') {
    const codeProblem = checkOrgCode((values.code ?? '').trim());
    if (codeProblem) problems.push({ field: 'code', message: codeProblem });
  }
  throw AppError.validation(problems);
}

function orgOption(org: Org): Option {
  return { value: org.code, label: `${org.name}（${org.code}）` };
}

async function findOrgOr404(c: StaffContext, code: string): Promise<Org> {
  const org = await findOrgByCode(c.var.deps.database.db, code);
  if (!org) throw new AppError('NOT_FOUND', `No organisation ${code}`);
  return org;
}

/** The back office's organisation pages: the tree in scope, create, edit, move, (de)activate. */
export function staffOrgRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/staff/orgs', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'org.read');
    const orgs = await listOrgsInScope(c.var.deps.database.db, principal, 'org.read');
    const rows = flattenTree(buildTree(orgs)).map(({ org, depth }) => ({
      org,
      depth,
      canManage: can(principal, 'org.manage', { orgPath: org.path }),
    }));
    return c.html(
      <OrgListPage c={c} rows={rows} canCreate={rows.some((r) => r.canManage && r.org.is_active === 1)} />,
    );
  });

  async function parentOptions(c: StaffContext): Promise<Option[]> {
    const { principal } = requireStaff(c);
    return (await listOrgChoices(c.var.deps.database.db, principal, 'org.manage')).map(orgOption);
  }

  app.get('/staff/orgs/new', async (c) => {
    const { principal } = requireStaff(c);
    const parentCode = c.req.query('parent');
    if (parentCode) {
      const parent = await findOrgOr404(c, parentCode);
      assertCan(principal, 'org.manage', { orgPath: parent.path });
    }
    const parents = await parentOptions(c);
    if (parents.length === 0)
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'org.manage' } });
    return c.html(
      <OrgFormPage
        c={c}
        mode="create"
        values={{ parentCode: parentCode ?? parents[0]?.value ?? '', kind: 'department', sortOrder: '0' }}
        problems={[]}
        parents={parents}
      />,
    );
  });

  app.post('/staff/orgs/new', async (c) => {
    requireStaff(c);
    const values = await readForm(c);
    try {
      const form = parseOrgForm(values, 'create');
      const created = await createOrg(useCaseContextOf(c), {
        ...factsOf(values),
        code: form.code.trim(),
        name: form.name,
        kind: form.kind,
        parentCode: form.parentCode.trim() || undefined,
        sortOrder: form.sortOrder === undefined ? undefined : Number(form.sortOrder),
      });
      return c.redirect(`/staff/orgs?done=org_created#org-${created.code}`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return c.html(
        <OrgFormPage
          c={c}
          mode="create"
          values={values}
          problems={problems}
          parents={await parentOptions(c)}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  app.get('/staff/orgs/:code/edit', async (c) => {
    const { principal } = requireStaff(c);
    const org = await findOrgOr404(c, c.req.param('code'));
    // Authorise before anything of the record is shown: a refusal is audited by the error handler.
    assertCan(principal, 'org.manage', { orgPath: org.path });
    return c.html(
      <OrgFormPage c={c} mode="edit" org={org} values={orgFormValues(org)} problems={[]} parents={[]} />,
    );
  });

  app.post('/staff/orgs/:code/edit', async (c) => {
    const { principal } = requireStaff(c);
    const org = await findOrgOr404(c, c.req.param('code'));
    assertCan(principal, 'org.manage', { orgPath: org.path });
    const values = await readForm(c);
    try {
      const form = parseOrgForm(values, 'edit');
      await updateOrg(useCaseContextOf(c), {
        ...factsOf(values),
        code: org.code,
        kind: form.kind,
        sortOrder: form.sortOrder === undefined ? 0 : Number(form.sortOrder),
      });
      return c.redirect('/staff/orgs?done=org_updated', 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return c.html(
        <OrgFormPage
          c={c}
          mode="edit"
          org={org}
          values={{ ...values, code: org.code }}
          problems={problems}
          parents={[]}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  async function moveTargets(c: StaffContext, org: Org): Promise<Option[]> {
    const { principal } = requireStaff(c);
    const choices = await listOrgChoices(c.var.deps.database.db, principal, 'org.manage');
    // Not itself or anything below it: that would be a cycle.
    return choices.filter((o) => !o.path.startsWith(org.path)).map(orgOption);
  }

  async function currentParentCode(c: StaffContext, org: Org): Promise<string> {
    if (org.parent_id === null) return '';
    return (await findOrgById(c.var.deps.database.db, org.parent_id))?.code ?? '';
  }

  app.get('/staff/orgs/:code/move', async (c) => {
    const { principal } = requireStaff(c);
    const org = await findOrgOr404(c, c.req.param('code'));
    assertCan(principal, 'org.manage', { orgPath: org.path });
    return c.html(
      <OrgMovePage
        c={c}
        org={org}
        value={await currentParentCode(c, org)}
        parents={await moveTargets(c, org)}
        problems={[]}
      />,
    );
  });

  app.post('/staff/orgs/:code/move', async (c) => {
    const { principal } = requireStaff(c);
    const org = await findOrgOr404(c, c.req.param('code'));
    assertCan(principal, 'org.manage', { orgPath: org.path });
    const values = await readForm(c);
    const parentCode = (values.parentCode ?? '').trim();
    try {
      if (!parentCode)
        throw AppError.validation([{ field: 'parentCode', message: 'staff.orgs.parent_required' }]);
      await updateOrg(useCaseContextOf(c), { code: org.code, parentCode });
      return c.redirect('/staff/orgs?done=org_moved', 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return c.html(
        <OrgMovePage
          c={c}
          org={org}
          value={parentCode}
          parents={await moveTargets(c, org)}
          problems={problems}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  app.post('/staff/orgs/:code/active', async (c) => {
    const { principal } = requireStaff(c);
    const org = await findOrgOr404(c, c.req.param('code'));
    assertCan(principal, 'org.manage', { orgPath: org.path });
    const values = await readForm(c);
    const active = values.active === '1';
    try {
      await setOrgActive(useCaseContextOf(c), { code: org.code, active });
      return c.redirect(`/staff/orgs?done=${active ? 'org_reactivated' : 'org_deactivated'}`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return c.html(
        <OrgFormPage
          c={c}
          mode="edit"
          org={org}
          values={orgFormValues(org)}
          problems={problems}
          parents={[]}
        />,
        HTTP_STATUS.INVALID_STATE,
      );
    }
  });

  return app;
}
