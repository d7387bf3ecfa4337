import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../platform/http/env.js';
import type { FieldProblem } from '../../platform/errors.js';
import { PublicLayout, type Crumb } from '../../platform/ui/layout.js';
import {
  displayName,
  type PublicDirectory,
  type PublicOrgNode,
} from '../../orgs/http/orgs.public.presenter.js';
import { APPLICANT_TYPE_LABELS, APPLICANT_TYPES } from '../codes.js';
import { ID_DOCUMENT_TYPES } from '../applicant.rules.js';
import { DELIVERY_FORMS } from '../request-input.js';
import type { DraftAnswers, DraftAttachment } from './draft.public.js';
import { isNaturalPerson, PUBLIC_DELIVERY_METHODS, previousStep, type Step } from './apply.public.steps.js';
import {
  BackLink,
  CsrfInput,
  ErrorSummary,
  fieldId,
  Honeypot,
  problemFor,
  problemText,
  RadioGroup,
  TextInput,
} from './form.public.js';
import './apply.messages.js';

type C = Context<AppEnv>;

export const MAX_ATTACHMENT_MB = 5;

function crumbs(c: C, current?: string): Crumb[] {
  const t = c.var.t;
  return current
    ? [{ href: '/', label: t('nav.home') }, { href: '/apply', label: t('apply.crumb') }, { label: current }]
    : [{ href: '/', label: t('nav.home') }, { label: t('apply.crumb') }];
}

export function stepHref(step: Step, change: boolean): string {
  return `/apply/${step}${change ? '?change=1' : ''}`;
}

function langOfName(c: C, isChinese: boolean): string | undefined {
  return c.var.lang === 'en' && isChinese ? 'zh-CN' : undefined;
}

/** A one-question page: back link, error summary, the form (CSRF field, the question, continue). */
function QuestionPage(props: {
  c: C;
  step: Step;
  title: string;
  problems: readonly FieldProblem[];
  labels: Record<string, string>;
  change: boolean;
  multipart?: boolean;
  intro?: Child;
  children: Child;
}) {
  const { c, step } = props;
  const t = c.var.t;
  const prev = previousStep(step);
  return (
    <PublicLayout
      c={c}
      title={props.title}
      breadcrumbs={crumbs(c, props.title)}
      hasError={props.problems.length > 0}
    >
      <BackLink c={c} href={props.change ? '/apply/check' : prev ? `/apply/${prev}` : '/apply'} />
      <ErrorSummary c={c} problems={props.problems} labels={props.labels} />
      {props.intro}
      <form
        method="post"
        action={stepHref(step, props.change)}
        enctype={props.multipart ? 'multipart/form-data' : undefined}
        novalidate
      >
        <CsrfInput c={c} />
        {props.children}
        <button type="submit">{t('apply.continue')}</button>
      </form>
    </PublicLayout>
  );
}

/** `/apply`: what may be asked, what happens, the 20-working-day answer time, the way in. */
export function StartPage({ c, orgCode, hasDraft }: { c: C; orgCode: string | null; hasDraft: boolean }) {
  const t = c.var.t;
  const startHref = orgCode
    ? `/apply/organisation?org=${encodeURIComponent(orgCode)}`
    : '/apply/organisation';
  return (
    <PublicLayout c={c} title={t('apply.start.title')} breadcrumbs={crumbs(c)}>
      <h1>{t('apply.start.title')}</h1>
      <p class="lead">{t('apply.start.lead')}</p>
      <h2>{t('apply.start.what_h')}</h2>
      <p>{t('apply.start.what')}</p>
      <ul>
        <li>{t('apply.start.what_1')}</li>
        <li>{t('apply.start.what_2')}</li>
        <li>{t('apply.start.what_3')}</li>
      </ul>
      <p>{t('apply.start.not_for')}</p>
      <h2>{t('apply.start.need_h')}</h2>
      <ul>
        <li>{t('apply.start.need_1')}</li>
        <li>{t('apply.start.need_2')}</li>
        <li>{t('apply.start.need_3')}</li>
      </ul>
      <h2>{t('apply.start.next_h')}</h2>
      <p>{t('apply.start.next')}</p>
      <p>{t('apply.start.time')}</p>
      <p>
        <a class="button" href={startHref} role="button" draggable="false">
          {hasDraft ? t('apply.start.resume') : t('apply.start.button')}
        </a>
      </p>
      <p>{t('apply.start.guide_text')}</p>
      <ul>
        <li>
          <a href="/xxgk">{t('apply.start.guide_link')}</a>
        </li>
        <li>
          <a href="/search">{t('apply.start.search_link')}</a>
        </li>
        <li>
          <a href="/track">{t('apply.start.track_link')}</a>
        </li>
      </ul>
    </PublicLayout>
  );
}

