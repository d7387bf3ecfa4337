import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Queryable } from '../db/transaction.js';
import type { JobDefinition, JobLogger, JobQueue } from '../jobs/job-queue.js';
import {
  findOutboxMessage,
  insertOutboxMessage,
  insertOutboxMessageWithSendJob,
  type QueuedMailRows,
  markOutboxDelivered,
  recordOutboxError,
  type OutboxMessage,
} from './outbox.repository.js';

export const MAIL_SEND_JOB = 'mail.send';
const DEFAULT_MAX_ATTEMPTS = 6;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /**
   * Records the message in the outbox and enqueues its delivery, both in `trx`: the mail goes out
   * only if the change that caused it commits, and it is not lost if the process stops before sending.
   * Returns the outbox id.
   */
  queueMail(trx: Queryable, message: MailMessage): Promise<number>;
  /**
   * The rows `queueMail` would insert — the message and its send job — for a caller that inserts them
   * inside a statement of its own on PostgreSQL (`newMessageInsert`, `sendJobValuesAfterNewMessage`),
   * saving the round trips. Nothing is written until that statement runs.
   */
  queuedMailRows(message: MailMessage): QueuedMailRows;
  /** Closes the SMTP connection, if one was opened. */
  close(): void;
}

export interface MailerOptions {
  database: Database;
  config: Pick<Config, 'mail' | 'outboxDir'>;
  jobs: JobQueue;
  clock: Clock;
  logger?: JobLogger;
  /** Delivery attempts before the message is marked failed; retries back off exponentially. */
  maxAttempts?: number;
}

const sendPayload = z.object({ outboxId: z.number().int().positive() });

/**
 * Mail goes through the outbox table and the job queue. With SMTP configured it is sent over SMTP;
 * without, each message is written as an .eml file into the outbox folder (and listed in the back
 * office), so a demo or a development machine loses nothing and needs no mail server.
 */
export function createMailer(options: MailerOptions): Mailer {
  const { database, config, jobs, clock } = options;
  const logger = options.logger;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const smtpUrl = config.mail.smtpUrl;
  let smtp: Transporter | undefined;
  // The file outbox still lets nodemailer build the message, so the .eml is exactly what SMTP would carry.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  function envelopeOf(row: OutboxMessage, now: Date): SendMailOptions {
    return {
      from: config.mail.from,
      to: row.to_address,
      subject: row.subject,
      text: row.text_body,
      ...(row.html_body ? { html: row.html_body } : {}),
      // Chinese text is a third the size in base64 of what it is in quoted-printable.
      textEncoding: 'base64',
      date: now,
    };
  }

  async function writeToOutboxFolder(row: OutboxMessage, now: Date): Promise<string> {
    const info = await composer.sendMail(envelopeOf(row, now));
    const message = info.message as Buffer;
    await fs.mkdir(config.outboxDir, { recursive: true });
    // Named by queue time and id: sorts by time in a file browser, and a retry overwrites its own file.
    const stamp = row.created_at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const filePath = path.join(config.outboxDir, `${stamp}-${row.id}.eml`);
    // Written under a temporary name and renamed, so a reader never sees half a message.
    const partial = `${filePath}.partial`;
    await fs.writeFile(partial, message);
    await fs.rename(partial, filePath);
    return filePath;
  }

  async function sendOverSmtp(url: string, row: OutboxMessage, now: Date): Promise<void> {
    smtp ??= nodemailer.createTransport(url);
    await smtp.sendMail(envelopeOf(row, now));
  }

  const sendJob: JobDefinition<z.input<typeof sendPayload>> = jobs.register(
    MAIL_SEND_JOB,
    sendPayload,
    async ({ outboxId }, ctx) => {
      const row = await findOutboxMessage(database, outboxId);
      if (!row) {
        logger?.warn({ outboxId, jobId: ctx.jobId }, 'outbox message no longer exists; nothing to send');
        return;
      }
      // A retried or duplicated job must not deliver the message twice.
      if (row.status !== 'queued') return;
      const transport = smtpUrl ? 'smtp' : 'file';
      try {
        if (smtpUrl) {
          await sendOverSmtp(smtpUrl, row, ctx.now);
          await markOutboxDelivered(database.db, row.id, {
            status: 'sent',
            transport,
            filePath: null,
            at: clock.now().toISOString(),
          });
        } else {
          const filePath = await writeToOutboxFolder(row, ctx.now);
          await markOutboxDelivered(database.db, row.id, {
            status: 'written',
            transport,
            filePath,
            at: clock.now().toISOString(),
          });
        }
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        await recordOutboxError(database.db, row.id, { error, transport, isFinal: ctx.isFinalAttempt });
        throw err;
      }
      // Addresses and bodies are personal data: the log carries only the outbox id.
      logger?.info({ outboxId: row.id, transport, attempt: ctx.attempt }, 'mail delivered');
    },
  );

  function queuedMailRows(message: MailMessage): QueuedMailRows {
    const createdAt = clock.now().toISOString();
    return {
      message: {
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html ?? null,
        createdAt,
      },
      job: { type: sendJob.type, runAt: createdAt, maxAttempts, createdAt },
    };
  }

  return {
    queuedMailRows,
    async queueMail(trx, message) {
      const rows = queuedMailRows(message);
      if (database.dialect.kind === 'postgres') {
        // One statement for both (a round trip less per mail), the payload built by the server.
        return insertOutboxMessageWithSendJob(trx, rows);
      }
      const id = await insertOutboxMessage(trx, rows.message);
      await sendJob.enqueue(trx, { outboxId: id }, { maxAttempts });
      return id;
    },
    close() {
      smtp?.close();
      composer.close();
    },
  };
}
