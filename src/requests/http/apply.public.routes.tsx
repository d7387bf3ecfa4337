import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError, isAppError, type FieldProblem } from '../../platform/errors.js';
import { anonymousPrincipal } from '../../platform/auth/principal.js';
import { requestMetaOf } from '../../platform/http/request-meta.js';
import type { UseCaseContext } from '../../platform/use-case.js';
import { CSRF_FIELD } from '../../platform/http/csrf.js';
import { createSearchIndex } from '../../platform/search/search-index.js';
import { queryTerms } from '../../platform/search/text-pipeline.js';
import {
  displayName,
  loadPublicDirectory,
  type PublicDirectory,
  type PublicOrgNode,
} from '../../orgs/http/orgs.public.presenter.js';
import { APPLICANT_TYPE_LABELS } from '../codes.js';
import { findHoldingOrg } from '../application-log.js';
import { findApplicantOf, findApplicationById, findSettingValue } from '../requests.repository.js';
import { submitOnlineApplication } from '../submit-online-application.js';
import {
  discardDraft,
  loadDraft,
  markSubmitted,
  requestDepsFor,
  saveAnswers,
  type DraftAnswers,
  type LoadedDraft,
} from './draft.public.js';
import {
  applicantOf,
  checkApplicantType,
  checkContact,
  checkDelivery,
  checkIdentity,
  checkInformation,
  checkOrganisation,
  firstMissingStep,
  isNaturalPerson,
  STEPS,
  type Step,
  type StepResult,
} from './apply.public.steps.js';
import {
  ApplicantTypePage,
  AttachmentsPage,
  CheckPage,
  ConfirmationPage,
  ContactPage,
  DeliveryPage,
  IdentityPage,
  InformationPage,
  NotAcceptedPage,
  OrganisationPage,
  StartPage,
  SuggestionsPage,
  type CheckRow,
  type Suggestion,
} from './apply.public.pages.js';
import { HONEYPOT_FIELD } from './form.public.js';
import { acceptUpload } from './uploads.public.js';
import {
  countSubmitAttemptsSince,
  pruneSubmitAttempts,
  recordSubmitAttempt,
} from './drafts.public.repository.js';
import './apply.messages.js';

type C = Context<AppEnv>;

/**
 * The rate limit of online submissions per client address, per hour. Staff change it in the
 * requests settings (request_settings, key below); the default suits an office where many people
 * share one address (a library, a service hall).
 */
export const SUBMIT_LIMIT_SETTING = 'online_submissions_per_address_per_hour';
export const DEFAULT_SUBMIT_LIMIT_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

function anonymousContext(c: C): UseCaseContext {
  return {
    database: c.var.deps.database,
    principal: anonymousPrincipal(),
    meta: requestMetaOf(c),
    now: c.var.deps.clock.now(),
  };
}

async function readForm(c: C): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key !== CSRF_FIELD && typeof value === 'string') out[key] = value;
  }
  return out;
}

function isChange(c: C): boolean {
  return c.req.query('change') === '1';
}

function activeCodes(directory: PublicDirectory): Set<string> {
  const codes = new Set<string>();
  const walk = (nodes: readonly PublicOrgNode[]) =>
    nodes.forEach((n) => {
      codes.add(n.code);
      walk(n.children);
    });
  walk([
    ...(directory.government ? [directory.government] : []),
    ...directory.departments,
    ...directory.towns,
  ]);
  return codes;
}

function findNode(directory: PublicDirectory, code: string): PublicOrgNode | undefined {
  let found: PublicOrgNode | undefined;
  const walk = (nodes: readonly PublicOrgNode[]) =>
    nodes.forEach((n) => {
      if (n.code === code) found = n;
      walk(n.children);
    });
  walk([
    ...(directory.government ? [directory.government] : []),
    ...directory.departments,
    ...directory.towns,
  ]);
  return found;
}

/** A visitor on a page whose earlier questions are unanswered is sent to the first of them. */
function guardStep(answers: DraftAnswers, step: Step | 'suggestions' | 'check'): string | null {
  const missing = firstMissingStep(answers);
  if (!missing) return null;
  if (step !== 'suggestions' && step !== 'check' && STEPS.indexOf(missing) >= STEPS.indexOf(step))
    return null;
  return `/apply/${missing}`;
}

