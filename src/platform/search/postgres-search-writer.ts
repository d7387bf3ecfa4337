import { sql } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import { BATCH, insertDocuments } from './search-documents.writer.js';
import type { PreparedDocument } from './text-pipeline.js';

/**
 * The write half of the PostgreSQL index: each `search_documents` row carries `tsv` (every lexeme of
 * the title, summary/keywords/文号/索引号, body, attachments and the filter tokens) and `title_tsv`
 * (title and filter tokens). Both are the client's tokens taken verbatim, without positions or
 * weights (`array_to_tsvector`, which sorts and de-duplicates them: no text-search parser runs on
 * the server; jieba already did the linguistics). Nothing reads positions or weights: queries are
 * `&` of lexemes (postgres-search-index.ts), relevance (BM25) and highlights come from the stored
 * text (search-ranking.ts). Migration 0018 strips the rows written before.
 */

/** PostgreSQL's limit for one lexeme (bytes); to_tsvector skipped longer words, so do we. */
const MAX_LEXEME_BYTES = 2047;
/** Tokens up to this many UTF-16 units always fit (a unit takes at most 3 UTF-8 bytes). */
const SURELY_FITS = Math.floor(MAX_LEXEME_BYTES / 3);

function hasLongToken(field: string): boolean {
  if (field.length <= SURELY_FITS) return false;
  for (let from = 0; ;) {
    const space = field.indexOf(' ', from);
    if ((space < 0 ? field.length : space) - from > SURELY_FITS) return true;
    if (space < 0) return false;
    from = space + 1;
  }
}

/**
 * The tokens of space-separated token strings as one space-separated string, for
 * `array_to_tsvector(string_to_array(…, ' '))`: one text parameter (no array literal to build and
 * parse). Duplicates are left to the server, which sorts and de-duplicates the array anyway: a `Set`
 * over ~300 tokens cost the client ~45 µs per item, the server's share of it ~20.
 */
export function lexemesOf(...fields: string[]): string {
  let out = '';
  for (const field of fields) {
    if (!field) continue;
    const tokens = hasLongToken(field)
      ? field
          .split(' ')
          .filter((t) => t.length <= SURELY_FITS || Buffer.byteLength(t) <= MAX_LEXEME_BYTES)
          .join(' ')
      : field;
    if (tokens) out = out === '' ? tokens : `${out} ${tokens}`;
  }
  return out;
}

const tsvectorOf = (lexemes: string) => sql`array_to_tsvector(string_to_array(${lexemes}, ' '))`;

/**
 * Deletes the documents' rows; their `search_document_columns` rows go with them (`on delete
 * cascade`, one index probe per deleted row). Deleting those explicitly by `doc_id in (…200 ids)`
 * was a sequential scan of the whole table whenever it had no statistics yet (the planner's default
 * selectivity of 0.5 % per value, × 200): during a bulk load that grew with every batch.
 */
async function deleteDocumentsPostgres(db: Queryable, ids: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    await db
      .deleteFrom('search_documents')
      .where('id', 'in', ids.slice(i, i + BATCH))
      .execute();
  }
}

/** Adds or replaces already segmented documents (in the caller's transaction). */
export async function upsertPreparedPostgres(db: Queryable, docs: PreparedDocument[]): Promise<void> {
  await deleteDocumentsPostgres(
    db,
    docs.map((p) => p.doc.id),
  );
  await insertDocuments(db, docs, (p) => ({
    tsv: tsvectorOf(lexemesOf(p.titleTokens, p.metaTokens, p.bodyTokens, p.attachmentTokens, p.filterTokens)),
    title_tsv: tsvectorOf(lexemesOf(p.titleTokens, p.filterTokens)),
  }));
}

export async function removePostgres(db: Queryable, id: number): Promise<void> {
  await deleteDocumentsPostgres(db, [id]);
}
