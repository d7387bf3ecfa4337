import {
  sql,
  type Insertable,
  type QueryCreator,
  type RawBuilder,
  type Selectable,
  type Updateable,
} from 'kysely';
import type { DB } from '../db-schema.js';
import {
  AUDIT_HEAD_CTE,
  auditChainHeadOf,
  auditChainHeadSelection,
  selectAuditChainHeadLocked,
  type auditRecordReadingHead,
  type AuditChainHead,
} from '../platform/audit/audit.js';
import { PREPARED_READ } from '../platform/db/database.js';
import {
  newMessageInsert,
  sendJobValuesAfterNewMessage,
  type QueuedMailRows,
} from '../platform/mail/outbox.repository.js';
import type { DialectKind } from '../platform/db/dialect.js';
import type { Queryable } from '../platform/db/transaction.js';
import type {
  ApplicantsTable,
  ApplicationAppealsTable,
  ApplicationEventsTable,
  ApplicationFileKind,
  ApplicationFilesTable,
  ApplicationsTable,
  RequestAnswerGroundsTable,
  RequestLetterTemplatesTable,
} from './requests.tables.js';
import { CLOSED_STATUSES } from './codes.js';
import { calendarInputsSelection } from '../calendar/calendar.repository.js';

/** All SQL of the requests context, in Kysely, the same on SQLite and PostgreSQL. */

export type ApplicationRow = Selectable<ApplicationsTable>;
export type NewApplicationRow = Insertable<ApplicationsTable>;
export type ApplicantRow = Selectable<ApplicantsTable>;
export type ApplicationEventRow = Selectable<ApplicationEventsTable>;
export type ApplicationFileRow = Selectable<ApplicationFilesTable>;
export type AppealRow = Selectable<ApplicationAppealsTable>;
export type AnswerGroundRow = Selectable<RequestAnswerGroundsTable>;
export type LetterTemplateRow = Selectable<RequestLetterTemplatesTable>;

/** The cache columns: written only by refreshApplicationState. */
export type ApplicationStateColumns = Pick<
  Updateable<ApplicationsTable>,
  | 'status'
  | 'outcome'
  | 'due_on'
  | 'is_overdue'
  | 'closed_on'
  | 'is_provisional'
  | 'last_event_on'
  | 'state_computed_on'
  | 'event_count'
  | 'updated_at'
>;

// --- applications -------------------------------------------------------------------------------

