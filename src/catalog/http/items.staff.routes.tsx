import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError, isAppError, type FieldProblem } from '../../platform/errors.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import { assertCan, can, scopeOf } from '../../platform/auth/permissions.rules.js';
import { t as translate } from '../../platform/i18n/i18n.js';
import { formProblemsOf, type FormValues } from '../../staff/http/forms.js';
import { requireStaff, useCaseContextOf, type StaffContext } from '../../staff/http/staff-context.js';
import { assertAnyScope, listOrgChoices, listOrgsInScope } from '../../staff/http/scope.js';
import { hasAnyScope } from '../../staff/http/staff-page.js';
import { formatInstant, isCalendarDate } from '../../staff/http/format.js';
import {
  findAttachment,
  findItemWithOrg,
  findPiiFinding,
  listAttachments,
  listColumns,
  listItemColumns,
  listPiiFindings,
  listStaffItems,
  countStaffItemsByStatus,
  type CatalogColumn,
  type ItemWithOrg,
} from '../catalog.repository.js';
import { ITEM_STATUSES, type ItemStatus } from '../catalog.tables.js';
import { parseKeywords } from '../item-support.js';
import { validityOn } from '../validity.rules.js';
import { computeLateness } from '../lateness.rules.js';
import { defaultCalendarLoader } from '../catalog-calendar.js';
import { createItem } from '../create-item.js';
import { updateItem } from '../update-item.js';
import { submitItem } from '../submit-item.js';
import { decidePiiFinding } from '../decide-pii-finding.js';
import { reviewItem } from '../review-item.js';
import { publishItem } from '../publish-item.js';
import { withdrawItem } from '../withdraw-item.js';
import { DEFAULT_DISCLOSURE_METHOD, DEFAULT_DISCLOSURE_SCOPE } from '../item-input.js';
import { idParam, officeInstant, pageOf, readCatalogForm, TIME_PATTERN } from './catalog.staff.forms.js';
import { countOpenFindingsByItem, findUserNames, listRevisions } from './catalog.staff.repository.js';
import {
  ItemFormPage,
  ItemListPage,
  ItemPage,
  type ItemListFilter,
  type ItemPageView,
} from './items.staff.page.js';
import {
  FindingsPage,
  PublishPage,
  ReviewPage,
  RevisionsPage,
  WithdrawPage,
  type FieldChange,
  type FindingsView,
} from './workflow.staff.page.js';
import { registerUploadRoutes } from './uploads.staff.routes.js';

const PAGE_SIZE = 20;

// ---------------------------------------------------------------------------------------------
// Helpers

function today(c: StaffContext): string {
  return formatInstant(c.var.deps.clock.now().toISOString(), c.var.deps.config.timeZone).slice(0, 10);
}

/** The item (with its organisation) the member may read, or 404/403 (a refusal is audited centrally). */
export async function loadItem(c: StaffContext, rawId: string | undefined): Promise<ItemWithOrg> {
  const { principal } = requireStaff(c);
  const item = await findItemWithOrg(c.var.deps.database.db, idParam(rawId));
  if (!item) throw new AppError('NOT_FOUND', 'catalog.error.item_not_found');
  assertCan(principal, 'catalog.read', { orgPath: item.orgPath });
  return item;
}

/** Problems of the use cases name nested fields (`keywords.2`); the form has one field for each list. */
function flatten(problems: FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({ ...p, field: p.field.replace(/\.\d+$/, '') }));
}

/** An AppError whose message is an i18n key, as a problem shown against `field` (state refusals). */
function stateProblem(err: unknown, field: string): FieldProblem[] | null {
  if (!isAppError(err) || (err.code !== 'INVALID_STATE' && err.code !== 'CONFLICT')) return null;
  if (err.details.fields?.length) return err.details.fields;
  return [{ field, message: err.message, ...(err.details.params ? { params: err.details.params } : {}) }];
}

function publishDeps(c: StaffContext) {
  return {
    searchIndex: c.var.deps.search,
    jobs: c.var.deps.jobs,
    timeZone: c.var.deps.config.timeZone,
  };
}

