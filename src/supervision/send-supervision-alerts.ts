import type { Database } from '../platform/db/database.js';
import { inTransaction } from '../platform/db/transaction.js';
import { t } from '../platform/i18n/i18n.js';
import type { Mailer } from '../platform/mail/mailer.js';
import { deriveCaseFacts } from './case-facts.js';
import { calendarCache, loadSupervisionSettings } from './compute-figures.js';
import { findRootOrg, todayIn } from './supervision-support.js';
import {
  claimAlert,
  findActiveUsersWithEmail,
  listCaseEvents,
  listClaimedAlertKeys,
  listGrantHolders,
  listOpenCaseRows,
  listSupervisedOrgs,
  setAlertOutbox,
  type Recipient,
} from './supervision.repository.js';
import { weekStartOf, type CaseFacts } from './supervision.rules.js';
import './supervision.messages.js';

/** Bounded per run (style guide 13): the oldest-due open cases first, the rest next run. */
export const ALERT_CASE_LIMIT = 2000;

export interface AlertDeps {
  database: Database;
  mailer: Mailer;
  timeZone: string;
  publicUrl: string;
}

export interface AlertRunResult {
  queued: number;
  alreadySent: number;
  /** Alerts not sent because today is not a working day for the recipient's office (sent next working day). */
  heldForWorkingDay: number;
}

type AlertKind = 'handler' | 'head' | 'city' | 'escalation';

interface PlannedAlert {
  key: string;
  kind: AlertKind;
  recipient: Recipient;
  orgId: number | null;
  applicationId: number | null;
  subject: string;
  text: string;
}

const zh = (key: string, params?: Record<string, string | number>) => t('zh-CN', key, params);

function caseLine(c: CaseFacts, publicUrl: string): string {
  const state =
    c.isOverdue && c.workingDaysLeft !== null
      ? zh('supervision.mail.line_overdue', { days: -c.workingDaysLeft })
      : zh('supervision.mail.line_due_soon', { days: c.workingDaysLeft ?? 0 });
  return `- ${c.reference} ${zh('supervision.mail.due_on', { date: c.dueOn ?? '—' })} ${state}\n  ${publicUrl}/staff/requests/${encodeURIComponent(c.reference)}`;
}

/**
 * The supervision alerts: each handler's due-soon and overdue cases (daily), each unit head's digest
 * (daily), the city office's summary (weekly), and an escalation to the unit's heads and the city
 * office once a case has been overdue `escalateAfterWorkdays` working days.
 *
 * Only on working days, by the office's working calendar (State Council holidays and 调休 from
 * chinese-days, plus office overrides): a case line, a unit head's digest and an escalation to a unit
 * go out on the working days of the unit that holds the case; the weekly summary and the city office's
 * escalations on the city's working days. Nothing is lost on a day off: the mails state the cases as
 * they are on the day they are sent, so the next working day's run lists every case still due soon or
 * overdue, escalation keys are per case (not per day), and the weekly summary is keyed by the week,
 * so it goes out on the week's first working day (a week without one, such as 春节, folds into the
 * next week's summary). Idempotent: every alert has
 * a unique key (per recipient and day, week or case) recorded in the same transaction as its mail, so
 * running twice, in two processes, or after a restart never mails the same alert twice. Mail goes
 * through the outbox: an unreachable SMTP server leaves it queued and retried.
 */
