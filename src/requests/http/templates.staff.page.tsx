import type { FieldProblem } from '../../platform/errors.js';
import { CsrfField, ErrorSummary, TextField, type FormValues } from '../../staff/http/forms.js';
import { StaffPage } from '../../staff/http/staff-page.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import { LETTER_PLACEHOLDERS, type LetterKind } from '../letters.rules.js';
import { outcomeLabel } from './cases.staff.ui.js';
import './requests.staff.messages.js';

/** The editable letter templates: one per outcome and one per notice, with the placeholders they may use. */

export function letterKindLabel(c: StaffContext, kind: string): string {
  if (kind.startsWith('answer.')) {
    return c.var.t('requests.staff.templates.answer_kind', {
      outcome: outcomeLabel(c, kind.slice('answer.'.length)),
    });
  }
  return c.var.t(`requests.staff.templates.kind.${kind}`);
}

export function TemplatesPage(props: {
  c: StaffContext;
  templates: { kind: LetterKind; title: string; isEdited: boolean }[];
  done?: boolean;
}) {
  const { c } = props;
  const t = c.var.t;
  const title = t('requests.staff.templates.title');
  return (
    <StaffPage
      c={c}
      title={title}
      breadcrumbs={[{ href: '/staff/requests', label: t('requests.staff.list.title') }, { label: title }]}
    >
      <h1>{title}</h1>
      {props.done ? (
        <div class="notice" role="status">
          {t('requests.staff.done.template_saved')}
        </div>
      ) : null}
      <p>{t('requests.staff.templates.intro')}</p>
      <div class="table-wrap">
        <table>
          <caption>{t('requests.staff.templates.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('requests.staff.templates.kind_col')}</th>
              <th scope="col">{t('requests.staff.templates.title_col')}</th>
              <th scope="col">{t('requests.staff.templates.source_col')}</th>
            </tr>
          </thead>
          <tbody>
            {props.templates.map((tpl) => (
              <tr>
                <td>
                  <a href={`/staff/requests/templates/${encodeURIComponent(tpl.kind)}`}>
                    {letterKindLabel(c, tpl.kind)}
                  </a>
                </td>
                <td>{tpl.title}</td>
                <td>
                  {tpl.isEdited
                    ? t('requests.staff.templates.edited')
                    : t('requests.staff.templates.builtin')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </StaffPage>
  );
}

export function TemplateEditPage(props: {
  c: StaffContext;
  kind: LetterKind;
  values: FormValues;
  problems: FieldProblem[];
  preview: { title: string; text: string } | null;
}) {
  const { c, kind, values, problems } = props;
  const t = c.var.t;
  const title = t('requests.staff.templates.edit_title', { kind: letterKindLabel(c, kind) });
  const labels = {
    title: t('requests.staff.templates.field_title'),
    body: t('requests.staff.templates.field_body'),
  };
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={problems.length > 0}
      breadcrumbs={[
        { href: '/staff/requests', label: t('requests.staff.list.title') },
        { href: '/staff/requests/templates', label: t('requests.staff.templates.title') },
        { label: letterKindLabel(c, kind) },
      ]}
    >
      <h1>{title}</h1>
      <ErrorSummary c={c} problems={problems} labels={labels} />
      <form
        method="post"
        action={`/staff/requests/templates/${encodeURIComponent(kind)}`}
        novalidate
        class="case-form"
      >
        <CsrfField c={c} />
        <TextField c={c} name="title" label={labels.title} value={values.title} problems={problems} />
        <TextField
          c={c}
          name="body"
          label={labels.body}
          value={values.body}
          multiline
          problems={problems}
          hint={t('requests.staff.templates.body_hint')}
        />
        <p class="button-row">
          <button type="submit" name="preview" value="1" class="secondary">
            {t('requests.staff.templates.preview')}
          </button>
          <button type="submit">{t('staff.common.save')}</button>
        </p>
      </form>
      {props.preview ? (
        <div class="letter-preview" role="region" aria-label={t('requests.staff.templates.preview')}>
          <h2>{props.preview.title}</h2>
          <pre class="letter-text">{props.preview.text}</pre>
        </div>
      ) : null}
      <h2>{t('requests.staff.templates.placeholders')}</h2>
      <dl class="placeholder-list">
        {LETTER_PLACEHOLDERS.map((p) => (
          <>
            <dt>
              <code>{`{{${p}}}`}</code>
            </dt>
            <dd>{t(`requests.staff.placeholder.${p}`)}</dd>
          </>
        ))}
      </dl>
    </StaffPage>
  );
}
