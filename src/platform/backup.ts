import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import SqliteDatabase from 'better-sqlite3';
import { create as createTar, list as listTar, type ReadEntry } from 'tar';
import type { Database } from './db/database.js';
import { isStorageKey } from './storage/storage.js';
import { listLocalStorageKeys } from './storage/local-storage.js';

/**
 * One SQLite installation in one file: `gongkai backup FILE` writes a gzip'd tar holding
 *
 *   manifest.json      format, when, schema migrations, counts, the database copy's SHA-256
 *   gongkai.sqlite     a consistent online copy (SQLite's backup API), journal mode DELETE
 *   files/ab/cd/<sha>  the attachment files; each file's name is its own SHA-256
 *
 * PostgreSQL installations use pg_dump/pg_restore instead (docs/operations.md).
 */
export const BACKUP_FORMAT = 'gongkai-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST = 'manifest.json';
const DB_ENTRY = 'gongkai.sqlite';
const FILES_ENTRY = 'files';
const MAX_MANIFEST_BYTES = 1024 * 1024;

export const POSTGRES_BACKUP_MESSAGE =
  'gongkai backup/restore work on SQLite only; on PostgreSQL use pg_dump -Fc / pg_restore and copy ' +
  '$GONGKAI_DATA_DIR/files (docs/operations.md, "Backups on PostgreSQL")';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  dialect: 'sqlite';
  /** Names from `kysely_migration`, in order: the schema the copy has. */
  migrations: string[];
  database: { file: string; size: number; sha256: string };
  files: { count: number; bytes: number };
}

/**
 * Why a backup or restore did not happen. `unreadable`: the archive cannot be read at all (missing,
 * not gzip/tar, truncated); `invalid`: readable but not a sound Gongkai backup (foreign, corrupt,
 * too new); `refused`: the request itself is refused (PostgreSQL, non-empty data dir, file exists).
 */
