import type { Queryable } from '../platform/db/transaction.js';

/**
 * Row writers for the report tests and the benchmark: applications, appeals and catalog items as the
 * requests and catalog contexts leave them (the derivation only reads these columns), written directly
 * so that hand-worked cases stay short.
 */

const AT = '2026-01-01T00:00:00.000Z';
let seq = 0;

export interface AppSpec {
  orgId: number;
  type: string;
  received: string;
  closed?: string | null;
  outcome?: string | null;
  status?: string;
  channel?: string;
}

export function applicationRow(spec: AppSpec, n = ++seq) {
  const closed = spec.closed ?? null;
  return {
    org_id: spec.orgId,
    reference: `T-${spec.received.slice(0, 4)}-${String(n).padStart(7, '0')}-${Math.random().toString(36).slice(2, 8)}`,
    query_code_hash: 'x',
    client_token_hash: null,
    channel: spec.channel ?? 'online',
    submitted_at: `${spec.received}T02:00:00.000Z`,
    received_on: spec.received,
    applicant_type: spec.type,
    description: '申请公开',
    doc_number: null,
    doc_title: null,
    purpose: null,
    delivery_form: 'electronic',
    delivery_method: 'email',
    handler_user_id: null,
    registered_by: null,
    status: spec.status ?? (closed ? 'closed' : 'received'),
    outcome: spec.outcome ?? null,
    due_on: null,
    closed_on: closed,
    last_event_on: closed ?? spec.received,
    state_computed_on: closed ?? spec.received,
    created_at: AT,
    updated_at: AT,
  };
}

export async function insertApp(db: Queryable, spec: AppSpec): Promise<number> {
  const { id } = await db
    .insertInto('applications')
    .values(applicationRow(spec))
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertAppealRow(
  db: Queryable,
  spec: { applicationId: number; kind: string; filed: string; result?: string; decided?: string },
): Promise<void> {
  await db
    .insertInto('application_appeals')
    .values({
      application_id: spec.applicationId,
      kind: spec.kind,
      filed_on: spec.filed,
      body: '某市人民政府',
      case_number: null,
      result: spec.result ?? null,
      decided_on: spec.decided ?? null,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
}

export interface ItemSpec {
  orgId: number;
  docType: 'regulation' | 'normative' | 'other';
  issued?: string | null;
  published?: string | null;
  abolished?: string | null;
  status?: 'draft' | 'published' | 'withdrawn';
}

export function itemRow(spec: ItemSpec, n = ++seq) {
  return {
    org_id: spec.orgId,
    index_number: null,
    title: `测试文件${n}`,
    summary: '',
    body_html: '',
    body_text: '',
    published_on: spec.published ?? null,
    doc_type: spec.docType,
    keywords_json: '[]',
    disclosure_method: '主动公开',
    disclosure_scope: '面向全社会',
    issued_on: spec.issued ?? null,
    abolished_on: spec.abolished ?? null,
    status: spec.status ?? 'published',
    created_at: AT,
    updated_at: AT,
  };
}

export async function insertItemRow(db: Queryable, spec: ItemSpec, categoryCode?: string): Promise<number> {
  const { id } = await db
    .insertInto('catalog_items')
    .values(itemRow(spec))
    .returning('id')
    .executeTakeFirstOrThrow();
  if (categoryCode) {
    const column = await db
      .selectFrom('catalog_columns')
      .select('id')
      .where('code', '=', categoryCode)
      .executeTakeFirstOrThrow();
    await db.insertInto('catalog_item_columns').values({ item_id: id, column_id: column.id }).execute();
  }
  return id;
}
