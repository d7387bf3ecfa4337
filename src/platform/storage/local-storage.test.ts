import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { isAppError } from '../errors.js';
import { createLocalStorage, listLocalStorageKeys, STORAGE_TMP_DIR } from './local-storage.js';
import { isStorageKey, type FileStorage } from './storage.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('local file storage', () => {
  let root: string;
  let storage: FileStorage;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-storage-'));
    storage = createLocalStorage(path.join(root, 'files'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stores bytes under a content-addressed key and reads them back', async () => {
    const bytes = Buffer.from('政府信息公开申请表\n', 'utf8');
    const stored = await storage.put(bytes, { originalName: '申请表.txt', contentType: 'text/plain' });
    const digest = sha(bytes);
    assert.deepEqual(stored, {
      key: `${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`,
      size: bytes.length,
      sha256: digest,
    });
    assert.ok(fs.existsSync(path.join(root, 'files', ...stored.key.split('/'))));
    assert.equal(await storage.exists(stored.key), true);
    assert.deepEqual(await buffer(await storage.get(stored.key)), bytes);
  });

  it('accepts a stream and gives identical content the same key', async () => {
    const chunks = [Buffer.from('part one, '), Buffer.from('part two')];
    const fromStream = await storage.put(Readable.from(chunks));
    const fromBytes = await storage.put(Buffer.concat(chunks));
    assert.equal(fromStream.key, fromBytes.key);
    assert.equal(fromStream.size, 18);
  });

  it('never uses the original file name for the path', async () => {
    const stored = await storage.put(Buffer.from('x'), { originalName: '../../../etc/passwd' });
    assert.ok(isStorageKey(stored.key));
    assert.ok(!fs.existsSync(path.join(root, 'etc')));
    for (const key of listLocalStorageKeys(path.join(root, 'files'))) assert.ok(isStorageKey(key));
  });

  it('rejects keys that could escape the root', async () => {
    const digest = sha(Buffer.from('x'));
    for (const key of [
      '../../etc/passwd',
      '/etc/passwd',
      `${digest.slice(0, 2)}/${digest.slice(2, 4)}/../${digest}`,
      `ff/ff/${digest}`, // folders must match the hash
      `${digest.slice(0, 2)}\\${digest.slice(2, 4)}\\${digest}`,
      digest.toUpperCase(),
      '',
    ]) {
      await assert.rejects(storage.get(key), (err) => isAppError(err) && err.code === 'VALIDATION', key);
      await assert.rejects(storage.exists(key), (err) => isAppError(err) && err.code === 'VALIDATION', key);
      await assert.rejects(storage.delete(key), (err) => isAppError(err) && err.code === 'VALIDATION', key);
    }
  });

  it('reports an unknown key as NOT_FOUND and deletes idempotently', async () => {
    const stored = await storage.put(Buffer.from('to be deleted'));
    assert.equal(await storage.delete(stored.key), true);
    assert.equal(await storage.exists(stored.key), false);
    assert.equal(await storage.delete(stored.key), false);
    await assert.rejects(storage.get(stored.key), (err) => isAppError(err) && err.code === 'NOT_FOUND');
  });

  it('stores nothing when the content is larger than maxBytes', async () => {
    const big = Buffer.alloc(2048, 1);
    await assert.rejects(
      storage.put(big, { maxBytes: 1024 }),
      (err) => isAppError(err) && err.code === 'VALIDATION',
    );
    assert.equal(await storage.exists(`${sha(big).slice(0, 2)}/${sha(big).slice(2, 4)}/${sha(big)}`), false);
    assert.deepEqual(fs.readdirSync(path.join(root, 'files', STORAGE_TMP_DIR)), []);
  });

  it('leaves no temporary file behind when the source stream fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('half'));
        this.destroy(new Error('connection reset'));
      },
    });
    await assert.rejects(storage.put(failing), /connection reset/);
    assert.deepEqual(fs.readdirSync(path.join(root, 'files', STORAGE_TMP_DIR)), []);
  });
});
