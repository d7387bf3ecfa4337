import { z } from 'zod';
import type { UseCaseContext } from '../platform/use-case.js';
import { verifyApplicantAccess } from './applicant-access.js';
import { findHoldingOrg } from './application-log.js';
import { presentApplicationForPublic, type PublicApplicationView } from './application.presenter.js';
import { parseRequestInput } from './request-input.js';
import { listEventsOf, listFilesOf } from './requests.repository.js';

export const trackApplicationInput = z.object({
  reference: z.string().trim().min(1, { message: 'requests.error.not_found' }).max(64),
  queryCode: z.string().trim().min(1, { message: 'requests.error.not_found' }).max(64),
});
export type TrackApplicationInput = z.input<typeof trackApplicationInput>;

/**
 * The applicant's view with reference + query code: status, timeline (no staff names), due date,
 * letters and released files. A wrong code answers exactly like an unknown reference (NOT_FOUND),
 * and failures are throttled per address and per reference and audited.
 */
export async function trackApplication(
  ctx: UseCaseContext,
  input: TrackApplicationInput,
): Promise<PublicApplicationView> {
  const parsed = parseRequestInput(trackApplicationInput, input);
  const app = await verifyApplicantAccess(ctx, parsed, 'track');
  const db = ctx.database.db;
  const [org, events, files] = await Promise.all([
    findHoldingOrg(db, app.org_id),
    listEventsOf(db, app.id),
    listFilesOf(db, app.id),
  ]);
  const targets = events.flatMap((e) =>
    e.type === 'transferred' ? [(JSON.parse(e.payload_json) as { to?: string }).to ?? ''] : [],
  );
  const orgNamesByCode = new Map<string, string>();
  if (targets.length > 0) {
    const rows = await db.selectFrom('orgs').select(['code', 'name']).where('code', 'in', targets).execute();
    for (const r of rows) orgNamesByCode.set(r.code, r.name);
  }
  return presentApplicationForPublic({ app, orgName: org.name, events, files, orgNamesByCode });
}
