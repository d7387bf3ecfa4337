import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../platform/http/env.js';
import { AppError, isAppError, type FieldProblem } from '../../platform/errors.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import { CSRF_FIELD } from '../../platform/http/csrf.js';
import { can, scopeOf } from '../../platform/auth/permissions.rules.js';
import { hasMessage } from '../../platform/i18n/i18n.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { formProblemsOf, type FormValues } from '../../staff/http/forms.js';
import { requireStaff, useCaseContextOf, type StaffContext } from '../../staff/http/staff-context.js';
import { assertAnyScope, listOrgChoices } from '../../staff/http/scope.js';
import { hasAnyScope } from '../../staff/http/staff-page.js';
import { formatInstant, isCalendarDate } from '../../staff/http/format.js';
import { loadWorkingCalendar } from '../../calendar/calendar.repository.js';
import { requestDepsOf, type RequestDeps } from '../request-deps.js';
import type { FileInput } from '../request-input.js';
import { findHoldingOrg, parsePayload, readDueSoonWorkdays, toRuleEvents } from '../application-log.js';
import { deriveApplicationState } from '../application-state.rules.js';
import type { ReceiptDecision } from '../receipt.rules.js';
import { presentApplicationForStaff } from '../application.presenter.js';
import {
  countApplicationsByStatus,
  countApplicationsForStaff,
  findApplicantOf,
  findApplicationByReference,
  findFileById,
  listAnswerGrounds,
  listAppealsOf,
  listApplicationsForStaff,
  listEventsOf,
  listFilesOf,
  listLetterTemplateRows,
  listOrgIdsUnder,
  type ApplicationRow,
  type CaseListFilter as RepoFilter,
} from '../requests.repository.js';
import { APPLICANT_TYPES, APPLICATION_STATUSES, CHANNELS, isOutcome } from '../codes.js';
import { registerOfflineApplication } from '../register-offline-application.js';
import { answerOnTheSpot } from '../answer-on-the-spot.js';
import { acceptAndAssign } from '../accept-and-assign.js';
import { transferApplication } from '../transfer-application.js';
import { requestCorrection } from '../request-correction.js';
import { receiveCorrection } from '../receive-correction.js';
import { closeForNoCorrection } from '../close-for-no-correction.js';
import { startConsultation } from '../start-consultation.js';
import { endConsultation } from '../end-consultation.js';
import { requestExtension } from '../request-extension.js';
import { approveExtension } from '../approve-extension.js';
import { notifyFee } from '../notify-fee.js';
import { recordFeePayment } from '../record-fee-payment.js';
import { closeForFeeUnpaid } from '../close-for-fee-unpaid.js';
import { answerApplication, buildAnswerEvent, answerFields } from '../answer-application.js';
import { recordDelivery } from '../record-delivery.js';
import { recordAppeal } from '../record-appeal.js';
import { decideAppeal } from '../decide-appeal.js';
import { revealApplicantIdentity } from '../reveal-applicant-identity.js';
import { findLetterTemplate } from '../letters.js';
import {
  defaultLetterTemplate,
  isLetterKind,
  LETTER_KINDS,
  renderLetterText,
  type LetterKind,
} from '../letters.rules.js';
import {
  DOCX_TYPE,
  PDF_TYPE,
  generateLetterFiles,
  isApplicantLetter,
  letterOfEvent,
} from '../letters/generate-letter-files.js';
import { renderLetterDocx } from '../letters/letter-docx.js';
import { isPdfAvailable, renderLetterPdf } from '../letters/letter-pdf.js';
import { letterFileName } from '../letters/letter-layout.rules.js';
import { canEditLetterTemplates, saveLetterTemplate } from '../letters/save-letter-template.js';
import {
  findOrgByCode,
  findUserDisplayName,
  listActiveOrgChoices,
  listApplicantMasks,
  listHandlersAmong,
  listHandlersFor,
} from './cases.staff.repository.js';
import { CaseListPage, type CaseListFilter } from './list.staff.page.js';
import { NewApplicationPage } from './new.staff.page.js';
import { CasePage, type CaseFormState, type CasePageView } from './case.staff.page.js';
import { TemplateEditPage, TemplatesPage } from './templates.staff.page.js';
import { applicantTypeLabel, channelLabel, outcomeLabel } from './cases.staff.ui.js';
import './requests.staff.messages.js';
import '../letters/letters.messages.js';

const PAGE_SIZE = 50;
/** Uploads (paper scans, released files, proofs): 20 MB each. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** The Excel export stops here; narrow the filters for more. */
const MAX_EXPORT_ROWS = 100_000;

// ---------------------------------------------------------------------------------------------
// Helpers

const depsCache = new WeakMap<AppDeps, RequestDeps>();

/** The requests use cases' dependencies, built once per app. */
function requestDeps(c: StaffContext): RequestDeps {
  let built = depsCache.get(c.var.deps);
  if (!built) {
    built = requestDepsOf(c.var.deps);
    depsCache.set(c.var.deps, built);
  }
  return built;
}

function today(c: StaffContext): string {
  return formatInstant(c.var.deps.clock.now().toISOString(), c.var.deps.config.timeZone).slice(0, 10);
}

interface MultipartForm {
  values: FormValues;
  files: Record<string, File[]>;
}

