import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseTarget } from '../../src/platform/db/database.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment that points the `gongkai` CLI at a test database: the SQLite file itself, or the
 * test's own PostgreSQL schema through the connection string's `options`.
 */
export function cliEnvFor(target: DatabaseTarget, dataDir: string): Record<string, string> {
  if (target.kind === 'sqlite') return { GONGKAI_DATA_DIR: path.dirname(target.file), DATABASE_URL: '' };
  const url = new URL(target.url);
  if (target.schema) url.searchParams.set('options', `-c search_path=${target.schema}`);
  return { GONGKAI_DATA_DIR: dataDir, DATABASE_URL: url.toString() };
}

/** Runs `gongkai ARGS` as a separate process, as an operator would. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