export async function insertApplication(db: Queryable, row: NewApplicationRow): Promise<number> {
  const { id } = await db.insertInto('applications').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Inserts an application and returns the stored row (defaults filled), in one statement. */
export function insertApplicationReturningRow(
  db: Queryable,
  row: NewApplicationRow,
): Promise<ApplicationRow> {
  return db.insertInto('applications').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * A new application with its applicant and its first events: the stored row (defaults filled) and
 * the events' ids in the order given. PostgreSQL does it in one statement (data-modifying CTEs, the
 * applicant and the events taking the new id from the first), SQLite in three (it has no
 * data-modifying CTEs, and its statements cost no round trip).
 */
export async function insertNewApplication(
  db: Queryable,
  dialect: DialectKind,
  application: NewApplicationRow,
  applicant: Omit<Insertable<ApplicantsTable>, 'application_id'>,
  events: readonly Omit<Insertable<ApplicationEventsTable>, 'application_id'>[],
): Promise<{ row: ApplicationRow; eventIds: number[] }> {
  if (dialect === 'sqlite' || events.length === 0) {
    const row = await insertApplicationReturningRow(db, application);
    await insertApplicant(db, { ...applicant, application_id: row.id });
    const eventIds = await insertEvents(
      db,
      events.map((e) => ({ ...e, application_id: row.id })),
    );
    return { row, eventIds };
  }
  const newId = sql<number>`(select id from new_application)`;
  const { event_ids, ...row } = await db
    .with('new_application', (qb) => qb.insertInto('applications').values(application).returningAll())
    .with('new_applicant', (qb) =>
      qb
        .insertInto('applicants')
        .values({ ...applicant, application_id: newId })
        .returning('id'),
    )
    .with('new_events', (qb) =>
      qb
        .insertInto('application_events')
        .values(events.map((e) => ({ ...e, application_id: newId })))
        .returning(['id', 'seq']),
    )
    .selectFrom('new_application')
    .selectAll('new_application')
    .select(
      sql<[number, number][]>`(select json_agg(json_build_array(e.seq, e.id)) from new_events e)`.as(
        'event_ids',
      ),
    )
    .executeTakeFirstOrThrow();
  // A multi-row insert's RETURNING order is not promised; seq is unique per application.
  const bySeq = new Map(event_ids.map(([seq, id]) => [seq, Number(id)]));
  return { row, eventIds: events.map((e) => bySeq.get(e.seq)!) };
}

/**
 * SQLite: sets the reference of an application inserted with a provisional one (see
 * createApplication), and reads the audit chain's head in the same statement (one writer: no lock).
 */
export async function setApplicationReferenceReadingAuditHead(
  db: Queryable,
  id: number,
  reference: string,
): Promise<AuditChainHead> {
  const row = await db
    .updateTable('applications')
    .set({ reference })
    .where('id', '=', id)
    .returning([...auditChainHeadSelection()])
    .executeTakeFirstOrThrow();
  return auditChainHeadOf(row);
}

/**
 * The reference `formatReference(prefix, year, n)` writes, on the server, for a number `n` (six
 * digits at least).
 */
function referenceSql(prefix: string, year: number, n: RawBuilder<number>): RawBuilder<string> {
  return sql<string>`cast(${prefix} as text) || '-' || cast(${String(year)} as text) || '-' ||
    case when ${n} < 1000000 then lpad(${n}::text, 6, '0') else ${n}::text end`;
}

/** The application's new reference inside `numberApplicationAppendingAudit`'s statement. */
export const NUMBERED_REFERENCE = sql<string>`(select reference from numbered)`;

/**
 * PostgreSQL, one statement, the serialised end of an online submission or 补录: takes the year's
 * number (the counter row, locked until commit), then the audit chain's lock and head
 * (`selectAuditChainHeadLocked`, waiting for the counter: the lock order is counter row, then chain), gives
 * the application inserted with a provisional reference its number, appends its audit record and
 * queues a mail (the message and its send job). Every text that carries the provisional reference
 * carries the number instead: the record was built with `auditRecordReadingHead`'s substitute
 * (`NUMBERED_REFERENCE`), and the mail's texts are replaced here. The
 * record is hashed on the server. Returns the statement, whose one row is `{ reference }`.
 */
export function numberApplicationAppendingAudit(
  db: Queryable,
  application: { id: number; provisionalReference: string; prefix: string; year: number },
  record: ReturnType<typeof auditRecordReadingHead>,
  /** A mail to queue in the same statement, written with the provisional reference. */
  mail?: QueuedMailRows,
) {
  const numbered = db
    .with('counter', (qb) => nextReferenceNumberStatement(qb, application.year))
    .with(AUDIT_HEAD_CTE, (qb) => selectAuditChainHeadLocked(qb, sql`(select last_value from counter)`))
    .with('numbered', (qb) =>
      qb
        .selectFrom('counter' as never)
        .select(referenceSql(application.prefix, application.year, sql<number>`last_value`).as('reference')),
    )
    .with('reference_set', (qb) =>
      qb
        .updateTable('applications')
        .set({ reference: NUMBERED_REFERENCE })
        .where('id', '=', application.id)
        .returning('id'),
    );
  const provisional = application.provisionalReference;
  const withMail = mail
    ? numbered
        .with('new_message', (qb) =>
          newMessageInsert(qb, mail.message, (text) =>
            text.includes(provisional)
              ? sql<string>`replace(${text}, ${provisional}, ${NUMBERED_REFERENCE})`
              : text,
          ),
        )
        .with('new_send_job', (qb) =>
          qb.insertInto('jobs').values(sendJobValuesAfterNewMessage(mail)).returning('id'),
        )
    : numbered;
  return withMail.insertInto('audit_log').values(record).returning(NUMBERED_REFERENCE.as('reference'));
}

/**
 * What a new application needs to know before it is stored, in one read: the organisation applied to
 * (by code), the root organisation's code (the reference prefix), the two intake settings (raw JSON,
 * null when unset) and, with an identity, how many applications that applicant had received in
 * `month` (条例第三十五条), and the inputs of the organisation's working calendar
 * (`workingCalendarFromSelection`). Undefined when no organisation has the code.
 */
export function findIntakeFacts(
  db: Queryable,
  dialect: DialectKind,
  query: {
    orgCode: string;
    settingKeys: readonly [string, string];
    identityHmac: string | null;
    month: { from: string; to: string };
  },
) {
  const [firstKey, secondKey] = query.settingKeys;
  return db
    .selectFrom('orgs')
    .modifyFront(PREPARED_READ)
    .select((eb) => [
      'orgs.id',
      'orgs.code',
      'orgs.path',
      'orgs.name',
      'orgs.is_active',
      eb
        .selectFrom('orgs as root')
        .select('root.code')
        .where('root.parent_id', 'is', null)
        .orderBy('root.id')
        .limit(1)
        .as('root_code'),
      eb
        .selectFrom('request_settings')
        .select('value_json')
        .where('key', '=', firstKey)
        .as('first_setting_json'),
      eb
        .selectFrom('request_settings')
        .select('value_json')
        .where('key', '=', secondKey)
        .as('second_setting_json'),
      query.identityHmac === null
        ? sql<number>`0`.as('month_count')
        : eb
            .selectFrom('applicants')
            .innerJoin('applications', 'applications.id', 'applicants.application_id')
            .select((inner) => inner.fn.countAll<number>().as('n'))
            .where('applicants.identity_hmac', '=', query.identityHmac)
            .where('applications.received_on', '>=', query.month.from)
            .where('applications.received_on', '<=', query.month.to)
            .$asScalar()
            .as('month_count'),
      ...calendarInputsSelection(dialect, sql<string>`orgs.path`),
    ])
    .where('orgs.code', '=', query.orgCode)
    .executeTakeFirst();
}

export function findApplicationById(db: Queryable, id: number): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findApplicationByReference(
  db: Queryable,
  reference: string,
): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('reference', '=', reference).executeTakeFirst();
}