/** Where to go after a page is saved: the first question left, else suggestions (or back to check). */
function nextAfterSave(answers: DraftAnswers, change: boolean): string {
  const missing = firstMissingStep(answers);
  if (missing) return `/apply/${missing}${change ? '?change=1' : ''}`;
  return change ? '/apply/check' : '/apply/suggestions';
}

/** The page's current values: what is saved, as strings. */
function savedValues(a: DraftAnswers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (typeof v === 'string') out[k] = v;
  return out;
}

async function renderStep(
  c: C,
  step: Exclude<Step, 'organisation' | 'attachments'>,
  answers: DraftAnswers,
  values: Record<string, string>,
  problems: FieldProblem[],
) {
  const change = isChange(c);
  const status = problems.length ? 400 : 200;
  switch (step) {
    case 'applicant-type':
      return c.html(
        <ApplicantTypePage c={c} value={values.applicantType ?? ''} problems={problems} change={change} />,
        status,
      );
    case 'identity':
      return c.html(
        <IdentityPage c={c} answers={answers} values={values} problems={problems} change={change} />,
        status,
      );
    case 'contact':
      return c.html(<ContactPage c={c} values={values} problems={problems} change={change} />, status);
    case 'information':
      return c.html(<InformationPage c={c} values={values} problems={problems} change={change} />, status);
    case 'delivery':
      return c.html(<DeliveryPage c={c} values={values} problems={problems} change={change} />, status);
  }
}

function checkStep(
  step: Exclude<Step, 'organisation' | 'attachments'>,
  form: Record<string, string>,
  a: DraftAnswers,
): StepResult {
  switch (step) {
    case 'applicant-type':
      return checkApplicantType(form);
    case 'identity':
      return checkIdentity(form, a);
    case 'contact':
      return checkContact(form, a);
    case 'information':
      return checkInformation(form);
    case 'delivery':
      return checkDelivery(form, a);
  }
}

async function findSuggestions(c: C, answers: DraftAnswers): Promise<Suggestion[]> {
  const text = [answers.docTitle, answers.description].filter(Boolean).join(' ').slice(0, 500);
  if (!text) return [];
  try {
    const database = c.var.deps.database;
    const index = createSearchIndex(database);
    // The index requires every term of a query; a citizen's sentence rarely matches whole, so when it
    // finds nothing, ask again with its three, two, then one most specific (longest) terms.
    const terms = queryTerms(text).sort((a, b) => b.length - a.length);
    const queries = [
      text,
      ...[3, 2, 1].filter((n) => terms.length > n || n === 1).map((n) => terms.slice(0, n).join(' ')),
    ];
    let hits: Awaited<ReturnType<typeof index.search>>['hits'] = [];
    for (const query of queries) {
      if (!query) continue;
      hits = (await index.search(database.db, { text: query, limit: 5 })).hits;
      if (hits.length > 0) break;
    }
    const result = { hits };
    if (result.hits.length === 0) return [];
    const directory = await loadPublicDirectory(database.db);
    return result.hits.slice(0, 5).map((hit) => {
      const org = findNode(directory, hit.orgCode);
      return {
        href: `/xxgk/${encodeURIComponent(hit.orgCode)}/items/${encodeURIComponent(hit.indexNumber)}`,
        title: hit.title,
        orgName: org ? displayName(org, c.var.lang).text : hit.orgCode,
        publishedOn: hit.publishedOn,
      };
    });
  } catch (err) {
    // The suggestions are a courtesy: a search failure must not stop an application.
    c.var.log.warn({ err }, 'catalog suggestions failed');
    return [];
  }
}

