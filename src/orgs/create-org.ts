import { z } from 'zod';
import { AppError, type FieldProblem } from '../platform/errors.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction, type Tx } from '../platform/db/transaction.js';
import { checkOrgCode, checkOrgFacts, checkPlacement, normaliseOrgFacts } from './org.rules.js';
import {
  factsToColumns,
  orgFactsShape,
  orgKindSchema,
  parseInput,
  presentOrg,
  type OrgView,
} from './org-input.js';
import { findOrgByCode, findRootOrgs, insertOrg, type NewOrgRow, type Org } from './orgs.repository.js';

export const createOrgInput = z.object({
  code: z.string(),
  name: z.string(),
  kind: orgKindSchema,
  /** The parent's code; absent or null creates the root (the city government). */
  parentCode: z.string().nullable().optional(),
  ...orgFactsShape,
});

export type CreateOrgInput = z.input<typeof createOrgInput>;

/**
 * Creates an organisation under an existing parent (or the single root). Needs `org.manage` on the
 * parent, or `org.create_root` for the root. Refuses a taken code, a kind that may not sit under the
 * parent, a second root, an inactive parent and badly formatted guide facts, naming each field.
 */
export async function createOrg(ctx: UseCaseContext, input: CreateOrgInput): Promise<OrgView> {
  const parsed = normaliseOrgFacts(parseInput(createOrgInput, input));
  const code = parsed.code.trim();
  const problems: FieldProblem[] = [];
  const codeProblem = checkOrgCode(code);
  if (codeProblem) problems.push({ field: 'code', message: codeProblem });
  problems.push(...checkOrgFacts(parsed));
  const parentCode = parsed.parentCode?.trim() || null;

  return inTransaction(ctx.database.db, async (trx) => {
    const parent = parentCode ? ((await findOrgByCode(trx, parentCode)) ?? null) : null;
    if (parentCode && !parent) {
      problems.push({
        field: 'parentCode',
        message: 'orgs.error.parent_unknown',
        params: { code: parentCode },
      });
    }
    if (parent) assertCan(ctx.principal, 'org.manage', { orgPath: parent.path });
    else if (!parentCode) assertCan(ctx.principal, 'org.create_root', { orgPath: '/' });

    if (parent && parent.is_active !== 1)
      problems.push({ field: 'parentCode', message: 'orgs.error.parent_inactive' });
    if (!parentCode && (await findRootOrgs(trx)).length > 0) {
      problems.push({ field: 'parentCode', message: 'orgs.error.root_exists' });
    }
    if (!parentCode || parent) {
      const placement = checkPlacement(parsed.kind, parent?.kind ?? null);
      if (placement) problems.push({ field: 'kind', message: placement });
    }
    if (!codeProblem && (await findOrgByCode(trx, code))) {
      problems.push({ field: 'code', message: 'orgs.error.code_taken', params: { code } });
    }
    if (problems.length > 0) throw AppError.validation(problems);

    const { code: _c, kind, parentCode: _p, ...facts } = parsed;
    const org = await insertOrgAudited(ctx, trx, parent, {
      ...factsToColumns(facts),
      code,
      kind,
      name: parsed.name,
      created_at: ctx.now.toISOString(),
      updated_at: ctx.now.toISOString(),
    });
    return presentOrg(org);
  });
}

/** Inserts and audits one organisation; the caller has validated and authorised. Used by the import too. */
export async function insertOrgAudited(
  ctx: UseCaseContext,
  trx: Tx,
  parent: Org | null,
  row: NewOrgRow,
): Promise<Org> {
  const org = await insertOrg(trx, parent, row);
  await audit(ctx, trx, {
    action: 'org.create',
    entityType: 'org',
    entityId: org.id,
    orgId: org.id,
    after: presentOrg(org),
  });
  return org;
}
