import { convertToTraditional } from '../i18n/opencc.js';

/**
 * Okapi BM25 over the four searchable fields, the same formula on both databases (FTS5's own bm25()
 * and PostgreSQL's ts_rank cannot be used for common words: the first reads every posting of each
 * term for its IDF, the second every matching tsvector). The form is FTS5's:
 *
 *   score(d) = Σ_t IDF(t) · F(t,d)·(k1 + 1) / (F(t,d) + k1·(1 − b + b·|d| / avg|d|))
 *   F(t,d)   = Σ_field weight(field) · tf(t, field of d)
 *   IDF(t)   = ln((N − n(t) + 0.5) / (n(t) + 0.5)), at least 1e-6
 *
 * with the title weighted most. It is computed from the stored original text of each candidate:
 * tf is the number of (non-overlapping) occurrences of the term in the field, NFKC-folded and
 * lower-cased, in its simplified or its traditional form — the index holds every search-mode sub-word, so an occurrence
 * of the string is an occurrence of the token — and |d| counts characters instead of tokens (only
 * the ratio to the average enters the formula).
 */

export const FIELD_WEIGHTS = { title: 10, meta: 4, body: 1, attachments: 0.5 } as const;
export const K1 = 1.2;
export const B = 0.75;
/** Characters of the attachments' text searched for term frequencies (the length counts whole). */
export const ATTACHMENT_TF_CHARS = 20_000;

export interface ScoredFields {
  title: string;
  /** Summary, keywords, 文号 and 索引号, as indexed in the `meta` field. */
  meta: string;
  body: string;
  /** The start of the attachments' text (ATTACHMENT_TF_CHARS). */
  attachments: string;
  /** Characters of all four fields (the attachments' whole length). */
  length: number;
}

export interface CorpusStats {
  /** Documents in the index. */
  documents: number;
  /** Average document length, characters. */
  averageLength: number;
}

export interface QueryTerm {
  /** The normalised (simplified, lower-case) term. */
  term: string;
  /** Documents containing it (counted, or estimated for very common words). */
  documents: number;
}

export function inverseDocumentFrequency(documentsWithTerm: number, documents: number): number {
  const n = Math.min(Math.max(0, documentsWithTerm), Math.max(0, documents));
  return Math.max(1e-6, Math.log((documents - n + 0.5) / (n + 0.5)));
}

/** Non-overlapping occurrences of any of `forms` in `text` (already lower-cased). */
export function occurrences(text: string, forms: readonly string[]): number {
  let n = 0;
  for (const form of forms) {
    if (!form) continue;
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + form.length)) n++;
  }
  return n;
}

/** The forms a term is looked for in stored text: itself and, where different, its traditional form. */
export function termForms(term: string): string[] {
  const traditional = convertToTraditional(term);
  return traditional === term ? [term] : [term, traditional];
}

/** As the index folds text before segmenting it (text-pipeline.ts normalizeText, less OpenCC). */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export interface Bm25Scorer {
  score(fields: ScoredFields): number;
}

export function bm25Scorer(terms: readonly QueryTerm[], corpus: CorpusStats): Bm25Scorer {
  const prepared = terms.map((t) => ({
    forms: termForms(t.term),
    idf: inverseDocumentFrequency(t.documents, corpus.documents),
  }));
  const average = corpus.averageLength > 0 ? corpus.averageLength : 1;
  return {
    score(fields) {
      const title = fold(fields.title);
      const meta = fold(fields.meta);
      const body = fold(fields.body);
      const attachments = fold(fields.attachments);
      const norm = K1 * (1 - B + (B * fields.length) / average);
      let score = 0;
      for (const t of prepared) {
        const f =
          FIELD_WEIGHTS.title * occurrences(title, t.forms) +
          FIELD_WEIGHTS.meta * occurrences(meta, t.forms) +
          FIELD_WEIGHTS.body * occurrences(body, t.forms) +
          FIELD_WEIGHTS.attachments * occurrences(attachments, t.forms);
        if (f > 0) score += (t.idf * f * (K1 + 1)) / (f + norm);
      }
      return score;
    },
  };
}
