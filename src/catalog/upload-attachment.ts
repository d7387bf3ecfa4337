import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import type { FileStorage } from '../platform/storage/storage.js';
import {
  countAttachmentsWithKey,
  insertAttachment,
  listAttachments,
  updateItemRow,
  type CatalogAttachment,
} from './catalog.repository.js';
import { extractAttachmentText } from './attachment-text.js';
import { invalidState, loadItemFor, parseCatalogInput, recordRevision } from './item-support.js';

/** Default upload limit: 50 MB covers scanned PDFs of long documents. */
export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** Accepted extensions and the content types file-type must detect for each (doc/xls: OLE compound files). */
const ALLOWED: Record<string, { detected: readonly string[]; contentType: string }> = {
  pdf: { detected: ['pdf'], contentType: 'application/pdf' },
  docx: {
    detected: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  xlsx: {
    detected: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  doc: { detected: ['cfb', 'doc'], contentType: 'application/msword' },
  xls: { detected: ['cfb', 'xls'], contentType: 'application/vnd.ms-excel' },
  png: { detected: ['png'], contentType: 'image/png' },
  jpg: { detected: ['jpg'], contentType: 'image/jpeg' },
  jpeg: { detected: ['jpg'], contentType: 'image/jpeg' },
};

export const uploadAttachmentInput = z.object({
  itemId: z.number().int().positive(),
  /** The uploader's file name: shown and offered on download, never used as a path. */
  fileName: z.string().max(1_000, { message: 'catalog.error.too_long' }),
  content: z.instanceof(Uint8Array),
});

export type UploadAttachmentInput = z.input<typeof uploadAttachmentInput>;

/** The display name: the last path segment, without control or bidi characters, at most 200 characters. */
export function displayNameOf(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = last.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return cleaned.length > 200 ? cleaned.slice(cleaned.length - 200) : cleaned;
}

/**
 * Attaches a file to a draft (`catalog.edit`). Refused — with nothing stored — when it is empty, over
 * the limit, of a type not allowed, or when its content (detected by file-type) does not match its
 * extension. Text is extracted for search and the personal-data scan; a failed extraction is recorded
 * on the attachment, not fatal.
 */
export async function uploadAttachment(
  ctx: UseCaseContext,
  deps: { storage: FileStorage; maxBytes?: number },
  input: UploadAttachmentInput,
): Promise<CatalogAttachment> {
  const parsed = parseCatalogInput(uploadAttachmentInput, input);
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  // Permission and state first, so a refused user learns nothing about file checks.
  await inTransaction(ctx.database.db, async (trx) => {
    const { item } = await loadItemFor(ctx, trx, parsed.itemId, 'catalog.edit');
    if (item.status !== 'draft') throw invalidState('catalog.error.not_draft', { status: item.status });
  });
  const name = displayNameOf(parsed.fileName);
  if (!name) throw AppError.validation([{ field: 'file', message: 'catalog.error.upload_name_required' }]);
  const bytes = parsed.content;
  if (bytes.byteLength === 0)
    throw AppError.validation([{ field: 'file', message: 'catalog.error.upload_empty' }]);
  if (bytes.byteLength > maxBytes) {
    throw AppError.validation([
      {
        field: 'file',
        message: 'catalog.error.upload_too_large',
        params: { maxMb: Math.floor(maxBytes / 1048576) },
      },
    ]);
  }
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase() ?? '';
  const allowed = ALLOWED[extension];
  if (!allowed)
    throw AppError.validation([{ field: 'file', message: 'catalog.error.upload_type_not_allowed' }]);
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || !allowed.detected.includes(detected.ext)) {
    throw AppError.validation([
      { field: 'file', message: 'catalog.error.upload_type_mismatch', params: { extension } },
    ]);
  }
  const extracted = await extractAttachmentText(extension, bytes);

  const stored = await deps.storage.put(bytes, {
    originalName: name,
    contentType: allowed.contentType,
    maxBytes,
  });
  try {
    return await inTransaction(ctx.database.db, async (trx) => {
      // Checked again inside the transaction that writes: the item may have moved on meanwhile.
      const { item, org } = await loadItemFor(ctx, trx, parsed.itemId, 'catalog.edit');
      if (item.status !== 'draft') throw invalidState('catalog.error.not_draft', { status: item.status });
      const at = ctx.now.toISOString();
      const attachment = await insertAttachment(trx, {
        item_id: item.id,
        storage_key: stored.key,
        original_name: name,
        content_type: allowed.contentType,
        extension,
        size: stored.size,
        sha256: stored.sha256,
        extracted_text: extracted.text,
        extraction_error: extracted.error,
        sort_order: (await listAttachments(trx, item.id)).length,
        created_by: ctx.principal.userId,
        created_at: at,
      });
      const updated = await updateItemRow(trx, item.id, {
        version: item.version + 1,
        updated_by: ctx.principal.userId,
        updated_at: at,
      });
      await recordRevision(ctx, trx, updated, 'attach');
      await audit(ctx, trx, {
        action: 'catalog.attachment.upload',
        entityType: 'catalog_attachment',
        entityId: attachment.id,
        orgId: org.id,
        after: {
          itemId: item.id,
          name,
          contentType: allowed.contentType,
          size: stored.size,
          sha256: stored.sha256,
          extractionError: extracted.error,
        },
      });
      return attachment;
    });
  } catch (err) {
    // Nothing half-written: drop the stored bytes unless another attachment shares them.
    if ((await countAttachmentsWithKey(ctx.database.db, stored.key)) === 0)
      await deps.storage.delete(stored.key);
    throw err;
  }
}
