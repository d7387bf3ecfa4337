import { OUTCOMES, OUTCOME_INFO, type Outcome } from './codes.js';

/**
 * Letters (告知书) as text: one editable template per kind (an answer per outcome, and the notices the
 * procedure requires), with `{{placeholder}}` facts. Rendering to Word and PDF happens elsewhere;
 * this is the text they render. Pure.
 */

export const NOTICE_LETTER_KINDS = [
  'acknowledgement', // 登记回执
  'correction', // 补正告知书 (条例第三十条)
  'extension', // 延期答复告知书 (条例第三十三条)
  'fee', // 收费通知书 (条例第四十二条)
  'consultation', // 征求意见函 (条例第三十二条)
  'transfer', // 转办告知 (the platform hands it to the responsible organisation)
] as const;
export type NoticeLetterKind = (typeof NOTICE_LETTER_KINDS)[number];
export type LetterKind = NoticeLetterKind | `answer.${Outcome}`;

export const LETTER_KINDS: readonly LetterKind[] = [
  ...NOTICE_LETTER_KINDS,
  ...OUTCOMES.map((o) => `answer.${o}` as const),
];

export function isLetterKind(value: string): value is LetterKind {
  return (LETTER_KINDS as readonly string[]).includes(value);
}

export function answerLetterKind(outcome: Outcome): LetterKind {
  return `answer.${outcome}`;
}

/** The facts a letter may use. Every value is plain text; dates `YYYY-MM-DD`. */
export const LETTER_PLACEHOLDERS = [
  'applicantName',
  'reference',
  'orgName',
  'receivedOn',
  'description',
  'letterDate',
  'outcomeLabel',
  'article',
  'groundLabel',
  'reasons',
  'releasedFiles',
  'dueOn',
  'correctionItems',
  'correctionDueOn',
  'extensionWorkdays',
  'extensionReason',
  'feeAmountYuan',
  'feeDueOn',
  'feeBasis',
  'consultedParty',
  'consultationDueOn',
  'responsibleBody',
  'responsibleContact',
  'note',
] as const;
export type LetterPlaceholder = (typeof LETTER_PLACEHOLDERS)[number];
export type LetterFacts = Partial<Record<LetterPlaceholder, string | number | null | undefined>>;

export interface LetterTemplate {
  kind: LetterKind;
  title: string;
  body: string;
}

export interface RenderedLetter {
  title: string;
  text: string;
  /** Placeholders the template uses that the facts did not fill; they appear as 【未填写：name】. */
  missing: string[];
  /** Placeholders in the template that are not facts at all (a typo in an edited template). */
  unknown: string[];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/** Fills `{{name}}` placeholders from `facts`; what cannot be filled is marked so staff see it. */
export function renderLetterText(
  template: Pick<LetterTemplate, 'title' | 'body'>,
  facts: LetterFacts,
): RenderedLetter {
  const missing = new Set<string>();
  const unknown = new Set<string>();
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (_m, name: string) => {
      if (!(LETTER_PLACEHOLDERS as readonly string[]).includes(name)) {
        unknown.add(name);
        return `【未知占位符：${name}】`;
      }
      const value = facts[name as LetterPlaceholder];
      if (value === undefined || value === null || value === '') {
        missing.add(name);
        return `【未填写：${name}】`;
      }
      return String(value);
    });
  return {
    title: fill(template.title),
    text: fill(template.body),
    missing: [...missing],
    unknown: [...unknown],
  };
}

