import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../support/test-db.js';
import { cliEnvFor } from '../support/cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `gongkai <command>` and resolves once it says it is serving. */
function startCli(command: string, port: number, env: Record<string, string>): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', command, '--port', String(port)],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
      },
    );
    let out = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Gongkai is serving at')) resolve({ child, output: () => out, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`exited early with ${code}: ${out}`)));
  });
}

describe('npm start and gongkai serve', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase();
  });
  after(() => t.cleanup());

  it('serve never loads demo data into an empty database and stops gracefully on SIGTERM', async () => {
    const port = await freePort();
    const running = await startCli('serve', port, cliEnvFor(t.database.target, t.dir));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    const orgs = await t.database.db.selectFrom('orgs').select('id').execute();
    assert.equal(orgs.length, 0);
    running.child.kill('SIGTERM');
    assert.equal(await running.exited, 0);
  });

  it('start loads the demo city once into an empty database, prints the accounts, then serves it', async () => {
    const port = await freePort();
    const env = cliEnvFor(t.database.target, t.dir);
    const running = await startCli('start', port, env);
    assert.match(running.output(), /city\.admin\s+city_admin/);
    const home = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    assert.match(home, /东莞市/);
    assert.match(home, /演示站点/);
    running.child.kill('SIGTERM');
    assert.equal(await running.exited, 0);

    // A second start finds organisations and does not load the demo again.
    const again = await startCli('start', port, env);
    assert.doesNotMatch(again.output(), /city\.admin/);
    again.child.kill('SIGTERM');
    assert.equal(await again.exited, 0);
  });
});
