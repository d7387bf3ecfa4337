import { sql, type Selectable } from 'kysely';
import type { Queryable } from '../../platform/db/transaction.js';
import type { AuditLogTable } from '../../platform/db/tables.js';

/** The reading side of the audit log for the back office: filtered pages, newest first. */

export type AuditRow = Selectable<AuditLogTable> & { org_code: string | null; org_name: string | null };

export interface AuditSearch {
  /** Subtrees the reader may see (`'all'`: everything); records of other organisations never appear. */
  scopePaths: 'all' | readonly string[];
  /** Whether records tied to no organisation (sign-ins, refused access) are visible: city-wide readers. */
  includeUnattributed: boolean;
  /** Only records of the organisation at this path and below. */
  orgPath?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  /** Instants, ISO UTC: `from` inclusive, `to` exclusive. */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

function scoped(db: Queryable, search: AuditSearch) {
  let query = db.selectFrom('audit_log').leftJoin('orgs', 'orgs.id', 'audit_log.org_id');
  if (search.scopePaths !== 'all') {
    // Paths hold only digits and slashes, so they are safe LIKE prefixes.
    const prefixes = search.scopePaths.map((p) => `${p}%`);
    query = query.where((eb) =>
      eb.or([
        ...prefixes.map((prefix) => eb('orgs.path', 'like', prefix)),
        ...(search.includeUnattributed ? [eb('audit_log.org_id', 'is', null)] : []),
        // An empty scope must match nothing.
        sql<boolean>`1 = 0`,
      ]),
    );
  }
  if (search.orgPath !== undefined) query = query.where('orgs.path', 'like', `${search.orgPath}%`);
  if (search.actor) query = query.where('audit_log.actor_label', '=', search.actor);
  if (search.action) query = query.where('audit_log.action', '=', search.action);
  if (search.entityType) query = query.where('audit_log.entity_type', '=', search.entityType);
  if (search.from) query = query.where('audit_log.at', '>=', search.from);
  if (search.to) query = query.where('audit_log.at', '<', search.to);
  return query;
}

export async function searchAuditLog(
  db: Queryable,
  search: AuditSearch,
): Promise<{ rows: AuditRow[]; total: number }> {
  const query = scoped(db, search);
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll('audit_log')
    .select(['orgs.code as org_code', 'orgs.name as org_name'])
    .orderBy('audit_log.seq', 'desc')
    .limit(search.limit)
    .offset(search.offset)
    .execute();
  return { rows, total: Number(count.n) };
}

/** How many records in scope since `since` (ISO UTC): the dashboard's count. */
export async function countAuditSince(
  db: Queryable,
  search: Pick<AuditSearch, 'scopePaths' | 'includeUnattributed'>,
  since: string,
): Promise<number> {
  const row = await scoped(db, { ...search, from: since, limit: 0, offset: 0 })
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The actions and entity types that occur in the log, for the filter's choices. */
export async function listAuditVocabulary(
  db: Queryable,
): Promise<{ actions: string[]; entityTypes: string[] }> {
  const actions = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  const types = await db
    .selectFrom('audit_log')
    .select('entity_type')
    .distinct()
    .orderBy('entity_type')
    .execute();
  return { actions: actions.map((r) => r.action), entityTypes: types.map((r) => r.entity_type) };
}
