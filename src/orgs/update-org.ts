import { z } from 'zod';
import { AppError, type FieldProblem } from '../platform/errors.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction, type Tx } from '../platform/db/transaction.js';
import { checkOrgFacts, checkPlacement, normaliseOrgFacts, wouldCreateCycle } from './org.rules.js';
import {
  diffViews,
  factsToColumns,
  orgFactsShape,
  orgKindSchema,
  parseInput,
  presentOrg,
  type OrgView,
} from './org-input.js';
import {
  findOrgByCode,
  findOrgById,
  listChildKinds,
  moveOrgSubtree,
  updateOrgRow,
  type Org,
  type OrgPatch,
} from './orgs.repository.js';

export const updateOrgInput = z.object({
  /** Which organisation; codes are stable and cannot be changed. */
  code: z.string(),
  name: z.string().optional(),
  kind: orgKindSchema.optional(),
  /** A new parent's code moves the organisation with everything below it. */
  parentCode: z.string().optional(),
  ...orgFactsShape,
});

export type UpdateOrgInput = z.input<typeof updateOrgInput>;

/**
 * Changes an organisation's names, sort order, kind or 公开指南 facts, and moves it (with its whole
 * subtree) to a new parent. Needs `org.manage` on the organisation and, for a move, on the new
 * parent. Refuses moves that would make it its own ancestor, moving the root, and kinds that no
 * longer fit the parent or the children.
 */
export async function updateOrg(ctx: UseCaseContext, input: UpdateOrgInput): Promise<OrgView> {
  const parsed = normaliseOrgFacts(parseInput(updateOrgInput, input));
  const { code, kind, parentCode, ...facts } = parsed;
  const problems: FieldProblem[] = checkOrgFacts(facts);

  return inTransaction(ctx.database.db, async (trx) => {
    const org = await findOrgByCode(trx, code.trim());
    if (!org) throw new AppError('NOT_FOUND', `No organisation ${code}`, { params: { code } });
    assertCan(ctx.principal, 'org.manage', { orgPath: org.path });

    const currentParent = org.parent_id === null ? null : ((await findOrgById(trx, org.parent_id)) ?? null);
    let newParent: Org | null = null;
    const wantedParent = parentCode?.trim();
    if (wantedParent && wantedParent !== currentParent?.code) {
      const target = await findOrgByCode(trx, wantedParent);
      if (!target) {
        problems.push({
          field: 'parentCode',
          message: 'orgs.error.parent_unknown',
          params: { code: wantedParent },
        });
      } else {
        assertCan(ctx.principal, 'org.manage', { orgPath: target.path });
        problems.push(...checkMove(org, target).map((message) => ({ field: 'parentCode', message })));
        newParent = target;
      }
    }
    problems.push(
      ...(await checkKindChange(trx, org, kind ?? org.kind, (newParent ?? currentParent)?.kind ?? null)),
    );
    if (problems.length > 0) throw AppError.validation(problems);

    const updated = await applyOrgChange(
      ctx,
      trx,
      org,
      { ...factsToColumns(facts), ...(kind ? { kind } : {}) },
      newParent,
    );
    return presentOrg(updated);
  });
}

/** Message keys for a move of `org` under `target` that is not allowed. */
export function checkMove(org: Org, target: Org): string[] {
  const problems: string[] = [];
  if (org.parent_id === null) problems.push('orgs.error.root_cannot_move');
  else if (wouldCreateCycle(org.path, target.path)) problems.push('orgs.error.cycle');
  if (target.is_active !== 1) problems.push('orgs.error.parent_inactive');
  return problems;
}

/** Whether `org` may have `kind` under a parent of `parentKind`, with the children it has. */
export async function checkKindChange(
  trx: Tx,
  org: Org,
  kind: Org['kind'],
  parentKind: Org['kind'] | null,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const placement = checkPlacement(kind, parentKind);
  if (placement) problems.push({ field: 'kind', message: placement });
  if (kind !== org.kind) {
    const childKinds = await listChildKinds(trx, org.id);
    if (childKinds.some((childKind) => checkPlacement(childKind, kind) !== null)) {
      problems.push({ field: 'kind', message: 'orgs.error.children_not_allowed' });
    }
  }
  return problems;
}

/**
 * Writes a validated, authorised change: the columns, then the move (rewriting the subtree's paths),
 * and one audit record with the fields that changed. Used by the import too.
 */
export async function applyOrgChange(
  ctx: UseCaseContext,
  trx: Tx,
  org: Org,
  patch: OrgPatch,
  newParent: Org | null,
): Promise<Org> {
  const updatedAt = ctx.now.toISOString();
  await updateOrgRow(trx, org.id, { ...patch, updated_at: updatedAt });
  let rewritten = 0;
  if (newParent) rewritten = (await moveOrgSubtree(trx, org, newParent, updatedAt)).rewritten;
  const updated = await findOrgById(trx, org.id);
  if (!updated) throw new Error(`Organisation ${org.id} vanished`);
  const diff = diffViews(presentOrg(org), presentOrg(updated));
  await audit(ctx, trx, {
    action: newParent ? 'org.move' : 'org.update',
    entityType: 'org',
    entityId: org.id,
    orgId: org.id,
    before: diff.before,
    after: newParent ? { ...diff.after, subtreePathsRewritten: rewritten } : diff.after,
  });
  return updated;
}
