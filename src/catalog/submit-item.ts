import { createHash } from 'node:crypto';
import { z } from 'zod';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction, type Tx } from '../platform/db/transaction.js';
import {
  deleteOpenPiiFindings,
  insertPiiFindings,
  listAttachments,
  listPiiFindings,
  updateItemIfState,
  type CatalogItem,
  type NewPiiFindingRow,
} from './catalog.repository.js';
import { scanForPii } from './pii.rules.js';
import { AppError } from '../platform/errors.js';
import { auditViewOf, invalidState, loadItemFor, parseCatalogInput, recordRevision } from './item-support.js';

export const submitItemInput = z.object({ itemId: z.number().int().positive() });
export type SubmitItemInput = z.input<typeof submitItemInput>;

export interface SubmitItemResult {
  item: CatalogItem;
  /** Open findings after this scan: publication waits until each is redacted or accepted. */
  openFindings: number;
}

/**
 * The item's own text the scan reads as its `body` source: title, summary and body text, one per
 * line (finding offsets point into this).
 */
export function publicTextOf(item: Pick<CatalogItem, 'title' | 'summary' | 'body_text'>): string {
  return `${item.title}\n${item.summary}\n${item.body_text}`;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Re-runs the personal-data scan over the body and every attachment's text, replacing the open findings
 * (decided ones stay as the record, and a value already accepted is not raised again).
 */
export async function scanItemForPii(trx: Tx, item: CatalogItem, at: string): Promise<number> {
  await deleteOpenPiiFindings(trx, item.id);
  const decided = await listPiiFindings(trx, item.id);
  const accepted = new Set(
    decided
      .filter((f) => f.status === 'accepted')
      .map((f) => `${f.source}:${f.attachment_id}:${f.match_sha256}`),
  );
  const rows: NewPiiFindingRow[] = [];
  const add = (source: 'body' | 'attachment', attachmentId: number | null, text: string) => {
    for (const m of scanForPii(text)) {
      const hash = sha256(m.value);
      if (accepted.has(`${source}:${attachmentId}:${hash}`)) continue;
      rows.push({
        item_id: item.id,
        source,
        attachment_id: attachmentId,
        kind: m.kind,
        start_offset: m.start,
        end_offset: m.end,
        excerpt_masked: m.excerptMasked,
        match_sha256: hash,
        status: 'open',
        decided_by: null,
        decided_at: null,
        note: null,
        created_at: at,
      });
    }
  };
  add('body', null, publicTextOf(item));
  for (const attachment of await listAttachments(trx, item.id)) {
    if (attachment.extracted_text) add('attachment', attachment.id, attachment.extracted_text);
  }
  await insertPiiFindings(trx, rows);
  return rows.length;
}

/** Sends a draft for 保密审查 (`catalog.edit`): scans for personal data and stores the findings. */
export async function submitItem(ctx: UseCaseContext, input: SubmitItemInput): Promise<SubmitItemResult> {
  const parsed = parseCatalogInput(submitItemInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const { item, org } = await loadItemFor(ctx, trx, parsed.itemId, 'catalog.edit');
    if (item.status !== 'draft') throw invalidState('catalog.error.not_draft', { status: item.status });
    if (item.body_text.trim() === '' && item.summary.trim() === '') {
      const attachments = await listAttachments(trx, item.id);
      if (attachments.length === 0) {
        throw AppError.validation([{ field: 'body', message: 'catalog.error.content_required' }]);
      }
    }
    const at = ctx.now.toISOString();
    const updated = await updateItemIfState(
      trx,
      item.id,
      { status: 'draft', version: item.version },
      {
        status: 'submitted',
        submitted_by: ctx.principal.userId,
        submitted_at: at,
        version: item.version + 1,
        updated_by: ctx.principal.userId,
        updated_at: at,
      },
    );
    if (!updated) throw new AppError('CONFLICT', 'catalog.error.changed_meanwhile');
    const openFindings = await scanItemForPii(trx, updated, at);
    await recordRevision(ctx, trx, updated, 'submit');
    await audit(ctx, trx, {
      action: 'catalog.item.submit',
      entityType: 'catalog_item',
      entityId: item.id,
      orgId: org.id,
      before: { status: item.status },
      after: { ...auditViewOf(updated), piiFindings: openFindings },
    });
    return { item: updated, openFindings };
  });
}
