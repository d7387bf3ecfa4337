import type { Child } from 'hono/jsx';
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
import { APPEAL_KINDS, APPEAL_RESULTS, CONSULTATION_PARTIES } from '../codes.js';
import type { StaffApplicationView } from '../application.presenter.js';
import { MAX_EXTENSION_WORKDAYS } from '../deadline.rules.js';
import { DELIVERY_RECORD_METHODS } from '../record-delivery.js';
import type { AnswerGroundRow } from '../requests.repository.js';
import { isApplicantLetter, letterOfEvent } from '../letters/generate-letter-files.js';
import {
  applicantTypeLabel,
  channelLabel,
  DeadlineSteps,
  FileField,
  GroupedSelect,
  outcomeGroups,
  outcomeLabel,
  Section,
  StatusTag,
} from './cases.staff.ui.js';
import { GroundSelect } from './new.staff.page.js';
import './requests.staff.messages.js';

/** The case page: applicant, request, due date and its explanation, timeline, letters, and each handling step allowed now. */

export interface CasePageView {
  view: StaffApplicationView;
  handlerName: string | null;
  userNames: Map<number, string>;
  handlers: Option[];
  transferTargets: Option[];
  grounds: AnswerGroundRow[];
  may: { handle: boolean; approve: boolean; reveal: boolean };
  /** The extension a handler asked for and the office head has not yet approved. */
  pendingExtension: { workdays: number; reason: string } | null;
  revealed: { idNumber: string | null; phone: string | null } | null;
  preview: { title: string; text: string; missing: string[] } | null;
  pdfAvailable: boolean;
  today: string;
}

export interface CaseFormState {
  /** Which form the values and problems belong to. */
  form: string;
  values: FormValues;
  problems: FieldProblem[];
  general?: string;
}

/** The steps a page offers, from the derived state (the use cases still refuse what the log does not allow). */
export function stepsAllowed(v: StaffApplicationView, pending: CasePageView['pendingExtension']) {
  const has = (type: string) => v.events.some((e) => e.type === type);
  const open = v.closedOn === null;
  const awaitingCorrection = v.status === 'awaiting_correction';
  return {
    assign: open,
    transfer: open && !awaitingCorrection,
    correction: open && !has('correction_requested') && !has('extended') && v.status === 'received',
    correctionReceived: open && awaitingCorrection,
    closeNoCorrection: open && v.alerts.includes('correction_deadline_passed'),
    consultation: open && !awaitingCorrection && v.status !== 'consulting',
    consultationEnd: open && v.status === 'consulting',
    extensionRequest: open && !awaitingCorrection && !has('extended') && pending === null,
    extensionApprove: open && pending !== null && !has('extended'),
    fee: open && !awaitingCorrection && v.status !== 'awaiting_fee',
    feePaid: open && v.status === 'awaiting_fee',
    closeFeeUnpaid: open && v.alerts.includes('fee_deadline_passed'),
    answer: open && !awaitingCorrection,
    delivery: !open && v.status !== 'withdrawn',
    appeal: !open,
  };
}

function StepForm(props: {
  c: StaffContext;
  reference: string;
  action: string;
  title: string;
  id: string;
  multipart?: boolean;
  children: Child;
  submit: string;
  extraButtons?: Child;
}) {
  const { c } = props;
  return (
    <form
      method="post"
      action={`/staff/requests/${encodeURIComponent(props.reference)}/${props.action}`}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      novalidate
      class="case-step"
      id={props.id}
      aria-labelledby={`${props.id}-title`}
    >
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <CsrfField c={c} />
      {props.children}
      <p class="button-row">
        {props.extraButtons}
        <button type="submit">{props.submit}</button>
      </p>
    </form>
  );
}

