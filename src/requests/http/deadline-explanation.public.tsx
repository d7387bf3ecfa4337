import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/env.js';
import type { DeadlineStep } from '../deadline.rules.js';
import type { SkippedDay } from '../../calendar/calendar.rules.js';
import './apply.messages.js';

/**
 * The due date's step-by-step explanation (`explanation` of deriveApplicationState), in words a
 * citizen can follow: the receipt rule, working days counted, weekends and holidays skipped, pauses,
 * the restart after a correction, an extension, and the resulting date.
 */

type C = Context<AppEnv>;

function skippedText(c: C, days: readonly SkippedDay[]): string {
  const t = c.var.t;
  const named = [...new Set(days.filter((d) => d.reason !== 'weekend' && d.name).map((d) => d.name!))];
  const weekends = days.filter((d) => d.reason === 'weekend').length;
  const holidays = days.filter((d) => d.reason === 'holiday').length;
  const office = days.filter((d) => d.reason === 'office_rest').length;
  const parts: string[] = [];
  if (weekends) parts.push(t('track.explain.weekend_days', { n: weekends }));
  if (holidays) parts.push(t('track.explain.holiday_days', { n: holidays }));
  if (office) parts.push(t('track.explain.office_days', { n: office }));
  const names = named.length
    ? t('track.explain.names', { names: named.join(t('track.explain.list_sep')) })
    : '';
  return `${parts.join(t('track.explain.list_sep'))}${names}`;
}

function stepText(c: C, step: DeadlineStep): string {
  const t = c.var.t;
  switch (step.kind) {
    case 'receipt':
      return t('track.explain.receipt', {
        date: step.date,
        basis: step.basis ?? t('track.explain.basis_default'),
      });
    case 'correction_requested':
      return t('track.explain.correction_requested', { date: step.date, due: step.correctionDueOn });
    case 'awaiting_correction':
      return t('track.explain.awaiting_correction', { due: step.correctionDueOn });
    case 'restart':
      return t('track.explain.restart', { date: step.date });
    case 'counted': {
      const base = t('track.explain.counted', {
        from: step.from,
        to: step.to,
        n: step.workingDays,
        total: step.total,
      });
      const worked = step.workedWeekends.length
        ? t('track.explain.worked_weekends', {
            dates: step.workedWeekends.map((w) => w.date).join(t('track.explain.list_sep')),
          })
        : '';
      return `${base}${worked}`;
    }
    case 'skipped':
      return step.from === step.to
        ? t('track.explain.skipped_one', { date: step.from, what: skippedText(c, step.days) })
        : t('track.explain.skipped', { from: step.from, to: step.to, what: skippedText(c, step.days) });
    case 'paused':
      return t(step.cause === 'fee' ? 'track.explain.paused_fee' : 'track.explain.paused_consultation', {
        from: step.from,
        to: step.to,
        n: step.workingDays,
      });
    case 'extension':
      return t('track.explain.extension', { date: step.date, n: step.workdays, total: step.total });
    case 'transfer':
      return t('track.explain.transfer', { date: step.date });
    case 'due':
      return step.isProvisional
        ? t('track.explain.due_provisional', { date: step.date, n: step.workingDays })
        : t('track.explain.due', { date: step.date, n: step.workingDays });
  }
}

export function DeadlineExplanation({ c, steps }: { c: C; steps: readonly DeadlineStep[] }) {
  if (steps.length === 0) return null;
  return (
    <ol class="explanation">
      {steps.map((step) => (
        <li>{stepText(c, step)}</li>
      ))}
    </ol>
  );
}
