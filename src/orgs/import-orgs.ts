import { z } from 'zod';
import { AppError, type FieldProblem } from '../platform/errors.js';
import { assertCan } from '../platform/auth/permissions.rules.js';
import type { UseCaseContext } from '../platform/use-case.js';
import { inTransaction } from '../platform/db/transaction.js';
import {
  checkOrgCode,
  checkOrgFacts,
  checkPlacement,
  normaliseOrgFacts,
  planImportOrder,
  type ImportOrderEntry,
} from './org.rules.js';
import { factsToColumns, orgFactsShape, orgKindSchema, zodProblems } from './org-input.js';
import { findOrgByCode, listAllOrgs, type Org, type OrgPatch } from './orgs.repository.js';
import { insertOrgAudited } from './create-org.js';
import { applyOrgChange } from './update-org.js';
import type { OrgKind } from './orgs.tables.js';

/** One entry of `gongkai orgs import FILE.json` (contracts §5), with optional 公开指南 facts. */
export const importOrgEntry = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: orgKindSchema,
    parent: z.string().nullable().optional(),
    ...orgFactsShape,
  })
  .strict();

export type ImportOrgEntry = z.input<typeof importOrgEntry>;

/** One problem of an import file: which entry (0-based index), its code when known, which field. */
export interface ImportProblem {
  index: number;
  code: string | null;
  field: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface ImportOrgsResult {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Creates or updates organisations by `code`, all or nothing in one transaction. An entry without
 * `parent` is the root. Parents may appear later in the file than their children, and an entry may
 * move an existing organisation (its subtree's paths are rewritten). Every problem in the file is
 * reported at once — index, code, field — in an AppError VALIDATION whose `details.fields` carry
 * `field: "[index].field"` and `params: { index, code }`; nothing is written then.
 * Fields absent from an entry leave existing values as they are; one audit record per change.
 */
export async function importOrgs(ctx: UseCaseContext, input: unknown): Promise<ImportOrgsResult> {
  if (!Array.isArray(input)) {
    throw AppError.validation(
      [{ field: 'file', message: 'orgs.error.import_not_array' }],
      'The file must hold a JSON array',
    );
  }
  const problems: ImportProblem[] = [];
  const report = (
    index: number,
    code: string | null,
    field: string,
    message: string,
    params?: ImportProblem['params'],
  ) => problems.push({ index, code, field, message, ...(params ? { params } : {}) });

  // 1. Each entry on its own: shape, code, guide-fact formats, duplicates.
  const entries: {
    index: number;
    entry: Omit<z.infer<typeof importOrgEntry>, 'parent'> & { parent: string | null };
  }[] = [];
  const firstIndexOf = new Map<string, number>();
  (input as unknown[]).forEach((raw, index) => {
    const rawCode = typeof raw === 'object' && raw !== null ? (raw as { code?: unknown }).code : undefined;
    const label = typeof rawCode === 'string' ? rawCode : null;
    const parsed = importOrgEntry.safeParse(raw);
    if (!parsed.success) {
      for (const p of zodProblems(parsed.error)) report(index, label, p.field, p.message);
      const codeProblem = label === null ? null : checkOrgCode(label.trim());
      if (codeProblem && !parsed.error.issues.some((i) => i.path[0] === 'code')) {
        report(index, label, 'code', codeProblem);
      }
      return;
    }
    const entry = normaliseOrgFacts({
      ...parsed.data,
      code: parsed.data.code.trim(),
      parent: parsed.data.parent?.trim() || null,
    });
    let ok = true;
    const codeProblem = checkOrgCode(entry.code);
    if (codeProblem) {
      report(index, entry.code, 'code', codeProblem);
      ok = false;
    } else if (firstIndexOf.has(entry.code)) {
      report(index, entry.code, 'code', 'orgs.error.duplicate_in_file', {
        firstIndex: firstIndexOf.get(entry.code)!,
      });
      ok = false;
    } else firstIndexOf.set(entry.code, index);
    for (const p of checkOrgFacts(entry)) {
      report(index, entry.code, p.field, p.message, p.params);
      ok = false;
    }
    if (ok) entries.push({ index, entry });
  });

  return inTransaction(ctx.database.db, async (trx) => {
    // 2. Against the tree as it will be: unknown parents, cycles, placement of kinds, a single root.
    const existing = await listAllOrgs(trx, { includeInactive: true });
    const byCode = new Map(existing.map((o) => [o.code, o]));
    const codeOfId = new Map(existing.map((o) => [o.id, o.code]));
    const existingParents = new Map<string, string | null>(
      existing.map((o) => [o.code, o.parent_id === null ? null : (codeOfId.get(o.parent_id) ?? null)]),
    );
    const planEntries: ImportOrderEntry[] = entries.map(({ entry }) => ({
      code: entry.code,
      parent: entry.parent,
    }));
    const plan = planImportOrder(planEntries, existingParents);
    for (const i of plan.unknownParent) {
      const { index, entry } = entries[i]!;
      report(index, entry.code, 'parent', 'orgs.error.parent_unknown', { parent: entry.parent ?? '' });
    }
    for (const i of plan.cyclic)
      report(entries[i]!.index, entries[i]!.entry.code, 'parent', 'orgs.error.cycle');
    for (const i of plan.blocked)
      report(entries[i]!.index, entries[i]!.entry.code, 'parent', 'orgs.error.ancestor_invalid');

    const finalParent = new Map(existingParents);
    const finalKind = new Map<string, OrgKind>(existing.map((o) => [o.code, o.kind]));
    for (const { entry } of entries) {
      finalParent.set(entry.code, entry.parent);
      finalKind.set(entry.code, entry.kind);
    }
    const inFile = new Map(entries.map((e) => [e.entry.code, e]));
    const roots = [...finalParent].filter(([, parent]) => parent === null).map(([code]) => code);
    for (const { index, entry } of entries) {
      const parentKind = entry.parent === null ? null : (finalKind.get(entry.parent) ?? null);
      if (entry.parent === null || parentKind !== null) {
        const placement = checkPlacement(entry.kind, parentKind);
        if (placement) report(index, entry.code, 'kind', placement);
      }
      if (entry.parent === null && roots.length > 1 && byCode.get(entry.code)?.parent_id !== null) {
        report(index, entry.code, 'parent', 'orgs.error.root_exists');
      }
      const parentRow = entry.parent === null ? undefined : byCode.get(entry.parent);
      if (parentRow && parentRow.is_active !== 1 && !inFile.has(entry.parent!)) {
        report(index, entry.code, 'parent', 'orgs.error.parent_inactive');
      }
    }
    // Existing organisations not in the file must still fit under an entry whose kind changed.
    for (const org of existing) {
      const parentCode = finalParent.get(org.code);
      if (inFile.has(org.code) || !parentCode || !inFile.has(parentCode)) continue;
      const parentEntry = inFile.get(parentCode)!;
      if (checkPlacement(org.kind, parentEntry.entry.kind) !== null) {
        report(parentEntry.index, parentCode, 'kind', 'orgs.error.children_not_allowed', { child: org.code });
      }
    }

    // 3. Permission: each existing organisation touched, each existing parent created or moved under.
    for (const { entry } of entries) {
      const current = byCode.get(entry.code);
      const parent = entry.parent === null ? undefined : byCode.get(entry.parent);
      if (current) assertCan(ctx.principal, 'org.manage', { orgPath: current.path });
      if (parent) assertCan(ctx.principal, 'org.manage', { orgPath: parent.path });
      else if (entry.parent === null && !current)
        assertCan(ctx.principal, 'org.create_root', { orgPath: '/' });
    }

    if (problems.length > 0) throw importValidationError(problems);

    // 4. Write, parents first; re-read rows as earlier moves may have changed their paths.
    const result: ImportOrgsResult = { created: 0, updated: 0, unchanged: 0 };
    const now = ctx.now.toISOString();
    for (const i of plan.order) {
      const { entry } = entries[i]!;
      const { code, kind, parent: parentCode, ...facts } = entry;
      const parent = parentCode === null ? null : ((await findOrgByCode(trx, parentCode)) ?? null);
      const current = await findOrgByCode(trx, code);
      const columns: OrgPatch = { ...factsToColumns(facts), kind };
      if (!current) {
        await insertOrgAudited(ctx, trx, parent, {
          ...columns,
          code,
          kind,
          name: entry.name,
          created_at: now,
          updated_at: now,
        });
        result.created++;
        continue;
      }
      const moves = (parent?.id ?? null) !== current.parent_id;
      const patch = changedColumns(current, columns);
      if (!moves && Object.keys(patch).length === 0) {
        result.unchanged++;
        continue;
      }
      await applyOrgChange(ctx, trx, current, patch, moves ? parent : null);
      result.updated++;
    }
    return result;
  });
}

/** Only the columns whose value differs from the row's. */
function changedColumns(row: Org, patch: OrgPatch): OrgPatch {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(patch)) {
    if (row[column as keyof Org] !== value) out[column] = value;
  }
  return out;
}

function importValidationError(problems: ImportProblem[]): AppError {
  const sorted = [...problems].sort((a, b) => a.index - b.index);
  const fields: FieldProblem[] = sorted.map((p) => ({
    field: `[${p.index}].${p.field}`,
    message: p.message,
    params: { ...p.params, index: p.index, code: p.code ?? '' },
  }));
  return AppError.validation(fields, `The import file has ${problems.length} problem(s)`);
}

/** The problems of an import error, back in their structured form (for the CLI and the web form). */
export function importProblemsOf(error: AppError): ImportProblem[] {
  return (error.details.fields ?? []).map((f) => {
    const match = /^\[(\d+)\]\.(.*)$/.exec(f.field);
    const { index: _i, code, ...params } = f.params ?? {};
    return {
      index: match ? Number(match[1]) : -1,
      code: typeof code === 'string' && code !== '' ? code : null,
      field: match ? match[2]! : f.field,
      message: f.message,
      ...(Object.keys(params).length ? { params } : {}),
    };
  });
}