/** The form's text fields as the create/update use cases take them: blank optional fields are null. */
function itemInputOf(values: FormValues) {
  const text = (name: string) => (values[name] ?? '').trim();
  const optional = (name: string) => text(name) || null;
  const keywords = text('keywords')
    .split(/[\s、,，;；]+/)
    .map((k) => k.trim())
    .filter((k) => k !== '');
  return {
    title: text('title'),
    summary: values.summary ?? '',
    body: values.body ?? '',
    formedOn: optional('formedOn'),
    docNumber: optional('docNumber'),
    docType: (text('docType') || 'other') as 'other',
    subjectCategory: optional('subjectCategory'),
    genre: optional('genre'),
    keywords,
    disclosureMethod: text('disclosureMethod') || undefined,
    disclosureScope: text('disclosureScope') || undefined,
    source: optional('source'),
    issuedOn: optional('issuedOn'),
    effectiveOn: optional('effectiveOn'),
  };
}

function formValuesOf(item: ItemWithOrg): FormValues {
  return {
    title: item.title,
    orgCode: item.orgCode,
    summary: item.summary,
    body: item.body_html,
    formedOn: item.formed_on ?? '',
    docNumber: item.doc_number ?? '',
    docType: item.doc_type,
    subjectCategory: item.subject_category ?? '',
    genre: item.genre ?? '',
    keywords: parseKeywords(item.keywords_json).join(' '),
    disclosureMethod: item.disclosure_method,
    disclosureScope: item.disclosure_scope,
    source: item.source ?? '',
    issuedOn: item.issued_on ?? '',
    effectiveOn: item.effective_on ?? '',
  };
}

/** Columns an item of the organisation may be put in: active, city-wide or the organisation's own. */
async function columnsFor(c: StaffContext, orgId: number | undefined): Promise<CatalogColumn[]> {
  return listColumns(c.var.deps.database.db, orgId === undefined ? {} : { orgId });
}

/** Refuses (before anything is written) a column that is not offered to the organisation. */
function checkColumns(chosen: readonly string[], offered: readonly CatalogColumn[]): FieldProblem[] {
  const codes = new Set(offered.map((col) => col.code));
  const unknown = chosen.filter((code) => !codes.has(code));
  return unknown.length
    ? [{ field: 'columns', message: 'catalog.error.column_unknown', params: { codes: unknown.join(', ') } }]
    : [];
}

export async function buildItemPageView(c: StaffContext, item: ItemWithOrg): Promise<ItemPageView> {
  const { principal } = requireStaff(c);
  const db = c.var.deps.database.db;
  const [columns, attachments, findings] = await Promise.all([
    listItemColumns(db, item.id),
    listAttachments(db, item.id),
    listPiiFindings(db, item.id),
  ]);
  const target = { orgPath: item.orgPath };
  const mayEdit = can(principal, 'catalog.edit', target);
  const isDraft = item.status === 'draft';
  return {
    item,
    columns,
    attachments,
    findings,
    userNames: await findUserNames(db, [
      item.created_by,
      item.submitted_by,
      item.reviewed_by,
      item.published_by,
      item.withdrawn_by,
    ]),
    validity: validityOn(item, today(c)),
    publicUrl:
      item.index_number && (item.status === 'published' || item.status === 'withdrawn')
        ? `/xxgk/${encodeURIComponent(item.orgCode)}/items/${encodeURIComponent(item.index_number)}`
        : null,
    may: {
      edit: isDraft && mayEdit,
      submit: isDraft && mayEdit,
      review: item.status === 'submitted' && can(principal, 'catalog.review', target),
      publish: item.status === 'approved' && can(principal, 'catalog.publish', target),
      withdraw:
        (item.status === 'published' || (item.status === 'approved' && item.scheduled_at !== null)) &&
        can(principal, 'catalog.withdraw', target),
      decide:
        ['draft', 'submitted', 'approved'].includes(item.status) &&
        (mayEdit || can(principal, 'catalog.review', target)),
    },
  };
}

