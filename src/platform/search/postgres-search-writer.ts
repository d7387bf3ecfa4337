import { sql } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import { deleteDocuments, insertDocuments } from './search-documents.writer.js';
import type { PreparedDocument } from './text-pipeline.js';

/**
 * The write half of the PostgreSQL index: each `search_documents` row carries its weighted tsvector
 * `tsv` (A title, B summary/keywords/文号/索引号, C body, D attachments, plus the filter lexemes) and
 * `title_tsv` (title and filters), built from the pre-segmented fields with the 'simple'
 * configuration (no stemming, no stopwords: jieba already did the linguistics).
 */

function tsvectorOf(p: PreparedDocument) {
  return sql`setweight(to_tsvector('simple', ${p.titleTokens}), 'A')
    || setweight(to_tsvector('simple', ${p.metaTokens}), 'B')
    || setweight(to_tsvector('simple', ${p.bodyTokens}), 'C')
    || setweight(to_tsvector('simple', ${p.attachmentTokens}), 'D')
    || ${filterLexemes(p)}`;
}

/** The filter tokens (text-pipeline.ts filterTokensOf) as lexemes, taken verbatim (no parser). */
function filterLexemes(p: PreparedDocument) {
  return sql`array_to_tsvector(${p.filterTokens.split(' ').filter(Boolean)}::text[])`;
}

/** Adds or replaces already segmented documents (in the caller's transaction). */
export async function upsertPreparedPostgres(db: Queryable, docs: PreparedDocument[]): Promise<void> {
  await deleteDocuments(
    db,
    docs.map((p) => p.doc.id),
  );
  await insertDocuments(db, docs, (p) => ({
    tsv: tsvectorOf(p),
    title_tsv: sql`to_tsvector('simple', ${p.titleTokens}) || ${filterLexemes(p)}`,
  }));
}

export async function removePostgres(db: Queryable, id: number): Promise<void> {
  await deleteDocuments(db, [id]);
}
