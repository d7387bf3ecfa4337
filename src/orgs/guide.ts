import type { Org } from './orgs.repository.js';
import type { OrgKind } from './orgs.tables.js';

/**
 * The data of an organisation's 政府信息公开指南 page. 条例第十二条: "政府信息公开指南包括政府信息的分类、
 * 编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容。"
 * Pure: the page renders this structure; labels are i18n keys (org.messages.ts holds zh-CN and en).
 * A fact the organisation has not provided is flagged `isMissing` so the page says "未提供" and the
 * back office can nag, instead of anything being invented.
 */

export const GUIDE_FACT_FIELDS = [
  'officeName',
  'address',
  'postcode',
  'officeHours',
  'phone',
  'fax',
  'email',
  'website',
] as const;
export type GuideFactField = (typeof GUIDE_FACT_FIELDS)[number];

/** The facts 条例第十二条 names explicitly (postcode is customary, not required). */
export const REQUIRED_GUIDE_FACTS: readonly GuideFactField[] = [
  'officeName',
  'address',
  'officeHours',
  'phone',
  'fax',
  'email',
  'website',
];

export interface GuideFact {
  field: GuideFactField;
  /** i18n key of the label, e.g. `guide.fact.phone` (联系电话). */
  labelKey: string;
  value: string | null;
  isMissing: boolean;
  /** Whether 条例第十二条 requires it (a missing required fact makes the guide incomplete). */
  isRequired: boolean;
}

export interface GuideChannel {
  /** `website`, `organisation_website`, `online`, `letter`, `in_person`, `fax` */
  kind: string;
  labelKey: string;
  /** The address, number or path the channel uses; null when the organisation has not provided it. */
  value: string | null;
  isMissing: boolean;
}

export interface OrgGuide {
  org: {
    id: number;
    code: string;
    name: string;
    nameEn: string | null;
    shortName: string | null;
    kind: OrgKind;
  };
  /** 上级机关, root first. */
  parents: { code: string; name: string }[];
  /** 政府信息公开工作机构: its name, address, hours, phone, fax and internet contact. */
  office: GuideFact[];
  /** The required facts that are missing; empty when the guide is complete. */
  missing: GuideFactField[];
  isComplete: boolean;
  /** 机关职能, when provided. */
  functions: string | null;
  /** 分类: the categories of information proactively disclosed (条例第二十条, 第二十一条). */
  classification: { basisKey: string; categories: { key: string; article: string }[] };
  /** 编排体系: how the catalog is arranged and numbered. */
  arrangement: { key: string; indexNumberKey: string; columns: { key: string; path: string }[] };
  /** 获取方式: how to obtain information, proactively disclosed and on request. */
  access: {
    proactive: GuideChannel[];
    onRequest: GuideChannel[];
    /** 条例第三十三条: answer within 20 working days, extendable once by at most 20. */
    answerWorkingDays: 20;
    maxExtensionWorkingDays: 20;
    /** 条例第四十二条: no fee, save the 信息处理费 for clearly excessive requests. */
    feeKey: string;
  };
}

const FACT_OF: Record<GuideFactField, (org: Org) => string | null> = {
  officeName: (o) => o.office_name,
  address: (o) => o.address,
  postcode: (o) => o.postcode,
  officeHours: (o) => o.office_hours,
  phone: (o) => o.phone,
  fax: (o) => o.fax,
  email: (o) => o.email,
  website: (o) => o.website,
};

function present(value: string | null): string | null {
  return value !== null && value.trim() !== '' ? value : null;
}

function channel(kind: string, value: string | null): GuideChannel {
  const v = present(value);
  return { kind, labelKey: `guide.channel.${kind}`, value: v, isMissing: v === null };
}

/** 条例第二十条 (一)–(十五), and 第二十一条's extra items for 设区的市 governments and for 乡镇. */
function categoriesFor(kind: OrgKind): { key: string; article: string }[] {
  const out = Array.from({ length: 15 }, (_, i) => ({
    key: `guide.category.art20_${i + 1}`,
    article: `条例第二十条第（${CN_NUMERALS[i]!}）项`,
  }));
  if (kind === 'government') out.push({ key: 'guide.category.art21_city', article: '条例第二十一条' });
  if (kind === 'town') out.push({ key: 'guide.category.art21_town', article: '条例第二十一条' });
  return out;
}

const CN_NUMERALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
];

export function buildGuide(org: Org, ancestors: readonly Org[]): OrgGuide {
  const office = GUIDE_FACT_FIELDS.map((field): GuideFact => {
    const value = present(FACT_OF[field](org));
    return {
      field,
      labelKey: `guide.fact.${field}`,
      value,
      isMissing: value === null,
      isRequired: REQUIRED_GUIDE_FACTS.includes(field),
    };
  });
  const missing = office.filter((f) => f.isMissing && f.isRequired).map((f) => f.field);
  const base = `/xxgk/${org.code}`;
  const postal =
    present(org.address) && present(org.postcode) ? `${org.address}（${org.postcode}）` : org.address;
  return {
    org: {
      id: org.id,
      code: org.code,
      name: org.name,
      nameEn: org.name_en,
      shortName: org.short_name,
      kind: org.kind,
    },
    parents: ancestors.map((a) => ({ code: a.code, name: a.name })),
    office,
    missing,
    isComplete: missing.length === 0,
    functions: present(org.functions),
    classification: { basisKey: 'guide.classification.basis', categories: categoriesFor(org.kind) },
    arrangement: {
      key: 'guide.arrangement.text',
      indexNumberKey: 'guide.arrangement.index_number',
      columns: [
        { key: 'guide.column.guide', path: `${base}/guide` },
        { key: 'guide.column.rules', path: `${base}/rules` },
        { key: 'guide.column.proactive', path: `${base}/statutory` },
        { key: 'guide.column.annual_reports', path: `${base}/annual-reports` },
      ],
    },
    access: {
      proactive: [channel('website', `${base}/statutory`), channel('organisation_website', org.website)],
      onRequest: [
        channel('online', `/apply?org=${encodeURIComponent(org.code)}`),
        channel('letter', postal),
        channel('in_person', org.address),
        channel('fax', org.fax),
      ],
      answerWorkingDays: 20,
      maxExtensionWorkingDays: 20,
      feeKey: 'guide.fee.none',
    },
  };
}
