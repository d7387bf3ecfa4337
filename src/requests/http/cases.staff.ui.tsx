import type { Child } from 'hono/jsx';
import type { FieldProblem } from '../../platform/errors.js';
import { fieldId, problemFor, problemText } from '../../staff/http/forms.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import type { SkippedDay } from '../../calendar/calendar.rules.js';
import { APPLICANT_TYPE_LABELS, CHANNEL_LABELS, OUTCOME_INFO, OUTCOMES, type Outcome } from '../codes.js';
import type { DeadlineStep } from '../deadline.rules.js';
import './requests.staff.messages.js';

/** Small pieces shared by the 依申请公开 back-office pages. */

type Labelled = { 'zh-CN': string; en: string };

/** A fixed code label in the page's language (zh-TW pages are converted from zh-CN by OpenCC). */
export function inLang(c: StaffContext, labels: Labelled): string {
  return c.var.lang === 'en' ? labels.en : labels['zh-CN'];
}

export function channelLabel(c: StaffContext, channel: string): string {
  const l = CHANNEL_LABELS[channel as keyof typeof CHANNEL_LABELS];
  return l ? inLang(c, l) : channel;
}

export function applicantTypeLabel(c: StaffContext, type: string): string {
  const l = APPLICANT_TYPE_LABELS[type as keyof typeof APPLICANT_TYPE_LABELS];
  return l ? inLang(c, l) : type;
}

/** `（三）不予公开 · 4.保护第三方合法权益`: the 年报 group and row of an outcome. */
export function outcomeLabel(c: StaffContext, outcome: string | null): string {
  if (!outcome) return '';
  const info = OUTCOME_INFO[outcome as Outcome];
  if (!info) return outcome;
  const group = inLang(c, info.group);
  const row = inLang(c, info.row);
  return group === row ? group : `${group} · ${row}`;
}

/** The 21 outcomes grouped as the annual report's rows, for a `<select>` with `<optgroup>`s. */
export function outcomeGroups(
  c: StaffContext,
): { label: string; options: { value: string; label: string }[] }[] {
  const groups: { label: string; options: { value: string; label: string }[] }[] = [];
  for (const o of OUTCOMES) {
    const info = OUTCOME_INFO[o];
    const label = inLang(c, info.group);
    let group = groups.find((g) => g.label === label);
    if (!group) groups.push((group = { label, options: [] }));
    group.options.push({ value: o, label: info.group === info.row ? label : inLang(c, info.row) });
  }
  return groups;
}

export function StatusTag({ c, status }: { c: StaffContext; status: string }) {
  return <span class={`status-tag case-status-${status}`}>{c.var.t(`requests.staff.status.${status}`)}</span>;
}

/** A form field's error line for inputs the staff helpers do not draw (files, grouped selects). */
export function FieldErrorLine(props: {
  c: StaffContext;
  problems: readonly FieldProblem[];
  name: string;
  label: string;
}) {
  const problem = problemFor(props.problems, props.name);
  if (!problem) return null;
  return (
    <span class="error-message" id={`${fieldId(props.name)}-error`}>
      <span class="visually-hidden">{props.c.var.t('staff.form.error_prefix')}</span>
      {problemText(props.c.var.t, problem, props.label)}
    </span>
  );
}

