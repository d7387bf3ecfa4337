import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { cliEnvFor, runCli } from '../support/cli.js';
import { recordAudit } from '../../src/platform/audit/audit.js';

describe('gongkai CLI: audit verify, migrate, configuration errors', () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  before(async () => {
    t = await createTestDatabase();
    env = cliEnvFor(t.database.target, t.dir);
    for (let i = 0; i < 3; i++) {
      await t.database.db
        .transaction()
        .execute((trx) =>
          recordAudit(
            trx,
            t.database.dialect,
            { userId: null, label: 'system' },
            { action: 'test.change', entityType: 'thing', entityId: i },
            new Date('2026-01-05T02:00:00Z'),
          ),
        );
    }
  });
  after(() => t.cleanup());

  it('reports an intact chain with its head and exits 0', async () => {
    const r = await runCli(['audit', 'verify'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Audit log intact: 3 records\. Head: #3 [0-9a-f]{64}/);
  });

  it('exits 1 and names the record when a row was edited', async () => {
    await sql`update audit_log set actor_label = 'someone-else' where seq = 2`.execute(t.database.db);
    const r = await runCli(['audit', 'verify'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /#2: the record was changed after it was written/);
  });

  it('says the schema is up to date when migrate runs on a migrated database', async () => {
    const r = await runCli(['migrate'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /up to date/);
  });

  it('prints every configuration problem at once and exits 1', async () => {
    const r = await runCli(['migrate'], {
      GONGKAI_DATA_DIR: path.join(t.dir, 'cfg'),
      PORT: 'eighty',
      GONGKAI_TIME_ZONE: 'Mars/Olympus',
      DATABASE_URL: 'mysql://nope',
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /PORT/);
    assert.match(r.stderr, /GONGKAI_TIME_ZONE/);
    assert.match(r.stderr, /DATABASE_URL/);
  });

  it('refuses an unknown command with exit code 2', async () => {
    const r = await runCli(['frobnicate'], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command/);
  });
});