async function readMultipart(c: StaffContext): Promise<MultipartForm> {
  const body = await c.req.parseBody({ all: true });
  const out: MultipartForm = { values: {}, files: {} };
  for (const [key, raw] of Object.entries(body)) {
    if (key === CSRF_FIELD) continue;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value === 'string') out.values[key] = value;
      else if (value instanceof File && value.size > 0) (out.files[key] ??= []).push(value);
    }
  }
  return out;
}

/** Puts an uploaded file into storage; the use case records it. */
async function storeUpload(c: StaffContext, file: File, field: string): Promise<FileInput> {
  if (file.size > MAX_UPLOAD_BYTES) {
    throw AppError.validation([
      { field, message: 'requests.staff.error.file_too_large', params: { mb: 20 } },
    ]);
  }
  const stored = await c.var.deps.storage.put(new Uint8Array(await file.arrayBuffer()), {
    originalName: file.name,
    contentType: file.type || 'application/octet-stream',
    maxBytes: MAX_UPLOAD_BYTES,
  });
  return {
    storageKey: stored.key,
    name: file.name.slice(0, 255) || 'file',
    contentType: (file.type || 'application/octet-stream').slice(0, 200),
    size: stored.size,
  };
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

/** The application the member may read, or 404/403 (a refusal is audited centrally as access.denied). */
async function loadCase(c: StaffContext): Promise<ApplicationRow> {
  const { principal } = requireStaff(c);
  const reference = decodeURIComponent(c.req.param('ref') ?? '');
  const app = await findApplicationByReference(c.var.deps.database.db, reference);
  if (!app) throw new AppError('NOT_FOUND', 'requests.error.not_found');
  const org = await findHoldingOrg(c.var.deps.database.db, app.org_id);
  if (!can(principal, 'request.read', { orgPath: org.path })) {
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', {
      params: { action: 'request.read', orgPath: org.path },
    });
  }
  return app;
}

async function buildCasePageView(
  c: StaffContext,
  reference: string,
  extras: { revealed?: CasePageView['revealed']; preview?: CasePageView['preview'] } = {},
): Promise<CasePageView> {
  const { principal } = requireStaff(c);
  const db = c.var.deps.database.db;
  const app = (await findApplicationByReference(db, reference))!;
  const org = await findHoldingOrg(db, app.org_id);
  const [applicant, events, files, appeals, calendar, dueSoon, grounds] = await Promise.all([
    findApplicantOf(db, app.id),
    listEventsOf(db, app.id),
    listFilesOf(db, app.id),
    listAppealsOf(db, app.id),
    loadWorkingCalendar(db, { orgPath: org.path }),
    readDueSoonWorkdays(db),
    listAnswerGrounds(db),
  ]);
  // The one derivation, with the receipt rule recorded at registration as the explanation's first step.
  const registered = events.find((e) => e.type === 'registered');
  const facts = registered ? parsePayload(registered) : {};
  const receipt =
    typeof facts.receiptRule === 'string' && typeof facts.basis === 'string'
      ? ({
          receivedOn: app.received_on,
          channel: app.channel,
          ruleKey: facts.receiptRule,
          basis: facts.basis,
        } as ReceiptDecision)
      : undefined;
  const state = deriveApplicationState(app.received_on, toRuleEvents(events), calendar, today(c), {
    dueSoonWorkdays: dueSoon,
    ...(receipt ? { receipt } : {}),
  });
  const view = presentApplicationForStaff({ app, org, applicant, events, files, appeals, state });
  const target = { orgPath: org.path };
  const mayHandle = can(principal, 'request.handle', target);
  const handlers = mayHandle ? await listHandlersFor(db, org.path) : [];
  const userIds = new Set<number>();
  for (const e of events) {
    const p = parsePayload(e);
    if (e.type === 'assigned' && typeof p.handlerUserId === 'number') userIds.add(p.handlerUserId);
  }
  const userNames = new Map<number, string>();
  for (const id of userIds) {
    const name = handlers.find((h) => h.id === id)?.displayName ?? (await findUserDisplayName(db, id));
    if (name) userNames.set(id, name);
  }
  const lastRequest = [...events].reverse().find((e) => e.type === 'extension_requested');
  const extended = events.some((e) => e.type === 'extended');
  const asked = lastRequest ? parsePayload(lastRequest) : null;
  return {
    view,
    handlerName: await findUserDisplayName(db, app.handler_user_id),
    userNames,
    handlers: handlers.map((h) => ({ value: String(h.id), label: h.displayName })),
    transferTargets: mayHandle
      ? (await listActiveOrgChoices(db))
          .filter((o) => o.code !== org.code)
          .map((o) => ({ value: o.code, label: o.name }))
      : [],
    grounds,
    may: {
      handle: mayHandle,
      approve: can(principal, 'request.approve_extension', target),
      reveal: can(principal, 'request.reveal_identity', target),
    },
    pendingExtension:
      asked && !extended
        ? {
            workdays: Number(asked.workdays) || 20,
            reason: typeof asked.reason === 'string' ? asked.reason : '',
          }
        : null,
    revealed: extras.revealed ?? null,
    preview: extras.preview ?? null,
    pdfAvailable: isPdfAvailable(),
    today: today(c),
  };
}

