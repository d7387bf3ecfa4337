import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import {
  findPiiFinding,
  listPiiFindings,
  updateItemRow,
  updatePiiFinding,
  type PiiFinding,
} from './catalog.repository.js';
import { scanForPii, redactionMask } from './pii.rules.js';
import { htmlToText } from './body.rules.js';
import { publicTextOf } from './submit-item.js';
import { invalidState, loadItemFor, parseCatalogInput, recordRevision } from './item-support.js';

export const decidePiiFindingInput = z.object({
  findingId: z.number().int().positive(),
  decision: z.enum(['redact', 'accept'], { message: 'catalog.error.decision_invalid' }),
  /** Why the value may be published (required to accept), e.g. "单位公开的办公电话". */
  note: z.string().trim().max(500, { message: 'catalog.error.too_long' }).optional(),
});

export type DecidePiiFindingInput = z.input<typeof decidePiiFindingInput>;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Settles one personal-data finding (`catalog.edit` or `catalog.review`) while the item awaits review
 * or publication. `redact` replaces every occurrence of the value in the title, summary and body with
 * ＊ (body text re-derived) and marks the body's findings of that value redacted; attachments cannot be
 * redacted in place (replace the file). `accept` records who consciously let the value stand, and why.
 */
export async function decidePiiFinding(
  ctx: UseCaseContext,
  input: DecidePiiFindingInput,
): Promise<PiiFinding> {
  const parsed = parseCatalogInput(decidePiiFindingInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const finding = await findPiiFinding(trx, parsed.findingId);
    if (!finding) throw new AppError('NOT_FOUND', 'catalog.error.finding_not_found');
    const { item, org } = await loadItemFor(ctx, trx, finding.item_id, ['catalog.edit', 'catalog.review']);
    if (!['draft', 'submitted', 'approved'].includes(item.status)) {
      throw invalidState('catalog.error.finding_item_state', { status: item.status });
    }
    if (finding.status !== 'open') throw invalidState('catalog.error.finding_decided');
    const at = ctx.now.toISOString();
    const decision = { decided_by: ctx.principal.userId, decided_at: at, note: parsed.note ?? null };

    if (parsed.decision === 'accept') {
      if (!parsed.note)
        throw AppError.validation([{ field: 'note', message: 'catalog.error.accept_note_required' }]);
      const updated = await updatePiiFinding(trx, finding.id, { status: 'accepted', ...decision });
      await audit(ctx, trx, {
        action: 'catalog.pii.accept',
        entityType: 'catalog_pii_finding',
        entityId: finding.id,
        orgId: org.id,
        before: { status: 'open', kind: finding.kind, excerpt: finding.excerpt_masked },
        after: { status: 'accepted', itemId: item.id, note: parsed.note },
      });
      return updated;
    }

    if (finding.source !== 'body') throw invalidState('catalog.error.redact_attachment');
    const value = scanForPii(publicTextOf(item)).find((m) => sha256(m.value) === finding.match_sha256)?.value;
    if (
      value === undefined ||
      (!item.body_html.includes(value) && !item.title.includes(value) && !item.summary.includes(value))
    ) {
      // The value is split by markup (or already gone): the editor must change the text by hand.
      throw invalidState('catalog.error.redact_not_found');
    }
    const mask = redactionMask(value);
    const bodyHtml = item.body_html.split(value).join(mask);
    const updatedItem = await updateItemRow(trx, item.id, {
      title: item.title.split(value).join(mask),
      summary: item.summary.split(value).join(mask),
      body_html: bodyHtml,
      body_text: htmlToText(bodyHtml),
      version: item.version + 1,
      updated_by: ctx.principal.userId,
      updated_at: at,
    });
    if (scanForPii(publicTextOf(updatedItem)).some((m) => sha256(m.value) === finding.match_sha256)) {
      throw invalidState('catalog.error.redact_not_found');
    }
    let result = finding;
    for (const f of await listPiiFindings(trx, item.id)) {
      if (f.status === 'open' && f.source === 'body' && f.match_sha256 === finding.match_sha256) {
        const updated = await updatePiiFinding(trx, f.id, { status: 'redacted', ...decision });
        if (f.id === finding.id) result = updated;
      }
    }
    await recordRevision(ctx, trx, updatedItem, 'redact');
    await audit(ctx, trx, {
      action: 'catalog.pii.redact',
      entityType: 'catalog_pii_finding',
      entityId: finding.id,
      orgId: org.id,
      before: { status: 'open', kind: finding.kind, excerpt: finding.excerpt_masked },
      after: { status: 'redacted', itemId: item.id, version: updatedItem.version },
    });
    return result;
  });
}
