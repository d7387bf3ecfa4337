import type { FieldProblem } from '../../platform/errors.js';
import {
  CsrfField,
  ErrorSummary,
  TextField,
  fieldId,
  problemFor,
  problemText,
  type FormValues,
} from '../../staff/http/forms.js';
import { StaffPage } from '../../staff/http/staff-page.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import type { CatalogAttachment, CatalogItem, PiiFinding } from '../catalog.repository.js';
import { CatalogFlash, StatusTag, officeTime } from './catalog.staff.ui.js';
import type { RevisionRow } from './catalog.staff.repository.js';
import './catalog.staff.messages.js';

type ItemRef = Pick<CatalogItem, 'id' | 'title' | 'status'>;

function crumbs(c: StaffContext, item: ItemRef, last: string) {
  return [
    { href: '/staff/catalog', label: c.var.t('catalog.staff.title') },
    { href: `/staff/catalog/${item.id}`, label: item.title },
    { label: last },
  ];
}

function InlineError({
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

/** A radio group in the GOV.UK pattern: a fieldset whose legend is the question. */
function Radios(props: {
  c: StaffContext;
  name: string;
  legend: string;
  value: string | undefined;
  options: { value: string; label: string }[];
  problems: readonly FieldProblem[];
}) {
  const problem = problemFor(props.problems, props.name);
  return (
    <fieldset id={fieldId(props.name)} class={problem ? 'field field-error' : 'field'}>
      <legend>{props.legend}</legend>
      <InlineError c={props.c} problems={props.problems} name={props.name} label={props.legend} />
      {props.options.map((o) => (
        <div class="radio">
          <input
            type="radio"
            id={`${fieldId(props.name)}-${o.value}`}
            name={props.name}
            value={o.value}
            checked={props.value === o.value}
          />
          <label for={`${fieldId(props.name)}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------
// Personal-data findings

export interface FindingsView {
  item: ItemRef;
  findings: PiiFinding[];
  attachments: Map<number, CatalogAttachment>;
  userNames: Map<number, string>;
  mayDecide: boolean;
}

export function FindingsPage(props: {
  c: StaffContext;
  view: FindingsView;
  /** The finding whose form failed, with what was posted. */
  failed?: { findingId: number; values: FormValues; problems: FieldProblem[] };
}) {
  const { c, view, failed } = props;
  const t = c.var.t;
  const title = t('catalog.staff.findings.title', { title: view.item.title });
  const open = view.findings.filter((f) => f.status === 'open').length;
  const problems = failed?.problems ?? [];
  const labels: Record<string, string> = {};
  if (failed) {
    labels[`decision-${failed.findingId}`] = t('catalog.staff.findings.decision');
    labels[`confirm-${failed.findingId}`] = t('catalog.staff.findings.accept_confirm');
    labels[`note-${failed.findingId}`] = t('catalog.staff.findings.note');
  }
  // Problems of the use case name the plain fields; the page has one form per finding.
  const scoped: FieldProblem[] = failed
    ? problems.map((p) => ({
        ...p,
        field: /-\d+$/.test(p.field) ? p.field : `${p.field}-${failed.findingId}`,
      }))
    : [];
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={scoped.length > 0}
      breadcrumbs={crumbs(c, view.item, t('catalog.staff.item.findings_link'))}
    >
      <ErrorSummary c={c} problems={scoped} labels={labels} />
      <CatalogFlash c={c} allowed={['finding_decided', 'submitted']} />
      <h1>{title}</h1>
      <p>
        {t('catalog.staff.item.status')}：<StatusTag c={c} status={view.item.status} />
      </p>
      <p>{t('catalog.staff.findings.intro')}</p>
      {view.findings.length === 0 ? (
        <p class="notice" role="status">
          {t('catalog.staff.findings.none')}
        </p>
      ) : open > 0 ? (
        <p class="notice notice-warning" role="status">
          {t('catalog.staff.findings.open_count', { count: open })}
        </p>
      ) : (
        <p class="notice" role="status">
          {t('catalog.staff.findings.all_decided')}
        </p>
      )}
      <ol class="findings">
        {view.findings.map((f) => {
          const attachment = f.attachment_id !== null ? view.attachments.get(f.attachment_id) : undefined;
          const isFailed = failed?.findingId === f.id;
          const values = isFailed ? failed.values : {};
          return (
            <li class={`finding finding-${f.status}`} id={`finding-${f.id}`}>
              <dl class="item-meta">
                <dt>{t('catalog.staff.findings.kind')}</dt>
                <dd>{t(`catalog.staff.findings.kind.${f.kind}`)}</dd>
                <dt>{t('catalog.staff.findings.where')}</dt>
                <dd>
                  {t(`catalog.staff.findings.source.${f.source}`)}
                  {attachment ? `：${attachment.original_name}` : ''}
                </dd>
                <dt>{t('catalog.staff.findings.excerpt')}</dt>
                <dd>
                  <code class="excerpt">{f.excerpt_masked}</code>
                </dd>
                <dt>{t('catalog.staff.findings.decision')}</dt>
                <dd>
                  {t(`catalog.staff.findings.status.${f.status}`)}
                  {f.decided_at
                    ? ` · ${t('catalog.staff.findings.decided_by', {
                        who:
                          f.decided_by !== null
                            ? (view.userNames.get(f.decided_by) ?? `#${f.decided_by}`)
                            : '—',
                        at: officeTime(c, f.decided_at),
                      })}`
                    : ''}
                  {f.note ? ` · ${f.note}` : ''}
                </dd>
              </dl>
              {f.status === 'open' && view.mayDecide ? (
                <form method="post" action={`/staff/catalog/${view.item.id}/findings/${f.id}`} novalidate>
                  <CsrfField c={c} />
                  <Radios
                    c={c}
                    name={`decision-${f.id}`}
                    legend={t('catalog.staff.findings.decision')}
                    value={values[`decision-${f.id}`]}
                    options={[
                      ...(f.source === 'body'
                        ? [{ value: 'redact', label: t('catalog.staff.findings.redact') }]
                        : []),
                      { value: 'accept', label: t('catalog.staff.findings.accept') },
                    ]}
                    problems={scoped}
                  />
                  <div class={problemFor(scoped, `confirm-${f.id}`) ? 'field field-error' : 'field'}>
                    <InlineError
                      c={c}
                      problems={scoped}
                      name={`confirm-${f.id}`}
                      label={t('catalog.staff.findings.accept_confirm')}
                    />
                    <div class="checkbox-field">
                      <input
                        type="checkbox"
                        id={fieldId(`confirm-${f.id}`)}
                        name={`confirm-${f.id}`}
                        value="1"
                        checked={values[`confirm-${f.id}`] === '1'}
                      />
                      <label for={fieldId(`confirm-${f.id}`)}>
                        {t('catalog.staff.findings.accept_confirm')}
                      </label>
                    </div>
                  </div>
                  <TextField
                    c={c}
                    name={`note-${f.id}`}
                    label={t('catalog.staff.findings.note')}
                    hint={t('catalog.staff.findings.note_hint')}
                    value={values[`note-${f.id}`]}
                    problems={scoped}
                  />
                  <button type="submit">{t('catalog.staff.findings.decide')}</button>
                </form>
              ) : null}
            </li>
          );
        })}
      </ol>
      <p>
        <a href={`/staff/catalog/${view.item.id}`}>{t('catalog.staff.findings.back')}</a>
      </p>
    </StaffPage>
  );
}

// ---------------------------------------------------------------------------------------------
// 保密审查

export function ReviewPage(props: {
  c: StaffContext;
  item: CatalogItem;
  openFindings: number;
  /** Why this member may not review this item, when they may not (their own item). */
  refusal: string | null;
  values: FormValues;
  problems: FieldProblem[];
}) {
  const { c, item, problems, values } = props;
  const t = c.var.t;
  const title = t('catalog.staff.review.title', { title: item.title });
  const labels = { decision: t('catalog.staff.review.decision'), opinion: t('catalog.staff.review.opinion') };
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={crumbs(c, item, t('catalog.staff.item.review_link'))}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{title}</h1>
      <p>
        <a href={`/staff/catalog/${item.id}`}>{item.title}</a> · <StatusTag c={c} status={item.status} />
      </p>
      <p>
        <a href={`/staff/catalog/${item.id}/findings`}>{t('catalog.staff.item.findings_link')}</a>
      </p>
      {props.openFindings > 0 ? (
        <p class="notice notice-warning">
          {t('catalog.staff.review.findings_open', { count: props.openFindings })}
        </p>
      ) : null}
      {props.refusal ? (
        <div class="notice notice-warning" role="alert">
          <p>{props.refusal}</p>
        </div>
      ) : item.status !== 'submitted' ? (
        <p class="notice">{t('catalog.staff.review.not_submitted')}</p>
      ) : (
        <form method="post" action={`/staff/catalog/${item.id}/review`} novalidate>
          <CsrfField c={c} />
          <Radios
            c={c}
            name="decision"
            legend={labels.decision}
            value={values.decision}
            options={[
              { value: 'approve', label: t('catalog.staff.review.approve') },
              { value: 'reject', label: t('catalog.staff.review.return') },
            ]}
            problems={problems}
          />
          <TextField
            c={c}
            name="opinion"
            label={labels.opinion}
            hint={t('catalog.staff.review.opinion_hint')}
            multiline
            value={values.opinion}
            problems={problems}
          />
          <button type="submit">{t('catalog.staff.review.submit')}</button>
        </form>
      )}
    </StaffPage>
  );
}

// ---------------------------------------------------------------------------------------------
// Publish and withdraw

export function PublishPage(props: {
  c: StaffContext;
  item: CatalogItem;
  openFindings: number;
  lateWarning: boolean;
  values: FormValues;
  problems: FieldProblem[];
}) {
  const { c, item, problems, values } = props;
  const t = c.var.t;
  const title = t('catalog.staff.publish.title', { title: item.title });
  const labels = {
    when: t('catalog.staff.publish.when'),
    date: t('catalog.staff.publish.date'),
    time: t('catalog.staff.publish.time'),
  };
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={crumbs(c, item, t('catalog.staff.item.publish_link'))}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{title}</h1>
      {props.openFindings > 0 ? (
        <div class="notice notice-warning" role="alert">
          <p>{t('catalog.staff.findings.open_count', { count: props.openFindings })}</p>
          <p>
            <a href={`/staff/catalog/${item.id}/findings`}>{t('catalog.staff.item.findings_link')}</a>
          </p>
        </div>
      ) : null}
      {props.lateWarning ? (
        <p class="notice notice-warning">{t('catalog.staff.publish.late_warning')}</p>
      ) : null}
      {item.status === 'approved' && props.openFindings === 0 ? (
        <form method="post" action={`/staff/catalog/${item.id}/publish`} novalidate>
          <CsrfField c={c} />
          <Radios
            c={c}
            name="when"
            legend={labels.when}
            value={values.when ?? 'now'}
            options={[
              { value: 'now', label: t('catalog.staff.publish.now') },
              { value: 'later', label: t('catalog.staff.publish.later') },
            ]}
            problems={problems}
          />
          <TextField
            c={c}
            name="date"
            label={labels.date}
            hint={t('catalog.staff.field.date_hint')}
            value={values.date}
            problems={problems}
          />
          <TextField
            c={c}
            name="time"
            label={labels.time}
            hint={t('catalog.staff.publish.time_hint', { zone: c.var.deps.config.timeZone })}
            value={values.time}
            problems={problems}
          />
          <button type="submit">{t('catalog.staff.publish.submit')}</button>
        </form>
      ) : item.status !== 'approved' ? (
        <p class="notice">{t('catalog.staff.item.read_only')}</p>
      ) : null}
    </StaffPage>
  );
}

export function WithdrawPage(props: {
  c: StaffContext;
  item: CatalogItem;
  values: FormValues;
  problems: FieldProblem[];
}) {
  const { c, item, problems } = props;
  const t = c.var.t;
  const title = t('catalog.staff.withdraw.title', { title: item.title });
  const labels = { reason: t('catalog.staff.withdraw.reason') };
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={crumbs(c, item, t('catalog.staff.item.withdraw_link'))}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{title}</h1>
      <p>{t('catalog.staff.withdraw.intro')}</p>
      <form method="post" action={`/staff/catalog/${item.id}/withdraw`} novalidate>
        <CsrfField c={c} />
        <TextField
          c={c}
          name="reason"
          label={labels.reason}
          multiline
          value={props.values.reason}
          problems={problems}
        />
        <button type="submit" class="warning">
          {t('catalog.staff.withdraw.submit')}
        </button>
      </form>
    </StaffPage>
  );
}

// ---------------------------------------------------------------------------------------------
// Revisions

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export function RevisionsPage(props: {
  c: StaffContext;
  item: ItemRef;
  revisions: RevisionRow[];
  userNames: Map<number, string>;
  compare: { a: number; b: number; changes: FieldChange[] } | null;
}) {
  const { c, item, revisions, compare } = props;
  const t = c.var.t;
  const title = t('catalog.staff.revisions.title', { title: item.title });
  const actionLabel = (action: string) => {
    const key = `catalog.staff.revisions.action.${action}`;
    const text = t(key);
    return text === key ? action : text;
  };
  const options = revisions.map((r) => r.revision);
  const last = options[options.length - 1] ?? 1;
  const a = compare?.a ?? Math.max(1, last - 1);
  const b = compare?.b ?? last;
  return (
    <StaffPage c={c} title={title} breadcrumbs={crumbs(c, item, t('catalog.staff.item.revisions'))}>
      <h1>{title}</h1>
      <div class="table-wrap">
        <table>
          <caption>{t('catalog.staff.revisions.caption', { count: revisions.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('catalog.staff.revisions.revision')}</th>
              <th scope="col">{t('catalog.staff.revisions.action')}</th>
              <th scope="col">{t('catalog.staff.revisions.by')}</th>
              <th scope="col">{t('catalog.staff.revisions.at')}</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr>
                <td>{r.revision}</td>
                <td>{actionLabel(r.action)}</td>
                <td>
                  {r.created_by === null ? '—' : (props.userNames.get(r.created_by) ?? `#${r.created_by}`)}
                </td>
                <td>{officeTime(c, r.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revisions.length > 1 ? (
        <form method="get" action={`/staff/catalog/${item.id}/revisions`} class="filter-form">
          <h2>{t('catalog.staff.revisions.compare')}</h2>
          <div class="field">
            <label for="f-a">{t('catalog.staff.revisions.from')}</label>
            <select id="f-a" name="a">
              {options.map((n) => (
                <option value={String(n)} selected={n === a}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-b">{t('catalog.staff.revisions.to')}</label>
            <select id="f-b" name="b">
              {options.map((n) => (
                <option value={String(n)} selected={n === b}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            {t('catalog.staff.revisions.compare_button')}
          </button>
        </form>
      ) : null}
      {compare ? (
        <>
          <h2 id="diff">{t('catalog.staff.revisions.diff_title', { a: compare.a, b: compare.b })}</h2>
          {compare.changes.length === 0 ? (
            <p>{t('catalog.staff.revisions.no_diff')}</p>
          ) : (
            <div class="table-wrap">
              <table class="revision-diff">
                <thead>
                  <tr>
                    <th scope="col">{t('catalog.staff.revisions.field')}</th>
                    <th scope="col">{t('catalog.staff.revisions.before', { n: compare.a })}</th>
                    <th scope="col">{t('catalog.staff.revisions.before', { n: compare.b })}</th>
                  </tr>
                </thead>
                <tbody>
                  {compare.changes.map((ch) => (
                    <tr>
                      <th scope="row">{ch.field}</th>
                      <td>
                        <del>{ch.before}</del>
                      </td>
                      <td>
                        <ins>{ch.after}</ins>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </StaffPage>
  );
}