function eventDetails(
  c: StaffContext,
  v: StaffApplicationView,
  e: StaffApplicationView['events'][number],
  names: Map<number, string>,
): string {
  const t = c.var.t;
  const p = e.payload;
  const s = (k: string) => (typeof p[k] === 'string' || typeof p[k] === 'number' ? String(p[k]) : '');
  switch (e.type) {
    case 'registered':
      return (
        t('requests.staff.event_detail.registered', {
          channel: channelLabel(c, s('channel') || v.channel),
          basis: s('basis'),
        }) + (p.isOral ? t('requests.staff.event_detail.oral') : '')
      );
    case 'assigned':
      return names.get(Number(p.handlerUserId)) ?? '';
    case 'correction_requested':
      return t('requests.staff.event_detail.correction', {
        due: s('correctionDueOn'),
        items: Array.isArray(p.items) ? p.items.join('；') : '',
      });
    case 'correction_received':
      return s('text');
    case 'consultation_started':
      return t('requests.staff.event_detail.consultation', {
        party: t(`requests.staff.party.${s('party') || 'third_party'}`),
        name: s('partyName'),
        window: s('windowEndsOn'),
      });
    case 'consultation_ended':
      return s('opinion')
        ? t(`requests.staff.opinion.${s('opinion')}`) + (s('note') ? `：${s('note')}` : '')
        : '';
    case 'extension_requested':
    case 'extended':
      return t('requests.staff.event_detail.extension', { n: s('workdays'), reason: s('reason') });
    case 'fee_notified':
      return t('requests.staff.event_detail.fee', { amount: s('amountYuan'), due: s('feeDueOn') });
    case 'fee_paid':
      return s('receiptNumber');
    case 'closed':
      return [outcomeLabel(c, s('outcome')), s('groundLabel'), s('article')].filter(Boolean).join(' · ');
    case 'withdrawn':
      return s('reason');
    case 'transferred':
      return t('requests.staff.event_detail.transferred', { from: s('from'), to: s('to') });
    case 'delivered':
      return [t(`requests.staff.delivery_record.${s('method') || 'post'}`), s('trackingNumber')]
        .filter(Boolean)
        .join(' · ');
    case 'volume_flagged':
      return t('requests.staff.event_detail.volume', { n: s('monthCount') });
    case 'appeal_filed':
      return [t(`requests.staff.appeal_kind.${s('kind')}`), s('body'), s('caseNumber')]
        .filter(Boolean)
        .join(' · ');
    case 'appeal_decided':
      return [
        t(`requests.staff.appeal_kind.${s('kind')}`),
        t(`requests.staff.appeal_result.${s('result')}`),
      ].join(' · ');
    default:
      return '';
  }
}

