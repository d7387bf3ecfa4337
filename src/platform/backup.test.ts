import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { buffer } from 'node:stream/consumers';
import { create as createTar, extract as extractTar } from 'tar';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { recordAudit, verifyAuditChain } from './audit/audit.js';
import { createLocalStorage } from './storage/local-storage.js';
import { BackupError, createBackup, restoreBackup, type RestoreTarget } from './backup.js';
import { allMigrations } from '../../migrations/index.js';

const KNOWN = Object.keys(allMigrations);
const now = new Date('2026-01-05T02:00:00Z');

function targetIn(dataDir: string): RestoreTarget {
  return {
    dataDir,
    databaseFile: path.join(dataDir, 'gongkai.sqlite'),
    storageDir: path.join(dataDir, 'files'),
  };
}

async function snapshot(database: Database) {
  const { db } = database;
  return {
    settings: await db.selectFrom('settings').selectAll().orderBy('key').execute(),
    audit: await db.selectFrom('audit_log').selectAll().orderBy('seq').execute(),
  };
}

function isBackupError(kind: BackupError['kind'], pattern: RegExp) {
  return (err: unknown) => err instanceof BackupError && err.kind === kind && pattern.test(err.message);
}

/** The round trip runs on SQLite whatever TEST_DATABASE_URL says: backup/restore is the SQLite way. */
describe('backup and restore (SQLite)', () => {
  let dir: string;
  let source: ReturnType<typeof targetIn>;
  let database: Database;
  let archive: string;
  let before_: Awaited<ReturnType<typeof snapshot>>;
  const files = new Map<string, Buffer>();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-backup-'));
    source = targetIn(path.join(dir, 'live'));
    database = openDatabase({ kind: 'sqlite', file: source.databaseFile });
    await migrateToLatest(database);
    const { db } = database;
    for (let i = 1; i <= 20; i++) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('settings')
          .values({
            key: `k${i}`,
            value_json: JSON.stringify({ 名称: `设置${i}` }),
            updated_at: now.toISOString(),
          })
          .execute();
        await recordAudit(
          trx,
          database.dialect,
          { userId: null, label: 'system' },
          { action: 'settings.set', entityType: 'setting', entityId: `k${i}`, after: { i } },
          now,
        );
      });
    }
    const storage = createLocalStorage(source.storageDir);
    for (const bytes of [Buffer.from('年度报告正文'), randomBytes(300_000), Buffer.alloc(0)]) {
      files.set((await storage.put(bytes, { originalName: 'x.pdf' })).key, bytes);
    }
    before_ = await snapshot(database);
    archive = path.join(dir, 'backup.tar.gz');
    // The database stays open, as it would in a running server.
    const manifest = await createBackup(database, {
      storageDir: source.storageDir,
      archiveFile: archive,
      now,
    });
    assert.equal(manifest.files.count, 3);
    assert.deepEqual(manifest.migrations, KNOWN);
    assert.equal(manifest.createdAt, now.toISOString());
  });
  after(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores rows and file bytes identical to the moment of the backup into a fresh data dir', async () => {
    // Change everything after the backup: rows updated and deleted, a file deleted, a file added.
    const storage = createLocalStorage(source.storageDir);
    await database.db
      .updateTable('settings')
      .set({ value_json: '"changed"' })
      .where('key', '=', 'k1')
      .execute();
    await database.db.deleteFrom('settings').where('key', '=', 'k2').execute();
    await storage.delete([...files.keys()][0]!);
    const added = await storage.put(Buffer.from('after the backup'));

    const fresh = targetIn(path.join(dir, 'fresh'));
    const manifest = await restoreBackup(archive, fresh, { knownMigrations: KNOWN });
    assert.equal(manifest.files.count, 3);
    const restored = openDatabase({ kind: 'sqlite', file: fresh.databaseFile });
    try {
      assert.deepEqual(await snapshot(restored), before_);
      assert.equal((await verifyAuditChain(restored.db)).ok, true);
    } finally {
      await restored.close();
    }
    const restoredStorage = createLocalStorage(fresh.storageDir);
    for (const [key, bytes] of files) assert.deepEqual(await buffer(await restoredStorage.get(key)), bytes);
    assert.equal(await restoredStorage.exists(added.key), false);
    assert.deepEqual(fs.readdirSync(fresh.dataDir).sort(), ['files', 'gongkai.sqlite']);
  });

  it('refuses a non-empty data dir without --force and replaces it with --force', async () => {
    const target = targetIn(path.join(dir, 'occupied'));
    const occupied = openDatabase({ kind: 'sqlite', file: target.databaseFile });
    await migrateToLatest(occupied);
    await occupied.db
      .insertInto('settings')
      .values({ key: 'other', value_json: '1', updated_at: 'x' })
      .execute();
    await occupied.close();
    const stray = await createLocalStorage(target.storageDir).put(Buffer.from('stray'));

    await assert.rejects(
      restoreBackup(archive, target, { knownMigrations: KNOWN }),
      isBackupError('refused', /not empty.*--force/),
    );
    await restoreBackup(archive, target, { force: true, knownMigrations: KNOWN });
    const restored = openDatabase({ kind: 'sqlite', file: target.databaseFile });
    try {
      assert.deepEqual(await snapshot(restored), before_);
    } finally {
      await restored.close();
    }
    assert.equal(await createLocalStorage(target.storageDir).exists(stray.key), false);
    assert.deepEqual(
      fs.readdirSync(target.dataDir).filter((n) => n.startsWith('.')),
      [],
      'no staging folders left',
    );
  });

  it('refuses a corrupt, truncated, foreign or missing archive and changes nothing', async () => {
    const bytes = fs.readFileSync(archive);
    const flipped = Buffer.from(bytes);
    for (let i = 200; i < 260; i++) flipped[i] = flipped[i]! ^ 0xff;
    const cases: [string, Buffer | null, BackupError['kind'], RegExp][] = [
      ['flipped.tar.gz', flipped, 'unreadable', /not a readable \.tar\.gz/],
      ['truncated.tar.gz', bytes.subarray(0, Math.floor(bytes.length / 2)), 'unreadable', /not a readable/],
      ['text.tar.gz', Buffer.from('just some text\n'.repeat(100)), 'unreadable', /not a readable/],
      ['missing.tar.gz', null, 'unreadable', /cannot read/],
    ];
    for (const [name, content, kind, pattern] of cases) {
      const file = path.join(dir, name);
      if (content) fs.writeFileSync(file, content);
      const target = targetIn(path.join(dir, `restore-${name}`));
      await assert.rejects(
        restoreBackup(file, target, { knownMigrations: KNOWN }),
        isBackupError(kind, pattern),
      );
      assert.equal(fs.existsSync(target.dataDir), false, `${name}: nothing created`);
    }

    // A well-formed archive whose database copy was altered after the manifest was written.
    const unpacked = path.join(dir, 'unpacked');
    fs.mkdirSync(unpacked);
    await extractTar({ file: archive, cwd: unpacked });
    fs.appendFileSync(path.join(unpacked, 'gongkai.sqlite'), 'tampered');
    const tampered = path.join(dir, 'tampered.tar.gz');
    await createTar({ gzip: true, file: tampered, cwd: unpacked }, fs.readdirSync(unpacked));
    await assert.rejects(
      restoreBackup(tampered, targetIn(path.join(dir, 'r-tampered')), { knownMigrations: KNOWN }),
      isBackupError('invalid', /does not match the checksum/),
    );

    // Someone else's tar.gz.
    const foreignDir = path.join(dir, 'foreign');
    fs.mkdirSync(foreignDir);
    fs.writeFileSync(path.join(foreignDir, 'dump.sql'), 'select 1;');
    const foreign = path.join(dir, 'foreign.tar.gz');
    await createTar({ gzip: true, file: foreign, cwd: foreignDir }, ['dump.sql']);
    await assert.rejects(
      restoreBackup(foreign, targetIn(path.join(dir, 'r-foreign')), { knownMigrations: KNOWN }),
      isBackupError('invalid', /not a Gongkai backup/),
    );

    // A backup from a newer Gongkai, whose schema has migrations this version does not know.
    await assert.rejects(
      restoreBackup(archive, targetIn(path.join(dir, 'r-newer')), { knownMigrations: [] }),
      isBackupError('invalid', /upgrade Gongkai first/),
    );
    assert.equal(fs.existsSync(path.join(dir, 'r-newer')), false);
  });

  it('refuses to overwrite an existing archive', async () => {
    await assert.rejects(
      createBackup(database, { storageDir: source.storageDir, archiveFile: archive, now }),
      isBackupError('refused', /already exists/),
    );
  });

  it('refuses on PostgreSQL and points at pg_dump', async () => {
    // The pool connects lazily: the refusal comes before any query.
    const pgDatabase = openDatabase({ kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' });
    try {
      await assert.rejects(
        createBackup(pgDatabase, {
          storageDir: source.storageDir,
          archiveFile: path.join(dir, 'pg.tgz'),
          now,
        }),
        isBackupError('refused', /pg_dump.*docs\/operations\.md/),
      );
    } finally {
      await pgDatabase.close();
    }
  });

  it('gongkai backup/restore: one-line refusals with exit codes 1 (PostgreSQL) and 2 (unreadable archive)', () => {
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        encoding: 'utf8',
        env: { ...process.env, GONGKAI_DATA_DIR: path.join(dir, 'cli'), ...env },
      });
    const onPg = run(['backup', path.join(dir, 'x.tar.gz')], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    assert.equal(onPg.status, 1);
    assert.match(onPg.stderr, /^gongkai: .*pg_dump.*\n$/);
    const garbage = path.join(dir, 'garbage.tar.gz');
    fs.writeFileSync(garbage, 'not an archive');
    const bad = run(['restore', garbage], { DATABASE_URL: '' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^gongkai: .*not a readable \.tar\.gz archive.*\n$/);
    assert.equal(fs.existsSync(path.join(dir, 'cli')), false);
  });
});
