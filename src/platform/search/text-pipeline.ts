import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';
import { convertToSimplified } from '../i18n/opencc.js';
import type { SearchDocument } from './search-index.js';

/**
 * The text pipeline shared by indexing and querying, and by both SearchIndex implementations
 * (docs/performance.md, /work/shared/reference/stack-probe.md §1–4):
 *   NFKC (full-width digits and letters) → lower case → OpenCC tw/hk → cn → jieba.
 * Documents are indexed in jieba's search mode (`cutForSearch`, hmm on), which emits every `cut` token
 * plus the dictionary sub-words inside longer words (复议 in 行政复议, 东莞 in 东莞市, 工程 in 工程项目),
 * so a query segmented with plain `cut` finds them. Tokens are reduced to runs of letters and digits:
 * punctuation never reaches the FTS engine, and 东府〔2015〕12号 becomes 东府 2015 12 号.
 */

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  // Building the dictionary costs ~250 ms and ~60 MB: once per process (or worker thread).
  return (jieba ??= Jieba.withDict(dict));
}

/** Longest text fed to the segmenter per field (attachments can be whole books). */
export const MAX_FIELD_CHARS = 200_000;
/** A query longer than this is cut (a 10,000-character query is an attack or an accident). */
export const MAX_QUERY_CHARS = 200;
/** At most this many distinct terms are ANDed. */
export const MAX_QUERY_TERMS = 12;

const WORD_RUN = /[\p{L}\p{N}]+/gu;

/**
 * Where a trigger may start, by UTF-16 code unit (`Triggers.units`): a changing character of the Basic
 * Multilingual Plane; the first code unit of an uncovered phrase; a high surrogate of a changing
 * supplementary character; a clause end. A table read per code unit instead of a regular expression
 * with a class of ~4,000 characters, which cost ~25 ns per character of every indexed text.
 */
const TRIGGER_CHAR = 1;
const PHRASE_START = 2;
const HIGH_SURROGATE = 4;
const CLAUSE_END = 8;

interface Triggers {
  units: Uint8Array;
  /** Changing characters outside the Basic Multilingual Plane, by code point. */
  astral: Set<number>;
  /** Changing longer dictionary keys none of whose characters is a trigger, by first code unit. */
  phrases: Map<number, string[]>;
}

/**
 * Punctuation that ends a clause: the conversion of a text is the conversion of its clauses put end
 * to end when no dictionary key contains the character (a key cannot match across it) — checked at
 * start-up against the converter's dictionaries; a character found in a key is not used. After NFKC
 * the full-width ！？；，： are ASCII.
 */
const CLAUSE_ENDS = '。、，！？；：!?;,:\n';
/**
 * Ideographic description characters (⿰…): opencc-js copies such a character together with the
 * characters it describes, which may lie across a clause end, so a text holding one is converted whole.
 */
const IDEOGRAPHIC_DESCRIPTION = /[\u2ff0-\u2fff]/;

type DictGroup = string[];
interface OpenCcConfig {
  normalizationChain?: DictGroup[];
  segmentation?: DictGroup;
  conversionChain: DictGroup[];
}

/** The `[key, value]` entries of a group of OpenCC dictionaries (the first dictionary's entry wins). */
function entries(group: DictGroup): Map<string, string> {
  const map = new Map<string, string>();
  for (const d of [...group].reverse()) {
    for (const entry of d.split('|')) {
      const [key, value] = entry.split(' ');
      if (key && value !== undefined) map.set(key, value);
    }
  }
  return map;
}

let traditionalTriggers: Triggers | undefined;
/**
 * What a text must contain for OpenCC's tw → cn conversion to change it. The converter (opencc-js
 * `tw2s`) cuts the text into dictionary segments, then converts each segment with one dictionary
 * group after the other, replacing the longest key found at each position by its value. A text that
 * contains no key whose value differs from it comes out of every step unchanged; so the conversion
 * (about a sixth of the per-item indexing cost) is skipped unless the text holds a changing phrase key
 * or a changing character. Characters that only make a round trip are not triggers: 么 becomes 麼
 * in the first step and 麼 becomes 么 again in the second, provided no key of the second step
 * contains 麼 within a longer phrase and the second step leaves 么 itself alone. Without that, 么, 群,
 * 秘 and 覆 alone sent four simplified texts in five through the conversion, for nothing.
 * `search-index.test.ts` checks the rule against the converter.
 */
