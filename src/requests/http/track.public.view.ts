import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import { dateInTimeZone } from '../../calendar/dates.rules.js';
import { loadWorkingCalendar } from '../../calendar/calendar.repository.js';
import { computeApplicationState, findHoldingOrg, readDueSoonWorkdays } from '../application-log.js';
import type { ApplicationState } from '../application-state.rules.js';
import type { PublicApplicationView } from '../application.presenter.js';
import { isOutcome, OUTCOME_INFO } from '../codes.js';
import { findApplicationByReference, listEventsOf } from '../requests.repository.js';
import type { TrackView } from './track.public.pages.js';

/**
 * Turns the requests context's public view (`presentApplicationForPublic`, via `trackApplication`)
 * into the tracking page's words: each timeline step as a sentence from its whitelisted facts.
 */

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function timelineText(c: Context<AppEnv>, entry: PublicApplicationView['timeline'][number]): string | null {
  const t = c.var.t;
  const f = entry.facts;
  const lang = c.var.lang === 'en' ? 'en' : 'zh-CN';
  switch (entry.type) {
    case 'registered':
      return t('track.event.registered');
    case 'correction_requested':
      return t('track.event.correction_requested', { date: str(f.correctionDueOn) });
    case 'correction_received':
      return t('track.event.correction_received');
    case 'consultation_started':
      return t('track.event.consultation_started');
    case 'consultation_ended':
      return t('track.event.consultation_ended');
    case 'extended':
      return t('track.event.extended', { n: str(f.workdays) });
    case 'fee_notified':
      return t('track.event.fee_notified', { amount: str(f.amountYuan) });
    case 'fee_paid':
      return t('track.event.fee_paid');
    case 'closed':
      return t('track.event.closed', {
        outcome: isOutcome(f.outcome) ? OUTCOME_INFO[f.outcome].group[lang] : '',
      });
    case 'withdrawn':
      return t('track.event.withdrawn');
    case 'transferred':
      return t('track.event.transferred', { org: str(f.toOrgName) });
    case 'delivered':
      return t('track.event.delivered');
    case 'appeal_filed':
      return t('track.event.appeal_filed');
    case 'appeal_decided':
      return t('track.event.appeal_decided');
    default:
      return null;
  }
}

function outcomeLabel(c: Context<AppEnv>, view: PublicApplicationView): string | null {
  if (!view.outcome || !isOutcome(view.outcome) || view.status === 'withdrawn') return null;
  const lang = c.var.lang === 'en' ? 'en' : 'zh-CN';
  const info = OUTCOME_INFO[view.outcome];
  return info.row[lang] === info.group[lang] ? info.group[lang] : `${info.group[lang]} ${info.row[lang]}`;
}

/**
 * The live state of the application (the step-by-step explanation of its due date and whether it is
 * overdue), from the context's one computation. The public view does not carry these yet, so the
 * page asks `computeApplicationState` itself, after `trackApplication` has checked the query code.
 */
async function liveState(c: Context<AppEnv>, reference: string): Promise<ApplicationState | null> {
  const db = c.var.deps.database.db;
  const app = await findApplicationByReference(db, reference);
  if (!app) return null;
  const [org, events, dueSoon] = await Promise.all([
    findHoldingOrg(db, app.org_id),
    listEventsOf(db, app.id),
    readDueSoonWorkdays(db),
  ]);
  const calendar = await loadWorkingCalendar(db, { orgPath: org.path });
  const today = dateInTimeZone(c.var.deps.clock.now(), c.var.deps.config.timeZone);
  return computeApplicationState(app, events, calendar, today, dueSoon);
}

export async function toTrackView(c: Context<AppEnv>, view: PublicApplicationView): Promise<TrackView> {
  const state = view.closedOn ? null : await liveState(c, view.reference);
  const correctionRequest = [...view.timeline].reverse().find((e) => e.type === 'correction_requested');
  const items = Array.isArray(correctionRequest?.facts.items)
    ? correctionRequest.facts.items.filter((i): i is string => typeof i === 'string')
    : [];
  return {
    reference: view.reference,
    orgName: view.orgName,
    receivedOn: view.receivedOn,
    status: view.status,
    outcomeLabel: outcomeLabel(c, view),
    dueOn: state ? state.dueOn : view.dueOn,
    isProvisional: state ? state.isProvisional : view.isProvisional,
    isOverdue: state?.overdue ?? false,
    closedOn: view.closedOn,
    timeline: view.timeline.flatMap((e) => {
      const text = timelineText(c, e);
      return text ? [{ on: e.on, text }] : [];
    }),
    explanation: state?.explanation ?? [],
    files: view.files.map((f) => ({ id: f.id, kind: f.kind, name: f.name, size: f.size })),
    canWithdraw: view.canWithdraw,
    correction: view.canSubmitCorrection
      ? {
          dueOn: state?.deadline.correctionDueOn ?? str(correctionRequest?.facts.correctionDueOn) ?? null,
          items,
        }
      : null,
    letters: view.letters,
    description: view.description,
  };
}