export function findApplicationByClientToken(
  db: Queryable,
  clientTokenHash: string,
): Promise<ApplicationRow | undefined> {
  return db
    .selectFrom('applications')
    .selectAll()
    .where('client_token_hash', '=', clientTokenHash)
    .executeTakeFirst();
}

export async function updateApplication(
  db: Queryable,
  id: number,
  patch: Updateable<ApplicationsTable>,
): Promise<void> {
  await db.updateTable('applications').set(patch).where('id', '=', id).execute();
}

/**
 * The next number of `year`'s reference sequence (1, 2, …), atomically: the upsert holds the row
 * lock until the caller's transaction ends, so two submissions never get the same number.
 */
export async function nextReferenceNumber(db: Queryable, year: number): Promise<number> {
  const row = await nextReferenceNumberStatement(db, year).executeTakeFirstOrThrow();
  return Number(row.last_value);
}

/** `nextReferenceNumber`'s statement, for a caller that sends it itself (`executeAndCommit`). */
export function nextReferenceNumberStatement(db: QueryCreator<DB>, year: number) {
  return db
    .insertInto('request_reference_sequences')
    .values({ year, last_value: 1 })
    .onConflict((oc) =>
      oc
        .column('year')
        .doUpdateSet((eb) => ({ last_value: eb('request_reference_sequences.last_value', '+', 1) })),
    )
    .returning('last_value');
}

// --- applicants ---------------------------------------------------------------------------------

