import fs from 'node:fs';
import type { Command } from 'commander';
import { CliError, openConfiguredDatabase, readConfigOrExit } from '../context.js';
import { BackupError, createBackup, restoreBackup, POSTGRES_BACKUP_MESSAGE } from '../../platform/backup.js';
import { allMigrations } from '../../../migrations/index.js';

/** An archive that cannot be read exits 2 (contracts §5); every other refusal exits 1. */
function toCliError(err: unknown): unknown {
  if (err instanceof BackupError) return new CliError(err.message, err.kind === 'unreadable' ? 2 : 1);
  return err;
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'the archive to write, e.g. /backup/gongkai-2026-01-05.tar.gz (must not exist)')
    .description(
      'write the SQLite database and the attachment files to one .tar.gz archive (safe while the server runs)',
    )
    .action(async (file: string) => {
      const config = readConfigOrExit();
      if (config.database.kind !== 'sqlite') throw new CliError(POSTGRES_BACKUP_MESSAGE);
      if (!fs.existsSync(config.database.file)) {
        throw new CliError(`no database at ${config.database.file}; nothing to back up`);
      }
      const database = openConfiguredDatabase(config);
      try {
        const manifest = await createBackup(database, {
          storageDir: config.storageDir,
          archiveFile: file,
          now: new Date(),
        });
        console.log(
          `Backed up the database (${formatBytes(manifest.database.size)}, ${manifest.migrations.length} migrations) ` +
            `and ${manifest.files.count} attachment files (${formatBytes(manifest.files.bytes)}) to ${file}`,
        );
      } catch (err) {
        throw toCliError(err);
      } finally {
        await database.close();
      }
    });

  program
    .command('restore')
    .argument('<file>', 'an archive written by `gongkai backup`')
    .option('--force', 'replace the database and attachment files of a data directory that is not empty')
    .description(
      'restore the SQLite database and the attachment files from a backup archive; stop the server first',
    )
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = readConfigOrExit();
      if (config.database.kind !== 'sqlite') throw new CliError(POSTGRES_BACKUP_MESSAGE);
      console.log('The Gongkai server must be stopped while restoring (it holds the database open).');
      try {
        const manifest = await restoreBackup(
          file,
          { dataDir: config.dataDir, databaseFile: config.database.file, storageDir: config.storageDir },
          { force: opts.force ?? false, knownMigrations: Object.keys(allMigrations) },
        );
        console.log(
          `Restored the backup of ${manifest.createdAt} into ${config.dataDir}: ` +
            `${manifest.files.count} attachment files. Pending migrations run on start (or: gongkai migrate).`,
        );
      } catch (err) {
        throw toCliError(err);
      }
    });
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
