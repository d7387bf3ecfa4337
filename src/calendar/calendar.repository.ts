import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DialectKind } from '../platform/db/dialect.js';
import { PREPARED_READ } from '../platform/db/database.js';
import type { Queryable } from '../platform/db/transaction.js';
import { buildWorkingCalendar, type PublishedYear, type WorkingCalendar } from './calendar.rules.js';
import type { CalendarOverridesTable, CalendarYearsTable } from './calendar.tables.js';
import { chineseDaysYears } from './chinese-days.data.js';
import './calendar.messages.js';

export type CalendarOverrideRow = Selectable<CalendarOverridesTable>;
export type CalendarYearRow = Selectable<CalendarYearsTable>;

/** The organisation ids on a materialised path, root first: `/1/7/12/` → [1, 7, 12]. */
function orgIdsOnPath(orgPath: string): number[] {
  return orgPath
    .split('/')
    .filter((s) => s !== '')
    .map(Number);
}

/**
 * Overrides that apply to the organisation at `orgPath` (city-wide ones and those of the organisation
 * and every organisation above it), ordered so that the narrowest comes last and wins.
 */
export async function listApplicableOverrides(
  db: Queryable,
  orgPath?: string,
): Promise<CalendarOverrideRow[]> {
  const ids = orgPath ? orgIdsOnPath(orgPath) : [];
  const rows = await db
    .selectFrom('calendar_overrides')
    .selectAll()
    .where((eb) =>
      ids.length > 0 ? eb.or([eb('org_id', 'is', null), eb('org_id', 'in', ids)]) : eb('org_id', 'is', null),
    )
    .orderBy('id')
    .execute();
  const depth = (row: CalendarOverrideRow) => (row.org_id === null ? -1 : ids.indexOf(row.org_id));
  return rows.sort((a, b) => depth(a) - depth(b) || a.id - b.id);
}

/** Every override of one organisation (null = city-wide), by date. */
export async function listOverridesOf(db: Queryable, orgId: number | null): Promise<CalendarOverrideRow[]> {
  return db
    .selectFrom('calendar_overrides')
    .selectAll()
    .where('org_id', orgId === null ? 'is' : '=', orgId)
    .orderBy('date')
    .execute();
}

export async function findOverride(
  db: Queryable,
  orgId: number | null,
  date: string,
): Promise<CalendarOverrideRow | undefined> {
  return db
    .selectFrom('calendar_overrides')
    .selectAll()
    .where('org_id', orgId === null ? 'is' : '=', orgId)
    .where('date', '=', date)
    .executeTakeFirst();
}

