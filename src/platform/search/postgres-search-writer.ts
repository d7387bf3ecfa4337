import { sql } from 'kysely';
import type { Queryable } from '../db/transaction.js';
import { deleteDocuments, insertDocuments } from './search-documents.writer.js';
import type { PreparedDocument } from './text-pipeline.js';

/**
 * The write half of the PostgreSQL index: each `search_documents` row carries its weighted tsvector
 * `tsv` (A title, B summary/keywords/文号/索引号, C body, D attachments, plus the filter lexemes) and
 * `title_tsv` (title and filters).
 *
 * Both are built here, as tsvector literals, from the pre-segmented fields: they are exactly what
 * `setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', meta), 'B') || … ||
 * array_to_tsvector(filters)` gives (postgres-search-writer.test.ts compares them on the server), but
 * the server only reads the literal instead of running its text parser over every token, which was
 * a large share of its work per item. The fields hold letter/digit runs separated by single spaces
 * (text-pipeline.ts indexTokens), each of which the 'simple' configuration turns into one lexeme, as
 * it does for the query (plainto_tsquery('simple', …)).
 */

/** PostgreSQL's limits (tsearch/ts_type.h, ts_locale.h). */
const MAX_ENTRY_POS = 1 << 14; // positions are capped at MAX_ENTRY_POS - 1
const MAX_NUM_POS = 256; // positions kept per lexeme
const MAX_STRLEN = 2048; // longer words are not indexed (to_tsvector: "word is too long")

const limitPos = (p: number) => (p >= MAX_ENTRY_POS ? MAX_ENTRY_POS - 1 : p);

type Weight = 'A' | 'B' | 'C' | 'D';
/** Positions per lexeme: each an encoded `position * 4 + weight index`. */
type Entries = Map<string, number[]>;

const WEIGHTS: Weight[] = ['D', 'C', 'B', 'A']; // PostgreSQL's weight codes: D = 0 … A = 3

/** to_tsvector('simple', tokens) with every position of the given weight (setweight). */
function fieldVector(tokens: string, weight: number): Entries {
  const out: Entries = new Map();
  if (!tokens) return out;
  let pos = 0;
  for (const word of tokens.split(' ')) {
    if (!word) continue;
    if (Buffer.byteLength(word, 'utf8') >= MAX_STRLEN) continue;
    pos++;
    const p = limitPos(pos);
    const list = out.get(word);
    if (!list) {
      out.set(word, [p * 4 + weight]);
      continue;
    }
    // uniqueWORD: at most MAX_NUM_POS - 1 positions, none after a capped one, no repeats.
    const last = list[list.length - 1]! >> 2;
    if (list.length < MAX_NUM_POS - 1 && last !== MAX_ENTRY_POS - 1 && last !== p) list.push(p * 4 + weight);
  }
  return out;
}

function maxPos(v: Entries): number {
  let max = 0;
  for (const list of v.values()) for (const e of list) if (e >> 2 > max) max = e >> 2;
  return max;
}

/**
 * `left || right` (tsvector_concat): the right positions shifted by the left's largest position and
 * appended (add_pos: at most MAX_NUM_POS per lexeme, nothing after a capped position).
 */
function concat(left: Entries, right: Entries): Entries {
  if (right.size === 0) return left;
  const shift = maxPos(left);
  for (const [word, positions] of right) {
    let list = left.get(word);
    if (!list) left.set(word, (list = []));
    for (const e of positions) {
      if (list.length >= MAX_NUM_POS) break;
      if (list.length > 0 && list[list.length - 1]! >> 2 === MAX_ENTRY_POS - 1) break;
      list.push(limitPos((e >> 2) + shift) * 4 + (e & 3));
    }
  }
  return left;
}

function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The tsvector literal of these entries plus position-less lexemes (array_to_tsvector). */
function literal(v: Entries, bare: string[]): string {
  const parts: string[] = [];
  for (const [word, positions] of v) {
    parts.push(
      `${quote(word)}:${positions.map((e) => `${e >> 2}${WEIGHTS[e & 3] === 'D' ? '' : WEIGHTS[e & 3]}`).join(',')}`,
    );
  }
  for (const word of bare) if (word && !v.has(word)) parts.push(quote(word));
  return parts.join(' ');
}

/** The weighted `tsv` of a document, as a tsvector literal. */
export function documentVectorLiteral(p: PreparedDocument): string {
  let v = fieldVector(p.titleTokens, 3);
  v = concat(v, fieldVector(p.metaTokens, 2));
  v = concat(v, fieldVector(p.bodyTokens, 1));
  v = concat(v, fieldVector(p.attachmentTokens, 0));
  return literal(v, p.filterTokens.split(' '));
}

/** `title_tsv`: the title's lexemes (no weight) and the filter lexemes, as a tsvector literal. */
export function titleVectorLiteral(p: PreparedDocument): string {
  return literal(fieldVector(p.titleTokens, 0), p.filterTokens.split(' '));
}

/** Adds or replaces already segmented documents (in the caller's transaction). */
export async function upsertPreparedPostgres(db: Queryable, docs: PreparedDocument[]): Promise<void> {
  await deleteDocuments(
    db,
    docs.map((p) => p.doc.id),
  );
  await insertDocuments(db, docs, (p) => ({
    tsv: sql`${documentVectorLiteral(p)}::tsvector`,
    title_tsv: sql`${titleVectorLiteral(p)}::tsvector`,
  }));
}

export async function removePostgres(db: Queryable, id: number): Promise<void> {
  await deleteDocuments(db, [id]);
}