export class BackupError extends Error {
  constructor(
    readonly kind: 'unreadable' | 'invalid' | 'refused',
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface CreateBackupOptions {
  /** The attachment folder (`config.storageDir`). */
  storageDir: string;
  /** Where the archive goes; must not exist yet. */
  archiveFile: string;
  now: Date;
}

/**
 * Writes one archive of the SQLite database and the attachment files while the server may keep
 * running. The database copy uses SQLite's online backup API (a consistent snapshot even with writers
 * in WAL mode); attachment files are immutable once stored, and are hard-linked into a staging folder
 * so a file deleted meanwhile still makes it into the archive. The archive appears under its final
 * name only when complete.
 */
export async function createBackup(
  database: Database,
  options: CreateBackupOptions,
): Promise<BackupManifest> {
  if (database.target.kind !== 'sqlite' || !database.sqlite) {
    throw new BackupError('refused', POSTGRES_BACKUP_MESSAGE);
  }
  const archiveFile = path.resolve(options.archiveFile);
  if (fs.existsSync(archiveFile)) {
    throw new BackupError('refused', `${archiveFile} already exists; choose another file name`);
  }
  const storageDir = path.resolve(options.storageDir);
  // Stage beside the attachment folder: same file system, so files can be hard-linked, not copied.
  const stagingParent = path.dirname(storageDir);
  fs.mkdirSync(stagingParent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(stagingParent, '.backup-'));
  const partial = `${archiveFile}.partial-${randomBytes(4).toString('hex')}`;
  try {
    const dbCopy = path.join(staging, DB_ENTRY);
    await database.sqlite.backup(dbCopy);
    const migrations = finishDatabaseCopy(dbCopy);
    const files = stageStorageFiles(storageDir, path.join(staging, FILES_ENTRY));
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: options.now.toISOString(),
      dialect: 'sqlite',
      migrations,
      database: { file: DB_ENTRY, size: fs.statSync(dbCopy).size, sha256: await sha256File(dbCopy) },
      files,
    };
    fs.writeFileSync(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    fs.mkdirSync(path.dirname(archiveFile), { recursive: true });
    await createTar({ gzip: true, file: partial, cwd: staging, portable: true }, [
      MANIFEST,
      DB_ENTRY,
      FILES_ENTRY,
    ]);
    fs.renameSync(partial, archiveFile);
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}

/**
 * Makes the copy a self-contained single file (journal mode DELETE, no -wal beside it), checks it,
 * and returns its migration names.
 */
function finishDatabaseCopy(file: string): string[] {
  const copy = new SqliteDatabase(file);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new Error(`the database copy failed its integrity check: ${check}`);
    return readMigrationNames(copy);
  } finally {
    copy.close();
  }
}

function readMigrationNames(handle: SqliteDatabase.Database): string[] {
  const hasTable = handle
    .prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`)
    .get();
  if (!hasTable) return [];
  return (handle.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function stageStorageFiles(storageDir: string, target: string): { count: number; bytes: number } {
  fs.mkdirSync(target, { recursive: true });
  let count = 0;
  let bytes = 0;
  for (const key of listLocalStorageKeys(storageDir)) {
    const from = path.join(storageDir, ...key.split('/'));
    const to = path.join(target, ...key.split('/'));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    try {
      fs.linkSync(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // deleted since it was listed
      fs.copyFileSync(from, to); // EXDEV, EPERM: the folder is a separate mount
    }
    count++;
    bytes += fs.statSync(to).size;
  }
  return { count, bytes };
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface RestoreTarget {
  dataDir: string;
  /** The SQLite file the configuration names (`config.database.file`). */
  databaseFile: string;
  storageDir: string;
}

export interface RestoreOptions {
  /** Replace the database and files of a data directory that is not empty. */
  force?: boolean;
  /** Migration names this version of Gongkai knows; an archive with others is refused as too new. */
  knownMigrations?: readonly string[];
}

/**
 * Restores an archive into a data directory. The archive is unpacked and fully verified (manifest,
 * the database copy's checksum and integrity, every attachment's hash) in a staging folder inside
 * the data directory before anything there is touched; then the database file and the attachment
 * folder are swapped in by rename, and the swap is undone if a rename fails. The server must be
 * stopped: it holds the old database open.
 */
export async function restoreBackup(
  archiveFile: string,
  target: RestoreTarget,
  options: RestoreOptions = {},
): Promise<BackupManifest> {
  const dataDir = path.resolve(target.dataDir);
  const databaseFile = path.resolve(target.databaseFile);
  const storageDir = path.resolve(target.storageDir);
  await assertReadable(archiveFile);
  const existing = fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : [];
  if (existing.length > 0 && !options.force) {
    throw new BackupError(
      'refused',
      `data directory ${dataDir} is not empty (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); ` +
        'stop the server and pass --force to replace its database and files',
    );
  }
  const createdDataDir = !fs.existsSync(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(dataDir, '.restore-'));
  let manifest: BackupManifest;
  try {
    manifest = await unpackAndVerify(archiveFile, staging, options);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true, maxRetries: 3 });
    if (createdDataDir) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  }

  const aside = fs.mkdtempSync(path.join(dataDir, '.restore-old-'));
  const done: [from: string, to: string][] = [];
  const move = (from: string, to: string) => {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.renameSync(from, to);
    done.push([from, to]);
  };
  try {
    // The old database with its WAL and shared-memory files: a stale -wal beside the new file must not survive.
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      if (fs.existsSync(databaseFile + suffix)) {
        move(databaseFile + suffix, path.join(aside, path.basename(databaseFile) + suffix));
      }
    }
    if (fs.existsSync(storageDir)) move(storageDir, path.join(aside, FILES_ENTRY));
    move(path.join(staging, DB_ENTRY), databaseFile);
    move(path.join(staging, FILES_ENTRY), storageDir);
  } catch (err) {
    for (const [from, to] of done.reverse()) {
      try {
        fs.renameSync(to, from);
      } catch {
        // Keep undoing the rest; the error below names the failure.
      }
    }
    fs.rmSync(staging, { recursive: true, force: true });
    if (fs.readdirSync(aside).length === 0) fs.rmSync(aside, { recursive: true, force: true });
    throw new BackupError(
      'refused',
      `restore failed while swapping files, the previous data was put back: ${(err as Error).message}`,
    );
  }
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(aside, { recursive: true, force: true });
  return manifest;
}

async function assertReadable(archiveFile: string): Promise<void> {
  try {
    const stat = await fsp.stat(archiveFile);
    if (!stat.isFile()) throw new Error('not a file');
    await (await fsp.open(archiveFile, 'r')).close();
  } catch (err) {
    throw new BackupError('unreadable', `cannot read ${archiveFile}: ${describe(err)}`);
  }
}

interface UnpackedFile {
  sha256: string;
  size: number;
}

/** Streams every entry into `dir` (names checked, never trusted) and verifies the whole set. */
async function unpackAndVerify(
  archiveFile: string,
  dir: string,
  options: Pick<RestoreOptions, 'knownMigrations'>,
): Promise<BackupManifest> {
  await assertReadable(archiveFile);
  const unexpected: string[] = [];
  const written = new Map<string, UnpackedFile>();
  const pending: Promise<void>[] = [];
  const outputs: fs.WriteStream[] = [];
  const track = (p: Promise<void>) => {
    p.catch(() => undefined); // awaited below; this only keeps a late rejection from going unhandled
    pending.push(p);
  };
  let manifestBytes: Buffer | undefined;
  fs.mkdirSync(path.join(dir, FILES_ENTRY), { recursive: true });

  const onEntry = (entry: ReadEntry) => {
    const name = entry.path.replace(/^\.\//, '').replace(/\/$/, '');
    if (entry.type === 'Directory' && /^files(\/[0-9a-f]{2}(\/[0-9a-f]{2})?)?$/.test(name)) return;
    const isFile = entry.type === 'File' || entry.type === 'OldFile';
    const isKnownFile =
      isFile &&
      (name === MANIFEST ||
        name === DB_ENTRY ||
        (name.startsWith(`${FILES_ENTRY}/`) && isStorageKey(name.slice(FILES_ENTRY.length + 1))));
    if (!isKnownFile || written.has(name) || (name === MANIFEST && manifestBytes)) {
      unexpected.push(`${entry.type} ${name || '(empty name)'}`);
      return;
    }
    if (name === MANIFEST) {
      const chunks: Buffer[] = [];
      let size = 0;
      entry.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_MANIFEST_BYTES) chunks.push(c);
      });
      track(
        new Promise((resolve) =>
          entry.on('end', () => {
            manifestBytes = size <= MAX_MANIFEST_BYTES ? Buffer.concat(chunks) : Buffer.from('too large');
            resolve();
          }),
        ),
      );
      return;
    }
    const file = path.join(dir, ...name.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o640 });
    outputs.push(out);
    // One consumer only: a second 'data' listener on the entry could miss chunks already buffered.
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    track(
      new Promise<void>((resolve, reject) => {
        out.on('error', reject);
        out.on('finish', () => {
          written.set(name, { sha256: hash.digest('hex'), size });
          resolve();
        });
      }),
    );
    entry.pipe(hashing).pipe(out);
  };

  try {
    await listTar({ file: archiveFile, strict: true, onReadEntry: onEntry });
    await Promise.all(pending);
  } catch (err) {
    // A broken archive stops the parser mid-entry: close what is still being written before the
    // caller removes the staging folder.
    await Promise.all(
      outputs
        .filter((out) => !out.closed)
        .map((out) => new Promise<void>((resolve) => out.once('close', resolve).destroy())),
    );
    throw new BackupError('unreadable', `${archiveFile} is not a readable .tar.gz archive: ${describe(err)}`);
  }

  if (!manifestBytes) {
    throw new BackupError('invalid', `${archiveFile} is not a Gongkai backup: it has no ${MANIFEST}`);
  }
  const manifest = parseManifest(manifestBytes);
  if (unexpected.length > 0) {
    throw new BackupError(
      'invalid',
      `${archiveFile} holds unexpected entries: ${unexpected.slice(0, 3).join(', ')}`,
    );
  }
  const db = written.get(DB_ENTRY);
  if (!db) throw new BackupError('invalid', `the archive has no database file (${DB_ENTRY})`);
  if (db.sha256 !== manifest.database.sha256 || db.size !== manifest.database.size) {
    throw new BackupError(
      'invalid',
      'the database copy does not match the checksum in manifest.json; the archive is corrupt',
    );
  }
  let fileCount = 0;
  let fileBytes = 0;
  for (const [name, f] of written) {
    if (!name.startsWith(`${FILES_ENTRY}/`)) continue;
    if (!name.endsWith(`/${f.sha256}`)) {
      throw new BackupError(
        'invalid',
        `attachment ${name} does not match its checksum; the archive is corrupt`,
      );
    }
    fileCount++;
    fileBytes += f.size;
  }
  if (fileCount !== manifest.files.count || fileBytes !== manifest.files.bytes) {
    throw new BackupError(
      'invalid',
      `the archive holds ${fileCount} attachment files (${fileBytes} bytes) but manifest.json lists ` +
        `${manifest.files.count} (${manifest.files.bytes} bytes); the archive is incomplete`,
    );
  }
  const known = options.knownMigrations;
  const unknown = known ? manifest.migrations.filter((m) => !known.includes(m)) : [];
  if (unknown.length > 0) {
    throw new BackupError(
      'invalid',
      `the backup's schema includes migration ${unknown[0]} which this version of Gongkai does not know; upgrade Gongkai first`,
    );
  }
  checkDatabaseCopy(path.join(dir, DB_ENTRY), manifest);
  return manifest;
}

