import { z } from 'zod';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { findLetterTemplate } from './letters.js';
import { isLetterKind, LETTER_PLACEHOLDERS, placeholdersIn } from './letters.rules.js';
import { assertCanConfigure } from './application-log.js';
import { parseRequestInput } from './request-input.js';
import { saveLetterTemplateRow } from './requests.repository.js';

export const saveLetterTemplateInput = z.object({
  kind: z.string().refine(isLetterKind, { message: 'requests.error.template_kind_invalid' }),
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
});
export type SaveLetterTemplateInput = z.input<typeof saveLetterTemplateInput>;

/** Edits the city-wide text of one letter kind; unknown `{{placeholders}}` are refused by name. */
export async function saveLetterTemplate(ctx: UseCaseContext, input: SaveLetterTemplateInput): Promise<void> {
  const parsed = parseRequestInput(saveLetterTemplateInput, input);
  await assertCanConfigure(ctx);
  const unknown = [...placeholdersIn(parsed.title), ...placeholdersIn(parsed.body)].filter(
    (p) => !(LETTER_PLACEHOLDERS as readonly string[]).includes(p),
  );
  if (unknown.length > 0) {
    throw new AppError('VALIDATION', 'requests.error.template_placeholder_unknown', {
      fields: [
        {
          field: 'body',
          message: 'requests.error.template_placeholder_unknown',
          params: { names: unknown.join(', ') },
        },
      ],
    });
  }
  await inTransaction(ctx.database.db, async (trx) => {
    const before = await findLetterTemplate(trx, parsed.kind);
    await saveLetterTemplateRow(trx, {
      kind: parsed.kind,
      title: parsed.title,
      body: parsed.body,
      updated_by: ctx.principal.userId,
      updated_at: ctx.now.toISOString(),
    });
    await audit(ctx, trx, {
      action: 'request.template_update',
      entityType: 'letter_template',
      entityId: parsed.kind,
      before,
      after: parsed,
    });
  });
}