export async function sendSupervisionAlerts(deps: AlertDeps, now: Date): Promise<AlertRunResult> {
  const db = deps.database.db;
  const today = todayIn(now, deps.timeZone);
  const week = weekStartOf(today);
  const settings = await loadSupervisionSettings(db);
  const orgs = await listSupervisedOrgs(db, 'all', { includeInactive: true });
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const rows = await listOpenCaseRows(db, ALERT_CASE_LIMIT);
  const events = await listCaseEvents(
    db,
    rows.map((r) => r.id),
  );
  const eventsByApp = new Map<number, typeof events>();
  for (const e of events)
    eventsByApp.set(e.application_id, [...(eventsByApp.get(e.application_id) ?? []), e]);
  const calendarOf = calendarCache(db);
  const cases: CaseFacts[] = [];
  for (const row of rows) {
    const calendar = await calendarOf(orgById.get(row.org_id)?.path ?? '/');
    const mine = eventsByApp.get(row.id) ?? [];
    const facts = deriveCaseFacts(row, mine, calendar, today, settings.dueSoonWorkdays);
    if (facts.isOpen) cases.push(facts);
  }
  const root = await findRootOrg(db);
  const isCityWorkingDay = (await calendarOf(root.path)).isWorkingDay(today);
  const workingOrgIds = new Set<number>();
  for (const o of orgs) if ((await calendarOf(o.path)).isWorkingDay(today)) workingOrgIds.add(o.id);
  /** Keys of alerts due today that wait for the recipient's next working day. */
  const postponed: string[] = [];
  const flagged = cases.filter((c) => c.isDueSoon || c.isOverdue);
  const planned: PlannedAlert[] = [];

  // Handlers: one mail a day listing their own due-soon and overdue cases.
  const handlerIds = [
    ...new Set(flagged.map((c) => c.handlerUserId).filter((id): id is number => id !== null)),
  ];
  for (const recipient of await findActiveUsersWithEmail(db, handlerIds)) {
    // Only the cases of units working today; the others are listed on their unit's next working day.
    const mine = flagged.filter((c) => c.handlerUserId === recipient.userId && workingOrgIds.has(c.orgId));
    if (mine.length === 0) {
      postponed.push(`handler:${recipient.userId}:${today}`);
      continue;
    }
    planned.push({
      key: `handler:${recipient.userId}:${today}`,
      kind: 'handler',
      recipient,
      orgId: null,
      applicationId: null,
      subject: zh('supervision.mail.handler_subject', {
        overdue: mine.filter((c) => c.isOverdue).length,
        dueSoon: mine.filter((c) => c.isDueSoon).length,
      }),
      text: [
        zh('supervision.mail.greeting', { name: recipient.displayName }),
        zh('supervision.mail.handler_intro', { date: today }),
        ...mine.map((c) => caseLine(c, deps.publicUrl)),
      ].join('\n\n'),
    });
  }

  // Unit heads: a daily digest of the unit's open cases.
  const orgIdsWithCases = [...new Set(cases.map((c) => c.orgId))];
  const heads = await listGrantHolders(db, ['office_head'], orgIdsWithCases);
  for (const head of heads) {
    if (!workingOrgIds.has(head.orgId)) {
      postponed.push(`head:${head.userId}:${head.orgId}:${today}`);
      continue;
    }
    const mine = cases.filter((c) => c.orgId === head.orgId);
    const overdue = mine.filter((c) => c.isOverdue);
    const dueSoon = mine.filter((c) => c.isDueSoon);
    planned.push({
      key: `head:${head.userId}:${head.orgId}:${today}`,
      kind: 'head',
      recipient: head,
      orgId: head.orgId,
      applicationId: null,
      subject: zh('supervision.mail.head_subject', {
        org: orgById.get(head.orgId)?.name ?? '',
        date: today,
      }),
      text: [
        zh('supervision.mail.greeting', { name: head.displayName }),
        zh('supervision.mail.head_counts', {
          open: mine.length,
          dueSoon: dueSoon.length,
          overdue: overdue.length,
        }),
        ...[...overdue, ...dueSoon].map((c) => caseLine(c, deps.publicUrl)),
        `${deps.publicUrl}/staff/supervision/orgs/${head.orgId}`,
      ].join('\n\n'),
    });
  }

  // The city office: a weekly summary per organisation; and the escalations.
  const city = await listGrantHolders(db, ['city_admin', 'supervisor'], [root.id]);
  const cityRecipients = [...new Map(city.map((r) => [r.userId, r])).values()];
  const summaryLines = orgs
    .map((o) => {
      const mine = cases.filter((c) => c.orgId === o.id);
      if (mine.length === 0) return null;
      return zh('supervision.mail.city_line', {
        org: o.name,
        open: mine.length,
        dueSoon: mine.filter((c) => c.isDueSoon).length,
        overdue: mine.filter((c) => c.isOverdue).length,
      });
    })
    .filter((l): l is string => l !== null);
  for (const recipient of cityRecipients) {
    if (!isCityWorkingDay) {
      postponed.push(`city:${recipient.userId}:${week}`);
      continue;
    }
    planned.push({
      key: `city:${recipient.userId}:${week}`,
      kind: 'city',
      recipient,
      orgId: root.id,
      applicationId: null,
      subject: zh('supervision.mail.city_subject', { week }),
      text: [
        zh('supervision.mail.greeting', { name: recipient.displayName }),
        zh('supervision.mail.city_intro', {
          open: cases.length,
          overdue: cases.filter((c) => c.isOverdue).length,
        }),
        summaryLines.length ? summaryLines.join('\n') : zh('supervision.mail.city_none'),
        `${deps.publicUrl}/staff/supervision`,
      ].join('\n\n'),
    });
  }

  const escalated = cases.filter(
    (c) => c.isOverdue && c.workingDaysLeft !== null && -c.workingDaysLeft >= settings.escalateAfterWorkdays,
  );
  if (escalated.length) {
    const unitHeads = await listGrantHolders(
      db,
      ['office_head'],
      [...new Set(escalated.map((c) => c.orgId))],
    );
    for (const c of escalated) {
      const recipients = new Map<number, Recipient>();
      const waiting = new Set<number>();
      for (const h of unitHeads.filter((h) => h.orgId === c.orgId)) {
        if (workingOrgIds.has(c.orgId)) recipients.set(h.userId, h);
        else waiting.add(h.userId);
      }
      for (const r of cityRecipients) {
        if (isCityWorkingDay) recipients.set(r.userId, r);
        else waiting.add(r.userId);
      }
      for (const userId of waiting) {
        if (!recipients.has(userId)) postponed.push(`escalation:${c.applicationId}:${userId}`);
      }
      for (const recipient of recipients.values()) {
        planned.push({
          key: `escalation:${c.applicationId}:${recipient.userId}`,
          kind: 'escalation',
          recipient,
          orgId: c.orgId,
          applicationId: c.applicationId,
          subject: zh('supervision.mail.escalation_subject', {
            reference: c.reference,
            days: -(c.workingDaysLeft ?? 0),
          }),
          text: [
            zh('supervision.mail.greeting', { name: recipient.displayName }),
            zh('supervision.mail.escalation_intro', {
              org: orgById.get(c.orgId)?.name ?? '',
              days: settings.escalateAfterWorkdays,
            }),
            caseLine(c, deps.publicUrl),
          ].join('\n\n'),
        });
      }
    }
  }

  const alreadyClaimed = await listClaimedAlertKeys(db, postponed);
  const result: AlertRunResult = {
    queued: 0,
    alreadySent: 0,
    heldForWorkingDay: postponed.filter((k) => !alreadyClaimed.has(k)).length,
  };
  for (const alert of planned) {
    // The alert's key and its mail commit together: either both exist or neither does.
    const queued = await inTransaction(db, async (trx) => {
      const id = await claimAlert(trx, {
        alertKey: alert.key,
        kind: alert.kind,
        recipientUserId: alert.recipient.userId,
        orgId: alert.orgId,
        applicationId: alert.applicationId,
        at: now.toISOString(),
      });
      if (id === null) return false;
      const outboxId = await deps.mailer.queueMail(trx, {
        to: alert.recipient.email,
        subject: alert.subject,
        text: alert.text,
      });
      await setAlertOutbox(trx, id, outboxId);
      return true;
    });
    if (queued) result.queued++;
    else result.alreadySent++;
  }
  return result;
}
