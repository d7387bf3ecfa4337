import { sql, type QueryCreator, type RawBuilder, type Selectable } from 'kysely';
import type { DB } from '../../db-schema.js';
import type { Database } from '../db/database.js';
import type { Queryable } from '../db/transaction.js';
import type { MailOutboxTable } from '../db/tables.js';
import { newJobRow, type NewJob } from '../jobs/jobs.repository.js';

/** All SQL of the mail outbox: every message ever queued, with what became of it. */

export type OutboxMessage = Selectable<MailOutboxTable>;
export type OutboxStatus = MailOutboxTable['status'];

export async function insertOutboxMessage(db: Queryable, message: QueuedMailRows['message']): Promise<number> {
  const row = await newMessageInsert(db, message).executeTakeFirstOrThrow();
  return row.id;
}

/** What queueing one mail inserts: the message and the job that sends it (see `Mailer.queuedMailRows`). */
export interface QueuedMailRows {
  message: { to: string; subject: string; text: string; html: string | null; createdAt: string };
  job: Omit<NewJob, 'payloadJson' | 'uniqueKey'>;
}

/** The message's insert, returning its id (also as a CTE named `new_message` of a PostgreSQL statement). */
export function newMessageInsert(
  qb: QueryCreator<DB>,
  message: QueuedMailRows['message'],
  /** How the address and the texts are written into the statement (as they are, by default). */
  text: (value: string) => string | RawBuilder<string> = (value) => value,
) {
  return qb
    .insertInto('mail_outbox')
    .values({
      to_address: text(message.to),
      subject: text(message.subject),
      text_body: text(message.text),
      html_body: message.html === null ? null : text(message.html),
      status: 'queued',
      created_at: message.createdAt,
    })
    .returning('id');
}

/**
 * The send job's values in a statement whose CTE `new_message` inserted the message: the payload,
 * `{"outboxId":<its id>}` exactly as `JSON.stringify` writes it, is built by the server.
 */
export function sendJobValuesAfterNewMessage(rows: QueuedMailRows) {
  return newJobRow(
    { ...rows.job, uniqueKey: null },
    sql<string>`(select '{"outboxId":' || id || '}' from new_message)`,
  );
}

/**
 * PostgreSQL: a message and the job that sends it in one statement (one round trip less for every
 * mail queued in a transaction). Returns the message's id.
 */
export async function insertOutboxMessageWithSendJob(db: Queryable, rows: QueuedMailRows): Promise<number> {
  const row = await db
    .with('new_message', (qb) => newMessageInsert(qb, rows.message))
    .insertInto('jobs')
    .values(sendJobValuesAfterNewMessage(rows))
    .returning(sql<number>`(select id from new_message)`.as('outbox_id'))
    .executeTakeFirstOrThrow();
  return Number(row.outbox_id);
}

export function findOutboxMessage(database: Database, id: number): Promise<OutboxMessage | undefined> {
  return database.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One page of the outbox, newest first, for the back office; `total` counts the whole filter. */
export async function listOutbox(
  database: Database,
  options: { limit: number; offset: number; status?: OutboxStatus },
): Promise<{ items: OutboxMessage[]; total: number }> {
  let filtered = database.db.selectFrom('mail_outbox');
  if (options.status) filtered = filtered.where('status', '=', options.status);
  const [items, count] = await Promise.all([
    filtered.selectAll().orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function markOutboxDelivered(
  db: Queryable,
  id: number,
  outcome: { status: 'sent' | 'written'; transport: 'smtp' | 'file'; filePath: string | null; at: string },
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({
      status: outcome.status,
      transport: outcome.transport,
      file_path: outcome.filePath,
      sent_at: outcome.at,
      error: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt; the row stays `queued` while retries remain, `failed` after the last. */
export async function recordOutboxError(
  db: Queryable,
  id: number,
  failure: { error: string; transport: 'smtp' | 'file'; isFinal: boolean },
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({
      error: failure.error,
      transport: failure.transport,
      ...(failure.isFinal ? { status: 'failed' as const } : {}),
    })
    .where('id', '=', id)
    .execute();
}