function triggers(): Triggers {
  if (traditionalTriggers) return traditionalTriggers;
  const locale = (
    OpenCC as unknown as {
      Locale: {
        from: Record<string, DictGroup[]>;
        to: Record<string, DictGroup[]>;
        configs?: Record<string, OpenCcConfig>;
      };
    }
  ).Locale;
  const config: OpenCcConfig = locale.configs?.tw2s ?? {
    conversionChain: [...locale.from.tw!, ...locale.to.cn!],
  };
  const steps = config.conversionChain.map(entries);
  const chars = new Set<string>();
  const phrases = new Set<string>();
  const isChar = (k: string) => Array.from(k).length === 1;
  // Normalisation (CJK compatibility ideographs; NFKC has already mapped them): any changing key.
  for (const group of config.normalizationChain ?? []) {
    for (const [k, v] of entries(group)) if (k !== v) (isChar(k) ? chars : phrases).add(k);
  }
  for (const step of steps) for (const [k, v] of step) if (k !== v && !isChar(k)) phrases.add(k);
  // A character is harmless when every way the steps can treat it gives it back: each step converts
  // it by its one-character entry, or leaves it alone when a longer key of that step covers it; and
  // what an earlier step made of it must not sit inside a longer key of a later step.
  const phraseChars = steps.map((step) => {
    const set = new Set<string>();
    for (const k of step.keys()) if (!isChar(k)) for (const c of k) set.add(c);
    return set;
  });
  const candidates = new Set<string>();
  for (const step of steps) for (const [k, v] of step) if (k !== v && isChar(k)) candidates.add(k);
  for (const c of candidates) {
    let forms = new Set([c]);
    let harmless = true;
    steps.forEach((step, i) => {
      const next = new Set<string>();
      for (const f of forms) {
        if (f !== c && phraseChars.slice(i).some((set) => set.has(f))) harmless = false;
        next.add(step.get(f) ?? f);
        if (phraseChars[i]!.has(f)) next.add(f);
      }
      forms = next;
    });
    if (!harmless || [...forms].some((f) => f !== c)) chars.add(c);
  }
  const uncovered = [...phrases].filter((p) => !Array.from(p).some((c) => chars.has(c)));
  // Characters of any key of any step (normalisation, segmentation, conversion): not clause ends.
  const keyChars = new Set<string>();
  const groups = [
    ...(config.normalizationChain ?? []),
    ...(config.segmentation ? [config.segmentation] : []),
  ];
  for (const group of groups) for (const k of entries(group).keys()) for (const c of k) keyChars.add(c);
  for (const step of steps) for (const k of step.keys()) for (const c of k) keyChars.add(c);

  const units = new Uint8Array(0x10000);
  const astral = new Set<number>();
  const byFirst = new Map<number, string[]>();
  for (const c of chars) {
    if (c.length === 1) units[c.charCodeAt(0)]! |= TRIGGER_CHAR;
    else {
      units[c.charCodeAt(0)]! |= HIGH_SURROGATE;
      astral.add(c.codePointAt(0)!);
    }
  }
  for (const p of uncovered) {
    const first = p.charCodeAt(0);
    units[first]! |= PHRASE_START;
    byFirst.set(first, [...(byFirst.get(first) ?? []), p]);
  }
  for (const c of CLAUSE_ENDS) if (!keyChars.has(c)) units[c.charCodeAt(0)]! |= CLAUSE_END;
  return (traditionalTriggers = { units, astral, phrases: byFirst });
}

/** The clause ends the conversion is split at (for the tests: no dictionary key contains them). */
export function clauseEndsUsed(): string[] {
  const { units } = triggers();
  return Array.from(CLAUSE_ENDS).filter((c) => (units[c.charCodeAt(0)]! & CLAUSE_END) !== 0);
}

/** Where the first trigger at or after `from` starts, or -1. */
function nextTrigger(t: Triggers, text: string, from: number): number {
  const { units } = t;
  for (let i = from, n = text.length; i < n; i++) {
    const code = text.charCodeAt(i);
    const u = units[code]!;
    if ((u & ~CLAUSE_END) === 0) continue;
    if ((u & TRIGGER_CHAR) !== 0) return i;
    if ((u & HIGH_SURROGATE) !== 0 && t.astral.has(text.codePointAt(i)!)) return i;
    if ((u & PHRASE_START) !== 0 && t.phrases.get(code)!.some((p) => text.startsWith(p, i))) return i;
  }
  return -1;
}

