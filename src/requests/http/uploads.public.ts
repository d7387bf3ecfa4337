import type { Context } from 'hono';
import { fileTypeFromBuffer } from 'file-type';
import type { AppEnv } from '../../platform/http/env.js';
import type { FieldProblem } from '../../platform/errors.js';
import { MAX_ATTACHMENT_MB } from './apply.public.pages.js';

/** A file a citizen uploaded, stored and described for the use case's `fileInput`. */
export interface UploadedFile {
  storageKey: string;
  name: string;
  contentType: string;
  size: number;
}

const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024;
/** What file-type must find in the bytes: the declared name or type is never trusted. */
const ATTACHMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/**
 * Checks one uploaded file (its size, then the type its bytes show: PDF, JPEG or PNG) and stores it;
 * a refused file is not stored and comes back as a problem on `field`.
 */
export async function acceptUpload<K extends string>(
  c: Context<AppEnv>,
  field: K,
  file: File,
): Promise<(UploadedFile & { kind: K }) | FieldProblem> {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return { field, message: 'apply.error.file_too_large', params: { mb: MAX_ATTACHMENT_MB } };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const detected = bytes.byteLength > 0 ? await fileTypeFromBuffer(bytes) : undefined;
  const contentType = detected ? ATTACHMENT_TYPES[detected.ext] : undefined;
  if (!detected || !contentType) return { field, message: 'apply.error.file_type' };
  const stored = await c.var.deps.storage.put(bytes, { contentType, maxBytes: MAX_ATTACHMENT_BYTES });
  // Only the last part of the name, without control characters: it is shown back and to staff.
  const name =
    (file.name.split(/[\\/]/).pop() ?? '').replace(/\p{Cc}/gu, '').slice(0, 200) ||
    `${field}.${detected.ext}`;
  return { kind: field, storageKey: stored.key, name, contentType, size: stored.size };
}
