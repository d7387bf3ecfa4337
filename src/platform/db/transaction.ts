import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db-schema.js';

export type Tx = Transaction<DB>;
export type Queryable = Kysely<DB> | Tx;

/**
 * The one transaction helper: runs `work` in a transaction, reusing the caller's transaction when
 * one is already open so use cases can be composed without nesting BEGINs.
 */
export async function inTransaction<T>(db: Queryable, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return work(db);
  return db.transaction().execute(work);
}

function isTransaction(db: Queryable): db is Tx {
  return db.isTransaction;
}