/** Whether the text may contain traditional characters (false: converting it would change nothing). */
export function mayBeTraditional(text: string): boolean {
  return nextTrigger(triggers(), text, 0) >= 0;
}

/**
 * The tw → cn conversion of `text`, converting only the clauses that hold a trigger: the others come
 * out of it unchanged (see `triggers`), and no dictionary key spans a clause end, so the result equals
 * `convertToSimplified(text)`. A body with one 什么 pays for one clause, not 500 characters.
 */
export function convertTriggeredClauses(text: string): string {
  const t = triggers();
  let at = nextTrigger(t, text, 0);
  if (at < 0) return text;
  if (IDEOGRAPHIC_DESCRIPTION.test(text)) return convertToSimplified(text);
  const { units } = t;
  const n = text.length;
  let out = '';
  let done = 0;
  while (at >= 0) {
    let start = at;
    while (start > done && (units[text.charCodeAt(start - 1)]! & CLAUSE_END) === 0) start--;
    // A trigger (a character, or a phrase) holds no clause end: the clause ends after it.
    let end = at + 1;
    while (end < n && (units[text.charCodeAt(end)]! & CLAUSE_END) === 0) end++;
    if (end < n) end++;
    out += text.slice(done, start) + convertToSimplified(text.slice(start, end));
    done = end;
    at = end < n ? nextTrigger(t, text, end) : -1;
  }
  return out + text.slice(done);
}

/** NFKC, lower case, traditional → simplified. The form every token is compared in. */
export function normalizeText(text: string): string {
  return convertTriggeredClauses(text.normalize('NFKC').toLowerCase());
}

function wordRuns(token: string): string[] {
  return token.match(WORD_RUN) ?? [];
}

/**
 * Appends the letter/digit runs of a segmenter token to `out`. Nearly every token is a CJK word, a
 * lower-case ASCII word or a number, which is its own single run: those are recognised with a loop
 * over the char codes (the Unicode-property regex costs about as much as the segmentation itself);
 * anything else (punctuation, mixed tokens, other scripts) goes through the regex.
 */
function pushRuns(token: string, out: string[]): void {
  const n = token.length;
  let simple = n > 0;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    if (!((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39))) {
      simple = false;
      break;
    }
  }
  if (simple) {
    out.push(token);
    return;
  }
  const runs = token.match(WORD_RUN);
  if (runs) for (const run of runs) out.push(run);
}

/** Search-mode tokens of a field, space separated: what goes into FTS5 / to_tsvector('simple'). */
export function indexTokens(text: string): string {
  if (!text) return '';
  const normalized = normalizeText(text.length > MAX_FIELD_CHARS ? text.slice(0, MAX_FIELD_CHARS) : text);
  const out: string[] = [];
  for (const token of segmenter().cutForSearch(normalized, true)) pushRuns(token, out);
  return out.join(' ');
}

// Function words that carry no meaning on their own; a query of only these finds nothing.
const STOPWORDS = new Set([
  '的',
  '了',
  '和',
  '与',
  '及',
  '或',
  '在',
  '是',
  '等',
  '对',
  '之',
  '于',
  '其',
  '而',
  '也',
  '把',
  '被',
  '为',
  '以',
  '将',
  '从',
  '由',
  '中',
  '并',
  '就',
  '都',
  '这',
  '那',
  '有',
  '个',
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'to',
  'in',
  'on',
  'near',
  'not',
]);

/**
 * A query's terms: the same normalisation, then plain `cut` (the index also holds every `cut` token),
 * reduced to letter/digit runs, stopwords dropped, de-duplicated, capped. Never throws; hostile input
 * (FTS syntax, SQL, odd Unicode, huge strings) simply yields the word runs it contains, or none.
 */
export function queryTerms(text: string): string[] {
  const capped = Array.from(text ?? '')
    .slice(0, MAX_QUERY_CHARS)
    .join('');
  const normalized = normalizeText(capped);
  const terms: string[] = [];
  for (const token of segmenter().cut(normalized, true)) {
    for (const run of wordRuns(token)) {
      if (STOPWORDS.has(run) || terms.includes(run)) continue;
      terms.push(run);
      if (terms.length >= MAX_QUERY_TERMS) return terms;
    }
  }
  return terms;
}