function checkRows(c: C, a: DraftAnswers, directory: PublicDirectory): CheckRow[] {
  const t = c.var.t;
  const lang = c.var.lang === 'en' ? 'en' : 'zh-CN';
  const org = a.orgCode ? findNode(directory, a.orgCode) : undefined;
  const orgName = org ? displayName(org, c.var.lang) : null;
  const natural = isNaturalPerson(a);
  const rows: CheckRow[] = [
    {
      key: 'orgCode',
      label: t('apply.check.org'),
      value: orgName?.text ?? a.orgCode ?? '',
      step: 'organisation',
      lang: orgName?.isChinese && c.var.lang === 'en' ? 'zh-CN' : undefined,
    },
    {
      key: 'type',
      label: t('apply.check.type'),
      value: a.applicantType ? APPLICANT_TYPE_LABELS[a.applicantType][lang] : '',
      step: 'applicant-type',
    },
  ];
  if (natural) {
    rows.push(
      { key: 'name', label: t('apply.identity.name'), value: a.name ?? '', step: 'identity' },
      {
        key: 'idNumber',
        label: t('apply.check.id'),
        value: a.idType ? `${t(`apply.id_type.${a.idType}`)} ${a.idNumber ?? ''}` : '',
        step: 'identity',
      },
    );
  } else {
    rows.push(
      { key: 'name', label: t('apply.identity.org_name'), value: a.name ?? '', step: 'identity' },
      {
        key: 'creditCode',
        label: t('apply.identity.credit_code'),
        value: a.creditCode ?? '',
        step: 'identity',
      },
      {
        key: 'contactPerson',
        label: t('apply.identity.contact_person'),
        value: a.contactPerson ?? '',
        step: 'identity',
      },
    );
  }
  rows.push(
    { key: 'phone', label: t('apply.contact.phone'), value: a.phone ?? '', step: 'contact' },
    { key: 'email', label: t('apply.contact.email'), value: a.email ?? '', step: 'contact' },
    {
      key: 'address',
      label: t('apply.contact.address'),
      value: [a.address, a.postcode].filter(Boolean).join(' '),
      step: 'contact',
    },
    {
      key: 'description',
      label: t('apply.check.description'),
      value: a.description ?? '',
      step: 'information',
    },
    { key: 'docTitle', label: t('apply.info.doc_title'), value: a.docTitle ?? '', step: 'information' },
    { key: 'docNumber', label: t('apply.info.doc_number'), value: a.docNumber ?? '', step: 'information' },
    {
      key: 'deliveryForm',
      label: t('apply.delivery.form_q'),
      value: a.deliveryForm ? t(`apply.delivery_form.${a.deliveryForm}`) : '',
      step: 'delivery',
    },
    {
      key: 'deliveryMethod',
      label: t('apply.delivery.method_q'),
      value: a.deliveryMethod ? t(`apply.delivery_method.${a.deliveryMethod}`) : '',
      step: 'delivery',
    },
    {
      key: 'attachments',
      label: t('apply.check.attachments'),
      value: (a.attachments ?? []).map((f) => `${t(`apply.files.${f.kind}`)}：${f.name}`),
      step: 'attachments',
    },
  );
  return rows;
}

/** Field names of the use case's problems mapped to the rows of the check page. */
function checkProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  const rename: Record<string, string> = {
    'applicant.type': 'type',
    'applicant.name': 'name',
    'applicant.idType': 'idNumber',
    'applicant.idNumber': 'idNumber',
    'applicant.creditCode': 'creditCode',
    'applicant.contactPerson': 'contactPerson',
    'applicant.phone': 'phone',
    'applicant.email': 'email',
    'applicant.address': 'address',
    'applicant.postcode': 'address',
  };
  return problems.map((p) => ({ ...p, field: rename[p.field] ?? p.field }));
}

async function renderCheck(
  c: C,
  answers: DraftAnswers,
  problems: FieldProblem[],
  general?: string,
  status: 200 | 400 | 429 = 200,
) {
  const directory = await loadPublicDirectory(c.var.deps.database.db);
  return c.html(
    <CheckPage c={c} rows={checkRows(c, answers, directory)} problems={problems} general={general} />,
    problems.length || general ? (status === 200 ? 400 : status) : 200,
  );
}

async function submitLimit(c: C): Promise<number> {
  const v = await findSettingValue(c.var.deps.database.db, SUBMIT_LIMIT_SETTING);
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : DEFAULT_SUBMIT_LIMIT_PER_HOUR;
}

/** Counts this post against the address's hourly budget; true when the budget was already spent. */
async function isOverSubmitLimit(c: C): Promise<boolean> {
  const db = c.var.deps.database.db;
  const now = c.var.deps.clock.now();
  const ipKey = requestMetaOf(c).ip ?? 'unknown';
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  const count = await countSubmitAttemptsSince(db, ipKey, since);
  if (count >= (await submitLimit(c))) return true;
  await recordSubmitAttempt(db, ipKey, now.toISOString());
  // Old rows are of no use to the limit: drop those older than a day.
  await pruneSubmitAttempts(db, new Date(now.getTime() - 24 * HOUR_MS).toISOString());
  return false;
}

