import type { StaffContext } from '../../staff/http/staff-context.js';
import { formatInstant } from '../../staff/http/format.js';
import type { ItemStatus } from '../catalog.tables.js';
import './catalog.staff.messages.js';

/** A one-line confirmation after a change (`?done=key`), from a fixed list so the URL cannot inject text. */
export function CatalogFlash({ c, allowed }: { c: StaffContext; allowed: readonly string[] }) {
  const done = c.req.query('done');
  if (!done || !allowed.includes(done)) return null;
  return (
    <div class="notice" role="status">
      {c.var.t(`catalog.staff.done.${done}`)}
    </div>
  );
}

/** The item's status in words (colour only adds emphasis). */
export function StatusTag({ c, status }: { c: StaffContext; status: ItemStatus }) {
  return <span class={`status-tag status-${status}`}>{c.var.t(`catalog.staff.status.${status}`)}</span>;
}

/** An instant as staff read it: in the office time zone. */
export function officeTime(c: StaffContext, iso: string | null | undefined): string {
  return formatInstant(iso, c.var.deps.config.timeZone).slice(0, 16);
}