/** An FTS5 MATCH expression: each term a quoted string (implicit AND). Safe for any input. */
export function fts5MatchExpression(terms: string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
}

/**
 * Whether the query looks like a 索引号 (e.g. `11441900/2015-00012`, `dg-jyj/2025-00003`): one token
 * with a slash and a dash-separated number. Such a query first matches the item with exactly that
 * index number.
 */
export function looksLikeIndexNumber(text: string): string | null {
  const t = (text ?? '').trim().normalize('NFKC');
  if (t.length < 5 || t.length > 80 || /\s/.test(t)) return null;
  return /\//.test(t) && /\d+-\d+/.test(t) ? t : null;
}

/** The segmented fields of a document, ready for either engine. Pure and worker-thread safe. */
export interface PreparedDocument {
  doc: SearchDocument;
  /** Title tokens (weight A / highest bm25 weight). */
  titleTokens: string;
  /** Summary, keywords, 文号 and 索引号 tokens (weight B). */
  metaTokens: string;
  /** Body tokens (weight C). */
  bodyTokens: string;
  /** Attachment text tokens (weight D). */
  attachmentTokens: string;
  /** The filter values as special tokens (see `filterTokensOf`). */
  filterTokens: string;
  /** Publication order key: days since 1970-01-01 × 2^32 + id (the FTS5 rowid; see `sortKeyOf`). */
  sortKey: number;
}

const KEY_SPAN = 2 ** 32;

/**
 * The key that orders documents newest first by `published_on`, then `id`: days since the epoch ×
 * 2^32 + id. SQLite uses it as the FTS5 rowid, so "newest matches first" is a walk of the doclists
 * in rowid order that stops after the page, never a sort of every match.
 */
export function sortKeyOf(publishedOn: string, id: number): number {
  if (!Number.isInteger(id) || id < 0 || id >= KEY_SPAN)
    throw new RangeError(`search: id ${id} out of range`);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(publishedOn ?? '');
  const days = m ? Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000) : 0;
  return days * KEY_SPAN + id;
}

/** The item id inside a sort key. */
export function idOfSortKey(key: number): number {
  return key - Math.floor(key / KEY_SPAN) * KEY_SPAN;
}

function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

/** Org path segments that can become a token (`/1/7/3/` → 1, 7, 3), or null. */
function pathSegments(orgPath: string): string[] | null {
  return /^\/([0-9a-z]+\/)+$/i.test(orgPath) ? orgPath.slice(1, -1).toLowerCase().split('/') : null;
}

/**
 * Filter values as tokens of their own (FTS5 `filters` column; tokens start with `_`, which the
 * tokenizer keeps inside a token and a query term never contains, so they cannot collide with words):
 * `_p1_7` for each org-path prefix (the subtree filter), `_y2015` (year), `_c<hex>` per column code,
 * `_t<hex>` (document type). A filter becomes one more MATCH term instead of a join per match.
 */
export function filterTokensOf(doc: SearchDocument): string {
  const out: string[] = [];
  const segs = pathSegments(doc.orgPath ?? '');
  if (segs) for (let i = 1; i <= segs.length; i++) out.push(`_p${segs.slice(0, i).join('_')}`);
  const year = /^(\d{4})-/.exec(doc.publishedOn ?? '')?.[1];
  if (year) out.push(`_y${year}`);
  for (const c of new Set(doc.columns ?? [])) out.push(`_c${hex(c)}`);
  out.push(`_t${hex(doc.docType)}`);
  return out.join(' ');
}

/** The query's filters expressible as tokens, and whether the rest still needs SQL. */
export function queryFilterTokens(query: {
  orgPath?: string;
  column?: string;
  year?: number;
  docType?: string;
}): { tokens: string[]; orgPath: boolean; year: boolean; column: boolean; docType: boolean } {
  const tokens: string[] = [];
  const r = { tokens, orgPath: false, year: false, column: false, docType: false };
  if (query.orgPath) {
    const segs = pathSegments(query.orgPath);
    if (segs) {
      tokens.push(`_p${segs.join('_')}`);
      r.orgPath = true;
    }
  }
  if (query.year !== undefined && Number.isInteger(query.year) && query.year >= 1000 && query.year <= 9999) {
    tokens.push(`_y${query.year}`);
    r.year = true;
  }
  if (query.column) {
    tokens.push(`_c${hex(query.column)}`);
    r.column = true;
  }
  if (query.docType) {
    tokens.push(`_t${hex(query.docType)}`);
    r.docType = true;
  }
  return r;
}

