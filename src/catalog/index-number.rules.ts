/**
 * 索引号 patterns. There is no national format (cn-rules §4): offices write `{orgCode}/{yyyy}-{seq:5}`,
 * `{creditCode}/{yyyymm}-{seq:5}` and the like, so the pattern is per office, stored in the database,
 * and must contain `{seq}` — without a sequence two items of one office and year would collide
 * ("必须保证每条信息的信息索引号是唯一的").
 */

export type IndexPatternPart =
  | { kind: 'literal'; text: string }
  | { kind: 'orgCode' }
  | { kind: 'creditCode' }
  | { kind: 'yyyy' }
  | { kind: 'yyyymm' }
  | { kind: 'seq'; width: number };

export type ParsedIndexPattern =
  | { ok: true; parts: IndexPatternPart[] }
  | { ok: false; error: string; params?: Record<string, string | number> };

export const MAX_PATTERN_LENGTH = 100;
const MAX_SEQ_WIDTH = 10;
// Index numbers appear in URLs and file names: letters, digits and a few separators only.
const LITERAL = /^[A-Za-z0-9\-_./]+$/;
const TOKEN = /\{([^{}]*)\}/g;

export function parseIndexPattern(pattern: string): ParsedIndexPattern {
  if (pattern.trim() === '') return { ok: false, error: 'catalog.error.pattern_required' };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, error: 'catalog.error.pattern_too_long', params: { max: MAX_PATTERN_LENGTH } };
  }
  const parts: IndexPatternPart[] = [];
  let last = 0;
  let seqCount = 0;
  const pushLiteral = (text: string): string | null => {
    if (text === '') return null;
    if (!LITERAL.test(text)) return text;
    parts.push({ kind: 'literal', text });
    return null;
  };
  for (const m of pattern.matchAll(TOKEN)) {
    const bad = pushLiteral(pattern.slice(last, m.index));
    if (bad !== null) return { ok: false, error: 'catalog.error.pattern_bad_text', params: { text: bad } };
    last = m.index + m[0].length;
    const token = m[1]!;
    const seq = /^seq(?::(\d{1,2}))?$/.exec(token);
    if (seq) {
      const width = seq[1] === undefined ? 1 : Number(seq[1]);
      if (width < 1 || width > MAX_SEQ_WIDTH) {
        return { ok: false, error: 'catalog.error.pattern_seq_width', params: { max: MAX_SEQ_WIDTH } };
      }
      seqCount += 1;
      parts.push({ kind: 'seq', width });
    } else if (token === 'orgCode' || token === 'creditCode' || token === 'yyyy' || token === 'yyyymm') {
      parts.push({ kind: token });
    } else {
      return { ok: false, error: 'catalog.error.pattern_unknown_token', params: { token: `{${token}}` } };
    }
  }
  const bad = pushLiteral(pattern.slice(last));
  if (bad !== null) return { ok: false, error: 'catalog.error.pattern_bad_text', params: { text: bad } };
  if (seqCount === 0) return { ok: false, error: 'catalog.error.pattern_seq_missing' };
  if (seqCount > 1) return { ok: false, error: 'catalog.error.pattern_seq_twice' };
  return { ok: true, parts };
}

export interface IndexNumberFacts {
  orgCode: string;
  /** 统一社会信用代码 / 组织机构代码; required only when the pattern uses `{creditCode}`. */
  creditCode: string | null;
  /** The publication date, `YYYY-MM-DD` (office time zone). */
  date: string;
  seq: number;
}

/** Whether the pattern needs the organisation's credit code. */
export function usesCreditCode(parts: readonly IndexPatternPart[]): boolean {
  return parts.some((p) => p.kind === 'creditCode');
}

/**
 * The index number for `facts`. A sequence longer than its width is written in full (never cut, which
 * would repeat numbers). Throws when `{creditCode}` is used and the organisation has none.
 */
export function renderIndexNumber(parts: readonly IndexPatternPart[], facts: IndexNumberFacts): string {
  return parts
    .map((part) => {
      switch (part.kind) {
        case 'literal':
          return part.text;
        case 'orgCode':
          return facts.orgCode;
        case 'creditCode':
          if (!facts.creditCode)
            throw new Error('The index pattern uses {creditCode} but the organisation has none');
          return facts.creditCode;
        case 'yyyy':
          return facts.date.slice(0, 4);
        case 'yyyymm':
          return facts.date.slice(0, 4) + facts.date.slice(5, 7);
        case 'seq':
          return String(facts.seq).padStart(part.width, '0');
      }
    })
    .join('');
}