/** A labelled `<select>` whose options sit in `<optgroup>`s. */
export function GroupedSelect(props: {
  c: StaffContext;
  name: string;
  label: string;
  hint?: string;
  value: string | undefined;
  empty?: string;
  groups: { label: string; options: { value: string; label: string }[] }[];
  problems: readonly FieldProblem[];
}) {
  const id = fieldId(props.name);
  const problem = problemFor(props.problems, props.name);
  const described = [props.hint ? `${id}-hint` : null, problem ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={problem ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <FieldErrorLine c={props.c} problems={props.problems} name={props.name} label={props.label} />
      <select
        id={id}
        name={props.name}
        aria-describedby={described || undefined}
        aria-invalid={problem ? 'true' : undefined}
      >
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.groups.map((g) => (
          <optgroup label={g.label}>
            {g.options.map((o) => (
              <option value={o.value} selected={o.value === props.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** A labelled file input (multipart forms). */
export function FileField(props: {
  c: StaffContext;
  name: string;
  label: string;
  hint?: string;
  optional?: boolean;
  multiple?: boolean;
  problems: readonly FieldProblem[];
}) {
  const id = fieldId(props.name);
  const problem = problemFor(props.problems, props.name);
  const described = [props.hint ? `${id}-hint` : null, problem ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={problem ? 'field field-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.optional ? props.c.var.t('staff.form.optional') : ''}
      </label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <FieldErrorLine c={props.c} problems={props.problems} name={props.name} label={props.label} />
      <input
        type="file"
        id={id}
        name={props.name}
        multiple={props.multiple}
        aria-describedby={described || undefined}
        aria-invalid={problem ? 'true' : undefined}
      />
    </div>
  );
}

export function Section(props: { id: string; title: string; children: Child }) {
  return (
    <section class="case-section" id={props.id} aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

// --- the due date's explanation ---------------------------------------------------------------

function skippedText(c: StaffContext, days: readonly SkippedDay[]): string {
  const t = c.var.t;
  const sep = t('requests.staff.explain.sep');
  const weekends = days.filter((d) => d.reason === 'weekend').length;
  const holidays = days.filter((d) => d.reason === 'holiday').length;
  const office = days.filter((d) => d.reason === 'office_rest').length;
  const parts: string[] = [];
  if (weekends) parts.push(t('requests.staff.explain.weekend_days', { n: weekends }));
  if (holidays) parts.push(t('requests.staff.explain.holiday_days', { n: holidays }));
  if (office) parts.push(t('requests.staff.explain.office_days', { n: office }));
  const names = [...new Set(days.filter((d) => d.reason !== 'weekend' && d.name).map((d) => d.name!))];
  return (
    parts.join(sep) + (names.length ? t('requests.staff.explain.names', { names: names.join(sep) }) : '')
  );
}

export function explanationStepText(c: StaffContext, step: DeadlineStep): string {
  const t = c.var.t;
  switch (step.kind) {
    case 'receipt':
      return t('requests.staff.explain.receipt', {
        date: step.date,
        basis: step.basis ?? t('requests.staff.explain.basis_default'),
      });
    case 'correction_requested':
      return t(step.isLate ? 'requests.staff.explain.correction_late' : 'requests.staff.explain.correction', {
        date: step.date,
        due: step.correctionDueOn,
        latest: step.requestDueOn,
      });
    case 'awaiting_correction':
      return t('requests.staff.explain.awaiting_correction', { due: step.correctionDueOn });
    case 'restart':
      return t('requests.staff.explain.restart', { date: step.date });
    case 'counted': {
      const worked = step.workedWeekends.length
        ? t('requests.staff.explain.worked_weekends', {
            dates: step.workedWeekends.map((w) => w.date).join(t('requests.staff.explain.sep')),
          })
        : '';
      return (
        t('requests.staff.explain.counted', {
          from: step.from,
          to: step.to,
          n: step.workingDays,
          total: step.total,
        }) + worked
      );
    }
    case 'skipped':
      return step.from === step.to
        ? t('requests.staff.explain.skipped_one', { date: step.from, what: skippedText(c, step.days) })
        : t('requests.staff.explain.skipped', {
            from: step.from,
            to: step.to,
            what: skippedText(c, step.days),
          });
    case 'paused':
      return t(`requests.staff.explain.paused_${step.cause}`, {
        from: step.from,
        to: step.to,
        n: step.workingDays,
        window: step.windowEnd,
        ended: t(`requests.staff.explain.ended_by.${step.endedBy}`),
      });
    case 'extension':
      return t('requests.staff.explain.extension', { date: step.date, n: step.workdays, total: step.total });
    case 'transfer':
      return t('requests.staff.explain.transfer', { date: step.date, to: step.to });
    case 'due':
      return t(step.isProvisional ? 'requests.staff.explain.due_provisional' : 'requests.staff.explain.due', {
        date: step.date,
        n: step.workingDays,
      });
  }
}

export function DeadlineSteps({ c, steps }: { c: StaffContext; steps: readonly DeadlineStep[] }) {
  if (steps.length === 0) return null;
  return (
    <ol class="explanation">
      {steps.map((s) => (
        <li>{explanationStepText(c, s)}</li>
      ))}
    </ol>
  );
}