export async function insertOverride(db: Queryable, row: Omit<CalendarOverrideRow, 'id'>): Promise<number> {
  const { id } = await db
    .insertInto('calendar_overrides')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function deleteOverride(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('calendar_overrides').where('id', '=', id).execute();
}

export async function listCalendarYears(db: Queryable): Promise<CalendarYearRow[]> {
  return db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
}

export async function findCalendarYear(db: Queryable, year: number): Promise<CalendarYearRow | undefined> {
  return db.selectFrom('calendar_years').selectAll().where('year', '=', year).executeTakeFirst();
}

export async function saveCalendarYear(db: Queryable, row: CalendarYearRow): Promise<void> {
  const updated = await db
    .updateTable('calendar_years')
    .set({
      source: row.source,
      is_published: row.is_published,
      updated_by: row.updated_by,
      updated_at: row.updated_at,
    })
    .where('year', '=', row.year)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('calendar_years').values(row).execute();
}

/**
 * The published years: chinese-days' years, as the office's `calendar_years` rows amend them (a row
 * with `is_published` 0 withdraws a packaged year; a row with 1 adds a year the package lacks, whose
 * holidays the office enters as overrides, or replaces a packaged year's source).
 */
export function mergePublishedYears(
  packaged: readonly PublishedYear[],
  rows: readonly Pick<CalendarYearRow, 'year' | 'is_published' | 'source'>[],
): PublishedYear[] {
  const byYear = new Map(packaged.map((y) => [y.year, y]));
  for (const row of rows) {
    if (row.is_published !== 1) {
      byYear.delete(row.year);
      continue;
    }
    const existing = byYear.get(row.year);
    byYear.set(
      row.year,
      existing
        ? { ...existing, source: row.source }
        : { year: row.year, source: row.source, holidays: {}, workdays: {} },
    );
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

type CalendarInputOverride = Pick<CalendarOverrideRow, 'id' | 'org_id' | 'date' | 'kind' | 'note'>;
type CalendarInputYear = Pick<CalendarYearRow, 'year' | 'is_published' | 'source'>;

/**
 * The two inputs of a calendar in one read (a calendar is loaded for every new application and every
 * step, so one round trip less counts): the overrides reaching the organisation at `orgPath`, narrowest
 * last as in `listApplicableOverrides`, and the office's year rows by year.
 */
async function readCalendarInputs(
  db: Queryable,
  orgPath?: string,
): Promise<{ overrides: CalendarInputOverride[]; years: CalendarInputYear[] }> {
  const ids = orgPath ? orgIdsOnPath(orgPath) : [];
  const reach = ids.length > 0 ? sql`org_id is null or org_id in (${sql.join(ids)})` : sql`org_id is null`;
  const { rows } = await sql<
    CalendarInputOverride & CalendarInputYear & { part: 'o' | 'y' }
  >`select ${PREPARED_READ} 'o' as part, id, org_id, date, kind, note, null as year, null as is_published, null as source
    from calendar_overrides where ${reach}
    union all
    select 'y', null, null, null, null, null, year, is_published, source from calendar_years`.execute(db);
  const overrides: CalendarInputOverride[] = [];
  const years: CalendarInputYear[] = [];
  for (const r of rows) {
    if (r.part === 'o')
      overrides.push({ id: r.id, org_id: r.org_id, date: r.date, kind: r.kind, note: r.note });
    else years.push({ year: r.year, is_published: r.is_published, source: r.source });
  }
  return orderedInputs(overrides, years, ids);
}

function orderedInputs(
  overrides: CalendarInputOverride[],
  years: CalendarInputYear[],
  ids: readonly number[],
): { overrides: CalendarInputOverride[]; years: CalendarInputYear[] } {
  const depth = (row: CalendarInputOverride) => (row.org_id === null ? -1 : ids.indexOf(row.org_id));
  overrides.sort((a, b) => depth(a) - depth(b) || a.id - b.id);
  years.sort((a, b) => a.year - b.year);
  return { overrides, years };
}

/**
 * The same two inputs as two JSON values of another read (`calendar_overrides_json`,
 * `calendar_years_json`), for a caller that already reads the organisation and counts round trips
 * (online intake): `orgPath` is that read's expression for the organisation's materialised path.
 * `workingCalendarFromSelection` builds (or finds) the calendar from them.
 */
export function calendarInputsSelection(dialect: DialectKind, orgPath: RawBuilder<string>) {
  const reaching = sql`co.org_id is null or ${orgPath} like '%/' || co.org_id || '/%'`;
  return dialect === 'postgres'
    ? ([
        sql<unknown>`(select json_agg(json_build_array(co.id, co.org_id, co.date, co.kind, co.note))
          from calendar_overrides co where ${reaching})`.as('calendar_overrides_json'),
        sql<unknown>`(select json_agg(json_build_array(cy.year, cy.is_published, cy.source))
          from calendar_years cy)`.as('calendar_years_json'),
      ] as const)
    : ([
        sql<unknown>`(select json_group_array(json_array(co.id, co.org_id, co.date, co.kind, co.note))
          from calendar_overrides co where ${reaching})`.as('calendar_overrides_json'),
        sql<unknown>`(select json_group_array(json_array(cy.year, cy.is_published, cy.source))
          from calendar_years cy)`.as('calendar_years_json'),
      ] as const);
}

/** The working calendar of the organisation at `orgPath` from `calendarInputsSelection`'s values. */
export function workingCalendarFromSelection(
  row: { calendar_overrides_json: unknown; calendar_years_json: unknown },
  orgPath: string,
): WorkingCalendar {
  // PostgreSQL's driver parses json; SQLite returns the text (and '[]' for no rows, PostgreSQL null).
  const tuples = (value: unknown): unknown[][] =>
    value === null || value === undefined
      ? []
      : ((typeof value === 'string' ? JSON.parse(value) : value) as unknown[][]);
  const overrides = tuples(row.calendar_overrides_json).map(
    ([id, orgId, date, kind, note]): CalendarInputOverride => ({
      id: Number(id),
      org_id: orgId === null ? null : Number(orgId),
      date: date as string,
      kind: kind as CalendarInputOverride['kind'],
      note: (note as string | null) ?? null,
    }),
  );
  const years = tuples(row.calendar_years_json).map(
    ([year, isPublished, source]): CalendarInputYear => ({
      year: Number(year),
      is_published: Number(isPublished),
      source: source as string,
    }),
  );
  return calendarOf(orderedInputs(overrides, years, orgIdsOnPath(orgPath)));
}

/** Built calendars kept by the content of their inputs (see `loadWorkingCalendar`). */
export const CALENDAR_CACHE_SIZE = 256;
const builtCalendars = new Map<string, WorkingCalendar>();

/**
 * What a calendar is built from, as one string: the office's year rows and the overrides that reach
 * the organisation, every column the calendar reads. Equal inputs build equal calendars.
 */
function calendarInputKey(
  overrides: readonly CalendarInputOverride[],
  years: readonly CalendarInputYear[],
): string {
  return JSON.stringify([
    years.map((y) => [y.year, y.is_published, y.source]),
    overrides.map((o) => [o.id, o.date, o.kind, o.note]),
  ]);
}

/**
 * The working calendar for one organisation (or the city when `orgPath` is absent): the State Council
 * arrangement from chinese-days, the office's year settings, and the overrides that reach it.
 *
 * Building one walks every packaged year, so built calendars are kept, keyed by the content of the
 * two small reads every call still makes (the year rows and the applicable overrides). An office's
 * edit changes those rows, so the next call anywhere, in this process or another one over the same
 * database, builds afresh: nothing to invalidate, and a stale calendar cannot be served. The cache is
 * bounded; the least recently used calendar goes first.
 */
export async function loadWorkingCalendar(
  db: Queryable,
  options: { orgPath?: string } = {},
): Promise<WorkingCalendar> {
  return calendarOf(await readCalendarInputs(db, options.orgPath));
}

function calendarOf({
  overrides,
  years,
}: {
  overrides: readonly CalendarInputOverride[];
  years: readonly CalendarInputYear[];
}): WorkingCalendar {
  const key = calendarInputKey(overrides, years);
  const cached = builtCalendars.get(key);
  if (cached) {
    builtCalendars.delete(key);
    builtCalendars.set(key, cached);
    return cached;
  }
  const calendar = buildWorkingCalendar({
    years: mergePublishedYears(chineseDaysYears(), years),
    overrides: overrides.map((o) => ({ date: o.date, kind: o.kind, note: o.note })),
  });
  builtCalendars.set(key, calendar);
  if (builtCalendars.size > CALENDAR_CACHE_SIZE) builtCalendars.delete(builtCalendars.keys().next().value!);
  return calendar;
}
