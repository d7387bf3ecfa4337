import { sql, type Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import type { Queryable } from '../db/transaction.js';
import type { MailOutboxTable } from '../db/tables.js';
import type { NewJob } from '../jobs/jobs.repository.js';

/** All SQL of the mail outbox: every message ever queued, with what became of it. */

export type OutboxMessage = Selectable<MailOutboxTable>;
export type OutboxStatus = MailOutboxTable['status'];

export async function insertOutboxMessage(
  db: Queryable,
  message: { to: string; subject: string; text: string; html: string | null; createdAt: string },
): Promise<number> {
  const row = await db
    .insertInto('mail_outbox')
    .values({
      to_address: message.to,
      subject: message.subject,
      text_body: message.text,
      html_body: message.html,
      status: 'queued',
      created_at: message.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * PostgreSQL: a message and the job that sends it in one statement (one round trip less for every
 * mail queued in a transaction, e.g. each online submission). The job's payload is the send job's,
 * `{"outboxId":<the new id>}`, exactly as `JSON.stringify` writes it. Returns the message's id.
 */
export async function insertOutboxMessageWithSendJob(
  db: Queryable,
  message: { to: string; subject: string; text: string; html: string | null; createdAt: string },
  job: Omit<NewJob, 'payloadJson' | 'uniqueKey'>,
): Promise<number> {
  const row = await db
    .with('new_message', (qb) =>
      qb
        .insertInto('mail_outbox')
        .values({
          to_address: message.to,
          subject: message.subject,
          text_body: message.text,
          html_body: message.html,
          status: 'queued',
          created_at: message.createdAt,
        })
        .returning('id'),
    )
    .insertInto('jobs')
    .values({
      type: job.type,
      payload_json: sql<string>`(select '{"outboxId":' || id || '}' from new_message)`,
      status: 'pending',
      run_at: job.runAt,
      attempts: 0,
      max_attempts: job.maxAttempts,
      unique_key: null,
      created_at: job.createdAt,
    })
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