// Revision snapshots compared field by field, in the order the item page shows them.
const DIFF_FIELDS: [string, string][] = [
  ['title', 'catalog.staff.field.title'],
  ['summary', 'catalog.staff.field.summary'],
  ['body_text', 'catalog.staff.field.body'],
  ['index_number', 'catalog.staff.field.indexNumber'],
  ['formed_on', 'catalog.staff.field.formedOn'],
  ['published_on', 'catalog.staff.field.publishedOn'],
  ['doc_number', 'catalog.staff.field.docNumber'],
  ['doc_type', 'catalog.staff.field.docType'],
  ['issued_on', 'catalog.staff.field.issuedOn'],
  ['effective_on', 'catalog.staff.field.effectiveOn'],
  ['amended_on', 'catalog.staff.field.amendedOn'],
  ['abolished_on', 'catalog.staff.field.abolishedOn'],
  ['subject_category', 'catalog.staff.field.subjectCategory'],
  ['genre', 'catalog.staff.field.genre'],
  ['keywords_json', 'catalog.staff.field.keywords'],
  ['disclosure_method', 'catalog.staff.field.disclosureMethod'],
  ['disclosure_scope', 'catalog.staff.field.disclosureScope'],
  ['source', 'catalog.staff.field.source'],
  ['columns', 'catalog.staff.field.columns'],
  ['status', 'catalog.staff.item.status'],
  ['review_opinion', 'catalog.staff.review.opinion'],
  ['scheduled_at', 'catalog.staff.flag.scheduled'],
  ['withdrawal_reason', 'catalog.staff.withdraw.reason'],
];

const MAX_DIFF_TEXT = 4_000;

/** A snapshot value as text: snapshots hold strings, numbers, null and (columns) string lists. */
function shown(value: unknown): string {
  let text = '';
  if (Array.isArray(value)) text = value.map((v) => shown(v)).join('、');
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  return text.length > MAX_DIFF_TEXT ? `${text.slice(0, MAX_DIFF_TEXT)}…` : text;
}

