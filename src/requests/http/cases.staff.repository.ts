import { isWithin } from '../../platform/auth/permissions.rules.js';
import type { Queryable } from '../../platform/db/transaction.js';

/** The few reads the 依申请公开 back-office pages need beyond the requests repository. */

const HANDLING_ROLES = ['city_admin', 'case_handler', 'office_head'] as const;

export interface StaffChoice {
  id: number;
  displayName: string;
}

/**
 * Active staff who may handle applications of the organisation at `orgPath`: a grant of a handling
 * role on it or on an organisation above it.
 */
export async function listHandlersFor(db: Queryable, orgPath: string): Promise<StaffChoice[]> {
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .innerJoin('orgs', 'orgs.id', 'role_grants.org_id')
    .select(['users.id', 'users.display_name', 'orgs.path'])
    .where('role_grants.role', 'in', [...HANDLING_ROLES])
    .where('users.is_active', '=', 1)
    .orderBy('users.display_name')
    .execute();
  const seen = new Map<number, StaffChoice>();
  for (const r of rows) {
    if (isWithin(orgPath, r.path) && !seen.has(r.id))
      seen.set(r.id, { id: r.id, displayName: r.display_name });
  }
  return [...seen.values()];
}

/** Active staff holding a handling role on one of `orgIds` (the case list's handler filter). */
export async function listHandlersAmong(
  db: Queryable,
  orgIds: 'all' | readonly number[],
): Promise<StaffChoice[]> {
  if (orgIds !== 'all' && orgIds.length === 0) return [];
  let query = db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select(['users.id', 'users.display_name'])
    .distinct()
    .where('role_grants.role', 'in', ['case_handler', 'office_head'])
    .where('users.is_active', '=', 1);
  if (orgIds !== 'all') query = query.where('role_grants.org_id', 'in', [...orgIds]);
  const rows = await query.orderBy('users.display_name').limit(500).execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

export interface ApplicantMasks {
  id_number_masked: string | null;
  phone_masked: string | null;
}

/** The masked ID and phone numbers of applications (never the ciphertext). */
export async function listApplicantMasks(
  db: Queryable,
  applicationIds: readonly number[],
): Promise<Map<number, ApplicantMasks>> {
  if (applicationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('applicants')
    .select(['application_id', 'id_number_masked', 'phone_masked'])
    .where('application_id', 'in', [...applicationIds])
    .execute();
  return new Map(
    rows.map((r) => [
      r.application_id,
      { id_number_masked: r.id_number_masked, phone_masked: r.phone_masked },
    ]),
  );
}

export async function findUserDisplayName(db: Queryable, userId: number | null): Promise<string | null> {
  if (userId === null) return null;
  const row = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
  return row?.display_name ?? null;
}

/** Active organisations on the platform, for the 转办 target list. */
export async function listActiveOrgChoices(
  db: Queryable,
): Promise<{ code: string; name: string; path: string }[]> {
  return db
    .selectFrom('orgs')
    .select(['code', 'name', 'path'])
    .where('is_active', '=', 1)
    .orderBy('path')
    .execute();
}

export async function findOrgByCode(
  db: Queryable,
  code: string,
): Promise<{ id: number; code: string; name: string; path: string } | undefined> {
  return db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'path'])
    .where('code', '=', code)
    .executeTakeFirst();
}
