import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError } from '../errors.js';
import {
  isStorageKey,
  storageKeyFor,
  type FileContent,
  type FileStorage,
  type PutOptions,
  type StoredFile,
} from './storage.js';

/** Unfinished uploads live here, inside the root so the final rename never crosses file systems. */
export const STORAGE_TMP_DIR = '.tmp';

/**
 * Attachment files in a local folder (`$GONGKAI_DATA_DIR/files`). Bytes are streamed to a temporary
 * file while hashing, flushed, then renamed to `ab/cd/<sha256>`: a reader never sees a half-written
 * file, and a crash leaves at most a stray file in `.tmp`.
 */
export function createLocalStorage(rootDir: string): FileStorage {
  const root = path.resolve(rootDir);
  const tmpDir = path.join(root, STORAGE_TMP_DIR);

  function pathFor(key: string): string {
    if (!isStorageKey(key)) {
      throw AppError.validation([{ field: 'key', message: 'storage.invalid_key' }], 'Invalid storage key');
    }
    return path.join(root, ...key.split('/'));
  }

  return {
    async put(content: FileContent, options: PutOptions = {}): Promise<StoredFile> {
      await fsp.mkdir(tmpDir, { recursive: true });
      const tmpFile = path.join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
      const hash = createHash('sha256');
      let size = 0;
      const handle = await fsp.open(tmpFile, 'wx', 0o640);
      try {
        try {
          for await (const chunk of toChunks(content)) {
            size += chunk.byteLength;
            if (options.maxBytes !== undefined && size > options.maxBytes) {
              throw AppError.validation(
                [{ field: 'file', message: 'storage.too_large', params: { maxBytes: options.maxBytes } }],
                `File is larger than ${options.maxBytes} bytes`,
              );
            }
            hash.update(chunk);
            await handle.write(chunk);
          }
          await handle.sync();
        } finally {
          await handle.close();
        }
        const sha256 = hash.digest('hex');
        const key = storageKeyFor(sha256);
        const target = pathFor(key);
        await fsp.mkdir(path.dirname(target), { recursive: true });
        // Same bytes already stored: keep the existing file (rename over it would also be safe).
        if (await fileExists(target)) await fsp.rm(tmpFile, { force: true });
        else await fsp.rename(tmpFile, target);
        return { key, size, sha256 };
      } catch (err) {
        await fsp.rm(tmpFile, { force: true });
        throw err;
      }
    },

    async get(key: string): Promise<Readable> {
      const file = pathFor(key);
      // Open first so a missing file is a NOT_FOUND here, not an error event on the stream later.
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(file, 'r');
      } catch (err) {
        if (isNotFound(err)) throw new AppError('NOT_FOUND', `No stored file ${key}`);
        throw err;
      }
      return handle.createReadStream();
    },

    async exists(key: string): Promise<boolean> {
      return fileExists(pathFor(key));
    },

    async delete(key: string): Promise<boolean> {
      const file = pathFor(key);
      try {
        await fsp.unlink(file);
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
  };
}

async function* toChunks(content: FileContent): AsyncIterable<Uint8Array> {
  if (content instanceof Uint8Array) {
    yield content;
    return;
  }
  for await (const chunk of content as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

async function fileExists(file: string): Promise<boolean> {
  try {
    return (await fsp.stat(file)).isFile();
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Lists every stored key under a local storage root (skips `.tmp` and anything not shaped like a key). */
export function listLocalStorageKeys(rootDir: string): string[] {
  const keys: string[] = [];
  if (!fs.existsSync(rootDir)) return keys;
  for (const a of fs.readdirSync(rootDir, { withFileTypes: true })) {
    if (!a.isDirectory() || !/^[0-9a-f]{2}$/.test(a.name)) continue;
    for (const b of fs.readdirSync(path.join(rootDir, a.name), { withFileTypes: true })) {
      if (!b.isDirectory() || !/^[0-9a-f]{2}$/.test(b.name)) continue;
      for (const f of fs.readdirSync(path.join(rootDir, a.name, b.name), { withFileTypes: true })) {
        const key = `${a.name}/${b.name}/${f.name}`;
        if (f.isFile() && isStorageKey(key)) keys.push(key);
      }
    }
  }
  return keys.sort();
}