/** `/apply/...`: the online application (网络申请), one question per page, no account needed. */
export function applyPublicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/apply', async (c) => {
    const draft = await loadDraft(c);
    const org = c.req.query('org');
    return c.html(
      <StartPage
        c={c}
        orgCode={org && /^[a-z0-9-]{2,40}$/.test(org) ? org : null}
        hasDraft={Boolean(draft && !draft.row.application_id)}
      />,
    );
  });

  app.get('/apply/organisation', async (c) => {
    const draft = await loadDraft(c);
    const answers = draft && !draft.row.application_id ? draft.answers : {};
    const directory = await loadPublicDirectory(c.var.deps.database.db);
    const preselect = c.req.query('org') ?? '';
    const value = answers.orgCode ?? (activeCodes(directory).has(preselect) ? preselect : '');
    const filter = (c.req.query('q') ?? '').slice(0, 50);
    return c.html(
      <OrganisationPage
        c={c}
        directory={directory}
        value={value}
        filter={filter}
        problems={[]}
        change={isChange(c)}
      />,
    );
  });

  app.post('/apply/organisation', async (c) => {
    const draft = await loadDraft(c);
    const form = await readForm(c);
    const directory = await loadPublicDirectory(c.var.deps.database.db);
    const result = checkOrganisation(form, activeCodes(directory));
    if (result.problems.length) {
      return c.html(
        <OrganisationPage
          c={c}
          directory={directory}
          value={result.values.orgCode ?? ''}
          filter=""
          problems={result.problems}
          change={isChange(c)}
        />,
        400,
      );
    }
    const answers = await saveAnswers(c, draft, result.changes);
    return c.redirect(nextAfterSave(answers, isChange(c)), 303);
  });

  for (const step of ['applicant-type', 'identity', 'contact', 'information', 'delivery'] as const) {
    app.get(`/apply/${step}`, async (c) => {
      const draft = await loadDraft(c);
      const answers = draft && !draft.row.application_id ? draft.answers : {};
      const redirect = guardStep(answers, step);
      if (redirect) return c.redirect(redirect, 303);
      return renderStep(c, step, answers, savedValues(answers), []);
    });
    app.post(`/apply/${step}`, async (c) => {
      const draft = await loadDraft(c);
      const answers = draft && !draft.row.application_id ? draft.answers : {};
      const redirect = guardStep(answers, step);
      if (redirect) return c.redirect(redirect, 303);
      const result = checkStep(step, await readForm(c), answers);
      if (result.problems.length) return renderStep(c, step, answers, result.values, result.problems);
      const saved = await saveAnswers(c, draft, result.changes);
      return c.redirect(nextAfterSave(saved, isChange(c)), 303);
    });
  }

  app.get('/apply/attachments', async (c) => {
    const draft = await loadDraft(c);
    const answers = draft && !draft.row.application_id ? draft.answers : {};
    const redirect = guardStep(answers, 'attachments');
    if (redirect) return c.redirect(redirect, 303);
    return c.html(
      <AttachmentsPage c={c} attachments={answers.attachments ?? []} problems={[]} change={isChange(c)} />,
    );
  });

  app.post('/apply/attachments', async (c) => {
    const draft = await loadDraft(c);
    const answers = draft && !draft.row.application_id ? draft.answers : {};
    const redirect = guardStep(answers, 'attachments');
    if (redirect) return c.redirect(redirect, 303);
    const body = await c.req.parseBody();
    const attachments = [...(answers.attachments ?? [])];
    const problems: FieldProblem[] = [];
    for (const kind of ['id_copy', 'power_of_attorney'] as const) {
      const file = body[kind];
      if (!(file instanceof File) || file.size === 0) continue;
      const accepted = await acceptUpload(c, kind, file);
      if ('field' in accepted) problems.push(accepted);
      else attachments.splice(0, attachments.length, ...attachments.filter((a) => a.kind !== kind), accepted);
    }
    if (problems.length) {
      // Files that passed are kept, so only the refused one has to be chosen again.
      const kept = await saveAnswers(c, draft, { attachments });
      return c.html(
        <AttachmentsPage
          c={c}
          attachments={kept.attachments ?? []}
          problems={problems}
          change={isChange(c)}
        />,
        400,
      );
    }
    const saved = await saveAnswers(c, draft, { attachments, attachmentsDone: true });
    return c.redirect(nextAfterSave(saved, isChange(c)), 303);
  });

  app.post('/apply/attachments/remove', async (c) => {
    const draft = await loadDraft(c);
    const form = await readForm(c);
    if (draft && !draft.row.application_id) {
      await saveAnswers(c, draft, {
        attachments: (draft.answers.attachments ?? []).filter((a) => a.kind !== form.kind),
      });
    }
    return c.redirect('/apply/attachments', 303);
  });

  app.get('/apply/suggestions', async (c) => {
    const draft = await loadDraft(c);
    const answers = draft && !draft.row.application_id ? draft.answers : {};
    const redirect = guardStep(answers, 'suggestions');
    if (redirect) return c.redirect(redirect, 303);
    const suggestions = await findSuggestions(c, answers);
    if (suggestions.length === 0) return c.redirect('/apply/check', 303);
    return c.html(<SuggestionsPage c={c} suggestions={suggestions} />);
  });

  app.get('/apply/check', async (c) => {
    const draft = await loadDraft(c);
    if (draft?.row.application_id) return c.redirect('/apply/confirmation', 303);
    const answers = draft?.answers ?? {};
    const redirect = guardStep(answers, 'check');
    if (redirect) return c.redirect(redirect, 303);
    return renderCheck(c, answers, []);
  });

  app.post('/apply/submit', async (c) => {
    const draft = await loadDraft(c);
    if (draft?.row.application_id) return c.redirect('/apply/confirmation', 303);
    const answers = draft?.answers ?? {};
    const redirect = guardStep(answers, 'check');
    if (!draft || redirect) return c.redirect(redirect ?? '/apply', 303);
    const form = await readForm(c);
    if (await isOverSubmitLimit(c)) {
      return renderCheck(c, answers, [], c.var.t('apply.error.rate_limited'), 429);
    }
    if ((form[HONEYPOT_FIELD] ?? '') !== '') {
      // A bot filled the hidden field: nothing is submitted and nothing says why.
      c.var.log.warn({ path: c.req.path }, 'online application refused: honeypot filled');
      await discardDraft(c, draft);
      return c.html(<NotAcceptedPage c={c} />);
    }
    try {
      const submitted = await submitOnlineApplication(anonymousContext(c), requestDepsFor(c), {
        orgCode: answers.orgCode!,
        description: answers.description!,
        docTitle: answers.docTitle ?? null,
        docNumber: answers.docNumber ?? null,
        purpose: null,
        deliveryForm: answers.deliveryForm!,
        deliveryMethod: answers.deliveryMethod!,
        applicant: applicantOf(answers) as Parameters<typeof submitOnlineApplication>[2]['applicant'],
        attachments: (answers.attachments ?? []).map((a) => ({
          kind: a.kind,
          storageKey: a.storageKey,
          name: a.name,
          contentType: a.contentType,
          size: a.size,
        })),
        clientToken: draft.row.client_token,
      });
      await markSubmitted(c, draft, submitted.applicationId);
      return c.redirect('/apply/confirmation', 303);
    } catch (err) {
      if (isAppError(err) && err.code === 'VALIDATION') {
        return renderCheck(c, answers, checkProblems(err.details.fields ?? []));
      }
      throw err;
    }
  });

  app.get('/apply/confirmation', async (c) => {
    const draft = await loadDraft(c);
    if (!draft?.row.application_id) return c.redirect('/apply', 303);
    const db = c.var.deps.database.db;
    const application = await findApplicationById(db, draft.row.application_id);
    if (!application) throw new AppError('NOT_FOUND', 'Application not found');
    const org = await findHoldingOrg(db, application.org_id);
    const directory = await loadPublicDirectory(db);
    const node = findNode(directory, org.code);
    const name = node ? displayName(node, c.var.lang) : { text: org.name, isChinese: true };
    const applicant = await findApplicantOf(db, application.id);
    return c.html(
      <ConfirmationPage
        c={c}
        confirmation={{
          reference: application.reference,
          // Derived again from the draft's one-time token (only its hash is stored with the application).
          queryCode: requestDepsFor(c).secrets.deriveQueryCode(draft.row.client_token),
          orgName: name.text,
          orgNameIsChinese: name.isChinese,
          receivedOn: application.received_on,
          dueOn: application.due_on,
          isProvisional: application.is_provisional === 1,
          hasEmail: Boolean(applicant?.email),
        }}
      />,
    );
  });

  app.post('/apply/new', async (c) => {
    await discardDraft(c, await loadDraft(c));
    return c.redirect('/apply', 303);
  });

  return app;
}

export type { LoadedDraft };
