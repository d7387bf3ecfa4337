import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { inTransaction, type Tx } from '../platform/db/transaction.js';
import type { SearchIndex } from '../platform/search/search-index.js';
import type { Org } from '../orgs/orgs.repository.js';
import {
  allocateIndexSequence,
  countOpenPiiFindings,
  findIndexPattern,
  isIndexNumberTaken,
  updateItemIfState,
  type CatalogItem,
} from './catalog.repository.js';
import { parseIndexPattern, renderIndexNumber, usesCreditCode } from './index-number.rules.js';
import { computeLateness } from './lateness.rules.js';
import { defaultCalendarLoader, type CalendarLoader } from './catalog-calendar.js';
import {
  DEFAULT_TIME_ZONE,
  auditViewOf,
  buildSearchDocument,
  dateInZone,
  invalidState,
  loadItemFor,
  parseCatalogInput,
  recordRevision,
} from './item-support.js';

/** What publishing needs besides the context: the search index, and optionally the office calendar. */
export interface PublishDeps {
  searchIndex: SearchIndex;
  /** Enqueues the scheduled publication in the caller's transaction (a JobQueue fits). */
  jobs?: {
    enqueue(
      db: Tx,
      type: string,
      payload: unknown,
      options?: { runAt?: Date; uniqueKey?: string },
    ): Promise<number | null>;
  };
  calendar?: CalendarLoader;
  /** The office time zone that decides the 发布日期 (config.timeZone). */
  timeZone?: string;
}

export const PUBLISH_SCHEDULED_JOB = 'catalog.publish_scheduled';

export const publishItemInput = z.object({
  itemId: z.number().int().positive(),
  /** A future instant (ISO-8601): the item stays approved and the scheduler publishes it then. */
  scheduledAt: z.iso.datetime({ offset: true, message: 'catalog.error.scheduled_at_invalid' }).optional(),
});

export type PublishItemInput = z.input<typeof publishItemInput>;

const MAX_INDEX_ATTEMPTS = 1_000;

/**
 * Publishes an approved item now, or schedules it (`catalog.publish`). Refused while any personal-data
 * finding is open. See `publishApprovedItem` for what publication does.
 */
export async function publishItem(
  ctx: UseCaseContext,
  deps: PublishDeps,
  input: PublishItemInput,
): Promise<CatalogItem> {
  const parsed = parseCatalogInput(publishItemInput, input);
  return inTransaction(ctx.database.db, async (trx) => {
    const { item, org } = await loadItemFor(ctx, trx, parsed.itemId, 'catalog.publish');
    if (item.status !== 'approved') throw invalidState('catalog.error.not_approved', { status: item.status });
    const open = await countOpenPiiFindings(trx, item.id);
    if (open > 0) throw invalidState('catalog.error.pii_open', { count: open });

    const scheduledAt = parsed.scheduledAt ? new Date(parsed.scheduledAt) : null;
    if (scheduledAt && scheduledAt.getTime() > ctx.now.getTime()) {
      if (!deps.jobs) throw new Error('publishItem: scheduling needs deps.jobs');
      const at = ctx.now.toISOString();
      const iso = scheduledAt.toISOString();
      const updated = await updateItemIfState(
        trx,
        item.id,
        { status: 'approved', version: item.version },
        { scheduled_at: iso, version: item.version + 1, updated_by: ctx.principal.userId, updated_at: at },
      );
      if (!updated) throw new AppError('CONFLICT', 'catalog.error.changed_meanwhile');
      await deps.jobs.enqueue(
        trx,
        PUBLISH_SCHEDULED_JOB,
        { itemId: item.id, scheduledAt: iso },
        {
          runAt: scheduledAt,
          uniqueKey: `${PUBLISH_SCHEDULED_JOB}:${item.id}:${iso}`,
        },
      );
      await recordRevision(ctx, trx, updated, 'schedule');
      await audit(ctx, trx, {
        action: 'catalog.item.schedule',
        entityType: 'catalog_item',
        entityId: item.id,
        orgId: org.id,
        before: { scheduled_at: item.scheduled_at },
        after: { scheduled_at: iso },
      });
      return updated;
    }
    return publishApprovedItem(ctx, trx, deps, item, org);
  });
}

/**
 * Makes an approved item public inside `trx`: assigns the 索引号 from the office's pattern when it has
 * none (the sequence is allocated in this transaction, and a number already taken — by an import, say
 * — is skipped), sets 发布日期/time, flags 条例第二十六条 lateness, and puts the item into the search
 * index in the same transaction, so the index never holds an unpublished item. Used by publish-item,
 * the scheduler and imports; the caller has checked permission and the open findings.
 */
export async function publishApprovedItem(
  ctx: UseCaseContext,
  trx: Tx,
  deps: PublishDeps,
  item: CatalogItem,
  org: Org,
): Promise<CatalogItem> {
  const at = ctx.now.toISOString();
  const publishedOn = dateInZone(ctx.now, deps.timeZone ?? DEFAULT_TIME_ZONE);
  let indexNumber = item.index_number;
  if (!indexNumber) {
    const pattern = parseIndexPattern(await findIndexPattern(trx, org.id));
    if (!pattern.ok) throw invalidState('catalog.error.pattern_broken');
    if (usesCreditCode(pattern.parts) && !org.credit_code)
      throw invalidState('catalog.error.credit_code_missing');
    const year = Number(publishedOn.slice(0, 4));
    for (let attempt = 0; attempt < MAX_INDEX_ATTEMPTS && !indexNumber; attempt++) {
      const seq = await allocateIndexSequence(trx, org.id, year);
      const candidate = renderIndexNumber(pattern.parts, {
        orgCode: org.code,
        creditCode: org.credit_code,
        date: publishedOn,
        seq,
      });
      if (!(await isIndexNumberTaken(trx, candidate))) indexNumber = candidate;
    }
    if (!indexNumber) throw invalidState('catalog.error.index_exhausted');
  }
  const calendar = await (deps.calendar ?? defaultCalendarLoader)(trx, org.path);
  const lateness = computeLateness(item.formed_on, publishedOn, calendar);
  const updated = await updateItemIfState(
    trx,
    item.id,
    { status: 'approved', version: item.version },
    {
      status: 'published',
      index_number: indexNumber,
      published_on: publishedOn,
      published_at: at,
      published_by: ctx.principal.userId,
      scheduled_at: null,
      is_late: lateness?.isLate ? 1 : 0,
      publication_working_days: lateness?.workingDays ?? null,
      version: item.version + 1,
      updated_by: ctx.principal.userId,
      updated_at: at,
    },
  );
  if (!updated) throw new AppError('CONFLICT', 'catalog.error.changed_meanwhile');
  await deps.searchIndex.upsert(trx, await buildSearchDocument(trx, updated, org));
  await recordRevision(ctx, trx, updated, 'publish');
  await audit(ctx, trx, {
    action: 'catalog.item.publish',
    entityType: 'catalog_item',
    entityId: item.id,
    orgId: org.id,
    before: { status: item.status, index_number: item.index_number },
    after: auditViewOf(updated),
  });
  return updated;
}
