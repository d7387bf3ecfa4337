import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import type { FieldProblem } from '../../platform/errors.js';
import { PublicLayout, type Crumb } from '../../platform/ui/layout.js';
import type { DeadlineStep } from '../deadline.rules.js';
import { DeadlineExplanation } from './deadline-explanation.public.js';
import { formatSize } from './apply.public.pages.js';
import {
  BackLink,
  CsrfInput,
  ErrorSummary,
  fieldId,
  problemFor,
  problemText,
  TextInput,
} from './form.public.js';
import './apply.messages.js';

type C = Context<AppEnv>;

/** What the tracking pages show of one application: nothing about the applicant, no staff names. */
export interface TrackView {
  reference: string;
  orgName: string;
  receivedOn: string;
  status: string;
  outcomeLabel: string | null;
  dueOn: string | null;
  isProvisional: boolean;
  isOverdue: boolean;
  closedOn: string | null;
  timeline: { on: string; text: string }[];
  explanation: readonly DeadlineStep[];
  files: { id: number; kind: string; name: string; size: number | null }[];
  canWithdraw: boolean;
  /** What the applicant asked for (their own words). */
  description: string;
  /** Letters the office sent (告知书), as text. */
  letters: { kind: string; title: string; text: string; on: string }[];
  /** 补正 requested and not yet answered: the deadline and what to correct. */
  correction: { dueOn: string | null; items: string[] } | null;
}

function crumbs(c: C, current?: string): Crumb[] {
  const t = c.var.t;
  return current
    ? [{ href: '/', label: t('nav.home') }, { href: '/track', label: t('track.crumb') }, { label: current }]
    : [{ href: '/', label: t('nav.home') }, { label: t('track.crumb') }];
}

export function TrackFormPage(props: {
  c: C;
  values: { reference: string };
  problems: FieldProblem[];
  general?: string | undefined;
  notice?: string | undefined;
  status?: number;
}) {
  const { c, problems } = props;
  const t = c.var.t;
  const title = t('track.title');
  const labels = { reference: t('track.reference'), queryCode: t('track.query_code') };
  return (
    <PublicLayout
      c={c}
      title={title}
      breadcrumbs={crumbs(c)}
      hasError={problems.length > 0 || Boolean(props.general)}
    >
      <ErrorSummary c={c} problems={problems} labels={labels} general={props.general} />
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <h1>{title}</h1>
      <p>{t('track.lead')}</p>
      <form method="post" action="/track" novalidate>
        <CsrfInput c={c} />
        <TextInput
          c={c}
          name="reference"
          label={labels.reference}
          hint={t('track.reference_hint')}
          value={props.values.reference}
          autocomplete="off"
          spellcheck={false}
          maxlength={64}
          problems={problems}
        />
        <TextInput
          c={c}
          name="queryCode"
          label={labels.queryCode}
          hint={t('track.query_code_hint')}
          value=""
          autocomplete="off"
          spellcheck={false}
          maxlength={64}
          problems={problems}
        />
        <button type="submit">{t('track.submit')}</button>
      </form>
      <p>{t('track.lost_code')}</p>
      <p>
        <a href="/apply">{t('track.apply_link')}</a>
      </p>
    </PublicLayout>
  );
}