export function prepareDocument(doc: SearchDocument): PreparedDocument {
  return {
    doc,
    titleTokens: indexTokens(doc.title),
    metaTokens: indexTokens(
      [doc.summary, doc.keywords.join(' '), doc.docNumber ?? '', doc.indexNumber].join('\n'),
    ),
    bodyTokens: indexTokens(doc.body),
    attachmentTokens: indexTokens(doc.attachmentText),
    filterTokens: filterTokensOf(doc),
    sortKey: sortKeyOf(doc.publishedOn, doc.id),
  };
}

// ---------------------------------------------------------------------------------------------
// Highlighting: mark the query terms in the stored original text (not in the segmented copy), so
// the output has no segmentation spaces and sub-word hits (复议 inside 行政复议) are marked too.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/** Per-character folding that keeps the length: full-width ASCII → ASCII, lower case. */
function foldKeepingLength(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let c = text[i]!;
    const code = c.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) c = ' ';
    const lower = c.toLowerCase();
    out += lower.length === 1 ? lower : c;
  }
  return out;
}

/** The text to show and a same-length normalised copy to find the terms in. */
function matchable(text: string): { shown: string; folded: string } {
  const folded = convertToSimplified(foldKeepingLength(text));
  // OpenCC's character conversion keeps the length; if a phrase conversion did not, show the
  // converted text so the marks still line up.
  return folded.length === text.length ? { shown: text, folded } : { shown: folded, folded };
}

type Range = [number, number];

function findRanges(folded: string, terms: string[]): Range[] {
  const ranges: Range[] = [];
  for (const term of terms) {
    if (!term) continue;
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      ranges.push([at, at + term.length]);
      from = at + term.length;
      if (ranges.length > 500) break;
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function render(shown: string, ranges: Range[], start: number, end: number): string {
  let html = '';
  let pos = start;
  for (const [a, b] of ranges) {
    if (b <= start || a >= end) continue;
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    html += escapeHtml(shown.slice(pos, s)) + '<mark>' + escapeHtml(shown.slice(s, e)) + '</mark>';
    pos = e;
  }
  return html + escapeHtml(shown.slice(pos, end));
}

/** The whole text, HTML-escaped, with `<mark>` around each occurrence of a term. */
export function highlight(text: string, terms: string[]): string {
  const { shown, folded } = matchable(text);
  return render(shown, findRanges(folded, terms), 0, shown.length);
}

export const SNIPPET_CHARS = 120;

/**
 * A window of about SNIPPET_CHARS characters from the first source text that contains a term (or the
 * start of the first non-empty one), escaped and marked, with … where it was cut. `plain` is the same
 * window without markup (for the CLI and JSON API).
 */
export function snippet(sources: string[], terms: string[]): { html: string; plain: string } {
  const texts = sources.map((s) => (s ?? '').replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0);
  for (const text of texts) {
    const { shown, folded } = matchable(text);
    const ranges = findRanges(folded, terms);
    if (ranges.length === 0) continue;
    return cut(shown, ranges, Math.max(0, ranges[0]![0] - 20));
  }
  const first = texts[0];
  return first ? cut(first, [], 0) : { html: '', plain: '' };
}

function cut(shown: string, ranges: Range[], start: number): { html: string; plain: string } {
  let end = Math.min(shown.length, start + SNIPPET_CHARS);
  start = Math.max(0, Math.min(start, end - SNIPPET_CHARS));
  // Never split a surrogate pair.
  if (start > 0 && /[\udc00-\udfff]/.test(shown[start]!)) start--;
  if (end < shown.length && /[\udc00-\udfff]/.test(shown[end]!)) end++;
  const pre = start > 0 ? '…' : '';
  const post = end < shown.length ? '…' : '';
  return {
    html: pre + render(shown, ranges, start, end) + post,
    plain: pre + shown.slice(start, end) + post,
  };
}
