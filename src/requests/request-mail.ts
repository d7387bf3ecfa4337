import type { Tx } from '../platform/db/transaction.js';
import type { MailMessage } from '../platform/mail/mailer.js';
import { OUTCOME_INFO, type Outcome } from './codes.js';
import type { RequestDeps } from './request-deps.js';
import { findApplicantOf, type ApplicationRow } from './requests.repository.js';

/**
 * Mail to the applicant at each step, when they gave an e-mail address: queued in the step's own
 * transaction. Mail carries the reference and the tracking address but never the query code (mail
 * can be forwarded or read by others; the code is shown once, on the confirmation page or the 回执).
 */
export type ApplicantMailKind =
  | { kind: 'received'; dueOn: string | null }
  | { kind: 'correction_requested'; correctionDueOn: string; items: string }
  | { kind: 'correction_received'; dueOn: string | null }
  | { kind: 'transferred'; orgName: string }
  | { kind: 'extended'; workdays: number; dueOn: string | null }
  | { kind: 'fee_notified'; amountYuan: number; feeDueOn: string | null }
  | { kind: 'answered'; outcome: Outcome }
  | { kind: 'closed_no_correction' }
  | { kind: 'closed_fee_unpaid' }
  | { kind: 'withdrawn' }
  | { kind: 'delivered'; method: string };

function compose(
  app: Pick<ApplicationRow, 'reference' | 'received_on'>,
  orgName: string,
  m: ApplicantMailKind,
): { subject: string; body: string } {
  const ref = app.reference;
  switch (m.kind) {
    case 'received':
      return {
        subject: `政府信息公开申请已收到（${ref}）`,
        body: `${orgName}已于${app.received_on}收到您的政府信息公开申请，申请编号为${ref}。${m.dueOn ? `依照《中华人民共和国政府信息公开条例》第三十三条，我们将于${m.dueOn}前答复。` : ''}`,
      };
    case 'correction_requested':
      return {
        subject: `请补正您的政府信息公开申请（${ref}）`,
        body: `您的申请内容不够明确。请于${m.correctionDueOn}前补正以下事项：\n${m.items}\n\n逾期无正当理由不补正的，视为放弃申请（条例第三十条）。您可以在查询页面在线补正。`,
      };
    case 'correction_received':
      return {
        subject: `已收到您的补正（${ref}）`,
        body: `我们已收到您补正后的申请，答复期限自收到补正之日起重新计算${m.dueOn ? `，将于${m.dueOn}前答复` : ''}。`,
      };
    case 'transferred':
      return {
        subject: `您的政府信息公开申请已转交${m.orgName}办理（${ref}）`,
        body: `您申请的信息由${m.orgName}负责公开，平台已将申请转交其办理。收到申请之日和答复期限不变。`,
      };
    case 'extended':
      return {
        subject: `您的政府信息公开申请答复期限已延长（${ref}）`,
        body: `经政府信息公开工作机构负责人同意，答复期限延长${m.workdays}个工作日${m.dueOn ? `，将于${m.dueOn}前答复` : ''}（条例第三十三条）。`,
      };
    case 'fee_notified':
      return {
        subject: `政府信息公开信息处理费缴费通知（${ref}）`,
        body: `本次申请应缴纳信息处理费${m.amountYuan}元${m.feeDueOn ? `，请于${m.feeDueOn}前缴纳` : ''}，逾期未缴纳的视为放弃申请（国办函〔2020〕109号）。缴费通知书可在查询页面查看。`,
      };
    case 'answered':
      return {
        subject: `您的政府信息公开申请已答复（${ref}）`,
        body: `${orgName}已对您的申请作出答复：${OUTCOME_INFO[m.outcome].group['zh-CN']}。答复告知书和公开的信息可在查询页面查看和下载。`,
      };
    case 'closed_no_correction':
      return {
        subject: `您的政府信息公开申请已终止处理（${ref}）`,
        body: '您未在补正期限内补正申请，依照条例第三十条，视为放弃申请，本机关不再处理该申请。',
      };
    case 'closed_fee_unpaid':
      return {
        subject: `您的政府信息公开申请已终止处理（${ref}）`,
        body: '您未在缴费期限内缴纳信息处理费，视为放弃申请，本机关不再处理该申请。',
      };
    case 'withdrawn':
      return {
        subject: `您已撤回政府信息公开申请（${ref}）`,
        body: '您的申请已撤回，本机关不再处理该申请。',
      };
    case 'delivered':
      return {
        subject: `政府信息公开答复已送达（${ref}）`,
        body: `答复已通过${m.method}送达。`,
      };
  }
}

export async function mailApplicant(
  deps: RequestDeps,
  trx: Tx,
  app: Pick<ApplicationRow, 'id' | 'reference' | 'received_on'>,
  orgName: string,
  message: ApplicantMailKind,
  /** The applicant's name and address when the caller has them at hand (saves reading them). */
  recipient?: { name: string; email: string | null | undefined },
): Promise<void> {
  const mail = applicantMail(deps, app, orgName, message, recipient ?? (await findApplicantOf(trx, app.id)));
  if (mail) await deps.mailer.queueMail(trx, mail);
}

/** The mail to the applicant for one step, or null when they gave no e-mail address. */
export function applicantMail(
  deps: Pick<RequestDeps, 'publicUrl'>,
  app: Pick<ApplicationRow, 'reference' | 'received_on'>,
  orgName: string,
  message: ApplicantMailKind,
  applicant: { name: string; email: string | null | undefined } | undefined,
): MailMessage | null {
  if (!applicant?.email) return null;
  const trackUrl = `${deps.publicUrl}/track`;
  const { subject, body } = compose(app, orgName, message);
  const text = `${applicant.name}：\n\n${body}\n\n查询办理进度：${trackUrl}（需要申请编号${app.reference}和提交申请时获得的查询码）\n\n${orgName}\n（本邮件由系统自动发送，请勿直接回复。）\n`;
  return { to: applicant.email, subject, text };
}
