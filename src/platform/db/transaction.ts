import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db-schema.js';

export type Tx = Transaction<DB>;
export type Queryable = Kysely<DB> | Tx;

/**
 * The one transaction helper: runs `work` in a transaction, reusing the caller's transaction when
 * one is already open so use cases can be composed without nesting BEGINs.
 */
export async function inTransaction<T>(db: Queryable, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Tx); // eslint-disable-line @typescript-eslint/no-unnecessary-type-assertion
  return (db as Kysely<DB>).transaction().execute(work);
}
