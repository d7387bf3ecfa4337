import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '../../platform/http/csrf.js';
import type { AppEnv } from '../../platform/http/env.js';
import { hasMessage, type Translate } from '../../platform/i18n/i18n.js';
import type { FieldProblem } from '../../platform/errors.js';
import './apply.messages.js';

/**
 * The public form pieces (GOV.UK patterns): an error summary linking to each field, the message above
 * the field, input kept, optional fields marked "（选填）", radios in a fieldset whose legend can be the
 * page's h1. Messages are i18n keys; an unknown key falls back to one naming the field.
 */

type C = Context<AppEnv>;

export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

export function problemFor(problems: readonly FieldProblem[], name: string): FieldProblem | undefined {
  return problems.find((p) => p.field === name);
}

export function problemText(t: Translate, problem: FieldProblem, label: string): string {
  if (hasMessage(problem.message)) return t(problem.message, { ...problem.params, field: label });
  return t('apply.form.check_field', { field: label });
}

export function CsrfInput({ c }: { c: C }) {
  return <input type="hidden" name={CSRF_FIELD} value={c.var.csrfToken} />;
}

export function BackLink({ c, href }: { c: C; href: string }) {
  return (
    <p>
      <a class="back-link" href={href}>
        {c.var.t('apply.back')}
      </a>
    </p>
  );
}

export function ErrorSummary(props: {
  c: C;
  problems: readonly FieldProblem[];
  /** Field name → label, in page order; a field not listed is shown without a link. */
  labels: Record<string, string>;
  /** Where a field's link points when it is not on this page (check-your-answers). */
  hrefs?: Record<string, string>;
  general?: string | undefined;
}) {
  const t = props.c.var.t;
  if (props.problems.length === 0 && !props.general) return null;
  const order = Object.keys(props.labels);
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const seen = new Set<string>();
  const list = props.problems
    .filter((p) => (seen.has(p.field) ? false : (seen.add(p.field), true)))
    .sort((a, b) => rank(a.field) - rank(b.field));
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('apply.form.error_summary')}</h2>
      <ul>
        {props.general ? <li>{props.general}</li> : null}
        {list.map((p) => {
          const label = props.labels[p.field] ?? p.field;
          const href = props.hrefs?.[p.field] ?? (p.field in props.labels ? `#${fieldId(p.field)}` : null);
          return <li>{href ? <a href={href}>{problemText(t, p, label)}</a> : problemText(t, p, label)}</li>;
        })}
      </ul>
    </div>
  );
}

function ErrorLine({
  c,
  problem,
  label,
  id,
}: {
  c: C;
  problem: FieldProblem | undefined;
  label: string;
  id: string;
}) {
  if (!problem) return null;
  return (
    <span class="error-message" id={`${id}-error`}>
      <span class="visually-hidden">{c.var.t('apply.form.error_prefix')}</span>
      {problemText(c.var.t, problem, label)}
    </span>
  );
}

function describedBy(
  id: string,
  hint: string | undefined,
  problem: FieldProblem | undefined,
): string | undefined {
  const ids = [hint ? `${id}-hint` : null, problem ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export interface FieldProps {
  c: C;
  name: string;
  label: string;
  hint?: string | undefined;
  optional?: boolean;
  /** The label is the page's question: rendered inside the h1. */
  isPageHeading?: boolean;
  problems: readonly FieldProblem[];
}

function Label(props: FieldProps) {
  const text = `${props.label}${props.optional ? props.c.var.t('apply.form.optional') : ''}`;
  const label = <label for={fieldId(props.name)}>{text}</label>;
  return props.isPageHeading ? <h1 class="question">{label}</h1> : label;
}

export function TextInput(
  props: FieldProps & {
    value?: string | undefined;
    type?: 'text' | 'email' | 'tel' | 'search';
    autocomplete?: string;
    inputmode?: 'numeric' | 'tel' | 'email' | 'text';
    multiline?: boolean;
    spellcheck?: boolean;
    maxlength?: number;
  },
) {
  const id = fieldId(props.name);
  const problem = problemFor(props.problems, props.name);
  return (
    <div class={problem ? 'field field-error' : 'field'}>
      <Label {...props} />
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <ErrorLine c={props.c} problem={problem} label={props.label} id={id} />
      {props.multiline ? (
        <textarea
          id={id}
          name={props.name}
          rows={6}
          maxlength={props.maxlength}
          aria-describedby={describedBy(id, props.hint, problem)}
          aria-invalid={problem ? 'true' : undefined}
        >
          {props.value ?? ''}
        </textarea>
      ) : (
        <input
          id={id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          inputmode={props.inputmode}
          spellcheck={props.spellcheck === false ? false : undefined}
          maxlength={props.maxlength}
          aria-describedby={describedBy(id, props.hint, problem)}
          aria-invalid={problem ? 'true' : undefined}
        />
      )}
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

/** Radios in a fieldset; the legend is the page's h1 when the question is the page. */
export function RadioGroup(props: FieldProps & { value?: string | undefined; choices: readonly Choice[] }) {
  const t = props.c.var.t;
  const id = fieldId(props.name);
  const problem = problemFor(props.problems, props.name);
  const legendText = `${props.label}${props.optional ? t('apply.form.optional') : ''}`;
  return (
    <div class={problem ? 'field field-error' : 'field'}>
      <fieldset aria-describedby={describedBy(id, props.hint, problem)}>
        <legend>{props.isPageHeading ? <h1 class="question">{legendText}</h1> : legendText}</legend>
        {props.hint ? (
          <span class="hint" id={`${id}-hint`}>
            {props.hint}
          </span>
        ) : null}
        <ErrorLine c={props.c} problem={problem} label={props.label} id={id} />
        {props.choices.map((choice, i) => {
          const optionId = i === 0 ? id : `${id}-${i + 1}`;
          return (
            <div class="radio">
              <input
                type="radio"
                id={optionId}
                name={props.name}
                value={choice.value}
                checked={choice.value === props.value}
                aria-describedby={choice.hint ? `${optionId}-hint` : undefined}
              />
              <label for={optionId}>
                {choice.label}
                {choice.hint ? (
                  <span class="hint" id={`${optionId}-hint`}>
                    {choice.hint}
                  </span>
                ) : null}
              </label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

/**
 * The honeypot: a text input people never see or reach (visually hidden, aria-hidden, out of the tab
 * order, no autofill) and so leave empty; simple bots fill every field.
 */
export const HONEYPOT_FIELD = 'website';

export function Honeypot({ c }: { c: C }) {
  return (
    <div class="visually-hidden" aria-hidden="true">
      <label for="f-website">{c.var.t('apply.honeypot_label')}</label>
      <input type="text" id="f-website" name={HONEYPOT_FIELD} value="" tabindex={-1} autocomplete="off" />
    </div>
  );
}

export function SubmitButton({ children, class: cls }: { children: Child; class?: string }) {
  return (
    <button type="submit" class={cls}>
      {children}
    </button>
  );
}
