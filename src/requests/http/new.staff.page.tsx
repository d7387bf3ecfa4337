import type { FieldProblem } from '../../platform/errors.js';
import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  SelectField,
  TextField,
  type FormValues,
  type Option,
} from '../../staff/http/forms.js';
import { StaffPage } from '../../staff/http/staff-page.js';
import type { StaffContext } from '../../staff/http/staff-context.js';
import { ID_DOCUMENT_TYPES } from '../applicant.rules.js';
import { APPLICANT_TYPES, CHANNELS } from '../codes.js';
import { DELIVERY_FORMS, DELIVERY_METHODS } from '../request-input.js';
import type { AnswerGroundRow } from '../requests.repository.js';
import {
  applicantTypeLabel,
  channelLabel,
  FileField,
  GroupedSelect,
  outcomeGroups,
  outcomeLabel,
} from './cases.staff.ui.js';
import './requests.staff.messages.js';

/** 补录: staff register an application that arrived offline (and, optionally, answer it on the spot). */

/** The channels staff register; `online` here means another online system (the platform's own form registers itself). */
export const BACK_ENTRY_CHANNELS = CHANNELS;

/** Labels of the form's fields, in page order (the error summary follows it). */
export function newApplicationLabels(c: StaffContext): Record<string, string> {
  const t = c.var.t;
  return {
    orgCode: t('requests.staff.field.org'),
    channel: t('requests.staff.field.channel'),
    receiptDate: t('requests.staff.new.receipt_date'),
    'receipt.handedInOn': t('requests.staff.new.receipt_date'),
    'receipt.signedForOn': t('requests.staff.new.receipt_date'),
    'receipt.confirmedOn': t('requests.staff.new.receipt_date'),
    'receipt.mailReceivedOn': t('requests.staff.new.receipt_date'),
    receivedOn: t('requests.staff.new.receipt_date'),
    applicantType: t('requests.staff.field.applicant_type'),
    name: t('requests.staff.field.applicant_name'),
    idType: t('requests.staff.field.id_type'),
    idNumber: t('requests.staff.field.id_number'),
    creditCode: t('requests.staff.field.credit_code'),
    contactPerson: t('requests.staff.field.contact_person'),
    phone: t('requests.staff.field.phone'),
    email: t('requests.staff.field.email'),
    address: t('requests.staff.field.address'),
    postcode: t('requests.staff.field.postcode'),
    description: t('requests.staff.field.description'),
    docTitle: t('requests.staff.field.doc_title'),
    docNumber: t('requests.staff.field.doc_number'),
    purpose: t('requests.staff.field.purpose'),
    deliveryForm: t('requests.staff.field.delivery_form'),
    deliveryMethod: t('requests.staff.field.delivery_method'),
    paperScan: t('requests.staff.new.paper_scan'),
    attachments: t('requests.staff.new.paper_scan'),
    idCopy: t('requests.staff.new.id_copy'),
    outcome: t('requests.staff.answer.outcome'),
    groundCode: t('requests.staff.answer.ground'),
    reasons: t('requests.staff.answer.reasons'),
    releasedFiles: t('requests.staff.answer.released_files'),
  };
}

