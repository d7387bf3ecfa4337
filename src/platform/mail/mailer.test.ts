import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { fixedClock } from '../clock.js';
import { createJobQueue, type JobLogger } from '../jobs/job-queue.js';
import { createMailer } from './mailer.js';
import { findOutboxMessage, listOutbox } from './outbox.repository.js';

const START = new Date('2026-01-05T02:00:00.000Z');
const FROM = '政务公开办 <noreply@gongkai.example>';
const SUBJECT = '关于您的政府信息公开申请（2026-0001）的答复';
const TEXT = '张先生：您申请公开的信息已于今日答复，请登录查询。';

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header value. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** The unfolded value of a header in a raw RFC 822 message. */
function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  assert.ok(line, `header ${name} present`);
  return line.slice(name.length + 1).trim();
}

/**
 * The decoded text/plain body of a raw message: the message itself when it has one part, otherwise
 * the text/plain part of its multipart body.
 */
function textBodyOf(raw: string): string {
  const split = /\r?\n\r?\n/.exec(raw);
  assert.ok(split, 'headers and body');
  const headers = raw.slice(0, split.index);
  const body = raw.slice(split.index + split[0].length);
  const contentType = headerOf(headers, 'Content-Type');
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (/^content-type: text\/plain/im.test(part)) return textBodyOf(part.replace(/^\r?\n/, ''));
    }
    assert.fail('a text/plain part');
  }
  assert.match(contentType, /^text\/plain; charset=utf-8/i);
  assert.equal(headerOf(headers, 'Content-Transfer-Encoding').toLowerCase(), 'base64');
  return Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8');
}

function capturingLogger(): JobLogger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (obj: object, msg?: string) =>
    lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