export function StatusPage({ c, view: v, notice }: { c: C; view: TrackView; notice?: string | undefined }) {
  const t = c.var.t;
  const title = t('track.status.title', { reference: v.reference });
  return (
    <PublicLayout c={c} title={title} breadcrumbs={crumbs(c, v.reference)}>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <h1>
        <span class="caption">{t('track.status.caption')}</span>
        {v.reference}
      </h1>
      <dl class="facts">
        <dt>{t('track.status.org')}</dt>
        <dd lang={c.var.lang === 'en' ? 'zh-CN' : undefined}>{v.orgName}</dd>
        <dt>{t('track.status.status')}</dt>
        <dd>
          <strong>{t(`track.status_label.${v.status}`)}</strong>
          {v.outcomeLabel ? `：${v.outcomeLabel}` : ''}
        </dd>
        <dt>{t('track.status.received_on')}</dt>
        <dd>{v.receivedOn}</dd>
        {v.closedOn ? (
          <>
            <dt>{t('track.status.closed_on')}</dt>
            <dd>{v.closedOn}</dd>
          </>
        ) : (
          <>
            <dt>{t('track.status.due_on')}</dt>
            <dd>
              {v.dueOn ?? t('track.status.due_paused')}
              {v.isOverdue ? <span class="hint">{t('track.status.overdue')}</span> : null}
              {v.isProvisional ? <span class="hint">{t('apply.done.provisional')}</span> : null}
            </dd>
          </>
        )}
      </dl>

      {v.correction ? (
        <section class="panel" aria-labelledby="correction-h">
          <h2 id="correction-h">{t('track.correction.h')}</h2>
          <p>
            {v.correction.dueOn
              ? t('track.correction.due', { date: v.correction.dueOn })
              : t('track.correction.lead')}
          </p>
          {v.correction.items.length ? (
            <ul>
              {v.correction.items.map((item) => (
                <li>{item}</li>
              ))}
            </ul>
          ) : null}
          <p>
            <a class="button" href="/track/correction" role="button" draggable="false">
              {t('track.correction.button')}
            </a>
          </p>
        </section>
      ) : null}

      <h2>{t('track.timeline.h')}</h2>
      <ol class="timeline">
        {v.timeline.map((e) => (
          <li>
            <span class="muted">{e.on}</span> {e.text}
          </li>
        ))}
      </ol>

      {v.explanation.length ? (
        <>
          <h2>{t('track.explain.h')}</h2>
          <p>{t('track.explain.lead')}</p>
          <DeadlineExplanation c={c} steps={v.explanation} />
        </>
      ) : null}

      <h2>{t('track.asked.h')}</h2>
      <p class="prewrap">{v.description}</p>

      <h2>{t('track.letters.h')}</h2>
      {v.letters.length ? (
        <ul class="plain-list">
          {v.letters.map((l, i) => (
            <li>
              <details>
                <summary>
                  {l.title}（{l.on}）
                </summary>
                <div class="prewrap letter-text">{l.text}</div>
              </details>
              <a href={`/track/letters/${i + 1}`} download>
                {t('track.letters.download')}
                <span class="visually-hidden"> {l.title}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('track.letters.none')}</p>
      )}

      <h2>{t('track.files.h')}</h2>
      {v.files.length ? (
        <ul class="plain-list">
          {v.files.map((f) => (
            <li>
              <a href={`/track/files/${f.id}`}>{f.name}</a>（{t(`apply.files.${f.kind}`)}
              {f.size !== null ? `，${formatSize(f.size)}` : ''}）
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('track.files.none')}</p>
      )}

      {v.canWithdraw ? (
        <>
          <h2>{t('track.withdraw.h')}</h2>
          <p>{t('track.withdraw.lead')}</p>
          <p>
            <a href="/track/withdraw">{t('track.withdraw.link')}</a>
          </p>
        </>
      ) : null}

      <form method="post" action="/track/sign-out" class="inline-form">
        <CsrfInput c={c} />
        <button type="submit" class="secondary">
          {t('track.sign_out')}
        </button>
      </form>
    </PublicLayout>
  );
}

export function WithdrawPage({
  c,
  view: v,
  general,
}: {
  c: C;
  view: TrackView;
  general?: string | undefined;
}) {
  const t = c.var.t;
  const title = t('track.withdraw.title');
  return (
    <PublicLayout c={c} title={title} breadcrumbs={crumbs(c, title)} hasError={Boolean(general)}>
      <BackLink c={c} href="/track/status" />
      <ErrorSummary c={c} problems={[]} labels={{}} general={general} />
      <h1>{title}</h1>
      <p>{t('track.withdraw.confirm_text', { reference: v.reference })}</p>
      <p>{t('track.withdraw.consequence')}</p>
      <form method="post" action="/track/withdraw" novalidate>
        <CsrfInput c={c} />
        <TextInput
          c={c}
          name="reason"
          label={t('track.withdraw.reason')}
          optional
          multiline
          maxlength={2000}
          problems={[]}
        />
        <button type="submit" class="danger">
          {t('track.withdraw.button')}
        </button>
      </form>
      <p>
        <a href="/track/status">{t('track.withdraw.cancel')}</a>
      </p>
    </PublicLayout>
  );
}

export function CorrectionPage(props: {
  c: C;
  view: TrackView;
  text: string;
  problems: FieldProblem[];
  general?: string | undefined;
}) {
  const { c, problems } = props;
  const t = c.var.t;
  const title = t('track.correction.title');
  const labels = { text: title, file: t('track.correction.file') };
  const fileProblem = problemFor(problems, 'file');
  const fid = fieldId('file');
  return (
    <PublicLayout
      c={c}
      title={title}
      breadcrumbs={crumbs(c, title)}
      hasError={problems.length > 0 || Boolean(props.general)}
    >
      <BackLink c={c} href="/track/status" />
      <ErrorSummary c={c} problems={problems} labels={labels} general={props.general} />
      {props.view.correction?.items.length ? (
        <div class="panel">
          <p>{t('track.correction.items_h')}</p>
          <ul>
            {props.view.correction.items.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action="/track/correction" enctype="multipart/form-data" novalidate>
        <CsrfInput c={c} />
        <TextInput
          c={c}
          name="text"
          label={title}
          isPageHeading
          hint={t('track.correction.hint')}
          multiline
          maxlength={10000}
          value={props.text}
          problems={problems}
        />
        <div class={fileProblem ? 'field field-error' : 'field'}>
          <label for={fid}>
            {labels.file}
            {t('apply.form.optional')}
          </label>
          <span class="hint" id={`${fid}-hint`}>
            {t('apply.files.limits', { mb: 5 })}
          </span>
          {fileProblem ? (
            <span class="error-message" id={`${fid}-error`}>
              <span class="visually-hidden">{t('apply.form.error_prefix')}</span>
              {problemText(t, fileProblem, labels.file)}
            </span>
          ) : null}
          <input
            type="file"
            id={fid}
            name="file"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            aria-describedby={[`${fid}-hint`, fileProblem ? `${fid}-error` : ''].filter(Boolean).join(' ')}
          />
        </div>
        <button type="submit">{t('track.correction.submit')}</button>
      </form>
    </PublicLayout>
  );
}
