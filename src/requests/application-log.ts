import { loadWorkingCalendar } from '../calendar/calendar.repository.js';
import type { WorkingCalendar } from '../calendar/calendar.rules.js';
import { dateInTimeZone, isIsoDate, type IsoDate } from '../calendar/dates.rules.js';
import { assertCan, type Action } from '../platform/auth/permissions.rules.js';
import { inTransaction, type Queryable, type Tx } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import {
  deriveApplicationState,
  validateEventSequence,
  type ApplicationState,
  type EventProblem,
} from './application-state.rules.js';
import { isEventType, type ApplicationEvent, type EventType } from './codes.js';
import { DEFAULT_DUE_SOON_WORKDAYS } from './deadline.rules.js';
import type { RequestDeps } from './request-deps.js';
import {
  findApplicationById,
  findSettingValue,
  findSettingValues,
  insertEvent,
  listEventsOf,
  updateApplication,
  type ApplicationEventRow,
  type ApplicationRow,
} from './requests.repository.js';
import './requests.messages.js';

/**
 * The event log of one application and the one function that turns it into the cached state.
 * Every use case that changes an application goes through `lockApplication` → `appendEvents`
 * (validate the whole new log, insert, refresh the cache) inside its transaction.
 */

/**
 * Events the platform records besides the interchange types (contracts §4): they tell the story on
 * the case page but change no date or status, so the rules never see them.
 */
export const RECORD_EVENT_TYPES = [
  'registered',
  'assigned',
  'extension_requested',
  'delivered',
  'volume_flagged',
] as const;
export type RecordEventType = (typeof RECORD_EVENT_TYPES)[number];
export type LogEventType = EventType | RecordEventType;

export interface NewEvent {
  type: LogEventType;
  on: IsoDate;
  /** The interchange fields of the type (correctionDueOn, workdays, outcome, …) and any extra facts. */
  payload?: Record<string, unknown>;
}

export interface HoldingOrg {
  id: number;
  code: string;
  path: string;
  name: string;
}

export interface LoadedApplication {
  app: ApplicationRow;
  org: HoldingOrg;
  events: ApplicationEventRow[];
}

/** Settings staff change at run time (request_settings). */
export const SETTING_DUE_SOON_WORKDAYS = 'due_soon_workdays';
export const SETTING_VOLUME_THRESHOLD = 'volume_threshold_per_month';
/** 条例第三十五条 names no number; 10 a month matches the free tier of 国办函〔2020〕109号 第四条. */
export const DEFAULT_VOLUME_THRESHOLD = 10;

function dueSoonWorkdaysOf(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : DEFAULT_DUE_SOON_WORKDAYS;
}

function volumeThresholdOf(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : DEFAULT_VOLUME_THRESHOLD;
}

export async function readDueSoonWorkdays(db: Queryable): Promise<number> {
  return dueSoonWorkdaysOf(await findSettingValue(db, SETTING_DUE_SOON_WORKDAYS));
}

export async function readVolumeThreshold(db: Queryable): Promise<number> {
  return volumeThresholdOf(await findSettingValue(db, SETTING_VOLUME_THRESHOLD));
}

/** Both intake settings in one read (every submission needs them). */
export async function readIntakeSettings(
  db: Queryable,
): Promise<{ dueSoonWorkdays: number; volumeThreshold: number }> {
  const values = await findSettingValues(db, [SETTING_DUE_SOON_WORKDAYS, SETTING_VOLUME_THRESHOLD]);
  return {
    dueSoonWorkdays: dueSoonWorkdaysOf(values.get(SETTING_DUE_SOON_WORKDAYS)),
    volumeThreshold: volumeThresholdOf(values.get(SETTING_VOLUME_THRESHOLD)),
  };
}

/** Both intake settings from their stored JSON (null when unset), as `readIntakeSettings` reads them. */
export function intakeSettingsOf(stored: {
  dueSoonWorkdaysJson: string | null;
  volumeThresholdJson: string | null;
}): { dueSoonWorkdays: number; volumeThreshold: number } {
  const parse = (json: string | null): unknown => (json === null ? undefined : (JSON.parse(json) as unknown));
  return {
    dueSoonWorkdays: dueSoonWorkdaysOf(parse(stored.dueSoonWorkdaysJson)),
    volumeThreshold: volumeThresholdOf(parse(stored.volumeThresholdJson)),
  };
}

