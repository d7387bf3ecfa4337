import type { Readable } from 'node:stream';

/** What `put` learned about the bytes it stored. */
export interface StoredFile {
  /** Content-addressed: `ab/cd/<sha256>`. The same bytes always get the same key. */
  key: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
}

export interface PutOptions {
  /**
   * The name the uploader gave the file. Kept by the caller (in its own table) for display and
   * Content-Disposition; storage never uses it to build a path.
   */
  originalName?: string;
  contentType?: string;
  /** Refuse (and store nothing) when the content is larger than this many bytes. */
  maxBytes?: number;
}

export type FileContent = Uint8Array | Readable | AsyncIterable<Uint8Array>;

/**
 * Where attachment bytes live. A local folder by default; an S3-compatible bucket can implement the
 * same interface later. Keys are content-addressed, so identical uploads share one stored file:
 * a caller that deletes must first make sure no other row still refers to the key.
 */
export interface FileStorage {
  put(content: FileContent, options?: PutOptions): Promise<StoredFile>;
  /** Throws AppError NOT_FOUND for an unknown key and VALIDATION for a malformed one. */
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Returns whether a file was removed. */
  delete(key: string): Promise<boolean>;
}

const KEY_PATTERN = /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/** The key for a SHA-256 hex digest. */
export function storageKeyFor(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/**
 * Whether `key` is exactly a content-addressed key whose folders match its hash. Anything else
 * (`..`, absolute paths, back-slashes, upper case) is rejected, so a key can never leave the root.
 */
export function isStorageKey(key: string): boolean {
  const m = KEY_PATTERN.exec(key);
  return m !== null && m[3]!.startsWith(m[1]! + m[2]!);
}
