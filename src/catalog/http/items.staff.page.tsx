import { raw } from 'hono/html';
import type { FieldProblem } from '../../platform/errors.js';
import {
  CsrfField,
  ErrorSummary,
  SelectField,
  TextField,
  fieldId,
  problemFor,
  problemText,
  type FormValues,
  type Option,
} from '../../staff/http/forms.js';
import { StaffPage } from '../../staff/http/staff-page.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import type { CatalogAttachment, CatalogColumn, ItemWithOrg, PiiFinding } from '../catalog.repository.js';
import { COLUMN_KINDS, DOC_TYPES, ITEM_STATUSES, type ItemStatus } from '../catalog.tables.js';
import { parseKeywords } from '../item-support.js';
import { CatalogFlash, StatusTag, officeTime } from './catalog.staff.ui.js';
import './catalog.staff.messages.js';

// ---------------------------------------------------------------------------------------------
// Shared pieces

function columnName(c: StaffContext, col: Pick<CatalogColumn, 'name' | 'name_en'>): string {
  return c.var.lang === 'en' && col.name_en ? col.name_en : col.name;
}

export function Pagination(props: {
  c: StaffContext;
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  const t = props.c.var.t;
  if (props.pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={t('staff.common.pagination')}>
      {props.page > 1 ? <a href={props.href(props.page - 1)}>{t('staff.common.previous')}</a> : null}
      <span>{t('staff.common.page_of', { page: props.page, pages: props.pages })}</span>
      {props.page < props.pages ? <a href={props.href(props.page + 1)}>{t('staff.common.next')}</a> : null}
    </nav>
  );
}

/** A field's error line, for fields the staff helpers do not draw (checkbox groups, file inputs). */
function FieldError({
  c,
  problems,
  name,
  label,
}: {
  c: StaffContext;
  problems: readonly FieldProblem[];
  name: string;
  label: string;
}) {
  const problem = problemFor(problems, name);
  if (!problem) return null;
  return (
    <span class="error-message" id={`${fieldId(name)}-error`}>
      <span class="visually-hidden">{c.var.t('staff.form.error_prefix')}</span>
      {problemText(c.var.t, problem, label)}
    </span>
  );
}

function itemCrumbs(c: StaffContext, item: { id: number; title: string } | null, last?: string) {
  const t = c.var.t;
  const crumbs: { href?: string; label: string }[] = [
    { href: '/staff/catalog', label: t('catalog.staff.title') },
  ];
  if (item) crumbs.push({ href: `/staff/catalog/${item.id}`, label: item.title });
  if (last) crumbs.push({ label: last });
  return crumbs;
}

// ---------------------------------------------------------------------------------------------
// The list

export interface ItemListFilter {
  status: ItemStatus | '';
  org: string;
  q: string;
  column: string;
  page: number;
}

export function listHref(filter: ItemListFilter, changes: Partial<ItemListFilter>): string {
  const f = { ...filter, ...changes };
  const p = new URLSearchParams();
  if (f.status) p.set('status', f.status);
  if (f.org) p.set('org', f.org);
  if (f.q) p.set('q', f.q);
  if (f.column) p.set('column', f.column);
  if (f.page > 1) p.set('page', String(f.page));
  const q = p.toString();
  return q ? `/staff/catalog?${q}` : '/staff/catalog';
}

export interface ListedItem {
  item: ItemWithOrg;
  openFindings: number;
}

export function ItemListPage(props: {
  c: StaffContext;
  items: ListedItem[];
  total: number;
  pageSize: number;
  filter: ItemListFilter;
  counts: Partial<Record<ItemStatus, number>>;
  orgOptions: Option[];
  columnOptions: Option[];
  canCreate: boolean;
  canManageTaxonomy: boolean;
}) {
  const { c, filter } = props;
  const t = c.var.t;
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const tabs: (ItemStatus | '')[] = ['', ...ITEM_STATUSES];
  return (
    <StaffPage c={c} title={t('catalog.staff.title')} breadcrumbs={[{ label: t('catalog.staff.title') }]}>
      <h1>{t('catalog.staff.title')}</h1>
      <p class="button-row">
        {props.canCreate ? (
          <a class="button" href="/staff/catalog/new">
            {t('catalog.staff.new_item')}
          </a>
        ) : null}
        {props.canManageTaxonomy ? (
          <a class="button secondary" href="/staff/catalog/taxonomy">
            {t('catalog.staff.taxonomy_link')}
          </a>
        ) : null}
      </p>
      <nav class="status-tabs" aria-label={t('catalog.staff.tabs')}>
        <ul>
          {tabs.map((s) => (
            <li>
              <a
                href={listHref(filter, { status: s, page: 1 })}
                aria-current={filter.status === s ? 'page' : undefined}
              >
                {t(`catalog.staff.status.${s || 'all'}`)}
                {s && props.counts[s] !== undefined ? <span class="count">（{props.counts[s]}）</span> : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action="/staff/catalog" class="filter-form">
        {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
        <SelectField
          c={c}
          name="org"
          label={t('catalog.staff.filter.org')}
          value={filter.org}
          options={[{ value: '', label: t('staff.common.all_in_scope') }, ...props.orgOptions]}
          problems={[]}
        />
        <TextField
          c={c}
          name="q"
          type="search"
          label={t('catalog.staff.filter.text')}
          hint={t('catalog.staff.filter.text_hint')}
          value={filter.q}
          problems={[]}
        />
        <SelectField
          c={c}
          name="column"
          label={t('catalog.staff.filter.column')}
          value={filter.column}
          options={[{ value: '', label: t('catalog.staff.filter.any_column') }, ...props.columnOptions]}
          problems={[]}
        />
        <button type="submit" class="secondary">
          {t('staff.common.filter')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p class="empty-state">{t('catalog.staff.list.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="catalog-items">
            <caption>{t('catalog.staff.list.caption', { count: props.total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('catalog.staff.field.title')}</th>
                <th scope="col">{t('catalog.staff.field.org')}</th>
                <th scope="col">{t('catalog.staff.list.status')}</th>
                <th scope="col">{t('catalog.staff.field.indexNumber')}</th>
                <th scope="col">{t('catalog.staff.list.updated')}</th>
                <th scope="col">{t('catalog.staff.list.flags')}</th>
              </tr>
            </thead>
            <tbody>
              {props.items.map(({ item, openFindings }) => (
                <tr>
                  <td>
                    <a href={`/staff/catalog/${item.id}`}>{item.title}</a>
                  </td>
                  <td>{item.orgName}</td>
                  <td>
                    <StatusTag c={c} status={item.status} />
                  </td>
                  <td>{item.index_number ?? ''}</td>
                  <td>{officeTime(c, item.updated_at)}</td>
                  <td>
                    <ItemFlags c={c} item={item} openFindings={openFindings} short />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination c={c} page={filter.page} pages={pages} href={(p) => listHref(filter, { page: p })} />
    </StaffPage>
  );
}

export function ItemFlags(props: {
  c: StaffContext;
  item: Pick<ItemWithOrg, 'is_late' | 'publication_working_days' | 'scheduled_at' | 'status'>;
  openFindings: number;
  short?: boolean;
}) {
  const { c, item } = props;
  const t = c.var.t;
  const flags: string[] = [];
  if (item.is_late === 1) {
    flags.push(
      props.short
        ? t('catalog.staff.flag.late_short')
        : t('catalog.staff.flag.late', { days: item.publication_working_days ?? '' }),
    );
  }
  if (props.openFindings > 0)
    flags.push(t('catalog.staff.flag.open_findings', { count: props.openFindings }));
  if (item.status === 'approved' && item.scheduled_at) {
    flags.push(
      props.short
        ? t('catalog.staff.flag.scheduled')
        : t('catalog.staff.item.scheduled', { at: officeTime(c, item.scheduled_at) }),
    );
  }
  if (flags.length === 0) return null;
  return (
    <ul class="item-flags">
      {flags.map((f) => (
        <li>{f}</li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------
// The item form (new and edit)

export function itemFieldLabels(c: StaffContext) {
  const t = c.var.t;
  // In the order the form shows them: the order of the error summary.
  return {
    title: t('catalog.staff.field.title'),
    orgCode: t('catalog.staff.field.org'),
    summary: t('catalog.staff.field.summary'),
    body: t('catalog.staff.field.body'),
    formedOn: t('catalog.staff.field.formedOn'),
    docNumber: t('catalog.staff.field.docNumber'),
    docType: t('catalog.staff.field.docType'),
    issuedOn: t('catalog.staff.field.issuedOn'),
    effectiveOn: t('catalog.staff.field.effectiveOn'),
    amendedOn: t('catalog.staff.field.amendedOn'),
    abolishedOn: t('catalog.staff.field.abolishedOn'),
    subjectCategory: t('catalog.staff.field.subjectCategory'),
    genre: t('catalog.staff.field.genre'),
    keywords: t('catalog.staff.field.keywords'),
    disclosureMethod: t('catalog.staff.field.disclosureMethod'),
    disclosureScope: t('catalog.staff.field.disclosureScope'),
    source: t('catalog.staff.field.source'),
    columns: t('catalog.staff.field.columns'),
  };
}

export function ItemFormPage(props: {
  c: StaffContext;
  mode: 'create' | 'edit';
  item?: { id: number; title: string; version: number };
  values: FormValues;
  selectedColumns: readonly string[];
  columns: CatalogColumn[];
  orgOptions: Option[];
  problems: FieldProblem[];
}) {
  const { c, values, problems } = props;
  const t = c.var.t;
  const labels = itemFieldLabels(c);
  const title =
    props.mode === 'create'
      ? t('catalog.staff.form.new_title')
      : t('catalog.staff.form.edit_title', { title: props.item?.title ?? '' });
  const action = props.mode === 'create' ? '/staff/catalog/new' : `/staff/catalog/${props.item?.id}/edit`;
  const docTypes: Option[] = DOC_TYPES.map((d) => ({ value: d, label: t(`catalog.staff.doc_type.${d}`) }));
  const selected = new Set(props.selectedColumns);
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={itemCrumbs(
        c,
        props.item ?? null,
        props.mode === 'create' ? title : t('catalog.staff.item.edit'),
      )}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{title}</h1>
      <form method="post" action={action} novalidate class="item-form">
        <CsrfField c={c} />
        {props.item ? (
          <input type="hidden" name="expectedVersion" value={String(props.item.version)} />
        ) : null}
        <TextField c={c} name="title" label={labels.title} value={values.title} problems={problems} />
        {props.mode === 'create' ? (
          <SelectField
            c={c}
            name="orgCode"
            label={labels.orgCode}
            value={values.orgCode}
            options={props.orgOptions}
            problems={problems}
          />
        ) : null}
        <TextField
          c={c}
          name="summary"
          label={labels.summary}
          hint={t('catalog.staff.field.summary_hint')}
          optional
          multiline
          value={values.summary}
          problems={problems}
        />
        <BodyField c={c} label={labels.body} value={values.body} problems={problems} />
        <TextField
          c={c}
          name="formedOn"
          label={labels.formedOn}
          hint={t('catalog.staff.field.date_hint')}
          optional
          value={values.formedOn}
          problems={problems}
        />
        <TextField
          c={c}
          name="docNumber"
          label={labels.docNumber}
          hint={t('catalog.staff.field.docNumber_hint')}
          optional
          value={values.docNumber}
          problems={problems}
        />
        <SelectField
          c={c}
          name="docType"
          label={labels.docType}
          hint={t('catalog.staff.field.docType_hint')}
          value={values.docType ?? 'other'}
          options={docTypes}
          problems={problems}
        />
        <fieldset>
          <legend>{t('catalog.staff.field.validity')}</legend>
          <TextField
            c={c}
            name="issuedOn"
            label={labels.issuedOn}
            hint={t('catalog.staff.field.date_hint')}
            optional
            value={values.issuedOn}
            problems={problems}
          />
          <TextField
            c={c}
            name="effectiveOn"
            label={labels.effectiveOn}
            hint={t('catalog.staff.field.date_hint')}
            optional
            value={values.effectiveOn}
            problems={problems}
          />
        </fieldset>
        <fieldset>
          <legend>{t('catalog.staff.field.classification')}</legend>
          <TextField
            c={c}
            name="subjectCategory"
            label={labels.subjectCategory}
            optional
            value={values.subjectCategory}
            problems={problems}
          />
          <TextField
            c={c}
            name="genre"
            label={labels.genre}
            optional
            value={values.genre}
            problems={problems}
          />
          <TextField
            c={c}
            name="keywords"
            label={labels.keywords}
            hint={t('catalog.staff.field.keywords_hint')}
            optional
            value={values.keywords}
            problems={problems}
          />
          <TextField
            c={c}
            name="disclosureMethod"
            label={labels.disclosureMethod}
            value={values.disclosureMethod}
            problems={problems}
          />
          <TextField
            c={c}
            name="disclosureScope"
            label={labels.disclosureScope}
            value={values.disclosureScope}
            problems={problems}
          />
          <TextField
            c={c}
            name="source"
            label={labels.source}
            optional
            value={values.source}
            problems={problems}
          />
        </fieldset>
        <fieldset
          id={fieldId('columns')}
          class={problemFor(problems, 'columns') ? 'field field-error column-choices' : 'column-choices'}
          aria-describedby={`${fieldId('columns')}-hint`}
        >
          <legend>{labels.columns}</legend>
          <span class="hint" id={`${fieldId('columns')}-hint`}>
            {t('catalog.staff.field.columns_hint')}
          </span>
          <FieldError c={c} problems={problems} name="columns" label={labels.columns} />
          {COLUMN_KINDS.map((kind) => {
            const cols = props.columns.filter((col) => col.kind === kind);
            if (cols.length === 0) return null;
            return (
              <fieldset class="column-group">
                <legend>{t(`catalog.staff.column_kind.${kind}`)}</legend>
                {cols.map((col) => (
                  <div class="checkbox-field">
                    <input
                      type="checkbox"
                      id={`col-${col.code}`}
                      name="columns"
                      value={col.code}
                      checked={selected.has(col.code)}
                    />
                    <label for={`col-${col.code}`}>{columnName(c, col)}</label>
                  </div>
                ))}
              </fieldset>
            );
          })}
        </fieldset>
        {props.mode === 'create' ? <p class="hint">{t('catalog.staff.form.files_after_save')}</p> : null}
        <button type="submit">
          {props.mode === 'create' ? t('catalog.staff.save_draft') : t('catalog.staff.save')}
        </button>
      </form>
    </StaffPage>
  );
}

/** The body: a plain textarea of HTML or text (no JavaScript editor), large enough to work in. */
function BodyField(props: {
  c: StaffContext;
  label: string;
  value: string | undefined;
  problems: readonly FieldProblem[];
}) {
  const { c } = props;
  const id = fieldId('body');
  const problem = problemFor(props.problems, 'body');
  return (
    <div class={problem ? 'field field-error' : 'field'}>
      <label for={id}>
        {props.label}
        {c.var.t('staff.form.optional')}
      </label>
      <span class="hint" id={`${id}-hint`}>
        {c.var.t('catalog.staff.field.body_hint')}
      </span>
      <FieldError c={c} problems={props.problems} name="body" label={props.label} />
      <textarea
        id={id}
        name="body"
        rows={18}
        class="body-input"
        aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={problem ? 'true' : undefined}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The item page

export interface ItemPageView {
  item: ItemWithOrg;
  columns: CatalogColumn[];
  attachments: CatalogAttachment[];
  findings: PiiFinding[];
  userNames: Map<number, string>;
  validity: string | null;
  publicUrl: string | null;
  may: {
    edit: boolean;
    submit: boolean;
    review: boolean;
    publish: boolean;
    withdraw: boolean;
    decide: boolean;
  };
}

function who(view: { userNames: Map<number, string> }, id: number | null): string {
  return id === null ? '—' : (view.userNames.get(id) ?? `#${id}`);
}

export function ItemPage(props: { c: StaffContext; view: ItemPageView; problems: FieldProblem[] }) {
  const { c, view, problems } = props;
  const { item } = view;
  const t = c.var.t;
  const openFindings = view.findings.filter((f) => f.status === 'open').length;
  const none = <span class="muted">{t('catalog.staff.item.none')}</span>;
  const labels = {
    ...itemFieldLabels(c),
    attachment: t('catalog.staff.attachments.file'),
    docx: t('catalog.staff.word.file'),
  };
  const meta: [string, unknown][] = [
    [t('catalog.staff.field.indexNumber'), item.index_number ?? t('catalog.staff.field.indexNumber_pending')],
    [t('catalog.staff.field.org'), item.orgName],
    [t('catalog.staff.field.formedOn'), item.formed_on ?? none],
    [t('catalog.staff.field.publishedOn'), item.published_on ?? none],
    [t('catalog.staff.field.docNumber'), item.doc_number ?? none],
    [t('catalog.staff.field.docType'), t(`catalog.staff.doc_type.${item.doc_type}`)],
    [t('catalog.staff.field.issuedOn'), item.issued_on ?? none],
    [t('catalog.staff.field.effectiveOn'), item.effective_on ?? none],
    [t('catalog.staff.field.amendedOn'), item.amended_on ?? none],
    [t('catalog.staff.field.abolishedOn'), item.abolished_on ?? none],
    [
      t('catalog.staff.field.validity_now'),
      view.validity ? t(`catalog.staff.validity.${view.validity}`) : none,
    ],
    [t('catalog.staff.field.subjectCategory'), item.subject_category ?? none],
    [t('catalog.staff.field.genre'), item.genre ?? none],
    [t('catalog.staff.field.keywords'), parseKeywords(item.keywords_json).join('、') || none],
    [t('catalog.staff.field.disclosureMethod'), item.disclosure_method],
    [t('catalog.staff.field.disclosureScope'), item.disclosure_scope],
    [t('catalog.staff.field.source'), item.source ?? none],
    [
      t('catalog.staff.field.columns'),
      view.columns.length ? view.columns.map((col) => columnName(c, col)).join('、') : none,
    ],
    [t('catalog.staff.item.version'), String(item.version)],
  ];
  return (
    <StaffPage
      c={c}
      title={item.title}
      hasError={problems.length > 0}
      breadcrumbs={itemCrumbs(c, null, item.title)}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <CatalogFlash
        c={c}
        allowed={[
          'created',
          'updated',
          'attachment_uploaded',
          'attachment_removed',
          'word_imported',
          'submitted',
          'approved',
          'returned',
          'published',
          'scheduled',
          'withdrawn',
        ]}
      />
      <h1>{item.title}</h1>
      <p>
        {t('catalog.staff.item.status')}：<StatusTag c={c} status={item.status} />
      </p>
      <ItemFlags c={c} item={item} openFindings={openFindings} />
      {item.status === 'draft' && item.review_decision === 'rejected' ? (
        <div class="notice notice-warning">
          <p>{t('catalog.staff.item.returned')}</p>
          {item.review_opinion ? (
            <p>{t('catalog.staff.item.review_opinion', { opinion: item.review_opinion })}</p>
          ) : null}
        </div>
      ) : null}
      {item.status === 'withdrawn' && item.withdrawal_reason ? (
        <p>{t('catalog.staff.item.withdrawal_reason', { reason: item.withdrawal_reason })}</p>
      ) : null}

      <h2>{t('catalog.staff.item.next_steps')}</h2>
      <ul class="item-actions">
        {view.may.edit ? (
          <li>
            <a href={`/staff/catalog/${item.id}/edit`}>{t('catalog.staff.item.edit')}</a>
          </li>
        ) : null}
        {view.findings.length > 0 ? (
          <li>
            <a href={`/staff/catalog/${item.id}/findings`}>{t('catalog.staff.item.findings_link')}</a>
          </li>
        ) : null}
        {view.may.review ? (
          <li>
            <a href={`/staff/catalog/${item.id}/review`}>{t('catalog.staff.item.review_link')}</a>
          </li>
        ) : null}
        {view.may.publish ? (
          <li>
            <a href={`/staff/catalog/${item.id}/publish`}>{t('catalog.staff.item.publish_link')}</a>
          </li>
        ) : null}
        {view.may.withdraw ? (
          <li>
            <a href={`/staff/catalog/${item.id}/withdraw`}>{t('catalog.staff.item.withdraw_link')}</a>
          </li>
        ) : null}
        <li>
          <a href={`/staff/catalog/${item.id}/revisions`}>{t('catalog.staff.item.revisions')}</a>
        </li>
        {view.publicUrl ? (
          <li>
            <a href={view.publicUrl}>{t('catalog.staff.item.public_link')}</a>
          </li>
        ) : null}
      </ul>
      {view.may.submit ? (
        <form method="post" action={`/staff/catalog/${item.id}/submit`} class="submit-form">
          <CsrfField c={c} />
          <p class="hint">{t('catalog.staff.item.submit_hint')}</p>
          <button type="submit">{t('catalog.staff.item.submit')}</button>
        </form>
      ) : null}

      <h2>{t('catalog.staff.item.metadata')}</h2>
      <dl class="item-meta">
        {meta.map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>{v as string}</dd>
          </>
        ))}
      </dl>
      <ul class="plain-list muted item-history">
        <li>
          {t('catalog.staff.item.created', {
            who: who(view, item.created_by),
            at: officeTime(c, item.created_at),
          })}
        </li>
        {item.submitted_at ? (
          <li>
            {t('catalog.staff.item.submitted', {
              who: who(view, item.submitted_by),
              at: officeTime(c, item.submitted_at),
            })}
          </li>
        ) : null}
        {item.reviewed_at ? (
          <li>
            {t('catalog.staff.item.reviewed', {
              who: who(view, item.reviewed_by),
              at: officeTime(c, item.reviewed_at),
            })}
            {item.review_opinion
              ? ` · ${t('catalog.staff.item.review_opinion', { opinion: item.review_opinion })}`
              : ''}
          </li>
        ) : null}
        {item.published_at ? (
          <li>
            {t('catalog.staff.item.published', {
              who: who(view, item.published_by),
              at: officeTime(c, item.published_at),
            })}
          </li>
        ) : null}
        {item.withdrawn_at ? (
          <li>
            {t('catalog.staff.item.withdrawn', {
              who: who(view, item.withdrawn_by),
              at: officeTime(c, item.withdrawn_at),
            })}
          </li>
        ) : null}
      </ul>

      {item.summary ? (
        <>
          <h2>{t('catalog.staff.field.summary')}</h2>
          <p>{item.summary}</p>
        </>
      ) : null}
      <h2>{t('catalog.staff.item.body_preview')}</h2>
      <div class="item-body">
        {/* Stored sanitised (body.rules.ts): the same HTML the public page shows. */}
        {item.body_html ? raw(item.body_html) : <p class="muted">{t('catalog.staff.item.no_body')}</p>}
      </div>

      <h2 id="attachments">{t('catalog.staff.attachments.title')}</h2>
      {view.attachments.length === 0 ? (
        <p class="empty-state">{t('catalog.staff.attachments.empty')}</p>
      ) : (
        <ul class="attachment-list">
          {view.attachments.map((a) => (
            <li>
              <a href={`/staff/catalog/${item.id}/attachments/${a.id}`}>{a.original_name}</a>{' '}
              <span class="muted">
                {a.extension.toUpperCase()} ·{' '}
                {t('catalog.staff.attachments.size', { size: Math.max(1, Math.round(a.size / 1024)) })}
              </span>
              {a.extraction_error ? (
                <span class="hint">
                  {' '}
                  {t('catalog.staff.attachments.text_failed', { reason: a.extraction_error })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {view.may.edit ? (
        <>
          <UploadForm
            c={c}
            action={`/staff/catalog/${item.id}/attachments`}
            name="attachment"
            label={labels.attachment}
            hint={t('catalog.staff.attachments.file_hint')}
            accept=".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"
            submit={t('catalog.staff.attachments.upload')}
            problems={problems}
          />
          <h2 id="word">{t('catalog.staff.word.title')}</h2>
          <UploadForm
            c={c}
            action={`/staff/catalog/${item.id}/word`}
            name="docx"
            label={labels.docx}
            hint={t('catalog.staff.word.file_hint')}
            accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            submit={t('catalog.staff.word.upload')}
            problems={problems}
          />
        </>
      ) : item.status !== 'draft' ? (
        <p class="muted">{t('catalog.staff.item.read_only')}</p>
      ) : null}
    </StaffPage>
  );
}

/** A one-file upload form: the file field with its hint and error, and its own submit button. */
function UploadForm(props: {
  c: StaffContext;
  action: string;
  name: string;
  label: string;
  hint: string;
  accept: string;
  submit: string;
  problems: readonly FieldProblem[];
}) {
  const { action, submit, ...field } = props;
  return (
    <form method="post" action={action} enctype="multipart/form-data" class="upload-form" novalidate>
      <CsrfField c={props.c} />
      <FileField {...field} />
      <button type="submit" class="secondary">
        {submit}
      </button>
    </form>
  );
}

function FileField(props: {
  c: StaffContext;
  name: string;
  label: string;
  hint: string;
  accept: string;
  problems: readonly FieldProblem[];
}) {
  const id = fieldId(props.name);
  const problem = problemFor(props.problems, props.name);
  return (
    <div class={problem ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      <span class="hint" id={`${id}-hint`}>
        {props.hint}
      </span>
      <FieldError c={props.c} problems={props.problems} name={props.name} label={props.label} />
      <input
        type="file"
        id={id}
        name={props.name}
        accept={props.accept}
        aria-describedby={problem ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={problem ? 'true' : undefined}
      />
    </div>
  );
}