/** Today's date in the office time zone. */
export function todayOf(ctx: Pick<UseCaseContext, 'now'>, deps: Pick<RequestDeps, 'timeZone'>): IsoDate {
  return dateInTimeZone(ctx.now, deps.timeZone);
}

export async function findHoldingOrg(db: Queryable, orgId: number): Promise<HoldingOrg> {
  return db
    .selectFrom('orgs')
    .select(['id', 'code', 'path', 'name'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow(() => new AppError('NOT_FOUND', 'requests.error.org_unknown'));
}

/**
 * Loads an application for a change, serialising concurrent changes of the same application (an
 * advisory lock on PostgreSQL; SQLite's write lock already does it). Throws NOT_FOUND.
 */
export async function lockApplication(
  ctx: UseCaseContext,
  trx: Tx,
  applicationId: number,
): Promise<LoadedApplication> {
  await ctx.database.dialect.lockForAppend(trx as never, `application:${applicationId}`);
  const app = await findApplicationById(trx, applicationId);
  if (!app) throw new AppError('NOT_FOUND', 'requests.error.not_found');
  const [org, events] = await Promise.all([findHoldingOrg(trx, app.org_id), listEventsOf(trx, app.id)]);
  return { app, org, events };
}

/** Loads and authorises: `action` on the holding organisation, else FORBIDDEN (nothing written). */
export async function lockApplicationFor(
  ctx: UseCaseContext,
  trx: Tx,
  applicationId: number,
  action: Action,
): Promise<LoadedApplication> {
  const loaded = await lockApplication(ctx, trx, applicationId);
  assertCan(ctx.principal, action, { orgPath: loaded.org.path });
  return loaded;
}

export function parsePayload(row: Pick<ApplicationEventRow, 'payload_json'>): Record<string, unknown> {
  try {
    const value = JSON.parse(row.payload_json) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The log as the rules see it: the interchange event types only, `{ type, on, ...fields }`. */
export function toRuleEvents(
  rows: readonly Pick<ApplicationEventRow, 'type' | 'on_date' | 'payload_json'>[],
): ApplicationEvent[] {
  return rows
    .filter((r) => isEventType(r.type))
    .map((r) => ({ ...parsePayload(r), type: r.type, on: r.on_date }) as ApplicationEvent);
}

function toRuleEvent(e: NewEvent): ApplicationEvent | null {
  return isEventType(e.type) ? ({ ...(e.payload ?? {}), type: e.type, on: e.on } as ApplicationEvent) : null;
}

/** The stable error for an impossible order of events, naming the rule's problem code and event. */
export function eventOrderError(problem: EventProblem): AppError {
  return new AppError('REQUEST_EVENT_ORDER', `requests.error.${problem.code}`, {
    params: { problem: problem.code, index: problem.index },
  });
}

/**
 * Appends events to the log: the whole new log must pass `validateEventSequence` (else the first
 * problem is thrown and nothing is written), then the events are inserted and the cache refreshed.
 */
export async function appendEvents(
  ctx: UseCaseContext,
  deps: RequestDeps,
  trx: Tx,
  loaded: LoadedApplication,
  newEvents: readonly NewEvent[],
  options: { actorLabel?: string; dueSoonWorkdays?: number } = {},
): Promise<{ eventIds: number[]; state: ApplicationState; loaded: LoadedApplication }> {
  const today = todayOf(ctx, deps);
  for (const e of newEvents) {
    if (!isIsoDate(e.on))
      throw AppError.validation([{ field: 'on', message: 'requests.error.date_invalid' }]);
    // An event is recorded when it happened, never ahead of time.
    if (e.on > today) throw AppError.validation([{ field: 'on', message: 'requests.error.date_in_future' }]);
  }
  const existing = toRuleEvents(loaded.events);
  const added = newEvents.map(toRuleEvent).filter((e): e is ApplicationEvent => e !== null);
  const problems = validateEventSequence(loaded.app.received_on, [...existing, ...added]);
  if (problems.length > 0) {
    const own = problems.find((p) => p.index >= existing.length) ?? problems[0]!;
    throw eventOrderError(own);
  }
  const eventIds: number[] = [];
  let seq = loaded.events.reduce((max, e) => Math.max(max, e.seq), 0);
  const createdAt = ctx.now.toISOString();
  const actorLabel =
    options.actorLabel ?? (ctx.principal.kind === 'anonymous' ? 'applicant' : ctx.principal.username);
  const inserted: ApplicationEventRow[] = [];
  for (const e of newEvents) {
    seq += 1;
    const row = {
      application_id: loaded.app.id,
      seq,
      type: e.type,
      on_date: e.on,
      payload_json: JSON.stringify(e.payload ?? {}),
      actor_user_id: ctx.principal.userId,
      actor_label: actorLabel,
      created_at: createdAt,
    };
    const id = await insertEvent(trx, row);
    eventIds.push(id);
    inserted.push({ ...row, id });
  }
  const events = [...loaded.events, ...inserted];
  const { state, columns } = await writeApplicationState(
    trx,
    deps,
    { ...loaded, events },
    ctx.now,
    options.dueSoonWorkdays,
  );
  // The row as stored now: what was loaded with the cache columns just written (no other column changed).
  const app: ApplicationRow = { ...loaded.app, ...columns };
  return { eventIds, state, loaded: { app, org: loaded.org, events } };
}

/** The state of an application as of `now`, from its events (the one computation). */
export function computeApplicationState(
  app: Pick<ApplicationRow, 'received_on'>,
  events: readonly Pick<ApplicationEventRow, 'type' | 'on_date' | 'payload_json'>[],
  calendar: WorkingCalendar,
  today: IsoDate,
  dueSoonWorkdays: number,
): ApplicationState {
  return deriveApplicationState(app.received_on, toRuleEvents(events), calendar, today, { dueSoonWorkdays });
}

/**
 * THE function that writes the cache columns of `applications` (status, outcome, due_on, is_overdue,
 * closed_on, is_provisional, last_event_on): `deriveApplicationState` of the events, with the holding
 * organisation's calendar, as of `now` in the office time zone.
 */
export async function refreshApplicationState(
  db: Queryable,
  deps: Pick<RequestDeps, 'timeZone'>,
  loaded: Pick<LoadedApplication, 'app' | 'org' | 'events'>,
  now: Date,
  preloaded?: { calendar: WorkingCalendar; dueSoonWorkdays: number },
): Promise<ApplicationState> {
  const calendar = preloaded?.calendar ?? (await loadWorkingCalendar(db, { orgPath: loaded.org.path }));
  return (await writeApplicationState(db, deps, loaded, now, preloaded?.dueSoonWorkdays, calendar)).state;
}

/** `refreshApplicationState`, also returning the cache columns it wrote. */
async function writeApplicationState(
  db: Queryable,
  deps: Pick<RequestDeps, 'timeZone'>,
  loaded: Pick<LoadedApplication, 'app' | 'org' | 'events'>,
  now: Date,
  knownDueSoonWorkdays?: number,
  knownCalendar?: WorkingCalendar,
): Promise<{ state: ApplicationState; columns: ApplicationCacheColumns }> {
  const calendar = knownCalendar ?? (await loadWorkingCalendar(db, { orgPath: loaded.org.path }));
  const dueSoonWorkdays = knownDueSoonWorkdays ?? (await readDueSoonWorkdays(db));
  const computed = applicationCache(deps, loaded.app, loaded.events, now, calendar, dueSoonWorkdays);
  await updateApplication(db, loaded.app.id, computed.columns);
  return computed;
}

/**
 * The state and cache columns of an application with `events`, as of `now`: what
 * `refreshApplicationState` writes. A new application is inserted with them (createApplication), so
 * its row is right from the first statement and needs no update.
 */
export function applicationCache(
  deps: Pick<RequestDeps, 'timeZone'>,
  app: Pick<ApplicationRow, 'received_on'>,
  events: readonly Pick<ApplicationEventRow, 'type' | 'on_date' | 'payload_json'>[],
  now: Date,
  calendar: WorkingCalendar,
  dueSoonWorkdays: number,
): { state: ApplicationState; columns: ApplicationCacheColumns } {
  const today = dateInTimeZone(now, deps.timeZone);
  const state = computeApplicationState(app, events, calendar, today, dueSoonWorkdays);
  const lastEventOn = events.reduce((last, e) => (e.on_date > last ? e.on_date : last), app.received_on);
  const columns: ApplicationCacheColumns = {
    status: state.status,
    outcome: state.outcome,
    due_on: state.dueOn,
    is_overdue: state.overdue ? 1 : 0,
    closed_on: state.closedOn,
    is_provisional: state.isProvisional ? 1 : 0,
    last_event_on: lastEventOn,
    state_computed_on: today,
    event_count: events.length,
    updated_at: now.toISOString(),
  };
  return { state, columns };
}

/** The cache columns as written (every one of ApplicationStateColumns, with its stored type). */
export type ApplicationCacheColumns = Pick<
  ApplicationRow,
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

/** `on` when given, else today in the office time zone. */
export function eventDate(
  ctx: Pick<UseCaseContext, 'now'>,
  deps: Pick<RequestDeps, 'timeZone'>,
  on?: IsoDate | null,
): IsoDate {
  return on ?? todayOf(ctx, deps);
}

/** A compact, personal-data-free summary of a state for audit records. */
export function auditState(state: ApplicationState): Record<string, unknown> {
  return { status: state.status, outcome: state.outcome, dueOn: state.dueOn, closedOn: state.closedOn };
}

/**
 * One staff step on an application in one transaction: load and lock, authorise `action` on the
 * holding organisation, let `build` decide the events (it may check and throw), append them, audit.
 * `after` runs last in the same transaction (mail, projections).
 */
export async function runApplicationStep<T>(
  ctx: UseCaseContext,
  deps: RequestDeps,
  applicationId: number,
  step: {
    /** The permission on the holding organisation; `applicant` when the query code was the authority. */
    action: Action | 'applicant';
    auditAction: string;
    build: (loaded: LoadedApplication, trx: Tx) => Promise<NewEvent[]> | NewEvent[];
    after?: (result: StepResult, trx: Tx) => Promise<T> | T;
    auditExtra?: Record<string, unknown>;
  },
): Promise<T> {
  return inTransaction(ctx.database.db, async (trx) => {
    const loaded =
      step.action === 'applicant'
        ? await lockApplication(ctx, trx, applicationId)
        : await lockApplicationFor(ctx, trx, applicationId, step.action);
    const { app } = loaded;
    const before = { status: app.status, outcome: app.outcome, dueOn: app.due_on, closedOn: app.closed_on };
    const events = await step.build(loaded, trx);
    const appended = await appendEvents(ctx, deps, trx, loaded, events);
    await audit(ctx, trx, {
      action: step.auditAction,
      entityType: 'application',
      entityId: loaded.app.id,
      orgId: appended.loaded.app.org_id,
      before,
      after: {
        ...auditState(appended.state),
        events: events.map((e) => ({ type: e.type, on: e.on })),
        ...step.auditExtra,
      },
    });
    const result: StepResult = { ...appended, previous: loaded };
    return step.after ? step.after(result, trx) : (result as unknown as T);
  });
}

export interface StepResult {
  eventIds: number[];
  state: ApplicationState;
  loaded: LoadedApplication;
  previous: LoadedApplication;
}

/** City-wide request settings need request.configure on the root organisation (the city). */
export async function assertCanConfigure(ctx: UseCaseContext): Promise<void> {
  const root = await ctx.database.db
    .selectFrom('orgs')
    .select('path')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  assertCan(ctx.principal, 'request.configure', { orgPath: root?.path ?? '/0/' });
}
