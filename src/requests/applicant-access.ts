import { timingSafeEqual } from 'node:crypto';
import { inTransaction } from '../platform/db/transaction.js';
import { AppError } from '../platform/errors.js';
import { audit, type UseCaseContext } from '../platform/use-case.js';
import { hashQueryCode, normaliseReference } from './reference.rules.js';
import {
  countRecentTrackFailures,
  findApplicationByReference,
  recordTrackAttempt,
  type ApplicationRow,
} from './requests.repository.js';

/**
 * The applicant's key to their application: reference + query code. A wrong code and an unknown
 * reference get the same NOT_FOUND; failures are counted in the database per address and per
 * reference (so many processes share the count) and audited; too many give THROTTLED.
 */
export const TRACK_WINDOW_MINUTES = 15;
export const TRACK_MAX_FAILURES_PER_REFERENCE = 5;
export const TRACK_MAX_FAILURES_PER_IP = 20;

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function verifyApplicantAccess(
  ctx: UseCaseContext,
  credentials: { reference: string; queryCode: string },
  purpose: 'track' | 'withdraw' | 'correction',
): Promise<ApplicationRow> {
  const referenceKey = normaliseReference(credentials.reference).slice(0, 64);
  const ip = ctx.meta.ip ?? null;
  const since = new Date(ctx.now.getTime() - TRACK_WINDOW_MINUTES * 60_000).toISOString();
  const failures = await countRecentTrackFailures(ctx.database.db, { ip, referenceKey }, since);
  if (
    failures.byReference >= TRACK_MAX_FAILURES_PER_REFERENCE ||
    failures.byIp >= TRACK_MAX_FAILURES_PER_IP
  ) {
    await inTransaction(ctx.database.db, (trx) =>
      audit(ctx, trx, {
        action: 'request.access_throttled',
        entityType: 'application_reference',
        entityId: referenceKey,
        after: { purpose, byReference: failures.byReference, byIp: failures.byIp },
      }),
    );
    throw new AppError('THROTTLED', 'requests.error.throttled');
  }
  const app = referenceKey ? await findApplicationByReference(ctx.database.db, referenceKey) : undefined;
  // Always hash, so an unknown reference takes as long as a wrong code.
  const offered = hashQueryCode(credentials.queryCode);
  const ok = app !== undefined && sameHash(offered, app.query_code_hash);
  if (!ok) {
    await inTransaction(ctx.database.db, async (trx) => {
      await recordTrackAttempt(trx, { ip, referenceKey, at: ctx.now.toISOString(), succeeded: false });
      await audit(ctx, trx, {
        action: 'request.access_refused',
        entityType: 'application_reference',
        entityId: referenceKey,
        after: { purpose },
      });
    });
    throw new AppError('NOT_FOUND', 'requests.error.not_found');
  }
  return app;
}
