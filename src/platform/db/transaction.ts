import { CompiledQuery, sql, type Compilable, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db-schema.js';
import { COMMITTING_MARK, type Database } from './database.js';
import type { DialectKind } from './dialect.js';

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

/** The most units of work one grouped transaction carries. */
export const GROUP_COMMIT_MAX = 64;

interface GroupedWork {
  work: (trx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

const groupCommitters = new WeakMap<Kysely<DB>, (item: GroupedWork) => void>();

/**
 * Group commit for small, independent, frequent units of work (online submissions): each runs in its
 * own savepoint, and those that arrive while a transaction is committing share the next one, so
 * concurrent callers pay for one durable commit together instead of one each. That matters where a
 * commit waits for the disk (PostgreSQL's fsync, about 2.5 ms here) and every such unit also appends
 * to a serialised chain (the audit log's advisory lock, held until commit): the chain would otherwise
 * allow one commit at a time.
 *
 * A caller's promise settles only after the transaction that carried its work committed (or failed):
 * its result is as durable as with `inTransaction`. When its own work throws, only its savepoint is
 * rolled back, and it gets its own error; when the commit itself fails, every caller in the group gets
 * that error and none of their work is stored. A lone caller runs at once in a plain transaction.
 * Work must not use the database outside `trx` (as with `inTransaction` on SQLite).
 *
 * Online submissions use it on SQLite only (`inSubmissionTransaction`): on PostgreSQL, units in their
 * own transactions on the pool overlap and beat one connection running them one after another.
 */
export function inGroupedTransaction<T>(db: Queryable, work: (trx: Tx) => Promise<T>): Promise<T> {
  if (isTransaction(db)) return work(db);
  let submit = groupCommitters.get(db);
  if (!submit) {
    submit = createGroupCommitter(db);
    groupCommitters.set(db, submit);
  }
  const enqueue = submit;
  return new Promise<T>((resolve, reject) => {
    enqueue({ work, resolve: resolve as (value: unknown) => void, reject });
  });
}

function createGroupCommitter(db: Kysely<DB>): (item: GroupedWork) => void {
  const queue: GroupedWork[] = [];
  let running = false;

  const runGroup = async (group: GroupedWork[]): Promise<void> => {
    if (group.length === 1) {
      const [only] = group;
      try {
        only!.resolve(await db.transaction().execute(only!.work));
      } catch (err) {
        only!.reject(err);
      }
      return;
    }
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const item of group) {
          await sql`savepoint group_commit_unit`.execute(trx);
          try {
            const value = await item.work(trx);
            await sql`release savepoint group_commit_unit`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            // Undo this unit only; if even that fails, the whole transaction is lost (below).
            await sql`rollback to savepoint group_commit_unit`.execute(trx);
            await sql`release savepoint group_commit_unit`.execute(trx);
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (commitError) {
      group.forEach((item, i) => {
        const outcome = outcomes[i];
        item.reject(outcome && !outcome.ok ? outcome.error : commitError);
      });
      return;
    }
    group.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  };

  const drain = async (): Promise<void> => {
    running = true;
    try {
      while (queue.length > 0) await runGroup(queue.splice(0, GROUP_COMMIT_MAX));
    } finally {
      running = false;
    }
  };

  return (item) => {
    queue.push(item);
    if (!running) void drain();
  };
}

/**
 * Submission transactions one process runs at once on PostgreSQL; more wait their turn here. Enough
 * to overlap several submissions' round trips, few enough that the one holding the serialising locks
 * (reference number, audit chain) is not starved of CPU by the others on a 2-core machine, and the
 * pool (10) keeps connections free for everything else.
 */
export const SUBMISSION_TRANSACTIONS_MAX = 4;

const submissionGates = new WeakMap<Kysely<DB>, { running: number; waiting: (() => void)[] }>();

/**
 * The transaction for small, independent, frequent units of work that arrive together (online
 * submissions). SQLite has one connection and one writer, so units share commits there
 * (`inGroupedTransaction`). PostgreSQL runs each in its own transaction on the pool, at most
 * SUBMISSION_TRANSACTIONS_MAX at once: units overlap up to the short section they serialise on (the
 * work should take its locks as late as it can), and PostgreSQL flushes the WAL of commits that
 * arrive together at once.
 */
export async function inSubmissionTransaction<T>(
  database: Database,
  work: (trx: Tx) => Promise<T>,
): Promise<T> {
  if (database.dialect.kind === 'sqlite') return inGroupedTransaction(database.db, work);
  let gate = submissionGates.get(database.db);
  if (!gate) {
    gate = { running: 0, waiting: [] };
    submissionGates.set(database.db, gate);
  }
  if (gate.running >= SUBMISSION_TRANSACTIONS_MAX) {
    await new Promise<void>((resolve) => gate.waiting.push(resolve));
  } else {
    gate.running += 1;
  }
  try {
    return await inTransaction(database.db, work);
  } finally {
    // Hand the slot straight to the next waiter, or free it.
    const next = gate.waiting.shift();
    if (next) next();
    else gate.running -= 1;
  }
}

/**
 * Runs a transaction's last statements and commits it (PostgreSQL): the statements and COMMIT are
 * queued on the connection together, so each is sent the moment the one before it completes, with no
 * application code in between. For the end of a transaction that holds locks other transactions wait
 * for (online intake's reference number and audit chain): they are held for the server's time and
 * the round trips alone. Returns each statement's rows, in order.
 *
 * It must be the transaction's last use of `trx`: once it returns, the work is committed, a later
 * statement in the same transaction is refused, and an error thrown afterwards can no longer undo it.
 * If a statement fails, the ones after it and COMMIT fail too (the transaction is aborted), nothing is
 * committed, and the first error is thrown. On SQLite the statements just run, and the transaction
 * commits when its work returns, as every transaction does there.
 */
export async function executeAndCommit(
  trx: Tx,
  dialect: DialectKind,
  statements: readonly Compilable[],
): Promise<unknown[][]> {
  if (!trx.isTransaction) throw new Error('executeAndCommit needs a transaction');
  const compiled = statements.map((statement) => statement.compile());
  if (dialect === 'sqlite') {
    const out: unknown[][] = [];
    for (const query of compiled) out.push((await trx.executeQuery(query)).rows);
    return out;
  }
  const carried: CompiledQuery = {
    ...CompiledQuery.raw(COMMITTING_MARK),
    parameters: compiled.map((query) => ({ sql: query.sql, parameters: query.parameters })),
  };
  const result = await trx.executeQuery<{ rows: unknown[] }>(carried);
  if (result.rows.length !== statements.length) {
    throw new Error(`executeAndCommit: ${result.rows.length} results for ${statements.length} statements`);
  }
  return result.rows.map((r) => r.rows);
}