function diffSnapshots(c: StaffContext, a: string, b: string): FieldChange[] {
  const parse = (json: string): Record<string, unknown> => {
    try {
      const v: unknown = JSON.parse(json);
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const before = parse(a);
  const after = parse(b);
  const changes: FieldChange[] = [];
  for (const [key, label] of DIFF_FIELDS) {
    let x = before[key];
    let y = after[key];
    if (key === 'keywords_json') {
      x = parseKeywords(shown(x) || '[]');
      y = parseKeywords(shown(y) || '[]');
    }
    if (key === 'status') {
      x = shown(x) ? c.var.t(`catalog.staff.status.${shown(x)}`) : x;
      y = shown(y) ? c.var.t(`catalog.staff.status.${shown(y)}`) : y;
    }
    if (shown(x) !== shown(y)) changes.push({ field: c.var.t(label), before: shown(x), after: shown(y) });
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Routes

/** 信息发布: the catalog's staff pages (items, their workflow, attachments and Word bodies). */
export function catalogItemRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/staff/catalog', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'catalog.read');
    const db = c.var.deps.database.db;
    const statusParam = c.req.query('status') ?? '';
    const filter: ItemListFilter = {
      status: (ITEM_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as ItemStatus) : '',
      org: (c.req.query('org') ?? '').trim(),
      q: (c.req.query('q') ?? '').trim().slice(0, 200),
      column: (c.req.query('column') ?? '').trim().slice(0, 100),
      page: pageOf(c.req.query('page')),
    };
    const orgs = await listOrgsInScope(db, principal, 'catalog.read');
    const org = filter.org ? orgs.find((o) => o.code === filter.org) : undefined;
    // An organisation out of scope (or unknown) is not a filter the member can apply: shown as "all".
    if (filter.org && !org) filter.org = '';
    const base = {
      scope: scopeOf(principal, 'catalog.read'),
      ...(org ? { orgId: org.id } : {}),
      ...(filter.q ? { text: filter.q } : {}),
      ...(filter.column ? { columnCode: filter.column } : {}),
    };
    const [page, counts, columns] = await Promise.all([
      listStaffItems(db, {
        ...base,
        ...(filter.status ? { status: filter.status } : {}),
        limit: PAGE_SIZE,
        offset: (filter.page - 1) * PAGE_SIZE,
      }),
      countStaffItemsByStatus(db, base),
      listColumns(db, org ? { orgId: org.id } : {}),
    ]);
    const open = await countOpenFindingsByItem(
      db,
      page.items.map((i) => i.id),
    );
    return c.html(
      <ItemListPage
        c={c}
        items={page.items.map((item) => ({ item, openFindings: open.get(item.id) ?? 0 }))}
        total={page.total}
        pageSize={PAGE_SIZE}
        filter={filter}
        counts={counts}
        orgOptions={orgs.filter((o) => o.is_active === 1).map((o) => ({ value: o.code, label: o.name }))}
        columnOptions={columns.map((col) => ({
          value: col.code,
          label: c.var.lang === 'en' && col.name_en ? col.name_en : col.name,
        }))}
        canCreate={hasAnyScope(principal, 'catalog.edit')}
        canManageTaxonomy={hasAnyScope(principal, 'org.manage')}
      />,
    );
  });

  // --- New and edit ----------------------------------------------------------------------------

  async function orgOptions(c: StaffContext) {
    const { principal } = requireStaff(c);
    return (await listOrgChoices(c.var.deps.database.db, principal, 'catalog.edit')).map((o) => ({
      value: o.code,
      label: `${o.name}（${o.code}）`,
    }));
  }

  app.get('/staff/catalog/new', async (c) => {
    requireStaff(c);
    const orgs = await orgOptions(c);
    if (orgs.length === 0) {
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'catalog.edit' } });
    }
    const first = await listOrgChoices(c.var.deps.database.db, requireStaff(c).principal, 'catalog.edit');
    return c.html(
      <ItemFormPage
        c={c}
        mode="create"
        values={{
          orgCode: orgs[0]?.value ?? '',
          docType: 'other',
          disclosureMethod: DEFAULT_DISCLOSURE_METHOD,
          disclosureScope: DEFAULT_DISCLOSURE_SCOPE,
        }}
        selectedColumns={[]}
        columns={await columnsFor(c, first[0]?.id)}
        orgOptions={orgs}
        problems={[]}
      />,
    );
  });

  app.post('/staff/catalog/new', async (c) => {
    const { principal } = requireStaff(c);
    const form = await readCatalogForm(c);
    const chosen = form.lists.columns ?? [];
    const db = c.var.deps.database.db;
    const orgCode = (form.values.orgCode ?? '').trim();
    const org = (await listOrgChoices(db, principal, 'catalog.edit')).find((o) => o.code === orgCode);
    const offered = await columnsFor(c, org?.id);
    try {
      const problems = checkColumns(chosen, offered);
      if (problems.length) throw AppError.validation(problems);
      const item = await createItem(useCaseContextOf(c), {
        orgCode,
        ...itemInputOf(form.values),
        columns: chosen,
      });
      return c.redirect(`/staff/catalog/${item.id}?done=created`, 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return c.html(
        <ItemFormPage
          c={c}
          mode="create"
          values={form.values}
          selectedColumns={chosen}
          columns={offered}
          orgOptions={await orgOptions(c)}
          problems={flatten(problems)}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  app.get('/staff/catalog/:id{[0-9]+}', async (c) => {
    const item = await loadItem(c, c.req.param('id'));
    return c.html(<ItemPage c={c} view={await buildItemPageView(c, item)} problems={[]} />);
  });

  app.get('/staff/catalog/:id{[0-9]+}/edit', async (c) => {
    const { principal } = requireStaff(c);
    const item = await loadItem(c, c.req.param('id'));
    assertCan(principal, 'catalog.edit', { orgPath: item.orgPath });
    if (item.status !== 'draft') return c.redirect(`/staff/catalog/${item.id}`, 303);
    const selected = (await listItemColumns(c.var.deps.database.db, item.id)).map((col) => col.code);
    return c.html(
      <ItemFormPage
        c={c}
        mode="edit"
        item={item}
        values={formValuesOf(item)}
        selectedColumns={selected}
        columns={await columnsFor(c, item.org_id)}
        orgOptions={[]}
        problems={[]}
      />,
    );
  });

  app.post('/staff/catalog/:id{[0-9]+}/edit', async (c) => {
    const item = await loadItem(c, c.req.param('id'));
    const form = await readCatalogForm(c);
    const chosen = form.lists.columns ?? [];
    const offered = await columnsFor(c, item.org_id);
    const ctx = useCaseContextOf(c);
    try {
      const problems = checkColumns(chosen, offered);
      if (problems.length) throw AppError.validation(problems);
      const expected = Number.parseInt(form.values.expectedVersion ?? '', 10);
      await updateItem(ctx, {
        itemId: item.id,
        ...(Number.isFinite(expected) && expected > 0 ? { expectedVersion: expected } : {}),
        ...itemInputOf(form.values),
        columns: chosen,
      });
      return c.redirect(`/staff/catalog/${item.id}?done=updated`, 303);
    } catch (err) {
      const problems = formProblemsOf(err) ?? stateProblem(err, 'title');
      if (!problems) throw err;
      return c.html(
        <ItemFormPage
          c={c}
          mode="edit"
          item={item}
          values={form.values}
          selectedColumns={chosen}
          columns={offered}
          orgOptions={[]}
          problems={flatten(problems)}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  // --- Submit and the personal-data findings ---------------------------------------------------

  app.post('/staff/catalog/:id{[0-9]+}/submit', async (c) => {
    const item = await loadItem(c, c.req.param('id'));
    try {
      const result = await submitItem(useCaseContextOf(c), { itemId: item.id });
      return c.redirect(
        result.openFindings > 0
          ? `/staff/catalog/${item.id}/findings?done=submitted`
          : `/staff/catalog/${item.id}?done=submitted`,
        303,
      );
    } catch (err) {
      const problems = formProblemsOf(err) ?? stateProblem(err, 'body');
      if (!problems) throw err;
      const fresh = (await findItemWithOrg(c.var.deps.database.db, item.id)) ?? item;
      return c.html(
        <ItemPage c={c} view={await buildItemPageView(c, fresh)} problems={problems} />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  async function findingsView(c: StaffContext, item: ItemWithOrg): Promise<FindingsView> {
    const db = c.var.deps.database.db;
    const [findings, attachments, page] = await Promise.all([
      listPiiFindings(db, item.id),
      listAttachments(db, item.id),
      buildItemPageView(c, item),
    ]);
    return {
      item,
      findings,
      attachments: new Map(attachments.map((a) => [a.id, a])),
      userNames: await findUserNames(
        db,
        findings.map((f) => f.decided_by),
      ),
      mayDecide: page.may.decide,
    };
  }

  app.get('/staff/catalog/:id{[0-9]+}/findings', async (c) => {
    const item = await loadItem(c, c.req.param('id'));
    return c.html(<FindingsPage c={c} view={await findingsView(c, item)} />);
  });

  app.post('/staff/catalog/:id{[0-9]+}/findings/:fid{[0-9]+}', async (c) => {
    const item = await loadItem(c, c.req.param('id'));
    const findingId = idParam(c.req.param('fid'));
    const { values } = await readCatalogForm(c);
    const decision = values[`decision-${findingId}`] ?? '';
    const note = (values[`note-${findingId}`] ?? '').trim();
    try {
      const problems: FieldProblem[] = [];
      if (decision !== 'redact' && decision !== 'accept') {
        problems.push({
          field: `decision-${findingId}`,
          message: 'catalog.staff.findings.decision_required',
        });
      }
      // Accepting is a conscious act: the box must be ticked (and the use case wants a reason).
      if (decision === 'accept' && values[`confirm-${findingId}`] !== '1') {
        problems.push({ field: `confirm-${findingId}`, message: 'catalog.staff.findings.confirm_required' });
      }
      if (problems.length) throw AppError.validation(problems);
      const finding = await findingOf(c, findingId);
      if (finding.item_id !== item.id) throw new AppError('NOT_FOUND', 'catalog.error.finding_not_found');
      await decidePiiFinding(useCaseContextOf(c), {
        findingId,
        decision: decision as 'redact',
        ...(note ? { note } : {}),
      });
      return c.redirect(`/staff/catalog/${item.id}/findings?done=finding_decided#finding-${findingId}`, 303);
    } catch (err) {
      const problems = formProblemsOf(err) ?? stateProblem(err, `decision-${findingId}`);
      if (!problems) throw err;
      return c.html(
        <FindingsPage c={c} view={await findingsView(c, item)} failed={{ findingId, values, problems }} />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  async function findingOf(c: StaffContext, id: number) {
    const finding = await findPiiFinding(c.var.deps.database.db, id);
    if (!finding) throw new AppError('NOT_FOUND', 'catalog.error.finding_not_found');
    return finding;
  }

  // --- 保密审查 ---------------------------------------------------------------------------------

  function refusalOf(c: StaffContext, item: ItemWithOrg): string | null {
    const me = requireStaff(c).user.id;
    return item.created_by === me || item.submitted_by === me
      ? c.var.t('catalog.staff.review.own_item')
      : null;
  }

  async function openCount(c: StaffContext, itemId: number): Promise<number> {
    return (await listPiiFindings(c.var.deps.database.db, itemId)).filter((f) => f.status === 'open').length;
  }

  app.get('/staff/catalog/:id{[0-9]+}/review', async (c) => {
    const { principal } = requireStaff(c);
    const item = await loadItem(c, c.req.param('id'));
    assertCan(principal, 'catalog.review', { orgPath: item.orgPath });
    return c.html(
      <ReviewPage
        c={c}
        item={item}
        openFindings={await openCount(c, item.id)}
        refusal={refusalOf(c, item)}
        values={{}}
        problems={[]}
      />,
    );
  });

  app.post('/staff/catalog/:id{[0-9]+}/review', async (c) => {
    const { principal } = requireStaff(c);
    const item = await loadItem(c, c.req.param('id'));
    assertCan(principal, 'catalog.review', { orgPath: item.orgPath });
    const { values } = await readCatalogForm(c);
    const decision = values.decision ?? '';
    let opinion = (values.opinion ?? '').trim();
    try {
      const problems: FieldProblem[] = [];
      if (decision !== 'approve' && decision !== 'reject') {
        problems.push({ field: 'decision', message: 'catalog.staff.review.decision_required' });
      }
      if (decision === 'reject' && !opinion) {
        problems.push({ field: 'opinion', message: 'catalog.staff.review.opinion_required' });
      }
      if (problems.length) throw AppError.validation(problems);
      // The record keeps an opinion for every decision; an approval without words gets the usual one.
      if (!opinion) opinion = translate('zh-CN', 'catalog.staff.review.default_opinion');
      await reviewItem(useCaseContextOf(c), { itemId: item.id, decision: decision as 'approve', opinion });
      return c.redirect(
        `/staff/catalog/${item.id}?done=${decision === 'approve' ? 'approved' : 'returned'}`,
        303,
      );
    } catch (err) {
      if (isAppError(err) && err.code === 'FORBIDDEN' && err.message === 'catalog.error.review_own') {
        return c.html(
          <ReviewPage
            c={c}
            item={item}
            openFindings={await openCount(c, item.id)}
            refusal={c.var.t('catalog.staff.review.own_item')}
            values={values}
            problems={[]}
          />,
          HTTP_STATUS.FORBIDDEN,
        );
      }
      const problems = formProblemsOf(err) ?? stateProblem(err, 'decision');
      if (!problems) throw err;
      return c.html(
        <ReviewPage
          c={c}
          item={item}
          openFindings={await openCount(c, item.id)}
          refusal={null}
          values={values}
          problems={problems}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  // --- Publish and withdraw -------------------------------------------------------------------

  async function lateWarning(c: StaffContext, item: ItemWithOrg): Promise<boolean> {
    const calendar = await defaultCalendarLoader(c.var.deps.database.db, item.orgPath);
    return computeLateness(item.formed_on, today(c), calendar)?.isLate ?? false;
  }

  app.get('/staff/catalog/:id{[0-9]+}/publish', async (c) => {
    const { principal } = requireStaff(c);
    const item = await loadItem(c, c.req.param('id'));
    assertCan(principal, 'catalog.publish', { orgPath: item.orgPath });
    return c.html(
      <PublishPage
        c={c}
        item={item}
        openFindings={await openCount(c, item.id)}
        lateWarning={await lateWarning(c, item)}
        values={{ when: 'now', date: today(c), time: '' }}
        problems={[]}
      />,
    );
  });

  app.post('/staff/catalog/:id{[0-9]+}/publish', async (c) => {
    const { principal } = requireStaff(c);
    const item = await loadItem(c, c.req.param('id'));
    assertCan(principal, 'catalog.publish', { orgPath: item.orgPath });
    const { values } = await readCatalogForm(c);
    try {
      const problems: FieldProblem[] = [];
      const when = values.when ?? '';
      let scheduledAt: string | undefined;
      if (when !== 'now' && when !== 'later') {
        problems.push({ field: 'when', message: 'catalog.staff.publish.when_required' });
      } else if (when === 'later') {
        const date = (values.date ?? '').trim();
        const time = (values.time ?? '').trim();
        if (!isCalendarDate(date))
          problems.push({ field: 'date', message: 'catalog.staff.publish.date_required' });
        if (!TIME_PATTERN.test(time))
          problems.push({ field: 'time', message: 'catalog.staff.publish.time_required' });
        if (problems.length === 0) {
          const instant = officeInstant(date, time, c.var.deps.config.timeZone);
          if (instant.getTime() <= c.var.deps.clock.now().getTime()) {
            problems.push({ field: 'date', message: 'catalog.staff.publish.in_past' });
          } else {
            scheduledAt = instant.toISOString();
          }
        }
      }
      if (problems.length) throw AppError.validation(problems);
      await publishItem(useCaseContextOf(c), publishDeps(c), {
        itemId: item.id,
        ...(scheduledAt ? { scheduledAt } : {}),
      });
      return c.redirect(`/staff/catalog/${item.id}?done=${scheduledAt ? 'scheduled' : 'published'}`, 303);
    } catch (err) {
      const problems = formProblemsOf(err) ?? stateProblem(err, 'when');
      if (!problems) throw err;
      return c.html(
        <PublishPage
          c={c}
          item={item}
          openFindings={await openCount(c, item.id)}
          lateWarning={await lateWarning(c, item)}
          values={values}
          problems={problems}
        />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  app.get('/staff/catalog/:id{[0-9]+}/withdraw', async (c) => {
    const { principal } = requireStaff(c);
    const item = await loadItem(c, c.req.param('id'));
    assertCan(principal, 'catalog.withdraw', { orgPath: item.orgPath });
    return c.html(<WithdrawPage c={c} item={item} values={{}} problems={[]} />);
  });

  app.post('/staff/catalog/:id{[0-9]+}/withdraw', async (c) => {
    const { principal } = requireStaff(c);
    const item = await loadItem(c, c.req.param('id'));
    assertCan(principal, 'catalog.withdraw', { orgPath: item.orgPath });
    const { values } = await readCatalogForm(c);
    try {
      const reason = (values.reason ?? '').trim();
      if (!reason)
        throw AppError.validation([{ field: 'reason', message: 'catalog.staff.withdraw.reason_required' }]);
      await withdrawItem(
        useCaseContextOf(c),
        { searchIndex: c.var.deps.search },
        {
          itemId: item.id,
          reason,
        },
      );
      return c.redirect(`/staff/catalog/${item.id}?done=withdrawn`, 303);
    } catch (err) {
      const problems = formProblemsOf(err) ?? stateProblem(err, 'reason');
      if (!problems) throw err;
      return c.html(
        <WithdrawPage c={c} item={item} values={values} problems={problems} />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  // --- Revisions --------------------------------------------------------------------------------

  app.get('/staff/catalog/:id{[0-9]+}/revisions', async (c) => {
    const item = await loadItem(c, c.req.param('id'));
    const db = c.var.deps.database.db;
    const revisions = await listRevisions(db, item.id);
    const a = Number.parseInt(c.req.query('a') ?? '', 10);
    const b = Number.parseInt(c.req.query('b') ?? '', 10);
    const ra = revisions.find((r) => r.revision === a);
    const rb = revisions.find((r) => r.revision === b);
    return c.html(
      <RevisionsPage
        c={c}
        item={item}
        revisions={revisions}
        userNames={await findUserNames(
          db,
          revisions.map((r) => r.created_by),
        )}
        compare={ra && rb ? { a, b, changes: diffSnapshots(c, ra.snapshot_json, rb.snapshot_json) } : null}
      />,
    );
  });

  // --- Attachment download (staff see drafts' files too) ----------------------------------------

  app.get('/staff/catalog/:id{[0-9]+}/attachments/:aid{[0-9]+}', async (c) => {
    const item = await loadItem(c, c.req.param('id'));
    const attachment = await findAttachment(c.var.deps.database.db, idParam(c.req.param('aid')));
    if (!attachment || attachment.item_id !== item.id)
      throw new AppError('NOT_FOUND', 'catalog.error.attachment_not_found');
    const stream = await c.var.deps.storage.get(attachment.storage_key);
    const ascii = `attachment-${attachment.id}.${attachment.extension.replace(/[^a-z0-9]/gi, '')}`;
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'content-type': attachment.content_type,
        'content-length': String(attachment.size),
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.original_name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  });

  registerUploadRoutes(app, { loadItem, buildItemPageView });

  return app;
}
