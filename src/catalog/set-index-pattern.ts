import { z } from 'zod';
import { registerMessages } from '../platform/i18n/i18n.js';
import { AppError } from '../platform/errors.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction, type Queryable } from '../platform/db/transaction.js';
import { findOrgByCode, type Org } from '../orgs/orgs.repository.js';
import { findIndexPattern, upsertIndexPattern } from './catalog.repository.js';
import {
  parseIndexPattern,
  renderIndexNumber,
  usesCreditCode,
  type ParsedIndexPattern,
} from './index-number.rules.js';

// The messages of this use case's own error keys (it may run from the CLI, without any page loaded).
registerMessages({
  'zh-CN': {
    'catalog.error.pattern_org_required': '请选择单位',
    'catalog.error.pattern_no_credit_code':
      '规则中使用了 {creditCode}，但本单位尚未登记统一社会信用代码，请先在机构管理中填写',
  },
  en: {
    'catalog.error.pattern_org_required': 'Choose an organisation',
    'catalog.error.pattern_no_credit_code':
      'The pattern uses {creditCode} but this organisation has no credit code recorded; add it under Organisations first',
  },
});

/**
 * The 索引号 pattern of one office (cn-rules §4: no national format, so each office configures its
 * own; style guide 11: a setting staff change lives in the database). Organisation and city
 * administrators (`org.manage`) set it, as they shape the organisation. The numbers already given
 * never change: the pattern applies to the next publication.
 */

export const setIndexPatternInput = z.object({ orgCode: z.string(), pattern: z.string() });
export type SetIndexPatternInput = z.input<typeof setIndexPatternInput>;

/** Checks a pattern against an organisation: its syntax, and a credit code when `{creditCode}` is used. */
export function checkPatternFor(org: Pick<Org, 'credit_code'>, pattern: string): ParsedIndexPattern {
  const parsed = parseIndexPattern(pattern.trim());
  if (parsed.ok && usesCreditCode(parsed.parts) && !org.credit_code) {
    return { ok: false, error: 'catalog.error.pattern_no_credit_code' };
  }
  return parsed;
}

async function findOrgOr404(db: Queryable, code: string): Promise<Org> {
  const org = await findOrgByCode(db, code);
  if (!org) {
    throw new AppError('NOT_FOUND', `No organisation ${code}`, {
      fields: [{ field: 'orgCode', message: 'catalog.error.pattern_org_required' }],
    });
  }
  return org;
}

export async function setIndexPattern(
  ctx: UseCaseContext,
  input: SetIndexPatternInput,
): Promise<{ pattern: string }> {
  const form = setIndexPatternInput.parse(input);
  return inTransaction(ctx.database.db, async (trx) => {
    const org = await findOrgOr404(trx, form.orgCode.trim());
    assertCan(ctx.principal, 'org.manage', { orgPath: org.path });
    const pattern = form.pattern.trim();
    const parsed = checkPatternFor(org, pattern);
    if (!parsed.ok) {
      throw AppError.validation([
        { field: 'pattern', message: parsed.error, ...(parsed.params ? { params: parsed.params } : {}) },
      ]);
    }
    const before = await findIndexPattern(trx, org.id);
    if (before === pattern) return { pattern };
    await upsertIndexPattern(trx, {
      orgId: org.id,
      pattern,
      by: ctx.principal.userId,
      at: ctx.now.toISOString(),
    });
    await audit(ctx, trx, {
      action: 'catalog.index_pattern.set',
      entityType: 'org',
      entityId: org.id,
      orgId: org.id,
      before: { pattern: before },
      after: { pattern },
    });
    return { pattern };
  });
}

/**
 * The 索引号 the office's next publication on `date` would receive with `pattern`: the sequence as it
 * stands plus one. Read-only (no number is taken); a publication in between may of course take it.
 */
export async function previewIndexNumber(
  db: Queryable,
  org: Pick<Org, 'id' | 'code' | 'credit_code'>,
  pattern: string,
  date: string,
): Promise<
  { ok: true; number: string } | { ok: false; error: string; params?: Record<string, string | number> }
> {
  const parsed = checkPatternFor(org, pattern);
  if (!parsed.ok) return parsed;
  // The one read of the sequence table outside the repository: the repository only allocates
  // (inside a publication's transaction), and a preview must not take a number.
  const row = await db
    .selectFrom('catalog_index_sequences')
    .select('last_seq')
    .where('org_id', '=', org.id)
    .where('year', '=', Number(date.slice(0, 4)))
    .executeTakeFirst();
  const seq = Number(row?.last_seq ?? 0) + 1;
  return {
    ok: true,
    number: renderIndexNumber(parsed.parts, {
      orgCode: org.code,
      creditCode: org.credit_code,
      date,
      seq,
    }),
  };
}
