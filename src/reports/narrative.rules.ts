import { convertToSimplified } from '../platform/i18n/opencc.js';

/**
 * Figures quoted in the prose of an annual report (一、总体情况 and the like): "全市共收到政府信息公开申请
 * 1,207宗", "办结一千二百零七件", "被申请行政复议3件". Pure; the text is normalised to simplified
 * characters and ASCII digits first, so traditional-character reports are read the same way.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** 一千二百零七 → 1207, 十二 → 12, 两万三千 → 23000, 一二〇七 (digit by digit) → 1207; null when not a numeral. */
export function parseChineseNumeral(text: string): number | null {
  if (text === '' || ![...text].every((ch) => ch in DIGITS || ch in SMALL_UNITS || ch in BIG_UNITS))
    return null;
  // Digit by digit (一二〇七), as in some tables.
  if ([...text].every((ch) => ch in DIGITS) && text.length > 1) {
    return Number([...text].map((ch) => DIGITS[ch]).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of text) {
    if (ch in DIGITS) {
      digit = DIGITS[ch]!;
    } else if (ch in SMALL_UNITS) {
      section += (digit ?? 1) * SMALL_UNITS[ch]!;
      digit = null;
    } else {
      section += digit ?? 0;
      total += (section === 0 ? 1 : section) * BIG_UNITS[ch]!;
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

/** "1,207" / "1207" / "1.2万" / "３２" / "一千二百零七" → the number; null when not a number. */
export function parseQuotedNumber(text: string): number | null {
  const t = normaliseDigits(text.trim());
  const arabic = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万|亿)?$/.exec(t);
  if (arabic) {
    const base = Number(arabic[1]!.replace(/,/g, '') + (arabic[2] ?? ''));
    const scale = arabic[3] === '万' ? 10_000 : arabic[3] === '亿' ? 100_000_000 : 1;
    return Math.round(base * scale * 10_000) / 10_000;
  }
  return parseChineseNumeral(t);
}

/** Full-width digits, comma, point and percent sign to ASCII. */
export function normaliseDigits(text: string): string {
  return text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48))
    .replace(/％/g, '%')
    .replace(/(\d)[．](\d)/g, '$1.$2')
    .replace(/(\d)，(\d{3})(?!\d)/g, '$1,$2');
}

/** Simplified characters, ASCII digits, no stray spaces between characters. */
export function normaliseNarrative(text: string): string {
  return normaliseDigits(convertToSimplified(text)).replace(/[ \t\u3000\u00a0]+/g, ' ');
}

// A quantity: a number and a measure word. Years (2015年), percentages and dates are not quantities.
const NUMBER_SOURCE = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:万|亿)?|[零〇一二两三四五六七八九十百千万亿]+`;
const UNIT_SOURCE = '[件宗条起个项次篇]';
const QUANTITY = new RegExp(`(${NUMBER_SOURCE})(${UNIT_SOURCE})`, 'g');

export const NARRATIVE_METRICS = [
  'received',
  'carried_in',
  'closed',
  'carried_out',
  'granted',
  'partial',
  'granted_partial',
  'withheld',
  'unavailable',
  'declined',
  'other',
  'reconsideration',
  'litigation',
  'regulations_issued',
  'regulations_abolished',
  'regulations_valid',
  'normative_issued',
  'normative_abolished',
  'normative_valid',
  'licensing',
  'penalty',
  'coercion',
] as const;
export type NarrativeMetric = (typeof NARRATIVE_METRICS)[number];

export interface NarrativeClaim {
  metric: NarrativeMetric;
  value: number;
  /** The quoted text, e.g. "1,207宗". */
  quoted: string;
  /** The sentence it stands in, as written (normalised to simplified characters). */
  sentence: string;
}

/** Splits into sentences (。！？ and line breaks), keeping their text. */
export function splitSentences(text: string): string[] {
  return text
    .split(/[。！？!?\n\r]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

// Clause boundaries: Chinese commas and semicolons, and an ASCII comma that is not a thousands separator.
const CLAUSE_SPLIT = /[，；;：:（）()]|,(?!\d{3}(?!\d))/;

function documentKind(prefix: string): 'regulations' | 'normative' | null {
  if (/规范性文件/.test(prefix)) return 'normative';
  if (/规章/.test(prefix)) return 'regulations';
  return null;
}

/** The metric of a quantity, from the words just before it (`near`) and the clause up to it (`clause`). */
function metricOf(near: string, clause: string): NarrativeMetric | null {
  if (/上一?年度?(结转|转结)|上年度?转入|结转自上年/.test(near)) return 'carried_in';
  if (/(结转|转入|转结)(至|到)?下一?年度?|结转下年/.test(near)) return 'carried_out';
  if (/(予以公开|同意公开)(及|和|与|、|或)部分公开/.test(near)) return 'granted_partial';
  if (/不予以?公开/.test(near)) return 'withheld';
  if (/部分公开/.test(near)) return 'partial';
  if (/予以公开|同意公开/.test(near)) return 'granted';
  if (/无法提供/.test(near)) return 'unavailable';
  if (/不予处理/.test(near)) return 'declined';
  if (/其他处理/.test(near)) return 'other';
  if (/行政诉讼|提起诉讼|起诉/.test(near)) return 'litigation';
  if (/行政复议/.test(near)) return 'reconsideration';
  const doc = documentKind(near);
  if (doc) {
    if (/现行有效/.test(clause)) return doc === 'normative' ? 'normative_valid' : 'regulations_valid';
    if (/废止/.test(clause)) return doc === 'normative' ? 'normative_abolished' : 'regulations_abolished';
    if (/制发|印发|出台|制定|新制作|发布|公开/.test(clause))
      return doc === 'normative' ? 'normative_issued' : 'regulations_issued';
    return null;
  }
  if (/(新收|收到)[^]*申请|申请[^]*(新收|收到)/.test(near)) return 'received';
  if (/办结|办理完毕|办理完成|作出答复|答复/.test(near) && !/率/.test(near)) return 'closed';
  if (/(决定|办理|作出|办结|审批)/.test(clause)) {
    if (/行政许可/.test(near)) return 'licensing';
    if (/行政处罚/.test(near)) return 'penalty';
    if (/行政强制/.test(near)) return 'coercion';
  }
  return null;
}

/** The metric of a quantity followed by its outcome: "32宗不予公开", "5件予以公开". */
function metricAfter(after: string): NarrativeMetric | null {
  const m = /^(?:的|为|被|已|均)?(予以公开|同意公开|不予以?公开|部分公开|无法提供|不予处理)/.exec(after);
  if (!m) return null;
  return metricOf(m[1]!, '');
}

/**
 * Every figure of the narrative this validator can compare with the tables. A figure is read only
 * when a keyword stands right before it in its clause, so "办结率为100%" or "除1宗无效申请外" are not
 * taken for counts.
 */
export function extractNarrativeClaims(text: string): NarrativeClaim[] {
  const claims: NarrativeClaim[] = [];
  for (const sentence of splitSentences(normaliseNarrative(text))) {
    for (const clause of sentence.split(CLAUSE_SPLIT)) {
      let last = 0;
      for (const m of clause.matchAll(QUANTITY)) {
        const start = m.index;
        // A Chinese numeral glued to a word is usually part of it (三安全一稳定, 一事一申请).
        const near = clause.slice(last, start);
        last = start + m[0].length;
        const value = parseQuotedNumber(m[1]!);
        if (value === null) continue;
        if (m[2] === '项' && !/规章|规范性文件/.test(near)) continue;
        const metric = metricOf(near, clause.slice(0, start)) ?? metricAfter(clause.slice(last));
        if (metric) claims.push({ metric, value, quoted: m[0], sentence });
      }
    }
  }
  return claims;
}

export interface PercentageProblem {
  /** The quoted share, e.g. "677宗 … 56%". */
  quoted: string;
  count: number;
  percent: number;
  sentence: string;
}

function tolerance(percentText: string): number {
  // Whole percentages may be rounded any way (the seed prints 8 of 1,831 as 1%); decimals to their place.
  const decimals = percentText.split('.')[1]?.length ?? 0;
  return decimals === 0 ? 1 : 1.5 * 10 ** -decimals;
}

function matchesSomeBase(count: number, percent: number, tol: number, bases: readonly number[]): boolean {
  return bases.some((base) => base >= count && base > 0 && Math.abs((100 * count) / base - percent) <= tol);
}

/**
 * Shares quoted as "N件，占p%" or "分别为a件、b件…，所占比重分别为x%、y%…": each must be N of some
 * total quoted earlier in the same paragraph, or of one of `bases` (the tables' totals).
 */
export function checkNarrativePercentages(text: string, bases: readonly number[] = []): PercentageProblem[] {
  const problems: PercentageProblem[] = [];
  for (const paragraph of normaliseNarrative(text).split(/[\n\r]+/)) {
    const quantities = [...paragraph.matchAll(QUANTITY)]
      .map((m) => ({ at: m.index, value: parseQuotedNumber(m[1]!) }))
      .filter((q): q is { at: number; value: number } => q.value !== null);
    const basesBefore = (at: number) => [
      ...bases,
      ...quantities.filter((q) => q.at < at).map((q) => q.value),
    ];
    const sentenceAt = (at: number) => {
      const before =
        paragraph
          .slice(0, at)
          .split(/[。！？!?]/)
          .pop() ?? '';
      const after = paragraph.slice(at).split(/[。！？!?]/)[0] ?? '';
      return (before + after).trim();
    };

    const single = new RegExp(
      `(${NUMBER_SOURCE})${UNIT_SOURCE}[，,]?\\s*(?:占[^，。；%\\d]{0,6}?|[（(])\\s*(\\d+(?:\\.\\d+)?)\\s*%`,
      'g',
    );
    for (const m of paragraph.matchAll(single)) {
      const count = parseQuotedNumber(m[1]!);
      const percent = Number(m[2]);
      if (count === null) continue;
      if (!matchesSomeBase(count, percent, tolerance(m[2]!), basesBefore(m.index))) {
        problems.push({ quoted: m[0], count, percent, sentence: sentenceAt(m.index) });
      }
    }

    const q = `(?:${NUMBER_SOURCE})${UNIT_SOURCE}`;
    const list = new RegExp(
      `分别为?[:：]?\\s*(${q}(?:\\s*[、,，和及]\\s*${q})+)[^。；%]{0,20}?分别(?:为|占|是)?[:：]?\\s*(\\d+(?:\\.\\d+)?%(?:\\s*[、,，和及]\\s*\\d+(?:\\.\\d+)?%)+)`,
      'g',
    );
    for (const m of paragraph.matchAll(list)) {
      const counts = [...m[1]!.matchAll(QUANTITY)].map((x) => parseQuotedNumber(x[1]!));
      const percents = [...m[2]!.matchAll(/(\d+(?:\.\d+)?)%/g)].map((x) => x[1]!);
      if (counts.length !== percents.length) continue;
      const available = basesBefore(m.index);
      counts.forEach((count, i) => {
        const percent = Number(percents[i]);
        if (count === null) return;
        if (!matchesSomeBase(count, percent, tolerance(percents[i]!), available)) {
          problems.push({
            quoted: `${count} … ${percents[i]}%`,
            count,
            percent,
            sentence: sentenceAt(m.index),
          });
        }
      });
    }
  }
  return problems;
}
