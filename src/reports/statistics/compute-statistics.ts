import type { Queryable } from '../../platform/db/transaction.js';
import { loadWorkingCalendar } from '../../calendar/calendar.repository.js';
import { APPLICANT_TYPES, CHANNELS, CHANNEL_GROUP_2015, OUTCOMES, isChannel } from '../../requests/codes.js';
import {
  countAnsweredByDates,
  countClosedByGround,
  countClosedByOutcome,
  countItemsByCategory,
  countReceivedBy,
  countReceivedByMonth,
  countReceivedByOrg,
  type StatisticsFilter,
} from './statistics.repository.js';
import { summariseTiming, withShares, type TimingSummary, type WeightedValue } from './statistics.rules.js';

export type { StatisticsFilter };

interface Share {
  count: number;
  share: number | null;
}

export interface ApplicationStatistics {
  period: { from: string; to: string };
  received: number;
  closed: number;
  byOrg: { orgCode: string; orgName: string; count: number }[];
  byMonth: { month: string; count: number }[];
  byChannel: ({ code: string } & Share)[];
  byApplicantType: ({ code: string } & Share)[];
  byOutcome: ({ code: string } & Share)[];
  timing: TimingSummary;
}

/**
 * The statistics dashboard's figures for a period (received in the period; outcomes and timing for
 * applications closed in it). Seven grouped queries; the working days come from the office calendar
 * for each distinct (received, closed) pair (条例第三十三条 counts working days, contracts §2).
 */
export async function computeApplicationStatistics(
  db: Queryable,
  filter: StatisticsFilter,
): Promise<ApplicationStatistics> {
  const [byOrg, byMonth, channels, types, outcomes, dated, calendar] = await Promise.all([
    countReceivedByOrg(db, filter),
    countReceivedByMonth(db, filter),
    countReceivedBy(db, filter, 'channel'),
    countReceivedBy(db, filter, 'applicant_type'),
    countClosedByOutcome(db, filter),
    countAnsweredByDates(db, filter),
    loadWorkingCalendar(db),
  ]);
  const byChannel = withShares(CHANNELS.map((code) => ({ code, count: channels.get(code) ?? 0 })));
  const byApplicantType = withShares(APPLICANT_TYPES.map((code) => ({ code, count: types.get(code) ?? 0 })));
  const byOutcome = withShares(OUTCOMES.map((code) => ({ code, count: outcomes.get(code) ?? 0 })));
  const days = new Map<number, number>();
  let onTime = 0;
  let withDueDate = 0;
  for (const d of dated) {
    const workingDays = Math.max(0, calendar.countWorkingDaysBetween(d.receivedOn, d.closedOn));
    days.set(workingDays, (days.get(workingDays) ?? 0) + d.count);
    if (d.dueOn) {
      withDueDate += d.count;
      if (d.closedOn <= d.dueOn) onTime += d.count;
    }
  }
  const workingDays: WeightedValue[] = [...days].map(([value, count]) => ({ value, count }));
  return {
    period: { from: filter.from, to: filter.to },
    received: byChannel.total,
    closed: byOutcome.total,
    byOrg: byOrg.map(({ orgCode, orgName, count }) => ({ orgCode, orgName, count })),
    byMonth,
    byChannel: byChannel.rows,
    byApplicantType: byApplicantType.rows,
    byOutcome: byOutcome.rows,
    timing: summariseTiming({ workingDays, onTime, withDueDate }),
  };
}

export const CHANNEL_GROUPS_2015 = ['in_person', 'letter', 'online', 'other'] as const;
export type ChannelGroup2015 = (typeof CHANNEL_GROUPS_2015)[number];

export interface OldStyleStatistics {
  period: { from: string; to: string };
  items: { rows: ({ code: string; name: string } & Share)[]; total: number };
  channels: { rows: ({ group: ChannelGroup2015 } & Share)[]; total: number };
  refusals: { rows: ({ code: string; label: string; outcome: string } & Share)[]; total: number };
}

/**
 * The older statistics the seed report shows (2015 style) for any period: items published by the five
 * categories with their shares, applications received by channel group 当面 / 信函 / 网络 (contracts §1)
 * with their shares, and applications closed by answer ground ("refusals by reason"). Three grouped
 * queries (plus the channel query's seven rows folded into groups).
 */
export async function computeOldStyleStatistics(
  db: Queryable,
  filter: StatisticsFilter,
): Promise<OldStyleStatistics> {
  const [items, channels, grounds] = await Promise.all([
    countItemsByCategory(db, filter),
    countReceivedBy(db, filter, 'channel'),
    countClosedByGround(db, filter),
  ]);
  const byGroup = new Map<ChannelGroup2015, number>();
  for (const [channel, count] of channels) {
    const group = isChannel(channel) ? CHANNEL_GROUP_2015[channel] : 'other';
    byGroup.set(group, (byGroup.get(group) ?? 0) + count);
  }
  const groups = CHANNEL_GROUPS_2015.filter((g) => g !== 'other' || (byGroup.get(g) ?? 0) > 0).map(
    (group) => ({
      group,
      count: byGroup.get(group) ?? 0,
    }),
  );
  return {
    period: { from: filter.from, to: filter.to },
    items: withShares(items),
    channels: withShares(groups),
    refusals: withShares(grounds),
  };
}