export function NewApplicationPage(props: {
  c: StaffContext;
  values: FormValues;
  problems: FieldProblem[];
  general?: string;
  orgOptions: Option[];
  grounds: AnswerGroundRow[];
}) {
  const { c, values, problems } = props;
  const t = c.var.t;
  const title = t('requests.staff.new.title');
  const labels = newApplicationLabels(c);
  const hasError = problems.length > 0 || Boolean(props.general);
  const field = (name: string) => ({ c, name, label: labels[name] ?? name, problems, value: values[name] });
  return (
    <StaffPage
      c={c}
      title={title}
      hasError={hasError}
      breadcrumbs={[{ href: '/staff/requests', label: t('requests.staff.list.title') }, { label: title }]}
    >
      <h1>{title}</h1>
      <ErrorSummary c={c} problems={problems} labels={labels} general={props.general} />
      <p>{t('requests.staff.new.intro')}</p>
      <form
        method="post"
        action="/staff/requests/new"
        enctype="multipart/form-data"
        novalidate
        class="case-form"
      >
        <CsrfField c={c} />
        <SelectField {...field('orgCode')} options={props.orgOptions} />

        <fieldset>
          <legend>{t('requests.staff.new.arrival')}</legend>
          <SelectField
            {...field('channel')}
            value={values.channel ?? 'in_person'}
            options={CHANNELS.map((ch) => ({ value: ch, label: channelLabel(c, ch) }))}
          />
          <details class="receipt-rules" open={hasError ? undefined : true}>
            <summary>{t('requests.staff.new.receipt_rules')}</summary>
            <dl class="receipt-rule-list">
              {CHANNELS.map((ch) => (
                <>
                  <dt>{channelLabel(c, ch)}</dt>
                  <dd>{t(`requests.staff.receipt_rule.${ch}`)}</dd>
                </>
              ))}
            </dl>
          </details>
          <TextField {...field('receiptDate')} type="date" hint={t('requests.staff.new.receipt_date_hint')} />
          <CheckboxField
            c={c}
            name="isOral"
            label={t('requests.staff.new.is_oral')}
            hint={t('requests.staff.new.is_oral_hint')}
            checked={values.isOral === '1'}
          />
          <FileField
            c={c}
            name="paperScan"
            label={labels.paperScan!}
            hint={t('requests.staff.new.paper_scan_hint')}
            problems={problems}
          />
          <FileField c={c} name="idCopy" label={labels.idCopy!} optional problems={problems} />
        </fieldset>

        <fieldset>
          <legend>{t('requests.staff.new.applicant')}</legend>
          <SelectField
            {...field('applicantType')}
            value={values.applicantType ?? 'natural_person'}
            options={APPLICANT_TYPES.map((a) => ({ value: a, label: applicantTypeLabel(c, a) }))}
          />
          <TextField {...field('name')} hint={t('requests.staff.new.name_hint')} />
          <SelectField
            {...field('idType')}
            value={values.idType ?? 'resident_id'}
            options={ID_DOCUMENT_TYPES.map((d) => ({ value: d, label: t(`requests.staff.id_type.${d}`) }))}
          />
          <TextField {...field('idNumber')} hint={t('requests.staff.new.id_number_hint')} />
          <TextField {...field('creditCode')} hint={t('requests.staff.new.org_only_hint')} />
          <TextField {...field('contactPerson')} hint={t('requests.staff.new.org_only_hint')} />
          <TextField {...field('phone')} type="tel" optional />
          <TextField {...field('email')} type="email" optional />
          <TextField {...field('address')} optional />
          <TextField {...field('postcode')} optional inputmode="numeric" />
        </fieldset>

        <fieldset>
          <legend>{t('requests.staff.new.request')}</legend>
          <TextField {...field('description')} multiline />
          <TextField {...field('docTitle')} optional />
          <TextField {...field('docNumber')} optional />
          <TextField {...field('purpose')} optional multiline />
          <SelectField
            {...field('deliveryForm')}
            value={values.deliveryForm ?? 'paper'}
            options={DELIVERY_FORMS.map((d) => ({ value: d, label: t(`requests.staff.delivery_form.${d}`) }))}
          />
          <SelectField
            {...field('deliveryMethod')}
            value={values.deliveryMethod ?? 'pickup'}
            options={DELIVERY_METHODS.map((d) => ({
              value: d,
              label: t(`requests.staff.delivery_method.${d}`),
            }))}
          />
        </fieldset>

        <fieldset>
          <legend>{t('requests.staff.new.on_the_spot')}</legend>
          <p class="hint">{t('requests.staff.new.on_the_spot_hint')}</p>
          <GroupedSelect
            c={c}
            name="outcome"
            label={labels.outcome!}
            value={values.outcome}
            empty={t('requests.staff.new.no_on_the_spot')}
            groups={outcomeGroups(c)}
            problems={problems}
          />
          <GroundSelect
            c={c}
            grounds={props.grounds}
            value={values.groundCode}
            problems={problems}
            label={labels.groundCode!}
          />
          <TextField {...field('reasons')} optional multiline />
        </fieldset>

        <button type="submit">{t('requests.staff.new.submit')}</button>
      </form>
    </StaffPage>
  );
}

/** The editable list of answer grounds, grouped by the outcome each belongs to. */
export function GroundSelect(props: {
  c: StaffContext;
  grounds: AnswerGroundRow[];
  value: string | undefined;
  problems: FieldProblem[];
  label: string;
}) {
  const { c } = props;
  const groups: { label: string; options: { value: string; label: string }[] }[] = [];
  for (const g of props.grounds) {
    const label = outcomeLabel(c, g.outcome);
    let group = groups.find((x) => x.label === label);
    if (!group) groups.push((group = { label, options: [] }));
    group.options.push({ value: g.code, label: g.article ? `${g.label}（${g.article}）` : g.label });
  }
  return (
    <GroupedSelect
      c={c}
      name="groundCode"
      label={props.label}
      hint={c.var.t('requests.staff.answer.ground_hint')}
      value={props.value}
      empty={c.var.t('requests.staff.answer.no_ground')}
      groups={groups}
      problems={props.problems}
    />
  );
}