/** Use cases name nested fields (`items.0`, `applicant.name`); the forms have one field each. */
function flatten(problems: FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({
    ...p,
    field: p.field.replace(/\.\d+$/, '').replace(/^(applicant|answer|application)\./, ''),
  }));
}

/** A step refused by the state of the case or the order of its events (not by bad input). */
function isRefusedStep(code: string): boolean {
  return code === 'INVALID_STATE' || code === 'REQUEST_EVENT_ORDER' || code === 'CONFLICT';
}

/** An error a form can show (field problems, or a refused order of events), or null to rethrow. */
function formStateOf(c: StaffContext, err: unknown, form: string, values: FormValues): CaseFormState | null {
  const problems = formProblemsOf(err);
  if (problems) return { form, values, problems: flatten(problems) };
  if (isAppError(err) && isRefusedStep(err.code)) {
    const key = hasMessage(err.message) ? err.message : 'requests.staff.error.step_refused';
    return { form, values, problems: [], general: c.var.t(key, err.details.params) };
  }
  return null;
}

function statusOf(err: unknown): 409 | 422 {
  return isAppError(err) && isRefusedStep(err.code) ? 409 : 422;
}

function int(value: string | undefined): number | undefined {
  const v = blank(value);
  return v !== null && /^\d{1,9}$/.test(v) ? Number(v) : v === null ? undefined : Number.NaN;
}

// ---------------------------------------------------------------------------------------------
// The case list

function parseListFilter(query: Record<string, string | undefined>): {
  filter: CaseListFilter;
  invalid: boolean;
} {
  let invalid = false;
  const pick = (v: string | undefined, allowed: readonly string[]) => {
    if (!v) return '';
    if (allowed.includes(v)) return v;
    invalid = true;
    return '';
  };
  const date = (v: string | undefined) => {
    if (!v) return '';
    if (isCalendarDate(v)) return v;
    invalid = true;
    return '';
  };
  const handler = query.handler ?? '';
  const filter: CaseListFilter = {
    org: (query.org ?? '').slice(0, 64),
    status: pick(query.status, APPLICATION_STATUSES),
    handler:
      handler === 'me' || handler === 'none' || /^\d{1,9}$/.test(handler)
        ? handler
        : handler
          ? ((invalid = true), '')
          : '',
    channel: pick(query.channel, CHANNELS),
    applicantType: pick(query.applicantType, APPLICANT_TYPES),
    receivedFrom: date(query.receivedFrom),
    receivedTo: date(query.receivedTo),
    due: pick(query.due, ['soon', 'overdue']) as CaseListFilter['due'],
    page: Math.max(1, Math.min(100_000, Number.parseInt(query.page ?? '1', 10) || 1)),
  };
  return { filter, invalid };
}

/** The repository filter for the member's scope and the page's filter (organisation with its sub-organisations). */
async function repositoryFilterOf(
  c: StaffContext,
  filter: CaseListFilter,
): Promise<RepoFilter & { handlerNone?: boolean }> {
  const { principal, user } = requireStaff(c);
  const db = c.var.deps.database.db;
  const scope = scopeOf(principal, 'request.read');
  let orgIds: 'all' | number[] = scope === 'all' ? 'all' : await listOrgIdsUnder(db, scope);
  if (filter.org) {
    const org = await findOrgByCode(db, filter.org);
    const under = org ? await listOrgIdsUnder(db, [org.path]) : [];
    orgIds = orgIds === 'all' ? under : under.filter((id) => (orgIds as number[]).includes(id));
  }
  const out: RepoFilter = { orgIds };
  if (filter.status) out.statuses = [filter.status];
  if (filter.handler === 'me') out.handlerUserId = user.id;
  else if (/^\d+$/.test(filter.handler)) out.handlerUserId = Number(filter.handler);
  if (filter.channel) out.channels = [filter.channel];
  if (filter.applicantType) out.applicantTypes = [filter.applicantType];
  if (filter.receivedFrom) out.receivedFrom = filter.receivedFrom;
  if (filter.receivedTo) out.receivedTo = filter.receivedTo;
  const day = today(c);
  if (filter.due === 'overdue') out.dueBefore = day;
  if (filter.due === 'soon') {
    // Contracts §2: due soon is N working days or fewer left (the city calendar decides the days).
    const calendar = await loadWorkingCalendar(db);
    out.dueOnOrBefore = calendar.addWorkingDays(day, await readDueSoonWorkdays(db));
  }
  return filter.handler === 'none' ? { ...out, handlerNone: true } : out;
}

async function listPage(
  c: StaffContext,
  filter: RepoFilter & { handlerNone?: boolean },
  page: number,
  pageSize: number,
) {
  const db = c.var.deps.database.db;
  if (!filter.handlerNone) return listApplicationsForStaff(db, filter, { page, pageSize });
  // "No handler yet": the repository filters by a handler id only, so unassigned cases are picked here.
  const result = await listApplicationsForStaff(db, filter, { page, pageSize: 200 });
  return { ...result, rows: result.rows.filter((r) => r.handler_user_id === null) };
}

// ---------------------------------------------------------------------------------------------
// Routes

