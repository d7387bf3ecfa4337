import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, REDACTED } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, destination };
}

const config = { env: 'production' as const, logLevel: 'info' as const };

describe('logger', () => {
  it('writes one JSON object per line with level, time, message and service', () => {
    const { lines, destination } = capture();
    createLogger(config, { destination }).info({ orgId: 3 }, 'started');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.msg, 'started');
    assert.equal(lines[0]!.level, 30);
    assert.equal(lines[0]!.orgId, 3);
    assert.equal(lines[0]!.service, 'gongkai');
    assert.match(String(lines[0]!.time), /^\d{4}-\d\d-\d\dT/);
  });

  it('redacts secrets and applicants’ personal data at any of the first three levels', () => {
    const { lines, destination } = capture();
    const logger = createLogger(config, { destination });
    logger.info(
      {
        password: 'hunter2',
        token: 'abc',
        user: { id: 7, username: 'zhang', email: 'zhang@example.cn', password: 'x', name: '张三' },
        req: {
          method: 'POST',
          path: '/staff/login',
          headers: { authorization: 'Bearer abc', cookie: 'sid=abc', 'user-agent': 'test' },
        },
        res: { headers: { 'set-cookie': 'sid=abc' } },
        input: {
          applicant: { name: '李四', phone: '13800138000', idNumber: '110101199003074514', kind: 'citizen' },
          description: '请公开2025年预算',
        },
        applicants: [{ name: '王五', email: 'w@example.cn' }],
        org: { name: '东莞市人民政府', code: 'dg' },
        queryCode: 'K7Q2-9XPM',
      },
      'submitted',
    );
    const line = lines[0] as {
      [field: string]: unknown;
      req: { headers: Record<string, unknown> };
      res: { headers: Record<string, unknown> };
      input: { applicant: unknown; description: unknown };
    };
    assert.equal(line.password, REDACTED);
    assert.equal(line.token, REDACTED);
    assert.equal(line.queryCode, REDACTED);
    assert.deepEqual(line.user, {
      id: 7,
      username: 'zhang',
      email: REDACTED,
      password: REDACTED,
      name: REDACTED,
    });
    assert.equal(line.req.headers.authorization, REDACTED);
    assert.equal(line.req.headers.cookie, REDACTED);
    assert.equal(line.req.headers['user-agent'], 'test');
    assert.equal(line.res.headers['set-cookie'], REDACTED);
    assert.deepEqual(line.input.applicant, {
      name: REDACTED,
      phone: REDACTED,
      idNumber: REDACTED,
      kind: 'citizen',
    });
    assert.equal(line.input.description, '请公开2025年预算');
    assert.deepEqual(line.applicants, [{ name: REDACTED, email: REDACTED }]);
    // An organisation's name is public and stays readable.
    assert.deepEqual(line.org, { name: '东莞市人民政府', code: 'dg' });
    const raw = JSON.stringify(line);
    for (const secret of [
      'hunter2',
      '13800138000',
      '110101199003074514',
      '李四',
      '张三',
      'zhang@example.cn',
    ]) {
      assert.ok(!raw.includes(secret), `${secret} leaked`);
    }
  });

  it('carries the request id on every line of a child logger', () => {
    const { lines, destination } = capture();
    const log = createLogger(config, { destination }).child({ requestId: 'req-1' });
    log.info('request');
    log.warn({ email: 'a@b.cn' }, 'response');
    assert.deepEqual(
      lines.map((l) => [l.requestId, l.msg]),
      [
        ['req-1', 'request'],
        ['req-1', 'response'],
      ],
    );
    assert.equal(lines[1]!.email, REDACTED);
  });

  it('is silent under NODE_ENV=test unless LOG_LEVEL is set', () => {
    const quiet = capture();
    createLogger({ env: 'test', logLevel: 'info' }, { destination: quiet.destination, env: {} }).error('x');
    assert.equal(quiet.lines.length, 0);
    const loud = capture();
    const logger = createLogger(
      { env: 'test', logLevel: 'debug' },
      { destination: loud.destination, env: { LOG_LEVEL: 'debug' } },
    );
    logger.debug('y');
    assert.equal(loud.lines.length, 1);
  });

  it('follows the configured level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ env: 'production', logLevel: 'warn' }, { destination });
    logger.info('hidden');
    logger.warn('shown');
    assert.deepEqual(
      lines.map((l) => l.msg),
      ['shown'],
    );
  });
});