async function startSmtpServer(options: Partial<SMTPServerOptions> = {}) {
  const received: { from: string; to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('mail without SMTP: the file outbox', () => {
  let t: TestDatabase;
  let outboxDir: string;
  before(async () => {
    t = await createTestDatabase();
    outboxDir = path.join(t.dir, 'outbox');
  });
  after(() => t.cleanup());

  it('writes the message as an .eml file with a decodable Chinese subject and marks it written', async () => {
    const clock = fixedClock(START);
    const logger = capturingLogger();
    const jobs = createJobQueue({ database: t.database, clock, logger });
    const mailer = createMailer({
      database: t.database,
      config: { mail: { smtpUrl: undefined, from: FROM }, outboxDir },
      jobs,
      clock,
      logger,
    });
    const id = await t.database.db
      .transaction()
      .execute((trx) => mailer.queueMail(trx, { to: 'zhang@example.cn', subject: SUBJECT, text: TEXT }));
    assert.equal((await findOutboxMessage(t.database, id))?.status, 'queued');

    assert.equal((await jobs.runDue()).succeeded, 1);
    const row = await findOutboxMessage(t.database, id);
    assert.equal(row?.status, 'written');
    assert.equal(row?.transport, 'file');
    assert.equal(row?.sent_at, START.toISOString());
    const filePath = row?.file_path ?? '';
    assert.ok(filePath.startsWith(outboxDir) && filePath.endsWith('.eml'));
    const raw = fs.readFileSync(filePath, 'utf8');
    assert.equal(decodeHeader(headerOf(raw, 'Subject')), SUBJECT);
    assert.equal(decodeHeader(headerOf(raw, 'To')), 'zhang@example.cn');
    assert.match(decodeHeader(headerOf(raw, 'From')), /政务公开办.*<noreply@gongkai\.example>/);
    assert.equal(textBodyOf(raw), TEXT);
    assert.deepEqual(fs.readdirSync(outboxDir), [path.basename(filePath)], 'no partial files left');

    // Running again sends nothing twice.
    assert.equal((await jobs.runDue()).claimed, 0);
    const logged = logger.lines.join('\n');
    assert.ok(
      !logged.includes('zhang@example.cn') && !logged.includes('张先生') && !logged.includes(SUBJECT),
    );
    mailer.close();
  });

  it('keeps neither message nor job when the transaction that queued it rolls back', async () => {
    const clock = fixedClock(START);
    const jobs = createJobQueue({ database: t.database, clock });
    const mailer = createMailer({
      database: t.database,
      config: { mail: { smtpUrl: undefined, from: FROM }, outboxDir },
      jobs,
      clock,
    });
    const before = await listOutbox(t.database, { limit: 100, offset: 0 });
    await assert.rejects(
      t.database.db.transaction().execute(async (trx) => {
        await mailer.queueMail(trx, { to: 'li@example.cn', subject: '不会发出', text: '回滚' });
        throw new Error('the application was not saved');
      }),
      /not saved/,
    );
    assert.equal((await listOutbox(t.database, { limit: 100, offset: 0 })).total, before.total);
    assert.equal((await jobs.runDue()).claimed, 0);
    mailer.close();
  });

  it('lists the outbox newest first, filtered by status and paged', async () => {
    const clock = fixedClock(START);
    const jobs = createJobQueue({ database: t.database, clock });
    const mailer = createMailer({
      database: t.database,
      config: { mail: { smtpUrl: undefined, from: FROM }, outboxDir },
      jobs,
      clock,
    });
    const ids: number[] = [];
    for (const n of [1, 2, 3]) {
      ids.push(
        await mailer.queueMail(t.database.db, { to: `u${n}@example.cn`, subject: `通知 ${n}`, text: '正文' }),
      );
    }
    const queued = await listOutbox(t.database, { limit: 2, offset: 0, status: 'queued' });
    assert.equal(queued.total, 3);
    assert.deepEqual(
      queued.items.map((m) => m.id),
      [ids[2], ids[1]],
    );
    const nextPage = await listOutbox(t.database, { limit: 2, offset: 2, status: 'queued' });
    assert.deepEqual(
      nextPage.items.map((m) => m.id),
      [ids[0]],
    );
    await jobs.runDue();
    assert.equal((await listOutbox(t.database, { limit: 10, offset: 0, status: 'queued' })).total, 0);
    assert.equal((await listOutbox(t.database, { limit: 10, offset: 0, status: 'written' })).total, 4);
    assert.equal(await findOutboxMessage(t.database, 999_999), undefined);
    mailer.close();
  });
});

describe('mail over SMTP', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.cleanup());

  it('delivers the message with its Chinese subject and body to the SMTP server and marks it sent', async () => {
    const server = await startSmtpServer();
    const clock = fixedClock(START);
    const jobs = createJobQueue({ database: t.database, clock });
    const mailer = createMailer({
      database: t.database,
      config: { mail: { smtpUrl: server.url, from: FROM }, outboxDir: path.join(t.dir, 'outbox') },
      jobs,
      clock,
    });
    try {
      const id = await t.database.db.transaction().execute((trx) =>
        mailer.queueMail(trx, {
          to: 'wang@example.cn',
          subject: SUBJECT,
          text: TEXT,
          html: `<p>${TEXT}</p>`,
        }),
      );
      assert.equal((await jobs.runDue()).succeeded, 1);
      assert.equal(server.received.length, 1);
      const [message] = server.received;
      assert.deepEqual(message!.to, ['wang@example.cn']);
      assert.equal(message!.from, 'noreply@gongkai.example');
      assert.equal(decodeHeader(headerOf(message!.raw, 'Subject')), SUBJECT);
      assert.equal(textBodyOf(message!.raw), TEXT);
      const row = await findOutboxMessage(t.database, id);
      assert.equal(row?.status, 'sent');
      assert.equal(row?.transport, 'smtp');
      assert.equal(row?.file_path, null);
      assert.equal(row?.error, null);
      assert.equal(fs.existsSync(path.join(t.dir, 'outbox')), false, 'nothing written to the file outbox');
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('retries when the server refuses, records the error, then marks the message failed', async () => {
    const server = await startSmtpServer({
      onRcptTo(_address, _session, callback) {
        const refusal = new Error('Mailbox unavailable') as Error & { responseCode: number };
        refusal.responseCode = 550;
        callback(refusal);
      },
    });
    const clock = fixedClock(START);
    const jobs = createJobQueue({ database: t.database, clock, retryBaseMs: 60_000 });
    const mailer = createMailer({
      database: t.database,
      config: { mail: { smtpUrl: server.url, from: FROM }, outboxDir: path.join(t.dir, 'outbox') },
      jobs,
      clock,
      maxAttempts: 3,
    });
    try {
      const id = await mailer.queueMail(t.database.db, {
        to: 'nobody@example.cn',
        subject: SUBJECT,
        text: TEXT,
      });
      assert.equal((await jobs.runDue()).retried, 1);
      let row = await findOutboxMessage(t.database, id);
      assert.equal(row?.status, 'queued');
      assert.match(row?.error ?? '', /550/);

      clock.advanceMs(60_000);
      assert.equal((await jobs.runDue()).retried, 1);
      clock.advanceMs(120_000);
      assert.equal((await jobs.runDue()).failed, 1);
      row = await findOutboxMessage(t.database, id);
      assert.equal(row?.status, 'failed');
      assert.match(row?.error ?? '', /550/);
      assert.equal(row?.sent_at, null);
      assert.equal(server.received.length, 0);
      const job = await t.database.db
        .selectFrom('jobs')
        .selectAll()
        .where('type', '=', 'mail.send')
        .where('status', '=', 'failed')
        .execute();
      assert.equal(job.length, 1);
      assert.equal(job[0]!.attempts, 3);
    } finally {
      mailer.close();
      await server.close();
    }
  });
});