export function requestsStaffRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/staff/requests', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'request.read');
    const db = c.var.deps.database.db;
    const { filter, invalid } = parseListFilter(c.req.query());
    const repoFilter = await repositoryFilterOf(c, filter);
    const [result, total, statusCounts, orgs] = await Promise.all([
      listPage(c, repoFilter, filter.page, PAGE_SIZE),
      countApplicationsForStaff(db, repoFilter),
      // The tabs: every status counted in one statement, each up to STATUS_TAB_CAP ("1000+").
      countApplicationsByStatus(db, repoFilter, APPLICATION_STATUSES),
      listOrgChoices(db, principal, 'request.read'),
    ]);
    const handlers = await listHandlersAmong(db, repoFilter.orgIds);
    return c.html(
      <CaseListPage
        c={c}
        filter={filter}
        rows={result.rows}
        masks={await listApplicantMasks(
          db,
          result.rows.map((r) => r.id),
        )}
        total={total}
        statusCounts={statusCounts}
        hasMore={result.hasMore}
        orgOptions={orgs.map((o) => ({ value: o.code, label: o.name }))}
        handlerOptions={handlers.map((h) => ({ value: String(h.id), label: h.displayName }))}
        canRegister={hasAnyScope(principal, 'request.handle')}
        canEditTemplates={canEditLetterTemplates(principal)}
        invalidFilters={invalid}
      />,
    );
  });

  // Excel of the filtered list, streamed row by row; masked ID and phone numbers only.
  app.get('/staff/requests/export.xlsx', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'request.read');
    const db = c.var.deps.database.db;
    const t = c.var.t;
    const { filter } = parseListFilter(c.req.query());
    const repoFilter = await repositoryFilterOf(c, filter);
    const pass = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: pass,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(t('requests.staff.export.sheet'));
    sheet.columns = [
      { header: t('requests.staff.field.reference'), key: 'reference', width: 18 },
      { header: t('requests.staff.field.org'), key: 'org', width: 24 },
      { header: t('requests.staff.field.channel'), key: 'channel', width: 14 },
      { header: t('requests.staff.field.applicant_type'), key: 'applicantType', width: 22 },
      { header: t('requests.staff.field.applicant_name'), key: 'name', width: 16 },
      { header: t('requests.staff.export.id_masked'), key: 'id', width: 22 },
      { header: t('requests.staff.export.phone_masked'), key: 'phone', width: 16 },
      { header: t('requests.staff.field.description'), key: 'description', width: 50 },
      { header: t('requests.staff.field.received_on'), key: 'receivedOn', width: 12 },
      { header: t('requests.staff.field.due_on'), key: 'dueOn', width: 12 },
      { header: t('requests.staff.field.status'), key: 'status', width: 12 },
      { header: t('requests.staff.export.overdue'), key: 'overdue', width: 8 },
      { header: t('requests.staff.answer.outcome'), key: 'outcome', width: 36 },
      { header: t('requests.staff.export.closed_on'), key: 'closedOn', width: 12 },
      { header: t('requests.staff.field.handler'), key: 'handler', width: 14 },
    ];
    sheet.getRow(1).font = { bold: true };
    const write = async () => {
      let page = 1;
      let written = 0;
      for (;;) {
        const result = await listPage(c, repoFilter, page, 200);
        const masks = await listApplicantMasks(
          db,
          result.rows.map((r) => r.id),
        );
        for (const r of result.rows) {
          const m = masks.get(r.id);
          sheet
            .addRow({
              reference: r.reference,
              org: r.org_name,
              channel: channelLabel(c, r.channel),
              applicantType: applicantTypeLabel(c, r.applicant_type),
              name: r.applicant_name,
              id: m?.id_number_masked ?? '',
              phone: m?.phone_masked ?? '',
              description: r.description,
              receivedOn: r.received_on,
              dueOn: r.due_on ?? '',
              status: t(`requests.staff.status.${r.status}`),
              overdue: r.is_overdue === 1 && r.closed_on === null ? t('staff.common.yes') : '',
              outcome: outcomeLabel(c, r.outcome),
              closedOn: r.closed_on ?? '',
              handler: r.handler_name ?? '',
            })
            .commit();
          written++;
        }
        if (!result.hasMore || written >= MAX_EXPORT_ROWS) break;
        page++;
      }
      sheet.commit();
      await workbook.commit();
    };
    write().catch((err: unknown) => pass.destroy(err instanceof Error ? err : new Error(String(err))));
    const name = `依申请公开-${today(c)}.xlsx`;
    return new Response(Readable.toWeb(pass) as ReadableStream, {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="requests-${today(c)}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  // --- Letter templates --------------------------------------------------------------------------

  function assertTemplateEditor(c: StaffContext) {
    const { principal } = requireStaff(c);
    if (!canEditLetterTemplates(principal)) {
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'request.configure' } });
    }
  }

  app.get('/staff/requests/templates', async (c) => {
    assertTemplateEditor(c);
    const rows = await listLetterTemplateRows(c.var.deps.database.db);
    const templates = LETTER_KINDS.map((kind) => {
      const row = rows.find((r) => r.kind === kind);
      return { kind, title: row?.title ?? defaultLetterTemplate(kind).title, isEdited: Boolean(row) };
    });
    return c.html(<TemplatesPage c={c} templates={templates} done={c.req.query('done') === 'saved'} />);
  });

  const templateKind = (c: StaffContext): LetterKind => {
    const kind = decodeURIComponent(c.req.param('kind') ?? '');
    if (!isLetterKind(kind)) throw new AppError('NOT_FOUND', 'requests.letters.error.kind_unknown');
    return kind;
  };

  app.get('/staff/requests/templates/:kind', async (c) => {
    assertTemplateEditor(c);
    const kind = templateKind(c);
    const tpl = await findLetterTemplate(c.var.deps.database.db, kind);
    return c.html(
      <TemplateEditPage
        c={c}
        kind={kind}
        values={{ title: tpl.title, body: tpl.body }}
        problems={[]}
        preview={null}
      />,
    );
  });

  app.post('/staff/requests/templates/:kind', async (c) => {
    assertTemplateEditor(c);
    const kind = templateKind(c);
    const { values } = await readMultipart(c);
    const input = { kind, title: values.title ?? '', body: values.body ?? '' };
    if (values.preview) {
      const sample = renderLetterText(input, SAMPLE_FACTS);
      return c.html(<TemplateEditPage c={c} kind={kind} values={values} problems={[]} preview={sample} />);
    }
    try {
      await saveLetterTemplate(useCaseContextOf(c), input);
      return c.redirect('/staff/requests/templates?done=saved', 303);
    } catch (err) {
      const problems = formProblemsOf(err);
      if (!problems) throw err;
      return c.html(
        <TemplateEditPage c={c} kind={kind} values={values} problems={problems} preview={null} />,
        HTTP_STATUS.VALIDATION,
      );
    }
  });

  // --- Back-entry (补录), optionally answered on the spot -----------------------------------------

  async function renderNew(
    c: StaffContext,
    values: FormValues,
    problems: FieldProblem[],
    status: 200 | 409 | 422 = 200,
    general?: string,
  ) {
    const { principal } = requireStaff(c);
    const db = c.var.deps.database.db;
    const orgs = await listOrgChoices(db, principal, 'request.handle');
    return c.html(
      <NewApplicationPage
        c={c}
        values={values}
        problems={problems}
        general={general}
        orgOptions={orgs.map((o) => ({ value: o.code, label: o.name }))}
        grounds={await listAnswerGrounds(db)}
      />,
      status,
    );
  }

  app.get('/staff/requests/new', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'request.handle');
    return renderNew(c, { receiptDate: today(c) }, []);
  });

  app.post('/staff/requests/new', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'request.handle');
    const { values, files } = await readMultipart(c);
    try {
      const receiptDate = (values.receiptDate ?? '').trim();
      const channel = values.channel ?? '';
      const receipt = receiptOf(channel, receiptDate);
      const attachments = [];
      for (const f of files.paperScan ?? [])
        attachments.push({ ...(await storeUpload(c, f, 'paperScan')), kind: 'paper_scan' as const });
      for (const f of files.idCopy ?? [])
        attachments.push({ ...(await storeUpload(c, f, 'idCopy')), kind: 'id_copy' as const });
      const isOrg = values.applicantType !== 'natural_person';
      const application = {
        orgCode: values.orgCode ?? '',
        description: values.description ?? '',
        docNumber: blank(values.docNumber),
        docTitle: blank(values.docTitle),
        purpose: blank(values.purpose),
        deliveryForm: (values.deliveryForm ?? '') as 'paper',
        deliveryMethod: (values.deliveryMethod ?? '') as 'post',
        applicant: {
          type: (values.applicantType ?? '') as 'natural_person',
          name: values.name ?? '',
          idType: isOrg ? null : ((blank(values.idType) ?? null) as 'resident_id' | null),
          idNumber: isOrg ? null : blank(values.idNumber),
          creditCode: isOrg ? blank(values.creditCode) : null,
          contactPerson: blank(values.contactPerson),
          phone: blank(values.phone),
          email: blank(values.email),
          address: blank(values.address),
          postcode: blank(values.postcode),
        },
        receipt: receipt as never,
        isOral: values.isOral === '1',
        attachments,
      };
      const ctx = useCaseContextOf(c);
      const deps = requestDeps(c);
      if (blank(values.outcome)) {
        const result = await answerOnTheSpot(ctx, deps, {
          application,
          answer: {
            outcome: values.outcome as never,
            groundCode: blank(values.groundCode),
            reasons: blank(values.reasons),
            article: null,
            releasedFiles: [],
            letterFacts: {},
          },
        });
        await generateAfterStep(c, result.registered.applicationId, 'closed');
        return c.redirect(
          `/staff/requests/${encodeURIComponent(result.registered.reference)}?done=answered_on_the_spot&code=${encodeURIComponent(result.registered.queryCode)}`,
          303,
        );
      }
      const registered = await registerOfflineApplication(ctx, deps, application);
      return c.redirect(
        `/staff/requests/${encodeURIComponent(registered.reference)}?done=registered&code=${encodeURIComponent(registered.queryCode)}`,
        303,
      );
    } catch (err) {
      const problems = formProblemsOf(err);
      if (problems) return renderNew(c, values, mapNewProblems(problems), 422);
      if (isAppError(err) && (err.code === 'INVALID_STATE' || err.code === 'REQUEST_EVENT_ORDER')) {
        return renderNew(
          c,
          values,
          [],
          409,
          c.var.t(hasMessage(err.message) ? err.message : 'requests.staff.error.step_refused'),
        );
      }
      throw err;
    }
  });

  // --- The case page ------------------------------------------------------------------------------

  async function renderCase(
    c: StaffContext,
    app: ApplicationRow,
    options: {
      state?: CaseFormState;
      status?: 200 | 409 | 422;
      revealed?: CasePageView['revealed'];
      preview?: CasePageView['preview'];
    } = {},
  ) {
    const page = await buildCasePageView(c, app.reference, options);
    const done = c.req.query('done');
    const code = c.req.query('code');
    const doneKey = done && DONE_KEYS.includes(done) ? done : undefined;
    const res = await c.html(
      <>
        <CasePage c={c} page={page} state={options.state} done={doneKey} />
      </>,
      options.status ?? 200,
    );
    if (code && (doneKey === 'registered' || doneKey === 'answered_on_the_spot')) {
      // The query code for the applicant's 回执: shown once, after registration, never stored.
      const html = await res.text();
      const notice = `<div class="notice" role="status"><p>${escapeHtml(c.var.t('requests.staff.done.query_code', { code: code.slice(0, 20) }))}</p></div>`;
      return c.html(html.replace('<h1>', `${notice}<h1>`), options.status ?? 200, {
        'cache-control': 'private, no-store',
      });
    }
    if (options.revealed) res.headers.set('cache-control', 'private, no-store');
    return res;
  }

  app.get('/staff/requests/:ref', async (c) => {
    const found = await loadCase(c);
    return renderCase(c, found);
  });

  app.post('/staff/requests/:ref/reveal', async (c) => {
    const found = await loadCase(c);
    const revealed = await revealApplicantIdentity(useCaseContextOf(c), requestDeps(c), {
      applicationId: found.id,
    });
    return renderCase(c, found, { revealed });
  });

  app.get('/staff/requests/:ref/files/:fileId{[0-9]+}', async (c) => {
    const found = await loadCase(c);
    const file = await findFileById(c.var.deps.database.db, Number(c.req.param('fileId')));
    if (!file || file.application_id !== found.id)
      throw new AppError('NOT_FOUND', 'requests.error.not_found');
    const stream = await c.var.deps.storage.get(file.storage_key);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'content-type': file.content_type,
        ...(file.size !== null ? { 'content-length': String(file.size) } : {}),
        'content-disposition': `attachment; filename="file-${file.id}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  });

  // A letter rendered on request (staff only; consultation letters included).
  app.get('/staff/requests/:ref/letters/:eventId{[0-9]+}.:format{docx|pdf}', async (c) => {
    const found = await loadCase(c);
    const event = (await listEventsOf(c.var.deps.database.db, found.id)).find(
      (e) => e.id === Number(c.req.param('eventId')),
    );
    const letter = event ? letterOfEvent(event) : null;
    if (!letter) throw new AppError('NOT_FOUND', 'requests.letters.error.no_letter');
    const format = c.req.param('format') as 'docx' | 'pdf';
    const bytes = format === 'docx' ? await renderLetterDocx(letter) : await renderLetterPdf(letter);
    if (!bytes) throw new AppError('NOT_FOUND', 'requests.staff.letters.pdf_unavailable');
    const name = letterFileName(letter.title, found.reference, format);
    return new Response(new Uint8Array(bytes), {
      headers: {
        'content-type': format === 'docx' ? DOCX_TYPE : PDF_TYPE,
        'content-disposition': `attachment; filename="letter-${event!.id}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  });

  app.post('/staff/requests/:ref/letters/:eventId{[0-9]+}/files', async (c) => {
    const found = await loadCase(c);
    await generateLetterFiles(
      useCaseContextOf(c),
      { storage: c.var.deps.storage },
      { applicationId: found.id, eventId: Number(c.req.param('eventId')) },
    );
    return c.redirect(
      `/staff/requests/${encodeURIComponent(found.reference)}?done=letter_files#letters`,
      303,
    );
  });

  /** Generates the Word/PDF files of the letter the last `type` event carries (applicant-facing letters). */
  async function generateAfterStep(c: StaffContext, applicationId: number, type: string) {
    const events = await listEventsOf(c.var.deps.database.db, applicationId);
    const event = [...events].reverse().find((e) => e.type === type);
    const letter = event ? letterOfEvent(event) : null;
    if (!event || !letter || !isApplicantLetter(letter.kind)) return;
    await generateLetterFiles(
      useCaseContextOf(c),
      { storage: c.var.deps.storage },
      { applicationId, eventId: event.id },
    );
  }

  /** One handling step: a small form posting to its use case; on a refusal the case page shows why. */
  function step(
    path: string,
    form: string,
    run: (
      c: StaffContext,
      found: ApplicationRow,
      form: MultipartForm,
    ) => Promise<{ done: string; letterOf?: string } | Response>,
  ) {
    app.post(`/staff/requests/:ref/${path}`, async (c) => {
      const found = await loadCase(c);
      const body = await readMultipart(c);
      try {
        const result = await run(c, found, body);
        if (result instanceof Response) return result;
        if (result.letterOf) await generateAfterStep(c, found.id, result.letterOf);
        // A platform transfer may move the case out of the member's reach: then back to the list.
        const after = await findApplicationByReference(c.var.deps.database.db, found.reference);
        const org = after ? await findHoldingOrg(c.var.deps.database.db, after.org_id) : null;
        if (!org || !can(requireStaff(c).principal, 'request.read', { orgPath: org.path })) {
          return c.redirect('/staff/requests', 303);
        }
        return c.redirect(`/staff/requests/${encodeURIComponent(found.reference)}?done=${result.done}`, 303);
      } catch (err) {
        const state = formStateOf(c, err, form, body.values);
        if (!state) throw err;
        return renderCase(c, found, { state, status: statusOf(err) });
      }
    });
  }

  const ctxOf = (c: StaffContext) => useCaseContextOf(c);

  step('assign', 'assign', async (c, found, { values }) => {
    await acceptAndAssign(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      handlerUserId: int(values.handlerUserId) ?? 0,
    });
    return { done: 'assigned' };
  });

  step('transfer', 'transfer', async (c, found, { values }) => {
    await transferApplication(ctxOf(c), requestDeps(c), {
      mode: 'platform',
      applicationId: found.id,
      toOrgCode: values.toOrgCode ?? '',
      note: blank(values.note),
    });
    return { done: 'transferred' };
  });

  step('refer', 'refer', async (c, found, { values }) => {
    await transferApplication(ctxOf(c), requestDeps(c), {
      mode: 'tell_responsible',
      applicationId: found.id,
      responsibleBody: values.responsibleBody ?? '',
      responsibleContact: blank(values.responsibleContact),
      note: blank(values.note),
    });
    return { done: 'answered', letterOf: 'closed' };
  });

  step('correction', 'correction', async (c, found, { values }) => {
    const items = (values.items ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    await requestCorrection(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      items,
      correctionDueOn: (values.correctionDueOn ?? '').trim(),
    });
    return { done: 'correction_requested', letterOf: 'correction_requested' };
  });

  step('correction-received', 'correction-received', async (c, found, { values }) => {
    await receiveCorrection(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      on: blank(values.on),
      text: blank(values.text),
    });
    return { done: 'correction_received' };
  });

  step('close-no-correction', 'close-no-correction', async (c, found) => {
    await closeForNoCorrection(ctxOf(c), requestDeps(c), { applicationId: found.id });
    return { done: 'closed', letterOf: 'closed' };
  });

  step('consultation', 'consultation', async (c, found, { values }) => {
    await startConsultation(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      party: (values.party ?? '') as 'third_party',
      partyName: values.partyName ?? '',
      note: blank(values.note),
    });
    return { done: 'consultation_started' };
  });

  step('consultation-end', 'consultation-end', async (c, found, { values }) => {
    await endConsultation(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      opinion: (values.opinion ?? '') as 'agrees',
      note: blank(values.note),
      on: blank(values.on),
    });
    return { done: 'consultation_ended' };
  });

  step('extension-request', 'extension-request', async (c, found, { values }) => {
    await requestExtension(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      workdays: int(values.workdays) ?? Number.NaN,
      reason: values.reason ?? '',
    });
    return { done: 'extension_requested' };
  });

  step('extension-approve', 'extension-approve', async (c, found, { values }) => {
    await approveExtension(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      workdays: int(values.workdays) ?? null,
    });
    return { done: 'extended', letterOf: 'extended' };
  });

  step('fee', 'fee', async (c, found, { values }) => {
    const input =
      values.basis === 'pages'
        ? { basis: 'pages' as const, applicationId: found.id, pages: int(values.pages) ?? Number.NaN }
        : { basis: 'count' as const, applicationId: found.id };
    await notifyFee(ctxOf(c), requestDeps(c), input);
    return { done: 'fee_notified', letterOf: 'fee_notified' };
  });

  step('fee-paid', 'fee-paid', async (c, found, { values }) => {
    await recordFeePayment(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      on: blank(values.on),
      receiptNumber: blank(values.receiptNumber),
    });
    return { done: 'fee_paid' };
  });

  step('close-fee-unpaid', 'close-fee-unpaid', async (c, found) => {
    await closeForFeeUnpaid(ctxOf(c), requestDeps(c), { applicationId: found.id });
    return { done: 'closed', letterOf: 'closed' };
  });

  step('answer', 'answer', async (c, found, { values, files }) => {
    const answer = {
      outcome: (values.outcome ?? '') as 'granted',
      groundCode: blank(values.groundCode),
      article: blank(values.article),
      reasons: blank(values.reasons),
      letterFacts: {},
    };
    if (values.preview) {
      // The letter as it would go out, without the files (named only after upload) and without saving.
      const parsed = answerFields.safeParse({ ...answer, releasedFiles: [] });
      if (!parsed.success || !isOutcome(answer.outcome)) {
        throw AppError.validation([{ field: 'outcome', message: 'requests.error.outcome_invalid' }]);
      }
      const db = c.var.deps.database.db;
      const org = await findHoldingOrg(db, found.org_id);
      const fileNames = (files.releasedFiles ?? []).map((f) => ({
        storageKey: 'preview',
        name: f.name,
        contentType: f.type || 'application/octet-stream',
      }));
      const built = await inTransaction(db, (trx) =>
        buildAnswerEvent(trx, { app: found, org }, { ...parsed.data, releasedFiles: fileNames }, today(c)),
      );
      return renderCase(c, found, { preview: built.letter, state: { form: 'answer', values, problems: [] } });
    }
    const releasedFiles = [];
    for (const f of files.releasedFiles ?? []) releasedFiles.push(await storeUpload(c, f, 'releasedFiles'));
    await answerApplication(ctxOf(c), requestDeps(c), { applicationId: found.id, ...answer, releasedFiles });
    return { done: 'answered', letterOf: 'closed' };
  });

  step('delivery', 'delivery', async (c, found, { values, files }) => {
    const proofFile = files.proof?.[0];
    await recordDelivery(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      method: (values.method ?? '') as 'post',
      on: blank(values.on),
      trackingNumber: blank(values.trackingNumber),
      proof: proofFile ? await storeUpload(c, proofFile, 'proof') : null,
    });
    return { done: 'delivered' };
  });

  step('appeals', 'appeal', async (c, found, { values }) => {
    await recordAppeal(ctxOf(c), requestDeps(c), {
      applicationId: found.id,
      kind: (values.kind ?? '') as 'reconsideration',
      filedOn: (values.filedOn ?? '').trim(),
      body: values.body ?? '',
      caseNumber: blank(values.caseNumber),
    });
    return { done: 'appeal_recorded' };
  });

  app.post('/staff/requests/:ref/appeals/:appealId{[0-9]+}/decide', async (c) => {
    const found = await loadCase(c);
    const { values } = await readMultipart(c);
    const appealId = Number(c.req.param('appealId'));
    const form = `decide-appeal-${appealId}`;
    try {
      const appeal = (await listAppealsOf(c.var.deps.database.db, found.id)).find((a) => a.id === appealId);
      if (!appeal) throw new AppError('NOT_FOUND', 'requests.error.appeal_not_found');
      await decideAppeal(ctxOf(c), requestDeps(c), {
        appealId,
        result: (values.result ?? '') as 'upheld',
        decidedOn: (values.decidedOn ?? '').trim(),
      });
      return c.redirect(`/staff/requests/${encodeURIComponent(found.reference)}?done=appeal_decided`, 303);
    } catch (err) {
      const state = formStateOf(c, err, form, values);
      if (!state) throw err;
      return renderCase(c, found, { state, status: statusOf(err) });
    }
  });

  return app;
}