export function CasePage(props: {
  c: StaffContext;
  page: CasePageView;
  state?: CaseFormState | undefined;
  done?: string | undefined;
}) {
  const { c, page } = props;
  const { view: v } = page;
  const t = c.var.t;
  const title = t('requests.staff.case.title', { reference: v.reference });
  const steps = stepsAllowed(v, page.pendingExtension);
  const state = props.state;
  const problemsOf = (form: string) => (state?.form === form ? state.problems : []);
  const valuesOf = (form: string): FormValues => (state?.form === form ? state.values : {});
  const field = (form: string, name: string, label: string) => ({
    c,
    name,
    label,
    problems: problemsOf(form),
    value: valuesOf(form)[name],
  });
  const ref = v.reference;
  const a = v.applicant;
  const letterEvents = v.events.filter(
    (e) => letterOfEvent({ payload_json: JSON.stringify(e.payload) }) !== null,
  );
  const filesByEvent = (eventId: number) =>
    v.files.filter((f) => f.kind === 'letter' && f.eventId === eventId);
  const answerLabels: Record<string, string> = {
    outcome: t('requests.staff.answer.outcome'),
    groundCode: t('requests.staff.answer.ground'),
    article: t('requests.staff.answer.article'),
    reasons: t('requests.staff.answer.reasons'),
    releasedFiles: t('requests.staff.answer.released_files'),
  };
  const labelsForSummary: Record<string, string> = {
    ...answerLabels,
    handlerUserId: t('requests.staff.field.handler'),
    toOrgCode: t('requests.staff.transfer.to'),
    responsibleBody: t('requests.staff.refer.body'),
    items: t('requests.staff.correction.items'),
    correctionDueOn: t('requests.staff.correction.due'),
    on: t('requests.staff.step.on'),
    partyName: t('requests.staff.consultation.party_name'),
    workdays: t('requests.staff.extension.workdays'),
    reason: t('requests.staff.extension.reason'),
    pages: t('requests.staff.fee.pages'),
    method: t('requests.staff.delivery.method'),
    filedOn: t('requests.staff.appeal.filed_on'),
    body: t('requests.staff.appeal.body'),
    decidedOn: t('requests.staff.appeal.decided_on'),
    result: t('requests.staff.appeal.result'),
  };
  const hasError = Boolean(state && (state.problems.length > 0 || state.general));
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={hasError}
      breadcrumbs={[
        { href: '/staff/requests', label: t('requests.staff.list.title') },
        { label: v.reference },
      ]}
    >
      <h1>{title}</h1>
      {state ? (
        <ErrorSummary c={c} problems={state.problems} labels={labelsForSummary} general={state.general} />
      ) : null}
      {props.done ? (
        <div class="notice" role="status">
          {t(`requests.staff.done.${props.done}`)}
        </div>
      ) : null}

      <dl class="case-summary">
        <dt>{t('requests.staff.field.status')}</dt>
        <dd>
          <StatusTag c={c} status={v.status} />
          {v.outcome ? ` ${outcomeLabel(c, v.outcome)}` : ''}
        </dd>
        <dt>{t('requests.staff.field.org')}</dt>
        <dd>{v.org.name}</dd>
        <dt>{t('requests.staff.field.handler')}</dt>
        <dd>{page.handlerName ?? t('requests.staff.handler.none')}</dd>
        <dt>{t('requests.staff.field.channel')}</dt>
        <dd>
          {channelLabel(c, v.channel)}
          {v.isOral ? `（${t('requests.staff.case.oral')}）` : ''}
        </dd>
        <dt>{t('requests.staff.field.received_on')}</dt>
        <dd>{v.receivedOn}</dd>
        <dt>{t('requests.staff.field.due_on')}</dt>
        <dd>
          {v.closedOn
            ? t('requests.staff.case.closed_on', { date: v.closedOn })
            : (v.dueOn ?? t('requests.staff.due.awaiting_correction'))}
          {v.isProvisional ? ` ${t('requests.staff.flag.provisional')}` : ''}
        </dd>
      </dl>

      <CaseFlags c={c} v={v} />

      <Section id="deadline" title={t('requests.staff.case.deadline')}>
        <DeadlineSteps c={c} steps={v.explanation} />
      </Section>

      <Section id="applicant" title={t('requests.staff.case.applicant')}>
        {a ? (
          <>
            <dl class="case-meta">
              <dt>{t('requests.staff.field.applicant_type')}</dt>
              <dd>{applicantTypeLabel(c, a.type)}</dd>
              <dt>{t('requests.staff.field.applicant_name')}</dt>
              <dd>{a.name}</dd>
              {a.idNumber ? (
                <>
                  <dt>{t('requests.staff.field.id_number')}</dt>
                  <dd>
                    {page.revealed?.idNumber ?? a.idNumber}
                    {a.idType ? (
                      <span class="muted">（{t(`requests.staff.id_type.${a.idType}`)}）</span>
                    ) : null}
                  </dd>
                </>
              ) : null}
              {a.creditCode ? (
                <>
                  <dt>{t('requests.staff.field.credit_code')}</dt>
                  <dd>{a.creditCode}</dd>
                </>
              ) : null}
              {a.contactPerson ? (
                <>
                  <dt>{t('requests.staff.field.contact_person')}</dt>
                  <dd>{a.contactPerson}</dd>
                </>
              ) : null}
              {a.phone ? (
                <>
                  <dt>{t('requests.staff.field.phone')}</dt>
                  <dd>{page.revealed?.phone ?? a.phone}</dd>
                </>
              ) : null}
              {a.email ? (
                <>
                  <dt>{t('requests.staff.field.email')}</dt>
                  <dd>{a.email}</dd>
                </>
              ) : null}
              {a.address ? (
                <>
                  <dt>{t('requests.staff.field.address')}</dt>
                  <dd>
                    {a.address} {a.postcode ?? ''}
                  </dd>
                </>
              ) : null}
            </dl>
            {page.revealed ? (
              <p class="notice" role="status">
                {t('requests.staff.reveal.shown')}
              </p>
            ) : page.may.reveal && (a.idNumber || a.phone) ? (
              <form
                method="post"
                action={`/staff/requests/${encodeURIComponent(ref)}/reveal`}
                class="inline-form"
              >
                <CsrfField c={c} />
                <button type="submit" class="secondary">
                  {t('requests.staff.reveal.button')}
                </button>
                <span class="hint"> {t('requests.staff.reveal.hint')}</span>
              </form>
            ) : null}
          </>
        ) : null}
      </Section>

      <Section id="request" title={t('requests.staff.case.request')}>
        <dl class="case-meta">
          <dt>{t('requests.staff.field.description')}</dt>
          <dd class="case-description-full">{v.description}</dd>
          {v.docTitle ? (
            <>
              <dt>{t('requests.staff.field.doc_title')}</dt>
              <dd>{v.docTitle}</dd>
            </>
          ) : null}
          {v.docNumber ? (
            <>
              <dt>{t('requests.staff.field.doc_number')}</dt>
              <dd>{v.docNumber}</dd>
            </>
          ) : null}
          {v.purpose ? (
            <>
              <dt>{t('requests.staff.field.purpose')}</dt>
              <dd>{v.purpose}</dd>
            </>
          ) : null}
          <dt>{t('requests.staff.field.delivery')}</dt>
          <dd>
            {t(`requests.staff.delivery_form.${v.deliveryForm}`)} ·{' '}
            {t(`requests.staff.delivery_method.${v.deliveryMethod}`)}
          </dd>
        </dl>
        {v.files.filter((f) => f.kind !== 'letter').length > 0 ? (
          <ul class="attachment-list">
            {v.files
              .filter((f) => f.kind !== 'letter')
              .map((f) => (
                <li>
                  <a href={`/staff/requests/${encodeURIComponent(ref)}/files/${f.id}`}>{f.name}</a>{' '}
                  <span class="muted">（{t(`requests.staff.file_kind.${f.kind}`)}）</span>
                </li>
              ))}
          </ul>
        ) : null}
      </Section>

      <Section id="timeline" title={t('requests.staff.case.timeline')}>
        <ol class="case-timeline">
          {v.events.map((e) => (
            <li>
              <span class="case-timeline-date">{e.on}</span>{' '}
              <strong>{t(`requests.staff.event.${e.type}`)}</strong>
              {(() => {
                const d = eventDetails(c, v, e, page.userNames);
                return d ? <span class="case-timeline-detail"> {d}</span> : null;
              })()}
              <span class="muted">
                {' '}
                — {e.actor === 'applicant' ? t('requests.staff.case.by_applicant') : e.actor}
              </span>
            </li>
          ))}
        </ol>
      </Section>

      <Section id="letters" title={t('requests.staff.case.letters')}>
        {!page.pdfAvailable ? (
          <p class="notice notice-warning">{t('requests.staff.letters.pdf_unavailable')}</p>
        ) : null}
        {letterEvents.length === 0 ? (
          <p class="empty-state">{t('requests.staff.letters.none')}</p>
        ) : (
          <ul class="case-letters">
            {letterEvents.map((e) => {
              const letter = letterOfEvent({ payload_json: JSON.stringify(e.payload) })!;
              const stored = filesByEvent(e.id);
              const base = `/staff/requests/${encodeURIComponent(ref)}/letters/${e.id}`;
              return (
                <li>
                  <strong>{letter.title}</strong> <span class="muted">{e.on}</span>
                  <details>
                    <summary>{t('requests.staff.letters.show_text')}</summary>
                    <pre class="letter-text">{letter.text}</pre>
                  </details>
                  {stored.length > 0 ? (
                    <p>
                      {t('requests.staff.letters.stored')}{' '}
                      {stored.map((f) => (
                        <>
                          <a href={`/staff/requests/${encodeURIComponent(ref)}/files/${f.id}`}>
                            {f.name}
                          </a>{' '}
                        </>
                      ))}
                    </p>
                  ) : (
                    <p>
                      <a href={`${base}.docx`}>{t('requests.staff.letters.download_docx')}</a>
                      {page.pdfAvailable ? (
                        <>
                          {' · '}
                          <a href={`${base}.pdf`}>{t('requests.staff.letters.download_pdf')}</a>
                        </>
                      ) : null}
                    </p>
                  )}
                  {stored.length === 0 && page.may.handle && isApplicantLetter(letter.kind) ? (
                    <form method="post" action={`${base}/files`} class="inline-form">
                      <CsrfField c={c} />
                      <button type="submit" class="secondary">
                        {t('requests.staff.letters.generate')}
                      </button>
                    </form>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      {v.appeals.length > 0 ? (
        <Section id="appeals" title={t('requests.staff.case.appeals')}>
          <ul class="case-appeals">
            {v.appeals.map((ap) => (
              <li>
                <strong>{t(`requests.staff.appeal_kind.${ap.kind}`)}</strong> · {ap.body}
                {ap.caseNumber ? ` · ${ap.caseNumber}` : ''} · {t('requests.staff.appeal.filed_on')}{' '}
                {ap.filedOn}
                {ap.result ? (
                  <>
                    {' · '}
                    {t(`requests.staff.appeal_result.${ap.result}`)} ({ap.decidedOn})
                  </>
                ) : (
                  <>
                    {' · '}
                    {t('requests.staff.appeal.pending')}
                    {page.may.handle ? (
                      <StepForm
                        c={c}
                        reference={ref}
                        action={`appeals/${ap.id}/decide`}
                        id={`decide-appeal-${ap.id}`}
                        title={t('requests.staff.appeal.decide')}
                        submit={t('requests.staff.appeal.decide')}
                      >
                        <SelectField
                          {...field(`decide-appeal-${ap.id}`, 'result', t('requests.staff.appeal.result'))}
                          options={APPEAL_RESULTS.map((r) => ({
                            value: r,
                            label: t(`requests.staff.appeal_result.${r}`),
                          }))}
                        />
                        <TextField
                          {...field(
                            `decide-appeal-${ap.id}`,
                            'decidedOn',
                            t('requests.staff.appeal.decided_on'),
                          )}
                          type="date"
                        />
                      </StepForm>
                    ) : null}
                  </>
                )}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {page.may.handle || page.may.approve ? (
        <Section id="actions" title={t('requests.staff.case.actions')}>
          {page.may.handle && steps.assign ? (
            <StepForm
              c={c}
              reference={ref}
              action="assign"
              id="assign"
              title={t('requests.staff.assign.title')}
              submit={t('requests.staff.assign.submit')}
            >
              <SelectField
                {...field('assign', 'handlerUserId', t('requests.staff.field.handler'))}
                value={
                  valuesOf('assign').handlerUserId ?? (v.handlerUserId ? String(v.handlerUserId) : undefined)
                }
                options={page.handlers}
              />
            </StepForm>
          ) : null}

          {page.may.handle && steps.correction ? (
            <StepForm
              c={c}
              reference={ref}
              action="correction"
              id="correction"
              title={t('requests.staff.correction.title')}
              submit={t('requests.staff.correction.submit')}
            >
              <p class="hint">{t('requests.staff.correction.hint')}</p>
              <TextField
                {...field('correction', 'items', t('requests.staff.correction.items'))}
                multiline
                hint={t('requests.staff.correction.items_hint')}
              />
              <TextField
                {...field('correction', 'correctionDueOn', t('requests.staff.correction.due'))}
                type="date"
              />
            </StepForm>
          ) : null}

          {page.may.handle && steps.correctionReceived ? (
            <StepForm
              c={c}
              reference={ref}
              action="correction-received"
              id="correction-received"
              title={t('requests.staff.correction_received.title')}
              submit={t('requests.staff.correction_received.submit')}
            >
              <TextField
                {...field('correction-received', 'on', t('requests.staff.step.on'))}
                type="date"
                hint={t('requests.staff.step.on_hint')}
              />
              <TextField
                {...field('correction-received', 'text', t('requests.staff.correction_received.text'))}
                multiline
                optional
              />
            </StepForm>
          ) : null}

          {page.may.handle && steps.closeNoCorrection ? (
            <StepForm
              c={c}
              reference={ref}
              action="close-no-correction"
              id="close-no-correction"
              title={t('requests.staff.close_no_correction.title')}
              submit={t('requests.staff.close_no_correction.submit')}
            >
              <p class="hint">{t('requests.staff.close_no_correction.hint')}</p>
            </StepForm>
          ) : null}

          {page.may.handle && steps.consultation ? (
            <StepForm
              c={c}
              reference={ref}
              action="consultation"
              id="consultation"
              title={t('requests.staff.consultation.title')}
              submit={t('requests.staff.consultation.submit')}
            >
              <SelectField
                {...field('consultation', 'party', t('requests.staff.consultation.party'))}
                options={CONSULTATION_PARTIES.map((p) => ({
                  value: p,
                  label: t(`requests.staff.party.${p}`),
                }))}
              />
              <TextField
                {...field('consultation', 'partyName', t('requests.staff.consultation.party_name'))}
              />
              <TextField
                {...field('consultation', 'note', t('requests.staff.consultation.note'))}
                multiline
                optional
              />
            </StepForm>
          ) : null}

          {page.may.handle && steps.consultationEnd ? (
            <StepForm
              c={c}
              reference={ref}
              action="consultation-end"
              id="consultation-end"
              title={t('requests.staff.consultation_end.title')}
              submit={t('requests.staff.consultation_end.submit')}
            >
              <SelectField
                {...field('consultation-end', 'opinion', t('requests.staff.consultation_end.opinion'))}
                options={['agrees', 'objects', 'no_reply'].map((o) => ({
                  value: o,
                  label: t(`requests.staff.opinion.${o}`),
                }))}
              />
              <TextField
                {...field('consultation-end', 'on', t('requests.staff.step.on'))}
                type="date"
                hint={t('requests.staff.step.on_hint')}
              />
              <TextField
                {...field('consultation-end', 'note', t('requests.staff.consultation.note'))}
                multiline
                optional
              />
            </StepForm>
          ) : null}

          {page.may.handle && steps.extensionRequest ? (
            <StepForm
              c={c}
              reference={ref}
              action="extension-request"
              id="extension-request"
              title={t('requests.staff.extension.title')}
              submit={t('requests.staff.extension.submit')}
            >
              <p class="hint">{t('requests.staff.extension.hint')}</p>
              <TextField
                {...field('extension-request', 'workdays', t('requests.staff.extension.workdays'))}
                value={valuesOf('extension-request').workdays ?? String(MAX_EXTENSION_WORKDAYS)}
                type="number"
                inputmode="numeric"
              />
              <TextField
                {...field('extension-request', 'reason', t('requests.staff.extension.reason'))}
                multiline
              />
            </StepForm>
          ) : null}

          {steps.extensionApprove && page.pendingExtension ? (
            page.may.approve ? (
              <StepForm
                c={c}
                reference={ref}
                action="extension-approve"
                id="extension-approve"
                title={t('requests.staff.extension_approve.title')}
                submit={t('requests.staff.extension_approve.submit')}
              >
                <p>
                  {t('requests.staff.extension_approve.pending', {
                    n: page.pendingExtension.workdays,
                    reason: page.pendingExtension.reason,
                  })}
                </p>
                <TextField
                  {...field('extension-approve', 'workdays', t('requests.staff.extension.workdays'))}
                  value={valuesOf('extension-approve').workdays ?? String(page.pendingExtension.workdays)}
                  type="number"
                  inputmode="numeric"
                  hint={t('requests.staff.extension_approve.workdays_hint')}
                />
              </StepForm>
            ) : (
              <p class="notice">
                {t('requests.staff.extension_approve.waiting', { n: page.pendingExtension.workdays })}
              </p>
            )
          ) : null}

          {page.may.handle && steps.fee ? (
            <StepForm
              c={c}
              reference={ref}
              action="fee"
              id="fee"
              title={t('requests.staff.fee.title')}
              submit={t('requests.staff.fee.submit')}
            >
              <p class="hint">{t('requests.staff.fee.hint')}</p>
              <SelectField
                {...field('fee', 'basis', t('requests.staff.fee.basis'))}
                options={['count', 'pages'].map((b) => ({
                  value: b,
                  label: t(`requests.staff.fee.basis_${b}`),
                }))}
              />
              <TextField
                {...field('fee', 'pages', t('requests.staff.fee.pages'))}
                type="number"
                inputmode="numeric"
                optional
              />
            </StepForm>
          ) : null}

          {page.may.handle && steps.feePaid ? (
            <StepForm
              c={c}
              reference={ref}
              action="fee-paid"
              id="fee-paid"
              title={t('requests.staff.fee_paid.title')}
              submit={t('requests.staff.fee_paid.submit')}
            >
              <TextField
                {...field('fee-paid', 'on', t('requests.staff.step.on'))}
                type="date"
                hint={t('requests.staff.step.on_hint')}
              />
              <TextField
                {...field('fee-paid', 'receiptNumber', t('requests.staff.fee_paid.receipt'))}
                optional
              />
            </StepForm>
          ) : null}

          {page.may.handle && steps.closeFeeUnpaid ? (
            <StepForm
              c={c}
              reference={ref}
              action="close-fee-unpaid"
              id="close-fee-unpaid"
              title={t('requests.staff.close_fee_unpaid.title')}
              submit={t('requests.staff.close_fee_unpaid.submit')}
            >
              <p class="hint">{t('requests.staff.close_fee_unpaid.hint')}</p>
            </StepForm>
          ) : null}

          {page.may.handle && steps.answer ? (
            <StepForm
              c={c}
              reference={ref}
              action="answer"
              id="answer"
              multipart
              title={t('requests.staff.answer.title')}
              submit={t('requests.staff.answer.submit')}
              extraButtons={
                <button type="submit" name="preview" value="1" class="secondary">
                  {t('requests.staff.answer.preview')}
                </button>
              }
            >
              <GroupedSelect
                c={c}
                name="outcome"
                label={answerLabels.outcome!}
                hint={t('requests.staff.answer.outcome_hint')}
                value={valuesOf('answer').outcome}
                groups={outcomeGroups(c)}
                problems={problemsOf('answer')}
              />
              <GroundSelect
                c={c}
                grounds={page.grounds}
                value={valuesOf('answer').groundCode}
                problems={problemsOf('answer')}
                label={answerLabels.groundCode!}
              />
              <TextField
                {...field('answer', 'article', answerLabels.article!)}
                optional
                hint={t('requests.staff.answer.article_hint')}
              />
              <TextField
                {...field('answer', 'reasons', answerLabels.reasons!)}
                multiline
                optional
                hint={t('requests.staff.answer.reasons_hint')}
              />
              <FileField
                c={c}
                name="releasedFiles"
                label={answerLabels.releasedFiles!}
                multiple
                optional
                hint={t('requests.staff.answer.released_files_hint')}
                problems={problemsOf('answer')}
              />
              {page.preview ? (
                <div
                  class="letter-preview"
                  role="region"
                  aria-label={t('requests.staff.answer.preview_label')}
                >
                  <h4>{page.preview.title}</h4>
                  <pre class="letter-text">{page.preview.text}</pre>
                  {page.preview.missing.length > 0 ? (
                    <p class="notice notice-warning">
                      {t('requests.staff.answer.preview_missing', { names: page.preview.missing.join('、') })}
                    </p>
                  ) : null}
                </div>
              ) : null}
            </StepForm>
          ) : null}

          {page.may.handle && steps.transfer ? (
            <>
              <StepForm
                c={c}
                reference={ref}
                action="transfer"
                id="transfer"
                title={t('requests.staff.transfer.title')}
                submit={t('requests.staff.transfer.submit')}
              >
                <p class="hint">{t('requests.staff.transfer.hint')}</p>
                <SelectField
                  {...field('transfer', 'toOrgCode', t('requests.staff.transfer.to'))}
                  options={page.transferTargets}
                />
                <TextField {...field('transfer', 'note', t('requests.staff.consultation.note'))} optional />
              </StepForm>
              <StepForm
                c={c}
                reference={ref}
                action="refer"
                id="refer"
                title={t('requests.staff.refer.title')}
                submit={t('requests.staff.refer.submit')}
              >
                <p class="hint">{t('requests.staff.refer.hint')}</p>
                <TextField {...field('refer', 'responsibleBody', t('requests.staff.refer.body'))} />
                <TextField
                  {...field('refer', 'responsibleContact', t('requests.staff.refer.contact'))}
                  optional
                />
                <TextField
                  {...field('refer', 'note', t('requests.staff.consultation.note'))}
                  multiline
                  optional
                />
              </StepForm>
            </>
          ) : null}

          {page.may.handle && steps.delivery ? (
            <StepForm
              c={c}
              reference={ref}
              action="delivery"
              id="delivery"
              multipart
              title={t('requests.staff.delivery.title')}
              submit={t('requests.staff.delivery.submit')}
            >
              <SelectField
                {...field('delivery', 'method', t('requests.staff.delivery.method'))}
                options={DELIVERY_RECORD_METHODS.map((m) => ({
                  value: m,
                  label: t(`requests.staff.delivery_record.${m}`),
                }))}
              />
              <TextField
                {...field('delivery', 'on', t('requests.staff.step.on'))}
                type="date"
                hint={t('requests.staff.step.on_hint')}
              />
              <TextField
                {...field('delivery', 'trackingNumber', t('requests.staff.delivery.tracking'))}
                optional
              />
              <FileField
                c={c}
                name="proof"
                label={t('requests.staff.delivery.proof')}
                optional
                problems={problemsOf('delivery')}
              />
            </StepForm>
          ) : null}

          {page.may.handle && steps.appeal ? (
            <StepForm
              c={c}
              reference={ref}
              action="appeals"
              id="appeal"
              title={t('requests.staff.appeal.title')}
              submit={t('requests.staff.appeal.submit')}
            >
              <SelectField
                {...field('appeal', 'kind', t('requests.staff.appeal.kind'))}
                options={APPEAL_KINDS.map((k) => ({ value: k, label: t(`requests.staff.appeal_kind.${k}`) }))}
              />
              <TextField {...field('appeal', 'filedOn', t('requests.staff.appeal.filed_on'))} type="date" />
              <TextField
                {...field('appeal', 'body', t('requests.staff.appeal.body'))}
                hint={t('requests.staff.appeal.body_hint')}
              />
              <TextField
                {...field('appeal', 'caseNumber', t('requests.staff.appeal.case_number'))}
                optional
              />
            </StepForm>
          ) : null}
        </Section>
      ) : null}
    </StaffPage>
  );
}

function CaseFlags({ c, v }: { c: StaffContext; v: StaffApplicationView }) {
  const t = c.var.t;
  const flags: string[] = [];
  if (v.overdue) flags.push(t('requests.staff.flag.overdue'));
  else if (v.dueSoon) flags.push(t('requests.staff.flag.due_soon'));
  if (v.findings.includes('correction_request_late')) flags.push(t('requests.staff.flag.correction_late'));
  if (v.findings.includes('answered_late')) flags.push(t('requests.staff.flag.answered_late'));
  if (v.findings.includes('extension_after_due')) flags.push(t('requests.staff.flag.extension_after_due'));
  if (v.isVolumeFlagged) flags.push(t('requests.staff.flag.volume'));
  for (const alert of v.alerts) flags.push(t(`requests.staff.alert.${alert}`));
  if (flags.length === 0) return null;
  return (
    <ul class="case-flags" aria-label={t('requests.staff.case.flags')}>
      {flags.map((f) => (
        <li>{f}</li>
      ))}
    </ul>
  );
}
