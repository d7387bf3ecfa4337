import type { TestDatabase } from './test-db.js';
import type { BuiltOrg } from './factories.js';

/**
 * Applications and catalog items inserted directly, for the supervision tests: an application is its
 * event log, and supervision derives every figure from that log (deriveApplicationState), so a test
 * states the events and the dates, not the derived status.
 */
export interface EventSpec {
  type: string;
  on: string;
  payload?: Record<string, unknown>;
}

let seq = 0;

export const closedOn = (on: string): EventSpec => ({ type: 'closed', on, payload: { outcome: 'granted' } });

/** Inserts an application with its applicant and event log; the reference starts with `prefix`. */
export async function seedApplication(
  t: TestDatabase,
  org: Pick<BuiltOrg, 'id'>,
  input: {
    receivedOn: string;
    events?: EventSpec[];
    handlerUserId?: number | null;
    name?: string;
    prefix?: string;
    at?: string;
  },
): Promise<{ id: number; reference: string }> {
  const db = t.database.db;
  const at = input.at ?? `${input.receivedOn}T02:00:00.000Z`;
  seq++;
  const reference = `${input.prefix ?? 'SV-2026-'}${String(seq).padStart(6, '0')}`;
  const closing = (input.events ?? []).find((e) => e.type === 'closed' || e.type === 'withdrawn');
  const { id } = await db
    .insertInto('applications')
    .values({
      org_id: org.id,
      reference,
      query_code_hash: `h${reference}`,
      client_token_hash: null,
      channel: 'online',
      submitted_at: `${input.receivedOn}T01:00:00.000Z`,
      received_on: input.receivedOn,
      applicant_type: 'natural_person',
      description: '申请公开某文件',
      delivery_form: 'electronic',
      delivery_method: 'email',
      handler_user_id: input.handlerUserId ?? null,
      registered_by: null,
      status: closing ? (closing.type === 'closed' ? 'closed' : 'withdrawn') : 'received',
      outcome: null,
      due_on: null,
      closed_on: closing?.on ?? null,
      last_event_on: input.receivedOn,
      state_computed_on: input.receivedOn,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('applicants')
    .values({ application_id: id, name: input.name ?? '张三丰', email: 'zhang@example.test', created_at: at })
    .execute();
  let n = 0;
  for (const e of input.events ?? []) {
    await db
      .insertInto('application_events')
      .values({
        application_id: id,
        seq: ++n,
        type: e.type,
        on_date: e.on,
        payload_json: JSON.stringify(e.payload ?? {}),
        actor_user_id: null,
        actor_label: 'test',
        created_at: at,
      })
      .execute();
  }
  return { id, reference };
}

/** Inserts a catalog item of `org` (published unless `status` says otherwise). */
export async function seedItem(
  t: TestDatabase,
  org: Pick<BuiltOrg, 'id'>,
  input: {
    title: string;
    publishedOn: string | null;
    isLate?: boolean;
    status?: string;
    body?: string;
    at?: string;
  },
): Promise<number> {
  const at = input.at ?? '2026-04-10T02:00:00.000Z';
  const { id } = await t.database.db
    .insertInto('catalog_items')
    .values({
      org_id: org.id,
      title: input.title,
      summary: '',
      doc_type: 'other',
      keywords_json: '[]',
      body_text: '',
      body_html: input.body ?? '',
      formed_on: '2026-01-05',
      published_on: input.publishedOn,
      disclosure_method: '主动公开',
      disclosure_scope: '面向全社会',
      status: (input.status ?? 'published') as 'published',
      is_late: input.isLate ? 1 : 0,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
