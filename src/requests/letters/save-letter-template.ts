import { z } from 'zod';
import { scopeOf } from '../../platform/auth/permissions.rules.js';
import type { Principal } from '../../platform/auth/principal.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { audit, type UseCaseContext } from '../../platform/use-case.js';
import { isLetterKind, LETTER_PLACEHOLDERS, placeholdersIn } from '../letters.rules.js';
import { findLetterTemplate } from '../letters.js';
import { parseRequestInput } from '../request-input.js';
import { saveLetterTemplateRow } from '../requests.repository.js';
import '../requests.messages.js';
import './letters.messages.js';

/**
 * Who edits the city-wide letter templates: whoever may configure the requests context (a city
 * administrator), and the head of the city's own disclosure office (an office head whose grant is on
 * the root organisation). A town's office head has no say over the city's letters.
 */
export function canEditLetterTemplates(principal: Principal): boolean {
  const atRoot = (action: 'request.configure' | 'request.approve_extension') => {
    const scope = scopeOf(principal, action);
    return scope === 'all' || scope.some((p) => /^\/\d+\/$/.test(p));
  };
  return atRoot('request.configure') || atRoot('request.approve_extension');
}

export const saveLetterTemplateInput = z.object({
  kind: z.string().refine(isLetterKind, { message: 'requests.letters.error.kind_unknown' }),
  title: z.string().trim().min(1, { message: 'requests.letters.error.title_required' }).max(200),
  body: z.string().trim().min(1, { message: 'requests.letters.error.body_required' }).max(20_000),
});
export type SaveLetterTemplateInput = z.input<typeof saveLetterTemplateInput>;

/**
 * Saves the office's text of one letter kind (an answer per outcome, or a notice). A placeholder that
 * is not a known fact is refused (it would print as 【未知占位符】 in every letter). Audited with the
 * text before and after.
 */
export async function saveLetterTemplate(
  ctx: UseCaseContext,
  input: SaveLetterTemplateInput,
): Promise<{ kind: string }> {
  const parsed = parseRequestInput(saveLetterTemplateInput, input);
  if (!canEditLetterTemplates(ctx.principal)) {
    // The same refusal as assertCan, so the HTTP layer audits it as access.denied.
    throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'request.configure' } });
  }
  const unknown = [...placeholdersIn(parsed.title), ...placeholdersIn(parsed.body)].filter(
    (name) => !(LETTER_PLACEHOLDERS as readonly string[]).includes(name),
  );
  if (unknown.length > 0) {
    throw AppError.validation([
      {
        field: 'body',
        message: 'requests.letters.error.placeholder_unknown',
        params: { names: unknown.join('、') },
      },
    ]);
  }
  return inTransaction(ctx.database.db, async (trx) => {
    const before = await findLetterTemplate(trx, parsed.kind);
    await saveLetterTemplateRow(trx, {
      kind: parsed.kind,
      title: parsed.title,
      body: parsed.body,
      updated_by: ctx.principal.userId,
      updated_at: ctx.now.toISOString(),
    });
    await audit(ctx, trx, {
      action: 'request.letter_template',
      entityType: 'letter_template',
      entityId: parsed.kind,
      before: { title: before.title, body: before.body },
      after: { title: parsed.title, body: parsed.body },
    });
    return { kind: parsed.kind };
  });
}