interface OrgOption {
  code: string;
  label: string;
  isChinese: boolean;
}

function flatten(c: C, nodes: readonly PublicOrgNode[], depth = 0): OrgOption[] {
  return nodes.flatMap((n) => {
    const name = displayName(n, c.var.lang);
    return [
      { code: n.code, label: `${'　'.repeat(depth)}${name.text}`, isChinese: name.isChinese },
      ...flatten(c, n.children, depth + 1),
    ];
  });
}

export function groupedOrgOptions(c: C, directory: PublicDirectory, filter: string) {
  const q = filter.trim().toLowerCase();
  const keep = (o: OrgOption) => !q || o.label.toLowerCase().includes(q) || o.code.includes(q);
  return [
    {
      key: 'xxgk.group.government',
      options: flatten(c, directory.government ? [directory.government] : []).filter(keep),
    },
    { key: 'xxgk.group.department', options: flatten(c, directory.departments).filter(keep) },
    { key: 'xxgk.group.town', options: flatten(c, directory.towns).filter(keep) },
  ].filter((g) => g.options.length > 0);
}

export function OrganisationPage(props: {
  c: C;
  directory: PublicDirectory;
  value: string;
  filter: string;
  problems: FieldProblem[];
  change: boolean;
}) {
  const { c } = props;
  const t = c.var.t;
  const label = t('apply.org.question');
  const groups = groupedOrgOptions(c, props.directory, props.filter);
  const problem = problemFor(props.problems, 'orgCode');
  const id = fieldId('orgCode');
  return (
    <PublicLayout c={c} title={label} breadcrumbs={crumbs(c, label)} hasError={props.problems.length > 0}>
      <BackLink c={c} href={props.change ? '/apply/check' : '/apply'} />
      <ErrorSummary c={c} problems={props.problems} labels={{ orgCode: label }} />
      <form method="post" action={stepHref('organisation', props.change)} novalidate>
        <CsrfInput c={c} />
        <div class={problem ? 'field field-error' : 'field'}>
          <h1 class="question">
            <label for={id}>{label}</label>
          </h1>
          <span class="hint" id={`${id}-hint`}>
            {t('apply.org.hint')}
          </span>
          {problem ? (
            <span class="error-message" id={`${id}-error`}>
              <span class="visually-hidden">{t('apply.form.error_prefix')}</span>
              {problemText(t, problem, label)}
            </span>
          ) : null}
          {groups.length === 0 ? (
            <p class="notice" id={`${id}-none`}>
              {t('apply.org.no_match', { q: props.filter })}
            </p>
          ) : (
            <select
              id={id}
              name="orgCode"
              aria-describedby={[`${id}-hint`, problem ? `${id}-error` : ''].filter(Boolean).join(' ')}
              aria-invalid={problem ? 'true' : undefined}
            >
              <option value="">{t('apply.org.choose')}</option>
              {groups.map((g) => (
                <optgroup label={t(g.key)}>
                  {g.options.map((o) => (
                    <option
                      value={o.code}
                      selected={o.code === props.value}
                      lang={langOfName(c, o.isChinese)}
                    >
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </div>
        <button type="submit">{t('apply.continue')}</button>
      </form>
      <form
        method="get"
        action="/apply/organisation"
        class="filter-form"
        role="search"
        aria-labelledby="org-filter-h"
      >
        <h2 id="org-filter-h" class="filter-heading">
          {t('apply.org.filter_h')}
        </h2>
        {props.change ? <input type="hidden" name="change" value="1" /> : null}
        <div class="field">
          <label for="f-q">{t('apply.org.filter_label')}</label>
          <input type="search" id="f-q" name="q" value={props.filter} />
        </div>
        <button type="submit" class="secondary">
          {t('apply.org.filter_button')}
        </button>
        {props.filter ? (
          <a class="clear-link" href={props.change ? '/apply/organisation?change=1' : '/apply/organisation'}>
            {t('apply.org.filter_clear')}
          </a>
        ) : null}
      </form>
    </PublicLayout>
  );
}

export function ApplicantTypePage(props: { c: C; value: string; problems: FieldProblem[]; change: boolean }) {
  const { c } = props;
  const t = c.var.t;
  const label = t('apply.type.question');
  const lang = c.var.lang === 'en' ? 'en' : 'zh-CN';
  return (
    <QuestionPage
      c={c}
      step="applicant-type"
      title={label}
      problems={props.problems}
      labels={{ applicantType: label }}
      change={props.change}
    >
      <RadioGroup
        c={c}
        name="applicantType"
        label={label}
        isPageHeading
        hint={t('apply.type.hint')}
        value={props.value}
        problems={props.problems}
        choices={APPLICANT_TYPES.map((type) => ({
          value: type,
          label: APPLICANT_TYPE_LABELS[type][lang],
          hint: t(`apply.type.hint.${type}`),
        }))}
      />
    </QuestionPage>
  );
}

export function IdentityPage(props: {
  c: C;
  answers: DraftAnswers;
  values: Record<string, string>;
  problems: FieldProblem[];
  change: boolean;
}) {
  const { c, values, problems } = props;
  const t = c.var.t;
  const natural = isNaturalPerson(props.answers);
  const title = natural ? t('apply.identity.person_title') : t('apply.identity.org_title');
  const labels: Record<string, string> = natural
    ? {
        name: t('apply.identity.name'),
        idType: t('apply.identity.id_type'),
        idNumber: t('apply.identity.id_number'),
      }
    : {
        name: t('apply.identity.org_name'),
        creditCode: t('apply.identity.credit_code'),
        contactPerson: t('apply.identity.contact_person'),
      };
  return (
    <QuestionPage
      c={c}
      step="identity"
      title={title}
      problems={problems}
      labels={labels}
      change={props.change}
      intro={
        <>
          <h1>{title}</h1>
          <p>{natural ? t('apply.identity.person_lead') : t('apply.identity.org_lead')}</p>
        </>
      }
    >
      {natural ? (
        <>
          <TextInput
            c={c}
            name="name"
            label={labels.name!}
            value={values.name}
            autocomplete="name"
            problems={problems}
          />
          <RadioGroup
            c={c}
            name="idType"
            label={labels.idType!}
            value={values.idType || 'resident_id'}
            problems={problems}
            choices={ID_DOCUMENT_TYPES.map((type) => ({ value: type, label: t(`apply.id_type.${type}`) }))}
          />
          <TextInput
            c={c}
            name="idNumber"
            label={labels.idNumber!}
            hint={t('apply.identity.id_number_hint')}
            value={values.idNumber}
            autocomplete="off"
            spellcheck={false}
            maxlength={40}
            problems={problems}
          />
        </>
      ) : (
        <>
          <TextInput
            c={c}
            name="name"
            label={labels.name!}
            value={values.name}
            autocomplete="organization"
            problems={problems}
          />
          <TextInput
            c={c}
            name="creditCode"
            label={labels.creditCode!}
            hint={t('apply.identity.credit_code_hint')}
            value={values.creditCode}
            autocomplete="off"
            spellcheck={false}
            maxlength={30}
            problems={problems}
          />
          <TextInput
            c={c}
            name="contactPerson"
            label={labels.contactPerson!}
            value={values.contactPerson}
            autocomplete="name"
            problems={problems}
          />
        </>
      )}
    </QuestionPage>
  );
}

export function ContactPage(props: {
  c: C;
  values: Record<string, string>;
  problems: FieldProblem[];
  change: boolean;
}) {
  const { c, values, problems } = props;
  const t = c.var.t;
  const title = t('apply.contact.title');
  const labels = {
    phone: t('apply.contact.phone'),
    email: t('apply.contact.email'),
    address: t('apply.contact.address'),
    postcode: t('apply.contact.postcode'),
  };
  return (
    <QuestionPage
      c={c}
      step="contact"
      title={title}
      problems={problems}
      labels={labels}
      change={props.change}
      intro={
        <>
          <h1>{title}</h1>
          <p>{t('apply.contact.lead')}</p>
        </>
      }
    >
      <TextInput
        c={c}
        name="phone"
        label={labels.phone}
        hint={t('apply.contact.phone_hint')}
        type="tel"
        autocomplete="tel"
        value={values.phone}
        problems={problems}
      />
      <TextInput
        c={c}
        name="email"
        label={labels.email}
        optional
        hint={t('apply.contact.email_hint')}
        type="email"
        autocomplete="email"
        spellcheck={false}
        value={values.email}
        problems={problems}
      />
      <TextInput
        c={c}
        name="address"
        label={labels.address}
        hint={t('apply.contact.address_hint')}
        autocomplete="street-address"
        value={values.address}
        problems={problems}
      />
      <TextInput
        c={c}
        name="postcode"
        label={labels.postcode}
        optional
        autocomplete="postal-code"
        inputmode="numeric"
        maxlength={10}
        value={values.postcode}
        problems={problems}
      />
    </QuestionPage>
  );
}

export function InformationPage(props: {
  c: C;
  values: Record<string, string>;
  problems: FieldProblem[];
  change: boolean;
}) {
  const { c, values, problems } = props;
  const t = c.var.t;
  const title = t('apply.info.question');
  const labels = {
    description: title,
    docTitle: t('apply.info.doc_title'),
    docNumber: t('apply.info.doc_number'),
  };
  return (
    <QuestionPage
      c={c}
      step="information"
      title={title}
      problems={problems}
      labels={labels}
      change={props.change}
    >
      <TextInput
        c={c}
        name="description"
        label={title}
        isPageHeading
        hint={t('apply.info.hint')}
        multiline
        maxlength={5000}
        value={values.description}
        problems={problems}
      />
      <TextInput
        c={c}
        name="docTitle"
        label={labels.docTitle}
        optional
        hint={t('apply.info.doc_title_hint')}
        value={values.docTitle}
        problems={problems}
      />
      <TextInput
        c={c}
        name="docNumber"
        label={labels.docNumber}
        optional
        hint={t('apply.info.doc_number_hint')}
        value={values.docNumber}
        problems={problems}
      />
    </QuestionPage>
  );
}

export function DeliveryPage(props: {
  c: C;
  values: Record<string, string>;
  problems: FieldProblem[];
  change: boolean;
}) {
  const { c, values, problems } = props;
  const t = c.var.t;
  const title = t('apply.delivery.title');
  const labels = { deliveryForm: t('apply.delivery.form_q'), deliveryMethod: t('apply.delivery.method_q') };
  return (
    <QuestionPage
      c={c}
      step="delivery"
      title={title}
      problems={problems}
      labels={labels}
      change={props.change}
      intro={
        <>
          <h1>{title}</h1>
          <p>{t('apply.delivery.lead')}</p>
        </>
      }
    >
      <RadioGroup
        c={c}
        name="deliveryForm"
        label={labels.deliveryForm}
        value={values.deliveryForm}
        problems={problems}
        choices={DELIVERY_FORMS.map((f) => ({ value: f, label: t(`apply.delivery_form.${f}`) }))}
      />
      <RadioGroup
        c={c}
        name="deliveryMethod"
        label={labels.deliveryMethod}
        value={values.deliveryMethod}
        problems={problems}
        choices={PUBLIC_DELIVERY_METHODS.map((m) => ({
          value: m,
          label: t(`apply.delivery_method.${m}`),
          hint: t(`apply.delivery_method.${m}.hint`),
        }))}
      />
    </QuestionPage>
  );
}

export function AttachmentsPage(props: {
  c: C;
  attachments: readonly DraftAttachment[];
  problems: FieldProblem[];
  change: boolean;
}) {
  const { c, problems } = props;
  const t = c.var.t;
  const title = t('apply.files.title');
  const labels = { id_copy: t('apply.files.id_copy'), power_of_attorney: t('apply.files.power_of_attorney') };
  const fileField = (kind: 'id_copy' | 'power_of_attorney') => {
    const id = fieldId(kind);
    const problem = problemFor(problems, kind);
    const current = props.attachments.find((a) => a.kind === kind);
    return (
      <div class={problem ? 'field field-error' : 'field'}>
        <label for={id}>
          {labels[kind]}
          {t('apply.form.optional')}
        </label>
        <span class="hint" id={`${id}-hint`}>
          {t(`apply.files.${kind}_hint`)} {t('apply.files.limits', { mb: MAX_ATTACHMENT_MB })}
          {current ? ` ${t('apply.files.replace_hint', { name: current.name })}` : ''}
        </span>
        {problem ? (
          <span class="error-message" id={`${id}-error`}>
            <span class="visually-hidden">{t('apply.form.error_prefix')}</span>
            {problemText(t, problem, labels[kind])}
          </span>
        ) : null}
        <input
          type="file"
          id={id}
          name={kind}
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          aria-describedby={[`${id}-hint`, problem ? `${id}-error` : ''].filter(Boolean).join(' ')}
          aria-invalid={problem ? 'true' : undefined}
        />
      </div>
    );
  };
  return (
    <PublicLayout c={c} title={title} breadcrumbs={crumbs(c, title)} hasError={problems.length > 0}>
      <BackLink c={c} href={props.change ? '/apply/check' : '/apply/delivery'} />
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <h1>{title}</h1>
      <p>{t('apply.files.lead')}</p>
      {props.attachments.length > 0 ? (
        <>
          <h2>{t('apply.files.current_h')}</h2>
          <ul class="plain-list">
            {props.attachments.map((a) => (
              <li>
                {labels[a.kind]}：{a.name}（{formatSize(a.size)}）
                <form method="post" action="/apply/attachments/remove" class="inline-form">
                  <CsrfInput c={c} />
                  <input type="hidden" name="kind" value={a.kind} />
                  <button type="submit" class="secondary">
                    {t('apply.files.remove')}
                    <span class="visually-hidden"> {labels[a.kind]}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form
        method="post"
        action={stepHref('attachments', props.change)}
        enctype="multipart/form-data"
        novalidate
      >
        <CsrfInput c={c} />
        {fileField('id_copy')}
        {fileField('power_of_attorney')}
        <button type="submit">{t('apply.continue')}</button>
      </form>
    </PublicLayout>
  );
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export interface Suggestion {
  href: string;
  title: string;
  orgName: string;
  publishedOn: string;
}

export function SuggestionsPage({ c, suggestions }: { c: C; suggestions: readonly Suggestion[] }) {
  const t = c.var.t;
  const title = t('apply.suggest.title');
  return (
    <PublicLayout c={c} title={title} breadcrumbs={crumbs(c, title)}>
      <BackLink c={c} href="/apply/attachments" />
      <h1>{title}</h1>
      <p>{t('apply.suggest.lead')}</p>
      <ul class="item-list">
        {suggestions.map((s) => (
          <li>
            <a class="item-title" href={s.href}>
              {s.title}
            </a>
            <p class="item-facts">
              <span lang={c.var.lang === 'en' ? 'zh-CN' : undefined}>{s.orgName}</span>
              <span>{t('apply.suggest.published', { date: s.publishedOn })}</span>
            </p>
          </li>
        ))}
      </ul>
      <p>{t('apply.suggest.if_answered')}</p>
      <p>
        <a class="button" href="/apply/check" role="button" draggable="false">
          {t('apply.suggest.continue')}
        </a>
      </p>
    </PublicLayout>
  );
}

export interface CheckRow {
  key: string;
  label: string;
  value: string | string[];
  step: Step;
  /** Chinese text (an organisation's name) on an English page. */
  lang?: string | undefined;
}

export function CheckPage(props: {
  c: C;
  rows: readonly CheckRow[];
  problems: FieldProblem[];
  general?: string | undefined;
}) {
  const { c } = props;
  const t = c.var.t;
  const title = t('apply.check.title');
  const labels = Object.fromEntries(props.rows.map((r) => [r.key, r.label]));
  const hrefs = Object.fromEntries(props.rows.map((r) => [r.key, stepHref(r.step, true)]));
  return (
    <PublicLayout
      c={c}
      title={title}
      breadcrumbs={crumbs(c, title)}
      hasError={props.problems.length > 0 || Boolean(props.general)}
    >
      <BackLink c={c} href="/apply/attachments" />
      <ErrorSummary c={c} problems={props.problems} labels={labels} hrefs={hrefs} general={props.general} />
      <h1>{title}</h1>
      <dl class="facts summary-list">
        {props.rows.map((r) => (
          <>
            <dt>{r.label}</dt>
            <dd>
              {Array.isArray(r.value) ? (
                r.value.length ? (
                  <ul class="plain-list">
                    {r.value.map((v) => (
                      <li>{v}</li>
                    ))}
                  </ul>
                ) : (
                  t('apply.check.none')
                )
              ) : (
                <span class="prewrap" lang={r.lang}>
                  {r.value || t('apply.check.none')}
                </span>
              )}{' '}
              <a href={stepHref(r.step, true)}>
                {t('apply.check.change')}
                <span class="visually-hidden"> {r.label}</span>
              </a>
            </dd>
          </>
        ))}
      </dl>
      <h2>{t('apply.check.declare_h')}</h2>
      <p>{t('apply.check.declare')}</p>
      <form method="post" action="/apply/submit" novalidate>
        <CsrfInput c={c} />
        <Honeypot c={c} />
        <button type="submit">{t('apply.check.submit')}</button>
      </form>
    </PublicLayout>
  );
}

export interface Confirmation {
  reference: string;
  queryCode: string;
  orgName: string;
  orgNameIsChinese: boolean;
  receivedOn: string;
  dueOn: string | null;
  isProvisional: boolean;
  hasEmail: boolean;
}

export function ConfirmationPage({ c, confirmation: k }: { c: C; confirmation: Confirmation }) {
  const t = c.var.t;
  const title = t('apply.done.title');
  return (
    <PublicLayout c={c} title={title} breadcrumbs={crumbs(c, title)}>
      <div class="panel confirmation" role="status">
        <h1>{title}</h1>
        <p>
          {t('apply.done.reference')}
          <br />
          <strong class="reference">{k.reference}</strong>
        </p>
      </div>
      <div class="password-once">
        <h2>{t('apply.done.query_code_h')}</h2>
        <p>
          <code>{k.queryCode}</code>
        </p>
        <p>
          <strong>{t('apply.done.query_code_once')}</strong>
        </p>
      </div>
      <dl class="facts">
        <dt>{t('apply.done.org')}</dt>
        <dd lang={langOfName(c, k.orgNameIsChinese)}>{k.orgName}</dd>
        <dt>{t('apply.done.received_on')}</dt>
        <dd>{k.receivedOn}</dd>
        <dt>{t('apply.done.due_on')}</dt>
        <dd>
          {k.dueOn ?? t('apply.done.due_unknown')}
          {k.isProvisional ? <span class="hint">{t('apply.done.provisional')}</span> : null}
        </dd>
      </dl>
      <h2>{t('apply.done.next_h')}</h2>
      <p>{t('apply.done.next_1', { date: k.receivedOn })}</p>
      <p>{k.dueOn ? t('apply.done.next_2', { date: k.dueOn }) : t('apply.done.due_unknown')}</p>
      <p>{t('apply.done.next_3')}</p>
      <p>{k.hasEmail ? t('apply.done.mail_yes') : t('apply.done.mail_no')}</p>
      <p>
        <a href="/track">{t('apply.done.track_link')}</a>
      </p>
      <form method="post" action="/apply/new" class="inline-form">
        <CsrfInput c={c} />
        <button type="submit" class="secondary">
          {t('apply.done.another')}
        </button>
      </form>
    </PublicLayout>
  );
}

/** Shown when the honeypot was filled in: no reason given, nothing stored. */
export function NotAcceptedPage({ c }: { c: C }) {
  const t = c.var.t;
  return (
    <PublicLayout c={c} title={t('apply.refused.title')} breadcrumbs={crumbs(c, t('apply.refused.title'))}>
      <h1>{t('apply.refused.title')}</h1>
      <p>{t('apply.refused.text')}</p>
      <p>
        <a href="/apply">{t('apply.refused.again')}</a>
      </p>
    </PublicLayout>
  );
}
