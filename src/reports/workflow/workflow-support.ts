import { AppError } from '../../platform/errors.js';
import type { Queryable } from '../../platform/db/transaction.js';
import { findOrgByCode, type Org } from '../../orgs/orgs.repository.js';
import { findSubmission, type SubmissionRow } from './workflow.repository.js';

export async function loadOrgForReport(db: Queryable, orgCode: string): Promise<Org> {
  const org = await findOrgByCode(db, orgCode);
  if (!org)
    throw new AppError('NOT_FOUND', `No organisation with code ${orgCode}`, {
      fields: [{ field: 'orgCode', message: 'reports.error.org_unknown' }],
    });
  return org;
}

export async function loadSubmission(
  db: Queryable,
  org: Org,
  year: number,
  scope: 'self' | 'aggregate' = 'self',
): Promise<SubmissionRow> {
  const row = await findSubmission(db, org.id, year, scope);
  if (!row) throw new AppError('NOT_FOUND', 'reports.workflow.error.not_submitted');
  return row;
}

export function notInState(step: string, status: string | null | undefined): AppError {
  return new AppError('INVALID_STATE', 'reports.workflow.error.wrong_status', {
    params: { step, status: status ?? 'draft' },
  });
}
