import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { AppError, type FieldProblem } from '../../platform/errors.js';
import { HTTP_STATUS } from '../../platform/http/errors.js';
import { assertCan, scopeOf } from '../../platform/auth/permissions.rules.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { findOrgByCode } from '../../orgs/orgs.repository.js';
import { requireStaff } from '../http/staff-context.js';
import { assertAnyScope, isCityAdmin, isCityWide, listOrgChoices } from '../http/scope.js';
import { isCalendarDate, nextDay, startOfDayUtc } from '../http/format.js';
import { AuditLogPage, AuditVerifyPage, type AuditFilter } from './audit.page.js';
import { listAuditVocabulary, searchAuditLog } from './audit-viewer.repository.js';

const PAGE_SIZE = 50;
const MAX_TEXT = 100;

/** The audit log viewer: newest first, only the organisations within the reader's `audit.read` scope. */
export function staffAuditRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/staff/audit', async (c) => {
    const { principal } = requireStaff(c);
    assertAnyScope(principal, 'audit.read');
    const db = c.var.deps.database.db;
    const tz = c.var.deps.config.timeZone;
    const q = (key: string) => (c.req.query(key) ?? '').trim();
    const filter: AuditFilter = {
      org: q('org'),
      actor: q('actor'),
      action: q('action'),
      entityType: q('entityType'),
      from: q('from'),
      to: q('to'),
      page: Math.max(1, Math.min(100_000, Number.parseInt(q('page') || '1', 10) || 1)),
    };
    const problems: FieldProblem[] = [];
    let orgPath: string | undefined;
    if (filter.org) {
      const org = await findOrgByCode(db, filter.org);
      if (!org) problems.push({ field: 'org', message: 'staff.audit.filter.org_unknown' });
      else {
        // Asking for another organisation's records is refused (and audited), not silently emptied.
        assertCan(principal, 'audit.read', { orgPath: org.path });
        orgPath = org.path;
      }
    }
    for (const key of ['actor', 'action', 'entityType'] as const) {
      if (filter[key].length > MAX_TEXT) problems.push({ field: key, message: 'staff.form.too_long' });
    }
    for (const key of ['from', 'to'] as const) {
      if (filter[key] && !isCalendarDate(filter[key]))
        problems.push({ field: key, message: 'staff.audit.filter.date_format' });
    }
    if (
      filter.from &&
      filter.to &&
      isCalendarDate(filter.from) &&
      isCalendarDate(filter.to) &&
      filter.from > filter.to
    ) {
      problems.push({ field: 'to', message: 'staff.audit.filter.date_order' });
    }

    const { rows, total } =
      problems.length > 0
        ? { rows: [], total: 0 }
        : await searchAuditLog(db, {
            scopePaths: scopeOf(principal, 'audit.read'),
            includeUnattributed: isCityWide(principal, 'audit.read'),
            orgPath,
            actor: filter.actor || undefined,
            action: filter.action || undefined,
            entityType: filter.entityType || undefined,
            from: filter.from ? startOfDayUtc(filter.from, tz).toISOString() : undefined,
            to: filter.to ? startOfDayUtc(nextDay(filter.to), tz).toISOString() : undefined,
            limit: PAGE_SIZE,
            offset: (filter.page - 1) * PAGE_SIZE,
          });
    const orgs = await listOrgChoices(db, principal, 'audit.read');
    const vocabulary = await listAuditVocabulary(db);
    return c.html(
      <AuditLogPage
        c={c}
        rows={rows}
        total={total}
        pageSize={PAGE_SIZE}
        filter={filter}
        orgOptions={orgs.map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` }))}
        actionOptions={vocabulary.actions}
        entityTypeOptions={vocabulary.entityTypes}
        problems={problems}
        canVerify={isCityAdmin(principal)}
      />,
      problems.length > 0 ? HTTP_STATUS.VALIDATION : 200,
    );
  });

  app.get('/staff/audit/verify', async (c) => {
    const { principal } = requireStaff(c);
    // The chain spans every organisation's records, so only a city administrator runs it.
    if (!isCityAdmin(principal)) {
      throw new AppError('FORBIDDEN', 'auth.error.forbidden', { params: { action: 'audit.verify' } });
    }
    const result = await verifyAuditChain(c.var.deps.database.db);
    return c.html(<AuditVerifyPage c={c} result={result} />);
  });

  return app;
}