function parseManifest(bytes: Buffer): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BackupError('invalid', `${MANIFEST} is not valid JSON; the archive is corrupt`);
  }
  const m = value as Partial<BackupManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== BACKUP_FORMAT) {
    throw new BackupError(
      'invalid',
      `not a Gongkai backup (${MANIFEST} has no "format": "${BACKUP_FORMAT}")`,
    );
  }
  if (typeof m.formatVersion !== 'number' || m.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      'invalid',
      `backup format version ${String(m.formatVersion)} is newer than this Gongkai reads (${BACKUP_FORMAT_VERSION}); upgrade Gongkai first`,
    );
  }
  const valid =
    m.dialect === 'sqlite' &&
    typeof m.createdAt === 'string' &&
    Array.isArray(m.migrations) &&
    m.migrations.every((n) => typeof n === 'string') &&
    typeof m.database?.sha256 === 'string' &&
    typeof m.database.size === 'number' &&
    typeof m.files?.count === 'number' &&
    typeof m.files.bytes === 'number';
  if (!valid)
    throw new BackupError('invalid', `${MANIFEST} is incomplete; the archive is corrupt or foreign`);
  return m as BackupManifest;
}

function checkDatabaseCopy(file: string, manifest: BackupManifest): void {
  let handle: SqliteDatabase.Database | undefined;
  try {
    handle = new SqliteDatabase(file, { fileMustExist: true });
    const check = handle.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') throw new Error(check);
    const migrations = readMigrationNames(handle);
    if (migrations.join('\n') !== manifest.migrations.join('\n')) {
      throw new Error('its migrations differ from manifest.json');
    }
  } catch (err) {
    throw new BackupError(
      'invalid',
      `the database copy is not sound (${describe(err)}); the archive is corrupt`,
    );
  } finally {
    handle?.close();
  }
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  Z_DATA_ERROR: 'corrupt gzip data',
  Z_BUF_ERROR: 'truncated gzip data',
};

function describe(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && ERRNO_TEXT[code]) return ERRNO_TEXT[code];
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') {
    return `${err.code}${err instanceof Error && !err.message.includes(err.code) ? ` (${err.message})` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}
