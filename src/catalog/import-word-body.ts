import { fileTypeFromBuffer } from 'file-type';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { UseCaseContext } from '../platform/use-case.js';
import type { CatalogItem } from './catalog.repository.js';
import { sanitizeBodyHtml } from './body.rules.js';
import { parseCatalogInput } from './item-support.js';
import { updateItem } from './update-item.js';

export const importWordBodyInput = z.object({
  itemId: z.number().int().positive(),
  fileName: z.string().max(1_000),
  content: z.instanceof(Uint8Array),
  expectedVersion: z.number().int().positive().optional(),
});

export type ImportWordBodyInput = z.input<typeof importWordBodyInput>;

const MAX_WORD_BYTES = 20 * 1024 * 1024;

/**
 * Makes a Word (.docx) file the 正文 of a draft: mammoth converts it to HTML, which is sanitised like
 * any body (images and styles dropped), then saved through update-item (permission, revision, audit).
 */
export async function importWordBody(ctx: UseCaseContext, input: ImportWordBodyInput): Promise<CatalogItem> {
  const parsed = parseCatalogInput(importWordBodyInput, input);
  const isDocxName = /\.docx$/i.test(parsed.fileName);
  const detected = parsed.content.byteLength > 0 ? await fileTypeFromBuffer(parsed.content) : undefined;
  if (!isDocxName || detected?.ext !== 'docx' || parsed.content.byteLength > MAX_WORD_BYTES) {
    throw AppError.validation([{ field: 'file', message: 'catalog.error.word_required' }]);
  }
  let html: string;
  try {
    const mammoth = (await import('mammoth')).default;
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(parsed.content) })).value;
  } catch {
    throw AppError.validation([{ field: 'file', message: 'catalog.error.word_unreadable' }]);
  }
  return updateItem(ctx, {
    itemId: parsed.itemId,
    body: sanitizeBodyHtml(html),
    ...(parsed.expectedVersion !== undefined ? { expectedVersion: parsed.expectedVersion } : {}),
  });
}
