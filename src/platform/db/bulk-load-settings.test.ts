import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-db.js';
import { BULK_WAL_AUTOCHECKPOINT, withBulkLoadSettings } from './database.js';

describe('bulk load settings', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(async () => {
    await t.cleanup();
  });

  it('checkpoints the SQLite WAL less often during a bulk load and restores the setting after it, failed or not', async (ctx) => {
    const handle = t.database.sqlite;
    if (!handle) {
      // PostgreSQL: nothing to change, the work just runs.
      assert.equal(await withBulkLoadSettings(t.database, () => Promise.resolve(42)), 42);
      return ctx.skip('SQLite setting');
    }
    const setting = () => handle.pragma('wal_autocheckpoint', { simple: true }) as number;
    const before = setting();
    assert.notEqual(before, BULK_WAL_AUTOCHECKPOINT);
    let during = 0;
    assert.equal(
      await withBulkLoadSettings(t.database, () => {
        during = setting();
        return Promise.resolve('done');
      }),
      'done',
    );
    assert.equal(during, BULK_WAL_AUTOCHECKPOINT);
    assert.equal(setting(), before);
    await assert.rejects(
      withBulkLoadSettings(t.database, () => Promise.reject(new Error('import failed'))),
      /import failed/,
    );
    assert.equal(setting(), before);
  });
});