export async function insertApplicant(db: Queryable, row: Insertable<ApplicantsTable>): Promise<number> {
  const { id } = await db.insertInto('applicants').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function findApplicantOf(db: Queryable, applicationId: number): Promise<ApplicantRow | undefined> {
  return db
    .selectFrom('applicants')
    .selectAll()
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
}

/**
 * Applications of one applicant (by the keyed HMAC of the ID number or credit code) received in
 * `from ≤ received_on ≤ to`, for 条例第三十五条 and the 国办函〔2020〕109号 per-month fee tiers.
 */
export async function countApplicationsOfApplicant(
  db: Queryable,
  identityHmac: string,
  range: { from: string; to: string },
): Promise<number> {
  const row = await db
    .selectFrom('applicants')
    .innerJoin('applications', 'applications.id', 'applicants.application_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('applicants.identity_hmac', '=', identityHmac)
    .where('applications.received_on', '>=', range.from)
    .where('applications.received_on', '<=', range.to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// --- events -------------------------------------------------------------------------------------

export function listEventsOf(db: Queryable, applicationId: number): Promise<ApplicationEventRow[]> {
  return db
    .selectFrom('application_events')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('seq')
    .execute();
}

export async function insertEvent(db: Queryable, row: Insertable<ApplicationEventsTable>): Promise<number> {
  const { id } = await db
    .insertInto('application_events')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Inserts the events of a new application in one statement; their ids in the order given. */
export async function insertEvents(
  db: Queryable,
  rows: readonly Insertable<ApplicationEventsTable>[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('application_events')
    .values([...rows])
    .returning(['id', 'seq'])
    .execute();
  // A multi-row insert's RETURNING order is not promised; seq is unique per application.
  const bySeq = new Map(inserted.map((r) => [r.seq, r.id]));
  return rows.map((r) => bySeq.get(r.seq)!);
}

// --- files --------------------------------------------------------------------------------------

export async function insertFile(db: Queryable, row: Insertable<ApplicationFilesTable>): Promise<number> {
  const { id } = await db
    .insertInto('application_files')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Inserts several files in one statement (the attachments of a new application). */
export async function insertFiles(
  db: Queryable,
  rows: readonly Insertable<ApplicationFilesTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('application_files')
    .values([...rows])
    .execute();
}

export function listFilesOf(
  db: Queryable,
  applicationId: number,
  kinds?: readonly ApplicationFileKind[],
): Promise<ApplicationFileRow[]> {
  let query = db.selectFrom('application_files').selectAll().where('application_id', '=', applicationId);
  if (kinds) {
    if (kinds.length === 0) return Promise.resolve([]);
    query = query.where('kind', 'in', [...kinds]);
  }
  return query.orderBy('id').execute();
}

export function findFileById(db: Queryable, id: number): Promise<ApplicationFileRow | undefined> {
  return db.selectFrom('application_files').selectAll().where('id', '=', id).executeTakeFirst();
}

// --- appeals ------------------------------------------------------------------------------------

export async function insertAppeal(db: Queryable, row: Insertable<ApplicationAppealsTable>): Promise<number> {
  const { id } = await db
    .insertInto('application_appeals')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export function findAppealById(db: Queryable, id: number): Promise<AppealRow | undefined> {
  return db.selectFrom('application_appeals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateAppeal(
  db: Queryable,
  id: number,
  patch: Updateable<ApplicationAppealsTable>,
): Promise<void> {
  await db.updateTable('application_appeals').set(patch).where('id', '=', id).execute();
}

export function listAppealsOf(db: Queryable, applicationId: number): Promise<AppealRow[]> {
  return db
    .selectFrom('application_appeals')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('filed_on')
    .orderBy('id')
    .execute();
}

// --- answer grounds and letter templates --------------------------------------------------------

export function listAnswerGrounds(
  db: Queryable,
  options: { outcome?: string; includeInactive?: boolean } = {},
): Promise<AnswerGroundRow[]> {
  let query = db.selectFrom('request_answer_grounds').selectAll();
  if (options.outcome) query = query.where('outcome', '=', options.outcome);
  if (!options.includeInactive) query = query.where('is_active', '=', 1);
  return query.orderBy('sort_order').orderBy('id').execute();
}

export function findAnswerGroundByCode(db: Queryable, code: string): Promise<AnswerGroundRow | undefined> {
  return db.selectFrom('request_answer_grounds').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertAnswerGround(
  db: Queryable,
  row: Insertable<RequestAnswerGroundsTable>,
): Promise<number> {
  const { id } = await db
    .insertInto('request_answer_grounds')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateAnswerGround(
  db: Queryable,
  id: number,
  patch: Updateable<RequestAnswerGroundsTable>,
): Promise<void> {
  await db.updateTable('request_answer_grounds').set(patch).where('id', '=', id).execute();
}

export function findLetterTemplateRow(db: Queryable, kind: string): Promise<LetterTemplateRow | undefined> {
  return db.selectFrom('request_letter_templates').selectAll().where('kind', '=', kind).executeTakeFirst();
}

export function listLetterTemplateRows(db: Queryable): Promise<LetterTemplateRow[]> {
  return db.selectFrom('request_letter_templates').selectAll().orderBy('kind').execute();
}

export async function saveLetterTemplateRow(
  db: Queryable,
  row: Omit<LetterTemplateRow, 'id'>,
): Promise<void> {
  const updated = await db
    .updateTable('request_letter_templates')
    .set({ title: row.title, body: row.body, updated_by: row.updated_by, updated_at: row.updated_at })
    .where('kind', '=', row.kind)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    await db.insertInto('request_letter_templates').values(row).execute();
}

// --- settings -----------------------------------------------------------------------------------

/** Several settings in one read: key → parsed value (absent keys are missing from the map). */
export async function findSettingValues(
  db: Queryable,
  keys: readonly string[],
): Promise<Map<string, unknown>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('request_settings')
    .select(['key', 'value_json'])
    .where('key', 'in', [...keys])
    .execute();
  return new Map(rows.map((r) => [r.key, JSON.parse(r.value_json) as unknown]));
}

export async function findSettingValue(db: Queryable, key: string): Promise<unknown> {
  const row = await db
    .selectFrom('request_settings')
    .select('value_json')
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? (JSON.parse(row.value_json) as unknown) : undefined;
}

export async function saveSettingValue(
  db: Queryable,
  key: string,
  value: unknown,
  by: { userId: number | null; at: string },
): Promise<void> {
  const valueJson = JSON.stringify(value);
  const updated = await db
    .updateTable('request_settings')
    .set({ value_json: valueJson, updated_by: by.userId, updated_at: by.at })
    .where('key', '=', key)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db
      .insertInto('request_settings')
      .values({ key, value_json: valueJson, updated_by: by.userId, updated_at: by.at })
      .execute();
  }
}

// --- tracking throttle --------------------------------------------------------------------------

export async function recordTrackAttempt(
  db: Queryable,
  row: { ip: string | null; referenceKey: string; at: string; succeeded: boolean },
): Promise<void> {
  await db
    .insertInto('request_track_attempts')
    .values({ ip: row.ip, reference_key: row.referenceKey, at: row.at, succeeded: row.succeeded ? 1 : 0 })
    .execute();
}

/** Failed attempts since `since`, from one address and for one reference (as typed). */
export async function countRecentTrackFailures(
  db: Queryable,
  key: { ip: string | null; referenceKey: string },
  since: string,
): Promise<{ byIp: number; byReference: number }> {
  const count = async (column: 'ip' | 'reference_key', value: string) =>
    Number(
      (
        await db
          .selectFrom('request_track_attempts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where(column, '=', value)
          .where('succeeded', '=', 0)
          .where('at', '>=', since)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const byIp = key.ip ? await count('ip', key.ip) : 0;
  const byReference = await count('reference_key', key.referenceKey);
  return { byIp, byReference };
}

export async function pruneTrackAttempts(db: Queryable, before: string): Promise<void> {
  await db.deleteFrom('request_track_attempts').where('at', '<', before).execute();
}

// --- the staff case list ------------------------------------------------------------------------

export interface CaseListFilter {
  /** Organisation ids to include (the caller resolves subtrees and the principal's scope). */
  orgIds: 'all' | readonly number[];
  statuses?: readonly string[];
  handlerUserId?: number;
  channels?: readonly string[];
  applicantTypes?: readonly string[];
  receivedFrom?: string | undefined;
  receivedTo?: string | undefined;
  /** Open applications due on or before this date (the caller computes it with the calendar). */
  dueOnOrBefore?: string;
  /** Open applications whose due date is before this date (today: overdue). */
  dueBefore?: string | undefined;
  /** Open applications due on or after this date (with dueOnOrBefore: due soon, not overdue). */
  dueOnOrAfter?: string | undefined;
  /** Only applications not closed. */
  openOnly?: boolean;
}

export interface CaseListRow {
  id: number;
  reference: string;
  org_id: number;
  org_name: string;
  channel: string;
  applicant_type: string;
  applicant_name: string;
  description: string;
  received_on: string;
  status: string;
  outcome: string | null;
  due_on: string | null;
  is_overdue: number;
  is_provisional: number;
  is_volume_flagged: number;
  closed_on: string | null;
  handler_user_id: number | null;
  handler_name: string | null;
}

export interface CaseListPage {
  rows: CaseListRow[];
  hasMore: boolean;
  page: number;
  pageSize: number;
}

/** Organisation ids of the subtrees at `paths` (a city has hundreds, a province a few thousand). */
export async function listOrgIdsUnder(db: Queryable, paths: readonly string[]): Promise<number[]> {
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('orgs')
    .select('id')
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The most branches one merged walk may have (organisations × statuses); SQLite allows 500 terms in
 * one compound SELECT. Beyond it the walk is one query over the whole filter.
 */
export const CASE_LIST_MAX_BRANCHES = 200;

/**
 * The staff case list, by due date (soonest first, undated last) then id, one page at a time.
 * Filters by organisation ids rather than by path, so moving an organisation never leaves stale
 * copies of its path on a million applications. `hasMore` comes from fetching one row more than a
 * page.
 *
 * How it stays fast at a million applications (docs/performance.md, Applications): the page's ids
 * are found first, on index columns only, then its display columns are read for those ids.
 * - Dated and undated cases are two ordered walks (due_on, id) and (id): SQLite's indexes keep NULL
 *   first, so "undated last" on one index would need a sort of every match.
 * - A subtree is a list of organisations (and a status filter a list of statuses); no index yields
 *   one due-date order over IN lists, so each organisation's (and status's) first rows are read in
 *   order — from (org_id, status, due_on, id), from the partial (org_id, due_on, id) over open cases
 *   when only open ones can match, else from (org_id, due_on, id) — and merged: a UNION ALL of
 *   per-branch LIMIT queries under one ORDER BY … LIMIT. Each branch reads at most a page of index
 *   entries when its other filters are not rare. The root's subtree is every organisation: then the
 *   organisation filter is dropped and the global twins of those indexes serve.
 */
export async function listApplicationsForStaff(
  db: Queryable,
  filter: CaseListFilter,
  paging: { page: number; pageSize: number },
): Promise<CaseListPage> {
  const page = Math.max(1, Math.floor(paging.page));
  const pageSize = Math.min(200, Math.max(1, Math.floor(paging.pageSize)));
  if (filter.orgIds !== 'all' && filter.orgIds.length === 0)
    return { rows: [], hasMore: false, page, pageSize };
  const ids = await caseListPageIds(db, filter, (page - 1) * pageSize, pageSize + 1);
  const found =
    ids.length === 0
      ? []
      : await db
          .selectFrom('applications')
          .innerJoin('orgs', 'orgs.id', 'applications.org_id')
          .leftJoin('applicants', 'applicants.application_id', 'applications.id')
          .leftJoin('users', 'users.id', 'applications.handler_user_id')
          .select([
            'applications.id',
            'applications.reference',
            'applications.org_id',
            'orgs.name as org_name',
            'applications.channel',
            'applications.applicant_type',
            'applicants.name as applicant_name',
            'applications.description',
            'applications.received_on',
            'applications.status',
            'applications.outcome',
            'applications.due_on',
            'applications.is_overdue',
            'applications.is_provisional',
            'applications.is_volume_flagged',
            'applications.closed_on',
            'applications.handler_user_id',
            'users.display_name as handler_name',
          ])
          .where('applications.id', 'in', ids)
          .execute();
  const byId = new Map(found.map((r) => [r.id, r]));
  const rows = ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ ...r, applicant_name: r.applicant_name ?? '' }] : [];
  });
  const hasMore = rows.length > pageSize;
  return { rows: rows.slice(0, pageSize), hasMore, page, pageSize };
}

/** Ids of the matches from `offset`, at most `limit`, in list order: dated by (due_on, id), then undated by id. */
async function caseListPageIds(
  db: Queryable,
  filter: CaseListFilter,
  offset: number,
  limit: number,
): Promise<number[]> {
  const dated = await orderedCaseIds(db, filter, 'dated', offset, limit);
  if (dated.length === limit) return dated;
  // The dated matches end within this window; the undated ones follow them.
  if (isDueDateFiltered(filter)) return dated;
  const datedTotal =
    dated.length > 0 || offset === 0 ? offset + dated.length : await countDatedMatches(db, filter);
  const undated = await orderedCaseIds(
    db,
    filter,
    'undated',
    Math.max(0, offset - datedTotal),
    limit - dated.length,
  );
  return [...dated, ...undated];
}

/** A due-date bound excludes undated cases by itself. */
function isDueDateFiltered(filter: CaseListFilter): boolean {
  return Boolean(filter.dueOnOrBefore || filter.dueBefore || filter.dueOnOrAfter);
}

async function countDatedMatches(db: Queryable, filter: CaseListFilter): Promise<number> {
  const row = await applyCaseListFilter(db, filter)
    .where('applications.due_on', 'is not', null)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * One ordered walk over the matches: `dated` by (due_on, id) or `undated` by id. Dated matches are
 * merged from one ordered branch per organisation and status (see listApplicationsForStaff).
 */
async function orderedCaseIds(
  db: Queryable,
  filter: CaseListFilter,
  part: 'dated' | 'undated',
  offset: number,
  limit: number,
): Promise<number[]> {
  const walk = (branch: CaseListFilter) => {
    let q = applyCaseListFilter(db, branch, { orderedWalk: part === 'dated' })
      .where('applications.due_on', part === 'dated' ? 'is not' : 'is', null)
      .select(['applications.id', 'applications.due_on']);
    // A dated case is due after its receipt date, so a receipt bound is a due-date bound too: the
    // walk in due-date order starts there instead of at the oldest case.
    if (part === 'dated' && branch.receivedFrom && !branch.dueOnOrAfter)
      q = q.where('applications.due_on', '>', branch.receivedFrom);
    return part === 'dated'
      ? q.orderBy('applications.due_on').orderBy('applications.id')
      : q.orderBy('applications.id');
  };
  const branches = part === 'dated' ? await caseListBranches(db, filter) : [filter];
  if (branches.length === 1) {
    const rows = await walk(branches[0]!).limit(limit).offset(offset).execute();
    return rows.map((r) => r.id);
  }
  // Each branch's first offset + limit matches, in order, then the merged window.
  const perBranch = branches.map((branch, i) =>
    db
      .selectFrom(
        walk(branch)
          .limit(offset + limit)
          .as(`b${i}`),
      )
      .select([`b${i}.id`, `b${i}.due_on`]),
  );
  let union = perBranch[0]!;
  for (const q of perBranch.slice(1)) union = union.unionAll(q);
  const rows = await db
    .selectFrom(union.as('merged'))
    .select(['merged.id', 'merged.due_on'])
    .orderBy('merged.due_on')
    .orderBy('merged.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => r.id);
}

/** The filter split into ordered branches: one per organisation and status (see above). */
async function caseListBranches(db: Queryable, filter: CaseListFilter): Promise<CaseListFilter[]> {
  let orgIds = filter.orgIds;
  if (orgIds !== 'all' && orgIds.length > 1) {
    const listed = [...orgIds];
    const { total, named } = await db
      .selectFrom('orgs')
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.count<number>(eb.case().when('id', 'in', listed).then(1).end()).as('named'),
      ])
      .executeTakeFirstOrThrow();
    // The root's subtree (or any list naming every organisation): no organisation filter at all.
    if (Number(named) === Number(total)) orgIds = 'all';
  }
  const orgBranches: CaseListFilter['orgIds'][] = orgIds === 'all' ? ['all'] : orgIds.map((id) => [id]);
  const statuses = filter.statuses ?? [];
  const statusBranches: (readonly string[])[] = statuses.length > 1 ? statuses.map((s) => [s]) : [statuses];
  if (orgBranches.length * statusBranches.length > CASE_LIST_MAX_BRANCHES) return [{ ...filter, orgIds }];
  return orgBranches.flatMap((ids) => statusBranches.map((st) => ({ ...filter, orgIds: ids, statuses: st })));
}

/** How many applications match, counted up to `cap` (the list shows "10,000+" beyond). */
export async function countApplicationsForStaff(
  db: Queryable,
  filter: CaseListFilter,
  cap = 10_000,
): Promise<{ count: number; isCapped: boolean }> {
  if (filter.orgIds !== 'all' && filter.orgIds.length === 0) return { count: 0, isCapped: false };
  const inner = applyCaseListFilter(db, filter)
    .select('applications.id')
    .limit(cap + 1)
    .as('matches');
  const row = await db
    .selectFrom(inner)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(row.n);
  return { count: Math.min(n, cap), isCapped: n > cap };
}

/** The status tabs count up to this many cases each ("1000+"): a tab says which are busy, not how busy. */
export const STATUS_TAB_CAP = 1_000;

/**
 * How many applications match in each of `statuses` (the filter's own statuses ignored), each counted
 * up to `cap`, in one statement: the list page's status tabs. Each count reads at most `cap` + 1
 * matches from (org_id, status, …) or (status, …). Under an open-only filter (due soon, overdue,
 * open only) a closed status matches nothing by definition (CLOSED_STATUSES) and is not counted:
 * counting it would walk every closed case to find none still open.
 */
export async function countApplicationsByStatus(
  db: Queryable,
  filter: CaseListFilter,
  statuses: readonly string[],
  cap = STATUS_TAB_CAP,
): Promise<Record<string, { count: number; isCapped: boolean }>> {
  const out: Record<string, { count: number; isCapped: boolean }> = {};
  for (const s of statuses) out[s] = { count: 0, isCapped: false };
  const openOnly = Boolean(filter.openOnly) || isDueDateFiltered(filter);
  const counted = openOnly
    ? statuses.filter((s) => !(CLOSED_STATUSES as readonly string[]).includes(s))
    : statuses;
  if (counted.length === 0 || (filter.orgIds !== 'all' && filter.orgIds.length === 0)) return out;
  const perStatus = counted.map((status, i) =>
    db
      .selectFrom(
        applyCaseListFilter(db, { ...filter, statuses: [status] })
          .select('applications.id')
          .limit(cap + 1)
          .as(`s${i}`),
      )
      .select((eb) => [sql<number>`${sql.lit(i)}`.as('k'), eb.fn.countAll<number>().as('n')]),
  );
  let union = perStatus[0]!;
  for (const q of perStatus.slice(1)) union = union.unionAll(q);
  for (const row of await union.execute()) {
    const n = Number(row.n);
    out[counted[Number(row.k)]!] = { count: Math.min(n, cap), isCapped: n > cap };
  }
  return out;
}

/**
 * The WHERE of the case list. `orderedWalk`: the query walks an index in due-date order, so the
 * receipt-date bounds are written so that no index on received_on can serve them (`received_on || ''`
 * is the same text, on both databases): otherwise the planners, misjudging how many cases a month of
 * receipts holds, pick (org_id, received_on) and sort every case of that month. The bounds are then
 * checked on the due-date index entry itself, which carries received_on (migration 0011).
 */
function applyCaseListFilter(db: Queryable, filter: CaseListFilter, options: { orderedWalk?: boolean } = {}) {
  let query = db.selectFrom('applications');
  if (filter.orgIds !== 'all') {
    query =
      filter.orgIds.length === 1
        ? query.where('applications.org_id', '=', filter.orgIds[0]!)
        : query.where('applications.org_id', 'in', [...filter.orgIds]);
  }
  if (filter.statuses && filter.statuses.length > 0) {
    query = query.where('applications.status', 'in', [...filter.statuses]);
  }
  if (filter.openOnly || filter.dueOnOrBefore || filter.dueBefore || filter.dueOnOrAfter) {
    query = query.where('applications.closed_on', 'is', null);
  }
  if (filter.handlerUserId !== undefined) {
    query = query.where('applications.handler_user_id', '=', filter.handlerUserId);
  }
  if (filter.channels && filter.channels.length > 0) {
    query = query.where('applications.channel', 'in', [...filter.channels]);
  }
  if (filter.applicantTypes && filter.applicantTypes.length > 0) {
    query = query.where('applications.applicant_type', 'in', [...filter.applicantTypes]);
  }
  const receivedOn = options.orderedWalk
    ? sql<string>`${sql.ref('applications.received_on')} || ''`
    : sql.ref<string>('applications.received_on');
  if (filter.receivedFrom) query = query.where(receivedOn, '>=', filter.receivedFrom);
  if (filter.receivedTo) query = query.where(receivedOn, '<=', filter.receivedTo);
  if (filter.dueOnOrBefore) query = query.where('applications.due_on', '<=', filter.dueOnOrBefore);
  if (filter.dueBefore) query = query.where('applications.due_on', '<', filter.dueBefore);
  if (filter.dueOnOrAfter) query = query.where('applications.due_on', '>=', filter.dueOnOrAfter);
  return query;
}

// --- sweeps (jobs) ------------------------------------------------------------------------------

/** Open applications whose cached state was computed before `today`: their overdue flag may be stale. */
export function listStaleOpenApplicationIds(db: Queryable, today: string, limit: number): Promise<number[]> {
  return db
    .selectFrom('applications')
    .select('id')
    .where('closed_on', 'is', null)
    .where('state_computed_on', '<', today)
    .orderBy('id')
    .limit(limit)
    .execute()
    .then((rows) => rows.map((r) => r.id));
}

/** Open applications in one of `statuses` (awaiting correction, awaiting payment): the close sweeps. */
export function listOpenApplicationIdsWithStatus(
  db: Queryable,
  statuses: readonly string[],
  limit: number,
  afterId = 0,
): Promise<number[]> {
  if (statuses.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('applications')
    .select('id')
    .where('closed_on', 'is', null)
    .where('status', 'in', [...statuses])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()
    .then((rows) => rows.map((r) => r.id));
}