const DONE_KEYS = [
  'registered',
  'answered_on_the_spot',
  'assigned',
  'transferred',
  'correction_requested',
  'correction_received',
  'consultation_started',
  'consultation_ended',
  'extension_requested',
  'extended',
  'fee_notified',
  'fee_paid',
  'answered',
  'closed',
  'delivered',
  'appeal_recorded',
  'appeal_decided',
  'letter_files',
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The receipt fact each channel's statutory rule needs (contracts §1), from the one date field of the form. */
function receiptOf(channel: string, date: string): Record<string, string> {
  switch (channel) {
    case 'in_person':
      return { channel, handedInOn: date };
    case 'registered_mail':
      return { channel, signedForOn: date };
    case 'email':
      return { channel, mailReceivedOn: date };
    case 'ordinary_mail':
    case 'online':
    case 'fax':
    case 'other':
      return { channel, confirmedOn: date };
    default:
      return { channel };
  }
}

/** The receipt facts all map to the form's one date field; the scan requirement to the scan input. */
function mapNewProblems(problems: FieldProblem[]): FieldProblem[] {
  return flatten(problems).map((p) => {
    if (p.field.startsWith('receipt.') && p.field !== 'receipt.channel')
      return { ...p, field: 'receiptDate' };
    if (p.field === 'receipt' || p.field === 'receipt.channel') return { ...p, field: 'channel' };
    if (p.field === 'receivedOn') return { ...p, field: 'receiptDate' };
    if (p.field === 'attachments') return { ...p, field: 'paperScan' };
    if (p.field === 'type') return { ...p, field: 'applicantType' };
    return p;
  });
}

/** Facts for previewing an edited template. */
const SAMPLE_FACTS = {
  applicantName: '张三',
  reference: 'DG-2026-000123',
  orgName: '示例市人民政府办公室',
  receivedOn: '2026-03-02',
  description: '2025年本市老旧小区改造项目清单',
  letterDate: '2026-03-20',
  outcomeLabel: '（一）予以公开',
  article: '《中华人民共和国政府信息公开条例》第三十六条第（二）项',
  groundLabel: '个人隐私',
  reasons: '（此处为答复理由）',
  releasedFiles: '老旧小区改造项目清单.pdf',
  dueOn: '2026-03-30',
  correctionItems: '1. 请明确所需信息的年份',
  correctionDueOn: '2026-03-16',
  extensionWorkdays: 20,
  extensionReason: '所需信息涉及多个部门，需要协调',
  feeAmountYuan: 100,
  feeDueOn: '2026-04-01',
  feeBasis: '按件计收',
  consultedParty: '某某有限公司',
  consultationDueOn: '2026-03-23',
  responsibleBody: '示例市自然资源局',
  responsibleContact: '0769-12345678',
  note: '',
};