/** The placeholders a template uses, for checking an edited template before it is saved. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

const HEADER =
  '{{applicantName}}：\n\n本机关于{{receivedOn}}收到您（单位）提出的政府信息公开申请（申请编号：{{reference}}），申请获取“{{description}}”。';
const APPEAL =
  '如对本答复不服，可以在收到本告知书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。';
const FOOTER = '\n\n{{orgName}}\n{{letterDate}}';

function answer(decision: string, withAppeal = true): string {
  return `${HEADER}\n\n${decision}${withAppeal ? `\n\n${APPEAL}` : ''}${FOOTER}`;
}

const ANSWER_DECISIONS: Record<Outcome, string> = {
  granted: '经审查，您申请的信息属于公开范围，根据{{article}}的规定，现予以公开。{{releasedFiles}}',
  partial:
    '经审查，您申请的信息中含有不应当公开的内容（{{groundLabel}}），根据{{article}}的规定，本机关对可以公开的部分予以公开：{{releasedFiles}}。{{reasons}}',
  'withheld.state_secret': '经审查，您申请的信息属于国家秘密，根据{{article}}的规定，不予公开。{{reasons}}',
  'withheld.prohibited_by_law':
    '经审查，您申请的信息属于法律、行政法规禁止公开的信息，根据{{article}}的规定，不予公开。{{reasons}}',
  'withheld.security_stability':
    '经审查，您申请的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，根据{{article}}的规定，不予公开。{{reasons}}',
  'withheld.third_party_rights':
    '经审查，您申请的信息涉及{{groundLabel}}，公开会损害第三方合法权益，根据{{article}}的规定，不予公开。{{reasons}}',
  'withheld.internal_affairs':
    '经审查，您申请的信息属于{{groundLabel}}，根据{{article}}的规定，不予公开。{{reasons}}',
  'withheld.process_info':
    '经审查，您申请的信息属于{{groundLabel}}，根据{{article}}的规定，不予公开。{{reasons}}',
  'withheld.enforcement_file':
    '经审查，您申请的信息属于行政执法案卷信息，根据{{article}}的规定，不予公开。{{reasons}}',
  'withheld.query_matter':
    '经审查，您申请的信息属于{{groundLabel}}，有关法律、行政法规对信息的获取有特别规定，根据{{article}}的规定，请您依照有关法律、行政法规的规定办理。{{reasons}}',
  'unavailable.not_held':
    '经检索，{{groundLabel}}，根据{{article}}的规定，告知如下：{{reasons}}{{responsibleBody}}',
  'unavailable.needs_creation':
    '经审查，本机关没有您申请的现成信息，提供该信息需要对现有政府信息进行加工、分析，根据{{article}}的规定，不予提供。{{reasons}}',
  'unavailable.unclear_after_correction':
    '本机关已于此前告知您补正申请内容，补正后申请内容仍不明确，根据{{article}}的规定，无法提供。{{reasons}}',
  'declined.complaint_petition':
    '经审查，您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动，根据{{article}}的规定，不作为政府信息公开申请处理，您可以通过相应渠道提出。{{reasons}}',
  'declined.duplicate':
    '经审查，本机关已就您提出的相同政府信息公开申请作出答复，根据{{article}}的规定，不予重复处理。{{reasons}}',
  'declined.publication':
    '经审查，您申请获取的是公开出版物，根据{{article}}的规定，告知您获取途径如下：{{reasons}}',
  'declined.excessive':
    '经审查，您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，根据{{article}}的规定，不予处理。{{reasons}}',
  'declined.confirm_reissue': '经审查，您的申请系要求本机关确认或重新出具已获取的信息，不予处理。{{reasons}}',
  'other.no_correction':
    '本机关已告知您于{{correctionDueOn}}前补正申请，您无正当理由逾期未补正，根据{{article}}的规定，视为放弃申请，本机关不再处理该申请。',
  'other.fee_unpaid':
    '本机关已向您发出收费通知，您逾期未缴纳信息处理费，根据{{article}}的规定，视为放弃申请，本机关不再处理该申请。',
  'other.other': '{{reasons}}',
};

const NOTICE_TEMPLATES: Record<NoticeLetterKind, { title: string; body: string }> = {
  acknowledgement: {
    title: '政府信息公开申请登记回执',
    body: `${HEADER}\n\n本机关已登记您的申请，将于{{dueOn}}前作出答复（遇补正、征求意见、延期等情形依法另行告知）。${FOOTER}`,
  },
  correction: {
    title: '政府信息公开申请补正告知书',
    body: `${HEADER}\n\n经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您于{{correctionDueOn}}前对以下事项作出补正：\n{{correctionItems}}\n\n答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请。${FOOTER}`,
  },
  extension: {
    title: '政府信息公开申请延期答复告知书',
    body: `${HEADER}\n\n因{{extensionReason}}，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条的规定，经政府信息公开工作机构负责人同意，答复期限延长{{extensionWorkdays}}个工作日，本机关将于{{dueOn}}前作出答复。${FOOTER}`,
  },
  fee: {
    title: '政府信息公开信息处理费缴费通知书',
    body: `${HEADER}\n\n根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本次申请应缴纳信息处理费{{feeAmountYuan}}元（{{feeBasis}}）。请于{{feeDueOn}}前缴纳，逾期未缴纳的视为放弃申请。${FOOTER}`,
  },
  consultation: {
    title: '政府信息公开征求意见函',
    body: `{{consultedParty}}：\n\n本机关收到政府信息公开申请（申请编号：{{reference}}），所申请的信息可能涉及贵方合法权益（或需征求贵机关意见）。根据《中华人民共和国政府信息公开条例》第三十二条、第三十四条的规定，请于{{consultationDueOn}}前提出书面意见；逾期未提出意见的，由本机关依照条例的规定决定是否公开。${FOOTER}`,
  },
  transfer: {
    title: '政府信息公开申请转办告知',
    body: `${HEADER}\n\n您申请的信息由{{responsibleBody}}负责公开，本平台已将您的申请转交该机关办理，收到申请之日和答复期限不变。${FOOTER}`,
  },
};

/** The built-in text of each letter kind; an office's edited row (request_letter_templates) replaces it. */
export function defaultLetterTemplate(kind: LetterKind): LetterTemplate {
  if (kind.startsWith('answer.')) {
    const outcome = kind.slice('answer.'.length) as Outcome;
    return {
      kind,
      title: `政府信息公开申请答复告知书（${OUTCOME_INFO[outcome].group['zh-CN']}）`,
      body: answer(ANSWER_DECISIONS[outcome], outcome !== 'other.other'),
    };
  }
  const notice = NOTICE_TEMPLATES[kind as NoticeLetterKind];
  return { kind, ...notice };
}
