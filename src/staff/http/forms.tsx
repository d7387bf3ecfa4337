import type { Child } from 'hono/jsx';
import { z } from 'zod';
import { CSRF_FIELD } from '../../platform/http/csrf.js';
import { hasMessage, type Translate } from '../../platform/i18n/i18n.js';
import { AppError, isAppError, type FieldProblem } from '../../platform/errors.js';
import type { StaffContext } from './staff-context.js';

/**
 * Form pieces in the GOV.UK patterns: an error summary at the top that links to each field, the
 * message above the field, input kept. Messages are i18n keys from use cases or the route schemas;
 * a key no message file knows falls back to one that names the field, so no page ever shows a key.
 */

export type FormValues = Record<string, string>;

export interface FormErrors {
  /** Problems by field, in the order they should be listed. */
  problems: FieldProblem[];
}

export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/** The text of one problem, naming the field when the message itself is unknown. */
export function problemText(t: Translate, problem: FieldProblem, label: string): string {
  if (hasMessage(problem.message)) return t(problem.message, { ...problem.params, field: label });
  return t('staff.form.check_field', { field: label });
}

export function problemFor(problems: readonly FieldProblem[], name: string): FieldProblem | undefined {
  return problems.find((p) => p.field === name);
}

export function CsrfField({ c }: { c: StaffContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={c.var.csrfToken} />;
}

export function ErrorSummary(props: {
  c: StaffContext;
  problems: readonly FieldProblem[];
  labels: Record<string, string>;
  /** A message not tied to a field (e.g. wrong password), shown first. */
  general?: string | undefined;
}) {
  const t = props.c.var.t;
  if (props.problems.length === 0 && !props.general) return null;
  // One line per field, in the order the fields appear on the page (the order of `labels`).
  const order = Object.keys(props.labels);
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const seen = new Set<string>();
  const fieldProblems = props.problems
    .filter((p) => {
      if (seen.has(p.field)) return false;
      seen.add(p.field);
      return true;
    })
    .sort((a, b) => rank(a.field) - rank(b.field));
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t('staff.form.error_summary')}</h2>
      <ul>
        {props.general ? <li>{props.general}</li> : null}
        {fieldProblems.map((p) =>
          p.field in props.labels ? (
            <li>
              <a href={`#${fieldId(p.field)}`}>{problemText(t, p, props.labels[p.field] ?? p.field)}</a>
            </li>
          ) : (
            <li>{problemText(t, p, p.field)}</li>
          ),
        )}
      </ul>
    </div>
  );
}

interface FieldProps {
  c: StaffContext;
  name: string;
  label: string;
  hint?: string | undefined;
  optional?: boolean;
  problems: readonly FieldProblem[];
}

function FieldFrame(props: FieldProps & { children: Child }) {
  const t = props.c.var.t;
  const problem = problemFor(props.problems, props.name);
  const id = fieldId(props.name);
  return (
    <div class={problem ? 'field field-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.optional ? t('staff.form.optional') : ''}
      </label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {problem ? (
        <span class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">{t('staff.form.error_prefix')}</span>
          {problemText(t, problem, props.label)}
        </span>
      ) : null}
      {props.children}
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const id = fieldId(props.name);
  const ids = [
    props.hint ? `${id}-hint` : null,
    problemFor(props.problems, props.name) ? `${id}-error` : null,
  ].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField(
  props: FieldProps & {
    value?: string | undefined;
    type?: 'text' | 'password' | 'email' | 'tel' | 'url' | 'number' | 'date' | 'search';
    autocomplete?: string;
    multiline?: boolean;
    inputmode?: 'numeric' | 'decimal' | 'email' | 'tel' | 'url' | 'text';
  },
) {
  const id = fieldId(props.name);
  const invalid = problemFor(props.problems, props.name) ? 'true' : undefined;
  return (
    <FieldFrame {...props}>
      {props.multiline ? (
        <textarea
          id={id}
          name={props.name}
          rows={5}
          aria-describedby={describedBy(props)}
          aria-invalid={invalid}
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
          aria-describedby={describedBy(props)}
          aria-invalid={invalid}
        />
      )}
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { value?: string | undefined; options: readonly Option[] }) {
  const id = fieldId(props.name);
  return (
    <FieldFrame {...props}>
      <select
        id={id}
        name={props.name}
        aria-describedby={describedBy(props)}
        aria-invalid={problemFor(props.problems, props.name) ? 'true' : undefined}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField(props: {
  c: StaffContext;
  name: string;
  label: string;
  checked: boolean;
  hint?: string;
}) {
  const id = fieldId(props.name);
  return (
    <div class="field checkbox-field">
      <input type="checkbox" id={id} name={props.name} value="1" checked={props.checked} />
      <label for={id}>{props.label}</label>
      {props.hint ? <span class="hint">{props.hint}</span> : null}
    </div>
  );
}

/** The form body as plain strings (files and repeated keys are not used by staff forms). */
export async function readForm(c: StaffContext): Promise<FormValues> {
  const body = await c.req.parseBody();
  const out: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === CSRF_FIELD) continue;
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** Turns zod issues of a route schema into field problems; schema messages are i18n keys. */
export function problemsOfZod(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'input',
    message: issue.message.startsWith('staff.') ? issue.message : 'staff.form.invalid',
  }));
}

/** Parses a form with a route schema or throws VALIDATION naming each field. */
export function parseForm<S extends z.ZodType>(schema: S, values: FormValues): z.infer<S> {
  const result = schema.safeParse(values);
  if (!result.success) throw AppError.validation(problemsOfZod(result.error));
  return result.data;
}

/** Field problems carried by an AppError a form can show next to its fields, or null for others. */
export function formProblemsOf(err: unknown): FieldProblem[] | null {
  if (!isAppError(err)) return null;
  const fields = err.details.fields ?? [];
  if (
    err.code === 'VALIDATION' ||
    ((err.code === 'CONFLICT' || err.code === 'INVALID_STATE') && fields.length)
  ) {
    return fields.length ? fields : [{ field: 'input', message: 'staff.form.invalid' }];
  }
  if (err.code === 'NOT_FOUND' && fields.length) return fields;
  return null;
}

/** An optional text field: blank is "not given". */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
