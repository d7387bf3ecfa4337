import { sql, type Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

/**
 * PostgreSQL search: the planner's row estimate decides whether a query is dense (src/platform/search/
 * postgres-search-index.ts): a common word is answered by walking publication order with an estimated
 * total, a rarer one through GIN with a count. ANALYZE keeps the most frequent lexemes of a tsvector
 * column (ten per unit of statistics target) and estimates every other lexeme at half the rarest kept
 * frequency; at the default target (100: 1,000 lexemes) that floor is near 0.5 %, i.e. 5,000 items at
 * 1,000,000, so rare words would look dense. A target of 1,000 keeps 10,000 lexemes. SQLite: nothing.
 */
export const searchStatistics: MigrationFactory = (dialect) => ({
  async up(db: Kysely<unknown>) {
    if (dialect.kind !== 'postgres') return;
    await sql`alter table search_documents alter column tsv set statistics 1000`.execute(db);
    await sql`alter table search_documents alter column title_tsv set statistics 1000`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    if (dialect.kind !== 'postgres') return;
    await sql`alter table search_documents alter column tsv set statistics -1`.execute(db);
    await sql`alter table search_documents alter column title_tsv set statistics -1`.execute(db);
  },
});
